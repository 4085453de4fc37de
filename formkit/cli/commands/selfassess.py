"""`formkit selfassess`: the fillable self-assessment mini-tools and booklet."""

from __future__ import annotations

import click

from ._store import people_db_option
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
@click.option("--person", "person_id", metavar="ID", default=None,
              help="Carry forward: this person's next-round forms, pre-filled from the answer store (see --db): "
                   "name, program, supervisor, round Follow-up, and last round's plan under 'Last time you "
                   "planned…'. Written to DIR/self-assessment/ID/.")
@people_db_option
@force_option()
def selfassess(overlays: tuple[str, ...], catalog_path: str | None, out_dir: str, categories: tuple[str, ...],
               rater: str, person_id: str | None, db: str | None, force: bool) -> None:
    """Write the fillable self-assessment forms: one per category, and a booklet.

    Each mini-tool holds the category's competencies with a rating on the configured scale,
    notes, strengths, learning needs and a learning plan. Forms work in Chrome, Firefox,
    Acrobat, Preview, Evince and on paper. A form that already holds answers is not
    replaced without --force.

    \b
    Example:
      formkit selfassess
      formkit selfassess -O my-agency.yaml --category CC1 --category CC9 -o forms/
      formkit selfassess --person p-1a2b3c4d5e --db collected/formkit.db --category CC1
      formkit selfassess --rater supervisor
    """
    from ...context import resolve
    from ...documents.selfassess import artifacts, check_categories
    from ...runtime.outputs import write_artifacts

    catalog = load_effective(overlays, catalog_path)
    check_categories(catalog, categories)
    warn_undrawable(catalog)
    context = resolve(catalog, ["self-assessment"])
    made = (_carried(context, person_id, db, categories, rater) if person_id
            else artifacts(context, categories or None, rater=rater))
    written = write_artifacts(made, out_dir, force=force, on_backup=report_backup)
    for path in written:
        click.echo(str(path))
    kind = "self-assessment" if rater == "self" else "supervisor assessment"
    click.echo(f"Wrote {len(written)} {kind} forms from {catalog.provenance}.")


def _carried(context, person_id: str, db: str | None, categories: tuple[str, ...], rater: str):  # type: ignore[no-untyped-def]
    """The person's next-round forms, from what the store holds about them."""
    from ...documents.selfassess.carry import CarriedForward, PlannedRow, carried_artifacts
    from ._store import existing_store, store_target

    with existing_store(store_target(db)) as store:
        person = store.person(person_id)
        plan = tuple(PlannedRow(e.scope, e.goal, e.steps, e.support, e.date, e.handwritten)
                     for e in store.last_plan(person_id))
    carried = CarriedForward(person.person_id, person.name, person.program, person.supervisor, plan)
    return carried_artifacts(context, carried, categories or None, rater=rater)
