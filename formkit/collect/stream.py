"""`formkit collect` for any number of forms: every output written as the forms are read.

Holding each Response until the end cost about 0.3 MiB per form (issue 17: 10,000 forms would
need 3 GB). Here a form's CSV rows, its element of responses.json and (with reports) its
summary PDF are made where it was read, in a worker process (:func:`encode`), and the parent
appends them to the outputs in the order of the sorted file list, then lets them go; workers
run at most a few chunks ahead (:func:`formkit.collect.read_forms`). What the parent keeps is
a few counters and, with reports, the report names already given. The outputs are the same
bytes :func:`formkit.collect.to_csv` and :func:`formkit.collect.to_json` make, written through
:mod:`formkit.runtime.staged`: nothing replaces an old file before every form has been read, so a run
that fails or is killed part-way leaves the previous outputs as they were and no half file.

Library use::

    from formkit.collect.stream import write_collected
    totals = write_collected(files, catalog, "results/", on_skip=print)
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog.language import file_suffix
from ..catalog.model import Catalog
from ..runtime import csvout
from ..runtime.staged import Stage, staged
from . import (
    CSV_COLUMNS,
    JSON_CLOSE,
    JSON_CLOSE_EMPTY,
    JSON_FIRST,
    JSON_NEXT,
    JSON_OPEN,
    csv_rows,
    json_item,
    read_forms,
)
from .checklist_read import ChecklistResponse
from .read import Response
from .report_names import report_namer

if TYPE_CHECKING:
    from ..documents.letterhead import Letterhead
    from .letter import CohortLine


@dataclass(frozen=True)
class Encoded:
    """One form, ready to append: what the parent writes, and the little it reports."""

    file: str
    person: str
    csv: bytes  # its rows of responses.csv (no header)
    json: bytes  # its element of responses.json (one line, no comma)
    rows: int
    warnings: tuple[str, ...]
    report: bytes | None  # its summary PDF, when reports were asked for and it is not blank
    altered: bool = False  # changed after formkit made it (formkit.collect.verify)
    blank: bool = False  # nothing answered (formkit.collect.report.is_blank): no summary is made
    round: str = ""  # the assessment round and date the form gives, for the summary's file name
    date: str = ""
    stored: Any = None  # its rows for the answer store (formkit.store.storable.Storable), when asked for


@dataclass(frozen=True)
class EncodedChecklist:
    """One certification checklist, ready to append: its rows of checklists.csv and eligibility.csv,
    its decision letter (with reports) and the line the cohort summary gives it."""

    file: str
    person: str
    checklist_csv: bytes
    eligibility_csv: bytes
    warnings: tuple[str, ...]
    letter: bytes | None
    line: CohortLine


def encode(resp: Response | ChecklistResponse, catalog: Catalog, *, report: bool = False,
           head: Letterhead | None = None, board: str | None = None,
           store_rows: Callable[[Response, Catalog], Any] | None = None) -> Encoded | EncodedChecklist:
    """In the process that read the form: everything the outputs need from it, as bytes (the
    summary under ``head``, the organisation's letterhead with its logo, when given).

    A blank form (a name at most) gets no summary: there is nothing to talk over from it. A
    checklist is judged under ``board`` (formkit.collect.checklist_out.board_for). With
    ``store_rows`` (a module-level function of the store layer, formkit.store.storable.rows_of), a
    self-assessment's answer-store rows come too: the form is read once for both.
    """
    if isinstance(resp, ChecklistResponse):  # before importing the summaries' renderer, which it does not use
        return _encode_checklist(resp, catalog, report, head, board)

    from .report import is_blank, render_report

    blank = is_blank(resp)
    summary = render_report(resp, catalog, head) if report and not blank else None
    return Encoded(resp.file, resp.person, csv_rows(resp).encode("utf-8"), json_item(resp).encode("utf-8"),
                   len(resp.ratings), tuple(resp.warnings), summary, resp.form_check == "altered", blank,
                   resp.identity.get("round", ""), resp.identity.get("date", ""),
                   store_rows(resp, catalog) if store_rows is not None else None)


def _encode_checklist(resp: ChecklistResponse, catalog: Catalog, report: bool, head: Letterhead | None,
                      board: str | None) -> EncodedChecklist:
    from .checklist_out import checklist_rows, eligibility_row, judged
    from .letter import cohort_line, render_letter

    item = judged(resp, catalog, board)
    warnings = tuple([item.warning] if item.warning else []) + tuple(resp.warnings)
    letter = render_letter(item, catalog, head) if report else None
    return EncodedChecklist(resp.file, resp.person, checklist_rows(resp).encode("utf-8"),
                            eligibility_row(item).encode("utf-8"), warnings, letter, cohort_line(item))


@dataclass
class Totals:
    forms: int = 0
    rows: int = 0
    skipped: int = 0
    altered: int = 0
    blank: int = 0  # forms read with nothing answered (no summary written for them)
    checklists: int = 0  # certification checklists read (checklists.csv, eligibility.csv)
    verdicts: dict[str, int] = field(default_factory=dict)  # eligible / not yet / incomplete -> how many
    written: list[Path] = field(default_factory=list)


def write_collected(files: Sequence[Path], catalog: Catalog, out_dir: str | Path, *,
                    report_name: Callable[[Encoded], str] | None = None,
                    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None, jobs: int | None = None,
                    on_warning: Callable[[str, str], None] = lambda file, text: None,
                    on_skip: Callable[[str, str], None] = lambda file, reason: None,
                    head: Letterhead | None = None, board: str | None = None,
                    on_form: Callable[[Encoded | EncodedChecklist], None] | None = None,
                    store_rows: Callable[[Response, Catalog], Any] | None = None,
                    on_start: Callable[[], None] | None = None) -> Totals:
    """Read ``files`` into responses.csv and responses.json under ``out_dir`` (and, when ``report_name``
    is given, reports/summary-<report_name(form)>.pdf per form that is not blank; Totals.blank counts the rest).

    ``head`` is the summaries' letterhead (formkit.documents.letterhead; resolve the "reports" family
    for the logo). ``on_warning(file, text)`` and ``on_skip(file, reason)`` are told as forms are read;
    a skipped file is counted and the rest are still written. Existing outputs are replaced (an old
    one someone changed is kept as a .bak first, as ``build --force`` does). Certification checklists
    go to checklists.csv and eligibility.csv (judged under ``board``, see formkit.collect.checklist_out),
    and with reports to letters/ and cohort-summary.pdf.

    ``on_form(encoded)`` is given each form read, in order, with ``store_rows(response, catalog)``
    (made in the worker) in :attr:`Encoded.stored`: ``formkit collect --db`` stores them, one read
    per form. The store layer passes its function in; collect, below it, imports nothing of it;
    ``on_start()`` runs once the reading has started (formkit.collect.read_forms' ``started``).
    """
    totals = Totals()
    encoder = functools.partial(encode, report=report_name is not None, head=head, board=board,
                                store_rows=store_rows)
    checklists = _Checklists(report_name is not None, head, file_suffix(catalog))
    with staged(out_dir, force=True) as stage:
        table = stage.open("responses.csv")
        table.write(_header())
        array = stage.open("responses.json")
        array.write(JSON_OPEN.encode())
        for path, outcome in read_forms(files, catalog, progress, jobs=jobs, encode=encoder,
                                        hashed=store_rows is not None, started=on_start):
            if isinstance(outcome, str):
                totals.skipped += 1
                on_skip(str(path), outcome)
                continue
            for text in outcome.warnings:
                on_warning(outcome.file, text)
            if on_form is not None:
                on_form(outcome)
            if isinstance(outcome, EncodedChecklist):
                checklists.add(stage, outcome, totals)
                continue
            table.write(outcome.csv)
            array.write((JSON_FIRST if totals.forms == 0 else JSON_NEXT).encode() + outcome.json)
            totals.forms += 1
            totals.rows += outcome.rows
            totals.altered += outcome.altered
            totals.blank += outcome.blank
            if report_name is not None and outcome.report is not None:
                _write_report(stage, report_name(outcome), outcome.report)
        array.write((JSON_CLOSE if totals.forms else JSON_CLOSE_EMPTY).encode())
        table.close()
        array.close()
        checklists.finish(stage, catalog)
        totals.written = stage.commit()
    return totals


class _Checklists:
    """The checklist outputs of one run, opened at the first checklist read (a folder of
    self-assessments alone gets none); the parent keeps one short line per applicant for the
    cohort summary."""

    def __init__(self, report: bool, head: Letterhead | None, suffix: str = "") -> None:
        self.report, self.head = report, head
        self.suffix = suffix  # the language of a translated catalogue's letters: "-es"
        self.lines: list[CohortLine] = []
        self.namer = report_namer()  # letters/letter-<name>.pdf, unique in the run
        self.files: tuple[Any, Any] | None = None

    def add(self, stage: Stage, item: EncodedChecklist, totals: Totals) -> None:
        from .checklist_out import CHECKLIST_COLUMNS, ELIGIBILITY_COLUMNS, header

        if self.files is None:
            self.files = (stage.open("checklists.csv"), stage.open("eligibility.csv"))
            self.files[0].write(header(CHECKLIST_COLUMNS).encode("utf-8"))
            self.files[1].write(header(ELIGIBILITY_COLUMNS).encode("utf-8"))
        self.files[0].write(item.checklist_csv)
        self.files[1].write(item.eligibility_csv)
        totals.checklists += 1
        totals.verdicts[item.line.verdict] = totals.verdicts.get(item.line.verdict, 0) + 1
        self.lines.append(item.line)
        if item.letter is not None:
            name = self.namer(item.person or Path(item.file).stem)
            stage.write(f"letters/letter-{name}{self.suffix}.pdf", item.letter)

    def finish(self, stage: Stage, catalog: Catalog) -> None:
        from .letter import render_cohort

        if self.files is None:
            return
        for handle in self.files:
            handle.close()
        if self.report:
            stage.write(f"cohort-summary{self.suffix}.pdf", render_cohort(self.lines, catalog, self.head))


def _header() -> bytes:
    out = io.StringIO()
    csvout.writer(out).writerow(CSV_COLUMNS)
    return out.getvalue().encode("utf-8")


def _write_report(stage: Stage, name: str, pdf: bytes) -> None:
    stage.write(f"reports/summary-{name}.pdf", pdf)


__all__ = ["Encoded", "EncodedChecklist", "Totals", "encode", "write_collected"]
