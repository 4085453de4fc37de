"""Issue 21, "Done when" (the translators' half): export a PO file for a language formkit does not
ship, fill every msgstr with a script, import it, build with the overlay: every document — forms,
booklet, checklist PDF and Word, job descriptions, catalogue exports, a collect summary, the growth
and cohort reports, a checklist's verdict (eligibility.csv, letter, cohort summary) — prints the new
strings and no English text of a wording key, catalogue entry or role (checked with pdftotext and
the Word text), and the builds are the same bytes every time.

The script's "translation" turns every word round inside ⟦ ⟧ and keeps the {placeholders}, so an
English phrase found in a document can only be one formkit failed to translate."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import polib
import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, require_tool
from fillers import fill_with_pypdf, read_layout
from test_wording import document_text

from formkit.cli import cli

LANGUAGE = "xx"
CASE_ITEM_TYPES = {"Category", "Competency"}  # 1EdTech CASE's CFItemType vocabulary: identifiers, not prose
PHRASE = 4  # words: an English phrase this long in a document is untranslated text, not a coincidence

pytestmark = pytest.mark.slow  # two builds, a filled form collected, two reports: about 20 s


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def pseudo(text: str) -> str:
    """Every run of letters reversed, {placeholders} and doubled braces kept, the whole in ⟦ ⟧."""
    parts = re.split(r"(\{\{|\}\}|\{[^{}]*\})", text)
    return "⟦" + "".join(p if p[:1] in "{}" else re.sub(r"[A-Za-z]+", lambda m: m.group()[::-1], p)
                         for p in parts) + "⟧"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def phrases(text: str) -> set[str]:
    found = words(text)
    return {" ".join(found[i:i + PHRASE]) for i in range(len(found) - PHRASE + 1)}


def names_and_citations() -> list[str]:
    """Texts that stay English on purpose: formkit's name, the sources' titles, publishers and
    addresses (in every provenance line) and the board files (names of boards and credentials); the
    CCSA texts and the roles' duties too while overlays cannot carry them."""
    from formkit.translate.roles import overlay_carries_duties
    from formkit.translate.sources import overlay_carries

    catalog = json.loads((ROOT / "catalog.json").read_text(encoding="utf-8"))
    texts = ["formkit", catalog["title"],
             *(f"{f['title']} {f['publisher']} {f['source']}" for f in catalog["frameworks"])]
    if not overlay_carries("ccsa"):
        ccsa = catalog["ccsa"]
        texts += [text for kind in ("behavioural", "technical") for k in ccsa[kind]["competencies"]
                  for text in (k["name"], k["definition"])]
        texts += [level["name"] for levels in ccsa["proficiency_levels"].values() for level in levels]
        texts += [*ccsa["proficiency_definitions"].values(), ccsa["behavioural"]["definition"],
                  ccsa["technical"]["definition"]]
    if not overlay_carries_duties():
        texts += [duty[field] for p in sorted((ROOT / "templates" / "roles").glob("*.yaml"))
                  for duty in yaml.safe_load(p.read_text(encoding="utf-8")).get("duties", [])
                  for field in ("title", "text")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "templates" / "boards").glob("*.yaml"))]
    return texts


@pytest.fixture(scope="module")
def roundtrip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    require_tool("pdftotext")
    out = tmp_path_factory.mktemp("roundtrip")
    run("translate", "export", "--language", LANGUAGE, "-o", str(out / "xx.po"))
    po = polib.pofile(str(out / "xx.po"))
    for entry in po:
        entry.msgstr = pseudo(entry.msgid)
    po.save(str(out / "done.po"))
    imported = run("translate", "import", str(out / "done.po"), "-o", str(out / "tr"))
    overlay = str(out / "tr" / f"{LANGUAGE}.yaml")
    for build in ("build1", "build2"):
        run("build", "-O", overlay, "-o", str(out / build))
    reports = _reports(out, overlay)
    return {"out": out, "po": po, "imported": imported, "reports": reports}


def _reports(out: Path, overlay: str) -> list[Path]:
    """A CC1 form of the build filled in, collected with --report, its growth and cohort reports; a
    checklist of the build filled in part and collected: eligibility.csv, the letter, the cohort summary."""
    blank = next((out / "build1" / "self-assessment").glob("self-assessment-CC01-*.pdf"))
    values = {"name": "Ada Lovelace", "program": "North", "round": "baseline", "date": "2026-01-15",
              **{f"CC1_{k}_rating": str(1 + k % 4) for k in range(1, 6)}}
    (out / "filled").mkdir()
    fill_with_pypdf(blank, out / "filled" / "a.pdf", values, read_layout(blank), auto_regenerate=False)
    (out / "collected").mkdir()
    db = str(out / "collected" / "formkit.db")
    run("collect", str(out / "filled"), "-O", overlay, "--report", "-o", str(out / "collected"), "--db", db)
    from formkit.store import open_store

    with open_store(db) as store:
        (person,) = store.people()
    run("report", "person", person.person_id, "--db", db, "-O", overlay, "-o", str(out / "reports"))
    run("report", "cohort", "--db", db, "-O", overlay, "-o", str(out / "reports"))
    checklist = next((out / "build1" / "checklists").glob("checklist-*.pdf"))
    (out / "returned").mkdir()
    fill_with_pypdf(checklist, out / "returned" / "c.pdf", {"applicant_name": "Ada Lovelace", "r_CC1_1": "MEETS"},
                    read_layout(checklist), auto_regenerate=False)
    run("collect", str(out / "returned"), "-O", overlay, "--report", "-o", str(out / "verdicts"))
    verdicts = [next((out / "verdicts").glob(f"{name}*.{kind}"))
                for name, kind in (("eligibility", "csv"), ("checklists", "csv"), ("cohort-summary", "pdf"))]
    return [*sorted((out / "collected" / "reports").glob("*.pdf")), *sorted((out / "reports").glob("*.pdf")),
            *verdicts, *sorted((out / "verdicts" / "letters").glob("*.pdf"))]


def documents(roundtrip: dict[str, object]) -> list[Path]:
    out = roundtrip["out"]
    assert isinstance(out, Path)
    built = sorted(p for p in (out / "build1").rglob("*") if p.is_file() and not p.name.startswith("."))
    return built + list(roundtrip["reports"])  # type: ignore[call-overload]


def test_the_import_took_every_string(roundtrip: dict[str, object]) -> None:
    po = roundtrip["po"]
    assert isinstance(po, polib.POFile)
    assert f"{len(po)} of {len(po)} strings translated" in str(roundtrip["imported"])
    assert "Warning" not in str(roundtrip["imported"])


def test_every_document_prints_the_new_strings_and_no_english_ones(roundtrip: dict[str, object]) -> None:
    po = roundtrip["po"]
    assert isinstance(po, polib.POFile)
    english: dict[str, str] = {}
    for entry in po:
        for fragment in re.split(r"\{[^{}]*\}", entry.msgid):
            english.update(dict.fromkeys(phrases(fragment) - english.keys(), entry.msgctxt))
    kept = names_and_citations()
    for phrase in {phrase for text in kept for phrase in phrases(text)}:
        english.pop(phrase, None)
    whole = {entry.msgid: entry.msgctxt for entry in po
             if "{" not in entry.msgid and len(entry.msgid) > 2 and entry.msgid not in kept}
    docs = documents(roundtrip)
    assert {p.suffix for p in docs} >= {".pdf", ".docx", ".csv", ".md", ".json"} and len(docs) >= 31
    for path in docs:
        text = document_text(path).replace(path.stem, " ")  # a file name may quote a slug in its footer
        assert "⟦" in text, f"{path.name} prints none of the new strings"
        left = sorted({english[p] for p in phrases(text) if p in english})
        assert not left, f"{path.name} prints the English of {left[:8]}"
        lines = {line.strip() for line in text.splitlines()}
        if path.name.endswith(".case.json"):
            lines -= CASE_ITEM_TYPES
        alone = sorted(whole[line] for line in lines if line in whole)
        assert not alone, f"{path.name} prints the English of {alone[:8]}"


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_the_builds_are_the_same_bytes(roundtrip: dict[str, object]) -> None:
    out = roundtrip["out"]
    assert isinstance(out, Path)
    first = digests(out / "build1")
    assert len(first) >= 24 and first == digests(out / "build2")


def test_the_import_is_the_same_bytes_every_run(roundtrip: dict[str, object], tmp_path: Path) -> None:
    out = roundtrip["out"]
    assert isinstance(out, Path)
    run("translate", "import", str(out / "done.po"), "-o", str(tmp_path / "again"))
    assert digests(tmp_path / "again") == digests(out / "tr")
