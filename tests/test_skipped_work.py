"""Start-up work that cannot change the files is skipped (issue 17, items 3 and 4).

Batch: with the blank cached, a 1,000-applicant batch spent half a second of CPU before its first file: the checklist's limit
checks and the fonts they load, the board's JSON Schema validation (jsonschema's import alone),
both fonts registered only to ask which characters they lack, and reportlab imported to read the
field font's metrics. Checked by what a fresh
interpreter imported and registered, not by timing, so the checks are exact on any machine.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, assert_user_error, fresh_cli

from formkit.pdfform import fonts


def _fresh(*args: str, cache: Path) -> dict[str, object]:
    """`formkit ARGS` in a fresh interpreter with its own cache folder: exit code, modules, fonts."""
    return fresh_cli(args, XDG_CACHE_HOME=str(cache))


def _batch_fresh(tmp_path: Path, out: str) -> dict[str, object]:
    """`formkit checklist --applicants` in a fresh interpreter."""
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("id,name\nA1,José Núñez\nA2,Ирина Петрова\n", encoding="utf-8")
    report = _fresh("checklist", "--board", "icrc-pr", "--applicants", str(cohort), "-o", str(tmp_path / out),
                    cache=tmp_path / "c")
    assert report["code"] == 0
    return report


def test_a_cached_batch_neither_validates_the_shipped_board_nor_checks_nor_registers_fonts(tmp_path: Path) -> None:
    first = _batch_fresh(tmp_path, "first")  # a miss: the checks run and the blank is drawn with the fonts
    assert "formkit.documents.checklist.limits" in first["modules"] and fonts.REGULAR in first["fonts"]  # type: ignore[operator]
    second = _batch_fresh(tmp_path, "second")
    modules = set(second["modules"])  # type: ignore[call-overload]
    assert "jsonschema" not in modules
    assert "reportlab" not in modules  # the field font's metrics come from the file beside it
    assert "formkit.documents.checklist.limits" not in modules and "formkit.documents.checklist.pdf" not in modules
    assert fonts.REGULAR not in second["fonts"] and fonts.BOLD not in second["fonts"]  # type: ignore[operator]
    for name in ("A1-Jose-Nunez.pdf", "A2-Ирина-Петрова.pdf"):
        assert (tmp_path / "first" / "checklists" / name).read_bytes() == \
            (tmp_path / "second" / "checklists" / name).read_bytes()


def test_the_cmap_ranges_are_the_characters_reportlab_draws() -> None:
    from reportlab.pdfbase import pdfmetrics

    fonts.register_fonts()
    for name in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC):
        starts, ends = fonts.mapped_ranges(name)
        read = {code for start, end in zip(starts, ends) for code in range(start, end + 1)}
        assert read == set(pdfmetrics.getFont(name).face.charToGlyph), name
    assert fonts.undrawable(["Ирина Nguyễn 😀 \u2695 👩🏽 \u200d\n"]) == ["🏽", "👩"]  # sorted by code point


def test_a_board_file_of_ones_own_is_still_validated(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Only the profiles formkit ships (validated by the test suite) skip the schema: a copy does not."""
    text = (ROOT / "templates" / "boards" / "icrc-pr.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "state-board.yaml"
    copy.write_text(text + "\nexperience_hourz: 10\n", encoding="utf-8")
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("id,name\nA1,Sam Lee\n", encoding="utf-8")
    result = invoke("checklist", "--board", str(copy), "--applicants", str(cohort), "-o", str(tmp_path / "out"))
    assert_user_error(result, "state-board.yaml", "unknown key 'experience_hourz'")
    assert not (tmp_path / "out").exists()


def test_a_build_of_the_shipped_inputs_validates_nothing_again(tmp_path: Path) -> None:
    report = _fresh("build", "-o", str(tmp_path / "out"), cache=tmp_path / "cache")
    assert report["code"] == 0
    assert len([p for p in (tmp_path / "out").rglob("*") if p.is_file() and not p.name.startswith(".")]) == 24
    assert "jsonschema" not in report["modules"]  # type: ignore[operator]  # roles, board, catalogue: validated by the tests


def test_an_overlay_is_still_validated(tmp_path: Path) -> None:
    overlay = tmp_path / "agency.yaml"
    overlay.write_text("name: Agency\nroles:\n  peer-supervisor:\n    titel: Lead peer\n", encoding="utf-8")
    report = _fresh("build", "-O", str(overlay), "-o", str(tmp_path / "out"), cache=tmp_path / "cache")
    assert report["code"] == 2 and "jsonschema" in report["modules"]  # type: ignore[operator]
    assert not (tmp_path / "out").exists()
