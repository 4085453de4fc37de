"""One tagged page engine for every PDF formkit draws (self-assessments, booklet, checklist, reports).

:class:`Flow` moves a cursor down the pages (keep-together, page breaks, running heads,
footers with "Page x of y", headings, paragraphs split across pages); :class:`Tagger`
records the structure as it draws, and :func:`formkit.pdfpage.structure.write_structure`
writes it as a PDF/UA-1 structure tree with bookmarks when a document is finished (through
pikepdf for a form, formkit's own writer for a document without fields).
"""

from __future__ import annotations

from .flow import BLACK, Colour, Flow, Frame
from .tags import Elem, Tagger

__all__ = ["BLACK", "Colour", "Elem", "Flow", "Frame", "Tagger"]
