"""Repairing a damaged PDF in memory with qpdf (pikepdf), for files the normal read refused.

Some savers write files other readers call broken: PDFium's incremental save over a file
with cross-reference streams is one (qpdf, pdftk and pypdf cannot open the result), a
truncated download or a garbled last block is another. qpdf rebuilds the cross-reference
by scanning the objects, and the last copy of each object wins, which is what an
incremental update means. The repaired bytes are read like any other form; the caller
says that the file was repaired, so the person checks the answers.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

TAIL = 1024  # '%%EOF' must be within this many bytes of the end of an intact file
_UNREACHABLE = re.compile(r"has (\d+) form widget")


@dataclass(frozen=True)
class Repair:
    """qpdf's rewrite of a damaged file, and what a person checking its answers should know."""

    data: bytes
    note: str = ""  # one phrase, or '' when the repair found nothing more to say


def repaired(source: str | Path | bytes) -> Repair | None:
    """The file rewritten by qpdf's recovery, or None when qpdf cannot make a PDF of it.

    An encrypted file is never "repaired": its password is the problem, not its structure.
    """
    import pikepdf

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=True) as pdf:
            if pdf.is_encrypted:
                return None
            pdf.Root.get("/AcroForm")  # the catalogue must be there, not only a page or two
            out = io.BytesIO()
            # pikepdf warns (a Python warning, on stderr) when answer boxes on the pages are not in
            # the form's field list; here, in this call only, that becomes the file's note.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pikepdf.PageCopyWarning)
                # streams are copied as they are: decoding one here would let a bomb go off
                pdf.save(out, static_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                         object_stream_mode=pikepdf.ObjectStreamMode.disable)
            return Repair(out.getvalue(), _note(caught))
    except Exception:  # noqa: BLE001 - qpdf's errors, a password, a missing catalogue: not repairable
        return None


def _note(caught: list[warnings.WarningMessage]) -> str:
    """What pikepdf's PageCopyWarning says, in a collector's words ('' when it did not warn)."""
    import pikepdf

    for message in caught:
        if issubclass(message.category, pikepdf.PageCopyWarning):
            count = _UNREACHABLE.search(str(message.message))
            boxes = f"{count[1]} answer box(es)" if count else "some answer boxes"
            return f"{boxes} on its pages are not in its form, so their answers are not read"
    return ""


def tail_intact(source: str | Path | bytes) -> bool:
    """Whether the file ends as a saved PDF does ('%%EOF' near its end); costs one small read
    (none when ``source`` is the file's bytes, read already).

    A file cut short inside an incremental update still opens (a reader falls back to the
    previous revision), silently losing what the person saved last: so its end is checked.
    """
    if isinstance(source, bytes):
        return b"%%EOF" in source[-TAIL:]
    with open(source, "rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - TAIL))
        return b"%%EOF" in handle.read(TAIL)


def damage(source: str | Path | bytes) -> str:
    """A plain phrase for what is wrong with a file qpdf could not repair either."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if b"%PDF-" not in data[:TAIL]:
        return "not a PDF file"
    if not tail_intact(data):
        return "damaged: the end of the file is missing or garbled (cut short while saving or sending?)"
    return "damaged beyond repair"


__all__ = ["damage", "repaired", "tail_intact"]
