"""The growth report's rating grids: a column per round and rater, or one per round when that would
break words.

Why: a four-round report drew eight narrow columns, and reportlab broke the words that did not
fit ("Consist | ently", "Supe | rvisor", "Baseli | ne"): hard to read, and wrong on paper a
supervisor and a peer worker talk over. So the wide grid is used only when every heading word
and every rating word fits its column whole (the usual two rounds: "Usually" under "Baseline:
Self"). Otherwise each round gets one column holding the self-rating and the supervisor's by
their number on the scale, "3 / 2", with "not yet" for "not yet had the chance"; the column's
heading names the order and the caption above the averages explains the numbers. The CSV
keeps every label whatever the PDF shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..catalog.locale import Wording
from ..collect.report_pages import TABLE_TYPE
from ..collect.report_table import PAD
from ..core.xmltext import escape
from ..documents.selfassess import names
from ..pdfform.fonts import BOLD, REGULAR
from ..store.records import RATERS
from .history import Cell, History


def round_label(words: Wording, value: str) -> str:
    """"Baseline", "Follow-up" for the form's own rounds; any other as the form holds it."""
    key = value.casefold().replace("-", "")
    return words(f"selfassess.round_{key}") if key in names.ROUND_CHOICES else value


class Grid:
    """The columns of a person's rating grids (per category) and averages table, as cell text."""

    def __init__(self, words: Wording, history: History, room: float) -> None:
        """``room``: the width the rating columns share in the narrowest grid."""
        self.words, self.h = words, history
        self.wide = [(r, rater) for r in history.rounds for rater in RATERS]
        heads = [words("reports.column", round=round_label(words, r), rater=words(f"reports.{rater}"))
                 for r, rater in self.wide]
        labels = {self._label(history.cell(comp, r, rater)) for comps in history.categories.values()
                  for comp, _ in comps for r, rater in self.wide}
        inner = room / max(len(self.wide), 1) - 2 * PAD
        self.compact = not (_fits(heads, BOLD, inner) and _fits(labels, REGULAR, inner))
        self.heads = ([words("reports.column_both", round=round_label(words, r)) for r in history.rounds]
                      if self.compact else heads)

    def ratings(self, comp: str) -> list[str]:
        """One competency's cells, as paragraph markup."""
        if not self.compact:
            return [escape(self._label(self.h.cell(comp, r, rater))) for r, rater in self.wide]
        return [escape(" / ".join(self._number(self.h.cell(comp, r, rater)) for rater in RATERS))
                for r in self.h.rounds]

    def means(self, category: str) -> list[str]:
        """One category's average ratings, as paragraph markup."""
        shown = [[self._mean(self.h.category_mean(category, r, rater)) for rater in RATERS] for r in self.h.rounds]
        return [" / ".join(pair) for pair in shown] if self.compact else [m for pair in shown for m in pair]

    def _label(self, cell: Cell | None) -> str:
        if cell is None or not (cell.label or cell.value is not None):
            return self.words("reports.none")
        return cell.label or str(cell.value)

    def _number(self, cell: Cell | None) -> str:
        if cell is not None and cell.value is not None:
            return str(cell.value)
        return self.words("reports.not_yet_short") if cell is not None and cell.not_yet else self.words("reports.none")

    def _mean(self, mean: float | None) -> str:
        return self.words("reports.none") if mean is None else f"{mean:.1f}"


def _fits(texts: Iterable[str], font: str, width: float) -> bool:
    """Every word of ``texts`` fits ``width`` whole, in ``font`` at the tables' size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return all(stringWidth(word, font, TABLE_TYPE) <= width for text in texts for word in text.split())


__all__ = ["Grid", "round_label"]
