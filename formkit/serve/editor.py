"""Page 2, the overlay editor: a form for the common keys that writes a valid overlay YAML.

The form's fields become an overlay (:func:`overlay_from_form`), which is written to a
temporary file beside the saved overlays and checked exactly as `formkit overlay check` checks
it; each problem is shown next to the field its key belongs to, with the same one line and
"did you mean" as the CLI. A checked overlay can be downloaded, or saved here for the
Documents page; the diff against the base catalogue is shown side by side.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from ..core.errors import FormkitError, FormkitErrors
from . import choices
from .app import state
from .datafolder import DataFolder, read_bounded
from .wording import say

bp = Blueprint("editor", __name__)
LOGO_NAME = re.compile(r"^logo-[0-9a-f]{16}\.(png|jpg)$")
# the field a problem is shown beside, by the first part of its key
FIELD_OF_KEY = {"name": "name", "version": "version", "organisation": "org_name", "organisation.name": "org_name",
                "organisation.address": "org_address", "organisation.contact": "org_contact",
                "organisation.accent_colour": "colour", "organisation.logo": "logo", "language": "language",
                "terminology": "terminology", "statements": "reword", "select": "select", "exclude": "exclude",
                "add": "add"}


def _lines(text: str) -> list[tuple[str, str]]:
    """'key: value' lines of a text area (blank lines skipped; a line without ':' keeps an empty value)."""
    pairs = []
    for line in text.splitlines():
        if line.strip():
            key, _sep, value = line.partition(":")
            pairs.append((key.strip(), value.strip()))
    return pairs


def _ids(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text) if part]


def overlay_from_form(form: Any, logo: str | None) -> dict[str, Any]:
    """The overlay the editor's fields describe, keys in the order a person reads them."""
    data: dict[str, Any] = {"name": form.get("name", "").strip()}
    if form.get("version", "").strip():
        data["version"] = form["version"].strip()
    org = {key: form.get(f"org_{key}", "").strip() for key in ("name", "address", "contact")}
    org = {key: value for key, value in org.items() if value}
    if form.get("colour", "").strip():
        org["accent_colour"] = form["colour"].strip()
    if logo:
        org["logo"] = logo
    if org:
        data["organisation"] = org
    if form.get("language", "").strip():
        data["language"] = form["language"].strip()
    terms = dict(_lines(form.get("terminology", "")))
    if terms:
        data["terminology"] = terms
    reword = dict(_lines(form.get("reword", "")))
    if reword:
        data["statements"] = reword
    if _ids(form.get("select", "")):
        data["select"] = {"categories": _ids(form["select"])}
    if _ids(form.get("exclude", "")):
        data["exclude"] = {"competencies": _ids(form["exclude"])}
    added = [{"category": cid.split(".")[0], "id": cid, "statement": text} for cid, text in _lines(form.get("add", ""))]
    if added:
        data["add"] = {"competencies": added}
    return data


def to_yaml(data: dict[str, Any]) -> bytes:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")


def _slug(name: str) -> str:
    from ..core.naming import slug

    return (slug(name, limit=60, ascii_lower=True) or "overlay").strip("-")[:60] or "overlay"


def check_overlay_bytes(folder: DataFolder, data: bytes, shown_as: str) -> tuple[Any, Path]:
    """Check an overlay's bytes as `formkit overlay check` would; return (checked stack, temp path).

    The file is written beside the saved overlays (its logo is there) and the caller removes it."""
    from ..catalog.overlay import load_overlay
    from ..context.overlaycheck import check_overlays

    overlays_dir = folder.inside("overlays")
    temp = folder.write(overlays_dir / f".check-{hashlib.sha256(data).hexdigest()[:16]}-{os.getpid()}.yaml", data)
    try:
        overlay = load_overlay(temp)
        choices.check_paths(overlay.data, shown_as, overlays_dir)
        return check_overlays([str(temp)]), temp
    except FormkitError as exc:
        temp.unlink(missing_ok=True)
        raise _renamed(exc, str(temp), shown_as) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _renamed(exc: FormkitError, temp: str, shown: str) -> FormkitError:
    """The error as the user should read it: named after their file, not the temporary one."""
    errors = exc.errors if isinstance(exc, FormkitErrors) else [exc]
    fixed = [FormkitError(e.message.replace(temp, shown), path=shown if e.path in (temp, None) else e.path,
                          key=e.key, hint=e.hint) for e in errors]
    return fixed[0] if len(fixed) == 1 else FormkitErrors(fixed)


def save_checked_overlay(folder: DataFolder, data: bytes, shown_as: str = "uploaded overlay") -> str:
    """Check an overlay and keep it in the data folder under a slug of its name; return the slug."""
    checked, temp = check_overlay_bytes(folder, data, shown_as)
    stem = _slug(checked.overlays[-1].name)
    os.replace(temp, folder.overlay_path(stem))
    choices._effective.cache_clear()
    return stem


def _keep_logo(folder: DataFolder) -> str | None:
    """The uploaded logo's name in the data folder (PNG or JPEG by its first bytes), or the one
    kept by an earlier step of this edit."""
    upload = request.files.get("logo")
    if upload and upload.filename:
        data = read_bounded(upload, 5 * 1024 * 1024)
        kind = "png" if data.startswith(b"\x89PNG\r\n\x1a\n") else "jpg" if data.startswith(b"\xff\xd8\xff") else ""
        if not kind or len(data) > 5 * 1024 * 1024:
            raise FormkitError(say("editor_logo_bad"), key="organisation.logo", hint=say("editor_logo_fix"))
        name = f"logo-{hashlib.sha256(data).hexdigest()[:16]}.{kind}"
        folder.write(folder.inside("overlays", name), data)
        return name
    kept = request.form.get("logo_name", "")
    return kept if LOGO_NAME.match(kept) and folder.inside("overlays", kept).is_file() else None


def _by_field(exc: FormkitError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in exc.errors if isinstance(exc, FormkitErrors) else [exc]:
        key = error.key or ""
        head = ".".join(key.split(".")[:2]) if key.startswith("organisation") else re.split(r"[.\[]", key)[0]
        field = FIELD_OF_KEY.get(head, FIELD_OF_KEY.get(key.split(".")[0], "general"))
        found.setdefault(field, []).append(error.one_line())
    return found


@bp.route("/overlay", methods=["GET", "POST"])
def edit() -> Any:
    from ..catalog.diff import catalog_diff
    from ..catalog.locale import available_languages

    _settings, folder = state()
    form = request.form if request.method == "POST" else {"name": say("editor_default_name")}
    problems: dict[str, list[str]] = {}
    diff: list[str] = []
    yaml_text, logo, saved = "", None, ""
    if request.method == "POST":
        try:
            logo = _keep_logo(folder)
            data = to_yaml(overlay_from_form(form, logo))
            yaml_text = data.decode("utf-8")
            checked, temp = check_overlay_bytes(folder, data, "overlay")
            temp.unlink(missing_ok=True)
            diff = catalog_diff(checked.base, checked.catalog)
            if request.form.get("action") == "download":
                return Response(data, mimetype="application/yaml", headers={
                    "Content-Disposition": f'attachment; filename="{_slug(checked.overlays[-1].name)}.yaml"'})
            if request.form.get("action") == "save":
                saved = save_checked_overlay(folder, data, "overlay")
        except FormkitError as exc:
            problems = _by_field(exc)
    return render_template("editor.html", form=form, problems=problems, diff=[_split(line) for line in diff],
                           yaml_text=yaml_text, logo=logo, saved=saved,
                           languages=available_languages()), 400 if problems else 200


def _split(line: str) -> tuple[str, str, str]:
    """A diff line as (what, in the base, with the overlay) for the side-by-side table."""
    mark, _sp, rest = line.partition(" ")
    ident, _sep, text = rest.partition(": ")
    if not _sep:  # '~ CC5 description changed'
        return rest, say("editor_as_in_base"), say("editor_changed")
    if mark == "~" and " -> " in text:
        old, _arrow, new = text.partition(" -> ")
        return ident, old.strip('"'), new.strip('"')
    if mark == "-":
        return ident, text, say("editor_left_out")
    if mark == "+":
        return ident, say("editor_not_in_base"), text
    return ident, "", text


@bp.route("/overlay/logo/<name>")
def logo_file(name: str) -> Any:
    _settings, folder = state()
    if not LOGO_NAME.match(name) or not folder.inside("overlays", name).is_file():
        abort(404)
    return Response(folder.inside("overlays", name).read_bytes(), mimetype="image/png" if name.endswith(".png")
                    else "image/jpeg")
