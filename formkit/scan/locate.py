"""Finding a scanned page: where it lies (its corner squares) and which page it is (its QR code).

The four corner squares (formkit.pdfpage.marks) are found first, as solid dark squares near the
picture's corners: they look the same whichever way up the sheet went through the scanner. For
each way up the picture's shape allows (upright or upside down; turned a quarter for a landscape
picture), the squares give a homography from the page (PDF points) to the picture, and the QR is
read where the page has it: its modules are measured through that homography and drawn again
clean for OpenCV's QRCodeDetector, the grid nudged to fit the finder patterns. The way up whose
QR reads is the page's. So every printed circle is found to a pixel or two whatever the scanner
did (a slight turn, a shift, a scale), and a 150-dpi code reads where searching the scan for it
fails. A page whose squares are missing, or so skewed that it was photographed at an angle, is
not registered: its marks are not read (never guessed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..pdfpage.marks import MARK_SIZE, PageCode, corners, parse_payload

PAGE_W, PAGE_H = 612.0, 792.0
SEARCH = 130.0  # points from each picture corner searched for its corner square
MAX_SKEW = 0.06  # opposite sides may differ in length by 6 % (a photo at an angle differs more)


class NotRegistered(Exception):
    """The page cannot be read: its code or its corner squares were not found (one line, why)."""


@dataclass(frozen=True)
class Located:
    """A registered page: its code, page number, the upright picture and the page-to-picture map."""

    code: PageCode
    page: int
    pixels: Any  # upright grey picture
    homography: Any  # 3 x 3: (x, y) in points from the page's top left -> picture pixels
    paper: float  # the paper's grey level (a white page is about 240 in a scan)
    layout: str = ""  # the printed page's layout digest (formkit.pdfpage.marks.layout_digest)


def locate(pixels: Any) -> Located:
    """The page's code, number and registration, or NotRegistered with the reason.

    The corner squares are found first (they look the same whichever way up the sheet went in);
    for each way up the picture allows, the QR's corner of the page is cut out through that
    registration, straightened and enlarged, and read: the way up whose QR reads is the page's.
    """
    h, w = pixels.shape
    paper = percentiles(pixels[::8, ::8], (90,))[0]
    found = _corner_squares(pixels, paper)
    homographies = [_homography(found, turns) for turns in ((0, 2) if h >= w else (1, 3))]
    for picture in _pictures_for_code(pixels):
        for homography in homographies:
            text = _read_code(picture, homography, paper)
            if text:
                try:
                    code, page, layout = parse_payload(text)
                except ValueError:
                    raise NotRegistered("the page's QR code is not a formkit code (a page of another document?)") from None
                return Located(code, page, pixels, homography, paper, layout)
    raise NotRegistered("the page's QR code cannot be read (damaged, written over or badly scanned): "
                        "scan the page again, or enter its answers by hand")


QR_SMOOTHING = (1.0, 0.7)  # pixels (Gaussian sigmas), tried in turn: a black-and-white scan's modules


def _pictures_for_code(pixels: Any) -> Any:
    """The picture the QR is read from: as scanned, then (only when that read fails) smoothed.

    A black-and-white scan thresholds or dithers small modules (the long-code checklists' 1.2 pt,
    under 4 pixels at 200 dpi) into speckle that measures wrong at the modules' centres; smoothed,
    the same speckle reads. Measured on 45 synthetic 1-bit checklist pages at 200 dpi: 35 read as
    scanned, 44 with a retry smoothed by 1 pixel, all 45 with a second at 0.7; smoothing first made
    150-dpi pages worse, so it is only a retry. The registration and the marks are always read from
    the scan as it is."""
    import cv2

    yield pixels
    for sigma in QR_SMOOTHING:
        yield cv2.GaussianBlur(pixels, (0, 0), sigma)


# Where the documents put the QR's top right corner (points from the page's top left), its module and
# the QR versions it may have, most likely first: the self-assessments' (formkit.documents.selfassess.layout:
# a catalogue id, version and page fit version 4 or 5), the checklist's (its pdf module: a short code, version
# 2, 3 for a long board id) and, last, where checklists printed before the short code had their long one.
PLACES = ((572.0, 710.0, 1.8, (4, 5, 3, 6, 7, 2)), (576.0, 734.0, 1.6, (2, 3)), (576.0, 744.0, 1.2, (4, 5)))


def _read_code(pixels: Any, homography: Any, paper: float) -> str:
    """The text of the QR in the page's code area, read through ``homography``; "" if none reads.

    The registration says where the QR is to a pixel or two, so for each placement and QR version
    it could have, its modules are measured where they must be; where the finder patterns are
    found (the right placement, version and way up), they are drawn again clean (with a quiet
    zone) for OpenCV to decode, then decoded as scanned. Searching the scan for the code instead
    fails on the small, blurred codes of a 150-dpi scan.
    """
    import cv2

    detector = cv2.QRCodeDetector()
    for right, top, module, versions in PLACES:
        for version in versions:
            for image, where in _code_images(pixels, homography, paper, right, top, module, 17 + 4 * version):
                try:
                    # where the code is known (drawn again clean), it is decoded there: OpenCV's search
                    # for it is misled by a finder-like run of data modules in some codes (our fixed mask)
                    text = detector.decode(image, where)[0] if where is not None else ""
                    text = text or detector.detectAndDecode(image)[0]
                except cv2.error:
                    continue
                if text:
                    return str(text)
    return ""


PER_MODULE = 6  # pixels per module the QR is straightened to
NUDGE = 3  # pixels (half a module) the module grid may be moved to fit the finder patterns
FITS = 0.85  # share of the finder and timing modules that must be found before decoding is tried


def _code_images(pixels: Any, homography: Any, paper: float, right: float, top: float, module: float,
                 n: int) -> Any:
    """The QR of ``n`` modules whose top right corner is at (``right``, ``top``): drawn again from its
    measured modules (with its corners in that picture), then as scanned (straightened, with a quiet
    zone; corners not given); nothing when its finder patterns are not there (another version,
    placement or way up)."""
    import cv2
    import numpy as np

    per, quiet = PER_MODULE, 4
    side = n * module
    to_page = np.array([[module / per, 0, right - side - quiet * module], [0, module / per, top - quiet * module],
                        [0, 0, 1]], dtype=np.float64)
    size = (n + 2 * quiet) * per
    square = cv2.warpPerspective(pixels, homography @ to_page, (size, size),
                                 flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderValue=int(paper))
    dark = _modules(square, n, quiet)
    if dark is None:
        return
    clean = np.full((n + 2 * quiet, n + 2 * quiet), 255, dtype=np.uint8)
    clean[quiet:quiet + n, quiet:quiet + n][dark] = 0
    near, far = 4 * quiet, 4 * (quiet + n)
    corners = np.array([[[near, near], [far, near], [far, far], [near, far]]], dtype=np.float32)
    yield cv2.resize(clean, None, fx=4, fy=4, interpolation=cv2.INTER_NEAREST), corners
    yield square, None


def _modules(square: Any, n: int, quiet: int) -> Any:
    """Which of the ``n`` x ``n`` modules are dark, measured at their centres, the grid nudged by up
    to half a module to where the finder and timing patterns (known for every QR) fit best; those
    patterns are then set to what they must be. None when they do not fit: no QR of this size here."""
    import numpy as np

    per = PER_MODULE
    fixed, must = _fixed_pattern(n)
    start = quiet * per
    low, high = percentiles(square[start:start + n * per, start:start + n * per], (10, 90))
    if high - low < 40:
        return None
    middle = np.float64((low + high) / 2)  # a NumPy float: the float32 centres are compared and summed in float64
    sums, area = _nudged_sums(square.astype(np.float32), n, start)
    dark = (sums < area * middle).reshape(-1, n, n)  # a centre's mean under middle: its sum under area x middle
    # the fixed patterns first; then contrast, highest at the modules' centres (half a module off, the
    # finder patterns still fit, but every sample straddles two modules): the first grid best on both
    fit = np.count_nonzero(dark[:, fixed] == must[fixed], axis=1)
    if int(fit.max()) < FITS * int(np.count_nonzero(fixed)):
        return None
    best = None
    for i in np.flatnonzero(fit == fit.max()):
        centres = np.ascontiguousarray(sums[divmod(int(i), 2 * NUDGE + 1)]) / area
        contrast = float(np.abs(centres - middle).sum())
        if best is None or contrast > best[0]:
            best = (contrast, int(i))
    assert best is not None
    chosen = dark[best[1]]
    chosen[fixed] = must[fixed]
    return chosen


def _nudged_sums(square: Any, n: int, start: int) -> tuple[Any, int]:
    """For every module grid nudged by up to NUDGE pixels (down, across), the sum of each of its ``n``
    x ``n`` modules' middle pixels (a square of per - 4), and how many pixels that is: a (down, across,
    n, n) view of sums taken once at every pixel of the square (averaging each of the 49 grids anew
    cost 40 % of a checklist page's reading; a copy of them all, a tenth)."""
    import numpy as np

    per = PER_MODULE
    k = per - 4
    reach = square.shape[0] - k + 1
    sums = sum(square[i:i + reach, j:j + reach] for i in range(k) for j in range(k))
    first = start - NUDGE + 2  # the first module's middle in the grid nudged furthest up and left
    last = first + 2 * NUDGE + (n - 1) * per  # ... and the last module's in the grid nudged furthest down and right
    assert last < sums.shape[0] and last < sums.shape[1]
    down, across = sums.strides
    grids = np.lib.stride_tricks.as_strided(sums[first:, first:], shape=(2 * NUDGE + 1, 2 * NUDGE + 1, n, n),
                                            strides=(down, across, per * down, per * across), writeable=False)
    return grids, k * k


def percentiles(values: Any, qs: tuple[float, ...]) -> list[float]:
    """numpy.percentile(values, q) (its default, linear method) of 8-bit ``values``, to the last bit,
    from their histogram: counting 256 levels is cheaper than the partial sort of a copy numpy does,
    and this runs some 15 times a page."""
    import math

    import cv2
    import numpy as np

    counts = cv2.calcHist([values], [0], None, [256], [0, 256]).ravel().astype(np.int64)
    below = np.cumsum(counts)  # below[v]: how many values are <= v
    count = int(below[-1])
    out = []
    for q in qs:
        index = (count - 1) * (q / 100)
        lower = math.floor(index)
        a, b = (float(np.searchsorted(below, i, side="right")) for i in (lower, min(lower + 1, count - 1)))
        gamma, step = index - lower, b - a
        out.append(b - step * (1 - gamma) if gamma >= 0.5 else a + step * gamma)
    return out


def _fixed_pattern(n: int) -> tuple[Any, Any]:
    """(mask, value) of the modules every QR of side ``n`` has: the three finder patterns with their
    separators, and the timing patterns."""
    import numpy as np

    mask = np.zeros((n, n), dtype=bool)
    must = np.zeros((n, n), dtype=bool)
    finder = np.zeros((7, 7), dtype=bool)
    finder[[0, 6], :] = finder[:, [0, 6]] = True
    finder[2:5, 2:5] = True
    for r, c in ((0, 0), (0, n - 7), (n - 7, 0)):
        must[r:r + 7, c:c + 7] = finder
        mask[max(r - 1, 0):r + 8, max(c - 1, 0):c + 8] = True  # the pattern and its white separator
    mask[6, 8:n - 8] = mask[8:n - 8, 6] = True
    must[6, 8:n - 8:2] = must[8:n - 8:2, 6] = True
    return mask, must


def _corner_squares(pixels: Any, paper: float) -> list[tuple[float, float]]:
    """The centres of the four corner squares in the picture, in the order of marks.corners."""
    h, w = pixels.shape
    scale = max(w, h) / PAGE_H  # pixels per point, near enough to size the search
    side = MARK_SIZE * scale
    reach = int(SEARCH * scale)
    found: list[tuple[float, float]] = []
    names = ("bottom left", "bottom right", "top right", "top left")
    windows = ((0, h - reach), (w - reach, h - reach), (w - reach, 0), (0, 0))
    for name, (x0, y0), corner in zip(names, windows, ((0, h), (w, h), (w, 0), (0, 0))):
        best = _nearest_square(pixels[y0:y0 + reach, x0:x0 + reach] < paper * 0.5, (x0, y0), side, corner)
        if best is None:
            if not found:
                raise NotRegistered("no formkit corner squares on the page (a blank page, a page of another "
                                    "document, or cut off): check the page, or enter its answers by hand")
            raise NotRegistered(f"the {name} corner square was not found (the page is cut off, folded or "
                                "photographed at an angle): scan it again flat on the glass")
        found.append(best)
    return found


def _nearest_square(dark: Any, origin: tuple[int, int], side: float,
                    corner: tuple[int, int]) -> tuple[float, float] | None:
    """The centre (in the picture) of the solid dark square of about ``side`` pixels nearest ``corner``
    in the window ``dark`` whose top left is at ``origin``, or None. The components are judged all at
    once: a 1-bit scan's speckle makes thousands of them in a corner, which one by one in Python cost
    more than the rest of the page's registration."""
    import cv2
    import numpy as np

    _, _, stats, centres = cv2.connectedComponentsWithStats(dark.astype(np.uint8), connectivity=8)
    bw, bh, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    sized = (0.5 * side <= bw) & (bw <= 1.6 * side) & (0.5 * side <= bh) & (bh <= 1.6 * side)
    solid = (area >= 0.75 * bw * bh) & (area >= 0.5 * side * side)  # solid: not a QR finder, not text
    candidates = np.flatnonzero(sized & solid)
    if not len(candidates):
        return None
    xy = centres[1:][candidates] + origin
    distance = np.abs(xy[:, 0] - corner[0]) + np.abs(xy[:, 1] - corner[1])
    cx, cy = xy[int(np.argmin(distance))]
    return float(cx), float(cy)


def _homography(found: list[tuple[float, float]], turns: int) -> Any:
    """Page points (from the top left) -> picture pixels, the page turned ``turns`` quarter turns in
    the picture; NotRegistered for a picture too skewed to trust (a photo taken at an angle)."""
    import cv2
    import numpy as np

    page = np.array([(x, PAGE_H - y) for x, y in corners(PAGE_W, PAGE_H)], dtype=np.float32)
    seen = np.array([found[(i + turns) % 4] for i in range(4)], dtype=np.float32)
    sides = [float(np.linalg.norm(seen[(i + 1) % 4] - seen[i])) for i in range(4)]
    for a, b in ((0, 2), (1, 3)):
        if abs(sides[a] - sides[b]) > MAX_SKEW * max(sides[a], sides[b]):
            raise NotRegistered("the page is too skewed to read (photographed at an angle?): scan it flat, or "
                                "photograph it straight from above")
    ratio = (sides[1] + sides[3]) / (sides[0] + sides[2])
    expected = (page[2][1] - page[1][1]) / (page[1][0] - page[0][0])
    if abs(ratio / abs(expected) - 1) > MAX_SKEW:
        raise NotRegistered("the corner squares found do not make the page's shape (cut off or folded?): "
                            "scan the page again flat on the glass")
    return cv2.getPerspectiveTransform(page, seen)


__all__ = ["Located", "NotRegistered", "locate"]
