"""`formkit collect`: read filled self-assessments back into a CSV, JSON and reports."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

import click

from ._options import catalog_option, load_effective, output_dir_option, overlay_option
from ._store import OutputStore, checked_before_reading, store_finished

if TYPE_CHECKING:
    from ...catalog.model import Catalog
    from ...collect.stream import Encoded, EncodedChecklist, Totals


def _tell(log: IO[str], line: str) -> None:
    log.write(line + "\n")


def _progress(items):  # type: ignore[no-untyped-def]
    """A progress bar on stderr for ten forms or more (fewer finish before a bar would help)."""
    if len(items) < 10:
        yield from items
        return
    with click.progressbar(items, label="Reading forms", file=sys.stderr,
                           item_show_func=lambda p: p.name if p else "") as bar:
        yield from bar


def _report_namer(catalog: Catalog) -> Callable[[Encoded], str]:
    """Names for the summary reports: the person's name (else the file's), the round and the
    date, see formkit.collect.report_names; then a translation's language (-es), as every file of
    a translated catalogue says it (formkit.catalog.language.file_suffix)."""
    from pathlib import Path

    from ...catalog.language import file_suffix
    from ...collect.report import report_namer

    name = report_namer()
    suffix = file_suffix(catalog)

    def report_name(form: Encoded) -> str:
        return name(form.person or Path(form.file).stem, form.round, form.date) + suffix

    return report_name


def _replay(spool) -> None:  # type: ignore[no-untyped-def]
    spool.seek(0)
    for line in spool:
        click.echo(line, err=True, nl=False)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILES-OR-FOLDERS...")
@overlay_option
@catalog_option
@output_dir_option("Folder for responses.csv, responses.json and reports/.", default="collected")
@click.option("--db", "db", is_flag=False, flag_value="", default=None, metavar="[PATH-OR-URL]",
              help="Also keep the answers in an answer store, over time: formkit.db beside the output when no "
                   "value is given (put --db last, or before another option), else the SQLite file or "
                   "postgresql+psycopg:// URL named. A file already stored is skipped.")
@click.option("--report", is_flag=True, help="Also write a summary PDF per person and round for supervision: "
              "every rating and note, reflections, the learning plan and an overview chart; for certification "
              "checklists, a decision letter per applicant (letters/) and cohort-summary.pdf.")
@click.option("--board", "board_name", metavar="NAME",
              help="Judge certification checklists by this board profile (templates/boards/NAME.yaml, or a YAML "
                   "file); a checklist of another board is reported. Default: the overlay's, else each "
                   "checklist's own.")
def collect(paths: tuple[str, ...], overlays: tuple[str, ...], catalog_path: str | None, out_dir: str,
            report: bool, db: str | None, board_name: str | None) -> None:
    """Read filled self-assessment forms into one CSV and one JSON file.

    Forms can be filled in any PDF reader, with pdftk or pypdf. Filled certification
    checklists go to checklists.csv (one row per applicant and competency) and
    eligibility.csv (one row per applicant: eligible, not yet or incomplete, with the
    reasons, the hours against each minimum and the signatures found). The CSV has one row per
    person and competency (id, statement as printed, rating value and label, notes).
    Each form is checked against the catalogue it names (the one given with -O/--catalog,
    the base one or a shipped overlay): a form whose embedded field list was changed after
    formkit made it is reported as altered and its rows are marked in the form_check column.
    A file or folder that cannot be read (damaged, a pipe, no permission) is reported in one
    line and skipped; the exit status is 1 if anything was skipped, but the good ones are
    still written.

    \b
    Example:
      formkit collect returned/ -o results/
      formkit collect alice.pdf bob.pdf --report
      formkit collect returned/ -o results/ --db
    """
    import tempfile

    from ...collect import find_pdfs
    from ...collect.stream import write_collected
    from ...store.storable import rows_of

    catalog = load_effective(overlays, catalog_path)
    head = checked_before_reading(catalog, board_name, report)
    problems: list[tuple[str, str]] = []  # folders that could not be read: reported and counted
    files = find_pdfs(paths, problems)
    store = OutputStore(db, out_dir, catalog) if db is not None else None  # opened once the reading has started
    told: set[tuple[str, str]] = set()  # (file, text) said once already: the store does not repeat it

    # Warnings and skips are told while the progress bar runs: kept on disk, not in memory, and
    # printed after it, warnings first, then the folders and files that could not be read.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as warned, \
            tempfile.TemporaryFile("w+", encoding="utf-8") as skipped:
        for folder, reason in problems:
            skipped.write(f"Skipped: {folder}: {reason}\n")
        totals = write_collected(
            files, catalog, out_dir, report_name=_report_namer(catalog) if report else None, progress=_progress,
            on_warning=lambda file, text: _tell_once(told, warned, "Warning", file, text),
            on_skip=lambda file, reason: _skipped(told, skipped, store, file, reason), head=head,
            board=board_name, on_form=_storing(store) if store is not None else None,
            store_rows=rows_of if store is not None else None, on_start=store.open if store is not None else None)
        _replay(warned)
        if totals.altered:
            click.echo(f"Warning: {totals.altered} form(s) were altered after formkit made them (see above): their "
                       "rows say 'altered' in the form_check column of responses.csv; check them with the person "
                       "before counting them", err=True)
        _replay(skipped)
    stored = store_finished(store.store, store.ingester, told) if store is not None and store.ingester else ("", 0)
    _tell_totals(totals, len(problems), out_dir, report, stored)




def _tell_once(told: set[tuple[str, str]], log: IO[str], kind: str, file: str, text: str) -> None:
    told.add((file, text))
    _tell(log, f"{kind}: {file}: {text}")




def _skipped(told: set[tuple[str, str]], log: IO[str], store: OutputStore | None, file: str, reason: str) -> None:
    """A file that could not be read: told now, and (with --db) counted as not stored."""
    _tell_once(told, log, "Skipped", file, reason)
    if store is not None and store.ingester is not None:
        store.ingester.report.failures.append((file, reason))


def _storing(store: OutputStore) -> Callable[[Encoded | EncodedChecklist], None]:
    """collect's per-form callback with --db: the rows its reader made go into the store (one read)."""
    from ...store.ingest import CHECKLIST_NOT_STORED

    def store_form(form: Encoded | EncodedChecklist) -> None:
        ingester = store.ingester
        assert ingester is not None  # opened when the reading started, before any form comes
        if getattr(form, "stored", None) is None:  # a certification checklist: its verdict is in eligibility.csv
            ingester.report.warnings.append((form.file, CHECKLIST_NOT_STORED))
        else:
            ingester.add(form.stored)  # type: ignore[union-attr]

    return store_form




def _tell_totals(totals: Totals, folders_unread: int, out_dir: str, report: bool,
                 stored: tuple[str, int] = ("", 0)) -> None:
    """The closing lines: what was read and written, and exit 1 if anything could not be read."""
    blank = ""
    if totals.blank:  # information, not a warning: a blank form was read and written to the data files
        blank = f", {totals.blank} of them blank" + (" (no summary written for them)" if report else "")
    checklists = ""
    if totals.checklists:
        counts = ", ".join(f"{totals.verdicts.get(v, 0)} {v}" for v in ("eligible", "not yet", "incomplete"))
        checklists = f" and {totals.checklists} certification checklists ({counts})"
    click.echo(f"Read {totals.forms} forms ({totals.rows} answers){blank}{checklists}; wrote {len(totals.written)} "
               f"files into {out_dir}/.")
    line, not_stored = stored
    if line:
        click.echo(line)
    failures = totals.skipped + folders_unread
    if not_stored and not failures:
        click.echo(f"{not_stored} form(s) were not stored; see the lines above.", err=True)
        sys.exit(1)
    if failures:
        what = "file(s) or folder(s)" if folders_unread else "file(s)"
        click.echo(f"{failures} {what} could not be read; see the lines above.", err=True)
        sys.exit(1)
