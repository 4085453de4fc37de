"""Rendering the self-assessment mini-tools (one per category) and the booklet: catalog in, bytes out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...catalog.language import translation_notice, with_notice
from ...catalog.locale import Wording
from ...catalog.model import Catalog, Category
from ...core.xmltext import escape
from ...pdfform.writer import DocInfo, FormWriter
from ...pdfpage.marks import PageCode
from . import layout, names, rows, tables
from .lastplan import PlanLine
from .layout import Flow
from .wording import SELF, for_rater, instructions

if TYPE_CHECKING:
    from ...context import Context


def _context(source: Catalog | Context) -> Context:
    """The resolved context (a catalogue is resolved here, for library callers)."""
    from ...context import Context, resolve

    return source if isinstance(source, Context) else resolve(source, ["self-assessment"])


def _meta(**kw: Any) -> dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


def _schema(catalog: Catalog, categories: tuple[Category, ...], title: str, rater: str) -> dict[str, Any]:
    """What collect needs besides the field list: the exact wording the person saw, and who rates."""
    scale = catalog.scale()
    return {
        "title": title, "rater": rater, "generator": f"formkit {__version__}", "language": catalog.language,
        "provenance": catalog.provenance, "overlays": list(catalog.overlays),
        "organisation": catalog.organisation.name,
        "scale": {"id": scale.id, "title": scale.title,
                  "choices": [{"value": p.value, "label": p.label} for p in scale.choices],
                  "not_applicable": scale.not_applicable.value if scale.not_applicable else None},
        "categories": [{"id": cat.id, "title": cat.title,
                        "competencies": [{"id": k.id, "statement": k.statement} for k in cat.competencies]}
                       for cat in categories],
    }


def _info(catalog: Catalog, words: Wording, title: str, kind: str, category: Category | None) -> DocInfo:
    return DocInfo(
        title=title, form_kind=kind, lang=catalog.language,
        author=catalog.organisation.name or catalog.framework("categories").publisher,
        subject=with_notice(words("selfassess.subject", title=title, provenance=catalog.provenance),
                            translation_notice(catalog, words)),
        keywords=words("selfassess.keywords", id=category.id if category else "booklet"),
        catalog_id=catalog.id, catalog_version=catalog.version, fingerprint=catalog.fingerprint)


def scan_code(catalog: Catalog, kind: str, rater: str, category: Category | None, person: str) -> PageCode | None:
    """What the pages' QR codes say (formkit.pdfpage.marks), None when an overlay turned them off.

    "S.s.CC1" is the mini-tool of CC1 as the person's own form ("S.v.CC1" the supervisor's),
    "B.s" the booklet: enough for `formkit scan` to draw the form again and find its circles."""
    if not catalog.scan_marks:
        return None
    form = ("S" if kind == names.FORM_KIND_CATEGORY else "B") + "." + ("s" if rater == SELF else "v")
    if category is not None:
        form += "." + category.id
    return PageCode(form, catalog.id, catalog.version, catalog.fingerprint, person)


ROOM_SEP = "~"  # in a page code's form: "S.s.CC1~1:512.5" is the CC1 mini-tool with a carried plan's room
ROOM_STEP = 2  # the plan's end is moved down to a multiple of 1/ROOM_STEP point


@dataclass(frozen=True)
class PlanRoom:
    """Where the "Last time you planned…" block of a carried-forward form ended: its last page
    (from 0) and the flow's height there. Everything after the block is laid out from this point,
    so it is all a scanner needs to draw the printed page's fields again without the plan's text
    (which is the person's, and too long for a QR code). ``y`` is a multiple of 1/ROOM_STEP point,
    written exactly: the page drawn again from it computes every rectangle with the same floats."""

    page: int
    y: float

    def text(self) -> str:
        return f"{self.page}:{self.y:g}"

    @classmethod
    def parse(cls, text: str) -> PlanRoom:
        """ValueError when ``text`` is not :meth:`text` of a room."""
        page, _, y = text.partition(":")
        room = cls(int(page), float(y))
        if not (0 <= room.page < 100 and 0 < room.y < 792):
            raise ValueError(text)
        return room


def split_form(form: str) -> tuple[str, PlanRoom | None]:
    """A page code's form as the form without the carried plan's room, and that room (None when the
    form carries no plan); ValueError for a room that does not parse."""
    base, sep, room = form.partition(ROOM_SEP)
    return base, PlanRoom.parse(room) if sep else None


def _with_room(code: PageCode | None, room: PlanRoom | None) -> PageCode | None:
    if code is None or room is None:
        return code
    return replace(code, form=f"{code.form}{ROOM_SEP}{room.text()}")


def _last_plan(flow: Flow, last_plan: Sequence[str | PlanLine], room: PlanRoom | None) -> PlanRoom | None:
    """Last round's plan under "Last time you planned…" and where it ended; or, given the ``room``
    it took (a scanner drawing a carried form again), that room left empty (no plan is drawn)."""
    if room is not None:
        while flow.page < room.page:
            flow.new_page()
        flow.y = room.y
        return room
    if not last_plan:
        return None
    layout.last_plan(flow, last_plan)
    flow.y = math.floor(flow.y * ROOM_STEP) / ROOM_STEP  # a short, exact number for the QR (under a point lower)
    return PlanRoom(flow.page, flow.y)


def _category_section(flow: Flow, category: Category, description: bool = True, after: float = 0.0) -> None:
    """Description, competencies, reflection and learning plan of one category.

    The reflection and the learning plan are kept on one page, so a plan never spills alone
    onto a page of its own; the next category may follow them on the same page. ``after`` is
    what must stay with them (a mini-tool's signatures).
    """
    catalog, words = flow.catalog, flow.words
    scale = catalog.scale()
    heading = words("selfassess.category_heading", id=category.id, title=category.title)
    flow.running_title = heading
    if description and category.description:
        flow.text(category.description, space_after=8)
    flow.section(words("selfassess.competencies_heading"), keep_with=_first_row_height(flow, category))
    for comp in category.competencies:
        rows.competency_row(flow, comp, scale, _meta)
    _keep(flow, _tail_height(flow) + after)
    rows.reflection_block(flow, category, _meta)
    flow.section(words("selfassess.plan_heading"), keep_with=tables.plan_height(names.PLAN_ROWS))
    tables.plan_table(flow, category.id, category.id, names.PLAN_ROWS, _meta)


def _first_row_height(flow: Flow, category: Category) -> float:
    """The first competency's row, which the "Competencies" heading must not be parted from (a
    longer language's row is taller than a fixed allowance, and the heading was left alone)."""
    if not category.competencies:
        return 0.0
    first = category.competencies[0]
    return rows.competency_height(first, flow.catalog.scale(), flow.catalog.second_statements.get(first.id, ""))


def _tail_height(flow: Flow) -> float:
    """The reflection and the learning plan, headings included."""
    return (rows.reflection_height(flow) + flow.section_height(flow.words("selfassess.plan_heading"))
            + tables.plan_height(names.PLAN_ROWS))


def _keep(flow: Flow, height: float) -> None:
    """Keep ``height`` points together when a page can hold them (else let the blocks break)."""
    if height <= flow.frame.body_height - 60:
        flow.ensure(height)


def _category_start(flow: Flow, category: Category) -> None:
    """A booklet category's heading: on this page when its start fits, else on a fresh page.

    Its start is the heading, the description, the "Competencies" heading and the first
    competency. Categories run on rather than each opening a page: most take about one and a
    half pages, so a page (or a sheet) per category would print a third more paper, most of it
    blank. A page started here is the category's first, so it has no "(continued)" head.
    """
    words = flow.words
    heading = words("selfassess.category_heading", id=category.id, title=category.title)
    start = flow.title_height(heading, 16, leading=20) + 6
    if category.description:
        start += flow.text_height(category.description) + 8
    start += flow.section_height(words("selfassess.competencies_heading")) + _first_row_height(flow, category)
    flow.running_title = ""
    _keep(flow, start)
    flow.title(heading, level=1, bookmark=True)


def _category_opening(flow: Flow, category: Category, last_plan: Sequence[str | PlanLine],
                      room: PlanRoom | None) -> PlanRoom | None:
    """A mini-tool's first blocks, down to last round's plan; where that plan ended."""
    words = flow.words
    layout.organisation_header(flow)
    flow.title(words("selfassess.kind_title"), level=0, size=12)
    flow.title(words("selfassess.category_heading", id=category.id, title=category.title), level=1, bookmark=True)
    layout.translation(flow)
    if category.description:
        flow.text(category.description, space_after=8)
    layout.identity_block(flow, _meta)
    return _last_plan(flow, last_plan, room)


def _category_pages(writer: FormWriter, context: Context, category: Category, rater: str,
                    last_plan: Sequence[str | PlanLine], code: PageCode | None, room: PlanRoom | None) -> None:
    flow = Flow(writer, context, kind=names.FORM_KIND_CATEGORY, rater=rater, code=code)
    catalog, words = context.catalog, flow.words
    _category_opening(flow, category, last_plan, room)
    flow.section(words("selfassess.instructions_heading"), size=11, keep_with=40)
    flow.text(instructions(words, catalog.scale()), space_after=6)
    layout.scale_legend(flow, catalog.scale())
    _category_section(flow, category, description=False, after=layout.signatures_height())
    layout.signatures(flow, _meta)
    flow.finish()


def render_category(source: Catalog | Context, category: Category, rater: str = SELF, *,
                    last_plan: Sequence[str | PlanLine] = (), person: str = "", room: PlanRoom | None = None) -> bytes:
    """The fillable mini-tool for one category, as PDF bytes (a catalogue is resolved first);
    ``rater`` "supervisor" gives the supervisor's version (formkit.documents.selfassess.wording);
    ``last_plan``, the lines of a carried-forward plan (formkit.documents.selfassess.carry), is shown
    under "Last time you planned…"; ``person``, a pre-filled form's person id, goes into the pages' QR codes.
    A carried plan is drawn twice: first to find where it ends (:class:`PlanRoom`), which the QR codes
    then say, so `formkit scan` draws the same page again from ``room`` alone (formkit.scan.forms)."""
    context = _context(source)
    catalog, words = context.catalog, for_rater(context.words, rater)
    title = words("selfassess.document_title", id=category.id, title=category.title)
    info = _info(catalog, words, title, names.FORM_KIND_CATEGORY, category)

    code = scan_code(catalog, names.FORM_KIND_CATEGORY, rater, category, person)
    if code is not None and last_plan and room is None:  # measured first: the QR says where the plan ended
        flow = Flow(FormWriter(info), context, kind=names.FORM_KIND_CATEGORY, rater=rater, code=code)
        code = _with_room(code, _category_opening(flow, category, last_plan, None))
    writer = FormWriter(info)
    _category_pages(writer, context, category, rater, last_plan, _with_room(code, room), room)
    return writer.finish(_schema(catalog, (category,), title, rater))


def _booklet_opening(flow: Flow, title: str, last_plan: Sequence[str | PlanLine],
                     room: PlanRoom | None) -> PlanRoom | None:
    """The booklet's cover, down to last round's plan; where that plan ended."""
    layout.organisation_header(flow)
    flow.title(title, level=1, size=18, bookmark=True)
    flow.text(flow.words("selfassess.booklet_subtitle"), size=11, space_after=8)
    layout.translation(flow)
    layout.identity_block(flow, _meta)
    return _last_plan(flow, last_plan, room)


def render_booklet(source: Catalog | Context, rater: str = SELF, *, last_plan: Sequence[str | PlanLine] = (),
                   person: str = "", room: PlanRoom | None = None) -> bytes:
    """Cover, every category, a summary page and the whole learning plan, as one fillable PDF
    (the supervisor's version for ``rater`` "supervisor"; ``last_plan`` and ``room`` as for
    :func:`render_category`)."""
    context = _context(source)
    catalog, words = context.catalog, for_rater(context.words, rater)
    title = words("selfassess.booklet_title")
    info = _info(catalog, words, title, names.FORM_KIND_BOOKLET, None)

    code = scan_code(catalog, names.FORM_KIND_BOOKLET, rater, None, person)
    if code is not None and last_plan and room is None:  # measured first, as for render_category
        measure = Flow(FormWriter(info), context, kind=names.FORM_KIND_BOOKLET, rater=rater, code=code)
        code = _with_room(code, _booklet_opening(measure, title, last_plan, None))
    writer = FormWriter(info)
    flow = Flow(writer, context, kind=names.FORM_KIND_BOOKLET, rater=rater, code=_with_room(code, room))
    _booklet_opening(flow, title, last_plan, room)
    flow.section(words("selfassess.instructions_heading"), size=11, keep_with=40)
    flow.text(instructions(words, catalog.scale()), space_after=6)
    layout.scale_legend(flow, catalog.scale())
    flow.section(words("selfassess.cover_contents"), size=11, keep_with=40)
    layout.bullet_list(flow, [escape(words.count("selfassess.cover_category", len(cat.competencies), id=cat.id,
                                                 title=cat.title)) for cat in catalog.categories])
    for cat in catalog.categories:  # each category and each main section: an H1 and a bookmark
        _category_start(flow, cat)
        _category_section(flow, cat)
    flow.running_title = ""
    flow.new_page()  # the summary and the whole plan are pages of their own, to hand over or copy
    flow.title(words("selfassess.summary_heading"), level=1, bookmark=True)
    flow.running_title = words("selfassess.summary_heading")
    flow.text(words("selfassess.summary_intro"), space_after=8)
    tables.summary_table(flow, catalog.scale())
    flow.new_page()
    flow.title(words("selfassess.whole_plan_heading"), level=1, bookmark=True)
    flow.running_title = words("selfassess.whole_plan_heading")
    flow.text(words("selfassess.whole_plan_intro"), space_after=8)
    tables.plan_table(flow, names.WHOLE, words("selfassess.whole_plan_scope"), names.WHOLE_PLAN_ROWS, _meta)
    layout.signatures(flow, _meta)
    flow.finish()

    return writer.finish(_schema(catalog, catalog.categories, title, rater))
