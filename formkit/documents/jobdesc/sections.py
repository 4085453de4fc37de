"""The sections of a job description after its duties: requirements, HR statements, appendix.

Each function writes one section through the Writer, in the order render.py calls them. Text
is the role's (from templates/roles/ and overlays) or the locale's (templates/locales/); the
CCSA level definitions and the competency statements are quoted from the catalogue, never
reworded here.
"""

from __future__ import annotations

from ...catalog.model import Catalog
from ...context.roles import Role
from .writer import Writer


def competency_requirements(w: Writer, catalog: Catalog, role: Role) -> None:
    """The CCSA competencies the role requires, at which level, and the source's level definitions."""
    w.heading("competencies")
    w.para(w.words("jobdesc.competencies_intro"))
    levels = catalog.proficiency_levels
    rows = [[(w.words(f"jobdesc.column.{k}"), "") for k in ("id", "competency", "kind", "level")]]
    for comp, level in role.ccsa:
        name = next((lv.name for lv in levels.get(comp.kind, ()) if lv.level == level), "")
        rows.append([(comp.id, ""), (comp.name, ""), (w.words(f"jobdesc.kind.{comp.kind}"), ""),
                     (w.text("jobdesc.required_level", level=str(level), name=name), "")])
    w.table(rows, [16, 88, 28, 40], header_row=True)
    quotes = level_definitions(catalog, {comp.kind for comp, _ in role.ccsa})
    if quotes:
        w.heading("levels", 2)
        w.para(w.text("jobdesc.levels_source", source=_ccsa_source(catalog)))
        for kind, text in quotes:
            w.paragraph([(w.words(f"jobdesc.kind.{kind}") + ": ", "b"), (w.text("jobdesc.quote", text=text), "")],
                        "List Bullet")


def level_definitions(catalog: Catalog, kinds: set[str]) -> list[tuple[str, str]]:
    """(kind, the source's definition of the proficiency levels) for each kind the role uses."""
    notes = catalog.proficiency_definitions
    return [(kind, notes[kind]) for kind in ("behavioural", "technical") if kind in kinds and notes.get(kind)]


def _ccsa_source(catalog: Catalog) -> str:
    """Who the definitions are quoted from: the W.I.S.E. guide, which selected the CCSA levels."""
    ccsa = [f for f in catalog.frameworks if f.covers == "ccsa"]
    framework = next((f for f in ccsa if f.id == "wise-guide"), ccsa[-1] if ccsa else None)
    return framework.publisher if framework is not None else catalog.title


def qualifications(w: Writer, role: Role) -> None:
    q = role.qualifications
    w.heading("qualifications")
    w.heading("minimum", 2)
    items = [w.text("jobdesc.qualification.lived_experience", lived_experience=q.lived_experience)]
    if q.education:
        items.append(q.education)
    if q.certification:
        if q.certification.within_months:
            items.append(w.text("jobdesc.qualification.certification_within", name=q.certification.name,
                                months=str(q.certification.within_months)))
        else:
            items.append(w.text("jobdesc.qualification.certification_at_hire", name=q.certification.name))
    if q.training_hours:
        items.append(w.text("jobdesc.qualification.training_hours", hours=str(q.training_hours)))
    items.extend(q.other)
    w.bullets(items)
    w.para(w.words("jobdesc.qualification.self_identification"))
    if q.preferred:
        w.heading("preferred", 2)
        w.bullets(list(q.preferred))


def supervision_and_scope(w: Writer, role: Role) -> None:
    w.heading("supervision")
    w.para(role.supervision)
    w.heading("scope")
    w.para(w.words("jobdesc.scope_intro"))
    w.bullets(list(role.scope))


def working_conditions(w: Writer, catalog: Catalog, role: Role) -> None:
    """Physical demands, working conditions, and the ADA and EEO statements naming the employer."""
    employer = catalog.organisation.name or w.words("jobdesc.the_organization")
    w.heading("environment")
    w.paragraph([(w.words("jobdesc.physical_demands_label") + " ", "b"),
                 (role.physical_demands or w.words("jobdesc.physical_demands"), "")])
    w.paragraph([(w.words("jobdesc.working_conditions_label") + " ", "b"),
                 (role.work_environment or w.words("jobdesc.work_environment"), "")])
    w.heading("equal_opportunity")
    w.para(w.text("jobdesc.ada", organization=employer))
    w.para(w.text("jobdesc.eeo", organization=employer))


def acknowledgement(w: Writer) -> None:
    w.heading("acknowledgement")
    w.para(w.words("jobdesc.acknowledgement"), keep_next=True)
    signature, date = w.words("jobdesc.sign_signature"), w.words("jobdesc.sign_date")
    for signer in ("employee", "supervisor"):
        name = w.text("jobdesc.sign_name", signer=w.words(f"jobdesc.signer.{signer}"))
        # lines to sign on, not placeholders; the name line stays on the page of its signature
        w.para(f"{name}: " + "_" * 58, keep_next=True, space_before_twips=360)
        w.para(f"{signature}: " + "_" * 40 + f"   {date}: " + "_" * 16, keep_next=signer == "employee",
               space_before_twips=360)


def appendix(w: Writer, catalog: Catalog, role: Role) -> None:
    """The role's competencies, verbatim, with the numbers of the duties that draw on each."""
    w.heading("appendix")
    w.para(w.text("jobdesc.appendix_intro", catalogue=catalog.title))
    used_in: dict[str, list[str]] = {}
    for number, duty in enumerate(role.duties, 1):
        for comp in duty.draws_on:
            used_in.setdefault(comp.id, []).append(str(number))
    rows = [[(w.words(f"jobdesc.column.{k}"), "") for k in ("id", "statement", "duties")]]
    category_rows = set()
    for category, comps in role.groups:
        category_rows.add(len(rows))
        rows.append([(category.id, ""), (category.title, ""), ("", "")])
        rows.extend([(comp.id, ""), (comp.statement, ""), (", ".join(used_in.get(comp.id, [])), "")]
                    for comp in comps)
    w.table(rows, [18, 134, 20], header_row=True, bold_rows=frozenset(category_rows))
