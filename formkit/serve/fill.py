"""Page 3, fill the self-assessment in the browser: phone first, no JavaScript needed.

One screen for "about you", then one screen per category with the same ids, scale and fields
as the PDF (field names from formkit.documents.selfassess.names), then a finish screen. Each
screen's answers are saved to a draft in the data folder as soon as it is sent, so a closed tab
loses nothing; finishing fills the PDF booklet with them (the file `formkit collect` reads back
identically) and hands the form to the answer store.
"""

from __future__ import annotations

import datetime
import threading
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for

from ..catalog.model import Catalog, Category
from ..core.errors import FormkitError
from ..documents.selfassess import names
from . import answers, choices
from .app import state

bp = Blueprint("fill", __name__)
TEXT_LIMIT = 2000  # characters in one answer box: a long note, not a file
_BLANKS: dict[tuple[str, str], bytes] = {}
_BLANKS_LOCK = threading.Lock()


def _draft() -> tuple[str, dict[str, Any]] | None:
    _settings, folder = state()
    draft_id = session.get("draft")
    draft = folder.load_draft(draft_id) if isinstance(draft_id, str) else None
    return (draft_id, draft) if draft is not None and isinstance(draft_id, str) else None


def _catalog(draft: dict[str, Any]) -> Catalog:
    _settings, folder = state()
    return choices.effective(folder, draft.get("overlays", []))


def _open_draft() -> tuple[str, dict[str, Any], Catalog] | None:
    """This browser's draft (id, answers so far) and its catalogue; None when it has none yet,
    and the page then sends the person to the start."""
    current = _draft()
    if current is None:
        return None
    draft_id, draft = current
    return draft_id, draft, _catalog(draft)


def category_fields(category: Category) -> list[str]:
    """Every field of a category's screen, as the PDF names them."""
    out = []
    for comp in category.competencies:
        out += [names.rating_name(comp.id), names.notes_name(comp.id)]
    out += [names.reflection_name(category.id, key) for key in names.REFLECTION]
    out += [names.plan_name(category.id, row, col) for row in range(1, names.PLAN_ROWS + 1)
            for col in names.PLAN_COLUMNS]
    return out


def _check(category: Category, catalog: Catalog, form: Any) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The screen's answers, and (field, problem) for each answer that cannot be kept."""
    scale = catalog.scale(catalog.rating_scale)
    allowed = {point.value for point in scale.choices}
    values: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for name in category_fields(category):
        value = form.get(name, "").strip()
        if name.endswith("_rating") and value and value not in allowed:
            problems.append((name, "Choose one of the answers listed for this statement."))
            continue
        if len(value) > TEXT_LIMIT:
            problems.append((name, f"This answer is {len(value)} characters long; shorten it to {TEXT_LIMIT}."))
            continue
        values[name] = value
    return values, problems


@bp.route("/fill", methods=["GET", "POST"])
def start() -> Any:
    """About you: the identity fields and the round, saved as a new draft (or the current one)."""
    _settings, folder = state()
    current = _draft()
    identity = dict(current[1]["identity"]) if current else {"date": datetime.date.today().isoformat()}
    problems: list[tuple[str, str]] = []
    overlays = current[1].get("overlays", []) if current else request.args.getlist("overlay")
    if request.method == "POST":
        identity = {key: request.form.get(key, "").strip()[:200] for key in (*names.IDENTITY, names.ROUND)}
        overlays = request.form.getlist("overlay")
        if not identity["name"]:
            problems.append(("name", "Enter your name, as your supervisor knows you."))
        if identity[names.ROUND] not in ("", *names.ROUND_CHOICES):
            problems.append((names.ROUND, "Choose baseline or follow-up."))
        try:
            catalog = choices.effective(folder, overlays)
        except FormkitError as exc:
            problems.append(("overlay", exc.one_line()))
        if not problems:
            draft_id, draft = current or (folder.new_draft_id(), {"values": {}})
            draft.update(identity=identity, overlays=overlays)
            folder.save_draft(draft_id, draft)
            session["draft"] = draft_id
            return redirect(url_for("fill.category", category_id=catalog.categories[0].id))
    return render_template("fill_start.html", identity=identity, problems=problems, overlays=overlays,
                           overlay_options=choices.overlay_options(folder)), 400 if problems else 200


@bp.route("/fill/<category_id>", methods=["GET", "POST"])
def category(category_id: str) -> Any:
    _settings, folder = state()
    opened = _open_draft()
    if opened is None:
        return redirect(url_for("fill.start"))
    draft_id, draft, catalog = opened
    ids = [c.id for c in catalog.categories]
    if category_id not in ids:
        abort(404)
    cat = catalog.categories[ids.index(category_id)]
    values: dict[str, str] = dict(draft.get("values", {}))
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        screen, problems = _check(cat, catalog, request.form)
        values.update(screen)
        if not problems:
            draft["values"] = values
            folder.save_draft(draft_id, draft)
            step = -1 if request.form.get("action") == "back" else 1
            following = ids.index(category_id) + step
            if following < 0:
                return redirect(url_for("fill.start"))
            if following >= len(ids):
                return redirect(url_for("fill.finish"))
            return redirect(url_for("fill.category", category_id=ids[following]))
    scale = catalog.scale(catalog.rating_scale)
    return render_template("fill_category.html", category=cat, position=ids.index(category_id) + 1, total=len(ids),
                           scale=scale, values=values, problems=problems, names=names,
                           plan_rows=range(1, names.PLAN_ROWS + 1)), 400 if problems else 200


def blank_booklet(catalog: Catalog) -> bytes:
    """The blank booklet of ``catalog`` (rendered once per catalogue; about a second and a half)."""
    from ..context import resolve
    from ..documents.selfassess import render_booklet

    key = (catalog.provenance, catalog.fingerprint)
    with _BLANKS_LOCK:
        if key not in _BLANKS:
            _BLANKS[key] = render_booklet(resolve(catalog, ["self-assessment"]))
        return _BLANKS[key]


def filled_booklet(draft: dict[str, Any], catalog: Catalog) -> bytes:
    """The booklet filled with the draft's answers, as any PDF reader would have filled it."""
    from ..pdfform.fill import fill_form

    values = {key: value for key, value in {**draft["identity"], **draft.get("values", {})}.items() if value}
    return fill_form(blank_booklet(catalog), values)


@bp.route("/fill/finish", methods=["GET", "POST"])
def finish() -> Any:
    settings, folder = state()
    opened = _open_draft()
    if opened is None:
        return redirect(url_for("fill.start"))
    draft_id, draft, catalog = opened
    answered = sum(1 for key, value in draft.get("values", {}).items() if key.endswith("_rating") and value)
    if request.method == "POST":
        path = folder.write(folder.form_path(draft_id), filled_booklet(draft, catalog))
        draft["stored"] = answers.ingest(settings, folder, [path], catalog)
        folder.save_draft(draft_id, draft)
        return redirect(url_for("fill.finish"))
    ready = folder.form_path(draft_id).is_file()
    return render_template("fill_finish.html", answered=answered, total=len(catalog.competencies), ready=ready,
                           stored=draft.get("stored"), first=catalog.categories[0].id, identity=draft["identity"])


@bp.route("/fill/self-assessment.pdf")
def download() -> Any:
    _settings, folder = state()
    current = _draft()
    if current is None or not folder.form_path(current[0]).is_file():
        abort(404)
    stem = "".join(ch for ch in current[1]["identity"].get("name", "") if ch.isalnum())[:40] or "filled"
    return Response(folder.form_path(current[0]).read_bytes(), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="self-assessment-{stem}.pdf"'})


@bp.route("/fill/new", methods=["POST"])
def new() -> Any:
    """Start another person's form on this device (the current draft stays in the data folder)."""
    session.pop("draft", None)
    return redirect(url_for("fill.start"))
