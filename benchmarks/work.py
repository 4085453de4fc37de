"""One measured unit of work, run in a fresh interpreter by benchmarks/run.py.

    python benchmarks/work.py CASE TOOL N WORKDIR

Imports and setup happen before the clock starts; the loop over N items is timed. Prints
one JSON line: {"seconds": wall time of the loop, "items": N, "maxrss_kib": peak RSS}. The
peak is this process's VmHWM (getrusage's ru_maxrss would also count the parent it was
forked from) or, when the tool runs as child processes (pdftk), the largest child's.
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

Loop = Callable[[], int]


# -- collect: read N filled booklets ------------------------------------------------------
def _booklets(workdir: Path, n: int) -> list[Path]:
    files = sorted((workdir / "filled").glob("*.pdf"))
    if len(files) < n:
        raise SystemExit(f"only {len(files)} filled booklets in {workdir}/filled; run benchmarks/run.py")
    return files[:n]


def collect_formkit(n: int, workdir: Path, jobs: int | None = None) -> Loop:
    from formkit.catalog.effective import effective_catalog
    from formkit.collect import collect

    catalog = effective_catalog(())
    files = _booklets(workdir, n)

    def loop() -> int:
        result = collect(files, catalog, jobs=jobs)
        assert not result.failures, result.failures[:1]
        assert all(r.ratings and r.identity.get("name") for r in result.responses)
        return len(result.responses)
    return loop


def collect_pypdf(n: int, workdir: Path) -> Loop:
    from pypdf import PdfReader

    files = _booklets(workdir, n)

    def loop() -> int:
        for f in files:
            fields = PdfReader(f).get_fields() or {}
            values = {k: v.get("/V") for k, v in fields.items()}
            assert values
        return len(files)
    return loop


def collect_pikepdf(n: int, workdir: Path) -> Loop:
    import pikepdf
    from pikepdf.form import Form

    files = _booklets(workdir, n)

    def loop() -> int:
        for f in files:
            with pikepdf.open(f) as pdf:
                values = {name: fld.value for name, fld in Form(pdf).items()}
            assert values
        return len(files)
    return loop


def collect_pdftk(n: int, workdir: Path) -> Loop:
    files = _booklets(workdir, n)

    def loop() -> int:
        for f in files:
            out = subprocess.run(["pdftk", str(f), "dump_data_fields_utf8"], check=True, capture_output=True).stdout
            assert b"FieldValue:" in out
        return len(files)
    return loop


# -- job descriptions: N DOCX ---------------------------------------------------------------
def jobdesc_formkit(n: int, workdir: Path) -> Loop:
    from formkit.catalog.effective import effective_catalog
    from formkit.context import resolve
    from formkit.documents.jobdesc.render import render_role

    context = resolve(effective_catalog(()), ["job-descriptions"])  # roles and template read once
    roles = list(context.roles.values())

    def loop() -> int:
        for i in range(n):
            data = render_role(context, roles[i % len(roles)])
            assert data[:2] == b"PK"
        return n
    return loop


def jobdesc_docxtpl(n: int, workdir: Path) -> Loop:
    from docxtpl import DocxTemplate

    from benchmarks.fixtures import docxtpl_contexts

    template = workdir / "jobdesc-template.docx"
    contexts = docxtpl_contexts()

    def loop() -> int:
        for i in range(n):
            doc = DocxTemplate(template)
            doc.render(contexts[i % len(contexts)], autoescape=True)
            buf = io.BytesIO()
            doc.save(buf)
            assert buf.getvalue()[:2] == b"PK"
        return n
    return loop


# -- batch: N pre-filled applicant checklists (the checklist family) ---------------------------
def _checklist_blank(workdir: Path) -> Path:
    path = workdir / "checklist-blank.pdf"
    if not path.exists():
        raise SystemExit(f"{path} is missing; run benchmarks/run.py")
    return path


def batch_formkit(n: int, workdir: Path) -> Loop:
    from benchmarks.fixtures import CHECKLIST_BOARD, applicants_csv
    from formkit.catalog.effective import effective_catalog
    from formkit.context.boards import resolve_board
    from formkit.documents.checklist.batch import run_batch

    catalog = effective_catalog(())
    board = resolve_board(catalog, CHECKLIST_BOARD)
    blank = _checklist_blank(workdir).read_bytes()
    csv_path = applicants_csv(workdir, n)
    out = workdir / f"batch-formkit-{n}"

    def loop() -> int:
        result = run_batch(catalog, board, csv_path, out, blank=blank, force=True)
        assert result.written == n and not result.errors, result.errors[:1]
        return n
    return loop


def batch_pdftk(n: int, workdir: Path) -> Loop:
    from xml.sax.saxutils import escape

    from benchmarks.fixtures import checklist_values

    blank = _checklist_blank(workdir)
    out = workdir / "batch-pdftk"
    out.mkdir(exist_ok=True)

    def loop() -> int:
        for i in range(n):
            fields = "".join(f'<field name="{k}"><value>{escape(v)}</value></field>'
                             for k, v in checklist_values(i).items())
            xfdf = out / "data.xfdf"
            xfdf.write_text('<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/">'
                            f"<fields>{fields}</fields></xfdf>", encoding="utf-8")
            subprocess.run(["pdftk", str(blank), "fill_form", str(xfdf), "output", str(out / f"{i}.pdf")],
                           check=True, capture_output=True)
        return n
    return loop


def batch_pypdfform(n: int, workdir: Path) -> Loop:
    from PyPDFForm import PdfWrapper

    from benchmarks.fixtures import checklist_values

    blank = str(_checklist_blank(workdir))
    out = workdir / "batch-pypdfform"
    out.mkdir(exist_ok=True)

    def loop() -> int:
        for i in range(n):  # real appearance streams, as formkit and pdftk write
            filled = PdfWrapper(blank, generate_appearance_streams=True).fill(checklist_values(i))
            (out / f"{i}.pdf").write_bytes(filled.read())
        return n
    return loop


CASES: dict[str, Callable[[int, Path], Loop]] = {
    "collect:formkit": collect_formkit, "collect:formkit-1": lambda n, w: collect_formkit(n, w, jobs=1),
    "collect:pypdf": collect_pypdf, "collect:pikepdf": collect_pikepdf,
    "collect:pdftk": collect_pdftk,
    "jobdesc:formkit": jobdesc_formkit, "jobdesc:docxtpl": jobdesc_docxtpl,
    "batch:formkit": batch_formkit, "batch:pdftk": batch_pdftk, "batch:pypdfform": batch_pypdfform,
}


def peak_rss_kib() -> int:
    own = 0
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    else:  # not Linux: the best figure available
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children)


def main(argv: list[str]) -> None:
    case, tool, n, workdir = argv[1], argv[2], int(argv[3]), Path(argv[4])
    loop = CASES[f"{case}:{tool}"](n, workdir)
    start = time.perf_counter()
    items = loop()
    seconds = time.perf_counter() - start
    rss = peak_rss_kib()
    print(json.dumps({"seconds": seconds, "items": items, "maxrss_kib": rss}))


if __name__ == "__main__":
    main(sys.argv)
