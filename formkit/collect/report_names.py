"""File names of the summary reports: reports/summary-<name>.pdf, one per person and round.

The name part is the person's name as formkit's one slug writes it (formkit.core.naming, the
same the checklist batch uses): Ирина stays Ирина, Zoë Ñúñez-Ølsen becomes Zoe-Nunez-Ølsen,
never a path, never a character a file system refuses. The round and the date the form gives
follow it, so a baseline and a follow-up of one person are two files. Each part is cut to a
number of bytes, not characters (a file name holds 255 bytes; Cyrillic takes two a letter,
Devanagari three), and a cut part ends in a digest of the whole text, so two long names that
differ only at the end still differ. Names are compared without case, as macOS and Windows
compare them, so "Sam Lee" and "SAM LEE" do not overwrite each other there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from ..core.naming import SEPARATORS, slug

NAME_BYTES = 80  # the person's name part; with summary-, .pdf and the writer's temporary suffix: well under 255
ROUND_BYTES = 16  # "baseline", "followup"; a forged form could say anything
DATE_BYTES = 24  # "2026-11-23", or whatever the person typed in the date box
UNNAMED = "unnamed"


def _fit(text: str, limit: int) -> str:
    """``text`` as a slug of at most ``limit`` UTF-8 bytes; a longer one is cut (at a character)
    and given a short digest of the whole text, so it stays unique and the same every run."""
    made = slug(text, limit=None)
    if len(made.encode("utf-8")) <= limit:
        return made
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    room = limit - len(digest) - 1
    cut = made.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(SEPARATORS)
    return f"{cut}-{digest}"


def report_stem(person: str, round_value: str = "", date: str = "") -> str:
    """<name>[-<round>][-<date>]: what follows "summary-" in a report's file name."""
    parts = [_fit(person, NAME_BYTES) or UNNAMED, _fit(round_value, ROUND_BYTES), _fit(date, DATE_BYTES)]
    return "-".join(part for part in parts if part)


def report_namer() -> Callable[..., str]:
    """A function ``(person, round="", date="") -> name``: the <name> of reports/summary-<name>.pdf,
    unique in the run (a second form of the same person and round gets -2). Only the names are kept."""
    used: set[str] = set()

    def report_name(person: str, round_value: str = "", date: str = "") -> str:
        base = report_stem(person, round_value, date)
        name, n = base, 2
        while name.casefold() in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name.casefold())
        return name

    return report_name


__all__ = ["report_namer", "report_stem"]
