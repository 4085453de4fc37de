"""A PDF that reportlab wrote, as objects to add to and write again: how a document without form
fields (a report, a summary, a letter) is finished without pikepdf.

Importing pikepdf costs 60–100 ms, about a fifth of a person report, and opening and saving
with qpdf as much again; a supervisor's report has no widget for qpdf to mend. reportlab's
output is the simple case formkit's fast reader (:mod:`formkit.pdfform.fastxref`) reads: one
classic cross-reference table, every object plain. Each object is parsed into Python values
(dict, list, :class:`~formkit.pdfform.fastsyntax.Name`, :class:`~formkit.pdfform.fastsyntax.Ref`,
bytes for strings, numbers, :class:`Stream`), new ones are added, and :meth:`PdfDoc.write`
writes what the trailer reaches, numbered in the order it is reached (as qpdf does), with a
classic table and an /ID derived from the bytes: the same document gives the same file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from .fastsyntax import Name, Ref
from .fastxref import FastPdf


class Text(str):
    """A text string (/Title, /Alt, /Lang …): ASCII as it is, anything else as UTF-16BE."""


class Stream:
    """A stream object: its dictionary and its bytes as they are stored (``/Length`` is written from them)."""

    __slots__ = ("head", "data")

    def __init__(self, head: dict[str, Any], data: bytes) -> None:
        self.head, self.data = head, data


class PdfDoc:
    """Every object of ``raw`` by number, the trailer's /Root and /Info, and room for more."""

    def __init__(self, raw: bytes) -> None:
        pdf = FastPdf(raw)
        self.version = raw[5:8]
        self.objects: dict[int, Any] = {}
        size = int(pdf.trailer["Size"])
        for num in range(1, size):
            if pdf.where(num) is None:
                continue
            value = pdf.get(Ref((num, 0)))
            self.objects[num] = Stream(*value) if type(value) is tuple else value
        self.trailer = {key: pdf.trailer[key] for key in ("Root", "Info") if key in pdf.trailer}
        self._next = size

    def add(self, value: Any) -> Ref:
        """``value`` as a new indirect object; its reference."""
        ref = Ref((self._next, 0))
        self.objects[self._next] = value
        self._next += 1
        return ref

    def resolve(self, value: Any) -> Any:
        return self.objects.get(value[0]) if type(value) is Ref else value

    def page_refs(self) -> list[Ref]:
        """The pages in order, through the /Pages tree."""
        out: list[Ref] = []
        stack = [self.resolve(self.trailer["Root"])["Pages"]]
        while stack:
            node = stack.pop()
            entry = self.resolve(node)
            if entry.get("Type") == "Pages":
                stack.extend(reversed(self.resolve(entry["Kids"])))
            else:
                out.append(node)
        return out

    def write(self) -> bytes:
        """The file: what the trailer reaches, renumbered in the order it is reached."""
        numbers: dict[int, int] = {}
        queue: list[int] = []

        def number(old: int) -> int:
            new = numbers.get(old)
            if new is None:
                new = numbers[old] = len(queue) + 1
                queue.append(old)
            return new

        for ref in self.trailer.values():  # /Root is object 1
            number(ref[0])
        parts = [b"%PDF-" + self.version + b"\n%\xbf\xf7\xa2\xfe\n"]
        offsets, at, done = [], len(parts[0]), 0
        while done < len(queue):
            body = _indirect(done + 1, self.objects.get(queue[done]), number)  # a missing object reads as null
            offsets.append(at)
            parts.append(body)
            at += len(body)
            done += 1
        digest = hashlib.md5(b"".join(parts), usedforsecurity=False).hexdigest().upper().encode()
        rows = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        trailer_text = _value({"Size": len(queue) + 1, **self.trailer}, number)[:-3]
        parts += [b"xref\n0 %d\n0000000000 65535 f \n" % (len(queue) + 1), rows,
                  b"trailer\n" + trailer_text + b" /ID [<" + digest + b"> <" + digest + b">] >>\n",
                  b"startxref\n%d\n%%%%EOF\n" % at]
        return b"".join(parts)


def _indirect(num: int, value: Any, number: Callable[[int], int]) -> bytes:
    if isinstance(value, Stream):
        head = _value({**value.head, "Length": len(value.data)}, number)
        return b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (num, head, value.data)
    return b"%d 0 obj\n%s\nendobj\n" % (num, _value(value, number))


_NAME_ESCAPED = re.compile(rb"[^!-~]|[#()<>\[\]{}/%]")
_LITERAL_SAFE = re.compile(rb"[ -~]*")
_LITERAL_ESCAPED = re.compile(rb"[()\\]")


def _value(value: Any, number: Callable[[int], int]) -> bytes:
    """One direct value in PDF syntax; references through ``number`` (old number -> new)."""
    kind = type(value)
    if kind is Ref:
        return b"%d 0 R" % number(value[0])
    if kind is Name:
        return _NAMES.get(value) or _name(value)
    if kind is dict:
        names = _NAMES
        return b"<< " + b" ".join([(names.get(key) or _name(key)) + b" " + _value(item, number)
                                   for key, item in value.items()]) + b" >>"
    if kind is list:
        return b"[" + b" ".join([_value(item, number) for item in value]) + b"]"
    if kind is int:
        return b"%d" % value
    return _scalar(value)


def _scalar(value: Any) -> bytes:
    kind = type(value)
    if kind is bool:
        return b"true" if value else b"false"
    if kind is float:  # the shortest text that reads back the same, never with an exponent
        if value.is_integer():
            return b"%d" % value
        text = repr(value).encode()
        if b"e" in text:
            text = (b"%.10f" % value).rstrip(b"0").rstrip(b".")
            return b"0" if text in (b"-0", b"") else text
        return text
    if kind is bytes:
        return _string(value)
    if kind is Text:
        return _string(value.encode("ascii")) if value.isascii() else b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"
    if value is None:
        return b"null"
    raise TypeError(f"not a PDF value: {value!r}")


_NAMES: dict[str, bytes] = {}  # a name's bytes by its text: a structure tree repeats a few dozen names
MAX_NAMES = 1024


def _name(name: str) -> bytes:
    written = b"/" + _NAME_ESCAPED.sub(lambda m: b"#%02X" % m[0][0], name.encode("utf-8", "surrogateescape"))
    if len(_NAMES) < MAX_NAMES:
        _NAMES[name] = written
    return written


def _string(raw: bytes) -> bytes:
    """A string: literal when it is printable ASCII, else hexadecimal."""
    if _LITERAL_SAFE.fullmatch(raw):
        return b"(" + _LITERAL_ESCAPED.sub(lambda m: b"\\" + m[0], raw) + b")"
    return b"<" + raw.hex().upper().encode() + b">"


__all__ = ["PdfDoc", "Stream", "Text"]
