"""`formkit translate import`: a completed PO file -> a locale folder and a catalogue overlay.

Everything is checked before anything is written: a translation whose {placeholders} differ from
the English stops the import with one line per entry (the PO file, the msgctxt, the fix). What
is not translated (empty, fuzzy, or translated from English that has since changed) is left out,
so the documents print the English there, and listed, never printed as a blank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.locale import fill
from ..core.errors import FormkitError, raise_all
from .export import check_language, split_overlays
from .layout import locale_artifacts, overlay_artifact
from .sources import Entry, placeholders_of, translatable
from .writing import Artifact, guarded_write

FUZZY = "fuzzy"


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote, and what it left in English (each list holds msgctxt keys)."""

    language: str
    written: list[Path]
    total: int
    translated: int
    missing: list[str]  # empty or fuzzy, or not in the file: printed in English
    changed: list[str]  # the English changed since the file was exported: printed in English
    unknown: list[str] = field(default_factory=list)  # keys the catalogue does not have: left out
    overlay: Path | None = None


@dataclass
class _Reading:
    translations: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    problems: list[FormkitError] = field(default_factory=list)


def import_po(po_path: str | Path, out_dir: str | Path, overlay_paths: Iterable[str] = (),
              catalog_path: str | None = None, force: bool = False,
              on_backup: Callable[[Path, Path], None] | None = None) -> ImportResult:
    """Read ``po_path``, check it against the catalogue, write ``out_dir``/locales/<lang>/ and <lang>.yaml.

    ``overlay_paths`` are the English overlays the file was exported with (an agency's own
    competencies are then known keys). Nothing is written unless every entry passes.
    """
    from ..catalog.effective import apply_overlays
    from ..catalog.load import load_catalog

    path = Path(po_path)
    po = read_po(path)
    language = language_of(po, path)
    sources, _translations = split_overlays(overlay_paths, language)
    catalog = apply_overlays(load_catalog(catalog_path), sources)
    entries = {e.context: e for e in translatable(catalog)}
    reading = read_entries(po, entries, str(path))
    raise_all(reading.problems)
    root = Path(out_dir)
    artifacts = [*locale_artifacts(reading.translations, language, path.name),
                 overlay_artifact(reading.translations, catalog, language, path.name)]
    check_result(artifacts, catalog, root, language)
    written = guarded_write(artifacts, root, force=force, on_backup=on_backup)
    return ImportResult(language=language, written=written, total=len(entries),
                        translated=len(reading.translations), missing=reading.missing, changed=reading.changed,
                        unknown=reading.unknown, overlay=root / f"{language}.yaml")


def read_po(path: Path) -> Any:
    """The PO file parsed by polib, within formkit's input limits (size, UTF-8, not binary)."""
    import polib

    from ..core._yaml import read_text

    try:
        text = read_text(path, "PO")
    except FormkitError as exc:  # read_text speaks of YAML and JSON, the files it usually reads
        raise FormkitError(exc.message.replace("a PO (YAML or JSON text)", "a PO file (text)"), path=exc.path,
                           hint=exc.hint) from None
    if "\n" not in text:  # polib takes a one-line string for a file name
        text += "\n"
    try:
        return polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError, UnicodeError) as exc:
        detail = " ".join(str(exc).split())[:160]
        raise FormkitError(f"not a readable PO file ({detail})", path=str(path),
                           hint="Open it in a PO editor such as Poedit to find the fault, or export it again") from None


def language_of(po: Any, path: Path) -> str:
    """The PO header's Language, as formkit spells it (``pt_BR`` from a PO editor -> ``pt-BR``)."""
    language = str(po.metadata.get("Language", "")).strip().replace("_", "-")
    if not language:
        raise FormkitError("the PO header names no language", path=str(path), key="Language",
                           hint='Add the header line "Language: fr\\n" (formkit translate export writes it)')
    try:
        return check_language(language, where="Language")
    except FormkitError as exc:
        raise FormkitError(exc.message, path=str(path), key="Language", hint=exc.hint) from None


def read_entries(po: Any, entries: Mapping[str, Entry], path: str) -> _Reading:
    """Sort each PO entry into translated, missing, changed or unknown; collect placeholder problems."""
    out = _Reading()
    seen: set[str] = set()
    for item in po:
        if item.obsolete:
            continue
        context = item.msgctxt or f"(no msgctxt: {item.msgid[:40]!r})"
        entry = entries.get(context)
        if entry is None:
            out.unknown.append(context)
            continue
        if context in seen:
            out.problems.append(FormkitError("this msgctxt appears twice", path=path, key=context,
                                             hint="Keep one of the two entries"))
            continue
        seen.add(context)
        if item.msgid != entry.source:
            out.changed.append(context)
        elif FUZZY in item.flags or not item.msgstr.strip():
            out.missing.append(context)
        else:
            problem = check_translation(item.msgstr, entry, path)
            if problem is None:
                out.translations[context] = item.msgstr
            else:
                out.problems.append(problem)
    out.missing += [context for context in entries if context not in seen]
    return out


def check_translation(text: str, entry: Entry, path: str) -> FormkitError | None:
    """The one-line error for a translation formkit could not print, or None when it can."""
    from ..core._yaml import check_text

    try:
        check_text(text, Path(path), entry.context)
    except FormkitError as exc:
        return exc
    if entry.kind != "wording" and not entry.placeholders:  # printed as they are: no placeholders to fill
        return None
    wanted = ", ".join("{" + p + "}" for p in entry.placeholders) or "no placeholders"
    hint = f"Use exactly {wanted}, as the English does (write a literal brace as {{{{ or }}}})"
    try:
        names = placeholders_of(text)
    except ValueError as exc:
        return FormkitError(f"the translation has a broken placeholder ({exc})", path=path, key=entry.context,
                            hint=hint)
    if set(names) != set(entry.placeholders):
        shown = ", ".join("{" + n + "}" for n in names) or "none"
        return FormkitError(f"the translation's placeholders ({shown}) differ from the English's ({wanted})",
                            path=path, key=entry.context, hint=hint)
    try:
        fill(text, dict.fromkeys(entry.placeholders, ""), key=entry.key, path=path)
    except FormkitError as exc:
        return FormkitError(exc.message, path=path, key=entry.context, hint=hint)
    return None


def check_result(artifacts: list[Artifact], catalog: Any, root: Path, language: str) -> None:
    """Apply the overlay about to be written to the catalogue, in memory: what import writes, builds."""
    import hashlib

    from ..catalog import schema
    from ..catalog.effective import apply_overlays
    from ..catalog.locale import Wording
    from ..catalog.overlay import Overlay

    import yaml

    by_path = {a.relpath: a.data for a in artifacts}
    overlay_path = root / f"{language}.yaml"
    data = yaml.safe_load(by_path[f"{language}.yaml"])
    schema.validate("overlay", data, str(overlay_path))
    wording: dict[str, tuple[str, str]] = {}
    for relpath, raw in by_path.items():
        if relpath.startswith("locales/"):
            flat = _flatten(yaml.safe_load(raw) or {})
            wording.update({k: (v, str(root / relpath)) for k, v in flat.items()})
    data["locale"] = str(root / "locales" / language)
    overlay = Overlay(name=data["name"], path=str(overlay_path), data=data,
                      digest=hashlib.sha256(b"".join(by_path.values())).hexdigest(), locale_wording=wording)
    Wording(apply_overlays(catalog, [overlay]))


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        full = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            out.update(_flatten(value, full))
        else:
            out[full] = value
    return out
