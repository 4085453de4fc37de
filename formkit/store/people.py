"""Who is who across rounds: a form's person found among those the store knows, or a new one.

A form that carries a ``person_id`` (the carried-forward forms do) is that person. Otherwise the
name and program are compared normalised (NFC, casefolded, whitespace collapsed), so "Ana  Lopez"
and "ana lopez" are one person while the same name in another program is another. When more than
one person fits, the form is refused with the ids that fit: merging two people's answers would be
worse than asking.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

MAX_ID = 64
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def normalised(text: str) -> str:
    """The comparison key of a name, program or supervisor: NFC, casefolded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def derived_id(name_key: str, program_key: str) -> str:
    """A stable id for a person first seen without one: the same name and program give the same id,
    so two stores filled from the same forms agree."""
    return "p-" + hashlib.sha256(f"{name_key}\x1f{program_key}".encode()).hexdigest()[:10]


@dataclass(frozen=True)
class Match:
    """The person a form belongs to: an existing id, or a new person to create (``new``)."""

    person_id: str
    new: bool
    note: str = ""  # a warning worth telling (the same name in another program, kept apart)


class Ambiguous(Exception):
    """More than one person fits: the one-line reason names them."""


def match_person(driver: Any, identity: dict[str, str]) -> Match:
    """The person ``identity`` (a form's identity fields) belongs to, asked through ``driver``
    (formkit.store.driver.Driver); raises Ambiguous or ValueError."""
    given = identity.get("person_id", "").strip()
    if given:
        if not ID_PATTERN.fullmatch(given):
            raise ValueError(f"its person_id {given[:40]!r} is not a formkit person id (letters, digits, . _ -)")
        found = driver.rows("PERSON_BY_ID", {"person_id": given})
        return Match(given, new=not found)
    name_key, program_key = normalised(identity.get("name", "")), normalised(identity.get("program", ""))
    if not name_key:
        raise ValueError("it has no name and no person_id, so it cannot be told whose it is. Ask the person to "
                         "write their name on the form and send it again")
    person_id = derived_id(name_key, program_key)
    # the people of that name, and whoever holds the id it would be given: one query, not one per index
    rows = driver.rows("PEOPLE_BY_NAME_OR_ID", {"name_key": name_key, "derived": person_id})
    named = [r for r in rows if r[2] == name_key]
    same = [r[0] for r in named if r[1] == program_key]
    if len(same) > 1:
        raise Ambiguous(f"its name and program fit {len(same)} people ({', '.join(same[:5])}); add the "
                        "person_id field (formkit selfassess --person ID) so it can be told whose it is")
    if same:
        return Match(same[0], new=False)
    other = [r[0] for r in named]
    note = (f"the same name is already stored for another program ({', '.join(other[:5])}); kept as a "
            "different person") if other else ""
    if any(r[0] == person_id for r in rows):  # the derived id was given to someone else by a form's person_id
        raise Ambiguous(f"its derived id {person_id} is already another person's; add the person_id field")
    return Match(person_id, new=True, note=note)
