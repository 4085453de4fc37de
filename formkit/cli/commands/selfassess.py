"""`formkit selfassess`: the fillable self-assessment mini-tools and booklet."""

from __future__ import annotations

import click

from ._options import (catalog_option, force_option, load_effective, output_dir_option, overlay_option, report_backup,
                       warn_undrawable)


@click.command()
@overlay_option
@catalog_option
@output_dir_option("Folder to write into (forms go to DIR/self-assessment/).")
@click.option("--category", "categories", multiple=True, metavar="ID",
              help="Only this category's mini-tool, e.g. CC3 (repeatable). The booklet is always written.")
@click.option("--rater", default="self", show_default=True, type=click.Choice(["self", "supervisor"]),
              help="Who fills the forms in: the peer worker (self) or their supervisor, whose version asks "
                   "about the peer worker and is written as supervisor-assessment-*.pdf.")
@force_option()
def selfassess(overlays: tuple[str, ...], catalog_path: str | None, out_dir: str, categories: tuple[str, ...],
               rater: str, force: bool) -> None:
    """Write the fillable self-assessment forms: one per category, and a booklet.

    Each mini-tool holds the category's competencies with a rating on the configured scale,
    notes, strengths, learning needs and a learning plan. Forms work in Chrome, Firefox,
    Acrobat, Preview, Evince and on paper. A form that already holds answers is not
    replaced without --force.

    \b
    Example:
      formkit selfassess
      formkit selfassess -O my-agency.yaml --category CC1 --category CC9 -o forms/
      formkit selfassess --rater supervisor
    """
    from ...context import resolve
    from ...documents.selfassess import artifacts, check_categories
    from ...runtime.outputs import write_artifacts

    catalog = load_effective(overlays, catalog_path)
    check_categories(catalog, categories)
    warn_undrawable(catalog)
    context = resolve(catalog, ["self-assessment"])
    written = write_artifacts(artifacts(context, categories or None, rater=rater), out_dir, force=force, on_backup=report_backup)
    for path in written:
        click.echo(str(path))
    kind = "self-assessment" if rater == "self" else "supervisor assessment"
    click.echo(f"Wrote {len(written)} {kind} forms from {catalog.provenance}.")
