"""Render one role into a Word job description in the form HR publishes: catalogue + role in, .docx out.

Order, as in published peer-worker job descriptions: header block, position summary, essential
duties (8-15 grouped action statements with a share of time, each naming the competencies it
draws on), competency requirements, qualifications, supervision, scope, physical demands and
working conditions, ADA and EEO statements, acknowledgement; then, unless the overlay turns it
off, an appendix quoting the competency statements verbatim with the duties that use them.

All look comes from the template's styles; this module only chooses which style each paragraph
uses, so an organization restyles every job description by giving its own template.
Traceability: each duty names its competency codes and carries a Word bookmark ``duty_<id>``
(hyphens as underscores) that tools find without parsing the text; the appendix table lists each
competency with the numbers of the duties that draw on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...catalog.locale import Wording
from ...catalog.model import Catalog, Competency
from ...context.roles import Role
# REQUIRED_STYLES: tools and tests read it here
from ...context.template import REQUIRED_STYLES, open_template  # noqa: F401
from ...catalog.language import docx_language, translation_notice
from ...docxfile import ListRestarter, deterministic_docx, set_language
from . import sections
from .page import accent_hex, apply_accent, header_and_footer, set_properties
from .writer import Run, Writer

if TYPE_CHECKING:
    from ...context import Context

HEADER_FIELDS = ("organisation", "title", "program", "reports_to", "supervises", "flsa", "schedule", "location",
                 "pay_range", "revision_date", "approved_by")


def bookmark_name(item_id: str, prefix: str = "duty_") -> str:
    """A Word bookmark name: letters, digits and '_' (40 at most)."""
    return (prefix + re.sub(r"[^A-Za-z0-9]", "_", item_id))[:40]


def render_role(source: Context | Catalog, role: Role) -> bytes:
    """The job description for ``role`` as .docx bytes (identical for identical inputs).

    Everything comes from the context (formkit.context.resolve): the template's checked bytes,
    the logo, the wording; nothing is read from disk here. Given a catalogue (or a context
    without this role's template), the role's inputs are resolved first."""
    from ...context import Context, resolve

    context = source
    if not isinstance(context, Context) or role.template not in context.templates:
        catalog = source.catalog if isinstance(source, Context) else source
        context = resolve(catalog, ["job-descriptions"], roles=[role.id])
    catalog = context.catalog
    document = open_template(context.template(role))
    w = Writer(document, context.words)
    set_properties(document, catalog, role, w)
    apply_accent(document, role, accent_hex(catalog))
    header_and_footer(document, context, role, w)
    w.para(role.title, "Title")
    if role.alternate_titles:
        w.para(w.text("jobdesc.also_known_as", titles=", ".join(role.alternate_titles)))
    notice = translation_notice(catalog, context.words)
    if notice:
        w.paragraph([(notice, "b")])
    _header_block(w, catalog, role)
    _summary(w, catalog, role)
    _duties(w, catalog, role)
    sections.competency_requirements(w, catalog, role)
    sections.qualifications(w, role)
    sections.supervision_and_scope(w, role)
    sections.working_conditions(w, catalog, role)
    sections.acknowledgement(w)
    if role.competency_appendix:
        sections.appendix(w, catalog, role)
    w.finish()
    set_language(document, docx_language(catalog.language))
    return deterministic_docx(document)


def header_values(words: Wording, catalog: Catalog, role: Role) -> list[tuple[str, Run]]:
    """(label, value) for the header block; a blank HR must fill is a marked placeholder."""
    given = {"organisation": catalog.organisation.name,
             "flsa": words(f"jobdesc.flsa.{role.flsa}") if role.flsa else "",
             "supervises": role.supervises or words("jobdesc.supervises_nobody")}
    rows = []
    for key in HEADER_FIELDS:
        value = given[key] if key in given else getattr(role, key)
        shown: Run = (value, "") if value else (words(f"jobdesc.placeholder.{key}"), "ip")
        rows.append((words(f"jobdesc.field.{key}"), shown))
    return rows


def _header_block(w: Writer, catalog: Catalog, role: Role) -> None:
    rows = [[(label, ""), value] for label, value in header_values(w.words, catalog, role)]
    w.table(rows, [50, 122], header_row=False)


def _summary(w: Writer, catalog: Catalog, role: Role) -> None:
    w.heading("summary")
    w.para(role.summary)
    names = [p.name for p in catalog.principles]
    if names:
        listed = ", ".join(names[:-1]) + (w.words("jobdesc.list_and") + names[-1] if len(names) > 1 else names[0])
        w.para(w.text("jobdesc.principles", principles=listed))


def _duties(w: Writer, catalog: Catalog, role: Role) -> None:
    w.heading("functions")
    w.para(w.words("jobdesc.functions_intro"))
    num_id = ListRestarter(w.doc, w.doc.styles["List Number"]).new()  # counts from 1 in any template
    for duty in role.duties:
        share = w.text("jobdesc.share" if duty.draws_on else "jobdesc.share_role_duty", share=str(duty.share))
        runs = [(duty.title, "b"), (f" {share} {duty.text}", "")]
        if duty.draws_on:
            runs.append(("\n" + w.text("jobdesc.draws_on", ids=compact_ids(catalog, duty.draws_on)), "i"))
        w.paragraph(runs, "List Number", num_id=num_id, bookmark=bookmark_name(duty.id))
    w.para(w.words("jobdesc.other_duties"))


def compact_ids(catalog: Catalog, competencies: tuple[Competency, ...]) -> str:
    """'CC1.1–CC1.5, CC9.2': runs of three or more neighbours in a category as a range."""
    position = {k.id: (ci, ki) for ci, cat in enumerate(catalog.categories)
                for ki, k in enumerate(cat.competencies)}
    runs: list[list[str]] = []
    last: tuple[int, int] | None = None
    for comp in sorted(competencies, key=lambda k: position.get(k.id, (len(position), 0))):
        here = position.get(comp.id, (-1, -1))
        if runs and last is not None and here == (last[0], last[1] + 1):
            runs[-1].append(comp.id)
        else:
            runs.append([comp.id])
        last = here
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) >= 3 else ", ".join(r) for r in runs)
