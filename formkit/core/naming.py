"""Names formkit derives from people's and catalogue text: one slug and one deep merge for all callers.

Checklist files, collect summary reports and categories an overlay adds all turn free text into a
file-name part, and board profiles, roles and overlays all layer one mapping over another. Doing
each one way means José becomes Jose, and an overlay's list replaces a base list, everywhere alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import Any

SEPARATORS = "-._"
_NOT_ASCII_KEPT = re.compile(r"[^A-Za-z0-9._-]")  # what slug keeps of ASCII text: letters, digits, separators


def slug(text: str, *, limit: int | None = 80, ascii_lower: bool = False) -> str:
    """A portable file-name part of at most ``limit`` characters (None: any), or '' when nothing usable is left;
    a text longer than ``limit`` is cut between words, not inside one.

    Latin accents are folded (José -> Jose). By default letters of other scripts with their vowel
    signs and marks, digits, '.', '_' and '-' are kept with their case, so a cohort's files stay
    recognisable (Ирина stays Ирина, प्रिया stays प्रिया); anything else becomes '-'. With
    ``ascii_lower`` only a-z and 0-9 survive, joined by '-': the form the catalogue schema asks
    of category slugs.
    """
    folded = text if text.isascii() else _fold_latin(unicodedata.normalize("NFC", text))
    if ascii_lower:
        joined = re.sub(r"[^a-z0-9]+", "-", folded.lower())
    elif folded.isascii():  # the usual case, a character at a time below cost a batch 0.3 ms a person
        joined = re.sub(r"-{2,}", "-", _NOT_ASCII_KEPT.sub("-", folded))
    else:
        kept = "".join(ch if ch in SEPARATORS or ch.isalnum() or _is_mark(ch) else "-" for ch in folded)
        joined = re.sub(r"-{2,}", "-", kept)
    return _cut(joined.strip(SEPARATORS), limit)


def _cut(text: str, limit: int | None) -> str:
    """``text`` in at most ``limit`` characters, cut at the last separator that fits, never
    inside a word: "comunidad-puertorriquena" cut at 20 is "comunidad", not "comunidad-puertorri",
    in every language. A first word longer than the limit is all there is to keep: cut it there."""
    if limit is None or len(text) <= limit:
        return text
    if text[limit] in SEPARATORS:  # the cut falls just before a separator: the word before fits whole
        return text[:limit].strip(SEPARATORS)
    head = text[:limit]
    boundary = max(head.rfind(sep) for sep in SEPARATORS)
    return (head[:boundary] if boundary > 0 else head).strip(SEPARATORS)


def _is_mark(ch: str) -> bool:
    """A combining mark: a Devanagari vowel sign or virama, a Thai vowel, an Arabic haraka. Part of
    the letter before it (प्रिया is not प-र-य); \\w alone would split the name at every one."""
    return unicodedata.category(ch).startswith("M")


def _fold_latin(text: str) -> str:
    """Latin letters without their accents (Núñez -> Nunez). A mark stays only on a letter of
    another script: one on a Latin letter, a space or nothing is dropped."""
    out: list[str] = []
    marks_kept = False
    for ch in text:
        if _is_mark(ch):
            if marks_kept:
                out.append(ch)
            continue
        if not ch.isascii() and unicodedata.name(ch, "").startswith("LATIN"):
            out.extend(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            marks_kept = False
        else:
            out.append(ch)
            marks_kept = not ch.isascii() and ch.isalnum()
    return "".join(out)


def deep_merge(base: Mapping[str, Any], extra: Mapping[str, Any], *, whole: Collection[str] = ()) -> dict[str, Any]:
    """``base`` with ``extra`` laid over it: mappings merge key by key, at any depth; lists and
    scalars from ``extra`` replace the base's, and so do mappings under a key named in ``whole``
    (a board's ``pass_rule`` is one rule, not a set of settings to mix)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping) and key not in whole:
            out[key] = deep_merge(out[key], value, whole=whole)
        else:
            out[key] = value
    return out
