"""Reading one PDF stays within a budget of time and memory, on both readers (issue 13, items 1-2).

The fast reader's tokeniser must be linear on any bytes (a run of spaces before an unexpected
byte once took 2^n steps), and every limit (time, objects, fields, schema size, value length,
inflated bytes) must hold on the pypdf fallback too: over budget is a one-line "cannot be
read" for that file, never a second try by the other reader.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from conftest import DATA

from formkit.pdfform import budget, fastfields, fastread, fastsyntax, fastxref, read

BAD = DATA / "bad" / "pdfs"

# Runs of one token (or of bytes a token starts with), then a byte that ends the match badly.
UNITS = [b" ", b"\n\x00", b"%c\n", b"1 ", b"1 0 ", b"(", b"(\\", b"<", b"<<", b"[", b"/a", b"1.", b"5 0 R "]
ENDS = [b"}", b")", b">", b"\xff", b""]
PREFIXES = [b"", b"<< /T "]


def _entry_points() -> dict[str, object]:
    wanted = frozenset({b"T", b"V"})

    def whole_file(data: bytes) -> object:
        return fastxref.FastPdf(b"%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n" + data
                                + b"\nstartxref\n9\n%%EOF\n")

    return {"parse_object": lambda d: fastsyntax.parse_object(d, 0),
            "skip_value": lambda d: fastsyntax.skip_value(d, 0),
            "parse_keys": lambda d: fastsyntax.parse_keys(d, 0, wanted), "match_field": fastfields.match_field,
            "FastPdf": whole_file}


@pytest.mark.parametrize("entry", sorted(_entry_points()))
def test_the_tokeniser_takes_linear_time_on_hostile_runs(entry: str) -> None:
    """30,000 bytes of each run: linear parsing takes milliseconds; backtracking would never end."""
    parse = _entry_points()[entry]
    # 18-byte runs first, so that exponential time fails in a second instead of never ending
    for size, limit in ((18, 0.1), (30_000, 1.0)):
        slowest = (0.0, b"")
        for unit, end, prefix in itertools.product(UNITS, ENDS, PREFIXES):
            data = prefix + unit * max(1, size // len(unit)) + end
            start = time.monotonic()
            try:
                parse(data)  # type: ignore[operator]
            except (fastsyntax.Unsupported, budget.OverBudget, ValueError, KeyError, TypeError, AttributeError,
                    IndexError):
                pass
            slowest = max(slowest, (time.monotonic() - start, prefix + unit + end))
        assert slowest[0] < limit, (size, slowest)


def test_forty_spaces_before_an_odd_byte_are_read_at_once() -> None:
    """The 275-byte file of the issue: 40 spaces then '}' in the trailer (2^40 steps before)."""
    for spaces in (16, 20, 24):  # each one more doubled the time: 20 took 1 s, 24 took 16 s
        start = time.monotonic()
        with pytest.raises(fastsyntax.Unsupported):
            fastsyntax.parse_object(b"<<" + b" " * spaces + b"}", 0)
        assert time.monotonic() - start < 0.5, spaces
    path = BAD / "backtracking-trailer.pdf"
    start = time.monotonic()
    with pytest.raises(fastsyntax.Unsupported):
        fastread.open_fast(path)
    assert read.read_form(path).values == {}  # pypdf reads it: a PDF without a form
    assert time.monotonic() - start < 2.0


def _slow_trailer(count: int = 600_000) -> bytes:
    """A PDF whose trailer holds an array of ``count`` numbers: correct, just slow to parse."""
    body = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    head = b"%PDF-1.7\n"
    xref_at = len(head) + len(body)
    xref = (b"xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n"
            % (len(head), len(head) + body.index(b"2 0 obj")))
    trailer = b"trailer\n<< /Size 3 /Root 1 0 R /Junk [" + b"0 " * count + b"] >>\n"
    return head + body + xref + trailer + b"startxref\n%d\n%%%%EOF\n" % xref_at


@pytest.mark.parametrize("reader", ["fast", "pypdf"])
def test_the_deadline_stops_each_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str) -> None:
    """The fast reader counts its steps; pypdf cannot, so the timer signal ends its work at the deadline."""
    monkeypatch.setattr(budget, "MAX_SECONDS", 0.05)
    monkeypatch.setattr(budget, "MAX_STEPS", 10**9)
    if reader == "pypdf":
        monkeypatch.setattr(read, "_read_fast", lambda *a, **k: None)  # straight to the fallback
    path = tmp_path / "slow.pdf"
    path.write_bytes(_slow_trailer())
    start = time.monotonic()
    with pytest.raises(read.UnreadablePdf, match="more than 0.05 seconds"):
        read.read_form(path)
    assert time.monotonic() - start < 1.0


def test_the_step_limit_bounds_a_huge_object(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_STEPS", 100_000)
    path = tmp_path / "big.pdf"
    path.write_bytes(_slow_trailer(200_000))
    with pytest.raises(read.UnreadablePdf, match="more than 100000 parts"):
        read.read_form(path)


@pytest.mark.parametrize("reader", ["fast", "pypdf"])
@pytest.mark.parametrize(("limit", "value", "message"), [
    ("MAX_OBJECTS", 50, "objects"), ("MAX_FIELDS", 10, "more than 10 form fields"),
    ("MAX_VALUE_CHARS", 3, "holds"), ("MAX_SCHEMA_BYTES", 4096, "schema is larger than|schema is 8 KB"),
])
def test_every_limit_holds_on_both_readers(blank_cc1: Path, monkeypatch: pytest.MonkeyPatch, reader: str,
                                           limit: str, value: int, message: str) -> None:
    if reader == "pypdf":
        monkeypatch.setattr(read, "_read_fast", lambda *a, **k: None)
    if limit == "MAX_VALUE_CHARS":  # the blank form's values are empty: fill one
        from formkit.pdfform.fill import fill_form

        filled = blank_cc1.with_name(f"filled-{reader}.pdf")
        filled.write_bytes(fill_form(blank_cc1, {"name": "Ann Lee"}))
        blank_cc1 = filled
    read.read_form(blank_cc1)  # within the real limits
    monkeypatch.setattr(budget, limit, value)
    with pytest.raises(read.UnreadablePdf, match=f"too complex to read safely: .*({message})"):
        read.read_form(blank_cc1)


@pytest.mark.parametrize("name", ["forged-schema-600k-fields.pdf", "forged-schema-70k-fields.pdf",
                                  "forged-schema-20k-fields-pypdf.pdf", "answer-of-300k-characters.pdf"])
def test_a_forged_giant_is_refused_whichever_reader_meets_it(name: str) -> None:
    with pytest.raises(read.UnreadablePdf, match="too complex to read safely"):
        read.read_form(BAD / name)


def test_the_budget_leaves_the_timer_signal_as_it_found_it() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with budget.file_budget():
        assert signal.getsignal(signal.SIGALRM) is not before
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
