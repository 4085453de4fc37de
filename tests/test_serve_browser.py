"""`formkit serve` in a real Chromium (Debian's, driven by Playwright; axe-core checks each page).

What a user does, as they would: download every document family and get the bytes the CLI
writes; make a typo in the overlay editor and see the suggestion; fill a category on a phone with
the keyboard alone and read the PDF back with `formkit collect`; upload 50 filled forms and see
the cohort. Every page is checked with axe-core at WCAG 2.1 AA. Set FORMKIT_SCREENSHOTS=DIR to
keep a PNG of each page.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servehelp import axe_violations, browser, chromium_path, make_app, running

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    chromium_path()  # skip (or fail on CI) before starting anything
    data = tmp_path_factory.mktemp("serve") / "data"
    with running(make_app(data)) as url:
        yield url, data


@pytest.fixture(scope="module")
def chromium(site: tuple[str, Path]) -> Iterator[Any]:
    with browser() as context:
        yield context


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    tab = chromium.new_page()
    yield tab
    tab.close()


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("FORMKIT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def no_violations(page: Any, name: str) -> None:
    shot(page, name)
    assert axe_violations(page) == [], f"axe-core on {name}"


def tab_to(page: Any, element_id: str, limit: int = 120) -> None:
    """Press Tab until the element has focus (it must be reachable by keyboard), and check the
    focus shows."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"focus on #{element_id} is not visible"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def test_each_family_downloads_the_bytes_the_cli_writes(site: tuple[str, Path], page: Any, tmp_path: Path,
                                                        invoke: Any) -> None:
    url, _data = site
    result = invoke("build", "-O", "example-agency", "-o", str(tmp_path / "cli"))
    assert result.exit_code == 0, result.output
    cli = {p.relative_to(tmp_path / "cli").as_posix(): p.read_bytes() for p in (tmp_path / "cli").rglob("*")
           if p.is_file() and not p.name.startswith(".")}
    page.goto(f"{url}/documents")
    page.get_by_label("example-agency (ships with formkit)").check()
    page.get_by_role("button", name="Apply these choices").click()
    assert "Riverbend" in page.inner_text("#main")
    got: dict[str, bytes] = {}
    for family in ("Catalog (JSON, CSV, Markdown)", "Certification checklists", "Self-assessment forms",
                   "Job descriptions"):
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("link", name=f"{family} (ZIP)").click()
        with zipfile.ZipFile(download.value.path()) as archive:
            got.update({name: archive.read(name) for name in archive.namelist()})
    assert sorted(got) == sorted(cli)
    assert [name for name in got if got[name] != cli[name]] == []


def test_an_overlay_typo_shows_the_suggestion_beside_the_field(site: tuple[str, Path], page: Any) -> None:
    url, _data = site
    page.goto(f"{url}/overlay")
    page.get_by_label("Overlay name").fill("Riverbend Recovery")
    page.get_by_label("Leave out these competencies").fill("CC6.44")
    page.get_by_role("button", name="Check").click()
    error = page.locator("#exclude-error")
    assert "unknown competency 'CC6.44'" in error.inner_text() and "Did you mean CC6.4?" in error.inner_text()
    assert page.get_by_role("alert").get_by_role("link").first.get_attribute("href") == "#exclude"
    no_violations(page, "overlay-editor-error")
    page.get_by_label("Leave out these competencies").fill("CC6.4")
    page.get_by_label("Terminology").fill("peers: participants")
    page.get_by_role("button", name="Check").click()
    assert page.locator("#exclude-error").count() == 0
    assert "CC6.4" in page.locator("table").inner_text()
    no_violations(page, "overlay-editor-diff")


def test_a_category_filled_by_keyboard_on_a_phone_reads_back_with_collect(site: tuple[str, Path], chromium: Any,
                                                                        tmp_path: Path, invoke: Any) -> None:
    url, _data = site
    page = chromium.new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/fill")
    for field, text in (("name", "Maya Ortiz"), ("program", "Riverbend"), ("supervisor", "Dana Lee")):
        tab_to(page, field)
        page.keyboard.type(text)
    tab_to(page, "round-baseline")
    page.keyboard.press("Space")
    tab_to(page, "date")
    page.keyboard.press("Enter")  # submits the form: "Save and continue"
    page.wait_for_url(f"{url}/fill/CC1")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    no_violations(page, "fill-category-phone")
    wanted = {"CC1_1_rating": "3", "CC1_2_rating": "1", "CC1_3_rating": "4", "CC1_4_rating": "NA"}
    for group, value in wanted.items():
        tab_to(page, f"{group}-1")  # the first answer of a group takes focus; arrows move the choice
        choices = ["1", "2", "3", "4", "NA"]
        for _ in range(choices.index(value)):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    tab_to(page, "CC1_1_notes")
    page.keyboard.type("Greets each person by name")
    tab_to(page, "CC1_plan1_goal")
    page.keyboard.type("Practise open questions")
    tab_to(page, "CC1_plan1_goal")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/fill/CC2")
    page.goto(f"{url}/fill/finish")
    tab_to(page, page.evaluate("document.querySelector('main form button').id ||"
                               "(document.querySelector('main form button').id = 'finish')"))
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Your form is ready", timeout=60_000)
    no_violations(page, "fill-finish-phone")
    page.evaluate("document.querySelector('a.button.primary').id = 'download'")
    tab_to(page, "download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    filled = tmp_path / "filled.pdf"
    download.value.save_as(filled)
    result = invoke("collect", str(filled), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    rows = {r["competency_id"]: r for r in csv.DictReader(io.StringIO(
        (tmp_path / "out" / "responses.csv").read_text(encoding="utf-8")))}
    assert {name: rows[name[:-7].replace("_", ".")]["rating_value"] for name in wanted} == wanted
    assert rows["CC1.1"]["notes"] == "Greets each person by name"
    assert (rows["CC1.1"]["person"], rows["CC1.1"]["round"], rows["CC1.5"]["rating_value"]) == (
        "Maya Ortiz", "baseline", "")
    page.close()


def _fifty_forms(folder: Path) -> tuple[list[Path], dict[str, int]]:
    """50 filled CC1 mini-tools (pypdf, as a user's script would fill them) and how many people
    chose each answer for CC1.1."""
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_category
    from fillers import fill_with_pypdf, read_layout

    catalog = effective_catalog([])
    blank = folder / "blank.pdf"
    blank.write_bytes(render_category(catalog, catalog.categories[0]))
    layout = read_layout(blank)
    counts: dict[str, int] = {}
    paths = []
    for n in range(50):
        answer = ["1", "2", "3", "4", "NA"][n % 5] if n % 7 else ["2", "3"][n % 2]
        counts[answer] = counts.get(answer, 0) + 1
        values = {"name": f"Person {n:02d}", "program": "Riverbend", "round": "baseline", "CC1_1_rating": answer}
        path = folder / f"form-{n:02d}.pdf"
        fill_with_pypdf(blank, path, values, layout, auto_regenerate=False)
        paths.append(path)
    return paths, counts


def test_fifty_uploaded_forms_make_the_cohort_page(page: Any, tmp_path: Path) -> None:
    paths, counts = _fifty_forms(tmp_path)
    with running(make_app(tmp_path / "data")) as url:  # a data folder of its own: the counts are exact
        page.goto(f"{url}/upload")
        page.get_by_label("Filled forms").set_input_files([str(p) for p in paths])
        page.get_by_role("button", name="Upload and read").click()
        heading = page.locator("#results-title")
        heading.wait_for(timeout=120_000)
        assert heading.inner_text() == "Read 50 of 50 files"
        assert "The answer store added 50." in page.inner_text("#main")
        from formkit.store import open_store

        with open_store(tmp_path / "data" / "formkit.db") as store:
            assert sorted(p.name for p in store.people()) == [f"Person {n:02d}" for n in range(50)]
        no_violations(page, "upload-results")
        page.get_by_role("link", name="cohort", exact=True).click()
        assert "50 people." in page.inner_text("#main")
        labels = page.locator("thead th").all_inner_texts()[1:-1]
        cells = page.get_by_role("row", name="CC1 Engages peers").locator("td").all_inner_texts()
        values = ["1", "2", "3", "4", "NA"]
        assert len(labels) == len(values) and labels[4].startswith("Not yet had the chance")
        assert dict(zip(values, (int(c.split()[0]) for c in cells[:-1]))) == {v: counts.get(v, 0) for v in values}
        assert cells[-1] == "50"
        no_violations(page, "cohort")
        with page.expect_download() as download:  # the answer store's cohort report
            page.get_by_role("link", name="PDF", exact=True).click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
        assert download.value.suggested_filename == "cohort.pdf"
        page.get_by_role("link", name="People", exact=True).click()
        assert page.get_by_role("table").first.get_by_role("row").count() == 51  # a heading row, one per person
        assert page.get_by_role("link", name="PDF growth report of Person 07").count() == 1
        no_violations(page, "people")


PAGES = ["/", "/documents?overlay=shipped%3Aexample-agency", "/overlay", "/fill", "/upload", "/people", "/cohort",
         "/login", "/no-such-page"]


def test_every_page_has_no_axe_violations(site: tuple[str, Path], page: Any) -> None:
    url, _data = site
    for path in PAGES:
        page.goto(url + path)
        no_violations(page, path.strip("/").split("?")[0] or "home")
    page.goto(f"{url}/fill")
    page.get_by_role("button", name="Save and continue").click()  # no name: the error summary
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    no_violations(page, "fill-start-error")


def test_the_spanish_pages_have_no_axe_violations(site: tuple[str, Path], page: Any) -> None:
    """The same pages in Spanish (?lang=es, then kept), and the Spanish form's screens and errors."""
    url, _data = site
    page.goto(f"{url}/?lang=es")
    for path in PAGES:
        page.goto(url + path)
        assert page.locator("html").get_attribute("lang") == "es", path
        no_violations(page, "es-" + (path.strip("/").split("?")[0] or "home"))
    page.goto(f"{url}/fill?overlay=shipped:es")
    page.get_by_role("button", name="Guardar y continuar").click()  # no name: the error summary
    assert page.get_by_role("alert").inner_text().startswith("Hay un problema")
    no_violations(page, "es-fill-start-error")
    page.get_by_label("Su nombre").fill("Ana Ruiz")
    page.get_by_role("button", name="Guardar y continuar").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("CC1")
    no_violations(page, "es-fill-category")
