"""`formkit serve` for a production WSGI server (a shared deployment): ``formkit.serve.wsgi:application``.

Settings come from the environment, since a WSGI server passes no arguments:
FORMKIT_SERVE_DATA (the data folder, default formkit-data), FORMKIT_SERVE_PASSWORD or
FORMKIT_SERVE_TOKEN (one is required: a shared page is on a network), FORMKIT_STORE_URL (the
answer store, e.g. postgresql+psycopg://...). Every worker process reads the same session key
from the data folder, so a form opened from one worker can be sent to another.
"""

from __future__ import annotations

import os
from typing import Any

from ..core.errors import FormkitError
from . import ServeSettings, create_app


def from_environment() -> Any:
    settings = ServeSettings(data_dir=os.environ.get("FORMKIT_SERVE_DATA", "formkit-data"),
                             password=os.environ.get("FORMKIT_SERVE_PASSWORD") or None,
                             token=os.environ.get("FORMKIT_SERVE_TOKEN") or None,
                             store_url=os.environ.get("FORMKIT_STORE_URL") or None)
    if not settings.guarded:
        raise FormkitError("a shared deployment needs a password or an access token", key="FORMKIT_SERVE_PASSWORD",
                           hint="Set FORMKIT_SERVE_PASSWORD (or FORMKIT_SERVE_TOKEN) in the server's environment")
    return create_app(settings)


application = from_environment()
