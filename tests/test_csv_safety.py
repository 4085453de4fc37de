"""Every CSV formkit writes is safe to open in a spreadsheet and reads back exactly (issue 13, item 3).

Cells starting with = + - @ (or a tab, CR or LF) get a leading apostrophe (OWASP's CSV-injection
advice, the minus-digit form included); formkit.runtime.csvout.unguard takes it off again. LibreOffice
Calc, run headless, must evaluate no formula from any of formkit's CSV files.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, require_tool
from hypothesis import given
from hypothesis import strategies as st

from formkit.runtime import csvout

HOSTILE = ["=HYPERLINK(\"http://x.invalid\",\"click\")", "-2+3+cmd|' /C calc'!A0", "+1+2", "@SUM(1+1)",
           "\t=1+1", "\r=1+1", "=1+1", "-1", "'=1+1"]


CONTROLS = "".join(map(chr, range(32))).replace("\t", "").replace("\n", "").replace("\r", "")


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=CONTROLS)), max_size=6))
def test_a_row_reads_back_exactly_through_the_csv_module(row: list[str]) -> None:
    out = io.StringIO()
    csvout.writer(out).writerow(row)
    out.seek(0)
    assert list(csvout.reader(out)) == [row]


_CELL = st.one_of(st.text(alphabet=',"\r\n \'=-@+\t\x00\x0ba\u00e9', max_size=5), st.none(), st.integers(-2, 2),
                  st.booleans(), st.floats(allow_nan=False, width=16), st.just([1, ","]))


def _csv_module_rows(head: list[object], rows: list[list[object]], tail: list[object]) -> str:
    out = io.StringIO()
    plain = csv.writer(out, lineterminator=csvout.LINE_END)  # the reference: the csv module alone
    plain.writerows([csvout.guard(c) for c in [*head, *row, *tail]] for row in rows)
    return out.getvalue()


@given(st.lists(_CELL, max_size=3), st.lists(st.lists(_CELL, max_size=4), max_size=4), st.lists(_CELL, max_size=3))
def test_rows_between_writes_what_the_csv_module_writes(head: list[object], rows: list[list[object]],
                                                        tail: list[object]) -> None:
    """collect's rows are joined from cells written once per distinct text (csvout._CELLS): the
    same text as the csv module's for every row, each cell guarded, quoted and joined as it would."""
    expected = _csv_module_rows(head, rows, tail)
    assert csvout.rows_between(head, rows, tail) == expected
    assert csvout.rows_between(head, rows, tail) == expected  # a second time, every text cell remembered


def test_rows_between_on_the_cells_that_need_quoting() -> None:
    rows = [["a,b", 'say "hi"', "line\r\nend", "", "=1", None, 3], ["", "plain"], [], ["x\ny", "=1"]]
    for head, tail in ((["f.pdf", "-2"], ["'q"]), ([""], []), ([], [""]), (["a"], ["b", None])):
        for _ in range(2):
            assert csvout.rows_between(head, rows, tail) == _csv_module_rows(head, rows, tail)


@pytest.mark.parametrize("value", HOSTILE)
def test_every_formula_trigger_is_guarded(value: str) -> None:
    assert csvout.guard(value).startswith("'")
    assert csvout.unguard(csvout.guard(value)) == value


def test_a_nul_character_never_reaches_a_csv_file() -> None:
    assert csvout.guard("a\x00b") == "a\ufffdb"


@pytest.mark.parametrize("control", list(CONTROLS))
def test_no_control_character_but_tab_and_line_ends_reaches_a_csv_file(control: str) -> None:
    """Issue 13, item 11: a NUL or other C0 control in an answer is shown as U+FFFD, the rest kept."""
    out = io.StringIO()
    csvout.writer(out).writerow([f"a{control}b", f"{control}=1", "tab\there\nnext\rline"])
    assert control not in out.getvalue()
    out.seek(0)
    assert list(csvout.reader(out)) == [["a\ufffdb", "\ufffd=1", "tab\there\nnext\rline"]]


def test_no_csv_writer_but_the_shared_one() -> None:
    """One writer for every CSV: a new csv.writer elsewhere would skip the guard."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "formkit").rglob("*.py")
                 if p.name != "csvout.py" and re.search(r"csv\.(writer|DictWriter)\(", p.read_text("utf-8"))]
    assert offenders == []


def _responses_csv(tmp: Path) -> Path:
    from formkit.collect import to_csv
    from formkit.collect.read import Rating, Response

    ratings = [Rating("CC1", "CC1.1", value, value, value, value) for value in HOSTILE]
    response = Response(file=HOSTILE[1], kind="self-assessment", catalog_id="x", catalog_version="1",
                        fingerprint="base", identity={"name": HOSTILE[0], "role": HOSTILE[3]}, ratings=ratings,
                        reflections={}, plan=[], scale=[], categories=[])
    path = tmp / "responses.csv"
    path.write_text(to_csv([response]), encoding="utf-8", newline="")
    return path


def _index_csv(tmp: Path) -> Path:
    from formkit.catalog.effective import effective_catalog
    from formkit.context.boards import resolve_board
    from formkit.documents.checklist.batch import run_batch

    cohort = tmp / "cohort.csv"
    with open(cohort, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)  # the input, as an attacker writes it (raw)
        writer.writerow(["id", "name"])
        for i, value in enumerate(HOSTILE):
            writer.writerow([f"{value.strip()}{i}", value.strip() or "x"])
    catalog = effective_catalog(())
    run_batch(catalog, resolve_board(catalog, "icrc-pr"), cohort, tmp / "batch")
    return tmp / "batch" / "index.csv"


def _catalog_csv(tmp: Path) -> Path:
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.exports import to_csv

    overlay = tmp / "hostile.yaml"
    overlay.write_text("name: Hostile\nadd:\n  competencies:\n" + "".join(
        f"    - category: CC6\n      id: CC6.A{i}\n      statement: {value!r}\n"
        for i, value in enumerate(v for v in HOSTILE if v.strip() == v)), encoding="utf-8")
    path = tmp / "catalog.csv"
    path.write_text(to_csv(effective_catalog([str(overlay)])), encoding="utf-8", newline="")
    return path


WRITERS = {"responses": _responses_csv, "index": _index_csv, "catalog": _catalog_csv}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_each_writer_guards_what_others_typed(kind: str, tmp_path: Path) -> None:
    path = WRITERS[kind](tmp_path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"], cells
    with open(path, encoding="utf-8-sig", newline="") as handle:
        plain = [cell for row in csvout.reader(handle) for cell in row]
    assert any(c.startswith("=HYPERLINK") for c in plain) and any(c.startswith("-2+3") or c.startswith("-23")
                                                                  for c in plain), plain


def test_libreoffice_calc_evaluates_no_formula(tmp_path: Path) -> None:
    """Open every CSV formkit writes in LibreOffice Calc (headless) and look at each cell it made."""
    soffice = require_tool("soffice")
    paths = [WRITERS[kind](tmp_path / kind) for kind in sorted(WRITERS) if (tmp_path / kind).mkdir() is None]
    out = tmp_path / "converted"
    result = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                             "--convert-to", "fods", "--outdir", str(out), *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    for path in paths:
        fods = out / (path.stem + ".fods")
        assert fods.is_file(), (result.stdout, result.stderr)
        sheet = fods.read_text(encoding="utf-8")
        assert "table:formula=" not in sheet, re.findall(r'table:formula="[^"]*"', sheet)
        assert "HYPERLINK" in sheet and "cmd|" in sheet  # the hostile text is there, as text


def test_the_check_above_would_see_a_formula(tmp_path: Path) -> None:
    """The LibreOffice check is not vacuous: an unguarded cell does come out as a formula."""
    soffice = require_tool("soffice")
    raw = tmp_path / "raw.csv"
    raw.write_text("a\r\n=1+1\r\n", encoding="utf-8")
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "fods", "--outdir", str(tmp_path), str(raw)], capture_output=True, timeout=300)
    assert "table:formula=" in (tmp_path / "raw.fods").read_text(encoding="utf-8")


def test_the_batch_index_from_a_hostile_cohort_opens_as_text(tmp_path: Path) -> None:
    """tests/data/bad/injection/cohort.csv through the real CLI: ids and names land guarded in index.csv."""
    from click.testing import CliRunner
    from conftest import DATA

    from formkit.cli import cli

    cohort = DATA / "bad" / "injection" / "cohort.csv"
    result = CliRunner().invoke(cli, ["checklist", "--board", "icrc-pr", "--applicants", str(cohort),
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "checklists" / "index.csv", encoding="utf-8-sig", newline="") as handle:
        raw = list(csv.reader(handle))
    cells = [cell for row in raw[1:] for cell in row[1:3]]
    assert cells == ["'=HYPERLINK(\"http://x.invalid\",\"click\")", "Ann Lee", "'-2+3", "'=1+1", "'+44 20",
                     "'@SUM(1+1)"], cells
    with open(tmp_path / "checklists" / "index.csv", encoding="utf-8-sig", newline="") as handle:
        assert [row[1] for row in csvout.reader(handle)][1:] == ["=HYPERLINK(\"http://x.invalid\",\"click\")",
                                                                 "-2+3", "+44 20"]
