"""'Did you mean …?' hints for unknown ids and keys."""

from __future__ import annotations

import os
from collections.abc import Iterable


def _score(word: str, choice: str) -> float:
    """Similarity, also against the choice's start: 'peer-suport' is close to 'peer-support-specialist'."""
    from difflib import SequenceMatcher  # here: only a mistake needs it, and the catalogue path stays light

    whole = SequenceMatcher(None, word, choice).ratio()
    start = SequenceMatcher(None, word, choice[: len(word)]).ratio() - 0.05 if len(choice) > len(word) else 0.0
    return max(whole, start)


def did_you_mean(word: str, known: Iterable[str]) -> str | None:
    """Return a hint naming the closest known word, or None when nothing is close."""
    choices = sorted(set(known))
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"Did you mean {lowered[word.lower()]}?"
    # Ties go to the longest shared start ('B1O' -> B10, not B01), then alphabetical order.
    scored = sorted(((_score(word, c), c) for c in choices),
                    key=lambda sc: (-round(sc[0], 6), -len(os.path.commonprefix([word, sc[1]])), sc[1]))
    if scored and scored[0][0] >= 0.6:
        return f"Did you mean {scored[0][1]}?"
    return None
