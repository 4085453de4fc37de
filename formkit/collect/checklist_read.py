"""Reading a filled certification checklist back into plain data, one :class:`ChecklistResponse` per file.

The checklist (formkit.documents.checklist) embeds the same kind of field schema as a
self-assessment: every field's name, kind, position and meaning (``competency``, ``method``,
``log``/``row``/``column``, ``total``). So the fields are mapped by the schema the file carries,
whoever filled it, and a flattened copy is read from its pages by the same rules as a
self-assessment's (formkit.collect.flattened). Nothing is judged here: what the board's rules
make of the answers is formkit.collect.eligibility's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core._memo import remember

SIGNERS = ("applicant", "supervisor", "evaluator")
LOGS = ("training", "experience", "supervision")
APPLICANT = ("applicant_name", "applicant_id", "credential", "organisation")
SUPERVISOR = ("supervisor_name", "supervisor_credential", "supervisor_organisation", "supervisor_contact",
              "supervisor_years")
TYPED = re.compile(r"\s*/?s/\s*(\S.*?)\s*")  # "/s/ Jane Doe", typed (readers drop a leading slash: "s/ Jane Doe")

# What a signature field holds, as collect reports it
SIGNED, TYPED_SIGNATURE, EMPTY, UNKNOWN = "signed", "typed", "missing", "not checkable"


@dataclass(frozen=True)
class Signature:
    """One signer's signature field and date, as found on the form."""

    who: str
    state: str  # SIGNED, TYPED_SIGNATURE, EMPTY or UNKNOWN (a flattened copy keeps no signature field)
    typed_name: str  # the name after "/s/" when typed
    date: str


@dataclass(frozen=True)
class CompetencyEntry:
    """One competency row: how it was verified, the rating, the date and the evaluator's initials."""

    competency_id: str
    methods: tuple[str, ...]
    rating: str
    rating_label: str
    date: str
    initials: str


@dataclass
class ChecklistResponse:
    """Everything one filled checklist says, with the board and version it was made for."""

    file: str
    board: dict[str, str]  # id, name, form, version: from the form's schema
    catalog_id: str
    catalog_version: str
    applicant: dict[str, str]
    competencies: list[CompetencyEntry]
    stated_counts: dict[str, str]  # the evaluator's own counts per rating, as typed
    stated_result: str  # the evaluator's YES / NO
    evaluator_name: str
    log_cells: dict[str, list[tuple[int, str, str]]]  # log -> [(row, column, text)], only cells with text
    stated_totals: dict[tuple[str, str], str]  # (log, column) -> the total the person typed
    narrative: str
    signatures: dict[str, Signature]
    supervisor: dict[str, str]
    flattened: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def person(self) -> str:
        return self.applicant.get("applicant_name", "")


def signature_state(value: str) -> tuple[str, str]:
    """(state, typed name) of a signature field's value as the readers give it.

    A signed field's value is a signature dictionary (ISO 32000-1, 12.8.1: /ByteRange and
    /Contents at least), which formkit's readers give as ``SIGNED_VALUE``. Whether the signature is
    cryptographically valid is not checked here: that needs the signer's certificate chain.
    """
    from ..pdfform.fastfields import SIGNED_VALUE

    text = value.strip()
    if text == SIGNED_VALUE:
        return SIGNED, ""
    typed = TYPED.fullmatch(text)
    if typed:
        return TYPED_SIGNATURE, typed.group(1)
    return EMPTY, ""


def read_checklist(path: str, schema: dict[str, Any], values: dict[str, str], flattened: bool,
                   warnings: list[str]) -> ChecklistResponse:
    """The checklist's answers by its schema; ``values`` as read (or read from the pages when
    ``flattened``). Raises KeyError/TypeError/ValueError on a schema of the wrong shape (the caller
    turns those into "not a formkit form")."""
    def get(name: str) -> str:
        value = values.get(name, "")
        return "" if value == "Off" else str(value)

    steps, labels, signature_fields = _steps(schema)
    competencies: dict[str, dict[str, Any]] = {}
    log_cells: dict[str, list[tuple[int, str, str]]] = {log: [] for log in LOGS}
    totals: dict[tuple[str, str], str] = {}
    counts: dict[str, str] = {}
    lookup = values.get
    for step in steps:  # indexed, not star-unpacked: about 900 steps a checklist
        kind, value = step[0], lookup(step[1], "")
        value = "" if value == "Off" else str(value)
        if kind == _COMPETENCY:
            entry = competencies.get(step[2])
            if entry is None:
                entry = competencies[step[2]] = {"methods": [], "rating": "", "date": "", "initials": ""}
            if step[3] != "methods":
                entry[step[3]] = value if step[3] == "rating" else value.strip()
            elif value:
                entry["methods"].append(step[4])
        elif kind == _LOG_CELL:
            if value.strip():
                log_cells.setdefault(step[2], []).append((step[3], step[4], value))
        elif kind == _LOG_TOTAL:
            if value.strip():
                totals[(step[2], step[3])] = value
        else:
            counts[step[2]] = value
    board = {key: str(value) for key, value in (schema.get("board") or {}).items()}
    catalog = schema.get("catalog") or {}
    return ChecklistResponse(
        file=path, board=board, catalog_id=str(catalog.get("id", "")), catalog_version=str(catalog.get("version", "")),
        applicant={key: get(key) for key in APPLICANT},
        competencies=[CompetencyEntry(cid, tuple(e["methods"]), e["rating"], labels.get(cid, {}).get(e["rating"], ""),
                                      e["date"], e["initials"]) for cid, e in competencies.items()],
        stated_counts=counts, stated_result=get("pass_result"), evaluator_name=get("evaluator_name"),
        log_cells=log_cells, stated_totals=totals, narrative=get("narrative"),
        signatures=_signatures(signature_fields, values, flattened), supervisor={key: get(key) for key in SUPERVISOR},
        flattened=flattened, warnings=warnings)


# How each schema field maps into a ChecklistResponse, worked out once per schema: a cohort's
# checklists share one schema (read_form's shared_schema), so its 600-odd fields are looked at once.
_COMPETENCY, _LOG_CELL, _LOG_TOTAL, _COUNT = range(4)
Steps = tuple[list[tuple[Any, ...]], dict[str, dict[str, str]], frozenset[str]]
_STEPS: dict[int, tuple[dict[str, Any], Steps]] = {}


def _steps(schema: dict[str, Any]) -> Steps:
    """(steps, rating labels by competency, names of the signature fields) for ``schema``; every
    look-up a forged schema can fail is made here, so it fails the same way whatever the answers are."""
    known = _STEPS.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    steps: list[tuple[Any, ...]] = []
    labels: dict[str, dict[str, str]] = {}
    signature_fields: set[str] = set()
    for fld in schema.get("fields", []):
        meta, name = fld.get("meta") or {}, str(fld["name"])
        if fld.get("kind") == "signature":
            signature_fields.add(name)
        if "competency" in meta:
            cid = str(meta["competency"])
            if "method" in meta:
                steps.append((_COMPETENCY, name, cid, "methods", str(meta["method"])))
            elif fld.get("kind") == "radio":
                steps.append((_COMPETENCY, name, cid, "rating"))
                labels[cid] = {str(c["value"]): str(c.get("label", "")) for c in fld.get("choices", [])}
            else:
                steps.append((_COMPETENCY, name, cid, "date" if name.startswith("d_") else "initials"))
        elif "log" in meta and "row" in meta:
            steps.append((_LOG_CELL, name, str(meta["log"]), int(meta["row"]), str(meta["column"])))
        elif "log" in meta and "total" in meta:
            steps.append((_LOG_TOTAL, name, str(meta["log"]), str(meta["total"])))
        elif "rating" in meta:
            steps.append((_COUNT, name, str(meta["rating"])))
    known_steps = steps, labels, frozenset(signature_fields)
    remember(_STEPS, id(schema), (schema, known_steps), 16)
    return known_steps


def _signatures(names: frozenset[str], values: dict[str, str], flattened: bool) -> dict[str, Signature]:
    """Each signer's signature field (``names``: the schema's) and date; a flattened copy has no
    signature field left to look at."""
    out = {}
    for who in SIGNERS:
        if f"{who}_signature" not in names:
            continue
        date = values.get(f"{who}_date", "").strip()
        if flattened:
            out[who] = Signature(who, UNKNOWN, "", date)
            continue
        state, typed = signature_state(values.get(f"{who}_signature", ""))
        out[who] = Signature(who, state, typed, date)
    return out


__all__ = ["ChecklistResponse", "CompetencyEntry", "EMPTY", "SIGNED", "Signature", "TYPED_SIGNATURE", "UNKNOWN",
           "read_checklist", "signature_state"]
