"""Throughput of pre-filled checklists: formkit's batch vs pdftk fill_form and PyPDFForm.

All three fill the same blank (the IC&RC example board's checklist) with the same four
applicant fields, and write one file per applicant. Prints docs/s for each and the ratios.

    python3 benchmarks/batch_checklists.py [--count 1000] [--others 20]

pdftk and PyPDFForm are optional (skipped when absent). PyPDFForm is a benchmark-only
dependency, never needed by formkit; it pins pypdf<7, so keep it out of formkit's environment:

    python3 -m venv --system-site-packages /tmp/benchvenv && /tmp/benchvenv/bin/pip install PyPDFForm
    python3 benchmarks/batch_checklists.py --pypdfform-python /tmp/benchvenv/bin/python
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from formkit.boards import resolve_board  # noqa: E402
from formkit.checklist import blank_pdf  # noqa: E402
from formkit.checklist.batch import run_batch  # noqa: E402
from formkit.effective import effective_catalog  # noqa: E402

NAMES = ["José Núñez", "Ирина Петрова", "Nguyễn Thị Lan", "Zoë O'Brien", "Łukasz Żółć", "Ana María Muñoz"]


def applicant(i: int) -> dict[str, str]:
    return {"applicant_name": f"{NAMES[i % len(NAMES)]} {i}", "applicant_id": f"A{i:06d}",
            "credential": "IC&RC Peer Recovery (PR)", "organisation": "Riverbend Peer Centre"}


def bench_formkit(catalog, board, blank: bytes, count: int, work: Path) -> float:  # type: ignore[no-untyped-def]
    csv_path = work / "cohort.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "organisation"])
        for i in range(count):
            v = applicant(i)
            out.writerow([v["applicant_id"], v["applicant_name"], v["organisation"]])
    start = time.perf_counter()
    result = run_batch(catalog, board, csv_path, work / "formkit", blank=blank)
    elapsed = time.perf_counter() - start
    assert result.written == count and not result.errors
    return count / elapsed


def bench_pdftk(blank_path: Path, count: int, work: Path) -> float | None:
    if not shutil.which("pdftk"):
        return None
    from xml.sax.saxutils import escape

    (work / "pdftk").mkdir()
    start = time.perf_counter()
    for i in range(count):
        fields = "".join(f'<field name="{k}"><value>{escape(v)}</value></field>' for k, v in applicant(i).items())
        xfdf = work / "data.xfdf"
        xfdf.write_text('<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/">'
                        f"<fields>{fields}</fields></xfdf>", encoding="utf-8")
        subprocess.run(["pdftk", str(blank_path), "fill_form", str(xfdf), "output", str(work / "pdftk" / f"{i}.pdf")],
                       check=True, capture_output=True)
    return count / (time.perf_counter() - start)


PYPDFFORM_LOOP = """
import json, sys, time
from PyPDFForm import PdfWrapper
blank, out, rows = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
start = time.perf_counter()
for i, values in enumerate(rows):
    filled = PdfWrapper(blank, generate_appearance_streams=True).fill(values)
    open(f"{out}/{i}.pdf", "wb").write(filled.read())
print(len(rows) / (time.perf_counter() - start))
"""


def bench_pypdfform(blank_path: Path, count: int, work: Path, python: str) -> float | None:
    """PyPDFForm pins pypdf<7, so it runs in its own interpreter (e.g. a venv), timed inside it."""
    import json

    probe = subprocess.run([python, "-c", "import PyPDFForm"], capture_output=True)
    if probe.returncode != 0:
        return None
    (work / "pypdfform").mkdir()
    rows = json.dumps([applicant(i) for i in range(count)])
    done = subprocess.run([python, "-c", PYPDFFORM_LOOP, str(blank_path), str(work / "pypdfform"), rows],
                          check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="checklists for formkit")
    parser.add_argument("--others", type=int, default=10, help="checklists for pdftk and PyPDFForm (slow)")
    parser.add_argument("--pypdfform-python", default=sys.executable, metavar="PYTHON",
                        help="interpreter that has PyPDFForm (it needs pypdf<7: use a venv)")
    args = parser.parse_args()
    catalog = effective_catalog(())
    board = resolve_board(catalog, "icrc-pr")
    t0 = time.perf_counter()
    blank = blank_pdf(catalog, board)
    print(f"blank form: {len(blank) / 1024:.0f} KiB, built in {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        blank_path = work / "blank.pdf"
        blank_path.write_bytes(blank)
        fk = bench_formkit(catalog, board, blank, args.count, work)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"formkit   : {fk:8.1f} docs/s  ({args.count} docs, peak RSS so far {rss:.0f} MiB)")
        runs = (("pdftk", lambda: bench_pdftk(blank_path, args.others, work)),
                ("PyPDFForm", lambda: bench_pypdfform(blank_path, args.others, work, args.pypdfform_python)))
        for name, func in runs:
            try:
                rate = func()
            except Exception as exc:  # a competitor failing is a result too
                print(f"{name:10}: failed ({type(exc).__name__}: {str(exc)[:120]})")
                continue
            if rate is None:
                print(f"{name:10}: not installed, skipped")
            else:
                print(f"{name:10}: {rate:8.2f} docs/s  ({args.others} docs)  -> formkit is {fk / rate:.0f}x faster")


if __name__ == "__main__":
    main()
