"""Terminology: an organisation's own words ("peers" -> "participants") put into printed text.

The rules, and why (README "Terminology" shows them with an example):

- **Names are never rewritten.** Catalogue and framework titles, ids, publishers, organisation and
  board names, credential and job-title names, sources and overlay names (the *protected* names,
  :mod:`formkit.catalog.protected`) are masked before anything is substituted: a footer citing "Core
  Competencies for Peer Workers" must cite the real document, and a credential must read as the
  board wrote it, whatever an organisation calls the people it serves.
- **Only where the overlay says.** Each key applies to the scopes in its ``apply_to`` (default: all):
  ``statements`` (competency statements, category titles), ``descriptions`` (category descriptions,
  principles, job-description text) and ``wording`` (fixed wording: headings, instructions, footers,
  document properties). Fixed wording is substituted *before* its {placeholders} are filled, so a
  value put into it (a title, the provenance line) is never substituted twice or at all.
- **The key's case as written.** ``Peer`` matches "Peer" only, never "peer". A key written in lower
  case also matches its capitalised form at the start of a sentence ("Peers ..." after ". " or at
  the start of a text), and the replacement is capitalised there; mid-sentence, a capital is a name's.
- **Whole words, longest key first.** "peer worker" is tried before "peer", so one overlay can
  treat them differently (map a phrase to itself to keep it); "peer" does not match "peers" or
  "peer's", which are other words with keys of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

SCOPES = ("statements", "descriptions", "wording")
APOSTROPHES = "'’"
# Where a lower-case key's capitalised form counts as the same word: the start of a text or a
# sentence (after . ! ? : and a space, a line break or a bullet), perhaps behind an opening quote.
_SENTENCE_START = (r"(?:(?<![\s\S])|(?<=[.!?:]\s)|(?<=\n)|(?<=•\s)"
                   r"|(?<=^[“‘\"'(])|(?<=[.!?:]\s[“‘\"'(]))")
_PLACEHOLDER = r"\{\w*\}"  # a {placeholder} in fixed wording: filled later, never substituted


@dataclass(frozen=True)
class Term:
    """One substitution, as an overlay wrote it: ``key`` becomes ``value`` in ``scopes``."""

    key: str
    value: str
    scopes: tuple[str, ...] = SCOPES


@dataclass(frozen=True)
class Terminology:
    """The effective terminology of an overlay stack, and the names it must leave alone."""

    terms: tuple[Term, ...] = ()
    protected: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    def apply(self, text: str, scope: str) -> str:
        """``text`` with this scope's terms substituted outside every protected name."""
        terms, pattern = self._scoped[scope]
        if pattern is None or not text or not pattern.search(text):  # the common case: nothing to do
            return text
        words = set(re.findall(r"\w+", text))
        present = tuple(name for word in ["", *sorted(words & self._names_by_word.keys())]
                        for name in self._names_by_word.get(word, ()))
        masked, kept, mark = _mask(text, _protected_pattern(present, scope == "wording"), terms)
        result = pattern.sub(lambda m: _replacement(m, terms), masked)
        pieces = iter(kept)
        return result if not kept else re.sub(re.escape(mark), lambda _: next(pieces), result)

    @cached_property
    def _scoped(self) -> dict[str, tuple[tuple[Term, ...], re.Pattern[str] | None]]:
        """Per scope: its terms and their pattern (None when no key applies there)."""
        out: dict[str, tuple[tuple[Term, ...], re.Pattern[str] | None]] = {}
        for scope in SCOPES:
            terms = tuple(t for t in self.terms if scope in t.scopes)
            out[scope] = (terms, _term_pattern(terms) if terms else None)
        return out

    @cached_property
    def _names_by_word(self) -> dict[str, tuple[str, ...]]:
        """The protected names by their first word: a text is searched only for the names whose
        first word it holds, a set look-up instead of a regex of every name."""
        found: dict[str, list[str]] = {}
        for name in self.protected:
            first = re.match(r"\w+", name)
            found.setdefault(first.group(0) if first else "", []).append(name)
        return {word: tuple(names) for word, names in found.items()}


def _form(words: str) -> str:
    """A key or a name as a pattern: any run of spaces between words, either apostrophe."""
    parts = [re.escape(p) for p in words.split()]
    return re.sub(f"[{APOSTROPHES}]", f"[{APOSTROPHES}]", r"\s+".join(parts))


def capitalised(key: str) -> str:
    """The form a lower-case key takes at a sentence start; the key itself otherwise."""
    return key[:1].upper() + key[1:] if key[:1].islower() else key


@lru_cache(maxsize=64)
def _term_pattern(terms: tuple[Term, ...]) -> re.Pattern[str]:
    """One alternative per key as written (group ``e<i>``) and per capitalised form (``c<i>``).

    Longest key first: at one place in the text, "peer worker" (or "Peer worker" starting a
    sentence) is tried before "Peer". Of two as long, the key as written comes first, so a key
    "Peers" beats "peers" at a sentence start.
    """
    alternatives = [(-len(t.key), 0, t.key, f"(?P<e{i}>{_form(t.key)})") for i, t in enumerate(terms)]
    alternatives += [(-len(t.key), 1, t.key, f"(?P<c{i}>{_SENTENCE_START}{_form(capitalised(t.key))})")
                     for i, t in enumerate(terms) if t.key[:1].islower()]
    either = "|".join(alt for *_, alt in sorted(alternatives))
    return re.compile(rf"(?<!\w)(?:{either})(?!\w|[{APOSTROPHES}]\w)")


def _replacement(match: re.Match[str], terms: tuple[Term, ...]) -> str:
    group = match.lastgroup or ""
    value = terms[int(group[1:])].value
    if group.startswith("c"):
        value = value[:1].upper() + value[1:]
    if "’" in match.group(0):  # keep the text's typographic apostrophe
        value = value.replace("'", "’")
    return value


@lru_cache(maxsize=256)
def _protected_pattern(names: tuple[str, ...], placeholders: bool) -> re.Pattern[str] | None:
    """Every protected name (whole words, case as written, longest first; a plural "s" is part of
    it: "Supervises Peer Support Specialists"), and {placeholders}."""
    forms = []
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        start = r"(?<!\w)" if re.match(r"\w", name) else ""
        end = r"(?:e?s)?(?!\w)" if re.search(r"[^\W\d_]$", name) else (r"(?!\w)" if re.search(r"\w$", name) else "")
        forms.append(start + _form(name) + end)
    if placeholders:
        forms.append(_PLACEHOLDER)
    return re.compile("|".join(forms)) if forms else None


def _mask(text: str, protected: re.Pattern[str] | None, terms: tuple[Term, ...]) -> tuple[str, list[str], str]:
    """``text`` with each protected span replaced by one private-use character (not a word
    character, so no key can match into or across it), the spans, and that character."""
    if protected is None:
        return text, [], ""
    taken = text + "".join(t.value for t in terms)
    unused = (chr(c) for plane in (range(0xE000, 0xF900), range(0xF0000, 0x10FFFE)) for c in plane)
    mark = next(c for c in unused if c not in taken)  # inputs are far smaller than 137,000 characters
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return mark

    return protected.sub(hide, text), kept, mark

