"""The booklet and the mini-tools as a printer and a peer worker see them (issue #15, item 1).

Measured from the PDFs, not from the layout's numbers: pages and sheets, how full each page is
(poppler's word boxes and the form boxes, tests/pagefill.py), the boxes' /Rect and /DA, the
outline, and the running heads' text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_tool
from pagefill import page_fills
from pypdf import PdfReader

from formkit.catalog.effective import effective_catalog
from formkit.catalog.locale import Wording
from formkit.documents.selfassess import names, render_booklet, render_category
from formkit.documents.selfassess.layout import FRAME, running_title
from formkit.pdfform.fieldfont import PAD, field_font, wrap

BOOKLET_PAGES = 24  # 12 sheets printed on both sides (27 single-sided before issue #15)
VIEWER_PITCH = 1.35  # pdf.js lays out a multi-line field at 1.35 x its font size, the widest of the viewers
MULTILINE = 1 << 12
WRITING_BOXES = ("_notes", "_strengths", "_learn", "_support", "_goal", "_steps")


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog(())


@pytest.fixture(scope="module")
def forms(catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The default booklet and two mini-tools (CC11 has the most competencies)."""
    out = tmp_path_factory.mktemp("booklet-layout")
    paths = {"booklet": out / names.BOOKLET_FILENAME}
    paths["booklet"].write_bytes(render_booklet(catalog))
    for cat in (catalog.categories[0], catalog.categories[10]):
        paths[cat.id] = out / f"{cat.id}.pdf"
        paths[cat.id].write_bytes(render_category(catalog, cat))
    return paths


def _outline(pdf: Path) -> list[tuple[int, str, int, float]]:
    """(level, title, page from 0, top) of every bookmark, in order."""
    reader = PdfReader(str(pdf))
    out: list[tuple[int, str, int, float]] = []

    def walk(items: list, level: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item), float(item.top)))

    walk(reader.outline, 1)
    return out


def _page_texts(pdf: Path) -> list[str]:
    return run_tool("pdftotext", "-layout", str(pdf), "-").stdout.split("\f")[:-1]


def test_default_booklet_prints_on_twelve_sheets_both_sides(forms: dict[str, Path]) -> None:
    pages = len(PdfReader(str(forms["booklet"])).pages)
    assert pages <= BOOKLET_PAGES, f"{pages} pages: {(pages + 1) // 2} sheets printed on both sides"


def _sections_last_pages(pdf: Path, categories: set[str]) -> set[int]:
    """Pages (from 1) that end a section: the last page, and a page followed by one that opens
    with a section's heading (a top-level bookmark at the top of the body). A category is not a
    section of its own here: its plan alone on a page is the waste issue #15 is about."""
    count = len(PdfReader(str(pdf)).pages)
    opening = {page + 1 for level, title, page, top in _outline(pdf)
               if level == 1 and top >= FRAME.top - 2 and title not in categories}
    return {count} | {number - 1 for number in opening if number > 1}


@pytest.mark.parametrize("form", ["booklet", "CC1", "CC11"])
def test_no_page_under_a_third_full_but_a_sections_last(forms: dict[str, Path], form: str, catalog) -> None:  # type: ignore[no-untyped-def]
    words = Wording(catalog)
    categories = {words("selfassess.category_heading", id=c.id, title=c.title) for c in catalog.categories}
    fills = page_fills(forms[form], top=FRAME.top, bottom=FRAME.bottom)
    ends = _sections_last_pages(forms[form], categories)
    thin = [(f.number, round(f.share, 2)) for f in fills if f.share < 1 / 3 and f.number not in ends]
    assert not thin, f"pages under a third full (page, share): {thin}"
    assert all(f.share > 0 for f in fills), [f.share for f in fills]


def _widgets(pdf: Path) -> list[tuple[str, int, dict]]:  # type: ignore[type-arg]
    """(field name, page from 0, merged field and widget dictionary) of every text widget."""
    out = []
    for index, page in enumerate(PdfReader(str(pdf)).pages):
        for annot in page.get("/Annots", []) or []:
            widget = annot.get_object()
            field = {**(widget["/Parent"].get_object() if "/Parent" in widget else {}), **widget}
            if field.get("/FT") == "/Tx":
                out.append((str(field["/T"]), index, field))
    return out


def _font_size(field: dict) -> float:  # type: ignore[type-arg]
    match = re.search(r"([\d.]+)\s+Tf", str(field["/DA"]))
    assert match, field["/DA"]
    return float(match.group(1))


@pytest.mark.parametrize("form", ["booklet", "CC1"])
def test_every_writing_box_shows_three_lines_at_its_font_size(forms: dict[str, Path], form: str) -> None:
    boxes = [(name, field) for name, _, field in _widgets(forms[form]) if name.endswith(WRITING_BOXES)]
    assert len(boxes) >= 5 * 1 + 3 + 3 * 3, len(boxes)  # notes, reflection and plan boxes are all here
    for name, field in boxes:
        size = _font_size(field)
        assert size >= 10, f"{name}: font size {size} (0 is auto-size, which no printout can rely on)"
        assert int(field.get("/Ff", 0)) & MULTILINE, f"{name} is not multi-line"
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        lines = (y2 - y1 - 2 * (PAD + 1)) / (size * VIEWER_PITCH)
        assert lines >= 3, f"{name}: {y2 - y1:.1f} pt tall shows {lines:.1f} lines at {size} pt"


def _prose(catalog) -> str:  # type: ignore[no-untyped-def]
    """Ordinary English of the catalogue (statements and descriptions): text like what people write."""
    parts = [c.description for c in catalog.categories] + [k.statement + "." for c in catalog.categories
                                                            for k in c.competencies]
    return " ".join(parts)


@pytest.mark.parametrize("form", ["booklet", "CC1"])
def test_a_box_shows_all_it_accepts(forms: dict[str, Path], form: str, catalog) -> None:  # type: ignore[no-untyped-def]
    """maxlen characters of prose, wrapped as formkit's fill draws them, fit the box at pdf.js's line pitch."""
    prose = _prose(catalog)
    font = field_font()
    for name, _, field in _widgets(forms[form]):
        if not int(field.get("/Ff", 0)) & MULTILINE:
            continue
        maxlen = int(field["/MaxLen"])
        size = _font_size(field)
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        shown = int((y2 - y1 - 2 * (PAD + 1)) // (size * VIEWER_PITCH))
        for start in range(0, len(prose) - maxlen, max(1, (len(prose) - maxlen) // 7)):
            text = prose[start:start + maxlen]
            lines = wrap(font, text, size, x2 - x1 - 2 * (PAD + 1))
            assert len(lines) <= shown, f"{name}: {maxlen} characters take {len(lines)} lines, the box shows {shown}"


def test_reflection_and_plan_of_a_category_on_one_page(forms: dict[str, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    pages = {name: page for name, page, _ in _widgets(forms["booklet"])}
    for cat in catalog.categories:
        tail = [names.reflection_name(cat.id, key) for key in names.REFLECTION]
        tail += [names.plan_name(cat.id, row, col) for row in range(1, names.PLAN_ROWS + 1) for col in names.PLAN_COLUMNS]
        assert len({pages[name] for name in tail}) == 1, (cat.id, sorted({pages[name] + 1 for name in tail}))


def test_booklet_outline_has_each_category_where_it_starts(forms: dict[str, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    words = Wording(catalog)
    outline = _outline(forms["booklet"])
    titles = [title for _, title, _, _ in outline]
    headings = [words("selfassess.category_heading", id=c.id, title=c.title) for c in catalog.categories]
    assert [t for t in titles if t in headings] == headings
    assert titles[0] == words("selfassess.booklet_title")
    assert titles[-2:] == [words("selfassess.summary_heading"), words("selfassess.whole_plan_heading")]
    texts = _page_texts(forms["booklet"])
    for _, title, page, _ in outline:
        assert " ".join(title.split()[:3]) in " ".join(texts[page].split()), (title, page + 1)


def test_mini_tool_outline_is_its_category_and_sections(forms: dict[str, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    words = Wording(catalog)
    cat = catalog.categories[0]
    outline = _outline(forms["CC1"])
    assert outline[0][:2] == (1, words("selfassess.category_heading", id=cat.id, title=cat.title))
    sections = [title for level, title, _, _ in outline if level == 2]
    for key in ("competencies_heading", "reflection_heading", "plan_heading"):
        assert words(f"selfassess.{key}") in sections


@pytest.mark.parametrize("form", ["booklet", "CC1"])
def test_no_continued_head_on_a_sections_first_page(forms: dict[str, Path], form: str, catalog) -> None:  # type: ignore[no-untyped-def]
    """A running head says "(continued)" only for a section begun on an earlier page."""
    words = Wording(catalog)
    texts = _page_texts(forms[form])
    heads = [(page, words("selfassess.continued", title=running_title(title))) for level, title, page, _
             in _outline(forms[form]) if level == 1]
    for page, head in heads:
        assert head not in texts[page], (page + 1, head)
    continued = [i for i, text in enumerate(texts) if "(continued)" in text]
    assert continued, "no page says what it continues"
