"""Text put into markup (reportlab paragraphs, PDF XMP, Word XML): ``&``, ``<`` and ``>`` escaped.

What :func:`xml.sax.saxutils.escape` does, the same replacements in the same order, without
importing it: that module imports urllib.request, and with it http, email, ssl and socket, a
twentieth of a `formkit report person` run's CPU, for three string replacements.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """``text`` with ``&``, ``>`` and ``<`` as entities (``&`` first, so none is escaped twice)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


__all__ = ["escape"]
