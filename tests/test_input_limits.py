"""Issue 13, item 10 and a leftover of item 8: limits that come from what the documents can draw.

The checklist's limits are computed from its layout (formkit/documents/checklist/limits.py); here a word
exactly at the limit is rendered and located with pdftotext -bbox, to show the limit is the real
one: at the limit the word stays inside its column, one character more is refused before rendering.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, assert_user_error, run_tool

from formkit.documents.checklist import limits
from formkit.documents.checklist.pdf import COLS, LEFT, STATEMENT_SIZE
from formkit.pdfform.fonts import REGULAR

COLUMN_RIGHT = LEFT + COLS["id"] + COLS["statement"]  # where the tick boxes' column begins


def _word_at_limit() -> str:
    """The longest 'https://example.org/aaaa…' that fits the statement column."""
    word = "https://example.org/"
    while limits._width(word + "a", REGULAR, STATEMENT_SIZE) <= limits.STATEMENT_WIDTH:
        word += "a"
    return word


def _overlay(tmp_path: Path, statement: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(f'name: Limit\nstatements:\n  CC1.1: "Initiates contact {statement} with peers"\n', encoding="utf-8")
    return path


def test_a_word_at_the_limit_prints_inside_its_column(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    word = _word_at_limit()
    assert 28 <= len(word) <= 40  # about 33 characters of this text fit 168 pt at 9 pt
    out = tmp_path / "out"
    result = invoke("checklist", "--board", "custom", "--format", "pdf", "-O", str(_overlay(tmp_path, word)),
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    (pdf,) = sorted(out.rglob("*.pdf"))
    html = run_tool("pdftotext", "-bbox", "-f", "1", "-l", "3", str(pdf), "-").stdout
    boxes = [(float(a), float(b)) for a, b, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)
             if text == word]
    assert boxes, "the word was not found on the first pages"
    for x_min, x_max in boxes:
        assert LEFT + COLS["id"] < x_min and x_max <= COLUMN_RIGHT - 2, (x_min, x_max, COLUMN_RIGHT)


def test_one_character_more_is_refused_before_rendering(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    word = _word_at_limit() + "a"
    result = invoke("checklist", "--board", "custom", "-O", str(_overlay(tmp_path, word)), "-o", str(tmp_path / "o"))
    assert_user_error(result, "overlay.yaml", "statements.CC1.1", f"({len(word)} characters)",
                      "statement column is 168 pt wide", f"about {len(word) - 1} such characters", "Put spaces")
    assert not (tmp_path / "o").exists()


@pytest.fixture(scope="module")
def long_title_catalog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    data = json.loads((ROOT / "catalog.json").read_text(encoding="utf-8"))
    data["title"] = "Peer Worker Core Competencies of the Riverbend Region " * 6  # 330 characters
    data["categories"][0]["competencies"][0]["statement"] = "Initiates contact " + "x" * 60
    path = tmp_path_factory.mktemp("catalogue") / "long-title.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, data["title"]


def test_a_long_word_in_a_catalogue_file_names_the_file_and_key(invoke, long_title_catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = long_title_catalog
    result = invoke("checklist", "--board", "custom", "--catalog", str(path), "-o", str(tmp_path / "o"))
    assert_user_error(result, "long-title.json", "categories[0].competencies[0].statement", "(60 characters)")


def test_a_long_catalogue_title_is_cut_only_in_word_properties(invoke, long_title_catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """python-docx refuses core properties over 255 characters: the provenance line (the title in
    full) was an internal error; now the property ends in '…' and the footer keeps the full title."""
    import docx

    path, title = long_title_catalog
    fixed = tmp_path / "fixed.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["categories"][0]["competencies"][0]["statement"] = "Initiates contact"
    fixed.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", "--only", "checklists", "--only", "job-descriptions", "--catalog", str(fixed),
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    for word in sorted(out.rglob("*.docx")):
        document = docx.Document(str(word))
        comments = document.core_properties.comments
        assert len(comments) == 255 and comments.endswith("…") and comments.startswith(title[:200]), word
        footers = " ".join(p.text for s in document.sections for p in s.footer.paragraphs)
        assert title.strip() in footers or title.strip() in "\n".join(p.text for p in document.paragraphs), word


def test_a_statement_of_as_many_lines_as_a_row_holds_renders_and_one_more_is_refused(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reportlab.lib.utils import simpleSplit

    from formkit.pdfform.fonts import register_fonts

    register_fonts()

    def lines(text: str) -> int:
        return len(simpleSplit(text, REGULAR, STATEMENT_SIZE, limits.STATEMENT_WIDTH))

    words = [f"word{i:04d}" for i in range(2000)]
    n = next(n for n in range(1, 2000) if lines(" ".join(words[:n + 1])) > limits.ROW_LINES)
    fits, over = " ".join(words[:n]), " ".join(words[:n + 1])
    assert lines(fits) == limits.ROW_LINES == 47
    for text, ok in ((fits, True), (over, False)):
        path = tmp_path / "rows.yaml"
        path.write_text(f'name: Rows\nstatements:\n  CC1.2: "{text}"\n', encoding="utf-8")
        out = tmp_path / f"out-{ok}"
        result = invoke("checklist", "--board", "custom", "--format", "pdf", "-O", str(path), "-o", str(out))
        if ok:
            assert result.exit_code == 0, result.output  # the renderer draws it: the limit is not too strict
        else:
            assert_user_error(result, "rows.yaml", "statements.CC1.2", "wraps to 48 lines; a row holds at most 47")
