"""The checklist PDF's last section: the three attestations and the "for board use only" box.

Each attestation is a heading, the statement the signer signs, the fields about them and a real
/FT /Sig signature field with its date (formkit.pdfform.writer; tagged like every widget, a Form
element after its visible label). The board's box is shaded in the letterhead's accent tint so
staff see at a glance which part is theirs.
"""

from __future__ import annotations

from ...pdfform.fonts import BOLD, REGULAR
from .pdf import LEFT, WIDTH, Layout, wrap
from .signing import Attestation

SIGNATURE_W, SIGNATURE_H = 300.0, 36.0
DATE_X, DATE_W = LEFT + 320, 110.0
FIELD_ROW = 36.0  # a row of labelled text fields (labelled_fields' row gap)
BOX_FIELD_H = 20.0


def _height(lay: Layout, a: Attestation) -> float:
    """What one attestation needs, so it never starts at the foot of a page."""
    lines = len(wrap(a.text, REGULAR, 9, WIDTH))
    return 30 + lines * 11.25 + 4 + (len(a.fields) + 1) // 2 * FIELD_ROW + 64


def _attestation(lay: Layout, a: Attestation) -> None:
    flow = lay.flow
    flow.ensure(_height(lay, a))
    lay.heading(a.heading, 11)
    lay.para(a.text, 9)
    flow.y -= 4
    if a.fields:
        lay.labelled_fields(a.fields, row_gap=FIELD_ROW)
        flow.y -= 40
    sig = a.signature
    lay.field_label(LEFT, flow.y - 9, sig.label)
    lay.w.signature_field(f"{sig.who}_signature", sig.label, LEFT, flow.y - 14 - SIGNATURE_H, SIGNATURE_W,
                          SIGNATURE_H)
    lay.field_label(DATE_X, flow.y - 9, sig.date_label)
    lay.w.text_field(f"{sig.who}_date", sig.date_tip, DATE_X, flow.y - 14 - BOX_FIELD_H, DATE_W, BOX_FIELD_H,
                     maxlen=10, font_size=10, meta={"format": "YYYY-MM-DD"})
    flow.y -= 14 + SIGNATURE_H + 14


def attestations(lay: Layout) -> None:
    """Applicant (with the code of ethics), supervisor, evaluator: each signs its own statement."""
    for a in lay.doc.attestations:
        _attestation(lay, a)


def board_use(lay: Layout) -> None:
    """The shaded box the board's staff fill in: received, reviewed by, decision and its date."""
    b, flow = lay.doc.board_use, lay.flow
    box_h = 2 * (14 + BOX_FIELD_H) + 26
    flow.ensure(box_h + 30)
    lay.heading(b.heading, 11)
    top = flow.y - 2
    lay.cell_box(LEFT, top - box_h, WIDTH, box_h, lay.doc.letterhead.tint(0.88))
    half = (WIDTH - 36) / 2
    y = top - 8
    for x, field in ((LEFT + 12, b.received), (LEFT + 24 + half, b.reviewed_by)):
        lay.field_label(x, y - 9, field.label)
        lay.w.text_field(field.name, f"{b.heading}: {field.label}", x, y - 14 - BOX_FIELD_H, half, BOX_FIELD_H,
                         maxlen=field.maxlen, font_size=10, meta={"board_use": True})
    y -= 14 + BOX_FIELD_H + 12
    lay.field_label(LEFT + 12, y - 9, b.decision_label, 8.5, BOLD)
    positions, x = [], LEFT + 12
    for _value, label in b.decisions:  # each circle after the previous label, measured
        positions.append((x, y - 28))
        x += 11 + 3 + lay.w.canvas.stringWidth(label, REGULAR, 9) + 14
    with flow.element("P"):
        lay.w.radio_group("board_decision", b.decision_tip, list(b.decisions), positions, size=11, font_size=9,
                          meta={"board_use": True})
    x = LEFT + 24 + half
    field = b.decision_date
    lay.field_label(x, y - 9, field.label)
    lay.w.text_field(field.name, f"{b.heading}: {field.label} (YYYY-MM-DD)", x, y - 14 - BOX_FIELD_H, half,
                     BOX_FIELD_H, maxlen=field.maxlen, font_size=10, meta={"board_use": True, "format": "YYYY-MM-DD"})
    flow.y = top - box_h - 6
