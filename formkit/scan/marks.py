"""Reading the pen marks in a registered page's circles: an answer, a blank, or "needs review".

Every circle is sampled through the page's homography (formkit.scan.locate) on a fine grid of
points inside it, well clear of the printed ring, so a pixel or two of registration error
never counts the ring as ink. Two numbers per circle, against the paper's own grey level:

* ``ink``: the share of the inside that is clearly dark (pen, pencil, a dithered
  black-and-white fill);
* ``shade``: how much darker than paper the inside is on average (an erased mark leaves a
  grey smudge; a faint stroke a little).

A circle is *marked* when enough of it is ink, *faint* when it holds some ink or shade but
not enough, else *empty*. A group with one marked circle and nothing faint is answered; with
nothing at all, blank; anything else (two marks, a faint or erased mark) needs review by a
person. The thresholds were set on the synthetic corpus of tests/scancorpus.py (filled
circles, ticks, crosses, scribbles, light pencil; erased marks) at 150-300 dpi.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

INSIDE = 0.62  # of the circle's radius: the sampled disc (the printed ring is at 0.92-1.0)
STEP = 0.35  # points between samples
DARK = 0.38  # a sample this much darker than paper (share of the paper's level) is ink
MARKED = 0.12  # a circle with this share of ink is marked
FAINT_INK = 0.025  # less ink than MARKED but at least this: a faint mark, for review
FAINT_SHADE = 0.06  # an inside this much darker than paper on average: an erased or faint mark
# A 1-bit scan thresholds an erasure's grey smudge away; what survives are the darker fragments of the
# stroke the eraser missed, a little ink in an otherwise spotless circle (an empty circle of a 1-bit
# scan holds none: measured 0.000 on the corpus, erased residue 0.014-0.03). Less than that is noise.
FAINT_INK_BILEVEL = 0.008
# ... and a dithered 1-bit scan turns a poorly erased mark's grey ghost into dots that reached 0.125 ink
# (a light pencil tick, the faintest real mark, 0.19 and more): a mark on a 1-bit scan must hold more ink
MARKED_BILEVEL = 0.17

REMAP_ROW = 1024  # sample points per row of the maps handed to cv2.remap
ANSWER, BLANK, REVIEW = "answer", "blank", "review"


@dataclass(frozen=True)
class Circle:
    """One printed circle: its group (field name), export value and centre and radius in points
    (from the page's top left)."""

    field: str
    value: str
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Reading:
    """What one circle held."""

    ink: float
    shade: float
    faint_ink: float = FAINT_INK  # FAINT_INK_BILEVEL on a 1-bit scan
    marked: float = MARKED  # MARKED_BILEVEL on a 1-bit scan

    @property
    def state(self) -> str:
        if self.ink >= self.marked:
            return "marked"
        if self.ink >= self.faint_ink or self.shade >= FAINT_SHADE:
            return "faint"
        return "empty"


@dataclass(frozen=True)
class Decision:
    """One group's outcome: an answer (its value), blank, or review (with the reason)."""

    field: str
    outcome: str
    value: str = ""
    reason: str = ""


def _disc(r: float) -> Any:
    """Sample offsets (points) inside a circle of radius ``r`` x INSIDE."""
    import numpy as np

    reach = r * INSIDE
    ticks = np.arange(-reach, reach + 1e-9, STEP)
    xs, ys = np.meshgrid(ticks, ticks)
    keep = xs ** 2 + ys ** 2 <= reach ** 2
    return np.stack([xs[keep], ys[keep]], axis=1)


@dataclass(frozen=True)
class Samples:
    """Where a page's circles are sampled, in page points: every circle's points one after another, and
    how many each has. The same for every scan of a page, so worked out once per page of a form
    (formkit.scan.forms.PageLayout.samples): a checklist page has some 40 000 points."""

    points: Any  # (points, 2) float32
    counts: tuple[int, ...]


def sample_points(circles: list[Circle]) -> Samples:
    """The sample points of ``circles`` (see :class:`Samples`)."""
    import numpy as np

    discs = {c.r: _disc(c.r) for c in circles}
    points = np.concatenate([discs[c.r] + (c.x, c.y) for c in circles]) if circles else np.zeros((0, 2))
    return Samples(points.astype(np.float32), tuple(len(discs[c.r]) for c in circles))


def read_circles(pixels: Any, homography: Any, paper: float, circles: list[Circle],
                 where: Samples | None = None) -> list[Reading]:
    """Each circle's ink and shade, sampled from the picture in one pass (at ``where``, the circles'
    :func:`sample_points`, when the caller keeps them)."""
    import cv2
    import numpy as np

    if not circles:
        return []
    where = sample_points(circles) if where is None else where
    mapped = cv2.perspectiveTransform(where.points.reshape(-1, 1, 2), homography).reshape(-1, 2)
    blurred = cv2.GaussianBlur(pixels, (3, 3), 0)
    # remap's maps are pictures (under 32767 rows): the points go in rows of REMAP_ROW (a checklist page has
    # some 40 000), the last row padded with points off the picture
    count = len(mapped)
    rows = -(-count // REMAP_ROW)
    maps = np.full((2, rows * REMAP_ROW), -1.0, dtype=np.float32)
    maps[:, :count] = mapped.T
    values = cv2.remap(blurred, maps[0].reshape(rows, REMAP_ROW), maps[1].reshape(rows, REMAP_ROW), cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_CONSTANT, borderValue=float(paper)).reshape(-1)[:count].astype(np.float32)
    darkness = np.clip((paper - values) / max(paper, 60.0), 0.0, 1.0)
    raw = []
    start = 0
    for n in where.counts:
        part = darkness[start:start + n]
        start += n
        raw.append((float(np.mean(part > DARK)), float(np.mean(part))))
    # the page's own level: most circles are empty, so a low percentile of them is the paper and the scan's noise
    # (a dithered black-and-white scan speckles every circle alike)
    level = 30 if len(raw) >= 5 else 0  # a page of one two-choice group: its emptier circle
    base_ink = float(np.percentile([r[0] for r in raw], level))
    base_shade = float(np.percentile([r[1] for r in raw], level))
    faint, marked = (FAINT_INK_BILEVEL, MARKED_BILEVEL) if _bilevel(pixels) else (FAINT_INK, MARKED)
    return [Reading(max(ink - base_ink, 0.0), max(shade - base_shade, 0.0), faint, marked) for ink, shade in raw]


def _bilevel(pixels: Any) -> bool:
    """Whether the picture is a 1-bit scan (black and white only, thresholded or dithered)."""
    import numpy as np

    sample = pixels[::7, ::7]
    return float(np.mean((sample > 0) & (sample < 255))) < 0.01


def decide(field: str, values: list[str], readings: list[Reading]) -> Decision:
    """One radio group's answer from its circles' readings (never a guess)."""
    states = [r.state for r in readings]
    marked = [v for v, s in zip(values, states) if s == "marked"]
    faint = states.count("faint")
    if len(marked) == 1 and not faint:
        return Decision(field, ANSWER, marked[0])
    if not marked and not faint:
        return Decision(field, BLANK)
    if len(marked) > 1:
        return Decision(field, REVIEW, reason=f"{len(marked)} answers marked")
    return Decision(field, REVIEW, reason="a faint or erased mark" + (" beside a clear one" if marked else ""))


__all__ = ["ANSWER", "BLANK", "REVIEW", "Circle", "Decision", "Reading", "Samples", "decide", "read_circles",
           "sample_points"]
