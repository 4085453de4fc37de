"""The growth report of one person: every competency's rating round by round, self beside
supervisor; the category averages; conversation starters; and the learning plans of every round.

It is what a supervisor and a peer worker look at together at a follow-up: where the person has
grown, where the two views differ by two points or more (research on peer workers finds
self-ratings run higher than supervisors'), and what has stayed "not yet had the chance".
The PDF for reading and a CSV of the same numbers (one row per competency, round and rater).
"""

from __future__ import annotations

import io

from ..catalog.language import file_suffix
from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..collect.report_pages import verbatim
from ..core.xmltext import escape
from ..runtime import csvout
from ..runtime.outputs import Artifact
from ..store.records import RATERS, Person
from .grid import Grid, round_label
from .history import GAP, History, Starter, StoreReader, person_history, starters
from .pages import markup, report_pages, split_widths, translation_line

CSV_HEADER = ("person_id", "name", "program", "supervisor", "round", "rater", "category_id", "competency_id",
              "statement", "rating_value", "rating_label", "not_yet")
GRID_FIXED = (40.0, 170.0)  # the grids' id and competency columns; the rounds share the rest


class _PersonReport:
    def __init__(self, history: History, catalog: Catalog) -> None:
        self.h, self.catalog = history, catalog
        self.words = words = Wording(catalog)
        name = history.person.name or history.person.person_id
        self.pages = report_pages(catalog, words, verbatim(words, "reports.person_title", name=name))
        self.titles = {c.id: f"{c.id}. {c.title}" for c in catalog.categories}
        self.grid = Grid(words, history, self.pages.width - sum(GRID_FIXED))

    def identity(self) -> None:
        words, person = self.words, self.h.person
        self.pages.heading(self.pages.writer.info.title, 1)
        translation_line(self.pages, self.catalog, words)
        dated: dict[str, str] = {}
        for sub in self.h.submissions:  # a round's first date: the self-assessment is usually first
            if sub.date and (sub.round not in dated or sub.date < dated[sub.round]):
                dated[sub.round] = sub.date
        rounds = ", ".join(words("reports.round_with_date", round=round_label(words, r), date=dated[r]) if r in dated
                           else round_label(words, r) for r in self.h.rounds)
        self.pages.text(verbatim(words, "reports.person_details", program=person.program or words("reports.none"),
                                 supervisor=person.supervisor or words("reports.none"),
                                 rounds=rounds or words("reports.none")), after=4)

    def means(self) -> None:
        words, pages = self.words, self.pages
        pages.heading(words("reports.means_heading"), 2)
        scale = self.catalog.scale()
        scale_text = ", ".join(f"{p.value} {p.label}" for p in scale.points)
        caption = "reports.means_caption_compact" if self.grid.compact else "reports.means_caption"
        pages.text(words(caption, scale=scale_text), "small", after=4)
        rows = [[escape(self.titles.get(cat, cat)), *self.grid.means(cat)] for cat in self.h.categories]
        pages.table([words("reports.means_category"), *self.grid.heads],
                    split_widths(pages.width, (150.0,), len(self.grid.heads)), rows)

    def starters(self) -> None:
        words, pages = self.words, self.pages
        found = starters(self.h)
        pages.heading(words("reports.starters_heading"), 2)
        if not found:
            pages.text(words("reports.starters_none", gap=GAP))
        for reason, key in (("gap", "reports.starters_gap"), ("not_yet", "reports.starters_not_yet")):
            items = [s for s in found if s.reason == reason]
            if items:
                pages.heading(words(key, gap=GAP), 3, keep_with=26)
                for starter in items:
                    pages.para(self._starter_markup(starter), after=2)

    def _starter_markup(self, starter: Starter) -> str:
        words = self.words
        answers = "; ".join(verbatim(words, "reports.starter_answer", round=round_label(words, r),
                                     rater=words(f"reports.{rater}"), label=label) for r, rater, label in starter.detail)
        return f"<b>{escape(starter.competency_id)}</b> {markup(starter.statement)} — {escape(answers)}"

    def categories(self) -> None:
        words, pages = self.words, self.pages
        heads = [words("reports.col_id"), words("reports.col_competency"), *self.grid.heads]
        widths = split_widths(pages.width, GRID_FIXED, len(self.grid.heads))
        for cat, comps in self.h.categories.items():
            pages.heading(self.titles.get(cat, cat), 2, keep_with=60)
            rows = [[f"<b>{escape(comp)}</b>", markup(statement), *self.grid.ratings(comp)] for comp, statement in comps]
            pages.table(heads, widths, rows)

    def plans(self) -> None:
        """The learning plans and the reflections of every round, handwriting as pictures (.writing)."""
        from . import writing

        writing.plans(self.pages, self.words, self.h)
        writing.reflections(self.pages, self.words, self.h)

    def render(self) -> bytes:
        self.identity()
        self.means()
        self.starters()
        self.categories()
        self.plans()
        return self.pages.finish()


def person_csv(history: History) -> bytes:
    """One row per competency, round and rater: the numbers of the PDF, for a spreadsheet."""
    out = io.StringIO()
    writer = csvout.writer(out)
    writer.writerow(CSV_HEADER)
    p = history.person
    for cat, comps in history.categories.items():
        for comp, statement in comps:
            for r in history.rounds:
                for rater in RATERS:
                    cell = history.cell(comp, r, rater)
                    if cell is not None:
                        writer.writerow([p.person_id, p.name, p.program, p.supervisor, r, rater, cat, comp, statement,
                                         "" if cell.value is None else cell.value, cell.label,
                                         "yes" if cell.not_yet else ""])
    return out.getvalue().encode("utf-8")


def render_person(history: History, catalog: Catalog) -> bytes:
    return _PersonReport(history, catalog).render()


def person_stem(person: Person) -> str:
    """person-<name>-<id>: the name for people, the store's id to tell two of the same name apart."""
    from ..collect.report_names import report_stem

    return f"person-{report_stem(person.name, person.person_id)}"


def person_report(store: StoreReader, person_id: str, catalog: Catalog | None = None) -> list[Artifact]:
    """The growth report of ``person_id`` as artifacts: person-<name>-<id>.pdf and .csv (the
    catalogue gives the category titles and the scale; the shipped one by default)."""
    from ..catalog.effective import effective_catalog

    history = person_history(store, person_id)
    catalog = catalog or effective_catalog()
    stem = person_stem(history.person)
    stem += file_suffix(catalog)
    return [Artifact(f"{stem}.pdf", render_person(history, catalog)), Artifact(f"{stem}.csv", person_csv(history))]


__all__ = ["CSV_HEADER", "person_csv", "person_report", "person_stem", "render_person", "round_label"]
