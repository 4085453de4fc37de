"""The cohort report's counts kept up to date as forms come in, so the report sums a few hundred
rows instead of grouping millions of answers (10,000 people x 4 rounds: 2.5 million answers,
16 s of CPU to group; the tallies answer in well under a second).

Every change to the newest versions goes through here, in the transaction that makes it: an
ingested form adds its tally; a changed re-submission takes the tally of the version it replaces
away; ``people forget`` takes away the person's. formkit.store.recount.rebuild recounts everything from the
rows (the migration that adds the tables uses it, and so may anyone who writes rows directly).

What is counted matches what the report counted before from the rows (tests/fakestore): an
answer without a value is "not yet had the chance" when its label is more than whitespace
(``str.strip()``), else blank; a plan row asks for support when its support is more than
whitespace.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .bulk import insert_many
from .driver import Driver
from .storable import answer_kinds, support_scopes

# Every character str.isspace() holds true for (what str.strip() removes); a test checks the list.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
GROUP = ("round", "rater", "program_key", "supervisor_key")  # what the cohort report filters and groups by
RATING_COLUMNS = (*GROUP, "category_id", "rating_value", "not_yet", "answers", "forms")
SUPPORT_COLUMNS = (*GROUP, "scope", "forms")

Group = tuple[str, str, str, str]


class Tallies:
    """Changes to the tally tables, summed over a batch of forms and written once at its end."""

    def __init__(self) -> None:
        self.ratings: dict[tuple[Any, ...], list[int]] = {}
        self.support: dict[tuple[Any, ...], int] = {}
        self.removed = False

    def add(self, group: Group, kinds: Iterable[tuple[str, int, int, int]], asked: Iterable[str],
            sign: int = 1) -> None:
        """One submission's tally (formkit.store.storable.answer_kinds and support_scopes of its
        answers and plan rows); ``sign`` -1 takes a submission away (superseded or forgotten)."""
        for category, value, not_yet, count in kinds:
            cell = self.ratings.setdefault((*group, category, value, not_yet), [0, 0])
            cell[0] += sign * count
            cell[1] += sign
        for scope in asked:
            key = (*group, scope)
            self.support[key] = self.support.get(key, 0) + sign
        self.removed = self.removed or sign < 0

    def write(self, driver: Driver) -> None:
        """Add the changes to the tables; rows counting nobody any more are deleted."""
        rows = [(*key, n, forms) for key, (n, forms) in self.ratings.items() if n or forms]
        insert_many(driver, "rating_tallies", RATING_COLUMNS, rows, key=RATING_COLUMNS[:-2],
                    add_on_conflict=("answers", "forms"))
        rows = [(*key, forms) for key, forms in self.support.items() if forms]
        insert_many(driver, "support_tallies", SUPPORT_COLUMNS, rows, key=SUPPORT_COLUMNS[:-1],
                    add_on_conflict=("forms",))
        if self.removed:
            driver.run("DROP_EMPTY_RATINGS", {})
            driver.run("DROP_EMPTY_SUPPORT", {})
        self.ratings, self.support, self.removed = {}, {}, False  # written: start again empty


def take_away(driver: Driver, tallies: Tallies, submission_ids: Iterable[int]) -> None:
    """Subtract stored submissions (read back from their rows) from ``tallies``."""
    for submission_id in submission_ids:
        key = {"submission_id": submission_id}
        found = driver.rows("GROUP_OF", key)
        if not found:
            continue
        answered = driver.rows("KINDS_OF", key)  # (category, value, label) each
        asked = driver.rows("SUPPORTS_OF", key)  # (scope, support) each
        tallies.add(tuple(found[0]), answer_kinds(answered), support_scopes(asked), sign=-1)


__all__ = ["GROUP", "WHITESPACE", "Tallies", "take_away"]
