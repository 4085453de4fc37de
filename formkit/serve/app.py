"""The Flask application: the data folder, the guards, the pages and the error pages.

Errors never show a traceback to the browser: a FormkitError (a user's input) is shown next to
the field it concerns by the page that raised it; anything else is logged on the server and
the browser gets a plain page saying what to do.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from . import security
from .datafolder import DataFolder
from .settings import ServeSettings

log = logging.getLogger("formkit.serve")


def create_app(settings: ServeSettings) -> Flask:
    """The page for ``settings``; every file it keeps goes under ``settings.data_dir``."""
    from . import documents, editor, fill, storereports, uploads, wording

    app = Flask(__name__, static_folder="static", template_folder="templates")
    folder = DataFolder(settings.folder)
    app.config.update(
        SECRET_KEY=settings.secret_key or folder.secret_key(),
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        MAX_FORM_MEMORY_SIZE=512 * 1024,  # a text field; files are counted by MAX_CONTENT_LENGTH
        MAX_FORM_PARTS=settings.max_files + 400,  # a category's fields and the upload's files
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
        PROPAGATE_EXCEPTIONS=False, TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["formkit"] = {"settings": settings, "folder": folder}
    security.install(app, settings)
    wording.install(app)
    for blueprint in (documents.bp, editor.bp, fill.bp, uploads.bp, storereports.bp):
        app.register_blueprint(blueprint)
    _errors(app)

    @app.route("/")
    def home() -> str:
        return render_template("home.html")

    return app


def _errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        from .wording import say

        code = exc.code or 500
        message = say(f"error_{code}") if code in (404, 405, 413) else exc.description or say("error_other")
        return render_template("error.html", code=exc.code, message=message), exc.code or 500

    @app.errorhandler(Exception)
    def internal_error(exc: Exception) -> Any:
        log.exception("internal error in formkit serve")
        from .wording import say

        return render_template("error.html", code=500, message=say("error_internal")), 500


def state() -> tuple[ServeSettings, DataFolder]:
    """The settings and the data folder of the running application."""
    from flask import current_app

    ext = current_app.extensions["formkit"]
    return ext["settings"], ext["folder"]
