"""Drawing fillable PDF forms that behave the same in every reader.

A :class:`FormWriter` wraps a reportlab canvas and adds widgets with the safe settings the
research notes (shared/notes/pdf-forms.md) found necessary: ASCII names and export values,
explicit field flags (nothing silently required), explicit maxlen and font size, a tooltip
(/TU) on every field and on every radio widget, borders drawn on the page as well so a
printed blank works with a pen. :meth:`FormWriter.finish` saves the canvas and hands the bytes
to :func:`formkit.pdfform.post.finish_pdf` (tab order, language, metadata, signature fields,
the embedded field schema). Output is deterministic: same calls, same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..pdfpage.tags import Tagger
from .fonts import BOLD, REGULAR, register_fonts

NAME_RE = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")
VALUE_RE = re.compile(r"^[A-Za-z0-9_-]+$")
LETTER = (612.0, 792.0)

# High-contrast defaults, visible in black-and-white print.
BORDER = (0.15, 0.15, 0.15)
FILL = (1.0, 1.0, 1.0)
TEXT = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class DocInfo:
    """Document-level metadata every formkit form carries (Info dictionary and XMP)."""

    title: str
    form_kind: str
    lang: str = "en"
    author: str = ""
    subject: str = ""
    keywords: str = ""
    catalog_id: str = ""
    catalog_version: str = ""
    fingerprint: str = ""
    creator: str = "formkit"


@dataclass
class Field:
    """One field as formkit's schema records it (the PDF itself only holds ASCII names)."""

    name: str
    kind: str  # text, multiline, radio, checkbox, signature
    tooltip: str
    page: int
    rect: tuple[float, float, float, float]
    choices: tuple[tuple[str, str], ...] = ()  # (export value, human label) for radio groups
    choice_rects: tuple[tuple[float, float, float, float], ...] = ()  # each circle, for flattened copies
    maxlen: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "tooltip": self.tooltip, "page": self.page,
                               "rect": [round(v, 2) for v in self.rect]}
        if self.choices:
            out["choices"] = [{"value": v, "label": lab} for v, lab in self.choices]
            for choice, rect in zip(out["choices"], self.choice_rects):
                choice["rect"] = [round(v, 2) for v in rect]
        if self.maxlen:
            out["maxlen"] = self.maxlen
        if self.meta:
            out["meta"] = dict(self.meta)
        return out


def _check_name(name: str) -> None:
    if not NAME_RE.match(name):
        raise ValueError(f"field name {name!r} must be ASCII letters, digits and '_' (dots separate groups)")


class FormWriter:
    """A reportlab canvas plus form widgets; call :meth:`finish` for the final PDF bytes."""

    def __init__(self, info: DocInfo, pagesize: tuple[float, float] = LETTER) -> None:
        from reportlab.pdfgen.canvas import Canvas

        register_fonts()
        self.info = info
        self.pagesize = pagesize
        self._buffer = io.BytesIO()
        c = Canvas(self._buffer, pagesize=pagesize, invariant=1, pageCompression=0,  # the finisher compresses (post.save or plainfinish)
                   lang=info.lang)
        c.setTitle(info.title)
        c.setAuthor(info.author)
        c.setSubject(info.subject)
        c.setKeywords(info.keywords)
        c.setCreator(info.creator)
        c.setViewerPreference("DisplayDocTitle", "true")
        self.canvas = c
        self.tags = Tagger(c)  # what is drawn is content of an element or an artifact
        self.fields: list[Field] = []
        self.page = 0
        self._names: set[str] = set()
        self._kid_tooltips: dict[tuple[str, str], str] = {}
        self._signatures: list[Field] = []
        self._with_page_count: list[tuple[str, Callable[[int], None]]] = []

    # -- widgets ----------------------------------------------------------
    def _register(self, fld: Field) -> Field:
        _check_name(fld.name)
        if fld.name in self._names:
            raise ValueError(f"field name {fld.name!r} used twice")
        self._names.add(fld.name)
        self.fields.append(fld)
        return fld

    def text_field(self, name: str, tooltip: str, x: float, y: float, width: float, height: float, *,
                   multiline: bool = False, maxlen: int | None = None, font_size: float = 10,
                   meta: Mapping[str, Any] | None = None, value: str = "", read_only: bool = False) -> Field:
        """A text field (single- or multi-line); its box is also drawn on the page for print.

        ``value`` with ``read_only`` is a value formkit sets and nobody edits (the supervisor
        form's rater); its appearance is drawn with it."""
        maxlen = maxlen if maxlen is not None else (2000 if multiline else 200)
        fld = self._register(Field(name, "multiline" if multiline else "text", tooltip, self.page,
                                   (x, y, x + width, y + height), maxlen=maxlen, meta=dict(meta or {})))
        flags = " ".join(f for f, on in (("multiline", multiline), ("readOnly", read_only)) if on)  # never required
        with self.tags.artifact():  # the box printed on the page
            if value:
                self.canvas.acroForm.textfield(
                    name=name, tooltip=tooltip, x=x, y=y, width=width, height=height, value=value,
                    fontName="Helvetica", fontSize=int(font_size), textColor=_rl(TEXT), fillColor=_rl(FILL),
                    borderColor=_rl(BORDER), borderWidth=1, borderStyle="solid", forceBorder=True,
                    fieldFlags=flags, annotationFlags="print", maxlen=maxlen)
            else:
                from . import widgets

                widgets.blank_text(self.canvas.acroForm, name=name, tooltip=tooltip, x=x, y=y, width=width,
                                   height=height, font_size=int(font_size), flags=_text_flags(multiline, read_only),
                                   maxlen=maxlen, text=_rl(TEXT), border=_rl(BORDER), fill=_rl(FILL))
        self.tags.widget(name)
        return fld

    def radio_group(self, name: str, tooltip: str, choices: Sequence[tuple[str, str]],
                    positions: Sequence[tuple[float, float]], *, size: float = 12, font_size: float = 10,
                    draw_labels: bool = True, label_width: float | None = None,
                    meta: Mapping[str, Any] | None = None) -> Field:
        """One radio group: a circle per (export value, label) at ``positions`` (lower-left corners).

        Each label is printed right of its circle (so a paper copy works); every widget gets
        its own tooltip "<group tooltip>: <label>" because pdf.js and pdftk read /TU per widget.
        In the structure each circle is a Form element followed by its label's text.
        """
        if len(choices) != len(positions) or len(choices) < 2:
            raise ValueError(f"radio group {name!r} needs one position per choice and at least two choices")
        for value, _ in choices:
            if not VALUE_RE.match(value) or value == "Off":
                raise ValueError(f"radio export value {value!r} must be ASCII letters, digits, '_' or '-'")
        x0, y0 = positions[0]
        xs = [p[0] for p in positions]
        ys = [p[1] for p in positions]
        fld = self._register(Field(name, "radio", tooltip, self.page,
                                   (min(xs), min(ys), max(xs) + size, max(ys) + size),
                                   choices=tuple((v, lab) for v, lab in choices),
                                   choice_rects=tuple((x, y, x + size, y + size) for x, y in positions),
                                   meta=dict(meta or {})))
        from . import widgets

        c = self.canvas
        for (value, label), (x, y) in zip(choices, positions):
            self._kid_tooltips[(name, value)] = f"{tooltip}: {label}"
            with self.tags.artifact():
                widgets.radio(c.acroForm, name=name, tooltip=tooltip, value=value, x=x, y=y, size=size,
                              border=_rl(BORDER), fill=_rl(FILL))
            self.tags.widget(name, value)
            if draw_labels and label:
                self._label(label, x + size + 3, y, size, font_size, label_width)
        return fld

    def checkbox(self, name: str, tooltip: str, x: float, y: float, *, size: float = 12,
                 label: str = "", font_size: float = 10, meta: Mapping[str, Any] | None = None) -> Field:
        """A checkbox (on-state /Yes, never required) with an optional label to its right."""
        fld = self._register(Field(name, "checkbox", tooltip, self.page, (x, y, x + size, y + size),
                                   choices=(("Yes", label or tooltip),), meta=dict(meta or {})))
        from . import widgets

        with self.tags.artifact():
            widgets.checkbox(self.canvas.acroForm, name=name, tooltip=tooltip, x=x, y=y, size=size,
                             border=_rl(BORDER), fill=_rl(FILL))
        self.tags.widget(name)
        if label:
            self._label(label, x + size + 3, y, size, font_size, None)
        return fld

    def signature_field(self, name: str, tooltip: str, x: float, y: float, width: float, height: float, *,
                        meta: Mapping[str, Any] | None = None) -> Field:
        """A real /FT /Sig field (added after saving: reportlab has none); its box is drawn now."""
        fld = self._register(Field(name, "signature", tooltip, self.page, (x, y, x + width, y + height),
                                   meta=dict(meta or {})))
        self._signatures.append(fld)
        c = self.canvas
        with self.tags.artifact():
            c.saveState()
            c.setStrokeColorRGB(*BORDER)
            c.setLineWidth(1)
            c.rect(x, y, width, height, stroke=1, fill=0)
            c.restoreState()
        self.tags.widget(name)
        return fld

    def _label(self, text: str, x: float, y: float, size: float, font_size: float, width: float | None) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c = self.canvas
        fs = font_size
        if width:
            while fs > 7 and stringWidth(text, REGULAR, fs) > width:
                fs -= 0.5
        with self.tags.marked():  # read right after its widget, in the same paragraph
            c.saveState()
            c.setFillColorRGB(*TEXT)
            c.setFont(REGULAR, fs)
            c.drawString(x, y + (size - fs * 0.72) / 2, text)
            c.restoreState()

    # -- pages ------------------------------------------------------------
    def show_page(self) -> None:
        self.canvas.showPage()
        self.tags.next_page()
        self.page += 1

    def with_page_count(self, draw: Callable[[int], None]) -> None:
        """Draw something on this page that needs the page count ("Page 3 of 9").

        ``draw(pages)`` runs in :meth:`finish`, once the count is known, into a form XObject
        this page already shows; so a document is laid out once, not once to count pages.
        """
        name = f"FkPageCount{len(self._with_page_count)}"
        with self.tags.artifact("Pagination"):
            self.canvas.doForm(name)
        self._with_page_count.append((name, draw))

    def finish(self, schema: Mapping[str, Any] | None = None, *, embed_schema: bool = True) -> bytes:
        """Save the canvas and post-process it; ``schema`` extras are embedded with the field list.

        The current page is the last one (it need not be shown first). A document that is not
        a form (a collect report) passes ``embed_schema=False``: collect must never read it. Such
        a document, without fields, is finished by formkit.pdfform.plainfinish, without pikepdf.
        """
        c = self.canvas
        for name, draw in self._with_page_count:
            c.beginForm(name)
            draw(self.page + 1)
            c.endForm()
        c.save()
        raw = self._buffer.getvalue()
        if not self.fields and not self._signatures and not embed_schema:
            from .plainfinish import finish_plain  # no widget for qpdf to mend: no pikepdf to load

            return finish_plain(raw, self.info, self.tags)
        from .post import finish_pdf

        embedded = {"formkit_schema": 1, "kind": self.info.form_kind,
                    "catalog": {"id": self.info.catalog_id, "version": self.info.catalog_version,
                                "fingerprint": self.info.fingerprint},
                    **dict(schema or {}),
                    "fields": [f.to_json() for f in self.fields]}
        return finish_pdf(raw, self.info, kid_tooltips=self._kid_tooltips, signatures=self._signatures,
                          schema=embedded if embed_schema else None, tags=self.tags)


def warm() -> None:
    """Import what drawing and finishing a form use and build the fonts they cache, now.

    `formkit build` calls this before forking its workers: each worker then inherits the
    imported modules (about 0.6 s of CPU) and the field fonts instead of making its own copy.
    """
    import pikepdf  # noqa: F401
    import reportlab.pdfbase.acroform  # noqa: F401
    import reportlab.pdfgen.canvas  # noqa: F401
    import reportlab.platypus  # noqa: F401

    from ..pdfpage import structure  # noqa: F401
    from . import fieldfont, pikeobjects, post  # noqa: F401

    register_fonts()
    fieldfont.add_fonts(pikepdf.new())


def _text_flags(multiline: bool, read_only: bool) -> int:
    """/Ff of a text field (reportlab's values): never required."""
    from reportlab.pdfbase.acroform import fieldFlagValues

    return (fieldFlagValues["multiline"] if multiline else 0) | (fieldFlagValues["readOnly"] if read_only else 0)


def _rl(rgb: tuple[float, float, float]) -> Any:
    from reportlab.lib.colors import Color

    return Color(*rgb)


__all__ = ["BOLD", "REGULAR", "DocInfo", "Field", "FormWriter", "LETTER", "warm"]
