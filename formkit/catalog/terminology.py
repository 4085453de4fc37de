"""Whole-word term substitutions ("peers" -> "participants") that keep the word's case."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

Terms = Sequence[tuple[str, str]]


@lru_cache(maxsize=64)
def _pattern(terms: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    # Longest first, so "peer workers" wins over "peer".
    words = sorted((t for t, _ in terms), key=len, reverse=True)
    alternatives = "|".join(re.escape(_plain(w)).replace("'", "['’]") for w in words)
    return re.compile(r"\b(" + alternatives + r")(?!\w|['’]\w)", re.IGNORECASE)


def _plain(word: str) -> str:
    """Straight apostrophes, so "peer's" in an overlay matches "peer’s" in the source."""
    return word.replace("’", "'").lower()


def _match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def substitute(text: str, terms: Terms) -> str:
    """Replace each term in ``text`` by its substitute, matching the original's case."""
    if not terms or not text:
        return text
    key = tuple(terms)
    table = {_plain(t): r for t, r in key}
    return _pattern(key).sub(lambda m: _match_case(m.group(0), table[_plain(m.group(0))]), text)
