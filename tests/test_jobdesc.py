"""Word job descriptions: read back with python-docx, converted with LibreOffice, checked as a user would."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from conftest import OVERLAYS, ROOT, assert_user_error, require_tool, run_tool
from docx.oxml.ns import qn

from formkit.catalog.effective import effective_catalog
from formkit.documents.jobdesc import artifacts, load_role, render_job_description, role_ids
from formkit.documents.jobdesc.render import REQUIRED_STYLES

AGENCY = OVERLAYS / "example-agency.yaml"
ROLES = sorted(p.stem for p in (ROOT / "templates" / "roles").glob("*.yaml"))
SPECIAL = 'Smith & Sons <Ltd> "Peer" Café – Zoë'
REWORDED = 'Reaches out first to peers & families <in person> "where they are"'


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def body_texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def all_texts(document: docx.document.Document) -> list[str]:
    """Every paragraph's text: body, tables, header and footer."""
    texts = body_texts(document)
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    section = document.sections[0]
    texts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return texts


def bookmarked(document: docx.document.Document) -> dict[str, str]:
    """{bookmark name: text of the paragraph it marks}."""
    out = {}
    for start in document.element.body.iter(qn("w:bookmarkStart")):
        p = start.getparent()
        out[start.get(qn("w:name"))] = "".join(t.text or "" for t in p.iter(qn("w:t")))
    return out


def expected_ids(role_file: Path, catalog) -> list[str]:  # type: ignore[no-untyped-def]
    """The competencies a role should list, worked out from its file independently of formkit."""
    data = yaml.safe_load(role_file.read_text(encoding="utf-8"))
    cats, extra, excl = set(data["categories"]), set(data.get("competencies", [])), set(data.get("exclude", []))
    return [k.id for k in catalog.competencies if (k.category_id in cats or k.id in extra) and k.id not in excl]


def write_overlay(folder: Path, data: dict, name: str = "overlay.yaml") -> Path:  # type: ignore[type-arg]
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def agency():  # type: ignore[no-untyped-def]
    return effective_catalog([str(AGENCY)])


@pytest.fixture(scope="module")
def custom_overlay(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Riverbend plus rewording, special characters, new HR wording, FP1 for the family role."""
    folder = tmp_path_factory.mktemp("custom")
    return write_overlay(folder, {
        "name": "Custom test overlay",
        "extends": [str(AGENCY)],
        "organisation": {"name": SPECIAL},
        "statements": {"CC1.1": REWORDED},
        "wording": {"jobdesc.eeo": "Riverbend hires on merit & welcomes <everyone>.",
                    "jobdesc.heading.scope": "What this job is not"},
        "roles": {
            "defaults": {"location": "120 Mill Street & annex"},
            "family-peer-support-specialist": {
                "categories": ["CC1", "CC2", "CC3", "CC4", "CC5", "CC6", "CC7", "CC9", "CC10", "CC11", "CC12",
                               "FP1"],
                "pay_range": "$21.50–$24.00 / hour"},
        },
    })


# -- content ----------------------------------------------------------------------------------------------

# British spellings (and inflections) a US reader would notice in an `en` document
BRITISH = re.compile(r"\b(practis\w*|organis\w*|licence\w*|counsell\w*|colour\w*|behaviour\w*|centres?\b|"
                     r"recognis\w*|catalogue\w*|travell\w*|programmes?\b|favour\w*|honour\w*|labour\w*|"
                     r"judgement\w*|modelling|acknowledgement\w*|prioritis\w*|utilis\w*|specialis(?:e|ed|ing)\b)",
                     re.I)


def duty_paragraphs(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "List Number"]


def share_of(duty_text: str) -> int:
    return int(re.search(r"\(about (\d+)% of time[;)]", duty_text).group(1))  # type: ignore[union-attr]


def appendix_rows(document: docx.document.Document) -> dict[str, tuple[str, str]]:
    """{competency id: (statement, duty numbers)} from the appendix table (the last table)."""
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Code", "Competency statement (verbatim)", "Duties"]
    return {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in table.rows[1:] if "." in r.cells[0].text}


def sentences(document: docx.document.Document) -> list[str]:
    """Every sentence of body text, tables included (header, footer and signature lines excluded)."""
    out = []
    for text in body_texts(document) + [c.text for t in document.tables for r in t.rows for c in r.cells]:
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text)]
    return [s for s in out if len(s.split()) >= 5 and "____" not in s]  # not titles or signature lines


@pytest.mark.parametrize("overlays", [[], [str(AGENCY)]], ids=["base", "riverbend"])
def test_each_role_has_8_to_15_duties_whose_shares_make_100_percent(overlays):  # type: ignore[no-untyped-def]
    catalog = effective_catalog(overlays)
    assert role_ids(catalog) == ROLES
    for role_id in ROLES:
        document = open_docx(render_job_description(catalog, role_id))
        duties = duty_paragraphs(document)
        assert 8 <= len(duties) <= 15, (role_id, len(duties))
        assert 97 <= sum(share_of(d) for d in duties) <= 103, role_id
        for duty in duties:  # each names the competencies it draws on, or says it is the role's own
            own = r"^[^.]+ \(about \d+% of time; a duty of the role itself, outside the core competencies\)\."
            assert re.search(r"\nCompetencies this duty draws on: [A-Z]+\d", duty) or re.search(own, duty), duty
        assert len([m for m in bookmarked(document) if m.startswith("duty_")]) == len(duties)


@pytest.mark.parametrize("overlays", [[], [str(AGENCY)]], ids=["base", "riverbend"])
def test_every_competency_the_role_holds_is_quoted_in_the_appendix_and_traced(overlays):  # type: ignore[no-untyped-def]
    catalog = effective_catalog(overlays)
    for role_id in ROLES:
        document = open_docx(render_job_description(catalog, role_id))
        rows = appendix_rows(document)
        ids = expected_ids(ROOT / "templates" / "roles" / f"{role_id}.yaml", catalog)
        assert list(rows) == ids or role_id == "family-peer-support-specialist" and overlays, role_id
        duties = duty_paragraphs(document)
        for comp_id, (statement, numbers) in rows.items():
            assert statement == catalog.competency(comp_id).statement  # verbatim
            assert numbers, (role_id, comp_id)  # some duty draws on it ...
            for n in numbers.split(", "):  # ... and that duty names it
                assert comp_id in duties[int(n) - 1] or re.search(
                    rf"{comp_id.rsplit('.', 1)[0]}\.\S+–", duties[int(n) - 1]), (role_id, comp_id, n)
        # the 62 statements are no longer the duties: no duty quotes a statement
        assert not any(catalog.competency(i).statement in d for i in rows if i.startswith("CC") for d in duties)


@pytest.mark.parametrize("role_id", ROLES)
def test_no_sentence_appears_twice(role_id, agency):  # type: ignore[no-untyped-def]
    for catalog in (effective_catalog([]), agency):
        found = sentences(open_docx(render_job_description(catalog, role_id)))
        repeated = sorted({s for s in found if found.count(s) > 1})
        assert not repeated, repeated


def test_the_spliced_lived_experience_sentence_is_gone():
    document = open_docx(render_job_description(effective_catalog([]), "peer-support-specialist"))
    text = " ".join(all_texts(document))
    assert "shared purposefully to build" not in text
    assert text.count("lived experience of recovery from a mental health and/or substance use condition") == 2
    assert ("Must identify as a person with lived experience of recovery from a mental health and/or substance "
            "use condition.") in body_texts(document)


@pytest.mark.parametrize("role_id", ROLES)
def test_no_british_spelling(role_id, agency):  # type: ignore[no-untyped-def]
    for catalog in (effective_catalog([]), agency):
        data = render_job_description(catalog, role_id)
        document = open_docx(data)
        props = document.core_properties
        text = " ".join(all_texts(document) + [props.title, props.subject, props.category])
        text = text.replace("Canadian Centre on Substance Use", "")  # a proper name stays as its owner spells it
        text = re.sub(r"https?://\S+", "", text)  # so does a web address (the CCSA report's, quoted)
        assert not BRITISH.findall(text), role_id


def test_peer_supervisor_has_supervisory_duties_of_its_own(agency):  # type: ignore[no-untyped-def]
    duties = duty_paragraphs(open_docx(render_job_description(agency, "peer-supervisor")))
    supervising = [d for d in duties if re.search(r"\bsupervision\b|\bsupervis", d.split("(about")[0], re.I)]
    assert len(supervising) >= 2, duties
    assert share_of(supervising[0]) >= 20  # the main part of the job
    own = [d for d in duties if "a duty of the role itself" in d]
    assert {d.split(" (about")[0] for d in own} >= {"Hiring, orientation and training", "Performance evaluation",
                                                    "Scheduling, coverage and on-call"}
    # a Peer Support Specialist supervises nobody
    pss = open_docx(render_job_description(agency, "peer-support-specialist"))
    assert not any(d.startswith("Individual supervision") for d in duty_paragraphs(pss))


def test_an_added_category_reaches_the_role_that_selects_it(agency):  # type: ignore[no-untyped-def]
    family = open_docx(render_job_description(agency, "family-peer-support-specialist"))
    duty = next(d for d in duty_paragraphs(family) if d.startswith("Supports families"))
    assert "Shares lived experience as a parent or caregiver to build trust with families" in duty
    assert "draws on: FP1.1, FP1.2" in duty
    rows = appendix_rows(family)
    assert rows["FP1.2"][0] == agency.competency("FP1.2").statement
    assert sum(share_of(d) for d in duty_paragraphs(family)) == 100
    # roles that do not select FP1 do not get it
    for role_id in ("peer-support-specialist", "youth-peer-support-specialist"):
        document = open_docx(render_job_description(agency, role_id))
        assert "FP1.1" not in " ".join(all_texts(document))


def test_overlay_adds_duties_changes_shares_and_turns_the_appendix_off(tmp_path):  # type: ignore[no-untyped-def]
    overlay = write_overlay(tmp_path, {"name": "x", "roles": {
        "defaults": {"competency_appendix": False},
        "peer-recovery-coach": {
            "add_duties": [{"id": "naloxone", "title": "Naloxone training",
                            "text": "Trains peers and families to recognize an overdose and use naloxone.",
                            "share": 5, "draws_on": ["CC8.4"]}],
            "shares": {"on-call": 0, "recovery-coaching": 30}}}})
    catalog = effective_catalog([str(overlay)])
    document = open_docx(render_job_description(catalog, "peer-recovery-coach"))
    duties = duty_paragraphs(document)
    added = next(d for d in duties if d.startswith("Naloxone training"))
    assert "draws on: CC8.4" in added
    coaching = next(d for d in duties if d.startswith("Recovery coaching"))
    assert share_of(coaching) > 20
    assert share_of(next(d for d in duties if d.startswith("On-call response"))) == 1
    assert sum(share_of(d) for d in duties) == 100
    assert "Appendix: core competencies for this role" not in body_texts(document)
    assert len(document.tables) == 2  # header block and CCSA table only


def test_retitling_a_role_retitles_its_summary(tmp_path):  # type: ignore[no-untyped-def]
    overlay = write_overlay(tmp_path, {"name": "x", "roles": {"peer-support-specialist": {"title": "Peer Navigator"}}})
    document = open_docx(render_job_description(effective_catalog([str(overlay)]), "peer-support-specialist"))
    summary = body_texts(document)[body_texts(document).index("Position summary") + 1]
    assert summary.startswith("The Peer Navigator uses their own lived experience")
    assert "Peer Support Specialist" not in " ".join(all_texts(document))


def test_header_block_is_filled_from_the_overlay_and_marks_what_hr_must_fill(agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, "peer-support-specialist"))
    block = {r.cells[0].text: r.cells[1] for r in document.tables[0].rows}
    assert list(block) == ["Organization", "Job title", "Department / program", "Reports to", "Supervises",
                           "FLSA status", "Schedule / FTE", "Location", "Pay range", "Revision date", "Approved by"]
    assert block["Organization"].text == "Riverbend Recovery Community Center"
    assert block["Department / program"].text == "Peer Services"  # roles.defaults of the overlay
    assert block["FLSA status"].text == "Non-exempt" and block["Revision date"].text == "January 2026"
    pay = block["Pay range"]
    assert pay.text.startswith("[") and "TO BE SET BY HR" in pay.text
    assert pay.paragraphs[0].runs[0].font.highlight_color is not None  # marked, not just bracketed
    assert block["Location"].paragraphs[0].runs[0].font.highlight_color is None
    employer = [p.text for p in document.paragraphs if p.style.name == "Normal" and (
        "reasonable accommodation" in p.text or "equal opportunity" in p.text)]
    assert len(employer) == 2 and all(t.startswith("Riverbend Recovery Community Center ") for t in employer)


def letterhead_lines(container) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of the shared letterhead (formkit.documents.letterhead): its first table's text cell."""
    return [p.text for p in container.tables[0].rows[0].cells[0].paragraphs]


def header_images(document: docx.document.Document) -> list[bytes]:
    """The pictures the page header's part holds (its image relationships)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.sections[0].header.part
    return [rel.target_part.blob for rel in part.rels.values() if rel.reltype == RT.IMAGE]


def test_page_header_is_the_checklists_letterhead(agency):  # type: ignore[no-untyped-def]
    """Issue 16 item 3: name, address, contact and logo as on the checklist; a placeholder without an overlay."""
    from formkit.context import resolve
    from formkit.documents.checklist import checklist_docx

    org = yaml.safe_load(AGENCY.read_text(encoding="utf-8"))["organisation"]
    document = open_docx(render_job_description(agency, "peer-recovery-coach"))
    lines = letterhead_lines(document.sections[0].header)
    assert lines == [org["name"], org["address"], org["contact"]]
    assert header_images(document) == [(OVERLAYS / org["logo"]).read_bytes()]
    checklist = open_docx(checklist_docx(resolve(agency, ["checklists"], board="icrc-pr")))
    assert letterhead_lines(checklist) == lines
    header = document.sections[0].header._element  # the letterhead first, and no second, own header under it
    assert header[0].tag == qn("w:tbl") and [p.text for p in document.sections[0].header.paragraphs] == [""]
    plain = open_docx(render_job_description(effective_catalog([]), "peer-recovery-coach"))
    assert letterhead_lines(plain.sections[0].header) == ["[Organization name]"] and header_images(plain) == []


def test_accent_colour_and_logo_reach_the_page_header(tmp_path):  # type: ignore[no-untyped-def]
    overlay = write_overlay(tmp_path, {"name": "x", "extends": [str(AGENCY)],
                                       "organisation": {"accent_colour": "#8B1A1A"}})
    document = open_docx(render_job_description(effective_catalog([str(overlay)]), "peer-support-specialist"))
    header = document.sections[0].header
    rule = header.tables[0]._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:bottom"))
    assert (rule.get(qn("w:val")), rule.get(qn("w:color"))) == ("single", "8B1A1A")
    assert str(document.styles["Heading 1"].font.color.rgb) == "8B1A1A"
    blips = header._element.findall(".//" + qn("a:blip"))
    assert header.part.related_parts[blips[0].get(qn("r:embed"))].blob == (OVERLAYS / "riverbend-logo.png").read_bytes()


def test_overlay_terminology_and_exclusions_show(agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, "peer-support-specialist"))
    rows = appendix_rows(document)
    assert rows["CC6.A1"][0] == "Keeps the county's housing and food resource list up to date each quarter"
    assert "CC6.4" not in rows  # Riverbend excludes it
    assert rows["CC1.1"][0] == "Initiates contact with participants"  # terminology peers -> participants
    summary = next(t for t in body_texts(document) if t.startswith("The Peer Support Specialist uses"))
    assert "participants" in summary and " peers " not in summary  # role text follows terminology too
    assert "participants" in duty_paragraphs(document)[0] and "peers" not in duty_paragraphs(document)[0]


def test_rewording_wording_and_special_characters_come_through(custom_overlay):  # type: ignore[no-untyped-def]
    catalog = effective_catalog([str(custom_overlay)])
    data = render_job_description(catalog, "family-peer-support-specialist")
    document = open_docx(data)
    texts = all_texts(document)
    assert appendix_rows(document)["CC1.1"][0] == REWORDED.replace("peers", "participants")
    assert "Riverbend hires on merit & welcomes <everyone>." in texts
    assert "What this job is not" in texts
    assert "120 Mill Street & annex" in texts  # roles.defaults
    assert "$21.50–$24.00 / hour" in texts
    assert SPECIAL in texts  # header block
    assert letterhead_lines(document.sections[0].header)[0] == SPECIAL
    assert document.core_properties.author == SPECIAL
    # and escaped properly in the XML (not double-escaped, not raw)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "Smith &amp; Sons &lt;Ltd&gt;" in xml and "&amp;amp;" not in xml


@pytest.mark.parametrize("role_id", ROLES)
def test_no_leftover_placeholders_and_sections_in_order(role_id, agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, role_id))
    for text in all_texts(document):
        assert not re.search(r"\{[a-z_]*\}|\{\{|\}\}", text), text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Position summary", "Essential duties and responsibilities", "Competency requirements",
                        "Qualifications", "Supervision received", "Scope of the role",
                        "Physical demands and working conditions", "Accommodation and equal opportunity",
                        "Acknowledgment", "Appendix: core competencies for this role"]
    texts = body_texts(document)
    assert any(t.startswith("The work follows the foundational principles of peer support: Recovery-Oriented")
               for t in texts)
    assert any("voluntary self-identification" in t and "diagnosis" in t for t in texts)
    assert any(t.startswith("Must identify as a person with lived experience of ") for t in texts)
    assert sum("Signature: ____" in t for t in texts) == 2
    assert any(t.startswith("Physical demands. ") for t in texts) and any(
        t.startswith("Working conditions. ") for t in texts)


def test_ccsa_requirements_give_levels_by_the_catalogue_names(agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, "peer-supervisor"))
    rows = [[c.text for c in r.cells] for r in document.tables[1].rows]
    assert rows[0] == ["Code", "Competency", "Type", "Required level"]
    data = yaml.safe_load((ROOT / "templates/roles/peer-supervisor.yaml").read_text())
    assert [r[0] for r in rows[1:]] == [k.id for k in agency.ccsa if k.id in data["ccsa"]]
    names = {kind: {lv.level: lv.name for lv in levels} for kind, levels in agency.proficiency_levels.items()}
    for row in rows[1:]:
        kind = "behavioural" if row[0].startswith("B") else "technical"
        level = data["ccsa"][row[0]]
        assert row[3] == f"{level} – {names[kind][level]}"
    # formkit's own paraphrase of the levels is gone
    assert not any("Sound knowledge" in t or "Expert knowledge" in t for t in all_texts(document))


def test_ccsa_levels_are_defined_in_the_sources_words(agency):  # type: ignore[no-untyped-def]
    """The level definitions are quoted from the catalogue, which holds seed 001's footnotes word for word."""
    from seedtext import SEEDS, norm

    seed = norm(re.sub(r"<(https?://[^>]+)>", r"\1", next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")))
    for role_id in ROLES:
        document = open_docx(render_job_description(agency, role_id))
        texts = body_texts(document)
        kinds = {"Behavioral" if r.cells[0].text.startswith("B") else "Technical" for r in document.tables[1].rows[1:]}
        index = texts.index("Proficiency levels")
        assert texts[index + 1].startswith("The proficiency levels, in the words of W.I.S.E.")
        quotes = [t for t in texts[index + 2:index + 4] if t.startswith(("Behavioral: “", "Technical: “"))]
        assert {q.split(":")[0] for q in quotes} == kinds, role_id
        for quote in quotes:
            kind = "behavioural" if quote.startswith("Behavioral") else "technical"
            words = quote.split("“", 1)[1].rstrip("”")
            assert words == agency.proficiency_definitions[kind]
            assert norm(words) in seed  # the source's words, not formkit's
            assert words.startswith("Proficiency levels are defined as (1) introductory, (2) ")


def test_duty_list_counts_from_one(agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, "peer-support-specialist"))
    numbering = document.part.numbering_part.element
    list_style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(list_style_num).abstractNumId.val
    ids = {p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "List Number"}
    assert len(ids) == 1
    num = numbering.num_having_numId(ids.pop())
    assert num.abstractNumId.val == abstract
    assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"


def test_template_defines_every_style_the_document_uses(agency):  # type: ignore[no-untyped-def]
    data = render_job_description(agency, "youth-peer-support-specialist")
    package = zipfile.ZipFile(io.BytesIO(data))
    styles = package.read("word/styles.xml").decode()
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    used = set()
    for name in package.namelist():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used |= set(re.findall(r'<w:(?:pStyle|tblStyle|rStyle) w:val="([^"]+)"', package.read(name).decode()))
    assert used and used <= defined, used - defined
    template = docx.Document(str(ROOT / "templates/docx/job-description.docx"))
    assert set(REQUIRED_STYLES) <= {s.name for s in template.styles}


def test_template_file_is_what_the_tool_makes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_tpl", ROOT / "tools" / "make_jobdesc_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.build() == (ROOT / "templates/docx/job-description.docx").read_bytes()


def test_document_properties_and_footer_fields(agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, "peer-recovery-coach"))
    props = document.core_properties
    assert props.title == "Job description: Peer Recovery Coach"
    assert props.author == "Riverbend Recovery Community Center"
    assert props.language == "en"
    assert props.created.year == 2026 and props.created == props.modified
    footer = document.sections[0].footer._element
    fields = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    footer_text = "".join(t.text for t in footer.iter(qn("w:t")))
    assert "samhsa-peer-core-competencies 2018.1" in footer_text and "Riverbend" in footer_text


def test_same_inputs_same_bytes(tmp_path, invoke, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    first = invoke("jobdesc", "--role", "peer-support-specialist", "-O", str(AGENCY), "-o", "a.docx")
    second = invoke("jobdesc", "--role", "peer-support-specialist", "-O", str(AGENCY), "-o", "b.docx")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    a, b = (tmp_path / "a.docx").read_bytes(), (tmp_path / "b.docx").read_bytes()
    assert a == b
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(a)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # and in a fresh process with another hash seed, as a second run on another day would be
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "formkit", "jobdesc", "--role", "peer-support-specialist", "-O",
                    str(AGENCY), "-o", str(tmp_path / "c.docx")], check=True, env=env, capture_output=True)
    assert (tmp_path / "c.docx").read_bytes() == a


def test_build_writes_one_per_role(tmp_path, invoke):  # type: ignore[no-untyped-def]
    result = invoke("build", "--only", "job-descriptions", "-O", str(AGENCY), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "job-descriptions").iterdir())
    assert written == [f"{r}.docx" for r in ROLES]
    catalog = effective_catalog([str(AGENCY)])
    assert {a.relpath: a.data for a in artifacts(catalog)}[
        "job-descriptions/peer-supervisor.docx"] == (tmp_path / "job-descriptions/peer-supervisor.docx").read_bytes()


def test_every_shipped_role_file_validates_against_the_role_schema():
    """Checked here, as the shipped catalogue and boards are: a build does not validate them again."""
    from formkit.catalog.schema import validate
    from formkit.context.roles import roles_dir

    files = sorted(roles_dir().glob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        validate("role", yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def test_overlay_role_definition_matches_role_schema():
    role = json.loads((ROOT / "formkit/schemas/role.schema.json").read_text())
    overlay = json.loads((ROOT / "formkit/schemas/overlay.schema.json").read_text())
    copy = overlay["$defs"]["role"]
    assert copy["properties"] == {k: v for k, v in role["properties"].items() if k != "$schema"}
    assert copy["additionalProperties"] is False and "required" not in copy


def test_overlay_can_add_a_whole_new_role(tmp_path):  # type: ignore[no-untyped-def]
    new = yaml.safe_load((ROOT / "templates/roles/peer-support-specialist.yaml").read_text())
    new.update(title="Forensic Peer Specialist", categories=["CC8", "CC11"])
    overlay = write_overlay(tmp_path, {"name": "x", "roles": {"forensic-peer-specialist": new}})
    catalog = effective_catalog([str(overlay)])
    assert "forensic-peer-specialist" in role_ids(catalog)
    document = open_docx(render_job_description(catalog, "forensic-peer-specialist"))
    assert document.paragraphs[0].text == "Forensic Peer Specialist"
    assert appendix_rows(document)["CC8.1"][0] == catalog.competency("CC8.1").statement
    duties = [d.split(" (about")[0] for d in duty_paragraphs(document)]
    # duties drawing only on categories the new role does not hold are left out
    assert "Crisis support" in duties and "Advocacy" in duties and "Outreach and engagement" not in duties


# -- LibreOffice ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def converted(tmp_path_factory, custom_overlay):  # type: ignore[no-untyped-def]
    """One conversion for the whole module, through the real command: `formkit jobdesc --format pdf`."""
    require_tool("soffice")
    from formkit.cli import cli

    folder = tmp_path_factory.mktemp("pdf")
    pdf = folder / "family.pdf"
    result = CliRunner().invoke(cli, ["jobdesc", "--role", "family-peer-support-specialist", "-O",
                                      str(custom_overlay), "-o", str(pdf), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    return pdf, effective_catalog([str(custom_overlay)])


def test_pdf_has_pages_and_the_text(converted):  # type: ignore[no-untyped-def]
    pdf, catalog = converted
    assert pdf.read_bytes().startswith(b"%PDF")
    info = run_tool("pdfinfo", str(pdf)).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 3
    text = run_tool("pdftotext", "-layout", str(pdf), "-").stdout
    flat = " ".join(text.split())
    assert "Family Peer Support Specialist" in flat
    assert SPECIAL in flat
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat  # real fields, updated
    for comp_id in expected_ids(ROOT / "templates/roles/family-peer-support-specialist.yaml", catalog) + ["FP1.1"]:
        assert comp_id in flat, comp_id
    # the duties are numbered 1, 2, 3 ... by Word numbering, which LibreOffice lays out
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    numbered = [line for line in lines if re.match(r"\d+\. \S", line) and "% of time" in line]
    assert [int(line.split(".")[0]) for line in numbered] == list(range(1, len(numbered) + 1))
    assert len(numbered) >= 8


def test_pdf_pages_render(converted, tmp_path):  # type: ignore[no-untyped-def]
    pdf, _ = converted
    run_tool("pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    assert (tmp_path / "page-1.png").stat().st_size > 2000


def test_every_role_converts_with_libreoffice(agency, tmp_path):  # type: ignore[no-untyped-def]
    """All five roles in one LibreOffice run: each gives a PDF with its title, duties and page numbers."""
    import subprocess

    soffice = require_tool("soffice")
    sources = []
    for role_id in ROLES:
        sources.append(tmp_path / f"{role_id}.docx")
        sources[-1].write_bytes(render_job_description(agency, role_id))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    for role_id in ROLES:
        pdf = tmp_path / "pdf" / f"{role_id}.pdf"
        info = run_tool("pdfinfo", str(pdf)).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        flat = " ".join(run_tool("pdftotext", str(pdf), "-").stdout.split())
        title = load_role(agency, role_id).title
        assert flat.count(title) >= pages, role_id  # in the page header of every page
        assert f"Page {pages} of {pages}" in flat and "Essential duties and responsibilities" in flat
        assert "(about " in flat and "Acknowledgment" in flat and "Riverbend Recovery Community Center" in flat


def libreoffice_round_trip(data: bytes, folder: Path) -> docx.document.Document:
    """Open the .docx in LibreOffice and save it as .docx again, as an HR office might."""
    import subprocess

    soffice = require_tool("soffice")
    (folder / "in").mkdir()
    (folder / "in" / "jd.docx").write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"),
                    str(folder / "in" / "jd.docx")], check=True, capture_output=True, timeout=180)
    return docx.Document(str(folder / "out" / "jd.docx"))


def list_format(document: docx.document.Document, paragraph) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """(numId, number format of level 0) a paragraph is numbered with, directly or through its style."""
    ppr = paragraph._p.pPr
    num_pr = ppr.numPr if ppr is not None and ppr.numPr is not None else paragraph.style.element.pPr.numPr
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_pr.numId.val)
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == str(num.abstractNumId.val))
    level = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == "0")
    return num_pr.numId.val, level.find(qn("w:numFmt")).get(qn("w:val"))


def test_libreoffice_round_trip_keeps_styles_numbering_and_bookmarks(agency, tmp_path):  # type: ignore[no-untyped-def]
    data = render_job_description(agency, "peer-supervisor")
    before = open_docx(data)
    after = libreoffice_round_trip(data, tmp_path)
    assert [(p.style.name, p.text) for p in after.paragraphs] == [(p.style.name, p.text) for p in before.paragraphs]
    duties = [p for p in after.paragraphs if p.style.name == "List Number"]
    assert len(duties) == len(duty_paragraphs(before))
    assert {list_format(after, p)[1] for p in duties} == {"decimal"}
    assert all(list_format(after, p)[1] == "bullet" for p in after.paragraphs if p.style.name == "List Bullet")
    styles = {s.name: s for s in after.styles}  # by name as python-docx reads it (LibreOffice capitalizes)
    assert {"Title", "Heading 1", "Heading 2", "List Number", "List Bullet", "Table Grid"} <= set(styles)
    assert styles["Heading 1"].font.color.rgb == before.styles["Heading 1"].font.color.rgb
    assert [[c.text for c in r.cells] for r in after.tables[0].rows] == [
        [c.text for c in r.cells] for r in before.tables[0].rows]
    assert {m for m in bookmarked(after) if m.startswith("duty_")} == {
        m for m in bookmarked(before) if m.startswith("duty_")}
    # and the saved copy still numbers the duties 1, 2, 3 ... when laid out
    from formkit.documents.jobdesc.pdf import docx_to_pdf

    (tmp_path / "again.pdf").write_bytes(docx_to_pdf((tmp_path / "out" / "jd.docx").read_bytes()))
    lines = run_tool("pdftotext", "-layout", str(tmp_path / "again.pdf"), "-").stdout.splitlines()
    numbers = [int(m.group(1)) for line in lines if (m := re.match(r"\s*(\d+)\. .*% of time", line))]
    assert numbers == list(range(1, len(duties) + 1))


def test_pdf_without_libreoffice_says_how_to_install(tmp_path, invoke, monkeypatch):  # type: ignore[no-untyped-def]
    import shutil

    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name in ("soffice", "libreoffice")
                        else real_which(name, *a, **k))
    out = tmp_path / "x.pdf"
    result = invoke("jobdesc", "--role", "peer-support-specialist", "--format", "pdf", "-o", str(out))
    assert_user_error(result, "LibreOffice", "apt-get install")
    assert not out.exists()


# -- errors -------------------------------------------------------------------------------------------------

def _bad(tmp_path: Path, roles: dict | None = None, **extra) -> Path:  # type: ignore[type-arg,no-untyped-def]
    data = {"name": "bad"}
    if roles is not None:
        data["roles"] = roles
    data.update(extra)
    return write_overlay(tmp_path, data, "bad.yaml")


@pytest.mark.parametrize("case", [
    "unknown-role", "unknown-competency", "unknown-category", "unknown-ccsa", "unknown-key", "incomplete-role",
    "missing-template", "template-missing-style", "not-a-template", "missing-logo", "bad-wording",
    "unknown-draws-on", "unknown-share", "duplicate-duty",
])
def test_errors_are_one_line_and_write_nothing(case, tmp_path, invoke):  # type: ignore[no-untyped-def]
    role = "peer-support-specialist"
    overlay: Path | None = None
    expect: tuple[str, ...]
    if case == "unknown-role":
        role, expect = "peer-suport-specialist", ("unknown role", "Did you mean peer-support-specialist?")
    elif case == "unknown-competency":
        overlay = _bad(tmp_path, {role: {"competencies": ["CC6.9"]}})
        expect = ("bad.yaml", f"roles.{role}.competencies[0]", "unknown competency 'CC6.9'", "Did you mean")
    elif case == "unknown-category":
        overlay = _bad(tmp_path, {role: {"categories": ["CC1", "CC13"]}})
        expect = ("bad.yaml", f"roles.{role}.categories[1]", "unknown category 'CC13'", "Did you mean CC1")
    elif case == "unknown-ccsa":
        overlay = _bad(tmp_path, {role: {"ccsa": {"B1O": 2}}})
        expect = ("bad.yaml", f"roles.{role}.ccsa.B1O", "unknown CCSA competency", "Did you mean B1")
    elif case == "unknown-key":
        overlay = _bad(tmp_path, {role: {"titel": "X"}})
        expect = ("bad.yaml", "titel", "Did you mean title?")
    elif case == "incomplete-role":
        role = "night-peer"
        overlay = _bad(tmp_path, {role: {"title": "Night Peer"}})
        expect = ("bad.yaml", "roles.night-peer", "needs summary, categories, ccsa", "missing")
    elif case == "missing-template":
        overlay = _bad(tmp_path, {"defaults": {"template": "house.docx"}})
        expect = ("bad.yaml", "roles.defaults.template", "template file not found")
    elif case == "template-missing-style":
        template = docx.Document(str(ROOT / "templates/docx/job-description.docx"))
        grid = template.styles["Table Grid"].element
        grid.getparent().remove(grid)
        template.save(str(tmp_path / "house.docx"))
        overlay = _bad(tmp_path, {"defaults": {"template": "house.docx"}})
        expect = ("house.docx", "no 'Table Grid' style")
    elif case == "not-a-template":
        (tmp_path / "house.docx").write_text("not a zip")
        overlay = _bad(tmp_path, {"defaults": {"template": "house.docx"}})
        expect = ("house.docx", "not a Word .docx template")
    elif case == "unknown-draws-on":
        duty = {"id": "night", "title": "Night line", "text": "Answers the night line.", "share": 5,
                "draws_on": ["CC8.1", "CC1.9"]}
        overlay = _bad(tmp_path, {role: {"add_duties": [duty]}})
        expect = ("bad.yaml", f"roles.{role}.add_duties[0].draws_on[1]", "unknown competency or category 'CC1.9'",
                  "Did you mean CC1.")
    elif case == "unknown-share":
        overlay = _bad(tmp_path, {role: {"shares": {"advocasy": 10}}})
        expect = ("bad.yaml", f"roles.{role}.shares.advocasy", "no duty 'advocasy'", "Did you mean advocacy?")
    elif case == "duplicate-duty":
        duty = {"id": "advocacy", "title": "More advocacy", "text": "Advocates more.", "share": 5}
        overlay = _bad(tmp_path, {role: {"add_duties": [duty]}})
        expect = ("bad.yaml", f"roles.{role}.add_duties[0].id", "duty id 'advocacy' is used twice")
    elif case == "bad-wording":
        overlay = _bad(tmp_path, wording={"jobdesc.draws_on": "Draws on {idz}"})
        expect = ("wording.jobdesc.draws_on", "placeholder", "{ids}")
    else:  # missing-logo
        overlay = _bad(tmp_path, organisation={"name": "X", "logo": "missing.png"})
        expect = ("bad.yaml", "organisation.logo", "logo file not found")
    out = tmp_path / "out"
    args = ["jobdesc", "--role", role, "-o", str(out / "jd.docx")] + (["-O", str(overlay)] if overlay else [])
    assert_user_error(invoke(*args), *expect)
    assert not out.exists()
    if overlay is not None and case != "incomplete-role":  # build refuses too, writing nothing
        assert_user_error(invoke("build", "--only", "job-descriptions", "-O", str(overlay), "-o", str(out)),
                          *expect[:2])
        assert not out.exists()


def test_a_role_file_naming_an_unknown_category_names_the_file(tmp_path, invoke, monkeypatch):  # type: ignore[no-untyped-def]
    from formkit.context import roles

    folder = tmp_path / "roles"
    folder.mkdir()
    data = yaml.safe_load((ROOT / "templates/roles/peer-recovery-coach.yaml").read_text())
    data["categories"] = ["CC1", "CC14"]
    write_overlay(folder, data, "peer-recovery-coach.yaml")
    monkeypatch.setattr(roles, "roles_dir", lambda: folder)
    roles._base_role_files.cache_clear()
    try:
        out = tmp_path / "out"
        result = invoke("jobdesc", "--role", "peer-recovery-coach", "-o", str(out / "x.docx"))
        assert_user_error(result, str(folder / "peer-recovery-coach.yaml"), "categories[1]",
                          "unknown category 'CC14'", "Did you mean CC1")
        assert not out.exists()
    finally:
        roles._base_role_files.cache_clear()


def test_logo_has_alternative_text(agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, "peer-supervisor"))
    doc_pr = document.sections[0].header._element.findall(".//" + qn("wp:docPr"))
    assert [d.get("descr") for d in doc_pr] == ["Logo of Riverbend Recovery Community Center"]  # as on checklists


def test_list_shows_every_role_with_its_title(invoke, tmp_path):  # type: ignore[no-untyped-def]
    new = yaml.safe_load((ROOT / "templates/roles/peer-supervisor.yaml").read_text())
    overlay = write_overlay(tmp_path, {"name": "x", "roles": {"night-peer": {**new, "title": "Night Peer"}}})
    result = invoke("jobdesc", "--list", "-O", str(overlay))
    assert result.exit_code == 0, result.output
    rows = [line.split(None, 1) for line in result.output.splitlines()]
    assert [r[0] for r in rows] == sorted(ROLES + ["night-peer"])
    assert ["night-peer", "Night Peer"] in rows and ["peer-recovery-coach", "Peer Recovery Coach"] in rows
    assert invoke("jobdesc").exit_code == 2
