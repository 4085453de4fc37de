"""What a user of another library would write to do formkit's job: each is a whole program.

    python benchmarks/peers.py collect-pikepdf IN_DIR OUT_DIR [--jobs N]
    python benchmarks/peers.py collect-pypdf   IN_DIR OUT_DIR
    python benchmarks/peers.py collect-pdftk   IN_DIR OUT_DIR
    python benchmarks/peers.py batch-pikepdf   BLANK COHORT.csv OUT_DIR
    python benchmarks/peers.py batch-pypdf     BLANK COHORT.csv OUT_DIR
    python benchmarks/peers.py batch-pypdfform BLANK COHORT.csv OUT_DIR
    python benchmarks/peers.py batch-pdftk     BLANK COHORT.csv OUT_DIR
    python benchmarks/peers.py jobdesc-docxtpl TEMPLATE.docx OUT_DIR
    python benchmarks/peers.py build-naive     OUT_DIR

Each runs at its library's fastest settings that still give a correct result (checked by
benchmarks/checks.py after the run): collect writes every field's value of every form to
values.csv (streamed) and values.jsonl, as formkit's collect writes responses.csv/.json; batch
writes one pre-filled PDF per cohort row with appearance streams, so the values show in every
viewer and on paper. Nothing is timed here: run.py times the whole process.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# -- collect ------------------------------------------------------------------------------------
def _pikepdf_values(path: Path) -> dict[str, str]:
    import pikepdf
    from pikepdf.form import Form

    with pikepdf.open(path) as pdf:
        return {name: _text(fld.value) for name, fld in Form(pdf).items() if fld.value is not None}


def _pypdf_values(path: Path) -> dict[str, str]:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fields = PdfReader(path).get_fields() or {}
    return {k: _text(v.get("/V")) for k, v in fields.items() if v.get("/V") is not None}


def _pdftk_values(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdftk", str(path), "dump_data_fields_utf8"], check=True, capture_output=True).stdout
    values: dict[str, str] = {}
    name = None
    for line in out.decode("utf-8").splitlines():
        if line.startswith("FieldName: "):
            name = line[11:]
        elif line.startswith("FieldValue: ") and name is not None:
            values[name] = line[12:]
    return values


def _text(value: object) -> str:
    """A field value as text; a radio's name value without its slash."""
    text = str(value)
    return text[1:] if text.startswith("/") else text


READERS = {"pikepdf": _pikepdf_values, "pypdf": _pypdf_values, "pdftk": _pdftk_values}


def _read_all(tool: str, files: list[Path], jobs: int) -> Iterator[tuple[Path, dict[str, str]]]:
    reader = READERS[tool]
    if jobs <= 1:
        yield from ((f, reader(f)) for f in files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        yield from zip(files, pool.map(reader, files, chunksize=16))


def collect(tool: str, in_dir: Path, out_dir: Path, jobs: int = 1) -> None:
    """Every value of every form, streamed to values.csv and values.jsonl as it is read."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted(in_dir.glob("*.pdf"))
    with (out_dir / "values.csv").open("w", encoding="utf-8", newline="") as table, \
            (out_dir / "values.jsonl").open("w", encoding="utf-8") as lines:
        rows = csv.writer(table)
        rows.writerow(["file", "field", "value"])
        for path, values in _read_all(tool, files, jobs):
            rows.writerows([path.name, k, v] for k, v in values.items())
            lines.write(json.dumps({"file": path.name, "values": values}, ensure_ascii=False) + "\n")


# -- batch --------------------------------------------------------------------------------------
def cohort(path: Path) -> list[dict[str, str]]:
    """The rows of a cohort file, as the checklist's applicant fields."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{"applicant_id": r["id"], "applicant_name": r["name"], "organisation": r.get("organisation", "")}
                for r in csv.DictReader(handle)]


def batch_pikepdf(blank: Path, rows: list[dict[str, str]], out: Path) -> None:
    """pikepdf's Form: the blank opened once; each applicant's values set (pikepdf draws each
    text field's appearance as its value is set) and the file saved."""
    import pikepdf
    from pikepdf.form import Form

    with pikepdf.open(blank) as pdf:
        form = Form(pdf)
        for i, row in enumerate(rows):
            for name, value in row.items():
                form[name].value = value
            pdf.save(out / f"{i:05d}.pdf")


def batch_pypdf(blank: Path, rows: list[dict[str, str]], out: Path) -> None:
    """pypdf's incremental fill: only the changed fields and their appearances are appended."""
    from pypdf import PdfWriter

    data = blank.read_bytes()
    import io

    for i, row in enumerate(rows):
        writer = PdfWriter(io.BytesIO(data), incremental=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            writer.update_page_form_field_values(writer.pages[0], row, auto_regenerate=False)
        writer.write(out / f"{i:05d}.pdf")


def batch_pypdfform(blank: Path, rows: list[dict[str, str]], out: Path) -> None:
    """PyPDFForm with its own appearance streams (without them most viewers show empty boxes)."""
    from PyPDFForm import PdfWrapper

    for i, row in enumerate(rows):
        filled = PdfWrapper(str(blank), generate_appearance_streams=True).fill(row)
        (out / f"{i:05d}.pdf").write_bytes(filled.read())


def batch_pdftk(blank: Path, rows: list[dict[str, str]], out: Path) -> None:
    """pdftk fill_form with UTF-8 XFDF, one process per applicant, as a shell loop runs it."""
    from xml.sax.saxutils import escape

    data = out / "data.xfdf"
    for i, row in enumerate(rows):
        fields = "".join(f'<field name="{k}"><value>{escape(v)}</value></field>' for k, v in row.items())
        data.write_text('<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/">'
                        f"<fields>{fields}</fields></xfdf>", encoding="utf-8")
        subprocess.run(["pdftk", str(blank), "fill_form", str(data), "output", str(out / f"{i:05d}.pdf")],
                       check=True, capture_output=True)
    data.unlink()


BATCH = {"pikepdf": batch_pikepdf, "pypdf": batch_pypdf, "pypdfform": batch_pypdfform, "pdftk": batch_pdftk}


# -- build --------------------------------------------------------------------------------------
def build_naive(out: Path) -> None:
    """The default set, rendered by formkit's own renderers one after another in one process and
    written as each is done: no worker pool, nothing cached. What build's parallel plan is
    measured against."""
    from formkit.catalog.effective import effective_catalog
    from formkit.context import resolve
    from formkit.documents.pipeline import FAMILIES, render_family

    context = resolve(effective_catalog(()), list(FAMILIES))
    for family in FAMILIES:
        for artifact in render_family(family, context):
            target = out / artifact.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(artifact.data)


# -- job descriptions ---------------------------------------------------------------------------
def jobdesc_docxtpl(template: Path, out: Path) -> None:
    """The default roles through docxtpl's Jinja template (autoescape on), one .docx each."""
    from docxtpl import DocxTemplate

    from benchmarks.fixtures import docxtpl_contexts

    out.mkdir(parents=True, exist_ok=True)
    for context in docxtpl_contexts():
        document = DocxTemplate(str(template))
        document.render(context, autoescape=True)
        document.save(str(out / f"{context['title'].lower().replace(' ', '-')}.docx"))


def main(argv: list[str]) -> None:
    verb, args = argv[1], argv[2:]
    if verb.startswith("collect-"):
        jobs = int(args[3]) if len(args) > 3 and args[2] == "--jobs" else 1
        collect(verb.split("-", 1)[1], Path(args[0]), Path(args[1]), jobs)
    elif verb.startswith("batch-"):
        out = Path(args[2])
        out.mkdir(parents=True, exist_ok=True)
        BATCH[verb.split("-", 1)[1]](Path(args[0]), cohort(Path(args[1])), out)
    elif verb == "jobdesc-docxtpl":
        jobdesc_docxtpl(Path(args[0]), Path(args[1]))
    elif verb == "build-naive":
        build_naive(Path(args[0]))
    else:
        raise SystemExit(f"unknown verb {verb!r}; see the module's docstring")


if __name__ == "__main__":
    main(sys.argv)
