"""`formkit report`: growth and cohort reports from the answer store (PDF, and CSV for the numbers)."""

from __future__ import annotations

from typing import Any

import click

from ._options import catalog_option, force_option, load_effective, output_dir_option, overlay_option, report_backup
from ._store import existing_reader, existing_store, people_db_option, store_target


def _open(db: str | None) -> Any:
    """The store --db names; it must exist (a report never creates an empty one)."""
    return existing_store(store_target(db))


@click.group()
def report() -> None:
    """Write growth and cohort reports from the answer store: PDF, and CSV for the numbers.

    The store is what `formkit collect FILES --db` filled. Pass the overlays the forms were
    made with (-O) so the reports show your category titles and scale.

    \b
    Example:
      formkit report person p-1a2b3c4d5e --db collected/formkit.db
      formkit report cohort --program Riverbend --db collected/formkit.db -o reports/
    """


def _write(artifacts: list[Any], out_dir: str, force: bool) -> None:
    from ...runtime.outputs import write_artifacts

    for path in write_artifacts(artifacts, out_dir, force=force, on_backup=report_backup):
        click.echo(str(path))


@report.command("person")
@click.argument("person_id", metavar="ID")
@people_db_option
@overlay_option
@catalog_option
@output_dir_option("Folder to write the report into.", default="reports")
@force_option()
def person(person_id: str, db: str | None, overlays: tuple[str, ...], catalog_path: str | None, out_dir: str,
           force: bool) -> None:
    """One person's growth: ratings by round, self beside supervisor, conversation starters, plans.

    ID is the id `formkit people` lists. Conversation starters are the competencies where
    self and supervisor differ by two points or more, and those still "not yet had the
    chance" two rounds running. Writes person-<name>-<ID>.pdf and .csv.

    \b
    Example:
      formkit report person p-1a2b3c4d5e --db collected/formkit.db -o reports/
    """
    from ...reports import person_report

    catalog = load_effective(overlays, catalog_path)
    with existing_reader(store_target(db)) as store:  # an SQLite store at head: read without SQLAlchemy
        artifacts = person_report(store, person_id, catalog)
    _write(artifacts, out_dir, force)


@report.command("cohort")
@click.option("--program", metavar="P", help="Only the people of this program.")
@click.option("--supervisor", metavar="S", help="Only the people this supervisor supervises.")
@click.option("--round", "round_value", metavar="R", help="Only this round, e.g. baseline or followup.")
@people_db_option
@overlay_option
@catalog_option
@output_dir_option("Folder to write the report into.", default="reports")
@force_option()
def cohort(program: str | None, supervisor: str | None, round_value: str | None, db: str | None,
           overlays: tuple[str, ...], catalog_path: str | None, out_dir: str, force: bool) -> None:
    """A group's ratings per category, the "not yet had the chance" share and support asked for.

    Each round and rater is a group of its own; a group of fewer than five people is not
    shown (privacy), and the report says so where it would be. Writes cohort[-<filters>].pdf
    and .csv.

    \b
    Example:
      formkit report cohort --db collected/formkit.db
      formkit report cohort --program Riverbend --round followup --db collected/formkit.db
    """
    from ...reports import cohort_report

    catalog = load_effective(overlays, catalog_path)
    with _open(db) as store:
        artifacts = cohort_report(store, program=program, supervisor=supervisor, round=round_value, catalog=catalog)
    _write(artifacts, out_dir, force)
