"""`formkit overlay init|check|diff|schema`."""

from __future__ import annotations

import click

from ._options import catalog_option


@click.group()
def overlay() -> None:
    """Create and check organisation overlays (customisations of the catalogue)."""


@overlay.command()
@click.argument("file", default="overlay.yaml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def init(file: str, force: bool) -> None:
    """Write a commented starter overlay to FILE (default: overlay.yaml).

    \b
    Example:
      formkit overlay init riverbend.yaml
    """
    from pathlib import Path

    from ...core.errors import FormkitError
    from ...core.resources import templates_dir
    from ...runtime.outputs import Artifact, write_artifacts

    target = Path(file)
    if target.exists() and not force:
        raise FormkitError("file already exists; not overwriting it", path=file,
                           hint="Choose another name, or pass --force")
    starter = (templates_dir() / "overlays" / "starter.yaml").read_bytes()
    write_artifacts([Artifact(target.name, starter)], target.parent)
    click.echo(f"Wrote {file}. Edit it, then run: formkit overlay check {file}")


@overlay.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@catalog_option
def check(files: tuple[str, ...], catalog_path: str | None) -> None:
    """Check overlays (stacked in the order given) and summarise the result.

    \b
    Example:
      formkit overlay check state-board.yaml my-agency.yaml
    """
    from ...context.overlaycheck import check_overlays

    checked = check_overlays(files, catalog_path)
    cat, overlays = checked.catalog, checked.overlays
    for key in checked.unused_wording:
        click.echo(f"Warning: wording key '{key}' is not used by any document (a typo?)", err=True)
    click.echo(f"OK: {' -> '.join(o.path for o in overlays)}")
    cats, comps = len(cat.categories), len(cat.competencies)
    click.echo(f"{cats} categor{'y' if cats == 1 else 'ies'}, {comps} competenc{'y' if comps == 1 else 'ies'}; "
               f"rating scale {cat.rating_scale}; fingerprint {cat.fingerprint}.")


@overlay.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@catalog_option
def diff(files: tuple[str, ...], catalog_path: str | None) -> None:
    """Show what the overlays change against the base catalogue.

    \b
    Example:
      formkit overlay diff templates/overlays/samhsa-2015-draft.yaml
    """
    from ...catalog.diff import catalog_diff
    from ...context.overlaycheck import check_overlays

    checked = check_overlays(files, catalog_path)  # what check and build refuse, diff refuses too
    changes = catalog_diff(checked.base, checked.catalog)
    for line in changes:
        click.echo(line)
    click.echo(f"{len(changes)} change{'' if len(changes) == 1 else 's'}.")


@overlay.command()
def schema() -> None:
    """Print the overlay JSON Schema (for editor autocompletion).

    \b
    Example:
      formkit overlay schema > overlay.schema.json
    """
    import json

    from ...catalog.schema import schema as get_schema

    click.echo(json.dumps(get_schema("overlay"), indent=2))
