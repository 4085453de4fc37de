"""A filled certification checklist against its board's rules: eligible, not yet, or incomplete.

The board profile (formkit.context.boards) states the pass rule, the hours minimums (in total
and per domain), the narrative's word limit and whether a typed "/s/ Name" counts as a
signature; this module applies them to one :class:`ChecklistResponse` and says why, in
sentences a board's staff can paste into a letter. The verdict is:

- **incomplete** when something the board needs is missing or cannot be read: a rating, a
  signature or its date, the narrative, an hours entry that has no single meaning;
- **not yet** when everything is there but a rule is not met (the pass rule, a minimum, the
  word limit);
- **eligible** otherwise.

Hours are counted from the rows, never from the total the person typed: when the two differ,
both are reported. Nothing is guessed: an entry such as "1,500" is flagged (formkit.core.hours).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..catalog.model import Scale
from ..context.boards import Board, evaluate, rank
from ..core.hours import format_hours, parse_hours
from .checklist_read import EMPTY, SIGNED, TYPED_SIGNATURE, UNKNOWN, ChecklistResponse

ELIGIBLE, NOT_YET, INCOMPLETE = "eligible", "not yet", "incomplete"
MINIMUMS = (("training", "training_hours"), ("experience", "experience_hours"), ("supervision", "supervision_hours"))


@dataclass(frozen=True)
class LogTotal:
    """One hours log: the rows' sum, the board's minimum and the total the person typed."""

    log: str
    hours: Decimal
    minimum: Decimal | None
    stated: str  # as typed on the form's total row ("" when left empty)

    @property
    def short(self) -> Decimal:
        return max(Decimal(0), self.minimum - self.hours) if self.minimum is not None else Decimal(0)


@dataclass(frozen=True)
class DomainHours:
    name: str
    hours: Decimal
    minimum: Decimal


@dataclass
class Verdict:
    """What the board's rules make of one checklist, with every reason in words."""

    final: str = ELIGIBLE
    missing: list[str] = field(default_factory=list)  # why it is incomplete
    not_met: list[str] = field(default_factory=list)  # the rules not met
    notes: list[str] = field(default_factory=list)  # worth a look, not a reason (a total typed wrong)
    rule_met: bool = True
    rule_reasons: list[str] = field(default_factory=list)
    totals: list[LogTotal] = field(default_factory=list)
    domains: list[DomainHours] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    words: int = 0
    word_limit: int | None = None
    signatures: dict[str, str] = field(default_factory=dict)  # who -> what was found, in words


def judge(resp: ChecklistResponse, board: Board | None, board_problem: str = "") -> Verdict:
    """The verdict on ``resp`` under ``board`` (None: the checklist's board could not be used,
    ``board_problem`` says why, and the verdict is incomplete)."""
    verdict = Verdict()
    if board is None:
        verdict.missing.append(board_problem or "the checklist's board profile could not be used")
        verdict.final = INCOMPLETE
        return verdict
    if not resp.person.strip():
        verdict.missing.append("the applicant's name")
    _ratings(resp, board, verdict)
    _hours(resp, board, verdict)
    _narrative(resp, board, verdict)
    _signatures(resp, board, verdict)
    verdict.final = INCOMPLETE if verdict.missing else NOT_YET if verdict.not_met else ELIGIBLE
    return verdict


# -- ratings and the pass rule ------------------------------------------------------------
def _ratings(resp: ChecklistResponse, board: Board, verdict: Verdict) -> None:
    ratings = {e.competency_id: e.rating or None for e in resp.competencies}
    unrated = [cid for cid, value in ratings.items() if value is None]
    if unrated:
        verdict.missing.append(f"a rating for {_some(unrated)} ({len(unrated)} of {len(ratings)} competencies)")
    unknown = sorted({v for v in ratings.values() if v and board.scale.label_for(v) is None})
    if unknown:
        verdict.missing.append(f"ratings the board's scale does not have ({', '.join(unknown)})")
    verdict.rule_met = evaluate(board.pass_rule, board.scale, ratings)
    verdict.rule_reasons = [] if verdict.rule_met else explain(board.pass_rule, board.scale, ratings)
    if not verdict.rule_met and verdict.rule_reasons:
        verdict.not_met.append("the pass rule: " + "; ".join(verdict.rule_reasons))
    unverified = [e.competency_id for e in resp.competencies if e.rating and not e.methods]
    if unverified:
        verdict.notes.append(f"rated but not marked how it was verified: {_some(unverified)}")
    if resp.stated_result in ("YES", "NO") and (resp.stated_result == "YES") != verdict.rule_met:
        said = "met" if resp.stated_result == "YES" else "not met"
        verdict.notes.append(f"the evaluator marked the pass rule {said}, but the ratings on the form "
                             f"{'meet' if verdict.rule_met else 'do not meet'} it")


def explain(rule: Mapping[str, Any], scale: Scale, ratings: Mapping[str, str | None]) -> list[str]:
    """Why ``ratings`` do not meet ``rule``, one sentence per reason (unrated competencies are
    left to the "missing" list, except where they alone make a count fall short)."""
    ranks, labels = rank(scale), {p.value: p.label for p in scale.choices}
    (op, arg), = rule.items()
    if op == "all_at_least":
        below = [cid for cid, v in ratings.items() if v and ranks.get(v, len(ranks)) > ranks[arg]]
        return [f"{_some(below)} rated below “{labels[arg]}”"] if below else []
    if op == "min_count":
        got = sum(1 for v in ratings.values() if v and ranks.get(v, len(ranks)) <= ranks[arg["value"]])
        return [f"{got} competencies rated “{labels[arg['value']]}” or better; the board asks for {arg['count']}"]
    if op == "none_of":
        hits = [cid for cid, v in ratings.items() if v in set(arg)]
        return [f"{_some(hits)} rated {' or '.join(f'“{labels[v]}”' for v in arg)}"] if hits else []
    failing = [explain(sub, scale, ratings) for sub in arg if not evaluate(sub, scale, ratings)]
    if op == "all":
        return [reason for reasons in failing for reason in reasons]
    return [" or ".join("; ".join(reasons) for reasons in failing if reasons)]


def _some(ids: list[str], shown: int = 8) -> str:
    """Ids as a list a letter can print: the first few, then how many more."""
    head = ", ".join(ids[:shown])
    return head if len(ids) <= shown else f"{head} and {len(ids) - shown} more"


# -- hours -----------------------------------------------------------------------------------
def _hours(resp: ChecklistResponse, board: Board, verdict: Verdict) -> None:
    sums: dict[tuple[str, str], Decimal] = {}
    for log, cells in resp.log_cells.items():
        for row, column, text in cells:
            if column != "hours" and not column.startswith("dom_"):
                continue
            parsed = parse_hours(text)
            if parsed.flagged:
                where = f"{log} log row {row}, {_column(board, column)}"
                verdict.flagged.append(f"{where}: “{text}” is {parsed.problem}")
            elif parsed.value is not None:
                sums[(log, column)] = sums.get((log, column), Decimal(0)) + parsed.value
    if verdict.flagged:
        verdict.missing.append("hours that can be read as one number: " + "; ".join(verdict.flagged))
    for log, key in MINIMUMS:
        minimum = getattr(board, key)
        total = LogTotal(log, sums.get((log, "hours"), Decimal(0)),
                         Decimal(str(minimum)) if minimum is not None else None,
                         resp.stated_totals.get((log, "hours"), ""))
        verdict.totals.append(total)
        if total.short:
            verdict.not_met.append(f"{log} hours: {format_hours(total.hours)} of the {format_hours(total.minimum)} "
                                   f"required ({format_hours(total.short)} short)")
    for dom in board.domains:
        if dom.training_hours is None:
            continue
        hours = DomainHours(dom.name, sums.get(("training", f"dom_{dom.id}"), Decimal(0)),
                            Decimal(str(dom.training_hours)))
        verdict.domains.append(hours)
        if hours.hours < hours.minimum:
            verdict.not_met.append(f"training hours in {dom.name}: {format_hours(hours.hours)} of the "
                                   f"{format_hours(hours.minimum)} required "
                                   f"({format_hours(hours.minimum - hours.hours)} short)")
    _stated_totals(resp, board, sums, verdict)


def _column(board: Board, column: str) -> str:
    if column.startswith("dom_"):
        names = {f"dom_{d.id}": d.name for d in board.domains}
        return names.get(column, column)
    return column


def _stated_totals(resp: ChecklistResponse, board: Board, sums: Mapping[tuple[str, str], Decimal],
                   verdict: Verdict) -> None:
    """A total the person typed that differs from their rows: both are reported, the rows count."""
    for (log, column), text in sorted(resp.stated_totals.items()):
        stated = parse_hours(text)
        rows = sums.get((log, column), Decimal(0))
        where = f"{log} log total ({_column(board, column)})"
        if stated.flagged:
            verdict.notes.append(f"{where}: “{text}” is {stated.problem}; the rows add up to {format_hours(rows)}")
        elif stated.value is not None and stated.value != rows:
            verdict.notes.append(f"{where}: the form says {format_hours(stated.value)}, the rows add up to "
                                 f"{format_hours(rows)}; the rows were counted")


# -- narrative and signatures ------------------------------------------------------------------
def _narrative(resp: ChecklistResponse, board: Board, verdict: Verdict) -> None:
    verdict.words, verdict.word_limit = len(resp.narrative.split()), board.word_limit
    if not verdict.words:
        verdict.missing.append("the lived-experience narrative")
    elif board.word_limit and verdict.words > board.word_limit:
        verdict.not_met.append(f"the narrative has {verdict.words} words; the board's limit is {board.word_limit}")


def _signatures(resp: ChecklistResponse, board: Board, verdict: Verdict) -> None:
    for who, sig in resp.signatures.items():
        found = {SIGNED: "signed", EMPTY: "missing", UNKNOWN: "not checkable (flattened copy)"}.get(sig.state, "")
        if sig.state == TYPED_SIGNATURE:
            found = f"typed /s/ {sig.typed_name}" + ("" if board.typed_signatures else " (not accepted)")
        verdict.signatures[who] = found
        if sig.state == EMPTY:
            verdict.missing.append(f"the {who}'s signature")
        elif sig.state == UNKNOWN:
            verdict.missing.append(f"the {who}'s signature (a flattened copy keeps no signature field: "
                                   "ask for the signed file as saved)")
        elif sig.state == TYPED_SIGNATURE and not board.typed_signatures:
            verdict.missing.append(f"the {who}'s signature (typed “/s/ {sig.typed_name}”, which {board.name} "
                                   "does not accept: sign the signature field digitally)")
        if not sig.date:
            verdict.missing.append(f"the date of the {who}'s signature")


__all__ = ["ELIGIBLE", "INCOMPLETE", "NOT_YET", "DomainHours", "LogTotal", "Verdict", "explain", "judge"]
