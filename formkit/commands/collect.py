"""`formkit collect`: read filled self-assessments back into a CSV, JSON and reports."""

from __future__ import annotations

import sys

import click

from ._options import catalog_option, load_effective, output_dir_option, overlay_option


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILES-OR-FOLDERS...")
@overlay_option
@catalog_option
@output_dir_option("Folder for responses.csv, responses.json and reports/.", default="collected")
@click.option("--report", is_flag=True, help="Also write a summary PDF per person (bar charts, strengths, plan).")
def collect(paths: tuple[str, ...], overlays: tuple[str, ...], catalog_path: str | None, out_dir: str,
            report: bool) -> None:
    """Read filled self-assessment forms into one CSV and one JSON file.

    Forms can be filled in any PDF reader, with pdftk or pypdf. The CSV has one row per
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
    """
    from pathlib import Path

    from ..collect import collect as run_collect
    from ..collect import CollectResult, find_pdfs, to_csv, to_json
    from ..outputs import Artifact, write_artifacts

    catalog = load_effective(overlays, catalog_path)
    problems: list[tuple[str, str]] = []  # folders that could not be read: reported and counted
    files = find_pdfs(paths, problems)

    def progress(items):  # type: ignore[no-untyped-def]
        if len(items) < 10:
            yield from items
            return
        with click.progressbar(items, label="Reading forms", file=sys.stderr,
                               item_show_func=lambda p: p.name if p else "") as bar:
            yield from bar

    result = run_collect(files, catalog, progress=progress) if files else CollectResult()
    result.failures[:0] = problems
    for resp in result.responses:
        for warning in resp.warnings:
            click.echo(f"Warning: {resp.file}: {warning}", err=True)
    altered = sum(r.form_check == "altered" for r in result.responses)
    if altered:
        click.echo(f"Warning: {altered} form(s) were altered after formkit made them (see above): their rows say "
                   "'altered' in the form_check column of responses.csv; check them with the person before "
                   "counting them", err=True)
    for file, reason in result.failures:
        click.echo(f"Skipped: {file}: {reason}", err=True)
    items = [Artifact("responses.csv", to_csv(result.responses).encode("utf-8")),
             Artifact("responses.json", to_json(result.responses).encode("utf-8"))]
    if report:
        from ..collect.report import render_report, report_file_names

        people = [resp.person or Path(resp.file).stem for resp in result.responses]
        for resp, name in zip(result.responses, report_file_names(people)):
            items.append(Artifact(f"reports/{name}", render_report(resp, catalog)))
    written = write_artifacts(items, out_dir, force=True)
    rows = sum(len(r.ratings) for r in result.responses)
    click.echo(f"Read {len(result.responses)} forms ({rows} answers); wrote {len(written)} files into {out_dir}/.")
    if result.failures:
        what = "file(s) or folder(s)" if problems else "file(s)"
        click.echo(f"{len(result.failures)} {what} could not be read; see the lines above.", err=True)
        sys.exit(1)
