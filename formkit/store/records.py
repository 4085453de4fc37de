"""What the answer store gives back: plain, frozen rows, one per answer, so the reports (and a
Python user) read the history of a person or a cohort without knowing the database layer.

This module is the contract between the store (`formkit.store`, which writes and queries the
database) and the reports (`formkit.reports`, which render what it returns); it imports nothing
from either, so both can change behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

SELF = "self"
SUPERVISOR = "supervisor"
RATERS = (SELF, SUPERVISOR)
# Where a handwritten box was on the form (the store's handwriting.section)
PLAN, REFLECTION, NOTES = "plan", "reflection", "notes"


@dataclass(frozen=True)
class Person:
    """One person as the store knows them across rounds."""

    person_id: str  # the store's stable id (what `formkit people` lists and `forget` takes)
    name: str  # as written on the newest form
    program: str
    supervisor: str


@dataclass(frozen=True)
class Submission:
    """One filled form as ingested: a version of (person, rater, round)."""

    submission_id: int
    person_id: str
    rater: str  # SELF or SUPERVISOR
    rater_name: str  # who filled it: the person for SELF, the supervisor's name for SUPERVISOR
    round: str  # "baseline", "follow-up", ... as the form's round field holds it
    date: str  # the date written on the form (ISO when it parses), "" when blank
    version: int  # 1 for the first; a changed re-submission of the same person, rater and round adds 1
    source_file: str
    content_hash: str  # sha256 of the file's bytes: ingesting the same file twice adds nothing
    catalog_id: str
    catalog_version: str
    fingerprint: str  # the overlay fingerprint the form was built with
    ingested_at: str  # ISO timestamp (UTC)
    source: str = "pdf"  # "pdf": a filled PDF (formkit collect); "scan": a paper form read by formkit scan


@dataclass(frozen=True)
class Answer:
    """One competency's rating in one submission."""

    submission_id: int
    category_id: str
    competency_id: str
    statement: str  # the statement as printed on that form
    rating_value: int | None  # the scale's value; None when left blank
    rating_label: str
    notes: str
    statement_changed: bool  # the statement differs from the newest catalogue's wording for this id
    choice: str = ""  # the value ticked, as written: "1".."4", "NA" ("not yet had the chance"), "" when blank


@dataclass(frozen=True)
class PlanEntry:
    """One learning-plan row in one submission."""

    submission_id: int
    scope: str  # the category id, or "booklet"
    goal: str
    steps: str
    support: str
    date: str
    # The boxes of the row that were handwritten on a paper form (formkit scan --db): (column, PNG
    # bytes of the crop), e.g. ("goal", b"\x89PNG…"); that column's text is then "" (handwriting is not
    # read). "[handwritten]" with no picture: a box written by hand whose picture the store never had.
    handwritten: tuple[tuple[str, bytes], ...] = ()

    def picture(self, column: str) -> bytes | None:
        """The crop of ``column`` ("goal", "steps", "support", "date") when it was handwritten."""
        return next((png for name, png in self.handwritten if name == column), None)


@dataclass(frozen=True)
class ReflectionEntry:
    """What a person wrote about one category (strengths, what to learn, support wanted) in one submission."""

    submission_id: int
    category_id: str
    key: str  # "strengths", "learn" or "support"
    text: str  # "" when handwritten (the picture below); "[handwritten]" when its picture was never stored
    handwritten: bytes | None = None  # the crop's PNG bytes when written by hand on a paper form


@dataclass(frozen=True)
class Handwriting:
    """One writing box of a paper form read back by `formkit scan --db`: its crop, and where it was."""

    submission_id: int
    section: str  # PLAN, REFLECTION or NOTES
    owner: str  # the plan's scope, the reflection's category id, the notes' competency id
    row: int  # the plan's row (from 1); 0 for a reflection or notes
    box: str  # the plan's column, the reflection's key, or "notes"
    png: bytes
