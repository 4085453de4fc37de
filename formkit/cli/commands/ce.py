"""`formkit ce check`: continuing-education hours against a board's renewal rule."""

from __future__ import annotations

from datetime import date

import click

from ._options import load_effective, overlay_option


@click.group()
def ce() -> None:
    """Continuing education to renew a credential: check a ledger against a board's rule."""


@ce.command()
@click.argument("ledger", metavar="LEDGER.csv", type=click.Path(dir_okay=False))
@click.option("--board", "board_name", metavar="NAME",
              help="Board profile whose renewal rule applies (templates/boards/NAME.yaml, or a YAML file). Default: "
                   "the overlay's.")
@overlay_option
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="The day the renewal period ends (it reaches back the rule's months). Default: today.")
@click.option("--output", "-o", "out_csv", metavar="OUT.csv", type=click.Path(dir_okay=False),
              help="Also write one row per person to this CSV (spreadsheet-safe).")
def check(ledger: str, board_name: str | None, overlays: tuple[str, ...], as_of: str | None,
          out_csv: str | None) -> None:
    """Report each person's CE hours in the period, per sub-minimum, and what is still needed.

    LEDGER.csv has one row per activity: person, date (YYYY-MM-DD), hours (a plain number),
    category (e.g. ethics), and optionally provider and title. A row that cannot be read exactly
    stops the check, naming every such row; an exactly repeated row is counted once, with a warning.

    \b
    Example:
      formkit ce check ledger.csv --board icrc-pr --as-of 2026-12-01
      formkit ce check ledger.csv --board icrc-pr -o ce-check.csv
    """
    from pathlib import Path

    from ...context.boards import resolve_board
    from ...documents.ce import check_ledger, table, to_csv
    from ...runtime.outputs import write_atomic

    day = _day(as_of)
    board = resolve_board(load_effective(overlays), board_name)
    target = Path(out_csv) if out_csv else None
    if target is not None and target.resolve() == Path(ledger).resolve():
        from ...core.errors import FormkitError

        raise FormkitError("the output would replace the ledger it reads", path=out_csv, key="--output",
                           hint="Write the result to another file, e.g. -o ce-check.csv")
    report = check_ledger(ledger, board, day)
    for line in report.warnings:
        click.echo(f"Warning: {line}", err=True)
    click.echo("\n".join(table(report)))
    if target is not None:
        write_atomic(target, to_csv(report))
        click.echo(f"Wrote {target}")


def _day(text: str | None) -> date:
    """--as-of as a date (today when not given)."""
    from ...core.errors import FormkitError
    from ...documents.ce.ledger import parse_day

    if text is None:
        return date.today()
    day = parse_day(text.strip())
    if day is None:
        raise FormkitError(f"'{text}' is not a date written YYYY-MM-DD", key="--as-of",
                           hint="Give the day the renewal period ends, e.g. --as-of 2026-12-01")
    return day
