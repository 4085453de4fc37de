"""Is a contender's output right? Checked after its timed runs, with tools that are not the contender.

A fast wrong answer is reported as wrong, beside its speed. collect: every value the fixture put in
each form must come back (formkit's responses.json is mapped to field names through the form's
own field list). batch: every applicant got a file; for a sample, the values read back with pypdf
are the applicant's, and once qpdf has flattened the file, poppler finds the applicant's name drawn
inside the name field's own box (so the value is visible in a viewer and on paper).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Verdict:
    right: int
    checked: int
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.checked > 0 and self.right == self.checked

    def __str__(self) -> str:
        word = "right" if self.ok else "WRONG"
        return f"{word}: {self.right:,} of {self.checked:,} {self.detail}".strip()


def _expected(set_dir: Path) -> list[dict[str, Any]]:
    with (set_dir / "expected.jsonl").open(encoding="utf-8") as rows:
        return [json.loads(line) for line in rows]


def collect_formkit(out_dir: Path, set_dir: Path) -> Verdict:
    """formkit's responses.json against what the fixture filled in (ratings, notes, name)."""
    fields = json.loads((set_dir / "fields.json").read_text(encoding="utf-8"))
    got = {Path(r["file"]).name: r for r in json.loads((out_dir / "responses.json").read_text(encoding="utf-8"))}
    right = checked = 0
    for row in _expected(set_dir):
        person = got.get(row["file"])
        ratings = {r["competency_id"]: r for r in person["ratings"]} if person else {}
        for name, value in row["values"].items():
            meta = fields[name]
            if "competency" in meta:
                key = "notes" if meta.get("notes") else "value"
                found = ratings.get(meta["competency"], {}).get(key)
            elif meta.get("identity") == "name":
                found = (person or {}).get("identity", {}).get("name")
            else:
                continue
            checked += 1
            right += found == value
    return Verdict(right, checked, "ratings, notes and names read back as filled")


def checkread_formkit(out_dir: Path, set_dir: Path) -> Verdict:
    """formkit's eligibility.csv against the verdict and the name each checklist was filled for."""
    import csv

    with (out_dir / "eligibility.csv").open(encoding="utf-8", newline="") as rows:
        got = {Path(r["file"]).name: r for r in csv.DictReader(rows)}
    right = checked = 0
    for row in _expected(set_dir):
        found = got.get(row["file"], {})
        checked += 1
        want = (row["verdict"], row["values"]["applicant_name"])
        right += (found.get("verdict"), found.get("applicant_name")) == want
    return Verdict(right, checked, "verdicts and names in eligibility.csv as expected")


def collect_peer(out_dir: Path, set_dir: Path) -> Verdict:
    """A peer's values.jsonl against every value the fixture filled in."""
    with (out_dir / "values.jsonl").open(encoding="utf-8") as rows:
        got = {r["file"]: r["values"] for r in map(json.loads, rows)}
    right = checked = 0
    for row in _expected(set_dir):
        values = got.get(row["file"], {})
        for name, value in row["values"].items():
            checked += 1
            right += values.get(name) == value
    return Verdict(right, checked, "values read back as filled")


def batch(out_dir: Path, rows: list[dict[str, str]], sample: int = 4) -> Verdict:
    """One file per applicant; a sample read back and checked as drawn in the name's own box."""
    files = sorted(p for p in out_dir.rglob("*.pdf"))
    if len(files) != len(rows):
        return Verdict(0, len(rows), f"files: {len(files)} written for {len(rows)} applicants")
    by_id = {r["applicant_id"]: r for r in rows}
    picks = sorted({0, len(files) // 3, 2 * len(files) // 3, len(files) - 1})[:sample]
    right = 0
    problems = []
    for index in picks:
        problem = _check_prefilled(files[index], by_id)
        right += problem is None
        if problem:
            problems.append(f"{files[index].name}: {problem}")
    detail = "sampled files: values and drawn name in its box" + (f" ({problems[0]})" if problems else "")
    return Verdict(right, len(picks), detail)


def _check_prefilled(path: Path, by_id: dict[str, dict[str, str]]) -> str | None:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(path)
        values = {k: str(v.get("/V", "")) for k, v in (reader.get_fields() or {}).items()}
        row = by_id.get(values.get("applicant_id", ""))
        if row is None:
            return f"no applicant with id {values.get('applicant_id')!r}"
        wrong = [k for k, v in row.items() if v and values.get(k) != v]
        if wrong:
            return f"values differ: {wrong}"
        page, rect, height = _widget(reader, "applicant_name")
    words = _drawn_words(path, page, height)
    first = row["applicant_name"].split()[0]
    inside = [w for w in words if w[0] == first and rect[0] - 1 <= w[1] and w[3] <= rect[2] + 1
              and rect[1] - 1 <= w[2] and w[4] <= rect[3] + 1]
    return None if inside else f"{first!r} not drawn inside the name box"


def _widget(reader: Any, name: str) -> tuple[int, tuple[float, ...], float]:
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/T") == name or annot.get("/Parent", {}).get("/T") == name:
                return index, tuple(float(v) for v in annot["/Rect"]), float(page.mediabox.height)
    raise LookupError(name)


def _drawn_words(path: Path, page: int, height: float) -> list[tuple[str, float, float, float, float]]:
    """Words on the page after qpdf flattens the widgets into it: (text, x1, y1, x2, y2) in PDF space."""
    with tempfile.TemporaryDirectory() as tmp:
        flat = Path(tmp) / "flat.pdf"
        subprocess.run(["qpdf", "--flatten-annotations=all", str(path), str(flat)], check=False, capture_output=True)
        html = subprocess.run(["pdftotext", "-f", str(page + 1), "-l", str(page + 1), "-bbox", str(flat), "-"],
                              check=True, capture_output=True, text=True).stdout
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    return [(m[5], float(m[1]), height - float(m[4]), float(m[3]), height - float(m[2]))
            for m in pattern.finditer(html)]


def docx_files(folder: Path, expected: int) -> Verdict:
    """Every Word file opens in python-docx and holds text (LibreOffice conversion is a test's job)."""
    import docx

    files = sorted(folder.rglob("*.docx"))
    good = sum(bool("".join(p.text for p in docx.Document(str(f)).paragraphs).strip()) for f in files)
    return Verdict(good, max(expected, 1), "Word files that open and hold text")


def store_rows(db: Path, out_dir: Path) -> Verdict:
    """`collect --db`: every form of responses.json is a submission in the store, with its answers
    (read with sqlite3, not formkit): per file, the number of answers stored against read."""
    import sqlite3

    read = {r["file"]: len(r["ratings"]) for r in json.loads((out_dir / "responses.json").read_text(encoding="utf-8"))}
    with sqlite3.connect(db) as connection:
        stored = dict(connection.execute("SELECT s.source_file, count(a.competency_id) FROM submissions s "
                                         "LEFT JOIN answers a ON a.submission_id = s.submission_id "
                                         "GROUP BY s.submission_id"))
    right = sum(stored.get(file) == count for file, count in read.items())
    return Verdict(right, len(read), "forms stored with every answer read")


def cohort_csv(db: Path, csv_path: Path) -> Verdict:
    """`report cohort`: each (round, rater, category) row's people and counts per rating, "not yet"
    and blank, against the store counted by sqlite3 (the newest version of each form)."""
    import csv
    import sqlite3

    query = ("SELECT s.round, s.rater, a.category_id, count(DISTINCT s.person_id), "
             + ", ".join(f"sum(a.rating_value = {v})" for v in (1, 2, 3, 4))
             + ", sum(a.rating_value IS NULL AND trim(a.rating_label) != ''), "
               "sum(a.rating_value IS NULL AND trim(a.rating_label) = '') "
               "FROM answers a JOIN submissions s ON s.submission_id = a.submission_id WHERE NOT EXISTS "
               "(SELECT 1 FROM submissions n WHERE n.person_id = s.person_id AND n.rater = s.rater "
               "AND n.round = s.round AND n.version > s.version) GROUP BY s.round, s.rater, a.category_id")
    with sqlite3.connect(db) as connection:
        truth = {tuple(row[:3]): [str(v) for v in row[3:]] for row in connection.execute(query)}
    columns = ("people", "rating_1", "rating_2", "rating_3", "rating_4", "not_yet", "blank")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    right = sum(truth.get((r["round"], r["rater"], r["category_id"])) == [r[c] for c in columns] for r in rows)
    return Verdict(right, max(len(rows), len(truth)), "round × category rows as sqlite3 counts them")


def person_csv(db: Path, csv_path: Path, person_id: str) -> Verdict:
    """`report person`: each (round, rater, competency) rating in the CSV as the store holds it."""
    import csv
    import sqlite3

    with sqlite3.connect(db) as connection:
        truth = {(r, who, k): "" if v is None else str(v) for r, who, k, v in connection.execute(
            "SELECT s.round, s.rater, a.competency_id, a.rating_value FROM answers a JOIN submissions s "
            "ON s.submission_id = a.submission_id WHERE s.person_id = ?", (person_id,))}
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    right = sum(truth.get((r["round"], r["rater"], r["competency_id"])) == r["rating_value"] for r in rows)
    return Verdict(right, max(len(rows), len(truth)), "ratings as the store holds them")
