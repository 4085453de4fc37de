"""`formkit translate export|import`: the translators' workflow (a gettext PO file out and back)."""

from __future__ import annotations

import click

from ._options import catalog_option, force_option, overlay_option, report_backup

SHOWN = 8  # keys named in a warning; the rest are counted


@click.group()
def translate() -> None:
    """Translate the documents: export every text to a PO file, import the finished file."""


@translate.command("export")
@click.option("--language", "-l", required=True, metavar="CODE", help="Language to translate into, e.g. fr or el.")
@click.option("--output", "-o", "out_file", metavar="FILE.po", type=click.Path(dir_okay=False),
              help="Where to write the PO file (default: CODE.po).")
@overlay_option
@catalog_option
@force_option("Replace a PO file that was changed since formkit wrote it (kept beside it as a .bak).")
def export(language: str, out_file: str | None, overlays: tuple[str, ...], catalog_path: str | None,
           force: bool) -> None:
    """Write every catalogue text and wording key, with its English, to a PO file.

    An overlay in the same language (given with -O, or shipped) fills in the existing
    translations, so a translator updates them instead of starting over.

    \b
    Example:
      formkit translate export --language fr -o fr.po
      formkit translate export --language es -O my-agency.yaml -o es.po
    """
    from pathlib import Path

    from ...translate import export_po
    from ...translate.writing import Artifact, guarded_write

    exported = export_po(language, overlays, catalog_path)
    target = Path(out_file or f"{language}.po")
    guarded_write([Artifact(target.name, exported.data)], target.parent, force=force, on_backup=report_backup)
    click.echo(f"Wrote {target}: {exported.entries} strings, {exported.translated} already translated. "
               f"Translate it, then run: formkit translate import {target} -o DIR")


@translate.command("import")
@click.argument("po_file", type=click.Path(dir_okay=False))
@click.option("--output", "-o", "out_dir", required=True, metavar="DIR", type=click.Path(file_okay=False),
              help="Folder to write DIR/CODE.yaml and DIR/locales/CODE/ into.")
@overlay_option
@catalog_option
@force_option("Replace files changed since formkit wrote them (each kept beside it as a .bak).")
def import_(po_file: str, out_dir: str, overlays: tuple[str, ...], catalog_path: str | None, force: bool) -> None:
    """Turn a translated PO file into a locale folder and a catalogue overlay.

    Give with -O the English overlays the file was exported with. Every {placeholder} is
    checked first; nothing is written if one is wrong. Strings left empty or fuzzy are listed
    and print in English.

    \b
    Example:
      formkit translate import fr.po -o translations/
      formkit build -O translations/fr.yaml
    """
    from ...translate import import_po

    result = import_po(po_file, out_dir, overlays, catalog_path, force=force, on_backup=report_backup)
    _warn("no translation (empty or fuzzy)", result.missing, result.total)
    _warn("a translation of English that has changed since the export (re-export, then review them)",
          result.changed, result.total)
    if result.unknown:
        click.echo(f"Warning: {len(result.unknown)} entries name keys the catalogue does not have and were left "
                   f"out (give with -O the overlays the file was exported with): {_first(result.unknown)}", err=True)
    click.echo(f"Wrote {result.overlay} and {len(result.written) - 1} files in "
               f"{result.overlay.parent / 'locales' / result.language if result.overlay else out_dir}: "
               f"{result.translated} of {result.total} strings translated.")
    click.echo(f"Build with it: formkit build -O {result.overlay}")


def _warn(what: str, keys: list[str], total: int) -> None:
    if keys:
        click.echo(f"Warning: {len(keys)} of {total} strings have {what}; the documents print the English "
                   f"for them: {_first(keys)}", err=True)


def _first(keys: list[str]) -> str:
    shown = ", ".join(keys[:SHOWN])
    return shown + (f", … ({len(keys) - SHOWN} more)" if len(keys) > SHOWN else "")
