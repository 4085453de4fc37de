"""formkit's cache folders keep their most recently used entries (formkit.core.cachefolder): a
program that runs batches for many boards, or upgrades formkit, does not collect 700 KB blank
checklists in its home for good. A run that reads an entry marks it used; a run that adds one
deletes the least recently used beyond the folder's limit; files that are not entries stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from test_blank_cache import _batch  # the batch the blank-cache tests run

from formkit.catalog import locale_cache
from formkit.catalog.effective import effective_catalog
from formkit.catalog.locale import read_locale_folder
from formkit.context import resolve
from formkit.core.cachefolder import prune
from formkit.core.resources import templates_dir
from formkit.documents.checklist import blankcache

DAY = 86400


def _entry(folder: Path, n: int, age_days: float, suffixes: tuple[str, ...] = (".json",)) -> list[Path]:
    key = f"{n:064x}"
    made = []
    for suffix in suffixes:
        path = folder / f"{key}{suffix}"
        path.write_bytes(b"{}")
        when = time.time() - age_days * DAY
        os.utime(path, (when, when))
        made.append(path)
    return made


def test_prune_keeps_the_newest_entries_whole_and_leaves_other_files(tmp_path: Path) -> None:
    entries = [_entry(tmp_path, n, age_days=n, suffixes=(".pdf", ".json")) for n in range(10)]
    strangers = [tmp_path / "notes.txt", tmp_path / f".{'a' * 64}.json.123.x.tmp", tmp_path / f"{'A' * 64}.pdf"]
    for path in strangers:
        path.write_text("mine")
    deleted = prune(tmp_path, 4)
    assert sorted(deleted) == sorted(f"{n:064x}" for n in range(4, 10))
    assert all(p.exists() for entry in entries[:4] for p in entry)
    assert not any(p.exists() for entry in entries[4:] for p in entry)
    assert all(p.exists() for p in strangers)
    assert prune(tmp_path, 4) == [] and prune(tmp_path / "absent", 4) == []


def _table(language: str) -> dict[str, str]:
    """A language's wording through the cache, as formkit.catalog.locale reads it once per process."""
    folder = templates_dir() / "locales" / language
    return locale_cache.cached_table(sorted(folder.glob("*.yaml")),
                                     lambda: {k: text for k, (text, _) in read_locale_folder(folder).items()})


def test_the_wording_cache_keeps_its_limit_and_what_was_used_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = locale_cache.cache_dir()
    english = _table("en")  # a miss: stored
    ours, = folder.iterdir()
    old = time.time() - 30 * DAY
    os.utime(ours, (old, old))
    for n in range(locale_cache.KEEP + 8):
        _entry(folder, n, age_days=1 + n / 100)  # newer than ours, until ours is read again
    assert _table("en") == english  # a hit: marked used
    assert ours.stat().st_mtime > time.time() - DAY
    _table("es")  # a miss: stored, and the folder pruned
    kept = sorted(folder.iterdir())
    assert len(kept) == locale_cache.KEEP and ours in kept


def test_a_batch_prunes_the_blank_checklists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = blankcache.cache_dir()
    folder.mkdir(parents=True)
    for n in range(blankcache.KEEP + 3):
        _entry(folder, n, age_days=1 + n, suffixes=(".pdf", ".json"))
    context = resolve(effective_catalog(()), ["checklists"], board="icrc-pr")
    _batch(context, tmp_path / "out")  # a miss: the blank drawn, stored, the folder pruned
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 * blankcache.KEEP
    assert f"{0:064x}.pdf" in names and f"{blankcache.KEEP + 2:064x}.pdf" not in names  # the oldest went
    key = blankcache.inputs_digest(context.catalog, context.checklist_board)
    assert f"{key}.pdf" in names and f"{key}.json" in names


def test_the_font_cache_keeps_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from formkit.pdfform import fontcache
    from formkit.pdfform.fonts import REGULAR, font_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = fontcache.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    for n in range(fontcache.KEEP + 2):
        _entry(folder, n, age_days=1 + n, suffixes=(".pickle",))
    fontcache.parsed_font(REGULAR, font_path(REGULAR))  # a miss: parsed, stored, the folder pruned
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == fontcache.KEEP and f"{0:064x}.pickle" in kept and f"{fontcache.KEEP + 1:064x}.pickle" not in kept
