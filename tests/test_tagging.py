"""Tagged, accessible PDFs (issue 14, items 3 and 5): every PDF formkit writes is PDF/UA-1 tagged.

A screen-reader user must be able to jump by heading, read the grids as tables, reach every field
in reading order and be told what each field is; the booklet has bookmarks. Two checkers nobody on
the project wrote (``pdfua`` and ``outloud``, from the test extra) run on every PDF of ``formkit
build``, on a pre-filled checklist (the fast batch filler) and on a ``collect --report`` summary.
Neither checks that a widget is really under its Form element in reading order, so that is checked
here directly, and as pdf.js (Firefox) sees it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, OVERLAYS, require_pdfjs, run_tool
from fillers import fill_with_pdftk, fill_with_pypdf, read_layout

from formkit.pdfform.read import read_field_values

COHORT = [("A-001", "Ελένη Παπαδοπούλου", "Центр «Надежда»", "Peer Support Specialist")]


def _checker(name: str) -> str:
    """The checker's command (installed with the test extra), or skip; on CI a missing one fails."""
    beside = Path(sys.executable).parent / name
    path = str(beside) if beside.is_file() else shutil.which(name)
    if path is None:
        reason = f"needs {name} (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing on CI: {reason}")
        pytest.skip(reason)
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """A checker's result, whatever its exit status (the test says what it must be)."""
    return subprocess.run(list(args), check=False, capture_output=True, text=True, timeout=900)


def _cli(*args: str) -> None:
    from click.testing import CliRunner

    from formkit.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every PDF of `formkit build`, a pre-filled checklist, a collect summary, a mini-tool with a logo, and
    a checklist's decision letter and cohort summary."""
    out = tmp_path_factory.mktemp("tagged")
    _cli("build", "-o", str(out / "build"))
    cohort = out / "cohort.csv"
    with cohort.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "organisation", "credential"])
        writer.writerows(COHORT)
    _cli("checklist", "--applicants", str(cohort), "--format", "pdf", "-o", str(out / "cohort"))
    _cli("selfassess", "-O", str(OVERLAYS / "example-agency.yaml"), "--category", "CC2", "-o", str(out / "logo"))
    _cli("selfassess", "--rater", "supervisor", "--category", "CC3", "-o", str(out / "supervisor"))
    from formkit.pdfform.fill import fill_form

    mini = next((out / "build" / "self-assessment").glob("*CC01*.pdf"))
    answers = out / "answers"
    answers.mkdir()
    (answers / "irina.pdf").write_bytes(fill_form(mini, {
        "name": "Ирина Nguyễn", "CC1_1_rating": "3", "CC1_strengths": "Listening", "CC1_plan1_goal": "Learn MI"}))
    _cli("collect", str(answers), "--report", "-o", str(out / "collected"))
    found = {f"build/{p.relative_to(out / 'build')}": p for p in sorted((out / "build").rglob("*.pdf"))}
    found["prefilled"] = next((out / "cohort").rglob("*.pdf"))
    found["report"] = next((out / "collected" / "reports").glob("*.pdf"))
    found["logo"] = next((out / "logo").rglob("*CC02*.pdf"))
    checklists = out / "checklists"  # a filled checklist read back: its decision letter and the cohort summary
    checklists.mkdir()
    (checklists / "eleni.pdf").write_bytes(fill_form(found["prefilled"], {
        "r_CC1_1": "NOTMET", "training_1_hours": "1,500", "narrative": "Ελένη's story",
        "applicant_date": "2026-11-20"}))
    _cli("collect", str(checklists), "--report", "-o", str(out / "checkread"))
    found["letter"] = next((out / "checkread" / "letters").glob("*.pdf"))
    found["cohort"] = out / "checkread" / "cohort-summary.pdf"
    found.update(_store_reports(out / "store-reports"))
    found["supervisor"] = next((out / "supervisor").rglob("supervisor-assessment-CC03*.pdf"))
    found["supervisor-booklet"] = out / "supervisor" / "self-assessment" / "supervisor-assessment-booklet.pdf"
    assert len(found) >= 23, sorted(found)  # 12 mini-tools, the booklet, a checklist, and the nine above
    return found


def _store_reports(out: Path) -> dict[str, Path]:
    """A person's growth report and a cohort report (charts, tables, starters, plans, a suppressed
    group) over an in-memory store holding two rounds of six people."""
    from fakestore import FakeStore

    from formkit.reports import person_report
    from formkit.reports.cohort import cohort_files

    store = FakeStore()
    for i in range(6):
        store.add_person(f"p{i}", f"Person {i}", "North", "Dana Ruiz")
        for rater in ("self", "supervisor"):
            store.add_submission(f"p{i}", rater, "baseline", {"CC1.1": 1 + (i + len(rater)) % 4, "CC1.2": "NA",
                                                              "CC2.1": None}, "2026-01-10", [("CC1", "Goal", "Help")])
        store.add_submission(f"p{i}", "self", "followup", {"CC1.1": 4, "CC1.2": "NA"}, "2026-06-10")
    out.mkdir()
    found = {}
    for key, made in (("person-report", person_report(store, "p0")), ("cohort-report", cohort_files(store.cohort_counts()))):
        pdf = next(a for a in made if a.relpath.endswith(".pdf"))
        found[key] = out / pdf.relpath
        found[key].write_bytes(pdf.data)
    return found


def test_pdfua_finds_nothing_in_any_pdf(pdfs: dict[str, Path]) -> None:
    result = _run(_checker("pdfua"), "check", *map(str, pdfs.values()))
    assert result.returncode == 0, result.stdout[-4000:]


def test_outloud_finds_no_error_in_any_pdf(pdfs: dict[str, Path]) -> None:
    result = _run(_checker("outloud"), "--fail-on", "error", "--no-info", *map(str, pdfs.values()))
    assert result.returncode == 0, "\n".join(line for line in result.stdout.splitlines() if "ERROR" in line
                                             or line.startswith("FAIL"))[-4000:]


def _structure_widgets(pdf: Any) -> list[tuple[int, Any]]:
    """(page index, widget) of every OBJR under a Form element, in structure (reading) order."""
    from pikepdf import Array, Dictionary, Name

    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    found: list[tuple[int, Any]] = []

    def walk(elem: Any) -> None:
        kids = elem.get(Name.K)
        kids = list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []
        for kid in kids:
            if not isinstance(kid, Dictionary):
                continue
            if kid.get(Name.Type) == Name.OBJR:
                assert elem.S == Name.Form, f"a widget under a {elem.S} element, not a Form"
                found.append((pages[elem.Pg.objgen], kid.Obj))
            elif Name.S in kid:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def _check_widgets_tagged(path: Path) -> None:
    """Every widget: one Form element, found again through /StructParent; reading order = field order."""
    import pikepdf
    from pikepdf import Name

    from formkit.pdfform.read import read_form

    with pikepdf.open(path) as pdf:
        tagged = _structure_widgets(pdf)
        parent_tree = dict(zip(pdf.Root.StructTreeRoot.ParentTree.Nums[::2], pdf.Root.StructTreeRoot.ParentTree.Nums[1::2]))
        widgets = [(i, a) for i, p in enumerate(pdf.pages) for a in p.obj.get(Name.Annots, [])
                   if a.get(Name.Subtype) == Name.Widget]
        assert pdf.Root.MarkInfo.Marked is True and all(p.obj.Tabs == Name.S for p in pdf.pages)
        assert sorted(w.objgen for _, w in tagged) == sorted(w.objgen for _, w in widgets), path.name
        for page, widget in tagged:
            form = parent_tree[int(widget.StructParent)]
            assert form.S == Name.Form and form.K.Obj.objgen == widget.objgen, path.name
        order: list[str] = []
        for _, w in tagged:
            name = str(w.T) if Name.T in w else str(w.Parent.T)
            if not order or order[-1] != name:
                order.append(name)
        assert order == [f["name"] for f in read_form(path).schema["fields"]], path.name


def test_every_widget_is_a_form_element_in_reading_order(pdfs: dict[str, Path]) -> None:
    for key in ("build/self-assessment/self-assessment-booklet.pdf", "build/checklists/checklist-custom.pdf",
                "prefilled", "logo", "supervisor"):
        _check_widgets_tagged(pdfs[key])


def test_pdfjs_shows_each_widget_under_its_form_element(pdfs: dict[str, Path]) -> None:
    node, pdfjs = require_pdfjs()
    for key in ("logo", "prefilled", "supervisor"):
        result = _run(node, str(DATA / "pdfjs_structure.mjs"), str(pdfs[key]), pdfjs)
        assert result.returncode == 0, result.stderr[-2000:]
        pages = json.loads(result.stdout)
        for number, page in enumerate(pages, 1):
            assert page["widgets"], (key, number)
            assert sorted(page["underForm"]) == sorted(w[0] for w in page["widgets"]), (key, number)
        roles = {role for page in pages for role in page["roles"]}
        assert {"H1", "H2", "P", "Table", "TR", "TD", "Form"} <= roles, (key, roles)


def test_tags_survive_pdftk_and_pypdf_fills(pdfs: dict[str, Path], tmp_path: Path) -> None:
    blank = pdfs["build/checklists/checklist-custom.pdf"]
    layout = read_layout(blank)
    values = {"applicant_name": "Ирина Nguyễn", "supervisor_name": "José Núñez", "r_CC1_1": "PROGRESS"}
    for name, fill in (("pdftk", fill_with_pdftk),
                       ("pypdf", lambda s, d, v, lay: fill_with_pypdf(s, d, v, lay, auto_regenerate=False))):
        filled = tmp_path / f"{name}.pdf"
        fill(blank, filled, values, layout)
        got = read_field_values(filled)
        assert {k: got[k] for k in values} == values, name
        _check_widgets_tagged(filled)
        result = _run(_checker("pdfua"), "check", str(filled))
        assert result.returncode == 0, (name, result.stdout[-2000:])


def test_booklet_has_a_bookmark_per_category_and_main_section(pdfs: dict[str, Path]) -> None:
    import pikepdf

    from formkit.catalog.effective import effective_catalog

    catalog = effective_catalog([])
    path = pdfs["build/self-assessment/self-assessment-booklet.pdf"]
    with pikepdf.open(path) as pdf:
        pages = {p.obj.objgen: i + 1 for i, p in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            marks = [(item.title, pages[item.destination[0].objgen]) for item in outline.root]
    titles = [title for title, _ in marks]
    assert titles[1:-2] == [f"{c.id}. {c.title}" for c in catalog.categories], titles
    assert len(titles) == len(catalog.categories) + 3  # the cover, each category, summary, whole plan
    for title, page in marks:  # each bookmark opens the page its heading is on
        text = run_tool("pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-").stdout
        assert " ".join(title.split()[:4]) in " ".join(text.split()), (title, page)


def test_logo_is_a_figure_with_alternative_text(pdfs: dict[str, Path]) -> None:
    import pikepdf

    with pikepdf.open(pdfs["logo"]) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        assert len(figures) == 1 and "Riverbend" in str(figures[0].Alt), [str(f.get("/Alt")) for f in figures]


def test_table_header_cells_say_what_they_head(pdfs: dict[str, Path]) -> None:
    import pikepdf

    with pikepdf.open(pdfs["build/checklists/checklist-custom.pdf"]) as pdf:
        cells = [e for e in _elements(pdf.Root.StructTreeRoot) if e.S == "/TH"]
        assert len(cells) > 60  # each competency's id heads its row; the logs have column headers
        assert {str(e.A.Scope) for e in cells} == {"/Column", "/Row"}


def _elements(node: Any) -> list[Any]:
    from pikepdf import Array, Dictionary, Name

    kids = node.get(Name.K)
    kids = list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []
    out = []
    for kid in kids:
        if isinstance(kid, Dictionary) and Name.S in kid:
            out.append(kid)
            out.extend(_elements(kid))
    return out
