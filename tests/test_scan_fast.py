"""The scan reader's fast paths give exactly what the plain computations they replaced give.

Reading a checklist page was made faster (issue 22: >= 10 pages/s per core) by computing the same
numbers another way: the corner squares' components judged all at once, the QR's 49 nudged module
grids measured from one set of sums, percentiles counted from a histogram, each page's sample points
kept per form, crops written by another PNG encoder. The plain versions are kept here, as the
reference, and run on real scans (tests/scancorpus.py) of a checklist page: grey at 150 dpi upside
down and at 200 dpi, 1-bit thresholded and dithered at 200 dpi. Any difference, to the last bit, fails.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from scancorpus import fill_checklist_page, page_pixels, scanner

from formkit.catalog.effective import effective_catalog
from formkit.documents.checklist import blank_pdf
from formkit.pdfform.read import read_form
from formkit.pdfpage.marks import MARK_SIZE
from formkit.scan import locate as located
from formkit.scan.forms import Forms
from formkit.scan.marks import _disc, read_circles
from formkit.scan.pages import Page
from formkit.scan.read import CROP_DPI, _crop, _warp, read_page


@pytest.fixture(scope="module")
def scans() -> dict[str, np.ndarray]:
    """A filled checklist page (its first: ratings and ticks) scanned four ways."""
    catalog = effective_catalog()
    pdf = blank_pdf(catalog)
    schema = read_form(pdf).schema or {}
    out = {}
    for dpi in (150, 200):
        rng = np.random.default_rng(dpi)
        filled, _truth = fill_checklist_page(page_pixels(pdf, 0, dpi), schema, 1, dpi, rng)
        grey = scanner(filled, rng, bw=False, upside_down=dpi == 150)
        out[f"grey {dpi}"] = np.asarray(grey.convert("L"))
        for name, dither in (("thresholded", Image.Dither.NONE), ("dithered", Image.Dither.FLOYDSTEINBERG)):
            if dpi == 200:  # (a 1-bit checklist at 150 dpi: its code does not always read)
                out[f"1-bit {name} {dpi}"] = np.asarray(grey.convert("1", dither=dither).convert("L"))
    return out


def _plain_modules(square: Any, n: int, quiet: int) -> Any:
    """The QR's modules as first written: each nudged grid averaged anew, numpy's percentiles."""
    per = located.PER_MODULE
    square = square.astype(np.float32)
    fixed, must = located._fixed_pattern(n)
    start = quiet * per
    low, high = np.percentile(square[start:start + n * per, start:start + n * per], (10, 90))
    if high - low < 40:
        return None
    middle = (low + high) / 2
    best = None
    for dy in range(-located.NUDGE, located.NUDGE + 1):
        for dx in range(-located.NUDGE, located.NUDGE + 1):
            inner = square[start + dy:start + dy + n * per, start + dx:start + dx + n * per]
            centres = inner.reshape(n, per, n, per)[:, 2:per - 2, :, 2:per - 2].mean(axis=(1, 3))
            dark = centres < middle
            score = (int(np.count_nonzero(dark[fixed] == must[fixed])), float(np.abs(centres - middle).sum()))
            if best is None or score > best[0]:
                best = (score, dark)
    if best is None or best[0][0] < located.FITS * int(np.count_nonzero(fixed)):
        return None
    dark = best[1]
    dark[fixed] = must[fixed]
    return dark


def test_the_qr_modules_are_what_averaging_each_nudged_grid_gives(scans, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fast = located._modules
    outcomes = []

    def both(square: Any, n: int, quiet: int) -> Any:
        got, want = fast(square, n, quiet), _plain_modules(square, n, quiet)
        assert (got is None) == (want is None) and (got is None or np.array_equal(got, want)), (n, len(outcomes))
        outcomes.append(got is not None)
        return got

    monkeypatch.setattr(located, "_modules", both)
    for name, pixels in scans.items():
        assert located.locate(pixels).page == 1, name
    assert True in outcomes and False in outcomes  # codes found, and places or versions where none is


def test_a_qr_straightened_a_half_module_off_is_measured_as_each_grid_gives(scans, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The code's square moved by up to NUDGE pixels each way: the grid that fits is then one of the
    outermost nudged grids."""
    squares = []
    fast = located._modules

    def keep(square: Any, n: int, quiet: int) -> Any:
        got = fast(square, n, quiet)
        if got is not None:
            squares.append((square, n, quiet))
        return got

    monkeypatch.setattr(located, "_modules", keep)
    located.locate(scans["grey 200"])
    located.locate(scans["1-bit dithered 200"])
    assert squares
    found = 0
    for square, n, quiet in squares:
        for dy in (-located.NUDGE, 0, located.NUDGE):
            for dx in (-located.NUDGE, 0, located.NUDGE):
                moved = np.roll(square, (dy, dx), axis=(0, 1))
                got, want = fast(moved, n, quiet), _plain_modules(moved, n, quiet)
                assert (got is None) == (want is None) and (got is None or np.array_equal(got, want)), (dy, dx)
                found += got is not None
    assert found >= len(squares) * 5


def _plain_corner_squares(pixels: Any, paper: float) -> list[tuple[float, float]]:
    """The corner squares as first found: each component of each corner judged in turn."""
    import cv2

    h, w = pixels.shape
    scale = max(w, h) / located.PAGE_H
    side = MARK_SIZE * scale
    reach = int(located.SEARCH * scale)
    dark = (pixels < paper * 0.5).astype(np.uint8)
    found = []
    windows = ((0, h - reach), (w - reach, h - reach), (w - reach, 0), (0, 0))
    for (x0, y0), corner in zip(windows, ((0, h), (w, h), (w, 0), (0, 0))):
        count, _, stats, centres = cv2.connectedComponentsWithStats(dark[y0:y0 + reach, x0:x0 + reach], connectivity=8)
        best = None
        for i in range(1, count):
            bw, bh, area = stats[i, 2], stats[i, 3], stats[i, 4]
            if not (0.5 * side <= bw <= 1.6 * side and 0.5 * side <= bh <= 1.6 * side):
                continue
            if area < 0.75 * bw * bh or area < 0.5 * side * side:
                continue
            cx, cy = centres[i][0] + x0, centres[i][1] + y0
            distance = abs(cx - corner[0]) + abs(cy - corner[1])
            if best is None or distance < best[0]:
                best = (distance, cx, cy)
        assert best is not None
        found.append((float(best[1]), float(best[2])))
    return found


def test_the_corner_squares_are_those_found_one_component_at_a_time(scans) -> None:  # type: ignore[no-untyped-def]
    for name, pixels in {**scans, "with decoys": _decoys(scans["grey 200"])}.items():
        paper = float(np.percentile(pixels[::8, ::8], 90))
        assert located._corner_squares(pixels, paper) == _plain_corner_squares(pixels, paper), name


def _decoys(pixels: Any) -> Any:
    """The page with, in each corner, a solid square farther in than the corner square and a hollow one
    nearer the corner (a ring is not a corner square)."""
    pixels = pixels.copy()
    h, w = pixels.shape
    side = round(MARK_SIZE * max(w, h) / located.PAGE_H)
    for far, near in (((2, 2), (0.2, 0.2)), ((-3, 2), (-1.2, 0.2)), ((2, -3), (0.2, -1.2)), ((-3, -3), (-1.2, -1.2))):
        fx, fy = (int(v * 2.5 * side) % n for v, n in zip(far, (w, h)))
        pixels[fy:fy + side, fx:fx + side] = 0
        nx, ny = (int(v * side) % n for v, n in zip(near, (w, h)))
        pixels[ny:ny + side, nx:nx + side] = 0
        pixels[ny + side // 5:ny + side - side // 5, nx + side // 5:nx + side - side // 5] = 255
    return pixels


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 255), min_size=1, max_size=400), st.integers(0, 3),
       st.lists(st.floats(0, 100), min_size=1, max_size=4))
def test_percentiles_are_numpys_to_the_last_bit(values: list[int], shape: int, qs: list[float]) -> None:
    array = np.array(values, dtype=np.uint8)
    if shape == 1:
        array = array[::-1]  # not contiguous
    elif shape == 2 and len(values) % 2 == 0:
        array = array.reshape(2, -1)[:, ::2]
    want = [float(v) for v in np.percentile(array.astype(np.float32), qs)]
    assert located.percentiles(array, tuple(qs)) == want
    assert located.percentiles(array, (10, 90)) == [float(v) for v in np.percentile(array, (10, 90))]


def test_a_crop_is_a_png_of_exactly_the_straightened_box(scans) -> None:  # type: ignore[no-untyped-def]
    found = located.locate(scans["grey 200"])
    for box in ((36.0, 60.0, 300.0, 140.0), (400.0, 700.0, 576.0, 760.0), (10.0, 10.0, 11.0, 11.0)):
        png = _crop(found, box)
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG" and image.mode == "L"
            assert np.array_equal(np.asarray(image), _warp(found, box, CROP_DPI))
        assert _crop(found, box) == png  # the same pixels, the same bytes


def test_a_forms_pages_are_sampled_once_and_read_as_sampled_anew(scans) -> None:  # type: ignore[no-untyped-def]
    forms = Forms(effective_catalog())
    first = read_page(Page("a.pdf", 1, scans["grey 200"]), forms)
    assert first.form is not None and not first.problem
    layout = first.form.pages[1]
    kept = layout.samples
    again = read_page(Page("a.pdf", 2, scans["1-bit dithered 200"]), forms)
    assert layout.samples is kept and again.form is first.form
    assert layout.samples.counts == tuple(len(_disc(c.r)) for c in layout.circles)
    plain = np.concatenate([_disc(c.r) + (c.x, c.y) for c in layout.circles]).astype(np.float32)
    assert layout.samples.points.dtype == plain.dtype and np.array_equal(layout.samples.points, plain)
    for name, pixels in scans.items():
        found = located.locate(pixels)
        assert (read_circles(found.pixels, found.homography, found.paper, layout.circles, kept)
                == read_circles(found.pixels, found.homography, found.paper, layout.circles)), name
