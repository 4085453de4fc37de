"""`formkit catalog show|export|validate`."""

from __future__ import annotations

import click

from ._options import catalog_option, load_effective, overlay_option

EXPORT_FORMATS = ("json", "csv", "markdown", "case")


@click.group()
def catalog() -> None:
    """Look at, export and check the competency catalogue."""


@catalog.command()
@overlay_option
@catalog_option
def show(overlays: tuple[str, ...], catalog_path: str | None) -> None:
    """Print the effective catalogue as a tree: categories and their competencies.

    \b
    Example:
      formkit catalog show
      formkit catalog show -O templates/overlays/example-agency.yaml
    """
    cat = load_effective(overlays, catalog_path)
    click.echo(cat.provenance)
    if cat.organisation.name:
        click.echo(f"Organisation: {cat.organisation.name}")
    for category in cat.categories:
        click.echo(f"\n{category.id}  {category.title}")
        for comp in category.competencies:
            mark = "  +" if comp.added_by else "   "
            click.echo(f"{mark} {comp.id:<7} {comp.statement}")
    click.echo(f"\n{len(cat.categories)} categories, {len(cat.competencies)} competencies, "
               f"{len(cat.principles)} principles, {len(cat.ccsa)} CCSA competencies; "
               f"rating scale: {cat.rating_scale}.")


@catalog.command()
@overlay_option
@catalog_option
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True,
              help="json: the whole catalogue; csv: one row per competency; markdown: a readable document; "
                   "case: 1EdTech CASE JSON (CFDocument, CFItems, CFAssociations).")
@click.option("--output", "-o", "out", default="-", metavar="FILE", type=click.Path(dir_okay=False),
              help="File to write; '-' (the default) prints to the terminal.")
def export(overlays: tuple[str, ...], catalog_path: str | None, fmt: str, out: str) -> None:
    """Export the effective catalogue as JSON, CSV, Markdown or CASE.

    \b
    Example:
      formkit catalog export --format csv -o competencies.csv
      formkit catalog export --format case -O my-org.yaml -o my-org.case.json
    """
    from pathlib import Path

    from ...documents.exports import render
    from ...runtime.outputs import Artifact, write_artifacts

    text = render(load_effective(overlays, catalog_path), fmt)
    if out == "-":
        click.echo(text, nl=False)
        return
    target = Path(out)
    write_artifacts([Artifact(target.name, text.encode("utf-8"))], target.parent)
    click.echo(f"Wrote {out}")


@catalog.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
def validate(file: str | None) -> None:
    """Check a catalogue file against formkit's catalogue schema (default: the shipped one).

    \b
    Example:
      formkit catalog validate
      formkit catalog validate my-catalog.json
    """
    from ...catalog.load import load_catalog
    from ...core.resources import catalog_path

    target = file or str(catalog_path())
    cat = load_catalog(target)
    click.echo(f"{target}: valid ({len(cat.categories)} categories, {len(cat.competencies)} competencies, "
               f"{len(cat.principles)} principles, {len(cat.ccsa)} CCSA competencies, {len(cat.scales)} scales).")
