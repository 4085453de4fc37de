"""The checklist's content, described once: what every section says and which fields it holds.

The PDF (checklist/pdf.py, pdftables.py) and the Word document (checklist/docx.py) both walk
this description, so a section, a column or a sentence is added in one place and appears in
both. It holds text and field names only; where things go on a page is each renderer's own
business. Built from a resolved context (formkit.context), so it reads no files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import __version__
from ...catalog.language import translation_notice
from ...context.boards import Board, describe
from ..letterhead import Letterhead, letterhead
from .signing import Attestation, BoardUse, TextField, attestations, board_use

if TYPE_CHECKING:
    from ...catalog.locale import Wording
    from ...context import Context

# Applicant fields the batch pre-fills: (field name, wording key, maxlen).
APPLICANT_FIELDS = (("applicant_name", "checklist.applicant_name", 120),
                    ("applicant_id", "checklist.applicant_id", 60),
                    ("credential", "checklist.credential", 120),
                    ("organisation", "checklist.organisation", 120))


@dataclass(frozen=True)
class Method:
    """A way a competency is verified (observation, attestation, ...)."""

    id: str
    short: str  # the column's abbreviation
    long: str


@dataclass(frozen=True)
class CompetencyRow:
    id: str
    field_id: str  # the competency id as a field-name part: CC6.A1 -> CC6_A1
    statement: str
    domain_line: str  # "Domain: ..." when the board maps the competency, else ""
    second: str  # a bilingual checklist's statement in its second language, printed beneath, or ""
    verified_tips: tuple[str, ...]  # one per Method
    rating_tip: str
    date_tip: str
    initials_tip: str


@dataclass(frozen=True)
class CategoryRows:
    title: str  # "CC1  Title"
    rows: tuple[CompetencyRow, ...]


@dataclass(frozen=True)
class CompetencyTable:
    id_label: str
    statement_label: str
    verified_label: str
    date_label: str
    initials_label: str
    methods: tuple[Method, ...]
    ratings: tuple[tuple[str, str], ...]  # (value, label) of the board's scale
    categories: tuple[CategoryRows, ...]
    second_language: str = ""  # the language of the rows' ``second`` statements, on a bilingual checklist


@dataclass(frozen=True)
class Count:
    value: str
    label: str
    tip: str


@dataclass(frozen=True)
class Summary:
    heading: str
    rule: str
    counts: tuple[Count, ...]
    result_label: str
    result_tip: str
    yes: str
    no: str
    evaluator_label: str
    evaluator_tip: str


@dataclass(frozen=True)
class LogColumn:
    name: str  # field-name part: title, hours, dom_<domain id>, ...
    label: str  # the header cell
    full_label: str  # the label with the domain's name, for tooltips
    numeric: bool  # hours: totalled, with the board's minimum under it
    minimum: str  # the minimum row's text (numeric columns only)
    cell_tips: tuple[str, ...]  # the tooltip of this column's field in each row
    total_tip: str  # the tooltip of its total field (numeric columns only)


@dataclass(frozen=True)
class Log:
    key: str  # training, experience, supervision
    title: str
    columns: tuple[LogColumn, ...]
    rows: int
    note: str  # the hours required in total


@dataclass(frozen=True)
class Logs:
    heading: str
    legend: str
    total_label: str
    minimum_label: str
    logs: tuple[Log, ...]


@dataclass(frozen=True)
class Narrative:
    heading: str
    prompt: str
    limit: str
    tip: str
    word_limit: int | None


@dataclass(frozen=True)
class Instructions:
    heading: str
    text: str
    scale: str
    verified: str
    rule: str


@dataclass(frozen=True)
class Checklist:
    """One board's checklist, top to bottom (see the module docstring)."""

    board: Board
    language: str
    second_language: str  # a bilingual checklist's second language (its statements beneath), or ""
    provenance: str
    title: str
    document_title: str  # "Certification checklist: <board>", for document properties
    form_line: str  # "<form number> · <version>"
    organisation: str
    letterhead: Letterhead  # the overlay's organisation, else the board: name, address, logo, accent
    subtitle: str
    notice: str  # the example profile's notice (verify with the board), or ""
    translation: str  # a translation's notice (unofficial, for review, its English source), or ""
    applicant_heading: str
    applicant: tuple[TextField, ...]
    instructions: Instructions
    table: CompetencyTable
    summary: Summary
    logs: Logs
    narrative: Narrative
    attestations: tuple[Attestation, ...]  # applicant (with the code of ethics), supervisor, evaluator
    board_use: BoardUse
    footer: str
    page_of: tuple[str, str, str]  # "Page ", " of ", "": the text around the page number and count
    generated_by: str

    def page_label(self, page: int | str, pages: int | str) -> str:
        before, middle, after = self.page_of
        return f"{before}{page}{middle}{pages}{after}"


def field_id(competency_id: str) -> str:
    """An ASCII field-name part for a competency id: CC6.A1 -> CC6_A1."""
    return re.sub(r"[^A-Za-z0-9]", "_", competency_id)


def hours(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def checklist(context: Context) -> Checklist:
    """The checklist of the context's board, every text in the context's wording."""
    catalog, words, b = context.catalog, context.words, context.checklist_board
    title = words("checklist.title")
    notice = words("checklist.example_notice", as_of=b.as_of, sources=" ".join(b.sources)) if b.example else ""
    before, rest = words("common.page_of", page="\x00", pages="\x01").split("\x00")
    middle, after = rest.split("\x01")
    return Checklist(
        board=b, language=catalog.language, second_language=catalog.second_language, provenance=catalog.provenance, title=title,
        document_title=f"{title}: {b.name}", form_line=f"{b.form_number} · {b.form_version}",
        organisation=catalog.organisation.name, letterhead=letterhead(context, fallback=b.name),
        subtitle=words("checklist.subtitle", board=b.name, credential=b.credential),
        notice=notice, translation=translation_notice(catalog, words),
        applicant_heading=words("checklist.applicant_heading"),
        applicant=tuple(TextField(name, words(key), maxlen) for name, key, maxlen in APPLICANT_FIELDS),
        instructions=_instructions(words, b), table=_table(context), summary=_summary(words, b),
        logs=_logs(words, b), narrative=_narrative(words, b), attestations=attestations(words),
        board_use=board_use(words),
        footer=words("checklist.footer", number=b.form_number, version=b.form_version, board=b.name),
        page_of=(before, middle, after),
        generated_by=words("common.generated_by", version=__version__, provenance=catalog.provenance))


def _rule(words: Wording, b: Board) -> str:
    return f"{words('checklist.pass_rule_heading')}: {describe(b.pass_rule, b.scale, words)}"


def _instructions(words: Wording, b: Board) -> Instructions:
    labels = "  ·  ".join(f"{p.label}" + (f": {p.description}" if p.description else "") for p in b.scale.choices)
    methods = "  ·  ".join(f"{words('checklist.verify_short_' + m)} = {words('checklist.verify_' + m)}"
                           for m in b.verification)
    return Instructions(heading=words("checklist.instructions_heading"), text=words("checklist.instructions"),
                        scale=f"{words('checklist.scale_heading')}: {labels}",
                        verified=f"{words('checklist.verified_heading')}: {methods}", rule=_rule(words, b))


def _table(context: Context) -> CompetencyTable:
    words, b = context.words, context.checklist_board
    methods = tuple(Method(m, words("checklist.verify_short_" + m), words("checklist.verify_" + m))
                    for m in b.verification)
    categories = []
    for cat in context.catalog.categories:
        if not cat.competencies:
            continue
        rows = []
        for comp in cat.competencies:
            dom = b.domain_of(comp.id)
            rows.append(CompetencyRow(
                id=comp.id, field_id=field_id(comp.id), statement=comp.statement,
                second=context.catalog.second_statements.get(comp.id, ""),
                domain_line=words("checklist.domain_prefix", domain=dom.name) if dom else "",
                verified_tips=tuple(words("checklist.tip_verified", id=comp.id, method=m.long) for m in methods),
                rating_tip=words("checklist.tip_rating", id=comp.id, statement=comp.statement),
                date_tip=words("checklist.tip_date", id=comp.id),
                initials_tip=words("checklist.tip_initials", id=comp.id)))
        categories.append(CategoryRows(f"{cat.id}  {cat.title}", tuple(rows)))
    return CompetencyTable(
        id_label=words("checklist.col_id"), statement_label=words("checklist.col_statement"),
        verified_label=words("checklist.col_verified"), date_label=words("checklist.col_date"),
        initials_label=words("checklist.col_initials"), methods=methods,
        ratings=tuple((p.value, p.label) for p in b.scale.choices), categories=tuple(categories),
        second_language=context.catalog.second_language)


def _summary(words: Wording, b: Board) -> Summary:
    counts = tuple(Count(p.value, words("checklist.summary_count", label=p.label),
                         words("checklist.tip_summary_count", label=p.label)) for p in b.scale.choices)
    return Summary(heading=words("checklist.summary_heading"), rule=_rule(words, b), counts=counts,
                   result_label=words("checklist.summary_result"), result_tip=words("checklist.tip_result"),
                   yes=words("checklist.result_yes"), no=words("checklist.result_no"),
                   evaluator_label=words("checklist.evaluator_name"),
                   evaluator_tip=words("checklist.tip_evaluator_name"))


# The fixed columns of each hours log (field-name part, wording key); per-domain hour columns follow.
LOG_COLUMNS = {
    "training": (("title", "training_title"), ("provider", "training_provider"), ("dates", "training_dates"),
                 ("hours", "training_hours")),
    "experience": (("org", "experience_org"), ("from", "experience_from"), ("to", "experience_to"),
                   ("hours", "experience_hours")),
    "supervision": (("date", "supervision_date"), ("type", "supervision_type"), ("domains", "supervision_domains"),
                    ("initials", "supervision_initials"), ("hours", "supervision_hours")),
}


def _logs(words: Wording, b: Board) -> Logs:
    legend = "  ·  ".join(f"D{i + 1} = {d.name}" for i, d in enumerate(b.domains))
    train_min: dict[str, float | None] = {f"dom_{d.id}": d.training_hours for d in b.domains}
    train_min["hours"] = b.training_hours
    logs = (_log(words, b, "training", True, train_min, b.training_hours),
            _log(words, b, "experience", True, {"hours": b.experience_hours}, b.experience_hours),
            _log(words, b, "supervision", False, {"hours": b.supervision_hours}, b.supervision_hours))
    return Logs(heading=words("checklist.logs_heading"), legend=f"{words('checklist.domains_legend')}: {legend}",
                total_label=words("checklist.total_row"), minimum_label=words("checklist.minimum_row"), logs=logs)


def _log(words: Wording, b: Board, key: str, per_domain: bool, minimums: dict[str, float | None],
         total_required: float | None) -> Log:
    """One hours log: its fixed columns, then (``per_domain``) one hours column per domain."""
    title, rows = words(f"checklist.{key}_heading"), b.log_rows[key]

    def column(name: str, label: str, full_label: str) -> LogColumn:
        numeric = name.startswith("dom_") or name == "hours"
        value = minimums.get(name)
        minimum = hours(value) if value is not None else words("checklist.minimum_not_set")
        tips = tuple(words("checklist.tip_log_cell", log=title, row=r, column=full_label) for r in range(1, rows + 1))
        total_tip = words("checklist.tip_log_total", log=title, column=full_label) if numeric else ""
        return LogColumn(name, label, full_label, numeric, minimum if numeric else "", tips, total_tip)

    columns = [column(name, words(f"checklist.{wkey}"), words(f"checklist.{wkey}")) for name, wkey in LOG_COLUMNS[key]]
    if per_domain:
        columns += [column(f"dom_{d.id}", f"D{i + 1}", f"D{i + 1} {d.name}") for i, d in enumerate(b.domains)]
    note = (words("checklist.total_required", hours=hours(total_required)) if total_required is not None
            else words("checklist.total_not_set"))
    return Log(key, title, tuple(columns), rows, note)


def _narrative(words: Wording, b: Board) -> Narrative:
    limit = (words("checklist.narrative_limit", limit=b.word_limit) if b.word_limit
             else words("checklist.narrative_no_limit"))
    return Narrative(heading=words("checklist.narrative_heading"), prompt=words("checklist.narrative_prompt"),
                     limit=limit, tip=f"{words('checklist.tip_narrative')}. {limit}", word_limit=b.word_limit)


__all__ = ["APPLICANT_FIELDS", "Checklist", "checklist", "field_id", "hours"]
