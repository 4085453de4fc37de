"""What `formkit scan` writes for scanned checklists: collect's checklists.csv and eligibility.csv
(the same columns, and a last one, source = scan), and the review sheet's checklist section.

A value that is handwriting is the path of its crop ("[handwritten: crops/…png]"); an hours
total is not counted from a scan, so its hours column is empty and the notes name what a person
confirms, from which crop (formkit.scan.checklist).
"""

from __future__ import annotations

import io
from decimal import Decimal
from html import escape

from ..collect.checklist_out import CHECKLIST_COLUMNS, ELIGIBILITY_COLUMNS
from ..collect.checklist_read import SIGNERS
from ..core.hours import format_hours
from ..runtime import csvout
from . import SOURCE
from .checklist import ScannedChecklist

_EVALUATOR = {"YES": "met", "NO": "not met"}


def checklists_csv(items: list[ScannedChecklist]) -> str:
    """checklists.csv: one row per applicant and competency, as collect writes it, plus source."""
    out = io.StringIO()
    writer = csvout.writer(out)
    writer.writerow((*CHECKLIST_COLUMNS, "source"))
    for item in items:
        resp = item.response
        who = (resp.file, resp.applicant.get("applicant_id", ""), resp.person, resp.board.get("id", ""),
               resp.board.get("version", ""))
        for e in resp.competencies:
            writer.writerow((*who, e.competency_id, "+".join(e.methods), e.rating, e.rating_label, e.date,
                             e.initials, SOURCE))
    return out.getvalue()


def eligibility_csv(items: list[ScannedChecklist]) -> str:
    """eligibility.csv: one row per checklist with collect's columns, plus source. Hours are not
    counted from handwriting: their columns hold the minimum and what is on the form (a crop)."""
    out = io.StringIO()
    writer = csvout.writer(out)
    writer.writerow((*ELIGIBILITY_COLUMNS, "source"))
    for item in items:
        resp, v, board = item.response, item.verdict, item.board
        hours: list[str] = []
        for log in ("training", "experience", "supervision"):
            minimum = getattr(board, f"{log}_hours", None) if board is not None else None
            hours += ["", format_hours(Decimal(str(minimum))) if minimum is not None else "",
                      resp.stated_totals.get((log, "hours"), "")]
        say = item.say
        on_paper, unsigned = say("eligibility.scan_sign_on_paper"), say("eligibility.unsigned")
        signatures = [(on_paper if f"{who}_signature" in item.crops else unsigned) if who in resp.signatures else ""
                      for who in SIGNERS]
        notes = [say("eligibility.scan_confirm", what=c.what, crops=", ".join(c.crops)) for c in v.confirm]
        notes += resp.warnings
        writer.writerow((
            resp.file, resp.applicant.get("applicant_id", ""), resp.person, resp.applicant.get("credential", ""),
            resp.applicant.get("organisation", ""), resp.board.get("id", ""), resp.board.get("version", ""),
            v.final, "; ".join(v.missing), "; ".join(v.not_met), v.rule, "; ".join(v.rule_reasons),
            _EVALUATOR.get(resp.stated_result, ""), *hours, "", "", "", str(board.word_limit or "") if board else "",
            *signatures, *(resp.signatures[who].date if who in resp.signatures else "" for who in SIGNERS),
            "; ".join(notes), SOURCE))
    return out.getvalue()


def review_section(items: list[ScannedChecklist]) -> str:
    """The review sheet's part for checklists: per checklist, its verdict, then each doubtful mark
    and each handwritten value the verdict waits on, with the crops to confirm it from; worded in
    the catalogue's language (a section of its own ``lang`` in a translated edition)."""
    say = items[0].say
    rows = []
    for item in items:
        where = escape(item.response.file)
        for c in item.verdict.confirm:
            alt = escape(say("eligibility.scan_review_alt", what=c.what))
            pictures = "".join(f"<img src=\"{escape(path)}\" alt=\"{alt}\">" for path in c.crops if path)
            rows.append(f"<tr><td>{where}</td><td>{escape(item.verdict.final)}</td><td>{escape(c.what)}</td>"
                        f"<td>{pictures}</td><td></td></tr>")
    count = sum(len(item.verdict.confirm) for item in items)
    heads = "".join(f"<th scope=\"col\">{escape(say(f'eligibility.scan_review_{key}'))}</th>"
                    for key in ("scan", "verdict", "confirm", "as_scanned", "confirmed"))
    language = items[0].language
    opening, closing = ("", "") if language == "en" else (f"<section lang=\"{escape(language)}\">\n", "</section>\n")
    return (
        f"{opening}<h2>{escape(say('eligibility.scan_review_heading'))}</h2>\n"
        f"<p>{escape(say('eligibility.scan_review_intro', checklists=len(items), count=count), quote=False)}</p>\n"
        f"<table><thead><tr>{heads}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n" + closing)


__all__ = ["checklists_csv", "eligibility_csv", "review_section"]
