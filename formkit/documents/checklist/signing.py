"""The checklist's last page, described once: who signs what, and the board's own box.

A board's checklist is a sworn document: the applicant attests to the truth of it and to the
board's code of ethics, the supervisor to the hours, the evaluator to the ratings, each with a
real signature field; then a "for board use only" box (received, reviewed by, decision, date)
that the board's staff fill in. Text and field names only; checklist/pdf.py and docx.py draw it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...catalog.locale import Wording

SUPERVISOR_FIELDS = (("supervisor_name", 120), ("supervisor_credential", 80), ("supervisor_organisation", 120),
                     ("supervisor_contact", 120), ("supervisor_years", 10))
# who signs, in the order a board reads them: (signer, wording key of the heading and text, fields)
SIGNERS = (("applicant", "applicant_attestation", ()),
           ("supervisor", "attestation", SUPERVISOR_FIELDS),
           ("evaluator", "evaluator_attestation", ()))
DECISIONS = ("APPROVED", "DENIED", "INCOMPLETE")


@dataclass(frozen=True)
class TextField:
    name: str
    label: str
    maxlen: int


@dataclass(frozen=True)
class Signature:
    who: str  # applicant, supervisor, evaluator
    label: str
    date_label: str
    date_tip: str


@dataclass(frozen=True)
class Attestation:
    """One signer's statement, the fields about them, and their signature and date."""

    heading: str
    text: str
    fields: tuple[TextField, ...]
    signature: Signature


@dataclass(frozen=True)
class BoardUse:
    """The box the board's staff fill in: received, reviewed by, the decision, its date."""

    heading: str
    received: TextField
    reviewed_by: TextField
    decision_label: str
    decision_tip: str
    decisions: tuple[tuple[str, str], ...]  # (export value, label)
    decision_date: TextField


def attestations(words: Wording) -> tuple[Attestation, ...]:
    out = []
    for who, key, fields in SIGNERS:
        label, date_label = words(f"checklist.{who}_signature"), words(f"checklist.{who}_date")
        signature = Signature(who, label, date_label, words("checklist.tip_date_field", what=f"{label}: {date_label}"))
        out.append(Attestation(heading=words(f"checklist.{key}_heading"), text=words(f"checklist.{key}_text"),
                               fields=tuple(TextField(name, words(f"checklist.{name}"), maxlen)
                                            for name, maxlen in fields),
                               signature=signature))
    return tuple(out)


def board_use(words: Wording) -> BoardUse:
    def field(name: str, maxlen: int) -> TextField:
        return TextField(f"board_{name}", words(f"checklist.board_{name}"), maxlen)

    return BoardUse(heading=words("checklist.board_use_heading"), received=field("received", 10),
                    reviewed_by=field("reviewed_by", 80), decision_label=words("checklist.board_decision"),
                    decision_tip=words("checklist.tip_board", what=words("checklist.board_decision")),
                    decisions=tuple((v, words(f"checklist.board_decision_{v.lower()}")) for v in DECISIONS),
                    decision_date=field("decision_date", 10))


__all__ = ["Attestation", "BoardUse", "Signature", "TextField", "attestations", "board_use"]
