"""Filled certification checklists for the `checkread` benchmark case (issue 19).

Three checklists of the icrc-pr board are filled with pdftk, every competency rated and verified,
hours logged against each minimum, and signed (a signature dictionary in each /Sig field, as a
signing tool writes one): one that passes, one with a competency "Not yet met", one the evaluator
did not sign. Each applicant's copy adds their name and id as an incremental update, as a reader
saves (formkit's batch filler), so no two files are the same bytes. expected.jsonl, written last,
gives each file's values and the verdict a board would reach; a set is made once per --workdir.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

BOARD = "icrc-pr"
DOMAINS = {"advocacy": "10", "mentoring": "10", "recovery": "10", "ethics": "16"}
SIGNERS = ("applicant", "supervisor", "evaluator")
# (change to the passing fill, who signs, the verdict)
PATTERNS: tuple[tuple[dict[str, str], tuple[str, ...], str], ...] = (
    ({}, SIGNERS, "eligible"),
    ({"r_CC3_2": "NOTMET"}, SIGNERS, "not yet"),
    ({}, ("applicant", "supervisor"), "incomplete"),
)


def _passing(schema: dict[str, Any]) -> dict[str, str]:
    values = {"credential": "Peer Recovery", "organisation": "Harbor", "supervisor_name": "Sam Super",
              "narrative": "I found recovery through peers and now walk beside others.", "pass_result": "YES"}
    for fld in schema["fields"]:
        name = fld["name"]
        if fld.get("kind") == "radio" and name.startswith("r_"):
            fid = name[2:]
            values.update({name: "MEETS", f"v_{fid}_observation": "Yes", f"d_{fid}": "2026-11-02", f"i_{fid}": "EV"})
    for row, (dom, hours) in enumerate(DOMAINS.items(), start=1):
        values.update({f"training_{row}_hours": hours, f"training_{row}_dom_{dom}": hours})
    values.update({"experience_1_hours": "500", "supervision_1_hours": "25"})
    values.update({f"{who}_date": "2026-11-20" for who in SIGNERS})
    return values


def _xfdf(values: dict[str, str]) -> str:
    from xml.sax.saxutils import escape

    fields = "".join(f'<field name="{escape(k)}"><value>{escape(v)}</value></field>' for k, v in values.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">'
            f"<fields>{fields}</fields></xfdf>\n")


def _sign(path: Path, signers: tuple[str, ...]) -> None:
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for fld in pdf.Root.AcroForm.Fields:
            if str(fld.get("/T", "")) in {f"{who}_signature" for who in signers}:
                fld.V = pdf.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.Sig, Filter=pikepdf.Name("/Adobe.PPKLite"),
                    SubFilter=pikepdf.Name("/adbe.pkcs7.detached"), Contents=pikepdf.String(b"\x00" * 64),
                    ByteRange=pikepdf.Array([0, 10, 20, 30])))
        pdf.save(path)


def make_checklist_set(workdir: Path, count: int) -> Path:
    """``count`` filled checklists in workdir/checkread-COUNT (made once; expected.jsonl marks a finished set)."""
    from formkit.catalog.effective import effective_catalog
    from formkit.context import resolve
    from formkit.documents.checklist import blank_pdf
    from formkit.documents.checklist.fastfill import FastFiller
    from formkit.pdfform.read import read_form

    folder = workdir / f"checkread-{count}"
    if (folder / "expected.jsonl").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    blank = workdir / f"checklist-{BOARD}.pdf"
    blank.write_bytes(blank_pdf(resolve(effective_catalog(()), ["checklists"], board=BOARD)))
    schema = read_form(blank).schema or {}
    fillers = []
    for n, (change, signers, _) in enumerate(PATTERNS):
        base, data = workdir / f"checkread-base-{n}.pdf", workdir / f"checkread-base-{n}.xfdf"
        data.write_text(_xfdf({**_passing(schema), **change}), encoding="utf-8")
        subprocess.run(["pdftk", str(blank), "fill_form", str(data), "output", str(base)], check=True)
        _sign(base, signers)
        fillers.append(FastFiller(base.read_bytes(), ["applicant_name", "applicant_id"]))
    expected = []
    for i in range(count):
        values = {"applicant_name": f"Applicant {i:05d}", "applicant_id": f"A{i:05d}"}
        name = f"checklist-{i:05d}.pdf"
        (folder / name).write_bytes(fillers[i % len(PATTERNS)].fill(values))
        expected.append({"file": name, "values": values, "verdict": PATTERNS[i % len(PATTERNS)][2]})
    (folder / "fields.json").write_text("{}", encoding="utf-8")
    with (folder / "expected.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in expected)
    return folder


__all__ = ["make_checklist_set"]
