"""Page 4, filled forms in: upload many PDFs at once, see each file's result as `formkit collect`
reports it, and the people and cohort pages over every form kept.

An upload is bounded (request size, file count, bytes per file); a file must start as a PDF
does; it is kept under the sha256 of its bytes, never under the name the browser sent (that name
is only shown, escaped); it is read, never run.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from . import answers, choices
from .app import state
from .datafolder import DataFolder, read_bounded
from .settings import ServeSettings
from .wording import say, say_count

bp = Blueprint("uploads", __name__)
COHORT_MINIMUM = 5  # a group smaller than this is not shown: its people could be recognised


@dataclass
class FileResult:
    """One uploaded file as the results table shows it."""

    file: str  # the name the browser sent: shown (escaped), never used as a path
    ok: bool = False
    text: str = ""
    path: Path | None = None  # where it is kept, while it waits to be read


def _receive(files: list[Any], settings: ServeSettings, folder: DataFolder) -> list[FileResult]:
    """Each file checked (size, PDF signature) and kept under its hash, or its reason why not."""
    results = []
    for upload_file in files:
        result = FileResult(upload_file.filename or "file")
        data = read_bounded(upload_file, settings.max_file_bytes)
        if len(data) > settings.max_file_bytes:
            result.text = say("upload_too_large", megabytes=settings.max_file_bytes // 2**20)
        elif not data[:1024].lstrip().startswith(b"%PDF-"):
            result.text = say("upload_not_pdf")
        else:
            result.path = folder.keep_upload(data)
        results.append(result)
    return results


def _read(results: list[FileResult], catalog: Any) -> list[Path]:
    """Read the kept files as `formkit collect` does; fill in each result; the paths read well."""
    outcomes = dict(answers.read([r.path for r in results if r.path is not None], catalog))
    good = []
    for result in results:
        if result.path is None:
            continue
        outcome = outcomes[result.path]
        if isinstance(outcome, str):
            result.text = outcome
            continue
        result.ok = True
        good.append(result.path)
        answered = sum(1 for r in outcome.ratings if r.value)
        result.text = "; ".join([say_count("upload_answers", answered, person=outcome.person or say("upload_no_name")),
                                 *(say("upload_warning", warning=w) for w in outcome.warnings)])
    return good


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> Any:
    settings, folder = state()
    if request.method == "GET":
        return render_template("upload.html", results=None, problem="", limits=settings)
    files = [f for f in request.files.getlist("forms") if f.filename]
    problem = ""
    if not files:
        problem = say("upload_none")
    elif len(files) > settings.max_files:
        problem = say("upload_too_many", count=len(files), limit=settings.max_files)
    if problem:
        for upload_file in files:
            upload_file.close()
        return render_template("upload.html", results=None, limits=settings, problem=problem), 400
    catalog = choices.effective(folder, [])
    results = _receive(files, settings, folder)
    good = _read(results, catalog)
    stored = answers.ingest(settings, folder, good, catalog)
    return render_template("upload.html", results=results, problem="", limits=settings, stored=stored,
                           count=len(good)), 200


def _people(index: dict[str, dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    people: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    for name, entry in sorted(index.items()):
        people[(entry["person"] or "(no name)", entry["program"])].append({**entry, "file": name})
    for forms in people.values():
        forms.sort(key=lambda e: (e["date"], e["round"]))
    return dict(sorted(people.items()))


@bp.route("/people")
def people() -> Any:
    _settings, folder = state()
    from .storereports import store_people

    return render_template("people.html", people=_people(answers.load_index(folder)), stored=store_people())


@bp.route("/people/<name>.pdf")
def person_pdf(name: str) -> Any:
    """The supervision summary of one kept form (the PDF `formkit collect --report` writes)."""
    from ..collect.report import render_report

    _settings, folder = state()
    file_name = f"{name}.pdf"
    if file_name not in answers.load_index(folder):
        abort(404)
    catalog = choices.effective(folder, [])
    kept = folder.inside("uploads", file_name)
    outcome = dict(answers.read([kept if kept.is_file() else folder.inside("forms", file_name)], catalog))
    response = next(iter(outcome.values()))
    if isinstance(response, str):
        abort(404)
    return Response(render_report(response, catalog), mimetype="application/pdf")


def cohort_table(index: dict[str, dict[str, Any]], catalog: Any, round_name: str = "") -> dict[str, Any]:
    """Per category, how many answers took each point of the scale (the newest form per person
    of the round), and the groups too small to show."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in sorted(index.values(), key=lambda e: (e["date"], e["round"])):
        if not round_name or entry["round"] == round_name:
            latest[(entry["person"], entry["program"])] = entry
    scale = catalog.scale(catalog.rating_scale)
    rows = []
    for cat in catalog.categories:
        counts = collections.Counter(value for entry in latest.values() for cid, (category, value, _label)
                                     in entry["ratings"].items() if category == cat.id and value)
        rows.append({"id": cat.id, "title": cat.title, "counts": [counts.get(p.value, 0) for p in scale.choices],
                     "total": sum(counts.values())})
    return {"people": len(latest), "rows": rows, "labels": [p.label for p in scale.choices],
            "shown": len(latest) >= COHORT_MINIMUM}


@bp.route("/cohort")
def cohort() -> Any:
    _settings, folder = state()
    index = answers.load_index(folder)
    round_name = request.args.get("round", "")
    rounds = sorted({entry["round"] for entry in index.values() if entry["round"]})
    table = cohort_table(index, choices.effective(folder, []), round_name if round_name in rounds else "")
    return render_template("cohort.html", table=table, rounds=rounds, round_name=round_name,
                           minimum=COHORT_MINIMUM)
