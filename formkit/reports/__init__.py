"""Reports over the answer store: a person's growth across rounds, and a cohort's ratings.

Library use::

    from formkit.store import open_store
    from formkit.reports import person_report, cohort_report
    with open_store("formkit.db") as store:
        files = person_report(store, "p-0001")          # [Artifact(pdf), Artifact(csv)]
        files = cohort_report(store, program="North")   # groups under 5 people suppressed

The reports read only the store's record types (formkit.store.records), through the methods in
:class:`formkit.reports.history.StoreReader`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cohort import cohort_report
    from .cohort_data import MIN_GROUP
    from .person import person_report

__all__ = ["MIN_GROUP", "cohort_report", "person_report"]


def __getattr__(name: str) -> Any:
    """Each report is imported when it is asked for: `formkit report person` does not load the
    cohort report's counting queries (and the part of SQLAlchemy they need), nor the reverse."""
    if name == "person_report":
        from .person import person_report

        return person_report
    if name == "cohort_report":
        from .cohort import cohort_report

        return cohort_report
    if name == "MIN_GROUP":
        from .cohort_data import MIN_GROUP

        return MIN_GROUP
    raise AttributeError(name)
