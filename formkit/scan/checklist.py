"""The pages of one scanned certification checklist as collect's ChecklistResponse, and the verdict a
scan can honestly give.

The marks are read (formkit.scan.marks): each rating, each how-verified tick. Handwriting is not:
a box with ink in it says "[handwritten: crops/…png]" and its crop is saved; a box with none is
empty. So the verdict (:func:`scan_verdict`) claims only what the marks and the empty boxes show:

- **incomplete** when a rating is blank, or a box the board needs holds no ink at all (the
  applicant's name, the narrative, a signature or its date);
- **not yet** when the ratings read break the board's pass rule, or an hours log the board sets a
  minimum for holds no hours at all;
- **needs review** otherwise, never "eligible": the hours, the signatures and the narrative's
  length are handwriting, and each is listed with the crop a person confirms it from (the whole
  hours log; the signature and its date; the narrative), as is each doubtful mark.

Every sentence of the verdict is worded from the catalogue's wording files (eligibility.yaml,
``scan_*`` keys), so a Spanish edition's eligibility.csv and review sheet say it in Spanish; the
verdicts themselves ("needs review", "incomplete", …) are machine values, as collect writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..catalog.model import Catalog
from ..collect.checklist_read import SIGNERS, ChecklistResponse, read_checklist
from ..collect.eligibility import INCOMPLETE, MINIMUMS, NOT_YET, Say, explain
from ..context.boards import Board, evaluate
from ..core.hours import format_hours
from .assemble import crop_name, decided, describe
from .checklist_form import LOG_REGION
from .marks import REVIEW
from .read import ScannedPage

NEEDS_REVIEW = "needs review"
HOURS_COLUMNS = ("hours", "total")
# formkit.scan.marks' reasons for sending a mark to review, and their wording keys
_REASONS = ((re.compile(r"(\d+) answers marked"), "eligibility.scan_reason_marked"),
            (re.compile(r"a faint or erased mark beside a clear one"), "eligibility.scan_reason_faint_beside"),
            (re.compile(r"a faint or erased mark"), "eligibility.scan_reason_faint"))


@dataclass(frozen=True)
class ToConfirm:
    """One thing a person must confirm from the scan, and the crops that show it."""

    what: str
    crops: tuple[str, ...]


@dataclass
class ScanVerdict:
    final: str = NEEDS_REVIEW
    missing: list[str] = field(default_factory=list)
    not_met: list[str] = field(default_factory=list)
    rule: str = ""  # met, not met, or not decided (why)
    rule_reasons: list[str] = field(default_factory=list)
    confirm: list[ToConfirm] = field(default_factory=list)


@dataclass
class ScannedChecklist:
    """One checklist read from its scanned pages: collect's response, the verdict and where each
    handwritten box's crop is (field -> path under the output folder); ``say`` words its files'
    sentences in the catalogue's ``language``."""

    pages: list[ScannedPage]
    response: ChecklistResponse
    board: Board | None
    warning: str
    verdict: ScanVerdict
    crops: dict[str, str]
    say: Say
    language: str = "en"


def is_checklist(pages: list[ScannedPage]) -> bool:
    form = pages[0].form if pages else None
    return form is not None and form.schema.get("kind") == "checklist"


def checklist_of(pages: list[ScannedPage], catalog: Catalog, crops: str) -> ScannedChecklist:
    """The checklist one copy's registered pages make, judged as far as a scan allows."""
    from ..catalog.locale import Wording
    from ..collect.checklist_out import board_for

    form = pages[0].form
    assert form is not None
    say = Wording(catalog)
    values, _english = decided(pages)
    warnings = [say("eligibility.scan_needs_review", field=d.field, page=page.page, reason=_reason(d.reason, say))
                for page in pages for d in page.decisions if d.outcome == REVIEW]
    where: dict[str, str] = {}
    for page in pages:
        for name in page.crops:
            where[name] = crop_name(crops, page, name)
            if not name.startswith(LOG_REGION):
                values[name] = f"[handwritten: {where[name]}]"
    missing = [str(n) for n in range(1, form.count + 1) if n not in {p.page for p in pages}]
    if missing:
        warnings.append(say("eligibility.scan_pages_missing", pages=", ".join(missing)))
    resp = read_checklist(describe(pages), form.schema, values, False, warnings)
    board, warning = board_for(resp, catalog)
    verdict = scan_verdict(resp, board, pages, form.schema, where, say, crops)
    if warning and board is None:
        verdict.missing.insert(0, warning)
    elif warning:
        resp.warnings.append(warning)
    return ScannedChecklist(pages, resp, board, warning, verdict, where, say, catalog.language)


def scan_verdict(resp: ChecklistResponse, board: Board | None, pages: list[ScannedPage], schema: dict[str, Any],
                 where: dict[str, str], say: Say, crops: str) -> ScanVerdict:
    """What the board's rules make of the marks and the empty boxes (see the module's docstring)."""
    verdict = ScanVerdict()
    if board is None:
        verdict.final = INCOMPLETE
        return verdict
    doubtful = _doubtful_marks(pages, crops, verdict, schema, say)
    unsure = {str(f["meta"]["competency"]) for f in schema.get("fields", [])
              if f["name"] in doubtful and f.get("kind") == "radio" and "competency" in (f.get("meta") or {})}
    _ratings(resp, board, unsure, verdict, say)
    if "applicant_name" not in where:
        verdict.missing.append(say("eligibility.no_name"))
    _hours(board, schema, where, verdict, say)
    if "narrative" not in where:
        verdict.missing.append(say("eligibility.no_narrative"))
    else:
        written = (say("eligibility.scan_confirm_narrative_limit", limit=board.word_limit) if board.word_limit
                   else say("eligibility.scan_confirm_narrative"))
        verdict.confirm.append(ToConfirm(written, (where["narrative"],)))
    for who in resp.signatures:
        signer = say(f"eligibility.who_{who}")
        signed, dated = where.get(f"{who}_signature"), where.get(f"{who}_date")
        if not signed:
            verdict.missing.append(say("eligibility.no_signature", who=signer))
        if not dated:
            verdict.missing.append(say("eligibility.no_signature_date", who=signer))
        if signed and dated:
            key = "eligibility.scan_confirm_signed" + ("" if board.typed_signatures else "_by_hand")
            verdict.confirm.append(ToConfirm(say(key, who=signer, board=board.name), (signed, dated)))
    verdict.final = INCOMPLETE if verdict.missing else NOT_YET if verdict.not_met else NEEDS_REVIEW
    return verdict


def _doubtful_marks(pages: list[ScannedPage], crops: str, verdict: ScanVerdict, schema: dict[str, Any],
                    say: Say) -> set[str]:
    """The marks a person must decide (each with the crop of its row); their field names."""
    names = set()
    for page in pages:
        for d in page.decisions:
            if d.outcome == REVIEW:
                names.add(d.field)
                what = say("eligibility.scan_confirm_mark", mark=_mark_name(schema, d.field, say), page=page.page,
                           reason=_reason(d.reason, say))
                verdict.confirm.append(ToConfirm(what, (crop_name(crops, page, d.field, review=True),)))
    return names


def _mark_name(schema: dict[str, Any], name: str, say: Say) -> str:
    """A mark's field in words: "the rating of CC1.2", "the Observation tick of CC1.2" (its field name
    in brackets, as in checklists.csv's columns)."""
    for fld in schema.get("fields", []):
        if fld["name"] == name:
            meta = fld.get("meta") or {}
            if "method" in meta:
                return say("eligibility.scan_mark_method", method=meta["method"], competency=meta.get("competency", ""),
                           field=name)
            if "competency" in meta:
                return say("eligibility.scan_mark_rating", competency=meta["competency"], field=name)
            return say("eligibility.scan_mark_other", what=fld.get("tooltip") or name, field=name)
    return say("eligibility.scan_mark_other", what=name, field=name)


def _reason(reason: str, say: Say) -> str:
    """Why formkit.scan.marks sent a mark to review, worded in the catalogue's language (as it is
    when the reason is not one this module knows)."""
    for pattern, key in _REASONS:
        found = pattern.fullmatch(reason)
        if found:
            return say(key, count=found.group(1)) if found.groups() else say(key)
    return reason


def _ratings(resp: ChecklistResponse, board: Board, unsure: set[str], verdict: ScanVerdict, say: Say) -> None:
    """The pass rule on the ratings read; a blank rating is missing, a doubtful one (``unsure``:
    competency ids) leaves the rule undecided unless the ratings read already break it."""
    ratings = {e.competency_id: e.rating or None for e in resp.competencies}
    blank = [cid for cid, value in ratings.items() if value is None and cid not in unsure]
    if blank:
        verdict.missing.append(say("eligibility.unrated", ids=", ".join(blank), count=len(blank),
                                   total=len(ratings)))
    if evaluate(board.pass_rule, board.scale, ratings):
        verdict.rule = "met"
        return
    reasons = explain(board.pass_rule, board.scale, {c: v for c, v in ratings.items() if v}, say)
    settled = evaluate(board.pass_rule, board.scale, {**ratings, **{c: _best(board) for c in unsure}}) is False
    if reasons and (settled or not unsure) and not blank:
        verdict.rule, verdict.rule_reasons = "not met", reasons
        verdict.not_met.append(say("eligibility.pass_rule", reasons="; ".join(reasons)))
    else:
        verdict.rule = "not decided (ratings missing or to review)"


def _best(board: Board) -> str:
    """The scale's best rating: a doubtful rating given it cannot break the rule if the others do not."""
    from ..context.boards import rank

    ranks = rank(board.scale)
    return min(ranks, key=lambda value: ranks[value])


def _hours(board: Board, schema: dict[str, Any], where: dict[str, str], verdict: ScanVerdict, say: Say) -> None:
    """A log the board sets a minimum for: no hours written at all is "not yet"; any written, a
    person adds them up from the crop of the whole log."""
    written: dict[str, bool] = {}
    for fld in schema.get("fields", []):
        meta = fld.get("meta") or {}
        if "log" in meta and (meta.get("column") == "hours" or str(meta.get("column", "")).startswith("dom_")
                              or "total" in meta):
            written[meta["log"]] = written.get(meta["log"], False) or fld["name"] in where
    for log, key in MINIMUMS:
        minimum = getattr(board, key)
        if not minimum:
            continue
        name = say(f"eligibility.log_{log}")
        least = format_hours(Decimal(str(minimum)))
        if not written.get(log):
            verdict.not_met.append(say("eligibility.hours_short", log=name, hours="0", minimum=least, short=least))
            continue
        domains = [say("eligibility.scan_domain_minimum", domain=d.name,
                       hours=format_hours(Decimal(str(d.training_hours))))
                   for d in board.domains if log == "training" and d.training_hours]
        what = (say("eligibility.scan_confirm_hours_domains", log=name, minimum=least, domains="; ".join(domains))
                if domains else say("eligibility.scan_confirm_hours", log=name, minimum=least))
        verdict.confirm.append(ToConfirm(what, (where.get(f"{LOG_REGION}{log}", ""),)))


__all__ = ["NEEDS_REVIEW", "ScanVerdict", "ScannedChecklist", "ToConfirm", "checklist_of", "is_checklist",
           "scan_verdict"]
