"""`formkit scan`: read filled paper forms back from scans into collect's CSV and JSON."""

from __future__ import annotations

import sys

import click

from ._options import catalog_option, load_effective, output_dir_option, overlay_option
from ._store import checked_before_reading, open_output_store, store_finished


@click.command()
@click.argument("scans", nargs=-1, required=True, metavar="SCANS...")
@overlay_option
@catalog_option
@output_dir_option("Folder for responses.csv, responses.json, review.html and crops/.", default="scanned")
@click.option("--db", "db", is_flag=False, flag_value="", default=None, metavar="[PATH-OR-URL]",
              help="Also keep the answers in the answer store, as collect --db does (source: scan): formkit.db "
                   "beside the output when no value is given, else the SQLite file or postgresql+psycopg:// URL "
                   "named. Scans already stored are skipped; a mark in review is not stored as an answer; handwriting "
                   "is kept as its picture (shown by selfassess --person and report person); forms "
                   "printed without a person (selfassess --person) are not stored.")
@click.option("--report", is_flag=True, help="Also write collect's summary PDF per form for supervision "
              "(reports/), each handwritten note, reflection and plan shown as its picture.")
def scan(scans: tuple[str, ...], overlays: tuple[str, ...], catalog_path: str | None, out_dir: str,
         db: str | None, report: bool) -> None:
    """Read filled paper self-assessments and checklists back from scans: the same files as collect.

    Give PDFs of scans, TIFF (one page or many), PNG or JPEG files, or folders of them; the
    pages may be of many people, in any order, upside down. Each page is found by its QR code
    and its corner squares (printed on every form formkit makes, unless an overlay says
    scan_marks: false), and every circle is read. A clear single mark is the answer; a double
    mark, a faint or erased mark is left blank and listed in review.html with its picture, for
    a person to decide: formkit never guesses. Handwriting (notes, plans, names) is saved as
    pictures under crops/, named in the notes columns. Give the same overlays (-O) the forms
    were printed with. Certification checklists go to checklists.csv and eligibility.csv: their
    ratings and how-verified ticks are read; hours, dates and signatures are handwriting, so a
    checklist is never "eligible" from a scan: it "needs review", each thing to confirm listed
    with its crop in review.html. A page that cannot be read is reported in one line and the rest are
    read; the exit status is then 1. --report writes collect's summary per self-assessment, the
    handwriting shown as pictures; --db keeps the self-assessments' answers in the answer store
    (source: scan).

    \b
    Example:
      formkit scan scans/ -o results/
      formkit scan monday.pdf tuesday.tiff -O my-org.yaml
      formkit scan scans/ --report --db
    """
    from pathlib import Path

    from ...scan import scan as read_scans
    from ...scan.output import CropWriter, write_outputs

    catalog = load_effective(overlays, catalog_path)
    out = Path(out_dir)
    head = checked_before_reading(catalog, None, report)  # the reports' letterhead: its faults before reading
    store = open_output_store(db, out_dir) if db is not None else None  # a bad store stops us before any reading
    result = read_scans(scans, catalog, keep=CropWriter(out))
    write_outputs(result, out)
    if report:
        from ...scan.reports import write_reports

        write_reports(result, out, catalog, head)
    stored = _store(store, result, catalog, out) if store is not None else ("", 0)
    for file, number, reason in result.problems:
        where = f"{file} page {number}" if number else file
        click.echo(f"Skipped: {where}: {reason}", err=True)
    reviews = sum(1 for copy in result.copies for page in copy.pages for d in page.decisions if d.reason)
    pages = sum(len(copy.pages) for copy in result.copies) + sum(len(c.pages) for c in result.checklists)
    checklists = (f"; {len(result.checklists)} checklist(s) in {out}/eligibility.csv, "
                  f"{sum(len(c.verdict.confirm) for c in result.checklists)} thing(s) to confirm in {out}/review.html"
                  if result.checklists else "")
    click.echo(f"Read {pages} page(s) into {len(result.responses)} form(s) in {out}/responses.csv; "
               f"{reviews} mark(s) to review in {out}/review.html" + checklists
               + (f"; {len(result.problems)} page(s) not read" if result.problems else ""))
    if stored[0]:
        click.echo(stored[0])
    if result.problems or stored[1]:
        sys.exit(1)


def _store(store, result, catalog, out) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """The scanned forms into the store (formkit.store.scanned), their handwriting as the pictures
    written under ``out``: the closing line, and how many were not stored."""
    from ...store.scanned import store_scanned

    def read_crop(relative: str) -> bytes | None:  # only a crop this scan wrote under out/crops/
        path = out / relative
        inside = relative.startswith("crops/") and ".." not in relative.split("/")
        return path.read_bytes() if inside and path.is_file() else None

    ingester = store.ingester(catalog)
    store_scanned(ingester, result, catalog, read_crop)
    return store_finished(store, ingester, set())
