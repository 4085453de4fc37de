"""The answer store's reports on the page: each person's growth report and the cohort report
(formkit.reports, the same files `formkit report person|cohort` writes), as PDF or CSV downloads.

The store is the one the page ingests into (formkit.db in the data folder, or the URL given).
A person id is looked up in the store, never used as a path; the cohort report keeps the
reports' rule that a group of fewer than five people is not shown.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, abort, request

from ..core.errors import FormkitError
from .app import state

bp = Blueprint("storereports", __name__)
KINDS = {"pdf": "application/pdf", "csv": "text/csv"}
PERSON_ID = re.compile(r"^[A-Za-z0-9._-]{1,80}$")


def open_page_store() -> Any:
    """The page's answer store, opened (a context manager)."""
    from ..store import open_store

    settings, folder = state()
    return open_store(settings.store_url or folder.inside("formkit.db"))


def store_people() -> list[Any]:
    """Everyone in the page's store (an empty list before anything was stored)."""
    settings, folder = state()
    if not settings.store_url and not folder.inside("formkit.db").exists():
        return []
    with open_page_store() as store:
        return list(store.people())


def _send(artifacts: list[Any], kind: str) -> Response:
    chosen = next(a for a in artifacts if a.relpath.endswith(f".{kind}"))
    return Response(chosen.data, mimetype=KINDS[kind],
                    headers={"Content-Disposition": f'attachment; filename="{chosen.relpath}"'})


@bp.route("/people/<person_id>/growth.<kind>")
def person(person_id: str, kind: str) -> Any:
    from ..reports import person_report

    if kind not in KINDS or not PERSON_ID.match(person_id):
        abort(404)
    try:
        with open_page_store() as store:
            store.person(person_id)  # a FormkitError for an unknown id
            return _send(person_report(store, person_id), kind)
    except FormkitError:
        abort(404)


@bp.route("/cohort/report.<kind>")
def cohort(kind: str) -> Any:
    from ..reports import cohort_report

    if kind not in KINDS:
        abort(404)
    round_name = request.args.get("round") or None
    with open_page_store() as store:
        return _send(cohort_report(store, round=round_name), kind)
