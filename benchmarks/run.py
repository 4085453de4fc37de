"""formkit against the tools people would otherwise use: whole processes, interleaved, checked.

    pip install -e '.[bench]'          # docxtpl (pikepdf comes with formkit); pdftk from apt (pdftk-java)
    python benchmarks/run.py           # full run, writes benchmarks/results.md
    python benchmarks/run.py --quick   # smaller counts, fewer rounds (a smoke run)
    python benchmarks/run.py --only collect --workdir /tmp/bench   # keep the (slow to make) fixtures

Each case runs every contender as a whole process, as its user runs it (formkit's CLI writing its
real outputs; the peers' programs in benchmarks/peers.py), round after round in rotating order
after a discarded warm-up round (benchmarks/timing.py). It reports medians, the paired ratio per
item from the same rounds, CPU time, peak memory, and whether each contender's output is right
(benchmarks/checks.py). How to read the table: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks import checks  # noqa: E402
from benchmarks.report import Row, machine, render  # noqa: E402
from benchmarks.timing import Contender, Runs, interleave, load_average, paired_ratio, run_once  # noqa: E402

PY = sys.executable


def child_env() -> dict[str, str]:
    """Children run like an installed formkit: bytecode caching on, this checkout importable."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def formkit(*args: str) -> tuple[str, ...]:
    return (PY, "-m", "formkit", *args)


def peer(*args: str, python: str = PY) -> tuple[str, ...]:
    return (python, str(HERE / "peers.py"), *args)


def emptied(*folders: Path) -> Callable[[], None]:
    """A prepare step: remove the folders a contender writes, so every run writes them anew."""
    def prepare() -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    return prepare


def rows_from(case: str, runs: list[Runs], items: list[int], unit: str, verdicts: list[str],
              notes: list[str]) -> list[Row]:
    """Table rows; every peer's paired ratio is per item, against the first contender (formkit)."""
    base, base_items = runs[0], items[0]
    out = []
    for r, n, verdict, note in zip(runs, items, verdicts, notes):
        ratio = None
        if r is not base:
            scaled = Runs(r.name, wall=[w / n * base_items for w in r.wall])
            ratio = paired_ratio(scaled, base)
        out.append(Row(case, r.name, n, r.median, unit, cpu=sorted(r.cpu)[len(r.cpu) // 2],
                       rss_largest=r.peak_largest_mib, rss_tree=r.peak_tree_mib, ratio=ratio,
                       verdict=verdict, note=note))
    return out


# -- cases ----------------------------------------------------------------------------------------
def case_build(args: argparse.Namespace, work: Path) -> list[Row]:
    """`formkit build` against the same set rendered one document after another in one process."""
    mine, naive = work / "build-formkit", work / "build-naive"
    contenders = [Contender("formkit build", formkit("build", "-o", str(mine)), child_env(), emptied(mine)),
                  Contender("naive, one process", peer("build-naive", str(naive)), child_env(), emptied(naive))]
    runs = interleave(contenders, args.rounds, work, "build")
    files = sorted(p.relative_to(mine) for p in mine.rglob("*") if p.is_file() and not p.name.startswith("."))
    same = sum((naive / f).exists() and (naive / f).read_bytes() == (mine / f).read_bytes() for f in files)
    verdict = str(checks.Verdict(same, len(files), "files byte-identical to the naive build's"))
    rows = rows_from("build", runs, [len(files)] * 2, "files", [verdict, ""],
                     ["`formkit build -o DIR` (a worker per CPU)", "formkit's renderers in turn, one process "
                      "(`benchmarks/peers.py build-naive`)"])
    rows[0].goal = f"≤ 0.5× naive: {'✓' if rows[1].ratio and rows[1].ratio >= 2 else '✗'}; < 2 s: " \
                   f"{'✓' if rows[0].seconds < 2 else '✗'}"
    return rows


def case_collect(args: argparse.Namespace, work: Path) -> list[Row]:
    from benchmarks.collect_fixture import make_collect_set, subset

    n = 100 if args.quick else 1000
    print(f"  making {n} distinct filled booklets with pypdf and pdftk (once per --workdir) ...", flush=True)
    forms = make_collect_set(work, n, n)
    few = subset(forms, max(10, n // 20))
    outs = {k: work / f"collect-out-{k}" for k in ("formkit", "pikepdf", "pikepdf2", "pypdf", "pdftk")}
    contenders = [
        Contender("formkit collect", formkit("collect", str(forms), "-o", str(outs["formkit"])), child_env(),
                  emptied(outs["formkit"])),
        Contender("pikepdf", peer("collect-pikepdf", str(forms), str(outs["pikepdf"])), child_env()),
        Contender("pikepdf, 2 processes", peer("collect-pikepdf", str(forms), str(outs["pikepdf2"]), "--jobs", "2"),
                  child_env()),
        Contender("pypdf", peer("collect-pypdf", str(few), str(outs["pypdf"])), child_env()),
        Contender("pdftk", peer("collect-pdftk", str(few), str(outs["pdftk"])), child_env()),
    ]
    runs = interleave(contenders, args.rounds, work, "collect")
    verdicts = [str(checks.collect_formkit(outs["formkit"], forms))]
    verdicts += [str(checks.collect_peer(outs[k], forms if k.startswith("pikepdf") else few))
                 for k in ("pikepdf", "pikepdf2", "pypdf", "pdftk")]
    notes = ["`formkit collect DIR -o OUT`: responses.csv + responses.json, every form checked against its "
             "catalogue", "`Form(pdf).items()` per file, values streamed to CSV + JSON Lines",
             "the same in a pool of 2 processes", "`PdfReader(f).get_fields()`", "`pdftk f dump_data_fields_utf8`"]
    items = [n, n, n, len(list(few.glob("*.pdf"))), len(list(few.glob("*.pdf")))]
    rows = rows_from("collect", runs, items, "forms", verdicts, notes)
    rows[0].goal = f"≥ 5× pikepdf: {'✓' if (rows[1].ratio or 0) >= 5 else '✗'}"
    rows += memory_rows(args, work, n)
    return rows


def case_checkread(args: argparse.Namespace, work: Path) -> list[Row]:
    """`formkit collect` on filled certification checklists (eligibility verdicts) against the peers
    reading the same files' values only: pikepdf's `Form`, and pdftk on a subset (it is slow)."""
    from benchmarks.checkread_fixture import make_checklist_set
    from benchmarks.collect_fixture import subset

    n = 100 if args.quick else 1000
    print(f"  making {n} filled, signed checklists with pdftk (once per --workdir) ...", flush=True)
    forms = make_checklist_set(work, n)
    few = subset(forms, max(10, n // 20))
    outs = {k: work / f"checkread-out-{k}" for k in ("formkit", "pikepdf", "pdftk")}
    contenders = [
        Contender("formkit collect", formkit("collect", str(forms), "-o", str(outs["formkit"])), child_env(),
                  emptied(outs["formkit"])),
        Contender("pikepdf", peer("collect-pikepdf", str(forms), str(outs["pikepdf"])), child_env()),
        Contender("pdftk", peer("collect-pdftk", str(few), str(outs["pdftk"])), child_env()),
    ]
    runs = interleave(contenders, args.rounds, work, "checkread")
    verdicts = [str(checks.checkread_formkit(outs["formkit"], forms)), str(checks.collect_peer(outs["pikepdf"], forms)),
                str(checks.collect_peer(outs["pdftk"], few))]
    notes = ["`formkit collect DIR -o OUT`: checklists.csv + eligibility.csv, each checklist judged by its board's "
             "rules", "`Form(pdf).items()` per file, values only (no verdict)", "`pdftk f dump_data_fields_utf8`, "
             "values only"]
    count = len(list(few.glob("*.pdf")))
    rows = rows_from("checkread", runs, [n, n, count], "checklists", verdicts, notes)
    rate = n / rows[0].seconds if rows[0].seconds else 0.0
    rows[0].goal = f"≥ 200 files/s: {'✓' if rate >= 200 else '✗'} ({rate:.0f}/s here)"
    return rows


def case_store(args: argparse.Namespace, work: Path) -> list[Row]:
    """The answer store (issue 18): `formkit collect --db` beside `formkit collect` on the same forms
    (the ratio is the store's own cost), then `formkit report cohort` and `report person` over a
    store of 10,000 people × 4 rounds (benchmarks/reports_bench.py makes it once per --workdir)."""
    from benchmarks.collect_fixture import make_collect_set

    n = 100 if args.quick else 1000
    forms = make_collect_set(work, n, n)
    outs = {k: work / f"store-out-{k}" for k in ("db", "plain")}
    contenders = [Contender("formkit collect --db", formkit("collect", str(forms), "-o", str(outs["db"]), "--db"),
                            child_env(), emptied(outs["db"])),
                  Contender("formkit collect", formkit("collect", str(forms), "-o", str(outs["plain"])), child_env(),
                            emptied(outs["plain"]))]
    runs = interleave(contenders, args.rounds, work, "store")
    stored = outs["db"] / "formkit.db"
    verdicts = [str(checks.store_rows(stored, outs["db"])),
                str(checks.collect_formkit(outs["plain"], forms))]
    rows = rows_from("store ingest", runs, [n, n], "forms", verdicts,
                     ["`formkit collect DIR -o OUT --db`: the CSV, the JSON and a new SQLite store, each form read "
                      "once", "the same without --db"])
    rate = n / rows[0].seconds if rows[0].seconds else 0.0
    rows[0].goal = f"≥ 300 files/s: {'✓' if rate >= 300 else '✗'} ({rate:.0f}/s here)"
    extra = ((rows[0].cpu or 0.0) - (rows[1].cpu or 0.0)) / n
    rows[0].note += f"; the store's own CPU: {1000 * extra:.1f} ms per form (the CPU beside the row below)"
    return rows + store_report_rows(args, work)


def store_report_rows(args: argparse.Namespace, work: Path) -> list[Row]:
    """The reports over a large store, as a user runs them: whole `formkit report` processes."""
    from benchmarks.reports_bench import make_store

    people = 1000 if args.quick else 10_000
    db = work / f"store-{people}x4" / "formkit.db"
    if not db.exists():
        print(f"  making a store of {people} people × 4 rounds (once per --workdir) ...", flush=True)
        db.parent.mkdir(parents=True, exist_ok=True)
        making = db.with_name("making.db")
        making.unlink(missing_ok=True)
        make_store(making, people, 4, 1)
        making.rename(db)
    out = work / "store-reports"
    contenders = [Contender("formkit report cohort", formkit("report", "cohort", "--db", str(db), "-o", str(out),
                                                             "--force"), child_env()),
                  Contender("formkit report person", formkit("report", "person", "p-000007", "--db", str(db), "-o",
                                                             str(out), "--force"), child_env())]
    runs = interleave(contenders, args.rounds, work, "store reports")
    verdicts = [str(checks.cohort_csv(db, out / "cohort.csv")),
                str(checks.person_csv(db, next(out.glob("person-*-p-000007.csv")), "p-000007"))]
    rows = [Row("store reports", r.name, people * 4 if i == 0 else 4, r.median, "rounds",
                cpu=sorted(r.cpu)[len(r.cpu) // 2], rss_largest=r.peak_largest_mib, rss_tree=r.peak_tree_mib, verdict=v)
            for i, (r, v) in enumerate(zip(runs, verdicts))]
    for row, goal, what in ((rows[0], 5.0, f"{people:,} people × 4 rounds"), (rows[1], 0.3, "one person, 4 rounds")):
        row.goal = f"< {goal} s: {'✓' if row.seconds < goal else '✗'}"
        row.note = f"{what}; PDF and CSV, the whole process (reports_bench.py times the library call)"
    return rows


def memory_rows(args: argparse.Namespace, work: Path, n: int) -> list[Row]:
    """formkit collect's peak memory at n and 10×n forms (one run each, after the timed rounds)."""
    from benchmarks.collect_fixture import make_collect_set

    big = 10 * n
    print(f"  making {big} distinct forms for the memory run (pypdf updates of the {n}) ...", flush=True)
    rows = []
    for count in (n, big):
        forms = make_collect_set(work, count, n)
        out = work / f"collect-mem-{count}"
        shutil.rmtree(out, ignore_errors=True)
        wall, cpu, largest, tree = run_once(Contender("formkit", formkit("collect", str(forms), "-o", str(out)),
                                                      child_env()), work)
        verdict = checks.collect_formkit(out, forms)
        rows.append(Row("collect memory", "formkit collect", count, wall, "forms", cpu=cpu, rss_largest=largest / 2**20,
                        rss_tree=tree / 2**20, verdict=str(verdict), goal=f"< 150 MiB: {'✓' if tree < 150 * 2**20 else '✗'}",
                        note="one run; peak RSS of the whole process tree"))
    return rows


def case_batch(args: argparse.Namespace, work: Path) -> list[Row]:
    from benchmarks.fixtures import CHECKLIST_BOARD, applicants_csv, make_checklist_blank

    n, some, few = (200, 50, 10) if args.quick else (1000, 200, 10)  # slow peers: per-item ratios
    blank, cohort, small = make_checklist_blank(work), applicants_csv(work, n), applicants_csv(work, few)
    middle = applicants_csv(work, some)
    outs = {k: work / f"batch-out-{k}" for k in ("formkit", "pikepdf", "pypdf", "pypdfform", "pdftk")}
    pyform = args.pypdfform_python
    contenders = [
        Contender("formkit checklist --applicants", formkit("checklist", "--board", CHECKLIST_BOARD, "--applicants",
                  str(cohort), "-o", str(outs["formkit"])), child_env(), emptied(outs["formkit"] / "checklists")),
        Contender("pikepdf", peer("batch-pikepdf", str(blank), str(middle), str(outs["pikepdf"])), child_env(),
                  emptied(outs["pikepdf"])),
        Contender("pypdf, incremental", peer("batch-pypdf", str(blank), str(small), str(outs["pypdf"])), child_env(),
                  emptied(outs["pypdf"])),
        Contender("pdftk", peer("batch-pdftk", str(blank), str(small), str(outs["pdftk"])), child_env(),
                  emptied(outs["pdftk"])),
    ]
    items = [n, some, few, few]
    if pyform:
        contenders.append(Contender("PyPDFForm", peer("batch-pypdfform", str(blank), str(small), str(outs["pypdfform"]),
                                                       python=pyform), child_env(), emptied(outs["pypdfform"])))
        items.append(few)
    runs = interleave(contenders, args.rounds, work, "batch")
    from benchmarks.peers import cohort as read_cohort

    keys = ["formkit", "pikepdf", "pypdf", "pdftk", "pypdfform"][:len(contenders)]
    cohorts = {n: cohort, some: middle, few: small}
    verdicts = [str(checks.batch(outs[k], read_cohort(cohorts[count]))) for k, count in zip(keys, items)]
    notes = ["the CLI: reads the cohort CSV, writes a pre-filled PDF per row and index.csv",
             "blank opened once; `form[name].value = v` per field, `save` per applicant",
             "`PdfWriter(blank, incremental=True)`, `update_page_form_field_values`, one file each",
             "`pdftk blank fill_form data.xfdf output N.pdf`, a process per applicant",
             "`PdfWrapper(blank, generate_appearance_streams=True).fill(values)`"]
    rows = rows_from("batch", runs, items, "docs", verdicts, notes)
    rows[0].goal = (f"< 0.6 s: {'✓' if rows[0].seconds < 0.6 else '✗'}; ≥ 20× pikepdf: "
                    f"{'✓' if (rows[1].ratio or 0) >= 20 else '✗'}")
    return rows


def case_jobdesc(args: argparse.Namespace, work: Path) -> list[Row]:
    """The default roles' job descriptions: formkit's CLI against docxtpl on an equivalent template."""
    from benchmarks.fixtures import make_docxtpl_template

    template = make_docxtpl_template(work)
    mine, theirs = work / "jobdesc-formkit", work / "jobdesc-docxtpl"
    contenders = [Contender("formkit build --only job-descriptions",
                            formkit("build", "--only", "job-descriptions", "-o", str(mine)), child_env(), emptied(mine)),
                  Contender("docxtpl", peer("jobdesc-docxtpl", str(template), str(theirs)), child_env(), emptied(theirs))]
    runs = interleave(contenders, args.rounds, work, "jobdesc")
    made = [len(list(folder.rglob("*.docx"))) for folder in (mine, theirs)]
    verdicts = [str(checks.docx_files(folder, n)) for folder, n in zip((mine, theirs), made)]
    rows = rows_from("jobdesc", runs, made, "docs", verdicts,
                     ["the CLI, the five default roles", "the same data and wording through a Jinja .docx with the "
                      "same sections, running header, footer and table header rows (`benchmarks/fixtures.py`)"])
    rows[0].goal = f"ahead of docxtpl: {'✓' if (rows[1].ratio or 0) > 1 else '✗'}"
    return rows


def case_startup(args: argparse.Namespace, work: Path) -> list[Row]:
    """`formkit --help` from pip's console script in a clean venv, beside `import click` in that venv."""
    from benchmarks.report import clean_venv

    bin_dir = clean_venv(work, ROOT)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    python = str(bin_dir / "python")
    contenders = [Contender("formkit --help", (str(bin_dir / "formkit"), "--help"), env),
                  Contender("python -c 'import click'", (python, "-c", "import click"), env),
                  Contender("python -c pass", (python, "-c", "pass"), env)]
    runs = interleave(contenders, 7 if args.quick else 25, work, "startup")
    extra = 1000 * (runs[0].median - runs[1].median)
    rows = rows_from("startup", runs, [1, 1, 1], "runs", ["", "", ""],
                     [f"{extra:.0f} ms more than `import click`", "", ""])
    rows[0].goal = f"≤ import click + 15 ms: {'✓' if extra <= 15 else '✗'}"
    return rows


def case_size(args: argparse.Namespace, work: Path) -> list[Row]:
    """The largest file of each kind that `formkit build` writes (bytes are the same run after run)."""
    out = work / "build-formkit"
    if not out.is_dir():
        run_once(Contender("formkit build", formkit("build", "-o", str(out)), child_env()), work)
    kinds = [("mini-tool", "self-assessment/self-assessment-CC*.pdf"), ("booklet", "self-assessment/*booklet.pdf"),
             ("checklist", "checklists/*.pdf"), ("checklist (Word)", "checklists/*.docx"),
             ("job description", "job-descriptions/*.docx")]
    rows = []
    for label, pattern in kinds:
        files = sorted(out.glob(pattern), key=lambda p: p.stat().st_size)
        if files:
            rows.append(Row("size", label, len(files), 0.0, "bytes", note=f"largest of {len(files)}: "
                            f"{files[-1].name}, {files[-1].stat().st_size / 1000:.1f} KB"))
    return rows


CASES: dict[str, Callable[[argparse.Namespace, Path], list[Row]]] = {
    "build": case_build, "batch": case_batch, "collect": case_collect, "jobdesc": case_jobdesc,
    "startup": case_startup, "checkread": case_checkread, "store": case_store,
    "size": case_size}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller counts and fewer rounds")
    ap.add_argument("--only", action="append", choices=list(CASES), help="run only this case (repeatable)")
    ap.add_argument("--rounds", type=int, default=None, help="measured rounds per case (default 5, quick 2)")
    ap.add_argument("--workdir", type=Path, default=None, help="keep fixtures here between runs")
    ap.add_argument("--output", type=Path, default=HERE / "results.md", help="where to write the table")
    ap.add_argument("--pypdfform-python", default=None, metavar="PYTHON",
                    help="an interpreter with PyPDFForm (it pins pypdf<7, so it lives in a venv of its own)")
    args = ap.parse_args()
    args.rounds = args.rounds or (2 if args.quick else 5)
    tmp = None
    if args.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="formkit-bench-")
        args.workdir = Path(tmp.name)
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    start, load = time.perf_counter(), load_average()
    rows: list[Row] = []
    for name in args.only or list(CASES):
        print(f"{name} ...", flush=True)
        rows.extend(CASES[name](args, work))
    command = "python benchmarks/run.py" + " ".join([""] + sys.argv[1:])
    text = render(rows, command, time.perf_counter() - start, machine(args.pypdfform_python),
                  f"{load} at the start, {load_average()} at the end")
    print("\n" + text)
    args.output.write_text(text, encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
