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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..catalog.locale import english
from ..catalog.model import Scale
from ..context.boards import Board, evaluate, rank
from ..core.hours import Hours, format_hours, parse_hours
from .checklist_read import EMPTY, SIGNED, TYPED_SIGNATURE, UNKNOWN, ChecklistResponse

ELIGIBLE, NOT_YET, INCOMPLETE = "eligible", "not yet", "incomplete"
MINIMUMS = (("training", "training_hours"), ("experience", "experience_hours"), ("supervision", "supervision_hours"))
Say = Callable[..., str]  # a Wording: key and values in, the sentence in the document's language out


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


def judge(resp: ChecklistResponse, board: Board | None, board_problem: str = "", say: Say | None = None) -> Verdict:
    """The verdict on ``resp`` under ``board`` (None: the checklist's board could not be used,
    ``board_problem`` says why, and the verdict is incomplete). Every reason is worded by ``say``
    (the catalogue's :class:`~formkit.catalog.locale.Wording`; English when not given)."""
    say = say or english()
    verdict = Verdict()
    if board is None:
        verdict.missing.append(board_problem or say("eligibility.no_board"))
        verdict.final = INCOMPLETE
        return verdict
    if not resp.person.strip():
        verdict.missing.append(say("eligibility.no_name"))
    _ratings(resp, board, verdict, say)
    _hours(resp, board, verdict, say)
    _narrative(resp, board, verdict, say)
    _signatures(resp, board, verdict, say)
    verdict.final = INCOMPLETE if verdict.missing else NOT_YET if verdict.not_met else ELIGIBLE
    return verdict


# -- ratings and the pass rule ------------------------------------------------------------
def _ratings(resp: ChecklistResponse, board: Board, verdict: Verdict, say: Say) -> None:
    ratings = {e.competency_id: e.rating or None for e in resp.competencies}
    unrated = [cid for cid, value in ratings.items() if value is None]
    if unrated:
        verdict.missing.append(say("eligibility.unrated", ids=_some(unrated, say), count=len(unrated),
                                   total=len(ratings)))
    unknown = sorted({v for v in ratings.values() if v and board.scale.label_for(v) is None})
    if unknown:
        verdict.missing.append(say("eligibility.unknown_ratings", values=", ".join(unknown)))
    verdict.rule_met = evaluate(board.pass_rule, board.scale, ratings)
    verdict.rule_reasons = [] if verdict.rule_met else explain(board.pass_rule, board.scale, ratings, say)
    if not verdict.rule_met and verdict.rule_reasons:
        verdict.not_met.append(say("eligibility.pass_rule", reasons="; ".join(verdict.rule_reasons)))
    unverified = [e.competency_id for e in resp.competencies if e.rating and not e.methods]
    if unverified:
        verdict.notes.append(say("eligibility.unverified", ids=_some(unverified, say)))
    if resp.stated_result in ("YES", "NO") and (resp.stated_result == "YES") != verdict.rule_met:
        verdict.notes.append(say("eligibility.evaluator_said_met" if resp.stated_result == "YES"
                                 else "eligibility.evaluator_said_not_met"))


def explain(rule: Mapping[str, Any], scale: Scale, ratings: Mapping[str, str | None],
            say: Say | None = None) -> list[str]:
    """Why ``ratings`` do not meet ``rule``, one sentence per reason (unrated competencies are
    left to the "missing" list, except where they alone make a count fall short)."""
    say = say or english()
    ranks, labels = rank(scale), {p.value: p.label for p in scale.choices}
    (op, arg), = rule.items()
    if op == "all_at_least":
        below = [cid for cid, v in ratings.items() if v and ranks.get(v, len(ranks)) > ranks[arg]]
        return [say("eligibility.rule_below", ids=_some(below, say), label=labels[arg])] if below else []
    if op == "min_count":
        got = sum(1 for v in ratings.values() if v and ranks.get(v, len(ranks)) <= ranks[arg["value"]])
        return [say("eligibility.rule_count", count=got, label=labels[arg["value"]], wanted=arg["count"])]
    if op == "none_of":
        hits = [cid for cid, v in ratings.items() if v in set(arg)]
        named = say("eligibility.rule_or").join(say("eligibility.rule_label", label=labels[v]) for v in arg)
        return [say("eligibility.rule_none_of", ids=_some(hits, say), labels=named)] if hits else []
    failing = [explain(sub, scale, ratings, say) for sub in arg if not evaluate(sub, scale, ratings)]
    if op == "all":
        return [reason for reasons in failing for reason in reasons]
    return [say("eligibility.rule_or").join("; ".join(reasons) for reasons in failing if reasons)]


def _some(ids: list[str], say: Say, shown: int = 8) -> str:
    """Ids as a list a letter can print: the first few, then how many more."""
    head = ", ".join(ids[:shown])
    return head if len(ids) <= shown else say("eligibility.ids_more", ids=head, count=len(ids) - shown)


# -- hours -----------------------------------------------------------------------------------
def _hours(resp: ChecklistResponse, board: Board, verdict: Verdict, say: Say) -> None:
    sums: dict[tuple[str, str], Decimal] = {}
    for log, cells in resp.log_cells.items():
        for row, column, text in cells:
            if column != "hours" and not column.startswith("dom_"):
                continue
            parsed = parse_hours(text)
            if parsed.flagged:
                where = say("eligibility.hours_row", log=_log(log, say), row=row, column=_column(board, column, say))
                verdict.flagged.append(say("eligibility.hours_flagged", where=where, text=text,
                                           problem=_problem(parsed, say)))
            elif parsed.value is not None:
                sums[(log, column)] = sums.get((log, column), Decimal(0)) + parsed.value
    if verdict.flagged:
        verdict.missing.append(say("eligibility.hours_unreadable", entries="; ".join(verdict.flagged)))
    for log, key in MINIMUMS:
        minimum = getattr(board, key)
        total = LogTotal(log, sums.get((log, "hours"), Decimal(0)),
                         Decimal(str(minimum)) if minimum is not None else None,
                         resp.stated_totals.get((log, "hours"), ""))
        verdict.totals.append(total)
        if total.short:
            verdict.not_met.append(say("eligibility.hours_short", log=_log(log, say), hours=format_hours(total.hours),
                                       minimum=format_hours(total.minimum), short=format_hours(total.short)))
    for dom in board.domains:
        if dom.training_hours is None:
            continue
        hours = DomainHours(dom.name, sums.get(("training", f"dom_{dom.id}"), Decimal(0)),
                            Decimal(str(dom.training_hours)))
        verdict.domains.append(hours)
        if hours.hours < hours.minimum:
            verdict.not_met.append(say("eligibility.domain_short", domain=dom.name, hours=format_hours(hours.hours),
                                       minimum=format_hours(hours.minimum),
                                       short=format_hours(hours.minimum - hours.hours)))
    _stated_totals(resp, board, sums, verdict, say)


def _log(log: str, say: Say) -> str:
    return say(f"eligibility.log_{log}") if f"eligibility.log_{log}" in _LOGS else log


_LOGS = {f"eligibility.log_{log}" for log, _ in MINIMUMS}


def _problem(parsed: Hours, say: Say) -> str:
    """Why a typed number of hours was not counted, in the document's language."""
    return say(f"eligibility.hours_{parsed.reason}", **parsed.detail) if parsed.reason else parsed.problem


def _column(board: Board, column: str, say: Say) -> str:
    if column.startswith("dom_"):
        names = {f"dom_{d.id}": d.name for d in board.domains}
        return names.get(column, column)
    return say("eligibility.column_hours") if column == "hours" else column


def _stated_totals(resp: ChecklistResponse, board: Board, sums: Mapping[tuple[str, str], Decimal],
                   verdict: Verdict, say: Say) -> None:
    """A total the person typed that differs from their rows: both are reported, the rows count."""
    for (log, column), text in sorted(resp.stated_totals.items()):
        stated = parse_hours(text)
        counted = sums.get((log, column), Decimal(0))
        rows = format_hours(counted)
        where = say("eligibility.hours_total_where", log=_log(log, say), column=_column(board, column, say))
        if stated.flagged:
            verdict.notes.append(say("eligibility.total_flagged", where=where, text=text,
                                     problem=_problem(stated, say), rows=rows))
        elif stated.value is not None and stated.value != counted:
            verdict.notes.append(say("eligibility.total_differs", where=where, stated=format_hours(stated.value),
                                     rows=rows))


# -- narrative and signatures ------------------------------------------------------------------
def _narrative(resp: ChecklistResponse, board: Board, verdict: Verdict, say: Say) -> None:
    verdict.words, verdict.word_limit = len(resp.narrative.split()), board.word_limit
    if not verdict.words:
        verdict.missing.append(say("eligibility.no_narrative"))
    elif board.word_limit and verdict.words > board.word_limit:
        verdict.not_met.append(say("eligibility.narrative_long", words=verdict.words, limit=board.word_limit))


_FOUND = {SIGNED: "eligibility.signed", EMPTY: "eligibility.unsigned", UNKNOWN: "eligibility.sign_unknown"}


def _signatures(resp: ChecklistResponse, board: Board, verdict: Verdict, say: Say) -> None:
    for who, sig in resp.signatures.items():
        found = say(_FOUND[sig.state]) if sig.state in _FOUND else ""
        if sig.state == TYPED_SIGNATURE:
            found = say("eligibility.typed" if board.typed_signatures else "eligibility.typed_refused",
                        name=sig.typed_name)
        verdict.signatures[who] = found
        signer = say(f"eligibility.who_{who}") if f"eligibility.who_{who}" in _SIGNERS else who
        if sig.state == EMPTY:
            verdict.missing.append(say("eligibility.no_signature", who=signer))
        elif sig.state == UNKNOWN:
            verdict.missing.append(say("eligibility.flattened_signature", who=signer))
        elif sig.state == TYPED_SIGNATURE and not board.typed_signatures:
            verdict.missing.append(say("eligibility.typed_signature_refused", who=signer, name=sig.typed_name,
                                       board=board.name))
        if not sig.date:
            verdict.missing.append(say("eligibility.no_signature_date", who=signer))


_SIGNERS = {f"eligibility.who_{who}" for who in ("applicant", "supervisor", "evaluator")}


__all__ = ["ELIGIBLE", "INCOMPLETE", "NOT_YET", "DomainHours", "LogTotal", "Verdict", "explain", "judge"]
