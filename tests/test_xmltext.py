"""formkit.core.xmltext.escape is xml.sax.saxutils.escape (which the page engine, the reports and
the Word writer used before; importing it loads urllib.request, http, email and ssl)."""

from __future__ import annotations

from xml.sax.saxutils import escape as sax_escape

import pytest

from formkit.core.xmltext import escape


@pytest.mark.parametrize("text", ["", "plain", "a & b", "<b>bold</b>", "&amp; already", "&lt;&gt;", "x > y < z & w",
                                  "José & Ирина <😀>", "&&<<>>", "\n<br/>\n", "'quotes' \"stay\""])
def test_escape_is_what_saxutils_gives(text: str) -> None:
    assert escape(text) == sax_escape(text)


def test_markup_characters_become_entities_once() -> None:
    assert escape("Tom & Jerry <3 > you") == "Tom &amp; Jerry &lt;3 &gt; you"
    assert escape("&amp;") == "&amp;amp;"  # typed text is text: an entity typed is shown as typed
