"""formkit's own fill (fill_form: carried-forward forms, the web page's download, the checklist batch's
fallback) keeps every object the blank form keeps apart.

Two objects that happen to hold the same bytes are still two things: the empty appearance of one
text box and of another box of the same size (a filler that writes its value into the appearance
in place would draw it in every box sharing it), and the empty cells of one table row (a
structure tree is a tree: an element listed five times under one row is one cell to a screen
reader, and outloud reads the summary table as a broken grid). pypdf's
``compress_identical_objects`` merged both.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from pdfhelp import field_rect

from conftest import run_tool
from formkit.catalog.effective import effective_catalog
from formkit.context import resolve
from formkit.documents.selfassess.carry import CarriedForward, prefilled
from formkit.documents.selfassess.render import render_booklet
from formkit.pdfform.fill import fill_form


@pytest.fixture(scope="module")
def carried(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The booklet as `formkit selfassess --person` writes it: rendered, then pre-filled by fill_form."""
    context = resolve(effective_catalog(()), ["self-assessment"])
    who = CarriedForward("p-0001", "Zoë Núñez", "Harbor House", "Ana Ruiz")
    path = tmp_path_factory.mktemp("carried") / "booklet.pdf"
    path.write_bytes(prefilled(render_booklet(context, "self"), who))
    return path


def _struct_references(pdf: object) -> Counter[tuple[int, int]]:
    """How many times each structure element is listed as a kid in the structure tree."""
    import pikepdf

    seen: Counter[tuple[int, int]] = Counter()
    stack = [pdf.Root.StructTreeRoot]  # type: ignore[attr-defined]
    while stack:
        kids = stack.pop().get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                seen[kid.objgen] += 1
                if seen[kid.objgen] == 1:
                    stack.append(kid)
    return seen


def test_each_structure_element_is_listed_once(carried: Path) -> None:
    import pikepdf

    with pikepdf.open(carried) as pdf:
        listed = _struct_references(pdf)
    twice = {objgen: n for objgen, n in listed.items() if n > 1}
    assert len(listed) > 500 and not twice, f"{len(twice)} structure elements listed more than once"


def test_each_text_box_keeps_its_own_appearance(carried: Path) -> None:
    import pikepdf

    with pikepdf.open(carried) as pdf:
        owners = Counter(annot.AP.N.objgen for page in pdf.pages for annot in page.obj.get("/Annots", [])
                         if "/AP" in annot and isinstance(annot.AP.get("/N"), pikepdf.Stream)
                         and (annot.get("/FT") or annot.get("/Parent", {}).get("/FT")) == "/Tx")
    assert len(owners) > 100 and max(owners.values()) == 1


def test_pypdf_fills_a_carried_form_in_its_own_boxes(carried: Path, tmp_path: Path) -> None:
    """pypdf writes a value into a box's existing appearance: on a form with shared appearances, the
    last value showed in every box of that size (what the reviewers saw)."""
    from pypdf import PdfReader, PdfWriter

    values = {"CC1_1_notes": "First note", "CC1_2_notes": "Second note"}
    writer = PdfWriter(clone_from=PdfReader(str(carried)))
    page = next(p for p in writer.pages if any(a.get_object().get("/T") == "CC1_1_notes"
                                               for a in p.get("/Annots", [])))
    writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "pypdf.pdf"
    writer.write(filled)
    for name, value in values.items():
        index, (x1, y1, x2, y2) = field_rect(filled, name)
        words = _words(filled, index + 1)
        assert " ".join(w for w, (cx, cy) in words if x1 <= cx <= x2 and y1 <= cy <= y2) == value
        assert sum(w == value.split()[0] for w, _ in words) == 1, f"{value!r} drawn in more than one box"


def test_outloud_reads_the_carried_booklet_without_error(carried: Path) -> None:
    from test_tagging import _checker, _run

    result = _run(_checker("outloud"), "--fail-on", "error", "--no-info", str(carried))
    assert result.returncode == 0, result.stdout[-3000:]


def test_fill_form_output_is_the_same_bytes_twice() -> None:
    context = resolve(effective_catalog(()), ["self-assessment"])
    blank = render_booklet(context, "self")
    assert fill_form(io.BytesIO(blank).getvalue(), {"name": "Ana"}) == fill_form(blank, {"name": "Ana"})


def _words(pdf: Path, page: int) -> list[tuple[str, tuple[float, float]]]:
    """Words of one page (from 1) with their centres in PDF coordinates (poppler's pdftotext -bbox)."""
    import html
    import re

    out = run_tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-").stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    found = re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)
    return [(html.unescape(m.group(5)), ((float(m.group(1)) + float(m.group(3))) / 2,
                                         height - (float(m.group(2)) + float(m.group(4))) / 2)) for m in found]
