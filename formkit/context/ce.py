"""Continuing-education (recertification) rules: the ``ce:`` section of a board profile.

A credential is renewed by earning CE hours within a period (IC&RC Peer Recovery: 20 hours every
two years, six of them in ethics). The rules are data in the board profile, beside the checklist's
minimums, and every rule names the source it was read from and the day it was read ("as of"):
boards change them, and whoever acts on a shortfall report must be able to check each number.
A number the sources do not give is ``null``: the profile still says the rule exists, and
`formkit ce check` refuses to guess it (see :func:`rules_to_check`).

The schema checks shapes; this module checks what a schema cannot: a real calendar date, a source
that says where it is (a url or a document), a sub-minimum no larger than the total, and topics
that belong to one sub-minimum only (so the hours still needed add up, see formkit.documents.ce).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..core.errors import FormkitError, raise_all


@dataclass(frozen=True)
class Source:
    """Where a rule was read: a title and a web address or a document."""

    title: str
    url: str = ""
    document: str = ""

    def cite(self) -> str:
        return f"{self.title} ({self.url or self.document})"


@dataclass(frozen=True)
class Minimum:
    """Hours the total must include in some topics, e.g. 6 h of ethics."""

    id: str
    name: str
    hours: Decimal | None  # None: the sources give no figure
    topics: tuple[str, ...]  # ledger categories that count, as topic_key() spells them
    source: Source
    as_of: str


@dataclass(frozen=True)
class CeRules:
    """One board's renewal rule: ``total_hours`` within ``period_months``, with its sub-minimums."""

    period_months: int | None
    total_hours: Decimal | None
    minimums: tuple[Minimum, ...]
    source: Source
    as_of: str

    def unfilled(self) -> list[str]:
        """Keys whose number the sources do not give (null in the profile): to be filled by the board."""
        keys = [f"ce.{k}" for k in ("period_months", "total_hours") if getattr(self, k) is None]
        return keys + [f"ce.minimums[{i}].hours" for i, m in enumerate(self.minimums) if m.hours is None]


@lru_cache(maxsize=1024)  # a ledger repeats a few categories on every row
def topic_key(text: str) -> str:
    """A category as compared: case, spaces, '-' and '_' ignored ("Self-care" is "self care")."""
    return re.sub(r"[\s_-]+", " ", text.casefold()).strip()


def hours_of(value: Any) -> Decimal | None:
    """A YAML number as an exact decimal (20.5 stays 20.5 when hours are added up)."""
    return None if value is None else Decimal(str(value))


def _source(raw: Mapping[str, Any], key: str, path: str, problems: list[FormkitError]) -> Source:
    if not raw.get("url") and not raw.get("document"):
        problems.append(FormkitError("a source needs a url or a document", path=path, key=key,
                                     hint="Add url: https://... or document: 'Renewal handbook 2025, p. 4'"))
    return Source(str(raw["title"]), str(raw.get("url", "")), str(raw.get("document", "")))


def _as_of(text: str, key: str, path: str, problems: list[FormkitError]) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        problems.append(FormkitError(f"'{text}' is not a date on the calendar", path=path, key=key,
                                     hint="Write the day the source was read, as YYYY-MM-DD"))
    return text


def read_ce(data: Mapping[str, Any], path: str) -> CeRules | None:
    """The profile's CE rules (None when it has no ``ce:``), after the schema passed; every problem at once."""
    raw = data.get("ce")
    if raw is None:
        return None
    problems: list[FormkitError] = []
    total = hours_of(raw["total_hours"])
    minimums: list[Minimum] = []
    owner: dict[str, str] = {}
    for i, item in enumerate(raw.get("minimums", [])):
        key = f"ce.minimums[{i}]"
        hours = hours_of(item["hours"])
        if hours is not None and total is not None and hours > total:
            problems.append(FormkitError(f"{hours} hours is more than the total ({total})", path=path,
                                         key=f"{key}.hours", hint="A sub-minimum is part of ce.total_hours: "
                                         "check both numbers against the source"))
        if any(m.id == item["id"] for m in minimums):
            problems.append(FormkitError(f"sub-minimum id '{item['id']}' is used twice", path=path, key=f"{key}.id",
                                         hint="Give every sub-minimum its own id"))
        topics = tuple(dict.fromkeys(topic_key(t) for t in item.get("topics", [item["id"]])))
        for topic in topics:
            if topic in owner:
                problems.append(FormkitError(f"topic '{topic}' already counts toward '{owner[topic]}'", path=path,
                                             key=f"{key}.topics", hint="Let each topic count toward one "
                                             "sub-minimum only, so the hours still needed add up"))
            owner.setdefault(topic, item["id"])
        minimums.append(Minimum(item["id"], item["name"], hours, topics,
                                _source(item["source"], f"{key}.source", path, problems),
                                _as_of(item["as_of"], f"{key}.as_of", path, problems)))
    rules = CeRules(raw["period_months"], total, tuple(minimums), _source(raw["source"], "ce.source", path, problems),
                    _as_of(raw["as_of"], "ce.as_of", path, problems))
    raise_all(problems)
    return rules


def period_start(end: date, months: int) -> date:
    """The first day of the period of ``months`` months that ends on ``end`` (both days counted).

    24 months ending 2026-12-01 start on 2024-12-02: exactly two years of days. A day the earlier
    month lacks (the 31st, 29 February) becomes that month's last day.
    """
    year, month0 = divmod(end.year * 12 + end.month - 1 - months, 12)
    day = min(end.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day) + timedelta(days=1)
