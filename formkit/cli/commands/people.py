"""`formkit people`: who the answer store knows, and forgetting one of them."""

from __future__ import annotations

import click

from ._store import existing_store, people_db_option, store_target


@click.group(invoke_without_command=True)
@people_db_option
@click.pass_context
def people(ctx: click.Context, db: str | None) -> None:
    """List the people in the answer store: id, name, program, supervisor, forms stored.

    People are matched across rounds by the person_id a carried-forward form holds, else by
    name and program (case and spacing do not matter). The id is what `formkit selfassess
    --person`, `formkit report person` and `formkit people forget` take.

    \b
    Example:
      formkit people --db collected/formkit.db
      formkit people --db collected/formkit.db forget p-1a2b3c4d5e
    """
    ctx.obj = store_target(db)
    if ctx.invoked_subcommand is not None:
        return
    with existing_store(ctx.obj) as store:
        counts: dict[str, int] = {}
        for submission in store.submissions(latest_only=False):
            counts[submission.person_id] = counts.get(submission.person_id, 0) + 1
        everyone = store.people()
    click.echo("\t".join(("ID", "NAME", "PROGRAM", "SUPERVISOR", "FORMS")))
    for person in everyone:
        click.echo("\t".join((person.person_id, _cell(person.name), _cell(person.program),
                              _cell(person.supervisor), str(counts.get(person.person_id, 0)))))
    click.echo(f"{len(everyone)} people.", err=True)


def _cell(text: str) -> str:
    """One line per person, whatever was typed into a field (tabs and newlines included)."""
    return " ".join(text.split()) or "-"


@people.command()
@click.argument("person_id", metavar="ID")
@click.pass_obj
def forget(target: str, person_id: str) -> None:
    """Delete everything the store holds about one person, and say what was removed.

    The forms themselves (the PDF files) are not touched: delete those too if they must go.

    \b
    Example:
      formkit people forget p-1a2b3c4d5e
      formkit people --db postgresql+psycopg://me@db.example.org/answers forget p-1a2b3c4d5e
    """
    with existing_store(target) as store:
        person = store.person(person_id)
        removed = store.forget(person_id)
    parts = ", ".join(f"{count} {table}" for table, count in removed.items())
    click.echo(f"Forgot {person_id} ({_cell(person.name)}): removed {parts}.")
