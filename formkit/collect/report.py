"""The per-person summary a supervisor holds the supervision conversation from.

What the person answered, not counts of it: who and which round; an overview chart of the
ratings across categories; conversation starters (what they have not yet had the chance to do,
what they left out, the support they asked for); per category every competency with its
statement as the form printed it, the rating chosen and the note; their reflections; and the
learning plan as one table. An empty answer is left out or shown as "—", never as a sentence.

Drawn on formkit's one page engine (formkit.pdfpage), so the report is tagged like the forms:
headings, paragraphs, tables with header cells, the chart a Figure whose alternative text states
its numbers, the footer an artifact. It is a document, not a form: it embeds no field schema,
so collect never mistakes a report for an answered form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..catalog.language import translation_notice
from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..core.xmltext import escape
from ..documents.letterhead import Letterhead, draw_pdf, from_catalog
from ..documents.selfassess import names
from ..pdfform.fonts import BOLD
from ..pdfform.writer import DocInfo
from ..pdfpage.textblock import TextBlock
from . import report_chart
from .handwritten import Crop, crop_path
from .read import Rating, Response
from .report_names import report_namer, report_stem
from .report_pages import FRAME, ReportPages
from .report_pages import verbatim as _verbatim
from .report_table import Column, TextTable

# How much of one answer the summary prints. A supervisor reads the summary to talk it through;
# the whole text is in responses.csv and responses.json. Without a cap one pasted megabyte made
# ~200 pages, and reportlab re-wraps the rest of a paragraph at every page break (quadratic time).
SHOWN_CHARS = 4000  # about three-quarters of a page at 10 pt
SHOWN_LINES = 40
SHOWN_NAME_CHARS = 200  # the name, file and other identity values in headings and detail lines
SHOWN_ID_CHARS = 40
DASH = "—"  # an unanswered rating; an empty note is left blank
CONTINUED_H = 15.0  # "CC2. Provides support (continued)" over reflections moved to a new page

COMPETENCY_WIDTHS = (44.0, 226.0, 84.0)  # id, statement, rating; the note takes the rest
PLAN_WIDTHS = (44.0, 130.0, 134.0, 132.0)  # for, goal, steps, support; the target date the rest


def _shown(words: Wording, text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters and SHOWN_LINES lines (at a space when one is near the
    end), with a visible note of how much more the data files hold."""
    cut = text[:limit]
    lines = cut.split("\n", SHOWN_LINES)
    if len(lines) > SHOWN_LINES:
        cut = "\n".join(lines[:SHOWN_LINES])
    if len(cut) == len(text):
        return text
    space = cut.rfind(" ", len(cut) * 4 // 5)
    cut = cut[:space] if space > 0 else cut
    return cut.rstrip() + " " + words("collect.report_more", count=len(text) - len(cut))


def _markup(text: str) -> str:
    """Typed text as paragraph markup: escaped, its line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def is_blank(resp: Response) -> bool:
    """Nothing answered: no rating, note, reflection or plan (a name alone is not an answer)."""
    return not (any(r.value or r.notes.strip() for r in resp.ratings)
                or any(text.strip() for texts in resp.reflections.values() for text in texts.values())
                or resp.plan)


class _Report(ReportPages):
    """One person's summary, section by section, on a tagged page flow."""

    def __init__(self, resp: Response, catalog: Catalog, head: Letterhead | None = None,
                 crops: Mapping[str, bytes] | None = None) -> None:
        self.resp, self.crops = resp, crops or {}
        words = Wording(catalog)
        self.head = head or from_catalog(catalog, words)
        self.ident = {key: _shown(words, value, SHOWN_NAME_CHARS) for key, value in resp.identity.items()}
        typed_name = "" if crop_path(self.ident.get("name", "")) else self.ident.get("name", "")
        self.name = typed_name or resp.identity.get("person_id", "") or words("collect.report_unnamed")
        self.categories = [{"id": _shown(words, c["id"], SHOWN_ID_CHARS), "raw_id": c["id"],
                            "title": _shown(words, c["title"], SHOWN_NAME_CHARS)} for c in resp.categories]
        self.na_value, self.na_label = _not_yet(resp, catalog)
        self.starter_value, self.starter_label = _starter_choice(resp, catalog)
        self.title = _verbatim(words, "collect.report_title", name=self.name)
        self.catalog = catalog
        super().__init__(DocInfo(title=self.title, form_kind="report", lang=catalog.language, author="formkit",
                                 subject=translation_notice(catalog, words), catalog_id=resp.catalog_id, catalog_version=resp.catalog_version,
                                 fingerprint=resp.fingerprint), words, "collect.report_page")

    def category_label(self, cat: dict[str, str]) -> str:
        return f"{cat['id']}. {cat['title']}"

    # -- sections -------------------------------------------------------------
    def identity(self) -> None:
        """Who, which round and when, as the form has it; then where the answers came from."""
        words, resp = self.words, self.resp
        if self.head.name or self.head.logo is not None:  # the organisation's letterhead, as on its forms
            draw_pdf(self.flow, self.head, name_size=12, text_size=10)
        self.heading(self.title, 1)
        self.translation_line(self.catalog)
        labels = {key: words(f"selfassess.{key}") for key in names.IDENTITY[1:] + (names.ROUND,)}
        labels["date"] = words("collect.report_date")
        parts, written = [], []
        for key, label in labels.items():
            value = self.ident.get(key, "")
            if key == names.ROUND and value in names.ROUND_CHOICES:
                value = words(f"selfassess.round_{value}")
            crop = self.hand(resp.identity.get(key, ""), label)
            if crop is not None:
                written.append((label, crop))
            elif value:
                parts.append(f"<b>{escape(label)}:</b> {escape(value)}")
        self.para(" · ".join(parts), after=2)
        if written:
            self.para(escape(words("collect.report_handwritten_identity")), "small", after=2)
        for label, crop in written:
            self.labelled(label, crop)
        source = _verbatim(words, "collect.report_source", file=_shown(words, resp.file, SHOWN_NAME_CHARS),
                           catalog=resp.catalog_id, version=resp.catalog_version, fingerprint=resp.fingerprint)
        self.para(escape(source), "small")
        if resp.form_check == "altered":
            self.para(f"<b>{escape(words('collect.report_altered'))}</b>", "small")

    def overview(self) -> None:
        words, resp = self.words, self.resp
        self.heading(words("collect.report_chart_heading"), 2, keep_with=140)
        self.para(escape(words("collect.report_chart_caption")), "small", after=4)
        points = [c for c in resp.scale if c["value"] != self.na_value]
        kinds = report_chart.answers([_shown(words, c["label"], 60) for c in points], self.na_label,
                                     words("collect.report_unanswered"))
        values = [c["value"] for c in points] + ([self.na_value] if self.na_value else []) + [""]  # as kinds
        bars = []
        for cat in self.categories:
            ratings = [r for r in resp.ratings if r.category_id == cat["raw_id"]]
            counts = tuple(sum(1 for r in ratings if _answer(r, values) == v) for v in values)
            bars.append(report_chart.Bar(self.category_label(cat), counts))

        report_chart.overview(self.flow, bars, kinds, report_chart.alt_text(words, kinds, "collect.report_chart"),
                              words.number)

    def starters(self) -> None:
        """What to talk about first: competencies not yet had the chance at, those left out, and
        the support asked for. Left out entirely when there is none of it."""
        words, resp = self.words, self.resp
        not_yet = [r for r in resp.ratings if self.starter_value and r.value == self.starter_value]
        unanswered = [r for r in resp.ratings if not r.value]
        support = [(cat, text) for cat in self.categories
                   if (text := resp.reflections.get(cat["raw_id"], {}).get("support", "").strip())]
        if not (not_yet or unanswered or support):
            return
        self.heading(words("collect.report_starters_heading"), 2)
        if not_yet:
            self.heading(_verbatim(words, "collect.report_starters_not_yet", label=self.starter_label or ""), 3, 26)
            for r in not_yet:
                self.para(f"<b>{escape(_shown(words, r.competency_id, SHOWN_ID_CHARS))}</b> "
                          f"{_markup(_shown(words, r.statement))}", after=2)
        if unanswered:
            self.heading(words("collect.report_starters_unanswered"), 3, 26)
            self.para(escape(", ".join(_shown(words, r.competency_id, SHOWN_ID_CHARS) for r in unanswered)))
        if support:
            self.heading(words("collect.report_starters_support"), 3, 26)
            for cat, text in support:
                crop = self.hand(text, f"{self.category_label(cat)}, {words('collect.report_support')}")
                if crop is not None:
                    self.labelled(self.category_label(cat), crop)
                else:
                    self.para(f"<b>{escape(self.category_label(cat))}:</b> {_markup(_shown(words, text))}", after=2)

    def category(self, cat: dict[str, str]) -> None:
        """A category's competencies (statement, rating, note) and what the person reflected on it."""
        words, resp = self.words, self.resp
        ratings = [r for r in resp.ratings if r.category_id == cat["raw_id"]]
        self.heading(self.category_label(cat), 2, keep_with=60)
        if ratings:
            labels = [words(f"collect.report_col_{key}") for key in ("id", "competency", "rating", "note")]
            widths = (*COMPETENCY_WIDTHS, FRAME.body_width - sum(COMPETENCY_WIDTHS))
            columns = [Column(escape(label), width) for label, width in zip(labels, widths)]
            TextTable(self.flow, columns, self.styles["cell"], self.styles["head"]).draw(
                [[f"<b>{escape(_shown(words, r.competency_id, SHOWN_ID_CHARS))}</b>", _markup(_shown(words, r.statement)),
                  escape(_shown(words, r.label or r.value, 200) or DASH),
                  self.hand(r.notes, f"{r.competency_id} {labels[3]}") or _markup(_shown(words, r.notes.strip()))]
                 for r in ratings])
            self.flow.y -= 6
        texts = resp.reflections.get(cat["raw_id"], {})
        typed = [key for key in names.REFLECTION if texts.get(key, "").strip() and not self.hand(texts[key], "")]
        self.together([f"<b>{escape(words(f'collect.report_{key}'))}:</b> {_markup(_shown(words, texts[key].strip()))}"
                       for key in typed],
                      _verbatim(words, "collect.report_continued", category=self.category_label(cat)))
        for key in names.REFLECTION:
            label = words(f"collect.report_{key}")
            crop = self.hand(texts.get(key, ""), f"{self.category_label(cat)}, {label}")
            if crop is not None:
                self.labelled(label, crop)

    def hand(self, text: str, what: str) -> Crop | None:
        """The picture of the handwriting ``text`` names (a scanned form's writing box), when given."""
        path = crop_path(text) if text else None
        if path is None or path not in self.crops:
            return None
        return Crop(self.crops[path], _verbatim(self.words, "collect.report_handwritten_alt", what=what))

    def labelled(self, label: str, crop: Crop) -> None:
        """A bold label, then the picture under it, the two kept on one page."""
        head = f"<b>{escape(label)}:</b>"
        head_h = TextBlock(head, self.styles["body"]).wrap(FRAME.body_width, FRAME.height)[1]
        _, height = crop.wrap(FRAME.body_width - 12, FRAME.body_height)
        self.flow.ensure(head_h + height + 6)
        self.para(head, after=1)
        crop.draw_in(self.flow, FRAME.left + 12, self.flow.y - height)
        self.flow.y -= height + 6

    def together(self, markups: list[str], continued: str, after: float = 3.0) -> None:
        """Paragraphs kept on one page when they are short together (a category's reflections),
        else flowed: a long answer still splits across pages rather than leaving one empty. Moved
        to a new page, they are headed by ``continued`` (a running head, an artifact), so a
        reflection at the top of a page still says which category it is about."""
        from reportlab.lib.utils import simpleSplit

        height = sum(TextBlock(m, self.styles["body"]).wrap(FRAME.body_width, FRAME.height)[1] + after
                     for m in markups)
        if markups and height <= FRAME.body_height / 3 and self.flow.ensure(height + CONTINUED_H):
            lines = simpleSplit(continued, BOLD, 9, FRAME.body_width - 12)  # one line: a long title is cut
            with self.flow.artifact("Pagination", "Header"):
                self.flow.string(FRAME.left, self.flow.y - 9, lines[0] + (" …" if len(lines) > 1 else ""), BOLD, 9)
            self.flow.y -= CONTINUED_H
        for markup in markups:
            self.para(markup, after=after)

    def plan(self) -> None:
        """Every plan row the person wrote, the category's and the whole plan's, in one table."""
        words, resp = self.words, self.resp
        if not resp.plan:
            return
        self.heading(words("collect.report_plan_heading"), 2)
        labels = [words(f"collect.report_plan_{key}") for key in ("for",) + names.PLAN_COLUMNS]
        widths = (*PLAN_WIDTHS, FRAME.body_width - sum(PLAN_WIDTHS))
        columns = [Column(escape(label), width) for label, width in zip(labels, widths)]
        whole = words("collect.report_plan_whole")
        rows: list[list[Any]] = [
            [escape(whole if row.scope == names.WHOLE else _shown(words, row.scope, SHOWN_ID_CHARS))]
            + [self.hand(getattr(row, key), f"{words('collect.report_plan_heading')} {row.scope}, {label}")
               or _markup(_shown(words, getattr(row, key).strip()))
               for key, label in zip(names.PLAN_COLUMNS, labels[1:])]
            for row in resp.plan]
        TextTable(self.flow, columns, self.styles["cell"], self.styles["head"]).draw(rows)

    def render(self) -> bytes:
        self.identity()
        self.overview()
        self.starters()
        for cat in self.categories:
            self.category(cat)
        self.plan()
        return self.finish()


def _answer(rating: Rating, values: list[str]) -> str:
    """The chart's block for a rating: its value, or unanswered ('') for none or one the scale lacks."""
    return rating.value if rating.value in values else ""


def _not_yet(resp: Response, catalog: Catalog) -> tuple[str | None, str | None]:
    """(value, label) of the form's "not yet had the chance" choice: a catalogue scale's
    not-applicable choice, when the form offers it as one more than that scale's points."""
    offered = {c["value"]: c["label"] for c in resp.scale}
    for scale in catalog.scales:
        na = scale.not_applicable
        if na is not None and na.value in offered and len(offered) == len(scale.points) + 1:
            return na.value, offered[na.value]
    return None, None


def _starter_choice(resp: Response, catalog: Catalog) -> tuple[str | None, str | None]:
    """The answer that starts a conversation: "not yet had the chance", or on a scale without
    one its first (lowest) point, "Rarely" or "Introductory"."""
    value, label = _not_yet(resp, catalog)
    if value is None and resp.scale:
        value, label = resp.scale[0]["value"], resp.scale[0]["label"]
    return value, label


def render_report(resp: Response, catalog: Catalog, head: Letterhead | None = None,
                  crops: Mapping[str, bytes] | None = None) -> bytes:
    """One person's summary as PDF bytes (deterministic), under ``head``: the letterhead of a
    resolved context (formkit.documents.letterhead.letterhead, with the logo), else the
    catalogue's organisation without its logo. ``crops`` are the pictures of a scanned form's
    handwriting, by the path its values name (formkit.collect.handwritten): each is drawn in
    place of its value."""
    return _Report(resp, catalog, head, crops).render()


__all__ = ["SHOWN_CHARS", "is_blank", "render_report", "report_namer", "report_stem"]
