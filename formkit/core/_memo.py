"""Small memories of work already done while reading a batch of forms.

The forms of one batch come from one build: they share their embedded schema, their /Info
and most field dictionaries byte for byte, so reading each once pays. A memory that is full
is emptied, not trimmed: a batch needs few entries, and a new batch rarely needs the old ones.

Bounded in bytes as well as entries: what is kept is read from its key (a dictionary's own
bytes, a cell's text), so a memory holds at most about ``limit`` × ``largest`` characters of
keys and what was read from them. The entries that repeat are small (a booklet's largest field
dictionary is about 560 bytes); a key longer than ``largest`` (a hostile form's 200,000-character
answer, thousands of them in a batch) is read every time instead of kept.
"""

from __future__ import annotations

from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

LARGEST = 2048  # characters of a key: about four times a booklet's largest field or widget dictionary


def remember(memo: dict[K, V], key: K, value: V, limit: int, largest: int = LARGEST) -> V:
    """Keep ``value`` under ``key`` (emptying ``memo`` first if it holds ``limit`` entries) unless the
    key's text is longer than ``largest`` characters (see :func:`key_length`); return ``value``."""
    if (len(key) if isinstance(key, bytes) else key_length(key)) > largest:  # bytes: most keys, one C call
        return value
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


def key_length(key: Any) -> int:
    """The characters of the text in ``key``: its length for bytes or str, the sum over a tuple's
    parts, 0 for anything else (a number, an object's id)."""
    kind = type(key)
    if kind is bytes or kind is str:
        return len(key)
    if kind is tuple:
        return sum(key_length(part) for part in key)
    return 0
