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


def slug(text: str, *, limit: int | None = 80, ascii_lower: bool = False) -> str:
    """A portable file-name part of at most ``limit`` characters (None: any), or '' when nothing usable is left.

    Latin accents are folded (José -> Jose). By default letters of other scripts, digits, '.',
    '_' and '-' are kept with their case, so a cohort's files stay recognisable (Ирина stays
    Ирина); anything else becomes '-'. With ``ascii_lower`` only a-z and 0-9 survive, joined by
    '-': the form the catalogue schema asks of category slugs.
    """
    folded = "".join(_fold_latin(ch) for ch in unicodedata.normalize("NFC", text))
    if ascii_lower:
        joined = re.sub(r"[^a-z0-9]+", "-", folded.lower())
    else:
        joined = re.sub(r"-{2,}", "-", re.sub(r"[^\w.-]+", "-", folded))
    return joined.strip(SEPARATORS)[:limit].strip(SEPARATORS)


def _fold_latin(ch: str) -> str:
    if ch.isascii() or not unicodedata.name(ch, "").startswith("LATIN"):
        return ch
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


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
