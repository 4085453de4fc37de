"""Field names of the self-assessment forms: ASCII, stable, derived from competency ids.

The same names are used in a mini-tool and in the booklet, so `formkit collect` reads
either; the human wording travels separately in the embedded schema.
"""

from __future__ import annotations

import re

FORM_KIND_CATEGORY = "self-assessment"
FORM_KIND_BOOKLET = "self-assessment-booklet"
IDENTITY = ("name", "role", "program", "date", "supervisor")
ROUND = "round"
ROUND_CHOICES = ("baseline", "followup")
REFLECTION = ("strengths", "learn", "support")
PLAN_COLUMNS = ("goal", "steps", "support", "date")
PLAN_ROWS = 3
WHOLE_PLAN_ROWS = 8
WHOLE = "whole"


def ascii_id(item_id: str) -> str:
    """'CC6.A1' -> 'CC6_A1': what a PDF field name may safely hold."""
    return re.sub(r"[^A-Za-z0-9]", "_", item_id)


def rating_name(competency_id: str) -> str:
    return f"{ascii_id(competency_id)}_rating"


def notes_name(competency_id: str) -> str:
    return f"{ascii_id(competency_id)}_notes"


def reflection_name(category_id: str, key: str) -> str:
    return f"{ascii_id(category_id)}_{key}"


def plan_name(scope: str, row: int, column: str) -> str:
    return f"{ascii_id(scope)}_plan{row}_{column}"


def padded_id(category_id: str) -> str:
    """'CC1' -> 'CC01' so files sort in order; 'FP1' -> 'FP01'."""
    match = re.fullmatch(r"([A-Za-z]+)(\d+)", category_id)
    return f"{match.group(1)}{int(match.group(2)):02d}" if match else ascii_id(category_id)


RATER = "rater"  # a read-only field on the supervisor's forms only: its value is the rater, "supervisor"
_PREFIX = {"self": "self-assessment", "supervisor": "supervisor-assessment"}


def category_filename(category_id: str, slug: str, rater: str = "self", suffix: str = "") -> str:
    """The mini-tool's file name; the supervisor's version starts with supervisor-assessment-.
    ``suffix`` is a translation's language ('-es', see formkit.catalog.language.file_suffix)."""
    return f"{_PREFIX[rater]}-{padded_id(category_id)}-{slug}{suffix}.pdf"


def booklet_filename(rater: str = "self", suffix: str = "") -> str:
    return f"{_PREFIX[rater]}-booklet{suffix}.pdf"


BOOKLET_FILENAME = booklet_filename()
