"""Options and helpers shared by the commands (kept apart from formkit.cli, which imports the commands)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def overlay_option(func: F) -> F:
    """--overlay FILE, repeatable; later overlays win."""
    return click.option("--overlay", "-O", "overlays", multiple=True, metavar="FILE",
                        type=click.Path(dir_okay=False),
                        help="Overlay (YAML or JSON) to apply; repeat to stack them, later ones win.")(func)


def catalog_option(func: F) -> F:
    return click.option("--catalog", "catalog_path", metavar="FILE", type=click.Path(dir_okay=False),
                        help="Use this catalogue instead of the one formkit ships.")(func)


def output_dir_option(help: str, default: str = "output") -> Callable[[F], F]:
    """-o/--output DIR, the folder a command writes into."""
    return click.option("--output", "-o", "out_dir", default=default, show_default=True, metavar="DIR",
                        type=click.Path(file_okay=False), help=help)


def force_option(help: str = "Replace files that hold someone's work (answers, edits, a password); "
                            "the old file is kept beside it as a timestamped .bak.") -> Callable[[F], F]:
    """--force: the one explicit way to replace a filled form."""
    return click.option("--force", is_flag=True, help=help)


def report_backup(old: Any, kept: Any) -> None:
    """Tell the user where --force put the file it replaced (one line on stderr)."""
    click.echo(f"Kept the old {old} as {kept.name}", err=True)


def bilingual_option(func: F) -> F:
    """--bilingual OVERLAY: each statement also in a second language, beneath, on forms and checklists."""
    return click.option("--bilingual", metavar="OVERLAY", default=None,
                        help="A language overlay (e.g. es) whose statements the self-assessments and checklists "
                             "print in italics beneath each statement; files are named -en-es.")(func)


def load_effective(overlays: tuple[str, ...], catalog_path: str | None = None, bilingual: str | None = None) -> Any:
    from ...catalog.effective import effective_catalog

    catalog = effective_catalog(overlays, catalog_path)
    if bilingual:
        from ...catalog.language import with_second_language

        catalog = with_second_language(catalog, bilingual, key="--bilingual")
    return catalog


def _texts(value: Any) -> Any:
    """Every string inside a catalogue (dataclasses, mappings, sequences), depth first."""
    import dataclasses
    from collections.abc import Mapping

    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _texts(k)
            yield from _texts(v)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _texts(item)


def warn_undrawable(catalog: Any) -> None:
    """Say once, on stderr, which characters the PDFs will print as empty boxes."""
    from ...pdfform.fonts import undrawable

    chars = undrawable(_texts(catalog))
    if not chars:
        return
    shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars[:8]) + (", ..." if len(chars) > 8 else "")
    click.echo(f"Warning: {len(chars)} character(s) in your text have no glyph in formkit's PDF font (DejaVu Sans) "
               f"and print as empty boxes in PDFs: {shown}. Word documents are not affected.", err=True)
