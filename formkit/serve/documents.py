"""Page 1, Documents: choose overlays, a board and roles; see the effective catalogue; download
a family, or everything, as a ZIP holding the same bytes `formkit build` writes.

Choices travel in the query string (a GET form), so a page of choices can be bookmarked and a
download is a plain link; uploading an overlay is the one POST here.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from ..context.families import FAMILIES
from ..core.errors import FormkitError, FormkitErrors
from . import choices
from .app import state
from .datafolder import read_bounded
from .wording import say

bp = Blueprint("documents", __name__)
EVERYTHING = "everything"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # every entry's date: the same inputs give the same ZIP bytes


def _errors(exc: FormkitError) -> list[str]:
    return exc.lines() if isinstance(exc, FormkitErrors) else [exc.one_line()]


def labels() -> dict[str, str]:
    """Each family's name on its download button, in the page's language."""
    return {family: say("documents_family_" + family.replace("-", "_")) for family in FAMILIES}


def _picked() -> dict[str, Any]:
    return {"overlays": request.args.getlist("overlay"), "board": request.args.get("board", ""),
            "roles": request.args.getlist("role")}


@bp.route("/documents")
def page() -> Any:
    _settings, folder = state()
    picked = _picked()
    problems: list[str] = []
    catalog = None
    role_list: list[tuple[str, str]] = []
    try:
        catalog = choices.effective(folder, picked["overlays"])
        role_list = choices.roles(catalog)
    except FormkitError as exc:
        problems = _errors(exc)
    return render_template("documents.html", picked=picked, problems=problems, catalog=catalog,
                           overlay_options=choices.overlay_options(folder), boards=choices.boards(),
                           roles=role_list, families=list(FAMILIES), query=request.query_string.decode(),
                           labels=labels())


def render_zip(folder: Any, picked: dict[str, Any], families: list[str]) -> bytes:
    """The families' files, as `formkit build --only ...` writes them, in one ZIP."""
    from ..context import resolve
    from ..documents.pipeline import render_all

    catalog = choices.effective(folder, picked["overlays"])
    context = resolve(catalog, families, board=picked["board"] or None, roles=picked["roles"] or None)
    artifacts = render_all(context, families, jobs=1)  # in this process: a web server must not fork
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for artifact in artifacts:
            info = zipfile.ZipInfo(artifact.relpath, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, artifact.data)
    return buffer.getvalue()


@bp.route("/documents/<name>.zip")
def download(name: str) -> Any:
    _settings, folder = state()
    if name != EVERYTHING and name not in FAMILIES:
        return render_template("error.html", code=404, message=say("documents_no_family")), 404
    families = list(FAMILIES) if name == EVERYTHING else [name]
    try:
        data = render_zip(folder, _picked(), families)
    except FormkitError as exc:
        return render_template("error.html", code=400, message=" ".join(_errors(exc))), 400
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="formkit-{name}.zip"'})


@bp.route("/documents/overlay", methods=["POST"])
def upload_overlay() -> Any:
    """Keep an uploaded overlay in the data folder once it passes `formkit overlay check`."""
    from .editor import save_checked_overlay

    settings, folder = state()
    upload = request.files.get("overlay_file")
    data = read_bounded(upload, settings.max_overlay_bytes) if upload else b""
    problems: list[str] = []
    if not data:
        problems = [say("documents_no_file")]
    elif len(data) > settings.max_overlay_bytes:
        problems = [say("documents_file_too_large", kilobytes=settings.max_overlay_bytes // 1024)]
    else:
        try:
            stem = save_checked_overlay(folder, data)
            return redirect(url_for("documents.page", overlay=choices.SAVED + stem))
        except FormkitError as exc:
            problems = _errors(exc)
    return render_template("documents.html", picked=_picked(), problems=problems, catalog=None,
                           overlay_options=choices.overlay_options(folder), boards=choices.boards(), roles=[],
                           families=list(FAMILIES), query="", labels=labels()), 400
