"""`formkit translate export`: every translatable text as a gettext PO file, existing translations kept.

PO is what translators' tools (Poedit, Weblate, Lokalize, OmegaT) open; polib writes and reads
it (see README, "Translating formkit"). The file is the same bytes for the same inputs: no
creation date, no tool version that changes from run to run, entries in print order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..catalog.locale import FALLBACK, shipped_wording
from ..catalog.overlay import Overlay, load_overlays, shipped_overlays
from ..core.errors import FormkitError
from .roles import role_texts
from .sources import Entry, translatable

LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")  # what an overlay's 'language' accepts
BRACE_FLAG = "python-brace-format"  # gettext's own flag: msgfmt --check and editors check {names} too


@dataclass(frozen=True)
class Exported:
    """The PO file's bytes and how much of it already holds a translation."""

    data: bytes
    entries: int
    translated: int


def check_language(language: str, where: str = "--language") -> str:
    if not LANGUAGE.match(language):
        raise FormkitError(f"'{language}' is not a language code", key=where,
                           hint="Use a two-letter code such as fr or el, optionally with a region: es-US")
    if language == FALLBACK:
        raise FormkitError("English is the language translated from", key=where,
                           hint="Give the language to translate into, e.g. --language fr")
    return language


def split_overlays(paths: Iterable[str], language: str) -> tuple[list[Overlay], list[Overlay]]:
    """(source overlays, translation overlays) among the overlays given.

    An overlay that sets ``language`` to the target language is an existing translation (its
    texts become the msgstr); every other one customises the English being translated. The
    overlays formkit ships in that language come first, so `--language es` alone updates es.
    """
    given = load_overlays(paths)
    shipped = [o for o in load_overlays(shipped_overlays()) if o.data.get("language") == language]
    given_paths = {o.path for o in given}
    translations = [o for o in shipped if o.path not in given_paths]
    translations += [o for o in given if o.data.get("language") == language]
    sources = [o for o in given if o.data.get("language") != language]
    return sources, translations


def existing_translations(language: str, translations: Iterable[Overlay]) -> dict[str, str]:
    """context -> the translation already on disk: shipped locale, then each translation overlay."""
    found = {f"wording:{k}": v for k, v in shipped_wording(language.split("-")[0]).items()}
    found.update({f"wording:{k}": v for k, v in shipped_wording(language).items()})
    for overlay in translations:
        found.update({f"wording:{k}": text for k, (text, _file) in overlay.locale_wording.items()})
        found.update(overlay_texts(overlay.data))
    return found


def overlay_texts(data: Mapping[str, Any]) -> dict[str, str]:
    """The catalogue texts one overlay sets, under the contexts of :mod:`formkit.translate.sources`."""
    found: dict[str, str] = {}
    for cat_id, change in data.get("categories", {}).items():
        found.update({f"category:{cat_id}.{field}": change[field] for field in ("title", "description")
                      if field in change})
    found.update({f"statement:{k}": v for k, v in data.get("statements", {}).items()})
    for pid, change in data.get("principles", {}).items():
        found.update({f"principle:{pid}.{field}": change[field] for field in ("name", "description")
                      if field in change})
    for scale in data.get("scales", []):
        found[f"scale:{scale['id']}.title"] = scale["title"]
        for point in [*scale["points"], *([scale["not_applicable"]] if scale.get("not_applicable") else [])]:
            found[f"scale:{scale['id']}.{point['value']}.label"] = point["label"]
            if point.get("description"):
                found[f"scale:{scale['id']}.{point['value']}.description"] = point["description"]
    found.update({f"wording:{k}": v for k, v in data.get("wording", {}).items()})
    if "principles_introduction" in data:
        found["principles:introduction"] = data["principles_introduction"]
    found.update(_ccsa_texts(data.get("ccsa", {})))
    for rid, role in data.get("roles", {}).items():
        found.update({f"role:{rid}.{path}": text for path, text in role_texts(role)})
        found.update({f"role:{rid}.duties.{duty}.{field}": text
                      for duty, change in role.get("duty_wording", {}).items() for field, text in change.items()})
    return found


def _ccsa_texts(ccsa: Mapping[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for kind in ("behavioural", "technical"):
        part = ccsa.get(kind, {})
        found.update({f"ccsa:{kind}.{field}": part[field] for field in ("definition", "proficiency_definition")
                      if field in part})
        found.update({f"ccsa:{kind}.levels.{level}": name for level, name in part.get("levels", {}).items()})
    for cid, change in ccsa.get("competencies", {}).items():
        found.update({f"ccsa:{cid}.{field}": change[field] for field in ("name", "definition") if field in change})
    return found


def export_po(language: str, overlay_paths: Iterable[str] = (), catalog_path: str | None = None) -> Exported:
    """The PO file for ``language``: English sources of the effective catalogue, existing translations."""
    from ..catalog.effective import apply_overlays
    from ..catalog.load import load_catalog

    check_language(language)
    sources, translations = split_overlays(overlay_paths, language)
    catalog = apply_overlays(load_catalog(catalog_path), sources)
    entries = translatable(catalog)
    existing = existing_translations(language, translations)
    data = render_po(entries, existing, language, catalog.provenance)
    return Exported(data, len(entries), sum(1 for e in entries if existing.get(e.context)))


HEADER = """\
Translation of formkit's documents into {language}: the catalogue ({provenance})
and the fixed wording of every document family.
Fill in each msgstr. Keep every {{placeholder}} of the English exactly (write a literal brace
as {{{{ or }}}}); msgctxt is the key a translation is stored under, so leave it as it is.
An entry left empty or marked fuzzy is not used: the documents print the English there.
Then: formkit translate import THIS-FILE.po -o DIR, and build with -O DIR/{language}.yaml"""


def render_po(entries: list[Entry], existing: Mapping[str, str], language: str, provenance: str) -> bytes:
    import polib

    from .. import __version__

    po = polib.POFile(wrapwidth=78)
    po.header = HEADER.format(language=language, provenance=provenance)
    po.metadata = {
        "Project-Id-Version": f"formkit {__version__}",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",  # gettext's own blanks: a PO editor fills them in,
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",  # and the export stays the same bytes every run
        "Language-Team": "",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Formkit-Source": provenance,
    }
    for entry in entries:
        note = entry.where
        if entry.placeholders:
            note += "\nformkit fills in: " + ", ".join("{" + p + "}" for p in entry.placeholders)
        po.append(polib.POEntry(msgctxt=entry.context, msgid=entry.source, msgstr=existing.get(entry.context, ""),
                                comment=note, flags=[BRACE_FLAG] if entry.placeholders else []))
    return str(po).encode("utf-8")
