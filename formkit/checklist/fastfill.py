"""Pre-filling one blank form for many people, fast, with real appearance streams.

Filling a form with pypdf re-parses and re-writes the whole file for every person (a few
per second). Here the blank is parsed once (:class:`FastFiller`); for each person only the
changed objects are appended as a PDF *incremental update*: each text field's dictionary
again with /V and /AP, one new appearance-stream XObject per field, a new xref section and a
trailer whose /Prev points at the blank's. Readers treat the appended objects as the current
versions, so the output is a normal PDF that every reader opens.

Appearance streams must show accents (José Núñez, Ирина, Nguyễn) in every reader, so they
cannot use the form's Helvetica. :func:`prepare_blank` embeds, once, DejaVu Sans subsets
covering Latin, Greek, Cyrillic and Vietnamese (the "glyph carrier") in the form's /DR; each
appearance stream is then a few bytes of text-showing operators that use those fonts. A value
with a character outside the carrier falls back to the slower general filler
(:func:`formkit.pdfform.fill.fill_form`), so output is always correct.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, BinaryIO

from ..pdfform.fonts import REGULAR, register_fonts

FONT_PREFIX = "FkU"
_RANGES = ((0x20, 0x7F), (0xA0, 0x180), (0x218, 0x21C), (0x370, 0x3D0), (0x400, 0x460), (0x1EA0, 0x1EFA))
_EXTRA = (0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x20AC, 0x2022, 0x2116)
_DA_SIZE = re.compile(rb"([0-9.]+)\s+Tf")


@dataclass(frozen=True)
class Carrier:
    """The glyph carrier: PDF bytes holding the font subsets, and char -> (subset, code)."""

    pdf: bytes
    codes: Mapping[str, tuple[int, int]]
    subsets: int


@cache
def carrier() -> Carrier:
    """Draw every carried character once with reportlab so it builds (deterministic) subsets."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0
    register_fonts()
    font = pdfmetrics.getFont(REGULAR)
    points = [c for lo, hi in _RANGES for c in range(lo, hi)] + list(_EXTRA)
    chars = "".join(chr(c) for c in points if c in font.face.charToGlyph)
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, pageCompression=1)
    canvas.setFont(REGULAR, 10)
    canvas.drawString(0, 0, chars)
    canvas.showPage()
    state = font.state[canvas._doc]
    codes = {ch: divmod(state.assignments[ord(ch)], 256) for ch in chars if ord(ch) in state.assignments}
    subsets = len(state.subsets)
    canvas.save()
    return Carrier(buf.getvalue(), codes, subsets)


def prepare_blank(pdf: bytes) -> bytes:
    """Finish a blank form for fast filling: the glyph-carrier fonts added to /DR.

    Button and empty-field appearances were already made right by the shared form layer
    (formkit.pdfform.post), which also writes object streams (half the size, so twice the
    files per second).
    """
    import pikepdf
    from pikepdf import Dictionary, Name

    from ..pdfform.post import save

    blank = pikepdf.open(io.BytesIO(pdf))
    fonts_pdf = pikepdf.open(io.BytesIO(carrier().pdf))
    acro = blank.Root.AcroForm
    if Name.DR not in acro:
        acro[Name.DR] = Dictionary()
    if Name.Font not in acro.DR:
        acro.DR[Name.Font] = Dictionary()
    dr_fonts = acro.DR.Font
    for key, font in fonts_pdf.pages[0].Resources.Font.items():
        if "+" not in key:  # reportlab's Helvetica, not a subset
            continue
        index = int(key.split("+")[1])
        dr_fonts[Name(f"/{FONT_PREFIX}{index}")] = blank.copy_foreign(font)
    return save(blank)


# -- the per-person incremental update --------------------------------------
@dataclass
class _Slot:
    """One text field of the blank, ready to be re-emitted with a value."""

    num: int
    gen: int
    body: bytes  # the field dictionary without its closing '>>' and without /V /AP
    width: float
    height: float
    size: float
    maxlen: int | None
    bg: bytes
    border: bytes


def _pdf_string(text: str) -> bytes:
    """A PDF text string: literal for ASCII, UTF-16BE hex with BOM otherwise."""
    if text.isascii():
        esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\r", "\\r").replace("\n", "\\n")
        return b"(" + esc.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


class FastFiller:
    """Parse a prepared blank once; :meth:`write` appends one person's values per call."""

    def __init__(self, blank: bytes, names: Iterable[str]) -> None:
        from pypdf import PdfReader
        from pypdf.generic import DictionaryObject

        from ..pdfform.fill import iter_fields

        self.blank = blank
        reader = PdfReader(io.BytesIO(blank))
        root = reader.trailer["/Root"]
        acro = root["/AcroForm"].get_object()
        fields = dict(iter_fields(acro.get("/Fields")))
        dr_fonts = acro["/DR"]["/Font"]
        self.fonts = {int(k[len(FONT_PREFIX) + 1:]): dr_fonts.raw_get(k).idnum
                      for k in dr_fonts if k.startswith("/" + FONT_PREFIX)}
        if not self.fonts:
            raise ValueError("the blank has no carrier fonts: build it with prepare_blank()")
        self.slots: dict[str, _Slot] = {}
        for name in names:
            fld = fields[name]
            ref = fld.indirect_reference
            if fld.get("/FT") != "/Tx" or "/Kids" in fld or ref is None:
                raise ValueError(f"{name}: only single-widget text fields can be pre-filled fast")
            rest = DictionaryObject({k: v for k, v in fld.items() if k not in ("/V", "/AP")})
            buf = io.BytesIO()
            rest.write_to_stream(buf)
            body = buf.getvalue().rstrip()
            assert body.endswith(b">>")
            x1, y1, x2, y2 = (float(v) for v in fld["/Rect"])
            m = _DA_SIZE.search(str(fld.get("/DA", "")).encode())
            size = float(m.group(1)) if m and float(m.group(1)) > 0 else 10.0
            mk = fld.get("/MK", {})
            self.slots[name] = _Slot(ref.idnum, ref.generation, body[:-2], abs(x2 - x1), abs(y2 - y1), size,
                                     int(fld["/MaxLen"]) if "/MaxLen" in fld else None,
                                     _colour_op(mk.get("/BG"), b"rg"), _colour_op(mk.get("/BC"), b"RG"))
        self.size = int(reader.trailer["/Size"])
        self.root = f"{root.indirect_reference.idnum} {root.indirect_reference.generation} R".encode()
        info = reader.trailer.raw_get("/Info")
        self.info = f"{info.idnum} {info.generation} R".encode() if info is not None else b""
        self.id0 = reader.trailer["/ID"][0].original_bytes if "/ID" in reader.trailer else hashlib.md5(blank).digest()
        tail = blank[-64:]
        self.prev = int(tail[tail.rindex(b"startxref") + 9:].split()[0])
        # A blank whose last xref section is a stream (PDF 1.5) gets its updates as xref streams too.
        self.xref_stream = not blank[self.prev:self.prev + 4] == b"xref"
        self._resources = b"<< /Font << " + b" ".join(
            f"/{FONT_PREFIX}{i} {num} 0 R".encode() for i, num in sorted(self.fonts.items())) + b" >> >>"
        from reportlab.pdfbase import pdfmetrics

        del reader, fields, acro, root, dr_fonts, info, fld, rest, ref, mk  # keep no parsed objects
        import gc

        gc.collect()
        register_fonts()
        self._width = pdfmetrics.getFont(REGULAR).stringWidth

    def supports(self, values: Mapping[str, str]) -> bool:
        """True when every character of every value is in the glyph carrier."""
        codes = carrier().codes
        return all(ch in codes for v in values.values() for ch in v)

    def _appearance(self, slot: _Slot, text: str) -> bytes:
        codes = carrier().codes
        size = slot.size
        pad = 2.0
        width = self._width(text, size)
        while width > slot.width - 2 * pad and size > 6:
            size -= 0.5
            width = self._width(text, size)
        parts = [b"/Tx BMC q"]
        if slot.bg:
            parts.append(slot.bg + b" 0 0 %.3f %.3f re f" % (slot.width, slot.height))
        if slot.border:
            parts.append(slot.border + b" 1 w 0.5 0.5 %.3f %.3f re S" % (slot.width - 1, slot.height - 1))
        parts.append(b"1 1 %.3f %.3f re W n BT 0 g %.2f %.3f Td" % (slot.width - 2, slot.height - 2, pad,
                                                                 (slot.height - size * 0.72) / 2))
        current = -1
        run = bytearray()
        for ch in text:
            sub, code = codes[ch]
            if sub != current:
                if run:
                    parts.append(b"<" + run.hex().encode() + b"> Tj")
                    run.clear()
                parts.append(b"/%s%d %.2f Tf" % (FONT_PREFIX.encode(), sub, size))
                current = sub
            run.append(code)
        if run:
            parts.append(b"<" + run.hex().encode() + b"> Tj")
        parts.append(b"ET Q EMC")
        return b" ".join(parts)

    def update(self, values: Mapping[str, str]) -> bytes:
        """The incremental-update bytes that set ``values`` (append them to the blank)."""
        offset = len(self.blank)
        out = bytearray(b"\n")
        entries: list[tuple[int, int, int]] = []
        next_num = self.size
        for name in sorted(values):
            text = values[name]
            slot = self.slots[name]
            if slot.maxlen is not None and len(text) > slot.maxlen:
                raise ValueError(f"{name}: {len(text)} characters, the field holds {slot.maxlen}")
            ap_num = next_num
            next_num += 1
            content = self._appearance(slot, text)
            entries.append((ap_num, 0, offset + len(out)))
            out += (b"%d 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] /Resources %s /Length %d >>\n"
                    b"stream\n" % (ap_num, slot.width, slot.height, self._resources, len(content)))
            out += content + b"\nendstream\nendobj\n"
            entries.append((slot.num, slot.gen, offset + len(out)))
            out += b"%d %d obj\n" % (slot.num, slot.gen) + slot.body + b"/V " + _pdf_string(text) + \
                b"\n/AP << /N %d 0 R >>\n>>\nendobj\n" % ap_num
        xref_at = offset + len(out)
        digest = hashlib.md5(repr(sorted(values.items())).encode("utf-8")).hexdigest().encode()
        trailer = (b"/Root %s " % self.root + (b"/Info " + self.info + b" " if self.info else b"") +
                   b"/ID [<" + self.id0.hex().encode() + b"> <" + digest + b">] /Prev %d" % self.prev)
        if self.xref_stream:
            xref_num = next_num
            next_num += 1
            entries.append((xref_num, 0, xref_at))
            entries.sort()
            index = b" ".join(b"%d 1" % num for num, _, _ in entries)
            rows = b"".join(b"\x01" + pos.to_bytes(4, "big") + gen.to_bytes(2, "big") for _, gen, pos in entries)
            out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] %s /Length %d >>\nstream\n"
                    % (xref_num, next_num, index, trailer, len(rows)) + rows + b"\nendstream\nendobj\n")
        else:
            out += b"xref\n"
            for num, gen, pos in sorted(entries):
                out += b"%d 1\n%010d %05d n \n" % (num, pos, gen)
            out += b"trailer\n<< /Size %d %s >>\n" % (next_num, trailer)
        out += b"startxref\n%d\n%%%%EOF\n" % xref_at
        return bytes(out)

    def write(self, values: Mapping[str, str], handle: BinaryIO) -> None:
        """Write the blank and one person's update to ``handle``; slow path for uncarried glyphs."""
        if self.supports(values):
            handle.write(self.blank)
            handle.write(self.update(values))
        else:
            from ..pdfform.fill import fill_form

            handle.write(fill_form(self.blank, dict(values)))

    def fill(self, values: Mapping[str, str]) -> bytes:
        buf = io.BytesIO()
        self.write(values, buf)
        return buf.getvalue()


def _colour_op(arr: Any, op: bytes) -> bytes:
    if arr is None:
        return b""
    vals = [float(v) for v in arr]
    if len(vals) == 1:
        return b"%.3f %s" % (vals[0], b"g" if op == b"rg" else b"G")
    if len(vals) == 3:
        return b"%.3f %.3f %.3f %s" % (*vals, op)
    return b""
