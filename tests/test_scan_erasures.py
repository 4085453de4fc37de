"""Erasures on 1-bit scans: a black-and-white scanner thresholds an erased mark's grey smudge away, but
the bits of the stroke the eraser missed survive; they must send the group to review, never read as
blank (nor as the answer that was rubbed out). The corpus: booklet pages at 150, 200 and 300 dpi,
thresholded and dithered, each group blank, marked, erased, or erased beside a new mark."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scancorpus import STYLES, as_pdf, draw_mark, page_pixels, radio_groups, scanner

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_booklet
from formkit.pdfform.read import read_form
from formkit.scan import scan
from formkit.scan.marks import ANSWER, BLANK, REVIEW

PAGES = (2, 3, 5, 6)  # booklet pages full of rating groups


KINDS = ("blank", "single", "erased", "changed")


def _page(pdf: bytes, schema: dict, page: int, dpi: int, rng: np.random.Generator, dither: bool,  # type: ignore[no-untyped-def]
          turn: list[int]):
    """One page marked and scanned in black and white; what each group holds."""
    img = Image.fromarray(page_pixels(pdf, page - 1, dpi))
    draw = ImageDraw.Draw(img)
    truth: dict[str, tuple[str, str]] = {}  # field -> (kind, the clear mark's value or "")
    for name, choices in radio_groups(schema, page).items():
        kind = KINDS[turn[0] % len(KINDS)]  # each kind in turn over the whole corpus
        turn[0] += 1
        picks = rng.permutation(len(choices))
        value = ""
        if kind in ("erased", "changed"):
            draw_mark(draw, choices[picks[0]][1], dpi, "residue", rng)
        if kind in ("single", "changed"):
            value = choices[picks[1]][0]
            draw_mark(draw, choices[picks[1]][1], dpi, STYLES[int(rng.integers(0, 4))], rng)
        truth[name] = (kind, value)
    grey = scanner(np.asarray(img), rng, bw=False).convert("L")
    return grey.convert("1", dither=Image.Dither.FLOYDSTEINBERG if dither else Image.Dither.NONE), truth


@pytest.mark.slow
def test_an_erasure_on_a_1_bit_scan_goes_to_review(tmp_path: Path) -> None:
    catalog = effective_catalog()
    pdf = render_booklet(catalog, person="P-5")
    schema = read_form(pdf).schema
    rng = np.random.default_rng(22)
    counts = {"blank": 0, "single": 0, "erased": 0, "changed": 0}
    wrong: list[str] = []
    turn = [0]
    for dpi in (150, 200, 300):
        for dither in (False, True):
            images, truths = zip(*(_page(pdf, schema, page, dpi, rng, dither, turn) for page in PAGES))
            path = tmp_path / f"{dpi}-{dither}.pdf"
            path.write_bytes(as_pdf(list(images), dpi))
            result = scan([str(path)], catalog)
            assert result.problems == [] and [p.page for p in result.copies[0].pages] == list(PAGES)
            for page, truth in zip(result.copies[0].pages, truths):
                got = {d.field: d for d in page.decisions}
                for name, (kind, value) in truth.items():
                    counts[kind] += 1
                    d = got[name]
                    ok = {"blank": d.outcome == BLANK, "single": d.outcome == ANSWER and d.value == value,
                          "erased": d.outcome == REVIEW,
                          # the clear mark beside an erasure whose bits fell outside the part of the circle
                          # that is read: that mark, never another answer
                          "changed": d.outcome == REVIEW or (d.outcome == ANSWER and d.value == value)}[kind]
                    if not ok:
                        wrong.append(f"{dpi} dpi {'dithered' if dither else 'thresholded'} {name} {kind}: "
                                     f"{d.outcome} {d.value}")
    assert min(counts.values()) >= 15, counts
    assert wrong == [], wrong
