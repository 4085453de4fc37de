"""A synthetic scan corpus, made by the tests themselves: formkit's own printed forms, filled with
drawn pen marks and put through what a scanner and a careless hand do to a page.

Each page is the form drawn by PDFium at 150, 200 or 300 dpi; marks go into the circles where the
form's schema says they are (a filled circle, a tick, a cross, a scribble, a light pencil stroke,
now and then two marks in one group or an erased one); then the page is turned up to 3 degrees
(sometimes upside down), scaled, shifted, blurred, given noise and JPEG artefacts, and saved grey
or black-and-white. What was drawn is kept (:class:`Truth`) to score the reader against.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

STYLES = ("fill", "tick", "cross", "scribble", "pencil")
PAGE_W, PAGE_H = 612.0, 792.0


@dataclass
class Truth:
    """What was drawn on one page: field -> the one value marked, and the groups that must go to review
    (two marks), must not be read as an answer (an erased mark alone), or were changed (an erased mark
    and a clear one: review on a grey scan; a black-and-white scan may drop the erasure, so the clear
    one, never another answer)."""

    form_page: int
    single: dict[str, str] = field(default_factory=dict)
    double: set[str] = field(default_factory=set)
    erased: set[str] = field(default_factory=set)
    changed: dict[str, str] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)  # writing boxes with handwriting in them
    blank: set[str] = field(default_factory=set)
    styles: dict[str, str] = field(default_factory=dict)


def page_pixels(pdf: bytes, index: int, dpi: int, *, values: bool = False) -> np.ndarray:
    """Page ``index`` (from 0) of ``pdf`` drawn grey at ``dpi``; with ``values``, its fields' values
    too, as a viewer prints a pre-filled form."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        if values:
            doc.init_forms()
        bitmap = doc[index].render(scale=dpi / 72, grayscale=True)
        pixels = bitmap.to_numpy().copy()
    finally:
        doc.close()
    return pixels[:, :, 0] if pixels.ndim == 3 else pixels


def radio_groups(schema: dict[str, Any], page: int) -> dict[str, list[tuple[str, tuple[float, ...]]]]:
    """The radio groups of page ``page`` (from 1): field -> [(value, rect in points)]."""
    return {f["name"]: [(c["value"], tuple(c["rect"])) for c in f["choices"]]
            for f in schema["fields"] if f["kind"] == "radio" and f["page"] + 1 == page}


def _stroke(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], width: float, ink: int) -> None:
    draw.line(points, fill=ink, width=max(round(width), 1), joint="curve")


def draw_mark(draw: ImageDraw.ImageDraw, rect: tuple[float, ...], dpi: int, style: str,
              rng: np.random.Generator) -> None:
    """One hand mark of ``style`` in the circle ``rect`` (PDF points), on a page drawn at ``dpi``."""
    s = dpi / 72
    x0, y0, x1, y1 = rect
    r = (x1 - x0) / 2 * s
    cx = (x0 + x1) / 2 * s + rng.normal(0, 0.08) * r
    cy = (PAGE_H - (y0 + y1) / 2) * s + rng.normal(0, 0.08) * r
    pen = rng.uniform(1.3, 2.0) * s
    ink = int(rng.integers(10, 60))

    def at(u: float, v: float) -> tuple[float, float]:
        return cx + u * r, cy + v * r

    if style == "fill":
        k = rng.uniform(0.75, 0.95)
        draw.ellipse([cx - k * r, cy - k * r, cx + k * r, cy + k * r], fill=ink)
    elif style == "tick":
        _stroke(draw, [at(-0.6, 0.0), at(-0.15, 0.6), at(0.8, -0.8)], pen, ink)
    elif style == "cross":
        k = rng.uniform(0.6, 0.85)
        _stroke(draw, [at(-k, -k), at(k, k)], pen, ink)
        _stroke(draw, [at(-k, k), at(k, -k)], pen, ink)
    elif style == "scribble":
        pts = [at(rng.uniform(-0.7, 0.7), rng.uniform(-0.7, 0.7)) for _ in range(9)]
        _stroke(draw, pts, pen * 0.8, ink)
    elif style == "pencil":
        grey = int(rng.integers(95, 130))
        _stroke(draw, [at(-0.75, 0.7), at(0.75, -0.7)], pen * 0.9, grey)
        _stroke(draw, [at(-0.6, 0.75), at(0.8, -0.6)], pen * 0.7, grey)
    elif style == "erased":
        k = rng.uniform(0.6, 0.85)
        draw.ellipse([cx - k * r, cy - k * r, cx + k * r, cy + k * r], fill=int(rng.integers(200, 218)))
    else:
        raise ValueError(style)


def handwrite(draw: ImageDraw.ImageDraw, rect: tuple[float, ...], dpi: int, rng: np.random.Generator) -> None:
    """A line of "handwriting" (a pen's loops) in a writing box."""
    s = dpi / 72
    x0, y0, x1, y1 = rect
    left, base = (x0 + 6) * s, (PAGE_H - y0 - (y1 - y0) * 0.4) * s
    xs = np.arange(left, min(x1 - 6, x0 + 200) * s, 2.5 * s)
    points = [(x, base - abs(math.sin(i * 1.3)) * 6 * s * rng.uniform(0.6, 1.0)) for i, x in enumerate(xs)]
    _stroke(draw, points, 1.2 * s, int(rng.integers(10, 60)))


def fill_page(pixels: np.ndarray, schema: dict[str, Any], page: int, dpi: int, rng: np.random.Generator, *,
              double: float = 0.04, erased: float = 0.04, blank: float = 0.08) -> tuple[np.ndarray, Truth]:
    """The page with a mark in most groups and writing in some notes boxes; what was drawn."""
    img = Image.fromarray(pixels)
    draw = ImageDraw.Draw(img)
    truth = Truth(page)
    for f in schema["fields"]:
        if f["kind"] == "multiline" and f["page"] + 1 == page and rng.random() < 0.5:
            handwrite(draw, tuple(f["rect"]), dpi, rng)
            truth.written.add(f["name"])
    for name, choices in radio_groups(schema, page).items():
        roll = rng.random()
        picks = rng.permutation(len(choices))
        if roll < blank:
            truth.blank.add(name)
        elif roll < blank + double:
            for i in picks[:2]:
                draw_mark(draw, choices[i][1], dpi, STYLES[int(rng.integers(0, 4))], rng)
            truth.double.add(name)
        elif roll < blank + double + erased:
            draw_mark(draw, choices[picks[0]][1], dpi, "erased", rng)
            if rng.random() < 0.5:
                draw_mark(draw, choices[picks[1]][1], dpi, STYLES[int(rng.integers(0, 4))], rng)
                truth.changed[name] = choices[picks[1]][0]
            else:
                truth.erased.add(name)
        else:
            style = STYLES[int(rng.integers(0, len(STYLES)))]
            draw_mark(draw, choices[picks[0]][1], dpi, style, rng)
            truth.single[name] = choices[picks[0]][0]
            truth.styles[name] = style
    return np.asarray(img), truth


def scanner(pixels: np.ndarray, rng: np.random.Generator, *, bw: bool, upside_down: bool = False,
            turn: float | None = None) -> Image.Image:
    """What a scanner does: a small turn, scale and shift on a glass a little larger than the sheet,
    blur, noise, then grey JPEG or 1-bit."""
    pad = int(pixels.shape[1] * 0.03)
    pixels = np.pad(pixels, pad, constant_values=int(rng.integers(200, 250)))  # the scanner's lid
    h, w = pixels.shape
    img = Image.fromarray(pixels)
    angle = rng.uniform(-3, 3) if turn is None else turn
    scale = rng.uniform(0.97, 1.03)
    shift = rng.uniform(-0.012, 0.012, 2) * (w, h)
    a = math.radians(angle)
    cos, sin = math.cos(a) / scale, math.sin(a) / scale
    cx, cy = w / 2, h / 2
    # output (x, y) -> input: rotate about the centre, scale, shift
    coeffs = (cos, sin, cx - cos * cx - sin * cy - shift[0], -sin, cos, cy + sin * cx - cos * cy - shift[1])
    img = img.transform((w, h), Image.Transform.AFFINE, coeffs, resample=Image.Resampling.BILINEAR, fillcolor=250)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.7)))
    arr = np.asarray(img).astype(np.float32) * rng.uniform(0.93, 1.0) + rng.normal(0, rng.uniform(2, 6), (h, w))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if upside_down:
        img = img.rotate(180)
    if bw:
        return img.convert("1", dither=Image.Dither.NONE if rng.random() < 0.5 else Image.Dither.FLOYDSTEINBERG)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=int(rng.integers(55, 90)))
    return Image.open(io.BytesIO(buffer.getvalue()))


def as_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """Pictures as one PDF of scans (each page at ``dpi``), as a scanner's 'scan to PDF' writes."""
    buffer = io.BytesIO()
    first, rest = images[0], images[1:]
    first.save(buffer, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return buffer.getvalue()


def as_tiff(images: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return buffer.getvalue()


@dataclass
class Score:
    """The reader's results against what was drawn."""

    singles: int = 0
    correct: int = 0
    doubles: int = 0  # groups with two marks drawn
    erasures: int = 0  # groups with an erased mark drawn (alone or beside a clear one)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # singles sent to review or read blank
    doubles_not_reviewed: list[str] = field(default_factory=list)
    erased_answered: list[str] = field(default_factory=list)
    changed_wrong: list[str] = field(default_factory=list)  # read as an answer other than the clear mark
    changed_grey_answered: list[str] = field(default_factory=list)  # on a grey scan, not sent to review
    blank_answered: list[str] = field(default_factory=list)

    def add(self, truth: Truth, answers: dict[str, str], reviews: set[str], where: str, *, grey: bool = True) -> None:
        for name, value in truth.single.items():
            self.singles += 1
            got = answers.get(name, "")
            if got == value:
                self.correct += 1
            elif got:
                self.wrong.append(f"{where} {name}: {truth.styles[name]} {value} read as {got}")
            else:
                self.missed.append(f"{where} {name}: {truth.styles[name]} {value} "
                                   f"{'sent to review' if name in reviews else 'read blank'}")
        self.doubles += len(truth.double)
        self.erasures += len(truth.erased) + len(truth.changed)
        self.doubles_not_reviewed += [f"{where} {n}" for n in truth.double if n not in reviews]
        self.erased_answered += [f"{where} {n}: {answers[n]}" for n in truth.erased if answers.get(n)]
        self.blank_answered += [f"{where} {n}: {answers[n]}" for n in truth.blank if answers.get(n)]
        for name, value in truth.changed.items():
            if answers.get(name) and answers[name] != value:
                self.changed_wrong.append(f"{where} {name}: {answers[name]}")
            elif answers.get(name) and grey:
                self.changed_grey_answered.append(f"{where} {name}")

    @property
    def rate(self) -> float:
        return self.correct / self.singles if self.singles else 0.0


def fill_checklist_page(pixels: np.ndarray, schema: dict[str, Any], page: int, dpi: int, rng: np.random.Generator, *,
                        ticked: float = 0.4, erased: float = 0.03, written: float = 0.6) -> tuple[np.ndarray, Truth]:
    """A checklist page filled by an evaluator: a rating in most rows (as :func:`fill_page`, doubles and
    erasures included), how-verified ticks in the five styles (now and then an erased one), and
    handwriting in some of the dates, initials, hours, signature and narrative boxes."""
    filled, truth = fill_page(pixels, schema, page, dpi, rng)
    img = Image.fromarray(filled)
    draw = ImageDraw.Draw(img)
    for f in schema["fields"]:
        if f["page"] + 1 != page:
            continue
        if f["kind"] == "checkbox":
            roll = rng.random()
            if roll < ticked:
                style = STYLES[int(rng.integers(0, len(STYLES)))]
                draw_mark(draw, tuple(f["rect"]), dpi, style, rng)
                truth.single[f["name"]] = f["choices"][0]["value"]
                truth.styles[f["name"]] = style
            elif roll < ticked + erased:
                draw_mark(draw, tuple(f["rect"]), dpi, "erased", rng)
                truth.erased.add(f["name"])
            else:
                truth.blank.add(f["name"])
        elif f["kind"] in ("text", "signature") and f["name"] not in truth.written and rng.random() < written:
            handwrite(draw, tuple(f["rect"]), dpi, rng)
            truth.written.add(f["name"])
    return np.asarray(img), truth
