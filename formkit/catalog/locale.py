"""Fixed wording that documents print (headings, instructions), read from templates/locales/<lang>/.

A second language is a new folder of YAML files, not code. Missing keys fall back to English; an
overlay's ``wording`` wins over both, and its terminology (scope ``wording``) applies to the text
before its {placeholders} are filled: a title or provenance put in is never substituted.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Callable, Mapping

from ..core._yaml import load_data
from ..core.errors import FormkitError
from ..core.resources import templates_dir
from .model import Catalog

FALLBACK = "en"


@cache
def _locale_file(language: str) -> Mapping[str, str]:
    """All wording of one language: every templates/locales/<language>/*.yaml, merged.

    One file per document family keeps each family's wording together. Parsed once per formkit
    release and kept in the user's cache folder (formkit.catalog.locale_cache): not per run.
    """
    from .locale_cache import cached_table

    folder = templates_dir() / "locales" / language
    files = sorted(folder.glob("*.yaml"))
    if not files:
        return {}
    return cached_table(files, lambda: {key: text for key, (text, _file) in read_locale_folder(folder).items()})


def shipped_wording(language: str) -> Mapping[str, str]:
    """The wording formkit ships for ``language`` (templates/locales/<language>/), empty if none."""
    return _locale_file(language)


MAX_LOCALE_FILES = 64  # one per document family is about ten: more is the wrong folder


def read_locale_folder(folder: Path) -> dict[str, tuple[str, str]]:
    """Every wording key in ``folder``/*.yaml -> (text, the file that holds it).

    The shipped locales and an overlay's own ``locale:`` folder are read alike; the file is kept
    so that a faulty placeholder is reported against the file a translator can open.
    """
    files = sorted(folder.glob("*.yaml"))
    if len(files) > MAX_LOCALE_FILES:
        raise FormkitError(f"the locale folder holds {len(files)} .yaml files (the limit is {MAX_LOCALE_FILES})",
                           path=str(folder), hint="Point to the folder that holds one wording file per family")
    table: dict[str, tuple[str, str]] = {}
    for path in files:
        data = load_data(path, "locale")
        for key, text in _flatten(data, "", str(path)).items():
            if key in table:
                raise FormkitError(f"wording key '{key}' is defined twice", path=str(path), hint="Keep one")
            table[key] = (text, str(path))
    return table


def _flatten(data: Any, prefix: str, source: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if not isinstance(data, dict):
        raise FormkitError("a locale file must be a mapping of keys to text", path=source, key=prefix or None)
    for key, value in data.items():
        full = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.update(_flatten(value, full, source))
        else:
            out[full] = str(value)
    return out


def fill(text: str, values: Mapping[str, Any], *, key: str, path: str | None = None) -> str:
    """Put ``values`` into the {placeholders} of ``text``: plain names only.

    Wording comes from overlays, i.e. from users: a format spec (``{title:>999999999}``), an
    attribute (``{title.__class__}``) or an unknown name is refused with a one-line error
    instead of running, crashing or printing formkit's internals.
    """
    from string import Formatter

    allowed = ", ".join("{" + v + "}" for v in values)
    hint = f"Use only {allowed}" if allowed else "This wording takes no placeholders"
    hint += "; write a literal brace as {{ or }}"
    out: list[str] = []
    try:
        parts = list(Formatter().parse(text))
    except ValueError as exc:
        raise FormkitError(f"wording '{key}' has a broken placeholder ({exc})", path=path, key=f"wording.{key}",
                           hint=hint) from None
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if name not in values or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise FormkitError(f"wording '{key}' has a placeholder formkit cannot fill: {shown}", path=path,
                               key=f"wording.{key}", hint=hint)
        out.append(str(values[name]))
    return "".join(out)


@cache
def english() -> Callable[..., str]:
    """The shipped English wording, for library calls made without a catalogue at hand (a script
    judging one checklist): ``english()("eligibility.no_name")``. No overlay, no terminology."""
    table = _locale_file(FALLBACK)

    def say(key: str, **values: Any) -> str:
        return fill(table[key], values, key=key) if values else table[key]
    return say


def available_languages() -> list[str]:
    return sorted(p.name for p in (templates_dir() / "locales").iterdir() if p.is_dir())


class Wording:
    """Look up fixed wording for one effective catalogue: ``words("selfassess.title")``."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        language = catalog.language
        self._table: dict[str, str] = {**_locale_file(FALLBACK)}
        if language != FALLBACK:
            base = language.split("-")[0]
            if not _locale_file(base) and not _locale_file(language) and "locale" not in catalog.origins:
                raise FormkitError(f"no wording for language '{language}'", key="language",
                                   path=catalog.origins.get("language"),
                                   hint=f"Use one of: {', '.join(available_languages())}, or add "
                                        f"templates/locales/{language}/ (or 'locale:' in the overlay)")
            self._table.update(_locale_file(base))
            self._table.update(_locale_file(language))
        check_wording(catalog)
        self._table.update(catalog.wording)

    def __call__(self, key: str, **values: Any) -> str:
        try:
            text = self._table[key]
        except KeyError:
            raise FormkitError(f"no wording for key '{key}'", path=str(Path(templates_dir(), "locales", FALLBACK)),
                               hint="Add the key to the locale file") from None
        text = self._catalog.terminology.apply(text, "wording")
        if values:
            text = fill(text, values, key=key, path=self._catalog.origins.get(f"wording:{key}"))
        return text

    def count(self, key: str, count: int, **values: Any) -> str:
        """Wording with a number in it, agreeing with the number: ``key_one`` when count is 1.

        English has two forms ("1 competency", "2 competencies"); a language with more adds
        its own keys here. The key without a suffix is the general (plural) form.
        """
        singular = f"{key}_one"
        return self(singular if count == 1 and singular in self._table else key, count=self.number(count), **values)

    def number(self, value: int) -> str:
        """A count as the language writes it: digits grouped by ``common.thousands_separator``
        (10,000); a space groups only numbers of five digits or more (1000, 10 000), as style
        guides that use one ask."""
        digits = str(abs(value))
        separator = self._table.get("common.thousands_separator", "")
        if not separator or len(digits) < (5 if separator.isspace() else 4):
            return str(value)
        grouped = f"{abs(value):,}".replace(",", separator)
        return f"-{grouped}" if value < 0 else grouped

    def origin(self, key: str) -> str | None:
        """The overlay file that set this key's wording, if any (for error messages)."""
        return self._catalog.origins.get(f"wording:{key}")

    def keys(self) -> list[str]:
        return sorted(self._table)

    def __contains__(self, key: object) -> bool:
        return key in self._table


def placeholders(key: str) -> tuple[str, ...]:
    """The {placeholders} formkit fills into wording ``key``: those of its English text.

    The shipped English wording is the contract between the documents and the overlays: a
    document fills exactly the names its English text uses.
    """
    from string import Formatter

    text = _locale_file(FALLBACK).get(key, "")
    return tuple(dict.fromkeys(name for _, name, _, _ in Formatter().parse(text) if name))


def check_wording(catalog: Catalog) -> None:
    """Refuse overlay wording with a placeholder its document cannot fill, before anything is made.

    The one check both `formkit overlay check` and every build run (through :class:`Wording`):
    an unknown name, a format code or an attribute is named with the key and the allowed names.
    Keys no document uses are left to :func:`unknown_wording_keys` (a warning).
    """
    from ..core.errors import raise_all

    known = _locale_file(FALLBACK)
    problems: list[FormkitError] = []
    for key in sorted(catalog.wording):
        if key in known:
            try:
                fill(catalog.wording[key], dict.fromkeys(placeholders(key), ""), key=key,
                     path=catalog.origins.get(f"wording:{key}"))
            except FormkitError as exc:  # every faulty key at once, not one per run
                problems.append(exc)
    raise_all(problems)


def unknown_wording_keys(catalog: Catalog) -> list[str]:
    """Overlay wording keys that no locale file defines (likely typos)."""
    known = set(_locale_file(FALLBACK))
    return sorted(k for k in catalog.wording if k not in known)
