"""`formkit build`: the main job."""

from __future__ import annotations

import click

from ...context.families import FAMILIES
from ._options import (bilingual_option, catalog_option, force_option, load_effective, output_dir_option, overlay_option, report_backup,
                       warn_undrawable)


@click.command()
@overlay_option
@catalog_option
@output_dir_option("Folder to write the documents into.")
@click.option("--only", "families", multiple=True, metavar="FAMILY",
              help="Build only this document family (repeatable): " + ", ".join(FAMILIES) + ".")
@bilingual_option
@force_option()
def build(overlays: tuple[str, ...], catalog_path: str | None, out_dir: str, families: tuple[str, ...],
          bilingual: str | None, force: bool) -> None:
    """Render every document family into the output folder.

    Everything is rendered first and written only if all of it succeeded; each file is
    written atomically. A form that already holds answers is not replaced without --force.

    \b
    Example:
      formkit build
      formkit build -O state-board.yaml -O my-agency.yaml -o out/
      formkit build -O es -o out-es/          (the Spanish edition)
      formkit build --bilingual es -o out/    (English with Spanish beneath)
    """
    from ...context import resolve
    from ...documents.pipeline import build as run_build

    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        raise click.BadParameter(f"unknown family {unknown[0]!r}; choose from: {', '.join(FAMILIES)}",
                                 param_hint="--only")
    catalog = load_effective(overlays, catalog_path, bilingual)
    warn_undrawable(catalog)
    context = resolve(catalog, families or None)  # every input read and checked: nothing renders before
    written = run_build(context, out_dir, families=families or None, force=force, on_backup=report_backup)
    click.echo(f"Wrote {len(written)} files into {out_dir}/ from {catalog.provenance}.")
