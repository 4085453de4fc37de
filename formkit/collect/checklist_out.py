"""checklists.csv and eligibility.csv: what `formkit collect` writes for filled certification checklists.

checklists.csv has one row per applicant and competency (how it was verified, the rating, the
date, the evaluator's initials); eligibility.csv one row per applicant, the verdict of
formkit.collect.eligibility with every total beside its minimum and every reason in words.
Both go through formkit's one CSV writer (spreadsheet-safe cells).

Which board's rules apply: the one named with ``--board`` (or the overlay's board profile),
else the board the checklist names. A checklist made for another board, or from another
version of the board's form, is told in a warning that says what to do (:func:`board_for`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..context.boards import Board, resolve_board
from ..core._memo import remember
from ..core.errors import FormkitError
from ..core.hours import format_hours
from ..runtime import csvout
from .checklist_read import SIGNERS, ChecklistResponse
from .eligibility import Verdict, judge

CHECKLIST_COLUMNS = ("file", "applicant_id", "applicant_name", "board", "form_version", "competency_id",
                     "verified_by", "rating_value", "rating_label", "date", "initials")
ELIGIBILITY_COLUMNS = (
    "file", "applicant_id", "applicant_name", "credential", "organisation", "board", "form_version", "verdict",
    "missing", "not_met", "pass_rule", "pass_rule_reasons", "evaluator_marked",
    "training_hours", "training_minimum", "training_total_on_form",
    "experience_hours", "experience_minimum", "experience_total_on_form",
    "supervision_hours", "supervision_minimum", "supervision_total_on_form",
    "training_by_domain", "hours_flagged", "narrative_words", "narrative_word_limit",
    *(f"{who}_signature" for who in SIGNERS), *(f"{who}_date" for who in SIGNERS), "notes")


@dataclass(frozen=True)
class Judged:
    """One checklist, its verdict and the warning about its board (or "")."""

    resp: ChecklistResponse
    board: Board | None
    verdict: Verdict
    warning: str


_BOARDS: dict[tuple[int, str], tuple[Catalog, Board | str]] = {}


def _board(catalog: Catalog, name: str) -> Board | str:
    """The board profile ``name`` under ``catalog``'s overlay (validated once per run), or why not."""
    known = _BOARDS.get((id(catalog), name))
    if known is not None and known[0] is catalog:
        return known[1]
    try:
        board: Board | str = resolve_board(catalog, name)
    except FormkitError as exc:
        board = str(exc)
    remember(_BOARDS, (id(catalog), name), (catalog, board), 16)
    return board


def board_for(resp: ChecklistResponse, catalog: Catalog, chosen: str | None = None) -> tuple[Board | None, str]:
    """(board, warning): the profile whose rules apply, and what to tell about a mismatch, worded in
    the catalogue's language (it is a reason in eligibility.csv and in the letter).

    None when the checklist was made for another board than ``chosen`` (or the overlay's), or
    names a board formkit does not know: the verdict is then "incomplete" with the warning.
    """
    say = _wording(catalog)
    made = resp.board
    form = say("eligibility.form_version", form=made.get("form", "?"), version=made.get("version", "?"))
    wanted = chosen or catalog.board.get("profile") or made.get("id", "")
    board = _board(catalog, str(wanted))
    if isinstance(board, str):
        return None, say("eligibility.board_unloadable", board=made.get("id", ""), form=form, problem=board)
    now = say("eligibility.form_version", form=board.form_number, version=board.form_version)
    if board.id != made.get("id"):
        return None, say("eligibility.board_other", made=made.get("name", made.get("id")), form=form,
                         board=board.name, board_form=now, made_id=made.get("id"))
    if (board.form_number, board.form_version) != (made.get("form"), made.get("version")):
        return board, say("eligibility.board_version", form=form, board_id=board.id, board_form=now)
    return board, ""


def judged(resp: ChecklistResponse, catalog: Catalog, chosen: str | None = None) -> Judged:
    """The checklist with its board and verdict, every reason worded in the catalogue's language."""
    board, warning = board_for(resp, catalog, chosen)
    return Judged(resp, board, judge(resp, board, warning, _wording(catalog)), warning)


_WORDINGS: dict[int, tuple[Catalog, Wording]] = {}


def _wording(catalog: Catalog) -> Wording:
    """One Wording per catalogue of a batch (the catalogue is kept beside it, so its id stays its own)."""
    hit = _WORDINGS.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1]
    return remember(_WORDINGS, id(catalog), (catalog, Wording(catalog)), 16)[1]


def checklist_rows(resp: ChecklistResponse) -> str:
    """The checklists.csv lines of one checklist (no header); the five cells every row repeats
    (file, applicant, board) are made spreadsheet-safe once, not once per competency."""
    out = io.StringIO()
    who = (resp.file, resp.applicant.get("applicant_id", ""), resp.person, resp.board.get("id", ""),
           resp.board.get("version", ""))
    csvout.writer(out).writerows_between(
        who, ((e.competency_id, "+".join(e.methods), e.rating, e.rating_label, e.date, e.initials)
              for e in resp.competencies), ())
    return out.getvalue()


def eligibility_row(item: Judged) -> str:
    """The eligibility.csv line of one checklist (no header)."""
    resp, v = item.resp, item.verdict
    totals = {t.log: t for t in v.totals}
    hours: list[str] = []
    for log in ("training", "experience", "supervision"):
        t = totals.get(log)
        hours += [format_hours(t.hours), format_hours(t.minimum), t.stated] if t else ["", "", ""]
    domains = "; ".join(f"{d.name} {format_hours(d.hours)} of {format_hours(d.minimum)}" for d in v.domains)
    out = io.StringIO()
    csvout.writer(out).writerow((
        resp.file, resp.applicant.get("applicant_id", ""), resp.person, resp.applicant.get("credential", ""),
        resp.applicant.get("organisation", ""), resp.board.get("id", ""), resp.board.get("version", ""), v.final,
        "; ".join(v.missing), "; ".join(v.not_met), _rule_state(v), "; ".join(v.rule_reasons),
        {"YES": "met", "NO": "not met"}.get(resp.stated_result, ""), *hours, domains, "; ".join(v.flagged),
        str(v.words), str(v.word_limit or ""), *(v.signatures.get(who, "") for who in SIGNERS),
        *(resp.signatures[who].date if who in resp.signatures else "" for who in SIGNERS),
        "; ".join([item.warning, *v.notes] if item.warning and item.board is not None else v.notes)))
    return out.getvalue()


def _rule_state(v: Verdict) -> str:
    if v.rule_met:
        return "met"
    return "not met" if v.rule_reasons else "not decided (ratings missing)"


def header(columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    csvout.writer(out).writerow(columns)
    return out.getvalue()


__all__ = ["CHECKLIST_COLUMNS", "ELIGIBILITY_COLUMNS", "Judged", "board_for", "checklist_rows", "eligibility_row",
           "header", "judged"]
