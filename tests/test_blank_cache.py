"""The batch keeps the blank checklist in a cache folder between runs (issue 17, item 4).

A hit must give the same files as drawing the blank afresh; an entry that was damaged or does
not belong to its key must be noticed and drawn again, never used; other inputs are another key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import OVERLAYS, run_tool

import formkit.documents.checklist as checklist
from formkit.catalog.effective import effective_catalog
from formkit.context import resolve
from formkit.documents.checklist import blankcache
from formkit.documents.checklist.batch import run_batch
from formkit.pdfform.read import read_field_values

COHORT = "id,name,organisation\r\nA1,José Núñez,Riverbend\r\nA2,Ирина Петрова,\r\nA3,Sam Lee,Co-op\r\n"


@pytest.fixture(scope="module")
def context():  # type: ignore[no-untyped-def]
    return resolve(effective_catalog(()), ["checklists"], board="icrc-pr")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "formkit" / "checklist-blanks"


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the blank is drawn (the cache is missed)."""
    real, drawn = checklist.blank_pdf, []

    def blank_pdf(*args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(checklist, "blank_pdf", blank_pdf)
    return drawn


def _batch(context, folder: Path, **kwargs) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    csv_path = folder.parent / "cohort.csv"
    csv_path.write_bytes(COHORT.encode("utf-8-sig"))
    result = run_batch(context, context.checklist_board, csv_path, folder, **kwargs)
    assert result.written == 3 and not result.errors
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".pdf", ".csv")}


def test_a_cache_hit_gives_the_bytes_of_a_fresh_render(context, cache, renders, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fresh = _batch(context, tmp_path / "fresh", blank=checklist.blank_pdf(context))  # no cache involved
    assert renders == [1] and not cache.exists()
    first = _batch(context, tmp_path / "first")  # a miss: drawn, then stored
    assert renders == [1, 1]
    assert sorted(p.suffix for p in cache.iterdir()) == [".json", ".pdf"]
    second = _batch(context, tmp_path / "second")  # a hit: nothing drawn
    assert renders == [1, 1]
    assert first == fresh and second == fresh
    assert read_field_values(tmp_path / "second" / "A2-Ирина-Петрова.pdf")["applicant_name"] == "Ирина Петрова"
    run_tool("qpdf", "--check", str(tmp_path / "second" / "A1-Jose-Nunez.pdf"))


def _damage_pdf(entry: Path) -> None:
    data = bytearray(entry.with_suffix(".pdf").read_bytes())
    data[len(data) // 2] ^= 0x20  # one flipped bit: what a disk error or a stray write leaves
    entry.with_suffix(".pdf").write_bytes(bytes(data))


def _truncate_pdf(entry: Path) -> None:
    pdf = entry.with_suffix(".pdf")
    pdf.write_bytes(pdf.read_bytes()[:1000])


def _forge_state(entry: Path) -> None:
    """Field data that is not the blank's (another object number), its digest left as it was."""
    meta = json.loads(entry.read_text(encoding="utf-8"))
    meta["state"]["slots"]["applicant_name"][0] += 1
    entry.write_text(json.dumps(meta), encoding="utf-8")


def _forge_consistently(entry: Path) -> None:
    """A whole entry copied under another key: both digests agree with the files, the key does not."""
    meta = json.loads(entry.read_text(encoding="utf-8"))
    meta["key"] = "0" * 64
    entry.write_text(json.dumps(meta), encoding="utf-8")


def _garbage_json(entry: Path) -> None:
    entry.write_text('{"format": "formkit-checklist-blank/1", "key": ', encoding="utf-8")


@pytest.mark.parametrize("tamper", [_damage_pdf, _truncate_pdf, _forge_state, _forge_consistently, _garbage_json])
def test_a_damaged_or_foreign_entry_is_drawn_again_not_trusted(context, cache, renders, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               tamper) -> None:
    expected = _batch(context, tmp_path / "first")
    [entry] = cache.glob("*.json")
    tamper(entry)
    assert _batch(context, tmp_path / "again") == expected  # drawn again: the same files
    assert renders == [1, 1]
    assert _batch(context, tmp_path / "healed") == expected  # and the entry was replaced: a hit again
    assert renders == [1, 1]


def test_other_inputs_are_another_entry(context, cache, renders, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Another board, or an overlay, draws (and keeps) a blank of its own."""
    _batch(context, tmp_path / "icrc")
    other_board = resolve(context.catalog, ["checklists"], board="naadac-ncprss")
    _batch(other_board, tmp_path / "naadac")
    overlay = resolve(effective_catalog([str(OVERLAYS / "example-agency.yaml")]), ["checklists"], board="icrc-pr")
    _batch(overlay, tmp_path / "agency")
    assert renders == [1, 1, 1] and len(list(cache.glob("*.pdf"))) == 3
    keys = {blankcache.inputs_digest(c.catalog, c.checklist_board) for c in (context, other_board, overlay)}
    assert len(keys) == 3


def test_an_edited_template_or_code_file_is_another_key(context, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A layout or wording edited in a checkout (any file, in any subfolder) is a new key; the
    bytecode Python writes beside the code is not."""
    import os

    templates = tmp_path / "templates"
    (templates / "boards").mkdir(parents=True)
    (templates / "wording.yaml").write_text("a: 1\n", encoding="utf-8")
    (templates / "boards" / "icrc-pr.yaml").write_text("id: icrc-pr\n", encoding="utf-8")
    monkeypatch.setattr(blankcache, "templates_dir", lambda: templates)
    key = blankcache.inputs_digest(context.catalog, context.checklist_board)
    (templates / "__pycache__").mkdir()
    (templates / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0" * 16)
    assert blankcache.inputs_digest(context.catalog, context.checklist_board) == key
    board = templates / "boards" / "icrc-pr.yaml"
    os.utime(board, ns=(board.stat().st_atime_ns, board.stat().st_mtime_ns + 1_000_000_000))
    edited = blankcache.inputs_digest(context.catalog, context.checklist_board)
    assert edited != key
    (templates / "boards" / "new.yaml").write_text("id: new\n", encoding="utf-8")
    assert blankcache.inputs_digest(context.catalog, context.checklist_board) not in (key, edited)


def test_a_cache_folder_that_cannot_be_written_is_no_error(context, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch, renders) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert len(_batch(context, tmp_path / "out")) == 4  # three checklists and the index
    assert renders == [1]


def _cli_batch(invoke, tmp_path: Path, out: str, *overlay: str):  # type: ignore[no-untyped-def]
    csv_path = tmp_path / "cohort.csv"
    csv_path.write_bytes(COHORT.encode("utf-8-sig"))
    return invoke("checklist", "--board", "icrc-pr", *overlay, "--applicants", str(csv_path), "-o", str(tmp_path / out))


def test_a_hit_skips_the_limit_checks_that_passed_when_it_was_made(invoke, cache, renders, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The checklist's limit checks (and the fonts they load) were a third of a batch's start-up; a
    hit was made from the same inputs after they passed, so it skips them and writes the same files."""
    real, checked = checklist.check, []

    def check(*args, **kwargs):  # type: ignore[no-untyped-def]
        checked.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(checklist, "check", check)
    first = _cli_batch(invoke, tmp_path, "first")
    assert first.exit_code == 0, first.output
    assert renders == [1] and checked == [1]  # a miss: checked, drawn, stored
    second = _cli_batch(invoke, tmp_path, "second")
    assert second.exit_code == 0, second.output
    assert renders == [1] and checked == [1]  # a hit: neither
    files = sorted(p.name for p in (tmp_path / "first" / "checklists").iterdir() if not p.name.startswith("."))
    assert len(files) == 4
    for name in files:
        assert (tmp_path / "first" / "checklists" / name).read_bytes() == \
            (tmp_path / "second" / "checklists" / name).read_bytes(), name


def test_a_batch_from_text_the_checklist_cannot_draw_is_refused(invoke, cache, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """On a miss the checks run before anything is written: one line naming the overlay's key."""
    from conftest import assert_user_error

    too_long = tmp_path / "too-long.yaml"
    too_long.write_text("name: Long\nstatements:\n  CC1.2: '" + "supports recovery " * 300 + "'\n", encoding="utf-8")
    for attempt in ("once", "again"):  # a refusal leaves no entry behind that would let the next run through
        refused = _cli_batch(invoke, tmp_path, attempt, "-O", str(too_long))
        assert_user_error(refused, "statements.CC1.2", "too long for one checklist row", str(too_long))
        assert not list((tmp_path / attempt).rglob("*.pdf"))
    assert not cache.exists() or not list(cache.iterdir())
