"""The CE check as people read it: a plain table for the terminal and a CSV for a spreadsheet.

Both come from the same :class:`~formkit.documents.ce.check.CeReport`, so they never disagree.
The CSV is written by formkit's one CSV writer (formkit.runtime.csvout): a person's name that
starts with '=' shows as text in Excel, never runs as a formula. The table names the rule's
sources and their "as of" dates, and says so when the board profile is an example to verify.
"""

from __future__ import annotations

import io

from ...runtime import csvout
from .check import ZERO, CeReport, Standing, fmt_hours


def csv_columns(report: CeReport) -> list[str]:
    ids = [m.id for m in report.rules.minimums]
    per_minimum = [f"{i}_{what}" for i in ids for what in ("hours", "required_hours", "short_hours")]
    return ["person", "period_start", "period_end", "hours", "required_hours", "short_hours", *per_minimum,
            "still_needed_hours", "result", "entries_counted", "entries_outside_period"]


def _csv_row(report: CeReport, s: Standing) -> list[str]:
    per_minimum = [fmt_hours(v) for m, h in s.minimums for v in (h, m.hours or ZERO, s.short_in(m, h))]
    return [s.person, report.start.isoformat(), report.as_of.isoformat(), fmt_hours(s.hours), fmt_hours(s.required),
            fmt_hours(s.short), *per_minimum, fmt_hours(s.still_needed), s.result, str(s.counted), str(s.outside)]


def to_csv(report: CeReport) -> bytes:
    """One row per person, in the table's order; UTF-8, spreadsheet-safe cells."""
    out = io.StringIO()
    writer = csvout.writer(out)
    writer.writerow(csv_columns(report))
    writer.writerows(_csv_row(report, s) for s in report.standings)
    return out.getvalue().encode("utf-8")


def rule_sentence(report: CeReport) -> str:
    rules = report.rules
    parts = [f"{fmt_hours(rules.total_hours or ZERO)} h of continuing education every {rules.period_months} months"]
    parts += [f"including {fmt_hours(m.hours or ZERO)} h in {m.name}" for m in rules.minimums]
    return f"{report.board.name}: {', '.join(parts)}."


def sources(report: CeReport) -> list[str]:
    """Each distinct source once, with its "as of" date, in the order the rules name them."""
    cited = [(report.rules.source.cite(), report.rules.as_of)] + \
        [(m.source.cite(), m.as_of) for m in report.rules.minimums]
    return [f"Source: {cite}, as of {as_of}." for cite, as_of in dict.fromkeys(cited)]


def table(report: CeReport) -> list[str]:
    """The lines `formkit ce check` prints: the rule, the period, one row per person, a count and the sources."""
    head = ["Person", f"Hours (of {fmt_hours(report.rules.total_hours or ZERO)})"]
    head += [f"{m.name} (of {fmt_hours(m.hours or ZERO)})" for m in report.rules.minimums]
    head += ["Result"]
    body = [[s.person, fmt_hours(s.hours), *(fmt_hours(h) for _, h in s.minimums), s.result]
            for s in report.standings]
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
    lines = [rule_sentence(report),
             f"Period checked: {report.start.isoformat()} to {report.as_of.isoformat()} (as of "
             f"{report.as_of.isoformat()}).", ""]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [head, *body]]
    met = sum(1 for s in report.standings if s.still_needed == 0)
    people = len(report.standings)
    lines += ["", f"{people} {'person' if people == 1 else 'people'}: {met} met, {people - met} short."
              if people else "The ledger has no entries.", *sources(report)]
    if report.board.example:
        lines.append("This board profile is an example built from public pages: verify every number with the board.")
    return lines
