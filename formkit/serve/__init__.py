"""`formkit serve`: a local web page for the people who do not use a command line (issue 20).

HR staff choose overlays, roles and a board and download the documents; an organisation edits
its overlay in a form; a peer worker fills the self-assessment on a phone, one category per
screen, and gets the filled PDF that `formkit collect` reads; a supervisor uploads filled forms
and sees the people and the cohort. Every page calls the library (the same functions as the CLI,
so the same bytes), works without JavaScript and binds to 127.0.0.1 unless an access token or a
password guards it.

Library use::

    from formkit.serve import ServeSettings, create_app
    app = create_app(ServeSettings(data_dir="formkit-data"))   # a WSGI application (Flask)

Flask is imported only here, when the page is served: `formkit --help` does not pay for it.
"""

from __future__ import annotations

from .settings import ServeSettings, check_bind

__all__ = ["ServeSettings", "check_bind", "create_app"]


def create_app(settings: ServeSettings):  # type: ignore[no-untyped-def]
    """The Flask application for ``settings`` (imported on first use: Flask is heavy)."""
    from .app import create_app as _create

    return _create(settings)
