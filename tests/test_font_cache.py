"""The bundled fonts kept parsed between runs (formkit.pdfform.fontcache): a font from the cache is
the font reportlab parses, and draws the same bytes; an entry another user could have written, a
damaged one or one of another key is not trusted."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import fresh_cli

from formkit.pdfform import fontcache
from formkit.pdfform.fonts import BOLD, REGULAR, font_path


@pytest.fixture
def parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The fonts reportlab parsed, in a cache folder of this test's own."""
    from reportlab.pdfbase import ttfonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    seen: list[str] = []
    real = ttfonts.TTFont

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
            seen.append(name)
            super().__init__(name, *args, **kwargs)

    monkeypatch.setattr(ttfonts, "TTFont", Counted)
    return seen


def test_a_font_is_parsed_once_then_loaded_as_parsed(parses: list[str]) -> None:
    first = fontcache.parsed_font(REGULAR, font_path(REGULAR))
    again = fontcache.parsed_font(REGULAR, font_path(REGULAR))
    assert parses == [REGULAR]  # the second came from the cache
    assert again is not first and fontcache.same_font(again, first)
    assert again.face.charWidths[ord("W")] == first.face.charWidths[ord("W")] > 0
    assert again.stringWidth("Peer support, día 1", 10) == first.stringWidth("Peer support, día 1", 10)
    assert again.face.makeSubset(list(range(32, 127))) == first.face.makeSubset(list(range(32, 127)))
    other = fontcache.parsed_font(BOLD, font_path(BOLD))  # a font of its own key
    assert parses == [REGULAR, BOLD] and not fontcache.same_font(other, first)


def test_an_entry_not_ours_alone_or_damaged_is_parsed_again(parses: list[str]) -> None:
    fontcache.parsed_font(REGULAR, font_path(REGULAR))
    entry, = fontcache.cache_dir().glob("*.pickle")
    entry.chmod(0o666)  # anyone may have written it
    fontcache.parsed_font(REGULAR, font_path(REGULAR))
    assert parses == [REGULAR, REGULAR]
    entry.write_bytes(entry.read_bytes()[:1000])  # cut short (and stored again, owner-only)
    os.chmod(entry, 0o600)
    fontcache.parsed_font(REGULAR, font_path(REGULAR))
    assert parses == [REGULAR] * 3
    assert fontcache.parsed_font(REGULAR, font_path(REGULAR)).face.numGlyphs > 1000
    assert parses == [REGULAR] * 3  # the damaged entry was replaced by a whole one


def test_a_report_from_cached_fonts_has_the_same_bytes(tmp_path: Path) -> None:
    """The same report, made by a process that parsed the fonts and by one that loaded them."""
    from test_store_reads import _store

    db = tmp_path / "formkit.db"
    person_id = _store(db)
    made = []
    for run in ("parsed", "cached"):
        out = tmp_path / run
        report = fresh_cli(["report", "person", person_id, "--db", str(db), "-o", str(out)], HOME=str(tmp_path))
        assert report["code"] == 0 and REGULAR in report["fonts"]  # type: ignore[operator]
        made.append(next(out.glob("*.pdf")).read_bytes())
        assert len(list((tmp_path / ".cache" / "formkit" / "fonts").glob("*.pickle"))) == 3
    assert made[0] == made[1]
