"""The embedded font every form field names: DejaVu Sans, Latin + Greek + Cyrillic.

Other programs draw a field's text themselves: pdftk and pypdf when they fill, qpdf and
PyPDFForm when they regenerate appearances, poppler, MuPDF, PDFium and pdf.js when a filler set
/NeedAppearances. They all take the font that the field's /DA names from the form's /DR. A
standard font there (Helvetica) is not embedded and holds no Greek or Cyrillic, so the name an
office pre-filled vanished in Evince. This module embeds one TrueType font program (made once
by tools/make_field_font.py and shipped) that holds *whole* character ranges, not just the
letters a document happens to use, because the letters someone will type are not known when
the form is made:

- Basic Latin, Latin-1, Latin Extended-A, the Romanian comma letters, Greek, Cyrillic and
  Vietnamese, plus the common punctuation (dashes, curly quotes, ellipsis, bullet, euro);
- no hinting and no OpenType layout tables (field text is plain left-to-right runs), which
  keeps the copy small (measured in the README's size table);
- a ToUnicode map, so copied and extracted text is the Unicode that was typed;
- deterministic bytes (no timestamps), so the same inputs still give the same PDF.

One program, two font dictionaries over it (so a file carries one copy, about 34 KB):

- ``/FkSans``, a simple TrueType font with the standard WinAnsiEncoding, is what /DA names.
  pdftk (iText 2) and qpdf can only encode text for simple fonts with a standard encoding: given
  a composite font, pdftk drew nothing and qpdf drew garbage even for plain ASCII (tried). With
  this one they draw Latin-1 text in DejaVu. Poppler, redrawing under /NeedAppearances, draws
  only what this font encodes (Windows-1252) and does not fall back to another /DR font.
- ``/FkSansU``, a composite (Type0, Identity-H) font, is what formkit's own appearance streams
  use (:func:`text_appearance`): every character of the ranges above, in one font. A field that
  formkit fills with a value outside Windows-1252 names it in its /DA
  (:func:`default_appearance`), so a viewer that redraws the field keeps every letter.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from .fonts import font_dir

RESOURCE_NAME = "FkSans"  # the /DR and /Resources key that /DA names (simple, WinAnsi)
UNICODE_NAME = "FkSansU"  # the composite font formkit's own appearance streams draw with
SUBSET_TAG = "FKSANS"  # PDF subset prefix: six capital letters
RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x218, 0x21B), (0x370, 0x3FF), (0x400, 0x4FF), (0x1EA0, 0x1EF9))
EXTRA = (0x2010, 0x2011, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0x2020, 0x2021,
         0x2022, 0x2026, 0x2030, 0x2039, 0x203A, 0x20AC, 0x2116, 0x2122)


@dataclass(frozen=True)
class FieldFont:
    """The subset font program and what drawing with it needs: codes, widths, metrics."""

    program: bytes  # the TrueType subset (FontFile2)
    codes: dict[str, int]  # character -> glyph id (= CID under Identity)
    widths: dict[int, int]  # glyph id -> advance width in 1/1000 em
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]

    def covers(self, text: str) -> bool:
        """True if every character of ``text`` (line breaks aside) has a glyph here."""
        codes = self.codes
        return all(ch in codes or ch in "\r\n\t" for ch in text)

    def encode(self, text: str) -> bytes:
        """``text`` as a hex string of 2-byte glyph ids, for Tj (uncovered characters are skipped)."""
        codes = self.codes
        return b"<" + "".join(f"{codes[ch]:04X}" for ch in text if ch in codes).encode("ascii") + b">"

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in points at ``size``."""
        codes, widths = self.codes, self.widths
        return sum(widths[codes[ch]] for ch in text if ch in codes) * size / 1000.0


SUBSET_FILE = "DejaVuSans-FieldSubset.ttf"  # made by tools/make_field_font.py from DejaVuSans.ttf
METRICS_FILE = "DejaVuSans-FieldSubset.json"  # its metrics as reportlab reads them, made by the same tool


@cache
def field_font() -> FieldFont:
    """The shipped subset and its metrics, read once per process.

    The metrics come from the JSON file the tool writes beside the font from reportlab's own
    parse (:func:`parse_field_font`), when it names this font's SHA-256 (else reportlab parses
    the font here): importing reportlab's font code was a fifth of a cached batch's start-up,
    and a batch draws with this font only.
    """
    program = (font_dir() / SUBSET_FILE).read_bytes()
    shipped = shipped_metrics(program)
    return shipped if shipped is not None else parse_field_font(program)


def parse_field_font(program: bytes) -> FieldFont:
    """The font ``program`` and its metrics as reportlab reads them."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(io.BytesIO(program))
    codes = {chr(cp): gid for cp, gid in face.charToGlyph.items() if cp < 0x110000}
    widths = {gid: round(face.charWidths[cp]) for cp, gid in face.charToGlyph.items()}
    widths.setdefault(0, round(face.defaultWidth))
    bbox = tuple(round(v) for v in face.bbox)
    return FieldFont(program, codes, widths, round(face.ascent), round(face.descent), round(face.capHeight),
                     bbox)


def metrics_json(ff: FieldFont) -> bytes:
    """What :data:`METRICS_FILE` holds for ``ff`` (the tool writes it; a test compares it)."""
    data = {"sha256": hashlib.sha256(ff.program).hexdigest(), "codes": {str(ord(ch)): gid for ch, gid in ff.codes.items()},
            "widths": {str(gid): w for gid, w in ff.widths.items()}, "ascent": ff.ascent, "descent": ff.descent,
            "cap_height": ff.cap_height, "bbox": list(ff.bbox)}
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("ascii") + b"\n"


def shipped_metrics(program: bytes) -> FieldFont | None:
    """The metrics of :data:`METRICS_FILE` for ``program``; None if absent, unreadable or made for
    another font (a font remade without its metrics is parsed, never drawn with stale widths)."""
    try:
        data = json.loads((font_dir() / METRICS_FILE).read_bytes())
        if data["sha256"] != hashlib.sha256(program).hexdigest():
            return None
        x0, y0, x1, y1 = (int(v) for v in data["bbox"])
        return FieldFont(program, {chr(int(cp)): int(gid) for cp, gid in data["codes"].items()},
                         {int(gid): int(w) for gid, w in data["widths"].items()}, int(data["ascent"]),
                         int(data["descent"]), int(data["cap_height"]), (x0, y0, x1, y1))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _w_array(ff: FieldFont) -> list[Any]:
    """The CIDFont /W array: runs of consecutive glyph ids with their widths."""
    out: list[Any] = []
    gids = sorted(ff.widths)
    run: list[int] = []
    start = None
    for gid in gids:
        if start is not None and gid == start + len(run):
            run.append(ff.widths[gid])
            continue
        if start is not None:
            out += [start, run]
        start, run = gid, [ff.widths[gid]]
    if start is not None:
        out += [start, run]
    return out


def _to_unicode(ff: FieldFont) -> bytes:
    pairs = sorted((gid, ch) for ch, gid in ff.codes.items())
    seen: dict[int, str] = {}
    for gid, ch in pairs:  # a glyph shared by two characters maps back to the first
        seen.setdefault(gid, ch)
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(seen.items())
    for chunk in _chunks(items, 100):
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for gid, ch in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def add_fonts(pdf: Any) -> tuple[Any, Any]:
    """Add the field fonts to a pikepdf ``pdf``: (simple WinAnsi font, composite font), indirect.

    Both share one font descriptor and one embedded program. The objects are built once per
    process and copied in (qpdf copies in C++: building them each time cost 0.1 s a form).
    """
    fonts = pdf.copy_foreign(_font_objects().Root.FkFonts)
    return fonts.Simple, fonts.Composite


@cache
def _font_objects() -> Any:
    """A small pikepdf document holding the two font dictionaries (read-only once made)."""
    import zlib

    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    ff = field_font()
    pdf = pikepdf.new()
    base = Name(f"/{SUBSET_TAG}+DejaVuSans")
    program = pikepdf.Stream(pdf, zlib.compress(ff.program, 9))
    program[Name.Filter] = Name.FlateDecode
    program[Name.Length1] = len(ff.program)
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=base, Flags=32, FontBBox=Array(list(ff.bbox)), ItalicAngle=0,
        Ascent=ff.ascent, Descent=ff.descent, CapHeight=ff.cap_height, StemV=80,
        FontFile2=pdf.make_indirect(program)))
    cid_font = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=base,
                          CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
                          FontDescriptor=descriptor, DW=1000, W=Array(_w_array(ff)), CIDToGIDMap=Name.Identity)
    to_unicode = pikepdf.Stream(pdf, zlib.compress(_to_unicode(ff), 9))
    to_unicode[Name.Filter] = Name.FlateDecode
    composite = Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=base, Encoding=Name("/Identity-H"),
                           DescendantFonts=Array([pdf.make_indirect(cid_font)]),
                           ToUnicode=pdf.make_indirect(to_unicode))
    simple = Dictionary(Type=Name.Font, Subtype=Name.TrueType, BaseFont=base, FirstChar=32, LastChar=255,
                        Widths=Array(_winansi_widths(ff)), Encoding=Name.WinAnsiEncoding, FontDescriptor=descriptor)
    pdf.Root.FkFonts = pdf.make_indirect(Dictionary(Simple=pdf.make_indirect(simple),
                                                    Composite=pdf.make_indirect(composite)))
    return pdf


def _winansi_widths(ff: FieldFont) -> list[int]:
    """/Widths for codes 32..255 read as Windows-1252 (unused codes: 0)."""
    out = []
    for code in range(32, 256):
        try:
            ch = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            ch = ""
        out.append(ff.widths[ff.codes[ch]] if ch in ff.codes else 0)
    return out


def default_appearance(value: str, size: float) -> str:
    """The /DA for a field holding ``value``: the simple font, or the composite one if it must.

    A viewer that redraws fields itself (poppler, once a filler sets /NeedAppearances) uses the
    /DA font. For a value outside Windows-1252 (a Greek or Cyrillic name formkit pre-filled) the
    simple font would lose letters, so that field names the composite font instead; fields that
    hold Latin-1 text keep the simple font, the only one pdftk and qpdf can draw with.
    """
    name = UNICODE_NAME if needs_composite(value) else RESOURCE_NAME
    return f"/{name} {size:g} Tf 0 g"


def needs_composite(value: str) -> bool:
    """True if the simple field font (Windows-1252) cannot draw every character of ``value``."""
    try:
        value.encode("cp1252")
    except UnicodeEncodeError:
        return True
    return False


_DA_SIZE = re.compile(r"([0-9.]+)\s+Tf")


def da_size(da: str, default: float = 10.0) -> float:
    """The font size a /DA string sets; ``default`` when it sets none or 0 (auto size)."""
    match = _DA_SIZE.search(da)
    size = float(match.group(1)) if match else 0.0
    return size if size > 0 else default


def mk_rgb(arr: Any) -> tuple[float, float, float] | None:
    """An /MK colour array (gray, RGB or CMYK) as RGB; None when absent or malformed."""
    if arr is None:
        return None
    vals = tuple(float(v) for v in arr)
    if len(vals) == 1:
        return (vals[0],) * 3
    if len(vals) == 3:
        return vals
    if len(vals) == 4:  # CMYK -> RGB, roughly
        c, m, y, k = vals
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def colour_operator(arr: Any, *, stroke: bool) -> bytes:
    """The PDF operator that sets an /MK colour (fill ``rg`` or stroke ``RG``), b'' when there is none."""
    rgb = mk_rgb(arr)
    return b"" if rgb is None else b"%.3f %.3f %.3f %s" % (*rgb, b"RG" if stroke else b"rg")


# -- appearance streams drawn with the composite font ------------------------
PAD = 2.0
LEADING = 1.16
MIN_SIZE = 6.0


def wrap(ff: FieldFont, text: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces (a word wider than the box is broken by characters).

    A line's width is kept as a running sum of glyph widths (whole units of 1/1000 em, so the
    sum is exact and each comparison is the one :meth:`FieldFont.width` of the whole line
    gives), not measured again for every word added: the box capacities of a booklet wrapped
    the same sample 24 times per box size, and that was quadratic in the line's length.
    """
    codes, widths = ff.codes, ff.widths

    def units(piece: str) -> int:
        return sum(widths[codes[ch]] for ch in piece if ch in codes)

    space = units(" ")
    lines: list[str] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line, line_units = "", 0
        for word in para.split(" "):
            word_units = units(word)
            trial_units = line_units + space + word_units if line else word_units
            if trial_units * size / 1000.0 <= width:
                line, line_units = (f"{line} {word}" if line else word), trial_units
                continue
            if line:
                lines.append(line)
            line, line_units = "", 0
            for ch in word:
                ch_units = units(ch)
                if line and (line_units + ch_units) * size / 1000.0 > width:
                    lines.append(line)
                    line, line_units = "", 0
                line, line_units = line + ch, line_units + ch_units
        lines.append(line)
    return lines


def text_appearance(text: str, width: float, height: float, size: float, *, multiline: bool = False,
                    background: bytes = b"", border: bytes = b"") -> bytes:
    """The content of a text widget's normal appearance, drawn with ``/FkSansU``.

    ``background`` and ``border`` are colour operators ("1 g", "0.15 0.15 0.15 RG") or empty.
    A single line that does not fit is drawn smaller (down to 6 pt), then clipped; multi-line
    text wraps at spaces. Characters the font lacks are left out: callers check
    :meth:`FieldFont.covers` first and draw such values another way.
    """
    ff = field_font()
    parts = [b"/Tx BMC q"]
    if background:
        parts.append(background + b" 0 0 %.3f %.3f re f" % (width, height))
    if border:
        parts.append(border + b" 1 w 0.5 0.5 %.3f %.3f re S" % (width - 1, height - 1))
    parts.append(b"1 1 %.3f %.3f re W n BT 0 g" % (max(width - 2, 0), max(height - 2, 0)))
    if multiline:
        lines = wrap(ff, text, size, width - 2 * PAD)
        y = height - PAD - size * 0.95
        parts.append(b"/%s %.2f Tf %.2f TL %.2f %.3f Td" % (UNICODE_NAME.encode(), size, size * LEADING, PAD, y))
        parts.extend(ff.encode(line) + b" Tj T*" for line in lines)
    else:
        line = text.replace("\r", " ").replace("\n", " ")
        while size > MIN_SIZE and ff.width(line, size) > width - 2 * PAD:
            size = max(MIN_SIZE, size - 0.5)
        parts.append(b"/%s %.2f Tf %.2f %.3f Td " % (UNICODE_NAME.encode(), size, PAD, (height - size * 0.72) / 2)
                     + ff.encode(line) + b" Tj")
    parts.append(b"ET Q EMC")
    return b" ".join(parts)
