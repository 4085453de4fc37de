"""What the checklist can draw, checked before anything is rendered (issue 13, item 10).

A checklist row cannot break across pages, and its statement column is narrow (168 pt of 9 pt text): a word
wider than that printed over the tick boxes, and a statement too long for one page was refused
only when the layout reached it, minutes into a build. The limits here are computed from the
layout's own geometry and font (checklist/pdf.py), so they stay true if the layout changes.
Each problem is one line naming the file, the key and the limit.
"""

from __future__ import annotations

import re

from ...catalog.model import Catalog, Competency
from ...context.boards import Board
from ...core.errors import FormkitError
from ...pdfform.fonts import BOLD, REGULAR
from . import pdf as layout

STATEMENT_WIDTH = layout.COLS["statement"] - 2 * layout.CELL_PAD  # points a statement line may use
ROW_LINES = int((layout.ROW_MAX_H - 6) / layout.STATEMENT_LEADING)  # lines in one row, its domain line included
TITLE_WIDTH = layout.WIDTH - 2 * layout.CELL_PAD  # a category's title bar
TITLE_SIZE = layout.TITLE_SIZE
WORD = re.compile(r"\S+")


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ...pdfform.fonts import register_fonts

    register_fonts()
    return float(stringWidth(text, font, size))


def _chars_that_fit(word: str, font: str, size: float, width: float) -> int:
    """How many characters of ``word`` (its start) fit in ``width``: the limit in the user's terms."""
    total = 0.0
    for i, ch in enumerate(word):
        total += _width(ch, font, size)
        if total > width:
            return i
    return len(word)


def _widest_word(text: str, font: str, size: float) -> tuple[str, float]:
    best, best_w = "", 0.0
    for match in WORD.finditer(text):
        w = _width(match.group(), font, size)
        if w > best_w:
            best, best_w = match.group(), w
    return best, best_w


def _statement_source(catalog: Catalog, comp: Competency) -> tuple[str | None, str]:
    """The file that last set a statement and its key there (an overlay, else the catalogue)."""
    path = catalog.origins.get(f"statement:{comp.id}")
    if path:
        return path, catalog.origins.get(f"statement-key:{comp.id}", f"statements.{comp.id}")
    for i, cat in enumerate(catalog.categories):
        for j, other in enumerate(cat.competencies):
            if other.id == comp.id:
                return catalog.origins.get("catalogue"), f"categories[{i}].competencies[{j}].statement"
    return None, f"statements.{comp.id}"


def _check_word(text: str, font: str, size: float, width: float, where: str,
                path: str | None, key: str) -> None:
    word, w = _widest_word(text, font, size)
    if w <= width:
        return
    shown = word if len(word) <= 40 else word[:37] + "..."
    raise FormkitError(
        f"the word '{shown}' ({len(word)} characters) is {w:.0f} pt wide; {where} is {width:.0f} pt wide "
        f"(about {_chars_that_fit(word, font, size, width)} such characters), so it would print past its edge",
        path=path, key=key,
        hint="Put spaces in it (a long web address can go in a footnote or be shortened)")


def check_statement(catalog: Catalog, comp: Competency, domain_line: bool = True) -> None:
    """One competency's statement fits one checklist row: no word wider than the column, and few
    enough lines (with the "Domain: ..." line under it, if the board maps it) for one page."""
    from reportlab.lib.utils import simpleSplit

    from ...pdfform.fonts import register_fonts

    register_fonts()
    path, key = _statement_source(catalog, comp)
    _check_word(comp.statement, REGULAR, layout.STATEMENT_SIZE, STATEMENT_WIDTH,
                "the checklist's statement column", path, key)
    lines = len(simpleSplit(comp.statement, REGULAR, layout.STATEMENT_SIZE, STATEMENT_WIDTH))
    most = ROW_LINES - domain_line
    if lines > most:
        raise FormkitError(
            f"the statement of {comp.id} is {len(comp.statement)} characters: too long for one checklist row "
            f"(it wraps to {lines} lines; a row holds at most {most})", path=path, key=key,
            hint=f"Shorten it to about {len(comp.statement) * most // lines} characters")


def check_fits(catalog: Catalog, board: Board) -> None:
    """Every text the checklist draws in a fixed column fits it: call before rendering."""
    from ...catalog.locale import Wording

    words = Wording(catalog)
    for i, cat in enumerate(catalog.categories):
        key = catalog.origins.get(f"title-key:{cat.id}", f"categories[{i}].title")
        _check_word(f"{cat.id}  {cat.title}", BOLD, TITLE_SIZE, TITLE_WIDTH, "the checklist's title bar",
                    catalog.origins.get(f"title:{cat.id}", catalog.origins.get("catalogue")), key)
        for comp in cat.competencies:
            check_statement(catalog, comp, board.domain_of(comp.id) is not None)
    for i, dom in enumerate(board.domains):
        if not dom.competencies:
            continue  # printed only under the statements it is mapped to
        line = words("checklist.domain_prefix", domain=dom.name)
        w = _width(line, BOLD, layout.DOMAIN_SIZE)
        if w > STATEMENT_WIDTH:
            fits = _chars_that_fit(line, BOLD, layout.DOMAIN_SIZE, STATEMENT_WIDTH)
            raise FormkitError(
                f"the domain name is {len(dom.name)} characters; its line under each statement is {w:.0f} pt "
                f"wide and the checklist's statement column {STATEMENT_WIDTH:.0f} pt", path=board.path,
                key=f"domains[{i}].name",
                hint=f"Shorten it to about {fits - (len(line) - len(dom.name))} characters")
