"""Small memories of work already done while reading a batch of forms.

The forms of one batch come from one build: they share their embedded schema, their /Info
and most field dictionaries byte for byte, so reading each once pays. A memory that is full
is emptied, not trimmed: a batch needs few entries, and a new batch rarely needs the old ones.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, value: V, limit: int) -> V:
    """Keep ``value`` under ``key`` (emptying ``memo`` first if it holds ``limit`` entries); return it."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value
