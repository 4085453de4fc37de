"""Handwriting read from paper travels as a picture, never as a file path (issues 18 and 22).

Ana's baseline is collected from a filled PDF; her follow-up form is carried forward from the store
(`selfassess --person`), printed, filled with a pen (marks, a handwritten plan goal and a
handwritten reflection) and scanned with `scan --db`. Then the next round's form shows last
round's handwritten goal as its picture under "Last time you planned…", the growth report shows
the handwritten goal and reflection as pictures, no document says "[handwritten" or "crops/", and
`people forget` leaves no picture of her. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw
from scancorpus import as_pdf, draw_mark, handwrite, page_pixels, radio_groups, scanner

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_category
from formkit.pdfform.fill import fill_form
from formkit.pdfform.read import read_form
from formkit.store import open_store

FOLLOW_UP = {"round": ["followup"], "CC1_1_rating": ["4"], "CC1_2_rating": ["3"], "CC1_3_rating": ["3"],
             "CC1_4_rating": ["2"], "CC1_5_rating": ["NA"]}
WRITTEN = ("CC1_plan1_goal", "CC1_plan1_support", "CC1_strengths")  # the boxes Ana writes in by hand
TYPED_GOAL = "Shadow a senior peer worker at the Tuesday group"


def _on_paper(pdf: bytes, marks: dict[str, list[str]], written: tuple[str, ...], seed: int) -> bytes:
    """Every page of ``pdf`` printed, marked with a pen in ``marks``, a line of handwriting in each
    box of ``written``, and scanned at 200 dpi: one PDF of scans."""
    import pypdfium2 as pdfium

    rng = np.random.default_rng(seed)
    schema = read_form(pdf).schema
    with_boxes = {f["name"]: f for f in schema["fields"] if f["name"] in written}
    count = len(pdfium.PdfDocument(pdf))
    images = []
    for page in range(1, count + 1):
        img = Image.fromarray(page_pixels(pdf, page - 1, 200))
        draw = ImageDraw.Draw(img)
        for name, choices in radio_groups(schema, page).items():
            for value, rect in choices:
                if value in marks.get(name, []):
                    draw_mark(draw, rect, 200, "tick", rng)
        for box in with_boxes.values():
            if box["page"] + 1 == page:
                handwrite(draw, tuple(box["rect"]), 200, rng)
        images.append(scanner(np.asarray(img), rng, bw=False))
    return as_pdf(images, 200)


def _text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils) to read the documents' text as a reader does")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _figures(pdf: Path) -> list[tuple[int, str]]:
    """(page from 0, alternative text) of every Figure in the structure tree that draws an image."""
    out = []
    with pikepdf.open(pdf) as doc:
        pages = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
        todo = [doc.Root.StructTreeRoot]
        while todo:
            elem = todo.pop()
            kids = elem.get("/K")
            if isinstance(elem, pikepdf.Dictionary) and elem.get("/S") == "/Figure":
                out.append((pages.get(elem.Pg.objgen, -1), str(elem.get("/Alt", ""))))
            if isinstance(kids, pikepdf.Array):
                todo.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
            elif isinstance(kids, pikepdf.Dictionary):
                todo.append(kids)
    return sorted(out)


def _images(pdf: Path, page: int) -> list[tuple[int, int]]:
    """(width, height) in pixels of each image drawn on ``page`` (from 0)."""
    with pikepdf.open(pdf) as doc:
        return sorted((int(image.Width), int(image.Height)) for image in doc.pages[page].get_images().values())


@pytest.fixture()
def scanned_follow_up(invoke, store_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Ana in the store: a typed baseline, then a follow-up read from paper with handwriting."""
    catalog = effective_catalog()
    blank = render_category(catalog, catalog.category("CC1"))
    baseline = {"name": "Ana Lopez", "program": "Riverbend", "round": "baseline", "CC1_1_rating": "2",
                "CC1_plan1_goal": TYPED_GOAL}
    (tmp_path / "ana.pdf").write_bytes(fill_form(blank, baseline))
    collected = invoke("collect", str(tmp_path / "ana.pdf"), "-o", str(tmp_path / "collected"), "--db", store_url)
    assert collected.exit_code == 0, collected.output
    with open_store(store_url) as store:
        [ana] = store.people()
    made = invoke("selfassess", "--person", ana.person_id, "--db", store_url, "--category", "CC1", "-o",
                  str(tmp_path / "forms"))
    assert made.exit_code == 0, made.output
    [form] = (tmp_path / "forms" / "self-assessment" / ana.person_id).glob("*CC01*.pdf")
    scans = tmp_path / "follow-up.pdf"
    scans.write_bytes(_on_paper(form.read_bytes(), FOLLOW_UP, WRITTEN, 11))
    result = invoke("scan", str(scans), "-o", str(tmp_path / "scanned"), "--db", store_url)
    assert result.exit_code == 0, result.output + result.stderr
    assert "Stored 1 forms" in result.output, result.output
    return ana.person_id


def test_handwriting_is_stored_as_its_picture_not_its_path(scanned_follow_up: str, store_url: str) -> None:
    with open_store(store_url) as store:
        subs = store.submissions(person_id=scanned_follow_up)
        follow_up = next(s for s in subs if s.source == "scan")
        [goal] = [p for p in store.plans([follow_up.submission_id]) if p.handwritten]
        reflections = store.reflections([follow_up.submission_id])
        pictures = store.handwriting([follow_up.submission_id])
    assert (goal.scope, goal.goal, goal.support) == ("CC1", "", "")
    assert [column for column, _ in goal.handwritten] == ["goal", "support"]
    assert Image.open(io.BytesIO(goal.picture("goal") or b"")).format == "PNG"
    [strengths] = [r for r in reflections if r.key == "strengths"]
    assert strengths.text == "" and strengths.handwritten is not None
    assert {(p.section, p.owner, p.box) for p in pictures} == {
        ("plan", "CC1", "goal"), ("plan", "CC1", "support"), ("reflection", "CC1", "strengths")}
    assert not [text for text in _texts(store_url) if "crops/" in text]  # no path anywhere in the store


def _texts(store_url: str) -> list[str]:
    """Every text the store's tables hold."""
    from sqlalchemy import String, Text, create_engine, select

    from formkit.store.schema import metadata

    engine = create_engine(store_url if "://" in store_url else f"sqlite:///{store_url}")
    with engine.connect() as connection:
        texts = [str(value) for table in metadata.sorted_tables
                 for column in table.columns if isinstance(column.type, (String, Text))
                 for value in connection.execute(select(column)).scalars()]
    engine.dispose()
    return texts


def _rows_left(store_url: str) -> dict[str, int]:
    """The rows of each table of the store (the cohort tallies included)."""
    from sqlalchemy import create_engine, func, select

    from formkit.store.schema import metadata

    engine = create_engine(store_url if "://" in store_url else f"sqlite:///{store_url}")
    with engine.connect() as connection:
        left = {table.name: connection.execute(select(func.count()).select_from(table)).scalar()
                for table in metadata.sorted_tables}
    engine.dispose()
    return left


def test_the_next_form_draws_last_rounds_handwritten_plan(scanned_follow_up: str, store_url: str, invoke,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    made = invoke("selfassess", "--person", scanned_follow_up, "--db", store_url, "--category", "CC1", "-o",
                  str(tmp_path / "next"))
    assert made.exit_code == 0, made.output
    [form] = (tmp_path / "next" / "self-assessment" / scanned_follow_up).glob("*CC01*.pdf")
    text = _text(form)
    assert "Last time you planned" in text and "Goal, written by hand:" in text, text[:800]
    assert "[handwritten" not in text and "crops/" not in text
    with open_store(store_url) as store:
        [goal] = [p for s in store.submissions(person_id=scanned_follow_up, rater="self")
                  for p in store.plans([s.submission_id]) if p.handwritten]
    from formkit.pdfpage.picture import trimmed

    sizes = []
    for column in ("goal", "support"):
        with Image.open(io.BytesIO(trimmed(goal.picture(column) or b""))) as crop:
            sizes.append(crop.size)
    assert _images(form, 0) == sorted(sizes)  # last round's goal and support, as written, on the first page
    figures = _figures(form)
    assert [page for page, _ in figures] == [0, 0], figures
    assert "Last round's plan for CC1, Goal: handwritten" in figures[0][1]
    assert "Last round's plan for CC1, Support or resources: handwritten" in figures[1][1]
    scans = tmp_path / "next-round.pdf"  # printed with its pictures, it is still read back page by page
    scans.write_bytes(_on_paper(form.read_bytes(), FOLLOW_UP, (), 12))
    again = invoke("scan", str(scans), "-o", str(tmp_path / "again"))
    assert again.exit_code == 0 and "Read 3 page(s) into 1 form(s)" in again.output, again.output + again.stderr


def test_the_growth_report_shows_the_handwriting_and_forget_removes_it(scanned_follow_up: str, store_url: str,  # type: ignore[no-untyped-def]
                                                                       invoke, tmp_path: Path) -> None:
    result = invoke("report", "person", scanned_follow_up, "--db", store_url, "-o", str(tmp_path / "reports"))
    assert result.exit_code == 0, result.output
    [pdf] = (tmp_path / "reports").glob("*.pdf")
    [csv] = (tmp_path / "reports").glob("*.csv")
    text = " ".join(_text(pdf).split())  # a cell's text wraps over lines
    assert TYPED_GOAL in text and "Reflections by round" in text, text
    assert "[handwritten" not in text and "crops/" not in text
    assert "[handwritten" not in csv.read_text() and "crops/" not in csv.read_text()
    alts = [alt for _, alt in _figures(pdf)]
    assert any("Learning plan history CC1, Goal: handwritten" in alt and "Follow-up, Self" in alt for alt in alts), alts
    assert any("CC1, Strengths: handwritten" in alt for alt in alts), alts
    with pikepdf.open(pdf) as doc:
        assert sum(len(_images(pdf, page)) for page in range(len(doc.pages))) == 3

    from formkit.store.counts import cohort_counts

    with open_store(store_url) as store:
        support = [(s.round, s.scope, s.people) for s in cohort_counts(store).support]
    assert support == [("followup", "CC1", 1)], support  # the handwritten support box asks for support
    forgot = invoke("people", "--db", store_url, "forget", scanned_follow_up)
    assert forgot.exit_code == 0 and "3 handwriting" in forgot.output, forgot.output
    left = _rows_left(store_url)
    assert left == dict.fromkeys(left, 0), left  # no row of Ana's, no picture, and the tallies back to none


@pytest.mark.parametrize("checker", ["pdfua", "outloud"])
def test_the_documents_with_handwriting_pass_the_accessibility_checkers(scanned_follow_up: str, store_url: str,  # type: ignore[no-untyped-def]
                                                                        invoke, tmp_path: Path, checker: str) -> None:
    from test_tagging import _checker

    command = _checker(checker)  # skips with the reason where it is not installed; fails on CI
    assert invoke("selfassess", "--person", scanned_follow_up, "--db", store_url, "--category", "CC1", "-o",
                  str(tmp_path / "next")).exit_code == 0
    assert invoke("report", "person", scanned_follow_up, "--db", store_url, "-o", str(tmp_path / "r")).exit_code == 0
    pdfs = [str(p) for p in sorted((tmp_path / "next").rglob("*.pdf")) + sorted((tmp_path / "r").glob("*.pdf"))]
    assert len(pdfs) == 3  # the CC1 mini-tool and the booklet carried forward, and the growth report
    args = ["check", *pdfs] if checker == "pdfua" else ["--fail-on", "error", "--no-info", *pdfs]
    result = subprocess.run([command, *args], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_store_of_marker_texts_is_upgraded_to_none(store_url: str, tmp_path: Path) -> None:
    """A store made before the handwriting table held scanned handwriting as the text
    "[handwritten: crops/….png]" (its picture beside one scan's outputs): upgraded, no such text is
    left to print, and typed answers are as they were."""
    from migrate import migrate
    from sqlalchemy import inspect


    catalog = effective_catalog()
    old = "[handwritten: crops/ana-p001-CC1_plan1_goal.png]"
    values = {"name": "Ana Lopez", "program": "Riverbend", "round": "baseline", "CC1_1_rating": "2",
              "CC1_1_notes": "[handwritten: crops/ana-p001-CC1_1_notes.png]", "CC1_plan1_goal": old,
              "CC1_plan2_goal": TYPED_GOAL, "CC1_strengths": "[handwritten: crops/ana-p002-CC1_strengths.png]"}
    (tmp_path / "ana.pdf").write_bytes(fill_form(render_category(catalog, catalog.category("CC1")), values))
    with open_store(store_url) as store:
        store.ingest([tmp_path / "ana.pdf"], catalog)
    engine = migrate(store_url, "downgrade", "r0003")
    assert "handwriting" not in inspect(engine).get_table_names()
    engine.dispose()
    with open_store(store_url) as store:
        [sub] = store.submissions()
        assert [p.goal for p in store.plans([sub.submission_id])] == ["[handwritten]", TYPED_GOAL]
        assert [(r.key, r.text) for r in store.reflections([sub.submission_id])] == [("strengths", "[handwritten]")]
        assert {a.competency_id: a.notes for a in store.answers([sub.submission_id])}["CC1.1"] == "[handwritten]"
        assert store.handwriting([sub.submission_id]) == []
    assert not [text for text in _texts(store_url) if "crops/" in text]
