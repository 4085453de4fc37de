"""Terminology: an overlay's words go into statements, descriptions and wording, never into names.

The whole-build test builds every document twice, with the same board and overlay name, once
without and once with ``Peer: Participant, peers: participants``, reads back every PDF (pdftotext,
pdfinfo), every Word file (python-docx: body, tables, headers, footers, core properties) and every
export, and compares: each name counts as often in both builds, and the words did change.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, assert_user_error, run_tool
from formkit.catalog.terminology import Term, Terminology
from formkit.cli import cli

BOARD = "icrc-pr"  # an example board: its name, credential and source links are printed
TERMS = "terminology:\n  Peer: Participant\n  peers: participants\n"
# every other board's checklist too, so that every board's names are printed and compared
EXTRA_BOARDS = tuple(sorted(p.stem for p in (ROOT / "templates" / "boards").glob("*.yaml") if p.stem != BOARD))


# --- the rules, on one text each -----------------------------------------------------------------

def apply(text: str, *terms: Term, protected: tuple[str, ...] = (), scope: str = "statements") -> str:
    return Terminology(terms=terms, protected=protected).apply(text, scope)


def test_a_lower_case_key_mid_sentence_gets_a_lower_case_replacement() -> None:
    terms = (Term("Peer", "Participant"), Term("peer", "participant"))
    assert apply("Proposes strategies to help a peer accomplish tasks", *terms) == \
        "Proposes strategies to help a participant accomplish tasks"
    # the case of the key as written: "Peer" alone never touches "peer" mid-sentence
    assert apply("to help a peer accomplish", Term("Peer", "Participant")) == "to help a peer accomplish"


def test_a_lower_case_key_matches_a_capital_only_where_a_sentence_starts() -> None:
    peers = Term("peers", "participants")
    assert apply("Peers lead. Peers’ needs come first: Peers decide", peers) == \
        "Participants lead. Participants’ needs come first: Participants decide"
    assert apply("Ask the Peers Council", peers) == "Ask the Peers Council"  # mid-sentence capital: a name


def test_whole_words_and_the_longest_key_first() -> None:
    terms = (Term("peer", "participant"), Term("peer worker", "peer specialist"), Term("peers", "members"))
    assert apply("a peer worker helps peers and one peer", *terms) == \
        "a peer specialist helps members and one participant"
    # at a sentence start too: "Peer worker" is the phrase "peer worker" before it is the word "Peer"
    assert apply("Peer worker tasks. A Peer", Term("Peer", "Member"), Term("peer worker", "peer specialist")) == \
        "Peer specialist tasks. A Member"
    assert apply("peerless peer's peer-led", Term("peer", "participant")) == "peerless peer's participant-led"
    assert apply("each peer’s process", Term("peer's", "participant's")) == "each participant’s process"


def test_protected_names_and_placeholders_are_never_substituted() -> None:
    names = ("Certified Peer Specialist", "samhsa-peer-core-competencies")
    text = "A Certified Peer Specialist helps a Peer (samhsa-peer-core-competencies); Certified Peer work"
    assert apply(text, Term("Peer", "Participant"), Term("peer", "participant"), protected=names) == \
        "A Certified Peer Specialist helps a Participant (samhsa-peer-core-competencies); Certified Participant work"
    assert apply("Self-assessment: {title} for peers", Term("title", "name"), Term("peers", "x"),
                 scope="wording") == "Self-assessment: {title} for x"


def test_a_key_applies_only_to_the_scopes_it_names() -> None:
    only_wording = Term("peers", "participants", scopes=("wording",))
    assert apply("Listens to peers", only_wording, scope="statements") == "Listens to peers"
    assert apply("Years supervising peers", only_wording, scope="wording") == "Years supervising participants"


# --- mistakes in a terminology overlay -------------------------------------------------------------

@pytest.mark.parametrize(("entry", "key", "fragment"), [
    ("SAMHSA: the agency", "terminology.SAMHSA", "is a name (from source samhsa-2018)"),
    ("Peer Support Specialist: Guide", "terminology.Peer Support Specialist", "role peer-support-specialist"),
    ("NCPS: our credential", "terminology.NCPS", "board profile mha-ncps"),
    ("State Board: the board", "terminology.State Board", "from the overlay names"),
    ('peers: ""', "terminology.peers", "must not be empty"),
    ('peers: "   "', "terminology.peers", "the replacement for 'peers' is empty"),
    ('"(peer)": member', "terminology.(peer)", "is not a word"),
    ("peer: {to: member, apply_to: [titles]}", "terminology.peer.apply_to[0]", "not one of: statements"),
])
def test_a_bad_terminology_entry_is_one_line_naming_file_and_key(invoke, tmp_path: Path, entry: str, key: str,
                                                                  fragment: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "state.yaml").write_text("name: State Board\n", encoding="utf-8")
    overlay = tmp_path / "my-org.yaml"
    overlay.write_text(f"name: My org\nextends: [state.yaml]\nterminology:\n  {entry}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert_user_error(invoke("build", "--only", "catalogue", "-O", str(overlay), "-o", str(out)),
                      f"my-org.yaml: {key}: ", fragment)
    assert not out.exists()


# --- the whole build -----------------------------------------------------------------------------

def _build(folder: Path, overlay_text: str) -> dict[str, tuple[str, int]]:
    """Every document of `formkit build`, and the other boards' checklists: {file: (text, pages)}."""
    overlay = folder / "terms-check.yaml"
    overlay.write_text(f"name: Terms check\nboard: {{profile: {BOARD}}}\n{overlay_text}", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "-O", str(overlay), "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    for board in EXTRA_BOARDS:
        result = runner.invoke(cli, ["checklist", "--board", board, "-O", str(overlay), "-o", str(folder / "out")])
        assert result.exit_code == 0, result.output
    return {str(path.relative_to(folder / "out")): _text(path)
            for path in sorted((folder / "out").rglob("*")) if path.is_file() and not path.name.startswith(".")}


def _text(path: Path) -> tuple[str, int]:
    """What a reader sees in the file and in its properties, whitespace made single spaces; and
    its page count (1 for files without pages)."""
    pages = 1
    if path.suffix == ".pdf":
        info = dict(line.split(":", 1) for line in run_tool("pdfinfo", str(path)).stdout.splitlines() if ":" in line)
        pages = int(info["Pages"])
        meta = [info[key] for key in ("Title", "Subject", "Keywords", "Author") if key in info]
        text = "\n".join([run_tool("pdftotext", str(path), "-").stdout, *meta])
    elif path.suffix == ".docx":
        text = _docx_text(path)
    else:
        text = path.read_text(encoding="utf-8")
    return " ".join(text.split()), pages


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts += [p.text for p in part.paragraphs]
            parts += [cell.text for table in part.tables for row in table.rows for cell in row.cells]
    props = document.core_properties
    parts += [props.title, props.subject, props.keywords, props.comments, props.author, props.category]
    return "\n".join(parts)


def _names_from_data() -> list[str]:
    """Names, read from the data files themselves (not from formkit's list of them)."""
    catalog = json.loads((ROOT / "catalog.json").read_text(encoding="utf-8"))
    names = [catalog["id"], catalog["title"], "Terms check"]
    names += [fw[k] for fw in catalog["frameworks"] for k in ("id", "title", "publisher", "source")]
    for path in sorted((ROOT / "templates" / "boards").glob("*.yaml")):
        board = yaml.safe_load(path.read_text(encoding="utf-8"))
        names += [board["name"], board["credential"], board["form"]["number"], *board.get("sources", [])]
    for path in sorted((ROOT / "templates" / "roles").glob("*.yaml")):
        role = yaml.safe_load(path.read_text(encoding="utf-8"))
        cert = role["qualifications"].get("certification", {})
        names += [role["title"], *role.get("alternate_titles", []), *([cert["name"]] if cert.get("name") else [])]
    # and what the issue saw rewritten, by hand
    names += ["Core Competencies for Peer Workers", "samhsa-peer-core-competencies", "SAMHSA", "Peer Recovery"]
    return sorted(set(" ".join(n.split()) for n in names))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
    return (_build(tmp_path_factory.mktemp("plain"), ""), _build(tmp_path_factory.mktemp("terms"), TERMS))


def _count(name: str, text: str) -> int:
    return len(re.findall(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text))


def _rewritten(name: str) -> str:
    """The name as the old terminology printed it ("Core Competencies for Participant Workers")."""
    name = re.sub(r"\bPeer\b", "Participant", name)
    return re.sub(r"\bpeers\b", "participants", re.sub(r"\bpeer\b", "Participant", name))


@pytest.mark.slow
def test_every_name_is_unchanged_in_every_document_and_property(builds) -> None:  # type: ignore[no-untyped-def]
    plain, terms = builds
    assert sorted(plain) == sorted(terms) and len(terms) >= 30, sorted(terms)
    names = _names_from_data()
    for doc, (text, pages) in terms.items():
        before, pages_before = plain[doc]
        # a name counts as often as without terminology; where longer words added a page, and so
        # a footer, it is at least as often, and in every case it is there
        counts = [(name, _count(name, before), _count(name, text)) for name in names]
        differ = [c for c in counts if (c[2] != c[1] if pages == pages_before else c[2] < c[1] or c[2] == 0 < c[1])]
        assert not differ, (doc, differ)
        rewritten = [_rewritten(name) for name in names if _rewritten(name) != name and _rewritten(name) in text]
        assert not rewritten, (doc, rewritten)
    unseen = [name for name in names if not any(_count(name, text) for text, _ in terms.values())]
    assert not unseen, unseen  # every name is printed somewhere, so the comparison above means something


@pytest.mark.slow
def test_the_words_did_change_the_same_way_everywhere(builds) -> None:  # type: ignore[no-untyped-def]
    plain = {doc: text for doc, (text, _) in builds[0].items()}
    terms = {doc: text for doc, (text, _) in builds[1].items()}
    cc1 = "Engages participants in collaborative and caring relationships"
    holders = [doc for doc, text in terms.items() if cc1 in text]
    for doc in terms:
        if doc.startswith(("checklists/", "catalog/")) or doc.endswith(("booklet.pdf", "CC01-engages-peers.pdf")):
            assert doc in holders, doc  # the same title in the PDF, Word, CSV, JSON, Markdown and CASE files
    assert not any(cc1 in text for text in plain.values())
    booklet = terms["self-assessment/self-assessment-booklet.pdf"]
    assert "Participant worker self-assessment" in booklet and "Peer worker self-assessment" not in booklet
    assert "Initiates contact with participants" in terms["job-descriptions/peer-support-specialist.docx"]
    # the PDF's properties say what its pages say: title from the catalogue, footer from the wording
    assert f"Self-assessment: CC1 {cc1}" in terms["self-assessment/self-assessment-CC01-engages-peers.pdf"]
    assert "Participant-worker job description built from Core Competencies for Peer Workers in Behavioral " \
           "Health Services" in terms["job-descriptions/peer-supervisor.docx"]  # Word's subject property
    kept = sorted(_names_from_data() + _quoted_from_data(), key=len, reverse=True)
    for doc, text in terms.items():  # outside names and quotations, no "Peer" and no "peers" is left
        left = text
        for name in kept:
            left = left.replace(name, "")
        assert not re.findall(r"\bPeer\b|\bpeers\b", left), (doc, re.findall(r".{40}\b(?:Peer|peers)\b.{40}", left))


def _quoted_from_data() -> list[str]:
    """Text printed as its source wrote it, by design: CCSA names and definitions and a board's
    domain names (another body's words, quoted) and category slugs (ids, in file names and exports)."""
    catalog = json.loads((ROOT / "catalog.json").read_text(encoding="utf-8"))
    quoted = [cat["slug"] for cat in catalog["categories"]]
    for path in sorted((ROOT / "templates" / "boards").glob("*.yaml")):
        quoted += [domain["name"] for domain in yaml.safe_load(path.read_text(encoding="utf-8")).get("domains", [])]
    for kind in ("behavioural", "technical"):
        quoted.append(catalog["ccsa"][kind]["definition"])
        quoted += [c[k] for c in catalog["ccsa"][kind]["competencies"] for k in ("name", "definition")]
    return [" ".join(q.split()) for q in quoted]
