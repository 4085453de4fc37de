"""The answer store: filled forms kept over time (issue 18). See records.py for what it returns.

Library use::

    from formkit.store import open_store
    with open_store("collected/formkit.db") as store:   # or "postgresql+psycopg://user@host/db"
        store.ingest(["returned/"], catalog)
        rows = store.answers(s.submission_id for s in store.submissions(program="Riverbend"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import RATERS, SELF, SUPERVISOR, Answer, Person, PlanEntry, Submission

if TYPE_CHECKING:
    from .ingest import IngestReport
    from .store import Store, open_store

__all__ = ["RATERS", "SELF", "SUPERVISOR", "Answer", "IngestReport", "Person", "PlanEntry", "Store", "Submission",
           "open_store"]


def __getattr__(name: str) -> Any:
    """SQLAlchemy is imported when a store is opened, not when the records are (the reports import those)."""
    if name in ("Store", "open_store"):
        from . import store

        return getattr(store, name)
    if name == "IngestReport":
        from .ingest import IngestReport

        return IngestReport
    raise AttributeError(name)
