"""The placement check reads each widget's /Rect and /AP in one match, exactly as parse_keys reads them.

Forms filled by pdftk or pypdf merge each field with its widget, /V inside, so no two files
share those bytes; the one-match reader (placement.widget_keys) is what keeps them fast. It
must never read differently from parse_keys: a key inside a string is not a key, and a
repeated or escaped key still steps aside.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formkit.collect import placement
from formkit.pdfform import budget, fastfields
from formkit.pdfform.fastsyntax import Unsupported, parse_keys

# A widget as pdftk writes it: field and widget in one dictionary, the answer inside.
PDFTK_WIDGET = (b"<</AP <</N <</Off 12 0 R /Yes 13 0 R>> /D <</Off 14 0 R /Yes 15 0 R>>>> /AS /Yes /F 4 "
                b"/FT /Btn /MK <</BC [0 0 0] /CA (4)>> /P 3 0 R /Rect [72.0 500.25 84.0 512.25] "
                b"/Subtype /Widget /T (CC1.1.rating) /TU (How often \\(1-5\\)) /Type /Annot /V /Yes>>")


def _both(source: bytes) -> tuple[Any, Any]:
    """(parse_keys' answer, widget_keys' answer); an Unsupported as the string 'Unsupported'."""
    answers = []
    for read in (lambda: parse_keys(source, 0, placement._WIDGET_KEYS), lambda: placement.widget_keys(source)):
        with budget.file_budget():
            try:
                answers.append(read())
            except Unsupported:
                answers.append("Unsupported")
    return answers[0], answers[1]


def test_a_pdftk_widget_is_read_in_one_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(placement, "parse_keys", lambda *a: pytest.fail("stepped entry by entry"))
    with budget.file_budget():
        found = placement.widget_keys(PDFTK_WIDGET)
    assert found["Rect"] == [72.0, 500.25, 84.0, 512.25]
    assert sorted(found["AP"]["N"]) == ["Off", "Yes"]
    shape = fastfields.match_field(PDFTK_WIDGET)[6]  # the field walk's one match captures the same values
    with budget.file_budget():
        assert placement._read_shape(shape) == found


@pytest.mark.parametrize("source, rect", [
    (b"<< /V (/Rect [0 0 1 1]) /Rect [1 2 3 4] >>", [1, 2, 3, 4]),  # a key inside a string is not a key
    (b"<< /TU (x\\) /Rect [0 0 1 1]) /Rect [5 6 7 8] >>", [5, 6, 7, 8]),  # nor after an escaped parenthesis
    (b"<< /Rect [1 2 3 4] /Rect [0 0 1 1] >>", "Unsupported"),  # a repeated key: pypdf decides
    (b"<< /Re#63t [1 2 3 4] >>", "Unsupported"),  # an escaped key: pypdf decides
    (b"<< /Rect 1.2.3 >>", "Unsupported"),  # a value parse_keys reads short
    (b"<< /TU (a (nested) b) /Rect [1 2 3 4] >>", [1, 2, 3, 4]),  # unusual: parse_keys reads it
])
def test_widget_keys_read_as_parse_keys(source: bytes, rect: Any) -> None:
    slow, fast = _both(source)
    assert fast == slow
    assert (fast if fast == "Unsupported" else fast.get("Rect")) == rect


_values = st.sampled_from([b"[1 2 3 4]", b"[ 0.5 -1 .25 7 ]", b"5 0 R", b"<< /N << /On 2 0 R /Off 3 0 R >> >>",
                           b"(/Rect [9 9 9 9])", b"(x\\) /AP 1 0 R)", b"/Yes", b"1.2.3", b"<4142>", b"null",
                           b"[ (a) [ /b << /c [1] >> ] ]", b"(a (b) c)", b"<< /A << /B << /C << /D 1 >> >> >> >>"])
_keys = st.sampled_from([b"/Rect", b"/AP", b"/V", b"/TU", b"/Re#63t", b"/RectX", b"/MK"])


@given(st.lists(st.tuples(_keys, _values, st.sampled_from([b" ", b"", b"\n", b"\x00", b"%c\n"])), max_size=6))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_any_widget_dictionary_reads_as_parse_keys_reads_it(entries: list[tuple[bytes, bytes, bytes]]) -> None:
    source = b"<<" + b"".join(gap + key + b" " + value for key, value, gap in entries) + b" >>"
    slow, fast = _both(source)
    assert fast == slow, source
