"""The same small flowable drawn many times: its operators recorded once and written again.

Why: a growth report's grid holds about 1,200 cells, most of them the same few words down a
column ("Usually", "—"), and reportlab's canvas encodes every draw anew (a font-subset look-up
per run of text, then the text, colour and state operators). A flowable's ``drawOn`` writes ``q``, ``1 0 0 1 x y cm``, the flowable's own operators and
``Q``; the own operators do not depend on where it is drawn, so they are kept from the first
draw and appended again after the same ``q`` and ``cm``. The content stream is byte for byte
what drawing every cell writes (tests/test_stamp.py compares whole reports).

Only flowables marked :func:`repeatable` are stamped: their drawing must not depend on the
canvas state they find (a text block sets its own font and colour), and they are replayed only
on the canvas they were recorded on, at the width they were wrapped to.
"""

from __future__ import annotations

from typing import Any

_MARK = "_fk_repeatable"
_STAMP = "_fk_stamp"  # (canvas, wrap key, operators)
WRAPPED = "_fk_wrapped"  # the (width, height) a flowable was last wrapped to, set by whoever wraps it


def repeatable(flowable: Any) -> Any:
    """Mark ``flowable`` as one drawn many times unchanged; returns it."""
    setattr(flowable, _MARK, True)
    return flowable


def draw(canvas: Any, flowable: Any, x: float, y: float) -> None:
    """``flowable.drawOn(canvas, x, y)``, from its recorded operators when it has them."""
    wrapped = getattr(flowable, WRAPPED, None)  # set where it was measured (report_table._wrapped)
    if wrapped is None or not getattr(flowable, _MARK, False):
        flowable.drawOn(canvas, x, y)
        return
    known = getattr(flowable, _STAMP, None)
    if known is not None and known[0] is canvas and known[1] == wrapped:
        canvas.saveState()
        canvas.translate(x, y)
        canvas._code.extend(known[2])
        canvas.restoreState()
        return
    code = canvas._code
    start = len(code)
    flowable.drawOn(canvas, x, y)
    ops = code[start:]
    if len(ops) >= 3 and ops[0] == "q" and ops[1].endswith(" cm") and ops[-1] == "Q":
        setattr(flowable, _STAMP, (canvas, wrapped, ops[2:-1]))


__all__ = ["WRAPPED", "draw", "repeatable"]
