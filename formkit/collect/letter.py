"""The decision letter per applicant, and the cohort summary, for filled certification checklists.

A board writes to each applicant: eligible, not yet, or incomplete, and why. The letter says
the verdict of formkit.collect.eligibility in full sentences (what is missing, which rule is
not met, the hours against each minimum), under the letterhead of the overlay's organisation,
else the board's name. The cohort summary is one table: every applicant, the verdict and the
reasons, for the board's meeting. Both are drawn on formkit's one page engine
(formkit.pdfpage), tagged like every formkit PDF; documents, not forms (no field schema).
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePath
from collections.abc import Sequence
from dataclasses import dataclass

from ..catalog.language import translation_notice
from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..core.hours import format_hours
from ..core.xmltext import escape
from ..documents.letterhead import Letterhead, draw_pdf, from_catalog
from ..pdfform.writer import DocInfo
from .checklist_out import Judged
from .eligibility import ELIGIBLE, INCOMPLETE, NOT_YET
from .report_pages import ReportPages
from .report_pages import verbatim as _verbatim

SHOWN = 300  # characters of one typed value (a name, a file) a letter prints
HOURS_WIDTHS = (200.0, 80.0, 80.0)  # what, logged, minimum; the result takes the rest
COHORT_WIDTHS = (70.0, 130.0, 60.0)  # id, name, verdict; the reasons take the rest
VERDICT_KEYS = {ELIGIBLE: "letter_eligible", NOT_YET: "letter_not_yet", INCOMPLETE: "letter_incomplete"}


@dataclass(frozen=True)
class CohortLine:
    """What the cohort summary says of one applicant (all the parent keeps of a checklist)."""

    applicant_id: str
    name: str
    verdict: str
    reasons: str


def cohort_line(item: Judged) -> CohortLine:
    v = item.verdict
    return CohortLine(item.resp.applicant.get("applicant_id", "")[:SHOWN], item.resp.person[:SHOWN], v.final,
                      "; ".join(v.missing + v.not_met)[:1000])


class _Document(ReportPages):
    """A letter-sized tagged document under a letterhead, with "Page x of y" in the footer: the
    reports' page (:class:`ReportPages`) with the board's letterhead and a title on top."""

    def __init__(self, catalog: Catalog, head: Letterhead | None, title: str, issuer: str) -> None:
        words = Wording(catalog)
        self.head = head or from_catalog(catalog, words, issuer)
        if not self.head.name:
            self.head = dataclasses.replace(self.head, name=issuer)
        self.title = title
        super().__init__(DocInfo(title=title, form_kind="letter", lang=catalog.language, author=self.head.name,
                                 subject=translation_notice(catalog, words), catalog_id=catalog.id, catalog_version=catalog.version,
                                 fingerprint=catalog.fingerprint), words, "collect.report_page")
        draw_pdf(self.flow, self.head, name_size=12, text_size=10)
        self.heading(title, 1)
        self.translation_line(catalog)

    def para(self, markup: str, style: str = "body", after: float = 3.0) -> None:
        super().para(markup, style, after)

    def items(self, heading: str, texts: Sequence[str]) -> None:
        """A heading and one paragraph per item (a reason, a missing piece)."""
        if not texts:
            return
        self.heading(heading, 2)
        for text in texts:
            self.para("• " + escape(text[:2000]))


def render_letter(item: Judged, catalog: Catalog, head: Letterhead | None = None) -> bytes:
    """One applicant's decision letter as PDF bytes (deterministic)."""
    resp, v = item.resp, item.verdict
    words = Wording(catalog)
    name = resp.person[:SHOWN] or words("collect.letter_unnamed")
    board = item.board.name if item.board is not None else resp.board.get("name", resp.board.get("id", ""))
    doc = _Document(catalog, head, _verbatim(words, "collect.letter_title", name=name), board)
    doc.para(escape(_verbatim(words, "collect.letter_about", name=name,
                              id=resp.applicant.get("applicant_id", "")[:SHOWN],
                              credential=resp.applicant.get("credential", "")[:SHOWN], board=board,
                              form=resp.board.get("form", ""), version=resp.board.get("version", ""),
                              file=PurePath(resp.file).name[-SHOWN:])), "small")
    doc.heading(words("collect.letter_decision_heading"), 2)
    doc.para(f"<b>{escape(words('collect.' + VERDICT_KEYS[v.final]))}</b>")
    doc.items(words("collect.letter_missing_heading"), v.missing)
    doc.items(words("collect.letter_not_met_heading"), v.not_met)
    if v.totals:
        _hours_table(doc, words, item)
    if v.signatures:
        doc.para(escape(words("collect.letter_signatures", **{who: v.signatures.get(who, "—")
                                                              for who in ("applicant", "supervisor", "evaluator")})))
    doc.items(words("collect.letter_notes_heading"), ([item.warning] if item.warning and item.board else []) + v.notes)
    doc.para(escape(words("collect.letter_closing")), "small")
    return doc.finish()


def _hours_table(doc: _Document, words: Wording, item: Judged) -> None:
    v = item.verdict

    def result(hours, minimum) -> str:  # type: ignore[no-untyped-def]
        if minimum is None:
            return ""
        short = minimum - hours
        return words("collect.letter_met") if short <= 0 else words("collect.letter_short", hours=format_hours(short))

    rows = [[escape(words(f"collect.letter_log_{t.log}")), format_hours(t.hours), format_hours(t.minimum),
             escape(result(t.hours, t.minimum))] for t in v.totals]
    rows += [[escape(_verbatim(words, "collect.letter_domain", domain=d.name)), format_hours(d.hours),
              format_hours(d.minimum), escape(result(d.hours, d.minimum))] for d in v.domains]
    doc.heading(words("collect.letter_hours_heading"), 2)
    doc.table([words(f"collect.letter_col_{k}") for k in ("what", "logged", "minimum", "result")], HOURS_WIDTHS, rows)


def render_cohort(lines: Sequence[CohortLine], catalog: Catalog, head: Letterhead | None = None) -> bytes:
    """The cohort summary: the counts, then one row per applicant (deterministic bytes)."""
    words = Wording(catalog)
    doc = _Document(catalog, head, words("collect.letter_cohort_title"), "formkit")
    counts = {verdict: sum(1 for line in lines if line.verdict == verdict) for verdict in VERDICT_KEYS}
    doc.para(escape(words("collect.letter_cohort_counts", total=len(lines), eligible=counts[ELIGIBLE],
                          not_yet=counts[NOT_YET], incomplete=counts[INCOMPLETE])))
    rows = [[escape(line.applicant_id), escape(line.name or words("collect.letter_unnamed")),
             escape(_verdict(words, line.verdict)), escape(line.reasons)] for line in lines]
    doc.table([words(f"collect.letter_col_{k}") for k in ("id", "name", "verdict", "reasons")], COHORT_WIDTHS, rows)
    return doc.finish()


def _verdict(words: Wording, verdict: str) -> str:
    """A verdict as the cohort summary prints it, in the letters' language (the CSV keeps the code)."""
    key = "collect.letter_verdict_" + VERDICT_KEYS[verdict].removeprefix("letter_") if verdict in VERDICT_KEYS else ""
    return words(key) if key else verdict


__all__ = ["CohortLine", "cohort_line", "render_cohort", "render_letter"]
