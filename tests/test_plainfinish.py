"""Documents without form fields (reports, summaries, letters) are finished by formkit's own writer
(formkit.pdfform.plainfinish), not pikepdf: a person report need not load pikepdf (60–100 ms).

Each document is finished both ways from the same reportlab bytes and structure record, and the
two files are compared as their readers see them: every page drawn the same by poppler, the same
text, the same structure tree (roles, attributes, marked content, parent tree, tab order), the
same bookmarks, Info and XMP (but the producer). The writer's own file is also checked by qpdf,
read by PDFium, and written the same twice."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import OVERLAYS, require_tool, run_tool

from formkit.catalog.effective import effective_catalog
from formkit.collect.read import read_response
from formkit.collect.report import render_report
from formkit.context import resolve
from formkit.documents.letterhead import letterhead
from formkit.pdfform import plainfinish, post
from formkit.pdfform.fill import fill_form

EMOJI = "\U0001F600"


def _finished_both_ways(make: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes, tuple[Any, ...]]:
    """(formkit's file, pikepdf's file, the finisher's arguments) for the document ``make()`` renders."""
    seen: list[tuple[Any, ...]] = []
    real = plainfinish.finish_plain

    def recording(raw: bytes, info: Any, tags: Any = None) -> bytes:
        seen.append((raw, info, tags))
        return real(raw, info, tags)

    monkeypatch.setattr(plainfinish, "finish_plain", recording)
    plain = make()
    assert len(seen) == 1, "the document did not go through the plain finisher"
    raw, info, tags = seen[0]
    return plain, post.finish_pdf(raw, info, tags=tags), seen[0]


@pytest.fixture(scope="module")
def summary_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Any]:
    """A collect summary under the example agency's letterhead (a PNG logo), of a form filled
    with Cyrillic, Vietnamese and an emoji (a character past U+FFFF: its ToUnicode entry is repaired)."""
    out = tmp_path_factory.mktemp("plain")
    overlay = OVERLAYS / "example-agency.yaml"
    from formkit.cli import cli

    result = CliRunner().invoke(cli, ["selfassess", "-O", str(overlay), "--category", "CC2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    blank = next(out.rglob("*CC02*.pdf"))
    filled = out / "filled.pdf"
    filled.write_bytes(fill_form(blank, {"name": "Ирина Nguyễn", "CC2_1_rating": "3",
                                         "CC2_1_notes": f"Listens well {EMOJI} (really)", "CC2_strengths": "Calm"}))
    catalog = effective_catalog((overlay,))
    return read_response(filled, catalog), catalog, letterhead(resolve(catalog, ["reports"]))


@pytest.fixture(scope="module")
def person_report_maker() -> Any:
    from fakestore import FakeStore

    from formkit.reports import person_report

    store = FakeStore()
    store.add_person("p0", "Zoë Ñúñez", "Norte", "Dana Ruiz")
    for rater in ("self", "supervisor"):
        store.add_submission("p0", rater, "baseline", {"CC1.1": 2, "CC1.2": "NA", "CC2.1": None}, "2026-01-10",
                             [("CC1", "Aprender (MI)", "Ayuda")])
    store.add_submission("p0", "self", "followup", {"CC1.1": 4, "CC1.2": "NA"}, "2026-06-10")

    def make() -> bytes:
        return next(a.data for a in person_report(store, "p0") if a.relpath.endswith(".pdf"))
    return make


@pytest.fixture(params=["summary", "person"])
def both(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes, tuple[Any, ...]]:
    if request.param == "summary":
        resp, catalog, head = request.getfixturevalue("summary_inputs")
        return _finished_both_ways(lambda: render_report(resp, catalog, head), monkeypatch)
    return _finished_both_ways(request.getfixturevalue("person_report_maker"), monkeypatch)


def test_pages_and_text_are_the_same_as_pikepdfs(both: tuple[bytes, bytes, Any], tmp_path: Path) -> None:
    plain, reference, _ = both
    for name, data in (("plain", plain), ("reference", reference)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        run_tool("pdftoppm", "-png", "-r", "50", str(tmp_path / f"{name}.pdf"), str(tmp_path / name))
        run_tool("pdftotext", "-enc", "UTF-8", str(tmp_path / f"{name}.pdf"), str(tmp_path / f"{name}.txt"))
    pages = sorted(tmp_path.glob("plain-*.png"))
    assert pages and len(pages) == len(list(tmp_path.glob("reference-*.png")))
    for page in pages:
        assert page.read_bytes() == (tmp_path / page.name.replace("plain", "reference")).read_bytes(), page.name
    assert (tmp_path / "plain.txt").read_text() == (tmp_path / "reference.txt").read_text()


def test_the_structure_tree_bookmarks_and_metadata_are_pikepdfs(both: tuple[bytes, bytes, Any]) -> None:
    plain, reference, _ = both
    with pikepdf.open(io.BytesIO(plain)) as a, pikepdf.open(io.BytesIO(reference)) as b:
        assert _described(a) == _described(b)
        assert a.docinfo["/Producer"] == plainfinish.PRODUCER
        xmp = (bytes(a.Root.Metadata.read_bytes()), bytes(b.Root.Metadata.read_bytes()))
        assert xmp[0].replace(plainfinish.PRODUCER.encode(), post.PRODUCER.encode()) == xmp[1]
        assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp[0]


def test_qpdf_finds_nothing_and_pdfium_reads_every_page(both: tuple[bytes, bytes, Any], tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2", reason="needs pypdfium2 (pip install '.[test]')")
    plain, reference, _ = both
    path = tmp_path / "plain.pdf"
    path.write_bytes(plain)
    check = run_tool("qpdf", "--check", str(path))
    assert "No syntax or stream encoding errors" in check.stdout and "WARNING" not in check.stdout + check.stderr
    doc, ref = pdfium.PdfDocument(plain), pdfium.PdfDocument(reference)
    assert len(doc) == len(ref)
    for i in range(len(doc)):
        assert doc[i].get_textpage().get_text_range() == ref[i].get_textpage().get_text_range()


def test_the_same_document_gives_the_same_bytes(both: tuple[bytes, bytes, Any]) -> None:
    plain, _, (raw, info, tags) = both
    assert plainfinish.finish_plain(raw, info, tags) == plain


def test_every_stream_but_the_xmp_is_compressed_and_the_logo_lost_its_ascii85(
        summary_inputs: tuple[Any, Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    resp, catalog, head = summary_inputs
    plain, reference, (raw, _, _) = _finished_both_ways(lambda: render_report(resp, catalog, head), monkeypatch)
    assert b"/ASCII85Decode" in raw  # reportlab's logo: the case this test is for
    assert len(plain) < 0.8 * len(raw)
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        images = [s for s in streams if s.get("/Subtype") == "/Image"]
        assert images
        for stream in streams:
            filters = stream.get("/Filter")
            if stream.get("/Type") == "/Metadata":
                assert filters is None
            else:
                assert filters is not None and "ASCII85" not in repr(filters), repr(stream.stream_dict)


def test_a_character_past_ffff_copies_as_itself(summary_inputs: tuple[Any, Any, Any], tmp_path: Path) -> None:
    require_tool("pdftotext")
    resp, catalog, head = summary_inputs
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_report(resp, catalog, head))
    text = run_tool("pdftotext", "-enc", "UTF-8", str(path), "-").stdout
    assert f"Listens well {EMOJI}" in re.sub(r"\s+", " ", text)


def test_a_form_still_goes_through_pikepdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widgets need qpdf's care (appearances, field fonts): a form must never take the plain way."""
    from formkit.documents.selfassess import render_category

    def refuse(*_: Any, **__: Any) -> bytes:
        raise AssertionError("a form was finished by the plain writer")

    monkeypatch.setattr(plainfinish, "finish_plain", refuse)
    catalog = effective_catalog(())
    assert render_category(catalog, catalog.categories[0]).startswith(b"%PDF-")


# -- what a reader sees, by position rather than object numbers ------------------------------------
def _described(pdf: pikepdf.Pdf) -> dict[str, Any]:
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    order: dict[tuple[int, int], int] = {}
    tree = _element(pdf.Root.StructTreeRoot.K[0], pages, order)
    parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = [(int(parent_tree[i]), [order[e.objgen] for e in parent_tree[i + 1]])
              for i in range(0, len(parent_tree), 2)]
    info = {k: str(v) for k, v in pdf.docinfo.items() if k != "/Producer"}
    root = pdf.Root
    return {"tree": tree, "owners": owners, "info": info,
            "pages": [(str(p.obj.get("/Tabs")), int(p.obj.StructParents), str(p.obj.MediaBox)) for p in pdf.pages],
            "catalog": (str(root.Lang), bool(root.MarkInfo.Marked), bool(root.ViewerPreferences.DisplayDocTitle),
                        str(root.get("/PageMode")), int(root.StructTreeRoot.ParentTreeNextKey)),
            "outline": _outline(root.get("/Outlines"), pages)}


def _element(elem: Any, pages: dict[Any, int], order: dict[tuple[int, int], int]) -> tuple[Any, ...]:
    order[elem.objgen] = len(order)
    attrs = {k: repr(v) for k, v in elem.items() if k not in ("/K", "/P", "/Pg")}
    kids = elem.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    described: list[Any] = []
    for kid in kids:
        if isinstance(kid, int):
            described.append(("mcid", int(kid)))
        elif kid.get("/Type") == "/MCR":
            described.append(("mcr", pages[kid.Pg.objgen], int(kid.MCID)))
        else:
            described.append(_element(kid, pages, order))
    page = pages[elem.Pg.objgen] if "/Pg" in elem else None
    return str(elem.S), page, sorted(attrs.items()), described


def _outline(outlines: Any, pages: dict[Any, int]) -> list[Any]:
    items, item = [], outlines.get("/First") if outlines is not None else None
    while item is not None:
        dest = item.get("/Dest")
        items.append((str(item.get("/Title")), pages[dest[0].objgen] if dest is not None else None,
                      [float(v) for v in dest[2:]] if dest is not None else None, _outline(item, pages)))
        item = item.get("/Next")
    return items
