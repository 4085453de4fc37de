"""Issue 15, item 2: what the documents say, read as a peer worker reads them (pdftotext).

The instructions and the legend follow the scale (how often, how well, or the scale's own
labels), proficiency levels are defined by the source's words and not by their own names, no
form tells its reader to run a command, numbers agree with their nouns, and the US English
locale spells every built document the US way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import seedtext
from conftest import run_tool

from formkit.catalog.effective import effective_catalog
from formkit.context import resolve
from formkit.documents.checklist import render as render_checklist
from formkit.documents.selfassess import render_booklet, render_category


def pdf_text(data: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return run_tool("pdftotext", "-layout", str(path), "-").stdout


def first_page(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "page1.pdf"
    path.write_bytes(data)
    return " ".join(run_tool("pdftotext", "-f", "1", "-l", "1", str(path), "-").stdout.split())


def overlay(tmp_path: Path, text: str, name: str = "o.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def mini_tool(tmp_path: Path, *overlays: str) -> str:
    catalog = effective_catalog(overlays)
    return first_page(render_category(catalog, catalog.categories[0]), tmp_path)


def test_a_frequency_scale_asks_how_often(tmp_path: Path) -> None:
    text = mini_tool(tmp_path)
    assert "describes how often you do this" in text
    assert "how well" not in text
    assert "Rarely: I am just beginning to learn or practice this." in text
    assert "choose “Not yet had the chance / not sure”" in text


def ccsa_footnote() -> str:
    """Footnote 2 of the W.I.S.E. guide (seed 001), its link written as plain text."""
    source = next(seedtext.SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    note = re.search(r"<sup>2</sup> (Proficiency levels are defined as .+)", source)
    assert note
    return seedtext.norm(re.sub(r"<(https?://[^>]+)>", r"\1", note.group(1)))


def test_the_ccsa_scale_asks_how_well_and_quotes_the_source_definition(tmp_path: Path) -> None:
    text = mini_tool(tmp_path, overlay(tmp_path, "name: A\nrating_scale: ccsa-proficiency\n"))
    assert "describes how well you can do this" in text
    assert "how often" not in text
    assert ccsa_footnote() in seedtext.norm(text)  # word for word, link included
    legend = text[text.index("Rating scale:"): text.index("How the source defines")]
    for number, name in enumerate(["Introductory", "Basic", "Intermediate", "Advanced"], 1):
        assert f"{name}: level {number}" in legend
        assert legend.lower().count(name.lower()) == 1, (name, legend)  # the name is not its own description


def test_a_custom_scale_is_described_by_its_own_labels(tmp_path: Path) -> None:
    text = mini_tool(tmp_path, overlay(tmp_path, """name: A
rating_scale: confidence
scales:
  - id: confidence
    title: How confident I feel
    points:
      - {value: "1", label: Not yet, description: I have not done this on my own.}
      - {value: "2", label: Confident, description: I do this on my own.}
    not_applicable: null
"""))
    assert "choose the answer on the scale below that best describes your work today" in text
    assert "how often" not in text and "how well" not in text
    assert "not had the chance" not in text  # this scale offers no such answer
    assert "Not yet: I have not done this on my own." in text
    assert "How the source defines" not in text


def test_counts_agree_with_their_nouns(tmp_path: Path) -> None:
    catalog = effective_catalog([overlay(tmp_path, """name: A
select: {categories: [CC2], competencies: [CC1.1]}
board:
  pass_rule: {min_count: {value: MEETS, count: 1}}
""")])
    cover = first_page(render_booklet(catalog), tmp_path)
    assert "(1 competency)" in cover and "(5 competencies)" in cover
    assert "(1 competencies)" not in cover
    checklist = next(a for a in render_checklist(resolve(catalog, ["checklists"]), ("pdf",)))
    text = " ".join(pdf_text(checklist.data, tmp_path, "checklist.pdf").split())
    assert "At least 1 competency is rated “Meets” or better." in text


# -- every built document ----------------------------------------------------------------------

# British spellings (and their inflections) a US reader would notice; `en` is US English.
BRITISH = re.compile(r"\b(practis\w*|organis\w*|licence\w*|counsell\w*|colour\w*|behaviour\w*|centres?\b|"
                     r"recognis\w*|catalogue\w*|travell\w*|programmes?\b|favour\w*|honour\w*|labour\w*|"
                     r"analys(?:e|ed|es|ing)\b|prioritis\w*|summaris\w*|customis\w*|utilis\w*|judgement\w*|"
                     r"enrolment\w*|whilst|fulfil\b|fulfils|modelling|cancell\w*|defence|offence|"
                     r"acknowledgement\w*|minimis\w*|apologis\w*|specialis(?:e|ed|ing)\b|authoris\w*)", re.I)
# Proper names quoted as their owners spell them, and web addresses, are not spelling.
NAMES = ("Canadian Centre on Substance Abuse", "Canadian Centre on Substance Use and Addiction")
URL = re.compile(r"https?://\S+")


def british_words(text: str) -> list[str]:
    for name in NAMES:
        text = text.replace(name, "")
    return sorted(set(m.group(0) for m in BRITISH.finditer(URL.sub("", text))))


def json_prose(value: object) -> list[str]:
    """The text values of a JSON export: keys and enumerated codes ('kind') are identifiers, not prose."""
    if isinstance(value, dict):
        return [t for k, v in value.items() if k != "kind" for t in json_prose(v)]
    if isinstance(value, list):
        return [t for v in value for t in json_prose(v)]
    return [value] if isinstance(value, str) else []


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer):  # a job description's letterhead is a table in its header
            parts += [p.text for p in part.paragraphs]
            parts += [cell.text for table in part.tables for row in table.rows for cell in row.cells]
    props = document.core_properties
    parts += [props.title or "", props.subject or "", props.keywords or "", props.comments or ""]
    return "\n".join(parts)


def document_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return run_tool("pdftotext", str(path), "-").stdout + run_tool("pdfinfo", str(path)).stdout
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".json":
        return "\n".join(json_prose(json.loads(path.read_text(encoding="utf-8"))))
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The text of every document `formkit build` writes, with the default scale and the CCSA one."""
    from click.testing import CliRunner

    from formkit.cli import cli

    root = tmp_path_factory.mktemp("wording")
    ccsa = root / "ccsa.yaml"
    ccsa.write_text("name: CCSA scale\nrating_scale: ccsa-proficiency\n", encoding="utf-8")
    texts = {}
    for label, args in (("default", []), ("ccsa", ["-O", str(ccsa), "--only", "self-assessment"])):
        result = CliRunner().invoke(cli, ["build", "-o", str(root / label), *args])
        assert result.exit_code == 0, result.output
        for path in sorted((root / label).rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                texts[f"{label}/{path.relative_to(root / label)}"] = document_text(path)
    return texts


def test_the_build_covers_every_family(built_texts: dict[str, str]) -> None:
    suffixes = {Path(name).suffix for name in built_texts}
    assert {".pdf", ".docx", ".json", ".csv", ".md"} <= suffixes
    assert all(text.strip() for text in built_texts.values())


def test_no_british_spelling_in_any_us_document(built_texts: dict[str, str]) -> None:
    found = {name: words for name, text in built_texts.items() if (words := british_words(text))}
    assert found == {}


def test_the_spelling_check_sees_what_it_should() -> None:
    assert british_words("Practise in your organisation; a counsellor's licence.") == \
        ["Practise", "counsellor", "licence", "organisation"]
    assert british_words("Canadian Centre on Substance Abuse, http://x.ca/Behavioural-Report.pdf") == []


DEVELOPER_HINTS = re.compile(r"\bformkit (?:build|selfassess|collect|jobdesc|checklist|catalog|overlay)\b|"
                             r"(?<![\w-])--[a-z]|\((?:board|wording|roles|scales|terminology):\)|\boverlay\b", re.I)


def test_no_form_tells_its_reader_to_run_a_command(built_texts: dict[str, str]) -> None:
    documents = {name: text for name, text in built_texts.items() if name.endswith((".pdf", ".docx"))}
    found = {name: sorted(set(DEVELOPER_HINTS.findall(text))) for name, text in documents.items()
             if DEVELOPER_HINTS.search(text)}
    assert found == {}
