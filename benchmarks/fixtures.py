"""Inputs the benchmarks share: filled booklets, a docxtpl template equivalent to formkit's
job description, and applicant records. Made once per run in a work folder, with formkit's
own library calls, so every tool reads or renders the same thing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NAMES = ("Jordan Example", "José Núñez", "Nguyễn Thị Lan", "Aisha Bello", "Ирина Петрова", "Sam O'Neil",
         "Mary-Kate Smith", "Chen Wei")


# -- collect ---------------------------------------------------------------------------------
def booklet_values(schema: dict[str, Any], seed: int) -> dict[str, str]:
    """A plausible, complete set of answers for the booklet: identity, every rating, notes, plans."""
    values: dict[str, str] = {}
    for i, fld in enumerate(schema["fields"]):
        meta, kind = fld.get("meta", {}), fld["kind"]
        if kind == "radio":
            choices = [c["value"] for c in fld["choices"]]
            values[fld["name"]] = choices[(i + seed) % len(choices)]
        elif kind in ("text", "multiline"):
            if meta.get("identity") == "name":
                values[fld["name"]] = NAMES[seed % len(NAMES)]
            elif meta.get("identity") == "date":
                values[fld["name"]] = f"2026-0{1 + seed % 9}-1{seed % 10}"
            elif meta.get("identity"):
                values[fld["name"]] = f"{meta['identity'].title()} {seed}"
            elif meta.get("notes") and i % 3 == 0:
                values[fld["name"]] = "Practised this in group; want more feedback on it."
            elif "plan" in meta and int(meta.get("row", 9)) < 2:
                values[fld["name"]] = ("2026-09-30" if meta.get("column") == "date"
                                       else "Shadow a senior peer worker; review with supervisor.")
            elif "reflection" in meta:
                values[fld["name"]] = "Shadow a senior peer worker twice a month; review with supervisor."
    return values


def make_filled_booklets(workdir: Path, count: int, distinct: int = 8) -> Path:
    """``count`` filled booklets in workdir/filled (``distinct`` real fills, the rest copies)."""
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_booklet
    from formkit.pdfform.fill import fill_form
    from formkit.pdfform.read import read_form

    folder = workdir / "filled"
    existing = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if len(existing) >= count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    blank = workdir / "booklet-blank.pdf"
    blank.write_bytes(render_booklet(effective_catalog(())))
    schema = read_form(blank).schema
    assert schema is not None
    sources = []
    for seed in range(distinct):
        path = folder / f"booklet-{seed:05d}.pdf"
        path.write_bytes(fill_form(blank.read_bytes(), booklet_values(schema, seed)))
        sources.append(path)
    for i in range(distinct, count):
        shutil.copyfile(sources[i % distinct], folder / f"booklet-{i:05d}.pdf")
    return folder


# -- job descriptions ---------------------------------------------------------------------------
TEMPLATE_LINES: list[tuple[str, str]] = [
    # (style, text with Jinja tags) -- the same sections, in the same order, as formkit's renderer
    ("Title", "{{ title }}"),
    ("Normal", "{% if also %}{{ also }}{% endif %}"),
    ("TABLE:fields", ""),
    ("Heading 1", "{{ h.summary }}"),
    ("Normal", "{{ summary }}"),
    ("Normal", "{{ principles }}"),
    ("Heading 1", "{{ h.functions }}"),
    ("Normal", "{{ functions_intro }}"),
    ("Normal", "{%p for d in duties %}"),
    ("List Number", "{{ d }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{{ other_duties }}"),
    ("Heading 1", "{{ h.competencies }}"),
    ("Normal", "{{ competencies_intro }}"),
    ("TABLE:ccsa", ""),
    ("Heading 1", "{{ h.qualifications }}"),
    ("Heading 2", "{{ h.minimum }}"),
    ("Normal", "{%p for q in minimum %}"),
    ("List Bullet", "{{ q }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{{ self_identification }}"),
    ("Normal", "{%p if preferred %}"),
    ("Heading 2", "{{ h.preferred }}"),
    ("Normal", "{%p for q in preferred %}"),
    ("List Bullet", "{{ q }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Heading 1", "{{ h.supervision }}"),
    ("Normal", "{{ supervision }}"),
    ("Heading 1", "{{ h.scope }}"),
    ("Normal", "{{ scope_intro }}"),
    ("Normal", "{%p for s in scope %}"),
    ("List Bullet", "{{ s }}"),
    ("Normal", "{%p endfor %}"),
    ("Heading 1", "{{ h.environment }}"),
    ("Normal", "{{ environment }}"),
    ("Normal", "{{ physical }}"),
    ("Heading 1", "{{ h.equal_opportunity }}"),
    ("Normal", "{{ ada }}"),
    ("Normal", "{{ eeo }}"),
    ("Heading 1", "{{ h.acknowledgement }}"),
    ("Normal", "{{ acknowledgement }}"),
    ("Normal", "{%p for line in signature_lines %}"),
    ("Normal", "{{ line }}"),
    ("Normal", "{%p endfor %}"),
    ("Heading 1", "{{ h.appendix }}"),
    ("Normal", "{{ appendix_intro }}"),
    ("TABLE:appendix", ""),
]

TABLES = {"fields": ("row.label", "row.value"), "ccsa": ("row.id", "row.name", "row.kind", "row.level"),
          "appendix": ("row.id", "row.statement", "row.duties")}


def make_docxtpl_template(workdir: Path) -> Path:
    """A Jinja .docx on formkit's own styled base template, laid out like formkit's job description."""
    import docx

    from formkit.context.roles import default_template

    document = docx.Document(str(default_template()))
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}p") or child.tag.endswith("}tbl"):
            body.remove(child)
    for style, text in TEMPLATE_LINES:
        if style.startswith("TABLE:"):
            cols = TABLES[style.split(":")[1]]
            table = document.add_table(rows=3, cols=len(cols))
            table.style = document.styles["Table Grid"] if "Table Grid" in {s.name for s in document.styles} else None
            table.cell(0, 0).text = f"{{%tr for row in {style.split(':')[1]} %}}"
            for j, col in enumerate(cols):
                table.cell(1, j).text = "{{ " + col + " }}"
            table.cell(2, 0).text = "{%tr endfor %}"
        else:
            document.add_paragraph(text, style=style)
    path = workdir / "jobdesc-template.docx"
    document.save(str(path))
    return path


def docxtpl_contexts() -> list[dict[str, Any]]:
    """The data formkit renders, one context per default role, with formkit's own wording."""
    from formkit.catalog.effective import effective_catalog
    from formkit.catalog.locale import Wording
    from formkit.documents.jobdesc import load_roles
    from formkit.documents.jobdesc.render import compact_ids, header_values

    catalog = effective_catalog(())
    words = Wording(catalog)
    levels = catalog.proficiency_levels
    out = []
    for role in load_roles(catalog).values():
        q = role.qualifications
        minimum = [words("jobdesc.qualification.lived_experience", lived_experience=q.lived_experience)]
        if q.education:
            minimum.append(q.education)
        if q.certification:
            minimum.append(words("jobdesc.qualification.certification_within", name=q.certification.name,
                                 months=str(q.certification.within_months)))
        if q.training_hours:
            minimum.append(words("jobdesc.qualification.training_hours", hours=str(q.training_hours)))
        minimum.extend(q.other)
        used_in: dict[str, list[str]] = {}
        for number, duty in enumerate(role.duties, 1):
            for comp in duty.draws_on:
                used_in.setdefault(comp.id, []).append(str(number))
        out.append({
            "title": role.title,
            "also": words("jobdesc.also_known_as", titles=", ".join(role.alternate_titles))
            if role.alternate_titles else "",
            "fields": [{"label": label, "value": value[0]} for label, value in header_values(words, catalog, role)],
            "h": {k: words(f"jobdesc.heading.{k}") for k in (
                "summary", "functions", "competencies", "qualifications", "minimum", "preferred",
                "supervision", "scope", "environment", "equal_opportunity", "acknowledgement", "appendix")},
            "summary": role.summary,
            "principles": words("jobdesc.principles", principles=", ".join(p.name for p in catalog.principles)),
            "functions_intro": words("jobdesc.functions_intro"),
            "duties": [f"{d.title} {words('jobdesc.share', share=str(d.share))} {d.text} "
                       + words("jobdesc.draws_on", ids=compact_ids(catalog, d.draws_on)) if d.draws_on else
                       f"{d.title} {words('jobdesc.share_role_duty', share=str(d.share))} {d.text}"
                       for d in role.duties],
            "other_duties": words("jobdesc.other_duties"),
            "competencies_intro": words("jobdesc.competencies_intro"),
            "ccsa": [{"id": c.id, "name": c.name, "kind": words(f"jobdesc.kind.{c.kind}"),
                      "level": words("jobdesc.required_level", level=str(lv), name=next(
                          (x.name for x in levels.get(c.kind, ()) if x.level == lv), ""))}
                     for c, lv in role.ccsa],
            "minimum": minimum,
            "self_identification": words("jobdesc.qualification.self_identification"),
            "preferred": list(q.preferred),
            "supervision": role.supervision,
            "scope_intro": words("jobdesc.scope_intro"),
            "scope": list(role.scope),
            "environment": role.work_environment or words("jobdesc.work_environment"),
            "physical": role.physical_demands or words("jobdesc.physical_demands"),
            "ada": words("jobdesc.ada", organization=words("jobdesc.the_organization")),
            "eeo": words("jobdesc.eeo", organization=words("jobdesc.the_organization")),
            "acknowledgement": words("jobdesc.acknowledgement"),
            "signature_lines": [line for signer in ("employee", "supervisor") for line in (
                words("jobdesc.sign_name", signer=words(f"jobdesc.signer.{signer}")) + ": " + "_" * 58,
                words("jobdesc.sign_signature") + ": " + "_" * 40 + f"   {words('jobdesc.sign_date')}: " + "_" * 16)],
            "appendix_intro": words("jobdesc.appendix_intro", catalogue=catalog.title),
            "appendix": [{"id": k.id, "statement": k.statement, "duties": ", ".join(used_in.get(k.id, []))}
                         for _, comps in role.groups for k in comps],
        })
    return out


# -- batch ------------------------------------------------------------------------------------------
CHECKLIST_BOARD = "icrc-pr"  # the example board's checklist (IC&RC Peer Recovery)


def checklist_values(i: int) -> dict[str, str]:
    """The four applicant fields of a pre-filled checklist, for applicant ``i``."""
    return {"applicant_name": f"{NAMES[i % len(NAMES)]} {i}", "applicant_id": f"A{i:06d}",
            "credential": "IC&RC Peer Recovery (PR)", "organisation": "Riverbend Peer Centre"}


def applicants_csv(workdir: Path, n: int) -> Path:
    """The cohort file `formkit checklist --applicants` reads, with the same applicants."""
    import csv

    path = workdir / f"cohort-{n}.csv"
    if not path.exists():
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["id", "name", "organisation"])
            for i in range(n):
                v = checklist_values(i)
                out.writerow([v["applicant_id"], v["applicant_name"], v["organisation"]])
    return path


def make_checklist_blank(workdir: Path) -> Path:
    """The blank checklist every filler starts from (formkit's own, prepared for fast filling)."""
    from formkit.catalog.effective import effective_catalog
    from formkit.context.boards import resolve_board
    from formkit.documents.checklist import blank_pdf

    path = workdir / "checklist-blank.pdf"
    if not path.exists():
        catalog = effective_catalog(())
        path.write_bytes(blank_pdf(catalog, resolve_board(catalog, CHECKLIST_BOARD)))
    return path
