"""Pre-filling one blank form for many people, fast, with real appearance streams.

Filling a form with pypdf re-parses and re-writes the whole file for every person (a few
per second). Here the blank is parsed once (:class:`FastFiller`); for each person only the
changed objects are appended as a PDF *incremental update*: each text field's dictionary
again with /V and /AP, one new appearance-stream XObject per field, a new xref section and a
trailer whose /Prev points at the blank's. Readers treat the appended objects as the current
versions, so the output is a normal PDF that every reader opens.

Appearance streams are a few bytes of text-showing operators in the form's own composite
field font (:mod:`formkit.pdfform.fieldfont`, already in every formkit form's /DR), so accents,
Greek and Cyrillic (José Núñez, Ирина, Nguyễn) show in every reader. A value with a character
outside that font falls back to the slower general filler
(:func:`formkit.pdfform.fill.fill_form`), so output is always correct.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from ...pdfform.fieldfont import (UNICODE_NAME, colour_operator, da_size, default_appearance, field_font,
                                  needs_composite, text_appearance)


# -- the per-person incremental update --------------------------------------
@dataclass
class _Slot:
    """One text field of the blank, ready to be re-emitted with a value."""

    num: int
    gen: int
    body: bytes  # the field dictionary without its closing '>>' and without /V /AP
    body_composite: bytes  # the same, its /DA naming the composite field font (a non-Latin-1 value)
    width: float
    height: float
    size: float
    maxlen: int | None
    bg: bytes
    border: bytes


def _serialise(field: Any) -> bytes:
    """A field dictionary's bytes without the closing '>>' (/V and /AP are appended after)."""
    buf = io.BytesIO()
    field.write_to_stream(buf)
    body = buf.getvalue().rstrip()
    assert body.endswith(b">>")
    return body[:-2]


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
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

        from ...pdfform.fill import iter_fields

        self.blank = blank
        reader = PdfReader(io.BytesIO(blank))
        root = reader.root_object
        acro = root["/AcroForm"].get_object()
        if not isinstance(acro, DictionaryObject):
            raise ValueError("the blank has no form dictionary: it was not made by formkit's form layer")
        fields = dict(iter_fields(acro.get("/Fields")))
        dr_fonts = acro.get("/DR", {}).get("/Font", {})
        font = dr_fonts.raw_get(f"/{UNICODE_NAME}") if f"/{UNICODE_NAME}" in dr_fonts else None
        if font is None or getattr(font, "idnum", None) is None:
            raise ValueError("the blank has no field font: it was not made by formkit's form layer")
        self.slots: dict[str, _Slot] = {}
        for name in names:
            fld = fields[name]
            ref = fld.indirect_reference
            if fld.get("/FT") != "/Tx" or "/Kids" in fld or ref is None:
                raise ValueError(f"{name}: only single-widget text fields can be pre-filled fast")
            rest = DictionaryObject({k: v for k, v in fld.items() if k not in ("/V", "/AP")})
            x1, y1, x2, y2 = (float(v) for v in fld["/Rect"])
            size = da_size(str(fld.get("/DA", "")))
            body = _serialise(rest)
            rest[NameObject("/DA")] = TextStringObject(default_appearance("Ω", size))  # any non-Latin-1 value
            mk = fld.get("/MK", {})
            self.slots[name] = _Slot(ref.idnum, ref.generation, body, _serialise(rest), abs(x2 - x1),
                                     abs(y2 - y1), size, int(fld["/MaxLen"]) if "/MaxLen" in fld else None,
                                     colour_operator(mk.get("/BG"), stroke=False),
                                     colour_operator(mk.get("/BC"), stroke=True))
        self.size = int(reader.trailer.raw_get("/Size"))
        root_ref = reader.trailer.raw_get("/Root")  # the trailer names the catalogue by reference
        self.root = f"{root_ref.idnum} {root_ref.generation} R".encode()
        info = reader.trailer.raw_get("/Info")
        self.info = f"{info.idnum} {info.generation} R".encode() if info is not None else b""
        ids = reader.trailer.get("/ID")
        self.id0 = ids[0].original_bytes if isinstance(ids, ArrayObject) else hashlib.md5(blank).digest()
        tail = blank[-64:]
        self.prev = int(tail[tail.rindex(b"startxref") + 9:].split()[0])
        # A blank whose last xref section is a stream (PDF 1.5) gets its updates as xref streams too.
        self.xref_stream = not blank[self.prev:self.prev + 4] == b"xref"
        self._resources = b"<< /Font << /%s %d 0 R >> >>" % (UNICODE_NAME.encode(), font.idnum)
        del reader, fields, acro, root, root_ref, ids, dr_fonts, info, fld, rest, ref, mk, font  # keep no parsed objects
        import gc

        gc.collect()
        self.blank_sha = hashlib.sha256(blank)

    def state(self) -> dict[str, Any]:
        """What parsing the blank found, as JSON-ready data (see :meth:`from_state`)."""
        return {"slots": {name: [s.num, s.gen, s.body.decode("latin-1"), s.body_composite.decode("latin-1"),
                                 s.width, s.height, s.size, s.maxlen, s.bg.decode("latin-1"),
                                 s.border.decode("latin-1")] for name, s in self.slots.items()},
                "size": self.size, "root": self.root.decode("latin-1"), "info": self.info.decode("latin-1"),
                "id0": self.id0.hex(), "prev": self.prev, "xref_stream": self.xref_stream,
                "resources": self._resources.decode("latin-1")}

    @classmethod
    def from_state(cls, blank: bytes, state: Mapping[str, Any]) -> FastFiller:
        """A filler for ``blank`` from :meth:`state` of one made by parsing it, without parsing it
        again (pypdf's parse of a checklist costs more than filling a thousand).

        The caller vouches that ``state`` belongs to ``blank`` (formkit.documents.checklist.blankcache
        keeps both under one verified digest); malformed data raises KeyError, TypeError or ValueError.
        """
        self = cls.__new__(cls)
        self.blank = blank
        self.slots = {str(name): _Slot(int(v[0]), int(v[1]), v[2].encode("latin-1"), v[3].encode("latin-1"),
                                       float(v[4]), float(v[5]), float(v[6]), None if v[7] is None else int(v[7]),
                                       v[8].encode("latin-1"), v[9].encode("latin-1"))
                      for name, v in dict(state["slots"]).items()}
        self.size, self.prev = int(state["size"]), int(state["prev"])
        self.root, self.info = state["root"].encode("latin-1"), state["info"].encode("latin-1")
        self.id0, self.xref_stream = bytes.fromhex(state["id0"]), bool(state["xref_stream"])
        self._resources = state["resources"].encode("latin-1")
        self.blank_sha = hashlib.sha256(blank)
        return self

    def digest(self, parts: tuple[bytes, ...]) -> str:
        """SHA-256 of ``parts`` joined: the blank's hash is taken once, not once per person."""
        if len(parts) == 2 and parts[0] is self.blank:
            sha = self.blank_sha.copy()
            sha.update(parts[1])
            return sha.hexdigest()
        return hashlib.sha256(b"".join(parts)).hexdigest()

    def supports(self, values: Mapping[str, str]) -> bool:
        """True when every character of every value is in the form's field font."""
        font = field_font()
        return all(font.covers(v) for v in values.values())

    def _appearance(self, slot: _Slot, text: str) -> bytes:
        return text_appearance(text, slot.width, slot.height, slot.size, background=slot.bg, border=slot.border)

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
            body = slot.body_composite if needs_composite(text) else slot.body
            out += b"%d %d obj\n" % (slot.num, slot.gen) + body + b"/V " + _pdf_string(text) + \
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
            from ...pdfform.fill import fill_form

            handle.write(fill_form(self.blank, dict(values)))

    def fill(self, values: Mapping[str, str]) -> bytes:
        buf = io.BytesIO()
        self.write(values, buf)
        return buf.getvalue()
