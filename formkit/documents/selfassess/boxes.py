"""Writing boxes sized for what they accept: height from lines, character limit from the box.

A notes, reflection or plan box is filled two ways: typed into a viewer (which wraps at the
field's fixed font size and scrolls when the text runs past the bottom, so a printed copy loses
the rest) and written by hand on paper. So a box is made tall enough for whole lines at the
most generous line spacing a viewer uses (pdf.js: 1.35 times the font size; PDFium and
formkit's own fill are tighter), at least three of them, and it accepts no more characters than
those lines show of ordinary prose. A limit that the box cannot show would be a promise the
printout breaks.
"""

from __future__ import annotations

import math
from functools import cache

from ...pdfform.fieldfont import PAD, field_font, wrap

LINE_PITCH = 1.35  # pdf.js lays out multi-line fields at 1.35 x the font size: the widest pitch
MIN_LINES = 3  # room to write by hand: three lines at least
BORDER = 1.0  # the widget's border, inside its /Rect
FILL_SHARE = 0.85  # a limit under the measured prose, for wordier text than the sample

# Ordinary prose of the kind written into these boxes (long words included), to measure what a box shows.
SAMPLE = ("Met a new member at the drop-in and listened to what matters to her; we agreed to call on "
          "Friday. I want to practise open questions and reflective listening, and ask my supervisor "
          "to watch one group session. Next step: finish the motivational interviewing course by "
          "spring, then co-lead the Tuesday wellness group with a senior peer worker. Collaboration "
          "with the recovery-oriented housing team; responsibilities documented in the service plan. ") * 6
STARTS = 24  # word starts of SAMPLE tried: a box must show every one of these windows


def box_height(lines: int = MIN_LINES, size: float = 10.0) -> float:
    """The height of a box showing ``lines`` lines at ``size`` (padding and border included),
    rounded up to a whole point so no rounding of its /Rect loses a line."""
    return float(math.ceil(lines * size * LINE_PITCH + 2 * (PAD + BORDER)) + 1)


def lines_shown(height: float, size: float = 10.0) -> int:
    """Whole lines a box of ``height`` shows at ``size`` in the most generous viewer."""
    return int((height - 2 * (PAD + BORDER)) // (size * LINE_PITCH))


@cache
def capacity(width: float, height: float, size: float = 10.0) -> int:
    """How many characters of ordinary prose the box shows: its ``maxlen``.

    From each of the first word starts of :data:`SAMPLE`, the characters of the lines the box
    shows, wrapped with the field font (DejaVu Sans, wider than the Helvetica a viewer may
    substitute) at the box's inner width as formkit's fill does; the fewest of these, reduced
    for wordier text. (Any shorter run wraps into no more lines: greedy wrapping is monotone.)
    """
    lines = lines_shown(height, size)
    inner = width - 2 * (PAD + BORDER)
    font = field_font()
    starts = [0] + [i + 1 for i, ch in enumerate(SAMPLE) if ch == " "][:STARTS - 1]
    fewest = min(sum(len(line) + 1 for line in wrap(font, SAMPLE[s:s + 120 * lines], size, inner)[:lines]) - 1
                 for s in starts)
    return max(1, int(fewest * FILL_SHARE))


__all__ = ["LINE_PITCH", "MIN_LINES", "SAMPLE", "box_height", "capacity", "lines_shown"]
