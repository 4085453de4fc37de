"""`formkit build`: the main job."""

from __future__ import annotations

import click

from ..cli import catalog_option, load_effective, overlay_option, warn_undrawable


@click.command()
@overlay_option
@catalog_option
@click.option("--output", "-o", "out_dir", default="output", show_default=True, metavar="DIR",
              type=click.Path(file_okay=False), help="Folder to write the documents into.")
@click.option("--only", "families", multiple=True, metavar="FAMILY",
              help="Build only this document family (repeatable). See the list below.")
@click.option("--force", is_flag=True, help="Replace forms that already hold someone's answers.")
def build(overlays: tuple[str, ...], catalog_path: str | None, out_dir: str, families: tuple[str, ...],
          force: bool) -> None:
    """Render every document family into the output folder.

    Everything is rendered first and written only if all of it succeeded; each file is
    written atomically. A form that already holds answers is not replaced without --force.

    \b
    Example:
      formkit build
      formkit build -O state-board.yaml -O my-agency.yaml -o out/
    """
    from ..build import FAMILIES
    from ..build import build as run_build

    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        raise click.BadParameter(f"unknown family {unknown[0]!r}; choose from: {', '.join(FAMILIES)}",
                                 param_hint="--only")
    catalog = load_effective(overlays, catalog_path)
    warn_undrawable(catalog)
    written = run_build(catalog, out_dir, families=families or None, force=force)
    click.echo(f"Wrote {len(written)} files into {out_dir}/ from {catalog.provenance}.")
