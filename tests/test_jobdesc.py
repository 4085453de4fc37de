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
from formkit.documents.jobdesc.render import REQUIRED_STYLES, bookmark_name

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

@pytest.mark.parametrize("overlays", [[], [str(AGENCY)]], ids=["base", "riverbend"])
def test_every_role_lists_each_competency_as_a_traceable_duty(overlays):  # type: ignore[no-untyped-def]
    catalog = effective_catalog(overlays)
    assert role_ids(catalog) == ROLES
    for role_id in ROLES:
        document = open_docx(render_job_description(catalog, role_id))
        ids = expected_ids(ROOT / "templates" / "roles" / f"{role_id}.yaml", catalog)
        assert ids, role_id
        marks = bookmarked(document)
        texts = body_texts(document)
        for comp_id in ids:
            statement = catalog.competency(comp_id).statement
            duty = f"{statement} ({comp_id})"
            assert duty in texts, (role_id, duty)  # verbatim statement, code visible
            assert marks[bookmark_name(comp_id)] == duty, (role_id, comp_id)  # machine-checkable
        # nothing else is listed as a duty
        duty_marks = sorted(m for m in marks if m.startswith("duty_"))
        assert duty_marks == sorted(bookmark_name(i) for i in ids)


def test_overlay_additions_exclusions_and_terminology_show(agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, "peer-support-specialist"))
    texts = body_texts(document)
    assert "Keeps the county's housing and food resource list up to date each quarter (CC6.A1)" in texts
    assert not any("(CC6.4)" in t for t in texts)  # Riverbend excludes it
    assert "Initiates contact with participants (CC1.1)" in texts  # terminology peers -> participants
    summary = next(t for t in texts if t.startswith("The Peer Support Specialist uses"))
    assert "participants" in summary and " peers " not in summary  # role text follows terminology too
    header = document.sections[0].header
    assert "Riverbend Recovery Community Center" in header.paragraphs[0].text
    blips = header._element.findall(".//" + qn("a:blip"))
    assert len(blips) == 1
    image = header.part.related_parts[blips[0].get(qn("r:embed"))]
    assert image.blob == (OVERLAYS / "riverbend-logo.png").read_bytes()


def test_rewording_wording_and_special_characters_come_through(custom_overlay):  # type: ignore[no-untyped-def]
    catalog = effective_catalog([str(custom_overlay)])
    data = render_job_description(catalog, "family-peer-support-specialist")
    document = open_docx(data)
    texts = all_texts(document)
    reworded = REWORDED.replace("peers", "participants")
    assert f"{reworded} (CC1.1)" in texts
    assert "Riverbend hires on merit & welcomes <everyone>." in texts
    assert "What this job is not" in texts
    assert "120 Mill Street & annex" in texts  # roles.defaults
    assert "$21.50–$24.00 / hour" in texts
    assert "Shares lived experience as a parent or caregiver to build trust with families (FP1.1)" in texts
    assert SPECIAL in texts  # header table
    assert any(SPECIAL in t for t in [p.text for p in document.sections[0].header.paragraphs])
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
    assert headings == ["Position summary", "Essential functions", "Competency requirements", "Qualifications",
                        "Supervision", "Scope of the role", "Work environment and physical demands",
                        "Accommodation and equal opportunity", "Acknowledgment"]
    labels = [row.cells[0].text for row in document.tables[0].rows]
    assert labels == ["Job title", "Organization", "Department / program", "Reports to", "Supervises",
                      "FLSA status", "Schedule / FTE", "Location", "Pay range"]
    assert document.tables[0].rows[7].cells[1].text == ""  # left blank for HR
    texts = body_texts(document)
    for principle in agency.principles:  # the five principles, in the summary
        assert any(t.startswith(f"{principle.name}: ") for t in texts)
    assert any("voluntary self-identification" in t and "diagnosis" in t for t in texts)
    assert sum("Signature: ____" in t for t in texts) == 2


def test_competency_table_gives_required_levels_and_defines_them(agency):  # type: ignore[no-untyped-def]
    role = load_role(agency, "peer-supervisor")
    document = open_docx(render_job_description(agency, "peer-supervisor"))
    table = document.tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Code", "Competency", "Type", "Required level"]
    data = yaml.safe_load((ROOT / "templates/roles/peer-supervisor.yaml").read_text())
    assert [r[0] for r in rows[1:]] == [k.id for k in agency.ccsa if k.id in data["ccsa"]]
    for row in rows[1:]:
        assert row[3].startswith(f"{data['ccsa'][row[0]]} – ")
    assert len(role.ccsa) == len(rows) - 1
    levels = [[c.text for c in r.cells] for r in document.tables[2].rows]
    assert [r[0] for r in levels[1:]] == ["1", "2", "3", "4"]
    assert all(r[3] for r in levels[1:])  # each level defined


def test_numbering_restarts_for_each_category(agency):  # type: ignore[no-untyped-def]
    document = open_docx(render_job_description(agency, "peer-support-specialist"))
    numbering = document.part.numbering_part.element
    list_style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(list_style_num).abstractNumId.val
    groups: list[list[int]] = []
    for p in document.paragraphs:
        if p.style.name == "Heading 2" and p.text.endswith(")"):
            groups.append([])
        elif p.style.name == "List Number":
            groups[-1].append(p._p.pPr.numPr.numId.val)
    categories = [c for c in agency.categories if c.id.startswith("CC")]
    assert len(groups) == len(categories)
    firsts = [g[0] for g in groups]
    assert len(set(firsts)) == len(firsts)  # a list instance per category
    for group in groups:
        assert len(set(group)) == 1
        num = numbering.num_having_numId(group[0])
        assert num.abstractNumId.val == abstract
        start = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        assert start.get(qn("w:val")) == "1"


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
    assert "Recognizes signs of distress and threats to safety among peers and in their environments (CC8.1)" in \
        body_texts(document)


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
        assert f"({comp_id})" in flat, comp_id
    # numbering restarts: the first duty under each category heading is number 1
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for category in ("(CC1)", "(CC2)", "(CC12)", "(FP1)"):
        index = next(i for i, line in enumerate(lines) if line.endswith(category))
        assert lines[index + 1].startswith("1."), lines[index:index + 2]


def test_pdf_pages_render(converted, tmp_path):  # type: ignore[no-untyped-def]
    pdf, _ = converted
    run_tool("pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    assert (tmp_path / "page-1.png").stat().st_size > 2000


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
    elif case == "bad-wording":
        overlay = _bad(tmp_path, wording={"jobdesc.duty": "{statment} ({id})"})
        expect = ("wording.jobdesc.duty", "placeholder", "{statement}")
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
    assert [d.get("descr") for d in doc_pr] == ["Riverbend Recovery Community Center logo"]


def test_list_shows_every_role_with_its_title(invoke, tmp_path):  # type: ignore[no-untyped-def]
    new = yaml.safe_load((ROOT / "templates/roles/peer-supervisor.yaml").read_text())
    overlay = write_overlay(tmp_path, {"name": "x", "roles": {"night-peer": {**new, "title": "Night Peer"}}})
    result = invoke("jobdesc", "--list", "-O", str(overlay))
    assert result.exit_code == 0, result.output
    rows = [line.split(None, 1) for line in result.output.splitlines()]
    assert [r[0] for r in rows] == sorted(ROLES + ["night-peer"])
    assert ["night-peer", "Night Peer"] in rows and ["peer-recovery-coach", "Peer Recovery Coach"] in rows
    assert invoke("jobdesc").exit_code == 2
