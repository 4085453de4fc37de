"""Issue 15, item 3: the `collect --report` summary a supervisor holds the supervision conversation from.

A fully filled booklet goes through `formkit collect --report`; the summary is read back with
pdftotext as a supervisor's eye would: every competency's row holds its statement, the rating
chosen and the note (found by the column headers' positions, not by formkit's constants); the
chart's alternative text states the numbers; blank forms get no summary; file names keep the
person's name in its own script.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_tool

from formkit.catalog.effective import effective_catalog
from formkit.collect.read import Rating, Response
from formkit.collect.report import SHOWN_CHARS, render_report, report_namer
from formkit.documents.selfassess import names, render_booklet, render_category
from formkit.pdfform.fill import fill_form

PERSON = {"name": "Zoë Ñúñez-Ølsen", "role": "Peer recovery coach", "program": "Riverbend Center",
          "date": "2026-11-23", "supervisor": "Ирина Петрова", "round": "followup"}
UNRATED, NO_NOTE = "CC3.2", "CC3.3"


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog(())


def _note(cid: str) -> str:
    return f"Note {cid}: met Ирина at the drop-in & listened <carefully>"


def _full_answers(catalog) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every competency rated (the scale's choices in turn) and noted, except one of each; every
    reflection and the first plan row of every category and of the whole plan written."""
    values = dict(PERSON)
    choices = [p.value for p in catalog.scale().choices]
    for i, comp in enumerate(catalog.competencies):
        if comp.id != UNRATED:
            values[names.rating_name(comp.id)] = choices[i % len(choices)]
        if comp.id != NO_NOTE:
            values[names.notes_name(comp.id)] = _note(comp.id)
    for cat in catalog.categories:
        for key in names.REFLECTION:
            values[names.reflection_name(cat.id, key)] = f"{key} in {cat.id}"
        for col in names.PLAN_COLUMNS:
            values[names.plan_name(cat.id, 1, col)] = f"2027-01-{cat.number:02d}" if col == "date" else f"{col} of {cat.id}"
    for col in names.PLAN_COLUMNS:
        values[names.plan_name(names.WHOLE, 1, col)] = "2027-06-30" if col == "date" else f"{col} of the whole plan"
    return values


@pytest.fixture(scope="module")
def full_report(catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from formkit.cli import cli

    folder = tmp_path_factory.mktemp("full")
    (folder / "in").mkdir()
    (folder / "in" / "zoe.pdf").write_bytes(fill_form(render_booklet(catalog), _full_answers(catalog)))
    result = CliRunner().invoke(cli, ["collect", str(folder / "in"), "-o", str(folder / "out"), "--report"])
    assert result.exit_code == 0, result.output
    (report,) = (folder / "out" / "reports").iterdir()
    return report


def _words(pdf: Path) -> Iterator[tuple[int, float, float, float, str]]:
    """(page, x, y from the top, page height, word) of every word, as pdftotext -bbox reads it."""
    out = run_tool("pdftotext", "-bbox", str(pdf), "-").stdout
    for page, body in enumerate(re.findall(r"<page (.*?)</page>", out, re.DOTALL)):
        height = float(re.search(r'height="([\d.]+)"', body).group(1))  # type: ignore[union-attr]
        for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>', body):
            yield page, float(x), float(y), height, html.unescape(word)


def _rows(pdf: Path) -> dict[str, dict[str, str]]:
    """Each competency's row of the category tables: {id: {"statement", "rating", "note"}}.

    The columns start where their header words ("Competency", "Rating", "Note") start; a row runs
    from its id down to the next word in the id column (the next row, a reflection, a heading).
    """
    rows: dict[str, dict[str, str]] = {}
    words = list(_words(pdf))
    for page in sorted({w[0] for w in words}):
        on_page = sorted((w for w in words if w[0] == page and w[2] < w[3] - 60), key=lambda w: (w[2], w[1]))
        heads: dict[str, float] = {}
        for w in on_page:
            if w[4] in ("Id", "Competency", "Rating", "Note"):
                heads.setdefault(w[4], w[1])
        if len(heads) < 4:
            continue
        below = min(w[2] for w in on_page if w[4] == "Competency")  # the first table's header row
        starts = [w for w in on_page if w[1] < heads["Competency"] and w[2] > below]
        for i, (_, _, y, _, word) in enumerate(starts):
            if not re.fullmatch(r"CC\d+\.\d+", word):
                continue
            end = starts[i + 1][2] if i + 1 < len(starts) else float("inf")
            cells = [w for w in on_page if y - 1 <= w[2] < end - 1]
            rows[word] = {"statement": " ".join(w[4] for w in cells if heads["Competency"] <= w[1] < heads["Rating"]),
                          "rating": " ".join(w[4] for w in cells if heads["Rating"] <= w[1] < heads["Note"]),
                          "note": " ".join(w[4] for w in cells if w[1] >= heads["Note"])}
    return rows


def _text(pdf: Path) -> str:
    return " ".join(run_tool("pdftotext", str(pdf), "-").stdout.split())


def test_every_competency_has_its_statement_rating_and_note(catalog, full_report: Path) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(full_report)
    assert list(rows) == [k.id for k in catalog.competencies]  # every one, in the catalogue's order
    labels = [p.label for p in catalog.scale().choices]
    for i, comp in enumerate(catalog.competencies):
        row = rows[comp.id]
        assert row["statement"] == " ".join(comp.statement.split()), comp.id  # verbatim
        assert row["rating"] == ("—" if comp.id == UNRATED else labels[i % len(labels)]), comp.id
        assert row["note"] == ("" if comp.id == NO_NOTE else _note(comp.id)), comp.id


def test_identity_reflections_and_plan_without_placeholders_or_keys(catalog, full_report: Path) -> None:  # type: ignore[no-untyped-def]
    text = _text(full_report)
    assert "Self-assessment summary: Zoë Ñúñez-Ølsen" in text
    assert "Supervisor: Ирина Петрова" in text and "Assessment round: Follow-up" in text and "Date: 2026-11-23" in text
    for cat in catalog.categories:
        for fragment in (f"Strengths: strengths in {cat.id}", f"Wants to learn: learn in {cat.id}",
                         f"Support requested: support in {cat.id}", f"goal of {cat.id}", f"steps of {cat.id}"):
            assert fragment in text, fragment
    assert "Whole plan goal of the whole plan steps of the whole plan support of the whole plan 2027-06-30" in text
    for placeholder in ("Nothing written", "whole 1", "whole_", "None", "CC1 1:"):
        assert placeholder not in text, placeholder


def test_conversation_starters_list_what_was_not_yet_done_and_the_support_asked(catalog, full_report: Path) -> None:  # type: ignore[no-untyped-def]
    text = _text(full_report)
    na = catalog.scale().not_applicable
    first = catalog.categories[0]
    starters = text.split("Conversation starters", 1)[1].split(f"{first.id}. {first.title} Id Competency", 1)[0]
    not_yet = starters.split(f"Marked “{na.label}”", 1)[1].split("Left unanswered", 1)[0]
    choices = [p.value for p in catalog.scale().choices]
    expected = [k.id for i, k in enumerate(catalog.competencies) if choices[i % len(choices)] == na.value
                and k.id != UNRATED]
    assert re.findall(r"CC\d+\.\d+", not_yet) == expected
    for comp_id in expected:
        assert " ".join(catalog.competency(comp_id).statement.split()) in not_yet
    assert starters.split("Left unanswered", 1)[1].split("Support requested", 1)[0].strip() == UNRATED
    support = starters.split("Support requested", 1)[1]
    for cat in catalog.categories:
        assert f"{cat.id}. {cat.title}: support in {cat.id}" in support


def test_the_overview_is_one_figure_on_page_one_whose_alt_text_states_the_counts(catalog, full_report: Path) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    with pikepdf.open(full_report) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        assert len(figures) == 1
        alt = str(figures[0].Alt)
        assert figures[0].Pg.objgen == pdf.pages[0].obj.objgen
    labels = {p.value: p.label for p in catalog.scale().choices}
    choices = list(labels)
    rated = {k.id: choices[i % len(choices)] for i, k in enumerate(catalog.competencies) if k.id != UNRATED}
    for cat in catalog.categories:
        counts = [sum(1 for k in cat.competencies if rated.get(k.id) == v) for v in choices]
        unanswered = sum(1 for k in cat.competencies if k.id not in rated)
        said = ", ".join([f"{labels[v]} {n}" for v, n in zip(choices, counts) if n]
                         + ([f"Not answered {unanswered}"] if unanswered else []))
        assert f"{cat.id}. {cat.title}: {said}." in alt, (cat.id, said)


def _elements(node):  # type: ignore[no-untyped-def]
    import pikepdf

    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def test_blank_forms_get_no_summary_and_are_counted(invoke, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    forms = tmp_path / "in"
    forms.mkdir()
    mini = render_category(catalog, catalog.categories[0])
    (forms / "blank.pdf").write_bytes(mini)
    (forms / "named-only.pdf").write_bytes(fill_form(mini, {"name": "Sam Lee", "round": "baseline"}))
    (forms / "ana.pdf").write_bytes(fill_form(mini, {"name": "Ana Lima", "CC1_1_rating": "3"}))
    result = invoke("collect", str(forms), "-o", str(tmp_path / "out"), "--report")
    assert result.exit_code == 0, result.output
    assert "Read 3 forms (15 answers), 2 of them blank (no summary written for them); wrote 3 files" in result.output
    assert [p.name for p in (tmp_path / "out" / "reports").iterdir()] == ["summary-Ana-Lima.pdf"]


def test_report_file_names_keep_every_script_and_are_unique_per_person_and_round(invoke, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    forms = tmp_path / "in"
    forms.mkdir()
    mini = render_category(catalog, catalog.categories[0])
    people = [("Ирина Петрова", "baseline"), ("Ирина Петрова", "followup"), ("Ελένη Παπαδοπούλου", "followup"),
              ("प्रिया शर्मा", ""), ("Zoë Ñúñez-Ølsen", "baseline"), ("ZOË ÑÚÑEZ-ØLSEN", "baseline")]
    for i, (name, round_value) in enumerate(people):
        values = {"name": name, "date": "2026-11-23", "CC1_1_rating": "2"} | ({"round": round_value} if round_value else {})
        (forms / f"{i}.pdf").write_bytes(fill_form(mini, values))
    result = invoke("collect", str(forms), "-o", str(tmp_path / "out"), "--report")
    assert result.exit_code == 0, result.output
    made = [p.name for p in (tmp_path / "out" / "reports").iterdir()]
    assert sorted(made) == sorted([
        "summary-Ирина-Петрова-baseline-2026-11-23.pdf", "summary-Ирина-Петрова-followup-2026-11-23.pdf",
        "summary-Ελένη-Παπαδοπούλου-followup-2026-11-23.pdf", "summary-प्रिया-शर्मा-2026-11-23.pdf",
        "summary-Zoe-Nunez-Ølsen-baseline-2026-11-23.pdf", "summary-ZOE-NUNEZ-ØLSEN-baseline-2026-11-23-2.pdf"])
    assert all(unicodedata.is_normalized("NFC", n) for n in made)
    assert len({n.casefold() for n in made}) == len(made)  # distinct on macOS and Windows too


def test_long_names_in_any_script_fit_a_file_name() -> None:
    namer = report_namer()
    for name in ("Ирина " * 100, "Ж" * 70, "प्रिया " * 100, "😀" * 300, "a" * 1000):
        made = f"summary-{namer(name, 'followup', '2026-11-23')}.pdf"
        assert len(made.encode("utf-8")) <= 120, made  # 255 is the limit; the temporary name adds about 20
        assert "/" not in made and "\x00" not in made


def _long_note_response(catalog, note: str) -> Response:  # type: ignore[no-untyped-def]
    cat = catalog.categories[0]
    ratings = [Rating(cat.id, k.id, k.statement, "2", "Sometimes", note if i == 2 else "") for i, k in
               enumerate(cat.competencies)]
    return Response("long.pdf", "self-assessment", catalog.id, catalog.version, "base", {"name": "Sam Lee"},
                    ratings, {}, [], [{"value": c.value, "label": c.label} for c in catalog.scale().choices],
                    [{"id": cat.id, "title": cat.title}])


def test_a_note_longer_than_a_page_splits_across_pages_as_one_cell(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    note = " ".join(f"word{i}" for i in range(SHOWN_CHARS // 8))  # under the cap: printed whole
    pdf_bytes = render_report(_long_note_response(catalog, note), catalog)
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_bytes)
    assert re.findall(r"word\d+", _text(path)) == note.split()  # every word in order, none lost at a page break
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        rows = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/TR"]
        cells = [[c for c in _elements(r) if c.get("/S") in ("/TH", "/TD")] for r in rows]
        pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        long_cell = cells[1 + 2][3]  # after the header row: the third competency's note
        on = {pages[k.Pg.objgen] if isinstance(k, pikepdf.Dictionary) and "/Pg" in k else pages[long_cell.Pg.objgen]
              for k in (list(long_cell.K) if isinstance(long_cell.K, pikepdf.Array) else [long_cell.K])}
    assert all(len(row) == 4 for row in cells[1:]), [len(r) for r in cells]
    assert len(on) >= 2  # one cell with content on two pages


def test_on_a_scale_without_not_yet_the_lowest_point_starts_the_conversation(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    overlay = tmp_path / "growth.yaml"
    overlay.write_text("name: growth\nrating_scale: growth\nscales:\n  - id: growth\n    title: Where I am\n"
                       "    points:\n" + "".join(f"      - {{value: '{i}', label: {label}}}\n" for i, label in
                                              enumerate(("None yet", "Learning", "Doing", "Teaching"))),
                       encoding="utf-8")
    assert invoke("selfassess", "-O", str(overlay), "--category", "CC2", "-o", str(tmp_path / "forms")).exit_code == 0
    (form,) = (tmp_path / "forms").rglob("*CC02*.pdf")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(fill_form(form, {"name": "Ελένη", "CC2_1_rating": "0", "CC2_2_rating": "3",
                                                            "CC2_4_rating": "0"}))
    result = invoke("collect", str(tmp_path / "in"), "-O", str(overlay), "-o", str(tmp_path / "out"), "--report")
    assert result.exit_code == 0, result.output
    text = _text(next((tmp_path / "out" / "reports").iterdir()))
    starters = text.split("Conversation starters", 1)[1].split("CC2. Provides support", 1)[0]
    assert re.findall(r"CC2\.\d", starters.split("Marked “None yet”", 1)[1].split("Left unanswered", 1)[0]) \
        == ["CC2.1", "CC2.4"]
    assert "CC2.3, CC2.5" in starters.split("Left unanswered", 1)[1]
    assert "Not yet had the chance" not in text
