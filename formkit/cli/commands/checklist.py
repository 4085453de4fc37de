"""`formkit checklist`: certification checklists (blank, or one pre-filled per applicant)."""

from __future__ import annotations

import sys

import click

from ._options import (catalog_option, force_option, load_effective, output_dir_option, overlay_option, report_backup,
                       warn_undrawable)


@click.command()
@overlay_option
@catalog_option
@click.option("--board", "board_name", metavar="NAME",
              help="Board profile (templates/boards/NAME.yaml, or a YAML file); see --list. Default: the overlay's, "
                   "else 'custom'.")
@click.option("--list", "list_boards", is_flag=True, help="List the board profiles formkit ships and exit.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "both"]), default="both", show_default=True,
              help="Which documents to write (the batch always writes PDFs).")
@click.option("--applicants", "applicants", metavar="FILE.csv", type=click.Path(dir_okay=False),
              help="CSV with columns id,name[,organisation,credential]: one pre-filled PDF per row.")
@click.option("--name-pattern", default="{id}-{name}", show_default=True, metavar="PATTERN",
              help="File name per applicant; placeholders {id} {name} {organisation} {credential} {line}.")
@output_dir_option("Folder to write into (files go into DIR/checklists/).")
@force_option("Replace checklists that hold someone's work (answers, edits, a password); the old file is "
              "kept beside it as a timestamped .bak.")
def checklist(overlays: tuple[str, ...], catalog_path: str | None, board_name: str | None, list_boards: bool,
              fmt: str, applicants: str | None, name_pattern: str, out_dir: str, force: bool) -> None:
    """Write a certification checklist for a board: fillable PDF and Word.

    With --applicants, write one PDF per applicant with their details pre-filled, an
    index.csv listing every row, and report bad rows (by line number) at the end.

    \b
    Example:
      formkit checklist --board icrc-pr
      formkit checklist -O my-board.yaml --format pdf -o out/
      formkit checklist --board icrc-pr --applicants cohort.csv -o out/cohort
      formkit checklist --list
    """
    if list_boards:
        _list_boards()
        return
    from ...core.errors import FormkitError, FormkitErrors

    catalog = load_effective(overlays, catalog_path)
    if applicants is None:
        from ...context import resolve
        from ...documents.checklist import render
        from ...runtime.outputs import write_artifacts

        context = resolve(catalog, ["checklists"], board=board_name)  # the board and the checklist's limits
        warn_undrawable(catalog)
        formats = ("pdf", "docx") if fmt == "both" else (fmt,)
        written = write_artifacts(render(context, formats), out_dir, force=force,
                                  on_backup=report_backup)
        for path in written:
            click.echo(f"Wrote {path}")
        return

    from ...context.boards import resolve_board
    from ...documents.checklist.applicants import read_applicants
    from ...documents.checklist.batch import run_batch

    board = resolve_board(catalog, board_name)
    warn_undrawable(catalog)
    total = sum(1 for _ in read_applicants(applicants))

    def progress(rows):  # type: ignore[no-untyped-def]
        with click.progressbar(rows, length=total, label="Checklists", file=sys.stderr,
                               show_pos=True) as bar:
            yield from bar

    from pathlib import Path

    # The blank comes from the cache when a run made it from the same inputs; the rest of the
    # context (fonts, the checklist's limit checks) is resolved only when it must be drawn.
    result = run_batch(catalog, board, applicants, Path(out_dir) / "checklists", pattern=name_pattern,
                       force=force, progress=progress)
    for old, kept in result.backups:
        report_backup(old, kept)
    plural = "" if result.written == 1 else "s"
    click.echo(f"Wrote {result.written} checklist{plural} and {result.index} ({board.name}).")
    if result.errors:
        raise FormkitErrors([FormkitError(e.message, path=applicants, key=f"line {e.line}", hint=e.hint)
                             for e in result.errors])


def _list_boards() -> None:
    """One line per shipped board profile: the name --board takes, the board (and its credential)."""
    from ...context.boards import available_boards, load_profile

    for name in available_boards():
        data, _ = load_profile(name)
        title, credential = str(data.get("name", name)), str(data.get("credential", ""))
        credential = f"; credential: {credential}" if credential and credential != title else ""
        example = f" (example as of {data['as_of']}: verify with the board)" if data.get("example") else ""
        click.echo(f"{name:16} {title}{credential}{example}")
