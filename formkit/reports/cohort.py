"""The cohort report: how a program's (or a supervisor's) peer workers rated each category, round
by round, self and supervisor apart; the share of "not yet had the chance"; how many asked for
support. Where training is needed shows as a category whose answers sit low or stay "not yet".

A group (one round, one rater) of fewer than five people is suppressed for privacy: the page
says so where its numbers would be, and the CSV lists it as suppressed with no numbers.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..catalog.language import file_suffix
from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..collect import report_chart
from ..collect.report_pages import verbatim
from ..core.xmltext import escape
from ..runtime import csvout
from ..runtime.outputs import Artifact
from ..store.counts import CohortCounts, cohort_counts
from .cohort_data import MIN_GROUP, CategoryCounts, Cohort, Group, cohort_from_counts
from .pages import report_pages, split_widths, translation_line
from .person import round_label

if TYPE_CHECKING:
    from ..store.store import Store

CSV_FIXED = ("round", "rater", "people", "suppressed", "category_id")
CATEGORY_W = 92.0  # the table's first column: the other columns fit a label such as "Consistently"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}" if whole else "0"


class _CohortReport:
    def __init__(self, cohort: Cohort, catalog: Catalog, filters: dict[str, str | None]) -> None:
        self.cohort, self.catalog, self.filters = cohort, catalog, filters
        self.words = Wording(catalog)
        self.pages = report_pages(catalog, self.words, self.words("reports.cohort_title"))
        self.points = [(int(p.value), p.label) for p in catalog.scale().points if p.value.isdigit()]
        self.titles = {c.id: f"{c.id}. {c.title}" for c in catalog.categories}

    def head(self) -> None:
        words, pages = self.words, self.pages
        pages.heading(words("reports.cohort_title"), 1)
        translation_line(pages, self.catalog, words)
        shown = {k: v or words("reports.cohort_all") for k, v in self.filters.items()}
        people = (words.count("reports.cohort_people", self.cohort.people) if self.cohort.people >= MIN_GROUP
                  else words("reports.cohort_few", min=MIN_GROUP))  # a small cohort's size is not told either
        pages.text(verbatim(words, "reports.cohort_filters", program=shown["program"] or "",
                            supervisor=shown["supervisor"] or "", round=shown["round"] or "", people=people))
        pages.text(words("reports.privacy", min=MIN_GROUP), "small", after=4)

    def group(self, group: Group) -> None:
        words, pages = self.words, self.pages
        pages.heading(words("reports.group_heading", round=round_label(words, group.round),
                            rater=words(f"reports.{group.rater}")), 2, keep_with=60)
        if group.suppressed:
            pages.para(f"<b>{escape(words('reports.group_suppressed', min=MIN_GROUP))}</b>", after=2)
            return
        pages.text(words.count("reports.group_people", group.people))
        self.chart(group)
        heads = [words("reports.col_category"), *(label for _, label in self.points), words("reports.col_not_yet"),
                 words("reports.col_support")]  # blank answers: in the chart and the CSV
        rows = [[escape(self.titles.get(cat, cat))] + self._counts(group.category(cat), group.people)
                for cat in self.cohort.categories]
        if group.support_elsewhere:
            rows.append([escape(words("reports.support_whole"))] + [""] * (len(self.points) + 1)
                        + [self._share(group.support_elsewhere, group.people)])
        pages.table(heads, split_widths(pages.width, (CATEGORY_W,), len(heads) - 1), rows)

    def _share(self, count: int, whole: int) -> str:
        return self.words("reports.share", count=self.words.number(count), percent=_percent(count, whole))

    def _counts(self, counts: CategoryCounts, people: int) -> list[str]:
        total = counts.answers
        return ([self._share(counts.by_value[v], total) for v, _ in self.points]
                + [self._share(counts.not_yet, total), self._share(counts.support_people, people)])

    def chart(self, group: Group) -> None:
        words = self.words
        pages = self.pages
        pages.text(words("reports.chart_caption"), "small", after=4)
        na = self.catalog.scale().not_applicable
        kinds = report_chart.answers([label for _, label in self.points], na.label if na else None,
                                     words("reports.blank"))
        bars = []
        for cat in self.cohort.categories:
            counts = group.category(cat)
            numbers = [counts.by_value[v] for v, _ in self.points] + ([counts.not_yet] if na else []) + [counts.blank]
            bars.append(report_chart.Bar(self.titles.get(cat, cat), tuple(numbers)))
        report_chart.overview(pages.flow, bars, kinds, report_chart.alt_text(words, kinds, "reports.chart"),
                              words.number)
        pages.flow.y -= 8

    def render(self) -> bytes:
        self.head()
        for group in self.cohort.groups:
            self.group(group)
        return self.pages.finish()


def cohort_csv(cohort: Cohort, catalog: Catalog) -> bytes:
    """One row per group and category: answers per scale value, "not yet", blank, support asked
    for (people). A suppressed group has one row, marked, with no numbers."""
    values = [int(p.value) for p in catalog.scale().points if p.value.isdigit()]
    out = io.StringIO()
    writer = csvout.writer(out)
    writer.writerow([*CSV_FIXED, *(f"rating_{v}" for v in values), "not_yet", "blank", "answers",
                     "not_yet_share", "support_people"])
    for group in cohort.groups:
        if group.suppressed:
            writer.writerow([group.round, group.rater, f"<{MIN_GROUP}", "yes", ""])
            continue
        for cat, counts in sorted(group.categories.items(), key=lambda kv: _category_order(cohort, kv[0])):
            writer.writerow([group.round, group.rater, group.people, "", cat,
                             *(counts.by_value[v] for v in values), counts.not_yet, counts.blank, counts.answers,
                             f"{counts.not_yet_share:.3f}", counts.support_people])
    return out.getvalue().encode("utf-8")


def _category_order(cohort: Cohort, category_id: str) -> tuple[int, str]:
    known = cohort.categories
    return (known.index(category_id) if category_id in known else len(known), category_id)


def cohort_report(store: Store, program: str | None = None, supervisor: str | None = None,
                  round: str | None = None, catalog: Catalog | None = None) -> list[Artifact]:
    """The cohort report of the people the filters select: cohort[-<filters>].pdf and .csv."""
    return cohort_files(cohort_counts(store, program=program, supervisor=supervisor, round=round), catalog)


def cohort_files(counts: CohortCounts, catalog: Catalog | None = None) -> list[Artifact]:
    """The report's two files from counts already made (by the store, or by a test from chosen rows)."""
    from ..catalog.effective import effective_catalog
    from ..collect.report_names import report_stem

    catalog = catalog or effective_catalog()
    cohort = cohort_from_counts(counts)
    filters = {"program": counts.program, "supervisor": counts.supervisor, "round": counts.round}
    stem = "-".join(["cohort", *(report_stem(v) for v in filters.values() if v)]) + file_suffix(catalog)
    return [Artifact(f"{stem}.pdf", _CohortReport(cohort, catalog, filters).render()),
            Artifact(f"{stem}.csv", cohort_csv(cohort, catalog))]


__all__ = ["cohort_csv", "cohort_files", "cohort_report"]
