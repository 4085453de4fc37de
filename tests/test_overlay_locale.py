"""An overlay that brings its own locale folder (``locale: locales/xx``, issue 21): a language formkit
does not ship works from an overlay alone, the folder's wording wins over the shipped locale and
loses to the overlay's own ``wording``, and a wrong folder or placeholder names the file to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_user_error

from formkit.catalog.effective import effective_catalog
from formkit.catalog.locale import Wording
from formkit.core.errors import FormkitError


def overlay_with_locale(folder: Path, wording: str = "", extra: str = "") -> Path:
    (folder / "locales" / "el").mkdir(parents=True, exist_ok=True)
    (folder / "locales" / "el" / "selfassess.yaml").write_text(
        "selfassess:\n  about_you: \"Σχετικά με εσάς\"\n  document_title: \"Αυτοαξιολόγηση: {id} {title}\"\n"
        + extra, encoding="utf-8")
    overlay = folder / "el.yaml"
    overlay.write_text(f"name: Greek\nlanguage: el\nlocale: locales/el\n{wording}", encoding="utf-8")
    return overlay


def test_a_language_formkit_does_not_ship_works_from_an_overlays_locale(tmp_path: Path) -> None:
    catalog = effective_catalog([str(overlay_with_locale(tmp_path))])
    words = Wording(catalog)
    assert catalog.language == "el"
    assert words("selfassess.about_you") == "Σχετικά με εσάς"
    assert words("selfassess.document_title", id="CC1", title="Τίτλος") == "Αυτοαξιολόγηση: CC1 Τίτλος"
    assert words("selfassess.name") == "Name"  # not in the folder: the English, never a blank


def test_without_the_locale_key_the_same_language_is_refused(tmp_path: Path) -> None:
    overlay = tmp_path / "el.yaml"
    overlay.write_text("name: Greek\nlanguage: el\n", encoding="utf-8")
    with pytest.raises(FormkitError, match="no wording for language 'el'.*'locale:' in the overlay"):
        Wording(effective_catalog([str(overlay)]))


def test_the_overlays_own_wording_wins_over_its_locale_folder(tmp_path: Path) -> None:
    overlay = overlay_with_locale(tmp_path, wording="wording:\n  selfassess.about_you: \"Για εσάς\"\n")
    assert Wording(effective_catalog([str(overlay)]))("selfassess.about_you") == "Για εσάς"


def test_a_missing_locale_folder_names_the_overlay_and_the_key(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    overlay = tmp_path / "el.yaml"
    overlay.write_text("name: Greek\nlanguage: el\nlocale: locales/el\n", encoding="utf-8")
    result = invoke("overlay", "check", str(overlay))
    assert_user_error(result, f"{overlay}: locale: the locale folder is not found",
                      "Fix the path (relative to this overlay file)")
    (tmp_path / "locales" / "el").mkdir(parents=True)
    assert_user_error(invoke("overlay", "check", str(overlay)), "locale: the locale folder holds no wording files")
    (tmp_path / "locales" / "el").rmdir()
    (tmp_path / "locales" / "el").write_text("x", encoding="utf-8")
    assert_user_error(invoke("overlay", "check", str(overlay)), "locale: the locale path is not a folder")


def test_a_wrong_placeholder_in_the_folder_names_its_file(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    overlay = overlay_with_locale(tmp_path, extra="  subject: \"{titlos}\"\n")
    result = invoke("build", "-O", str(overlay), "--only", "self-assessment", "-o", str(tmp_path / "out"))
    assert_user_error(result, str(tmp_path / "locales" / "el" / "selfassess.yaml"), "{titlos}")
    assert not (tmp_path / "out").exists()


def test_the_fingerprint_names_the_locale_files_too(tmp_path: Path) -> None:
    overlay = overlay_with_locale(tmp_path)
    before = effective_catalog([str(overlay)]).fingerprint
    locale = tmp_path / "locales" / "el" / "selfassess.yaml"
    locale.write_text(locale.read_text(encoding="utf-8").replace("εσάς", "σας"), encoding="utf-8")
    assert effective_catalog([str(overlay)]).fingerprint != before  # a changed translation is a new edition
