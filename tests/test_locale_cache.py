"""The shipped wording is parsed once and then read from the user's cache folder
(formkit.catalog.locale_cache): the same table as parsing gives, PyYAML not imported on a hit,
an edited wording file never answered from a stale entry, and a damaged entry or an unwritable
cache folder costing a parse, never a wrong word or an error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from formkit.catalog import locale_cache
from formkit.catalog.locale import read_locale_folder
from formkit.core.resources import templates_dir


def _parse(folder: Path) -> dict[str, str]:
    return {key: text for key, (text, _file) in read_locale_folder(folder).items()}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "formkit" / "locales"


def _folder(tmp_path: Path, title: str) -> Path:
    folder = tmp_path / "locale"
    folder.mkdir(exist_ok=True)
    (folder / "a.yaml").write_text(f"doc:\n  title: {title}\n  page: Page {{page}} of {{pages}}\n", encoding="utf-8")
    (folder / "b.yaml").write_text("other:\n  ok: Fine\n", encoding="utf-8")
    return folder


def _cached(folder: Path) -> dict[str, str]:
    return locale_cache.cached_table(sorted(folder.glob("*.yaml")), lambda: _parse(folder))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_hit_is_the_table_parsing_gives(cache: Path, language: str) -> None:
    folder = templates_dir() / "locales" / language
    parsed = _parse(folder)
    assert _cached(folder) == parsed  # a miss: parsed and stored
    assert len(list(cache.glob("*.json"))) == 1
    hit = _cached(folder)
    assert hit == parsed and list(hit) == list(parsed)  # the same keys in the same order


def test_an_edited_file_is_a_new_key_not_a_stale_table(cache: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path, "Growth report")
    assert _cached(folder)["doc.title"] == "Growth report"
    _folder(tmp_path, "Progress report")
    assert _cached(folder)["doc.title"] == "Progress report"
    assert len(list(cache.glob("*.json"))) == 2


def test_a_damaged_or_foreign_entry_is_parsed_again_and_replaced(cache: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path, "Growth report")
    _cached(folder)
    entry, = cache.glob("*.json")
    for damage in ("{\"format\": \"formkit-locale/1\", \"key\": ", json.dumps({"format": "formkit-locale/1",
                   "key": "another", "table": {"doc.title": "Wrong"}}),
                   json.dumps({"format": "formkit-locale/1", "key": entry.stem, "table": {"doc.title": 7}})):
        entry.write_text(damage, encoding="utf-8")
        assert _cached(folder)["doc.title"] == "Growth report"
        assert json.loads(entry.read_text(encoding="utf-8"))["table"]["doc.title"] == "Growth report"


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    folder = _folder(tmp_path, "Growth report")
    assert _cached(folder)["doc.title"] == "Growth report"


def test_a_run_with_the_wording_cached_does_not_import_yaml(tmp_path: Path) -> None:
    code = ("import sys; from formkit.catalog.effective import effective_catalog; "
            "from formkit.catalog.locale import Wording; words = Wording(effective_catalog()); "
            "print(words('reports.none'), 'yaml' in sys.modules)")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first, second = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                    env=env, cwd=ROOT).stdout.split() for _ in range(2))
    assert first[-1] == "True" and second[-1] == "False"  # parsed once, then read from the cache
    assert first[:-1] == second[:-1] and first[:-1]
