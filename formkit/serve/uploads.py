"""Page 4, filled forms in: upload many PDFs at once, see each file's result as `formkit collect`
reports it, and the people and cohort pages over every form kept.

An upload is bounded (request size, file count, bytes per file); a file must start as a PDF
does; it is kept under the sha256 of its bytes, never under the name the browser sent (that name
is only shown, escaped); it is read, never run.
"""

from __future__ import annotations

import collections
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from . import answers, choices
from .app import state
from .datafolder import read_bounded

bp = Blueprint("uploads", __name__)
COHORT_MINIMUM = 5  # a group smaller than this is not shown: its people could be recognised


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> Any:
    settings, folder = state()
    if request.method == "GET":
        return render_template("upload.html", results=None, problem="", limits=settings)
    files = request.files.getlist("forms")
    files = [f for f in files if f.filename]
    if not files:
        return render_template("upload.html", results=None, limits=settings,
                               problem="No file was chosen. Choose one or more filled forms (PDF)."), 400
    if len(files) > settings.max_files:
        return render_template("upload.html", results=None, limits=settings,
                               problem=f"{len(files)} files were sent; at most {settings.max_files} are taken at "
                                       "once. Send them in smaller groups."), 400
    catalog = choices.effective(folder, [])
    results, kept = [], []
    for upload_file in files:
        shown = upload_file.filename or "file"
        data = read_bounded(upload_file, settings.max_file_bytes)
        if len(data) > settings.max_file_bytes:
            results.append({"file": shown, "ok": False, "text": f"larger than {settings.max_file_bytes // 2**20} MB; "
                                                                 "a filled form is far smaller. Check the file"})
        elif not data[:1024].lstrip().startswith(b"%PDF-"):
            results.append({"file": shown, "ok": False, "text": "not a PDF file. Upload the filled form itself "
                                                                "(a .pdf file)"})
        else:
            path = folder.keep_upload(data)
            kept.append(path)
            results.append({"file": shown, "ok": None, "path": path})
    outcomes = dict(answers.read(kept, catalog))
    good = []
    for result in results:
        if result["ok"] is None:
            outcome = outcomes[result.pop("path")]
            result["ok"] = not isinstance(outcome, str)
            if isinstance(outcome, str):
                result["text"] = outcome
            else:
                good.append(result)
                answered = sum(1 for r in outcome.ratings if r.value)
                result["text"] = (f"{outcome.person or 'no name'}: {answered} answer{'' if answered == 1 else 's'}"
                                  + "".join(f"; warning: {w}" for w in outcome.warnings))
    stored = answers.ingest(settings, folder, [p for p in kept if not isinstance(outcomes[p], str)], catalog)
    return render_template("upload.html", results=results, problem="", limits=settings, stored=stored,
                           count=len(good)), 200


def _people(index: dict[str, dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    people: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    for name, entry in sorted(index.items()):
        people[(entry["person"] or "(no name)", entry["program"])].append({**entry, "file": name})
    for forms in people.values():
        forms.sort(key=lambda e: (e["date"], e["round"]))
    return dict(sorted(people.items()))


@bp.route("/people")
def people() -> Any:
    _settings, folder = state()
    return render_template("people.html", people=_people(answers.load_index(folder)))


@bp.route("/people/<name>.pdf")
def person_pdf(name: str) -> Any:
    """The supervision summary of one kept form (the PDF `formkit collect --report` writes)."""
    from ..collect.report import render_report

    _settings, folder = state()
    file_name = f"{name}.pdf"
    if file_name not in answers.load_index(folder):
        abort(404)
    catalog = choices.effective(folder, [])
    kept = folder.inside("uploads", file_name)
    outcome = dict(answers.read([kept if kept.is_file() else folder.inside("forms", file_name)], catalog))
    response = next(iter(outcome.values()))
    if isinstance(response, str):
        abort(404)
    return Response(render_report(response, catalog), mimetype="application/pdf")


def cohort_table(index: dict[str, dict[str, Any]], catalog: Any, round_name: str = "") -> dict[str, Any]:
    """Per category, how many answers took each point of the scale (the newest form per person
    of the round), and the groups too small to show."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in sorted(index.values(), key=lambda e: (e["date"], e["round"])):
        if not round_name or entry["round"] == round_name:
            latest[(entry["person"], entry["program"])] = entry
    scale = catalog.scale(catalog.rating_scale)
    rows = []
    for cat in catalog.categories:
        counts = collections.Counter(value for entry in latest.values() for cid, (category, value, _label)
                                     in entry["ratings"].items() if category == cat.id and value)
        rows.append({"id": cat.id, "title": cat.title, "counts": [counts.get(p.value, 0) for p in scale.choices],
                     "total": sum(counts.values())})
    return {"people": len(latest), "rows": rows, "labels": [p.label for p in scale.choices],
            "shown": len(latest) >= COHORT_MINIMUM}


@bp.route("/cohort")
def cohort() -> Any:
    _settings, folder = state()
    index = answers.load_index(folder)
    round_name = request.args.get("round", "")
    rounds = sorted({entry["round"] for entry in index.values() if entry["round"]})
    table = cohort_table(index, choices.effective(folder, []), round_name if round_name in rounds else "")
    return render_template("cohort.html", table=table, rounds=rounds, round_name=round_name,
                           minimum=COHORT_MINIMUM)
