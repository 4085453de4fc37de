"""formkit against the tools people would otherwise use, on the same work, in the same run.

    pip install -e '.[bench]'          # docxtpl (pikepdf comes with formkit); pdftk from apt (pdftk-java)
    # PyPDFForm pins pypdf<7: the run installs it into benchmarks/.peers/pypdfform on first use
    python benchmarks/run.py           # full run, writes benchmarks/results.md
    python benchmarks/run.py --quick   # smaller counts, fewer repeats (a smoke run)
    python benchmarks/run.py --only collect --only startup

Every measurement runs in a fresh interpreter (benchmarks/work.py, or the formkit CLI itself):
one warm-up run is discarded, then the median of the repeats is reported, with the peak RSS
of the process. "formkit ×" is how many times faster formkit is than that tool per item.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024


@dataclass
class Row:
    case: str
    tool: str
    items: int
    seconds: float  # median wall time for `items`
    unit: str = "files"
    rss_mib: float | None = None
    goal: str = ""
    met: bool | None = None
    ratio: float | None = None  # formkit's speed / this tool's speed
    note: str = ""

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else float("inf")


SOURCE = [ROOT]  # where the measured formkit comes from (--formkit-source for before/after runs)


def child_env() -> dict[str, str]:
    """Run children like an installed formkit: from this checkout, with bytecode caching on."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # pip writes .pyc on install; measure that case
    paths = [str(SOURCE[0]), str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


PYTHON = {"pypdfform": sys.executable}  # PyPDFForm pins pypdf<7: it may live in its own venv


PEERS = HERE / ".peers"  # venvs the run makes for peers that cannot share formkit's (git-ignored)


def pypdfform_python(install: bool) -> str:
    """An interpreter with PyPDFForm: this one, or its own venv, made on first use.

    PyPDFForm pins pypdf<7 while formkit uses pypdf 7, so it gets a venv of its own that
    sees this interpreter's packages (--system-site-packages) but has its own pypdf.
    """
    if _imports(sys.executable, "PyPDFForm"):
        return sys.executable
    python = PEERS / "pypdfform" / "bin" / "python"
    if not _imports(str(python), "PyPDFForm") and install:
        print("  installing PyPDFForm into benchmarks/.peers/pypdfform (it pins pypdf<7) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--clear", str(python.parent.parent)],
                       check=True)
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", "PyPDFForm"], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"  PyPDFForm could not be installed; it is left out:\n{done.stderr[-800:]}")
    return str(python) if _imports(str(python), "PyPDFForm") else sys.executable


def _imports(python: str, module: str) -> bool:
    if not Path(python).exists():
        return False
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0


def worker(case: str, tool: str, n: int, workdir: Path) -> dict[str, float]:
    python = PYTHON.get(tool, sys.executable)
    out = subprocess.run([python, str(HERE / "work.py"), case, tool, str(n), str(workdir)],
                         check=True, capture_output=True, text=True, env=child_env())
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(case: str, tool: str, n: int, workdir: Path, repeats: int, unit: str) -> Row:
    """One warm-up, then ``repeats`` fresh processes; median time, highest peak RSS."""
    worker(case, tool, min(n, 5), workdir)
    runs = [worker(case, tool, n, workdir) for _ in range(repeats)]
    print(f"  {case:8} {tool:10} n={n:<5} " + " ".join(f"{r['seconds']:.2f}s" for r in runs), flush=True)
    return Row(case, tool, n, statistics.median(r["seconds"] for r in runs), unit,
               rss_mib=max(r["maxrss_kib"] for r in runs) / 1024)


def time_command(argv: list[str], repeats: int, cwd: Path) -> float:
    """Median wall time of a whole command (interpreter start-up included), after one warm-up."""
    return time_commands([(argv, child_env())], repeats, cwd)[0]


def time_commands(commands: list[tuple[list[str], dict[str, str]]], repeats: int, cwd: Path) -> list[float]:
    """Median wall time of each (argv, env), run in turn round after round, so that a busy spell
    on the machine slows every command alike; the first round is a discarded warm-up."""
    times: list[list[float]] = [[] for _ in commands]
    for i in range(repeats + 1):
        for (argv, env), spent in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
            if i:
                spent.append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def formkit_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "formkit", *args]


def ratios(rows: list[Row]) -> None:
    base = next(r for r in rows if r.tool == "formkit")
    for r in rows:
        if r.tool != "formkit" and r is not base:
            r.ratio = base.rate / r.rate


# -- cases ------------------------------------------------------------------------------------
def case_build(args: argparse.Namespace, workdir: Path) -> list[Row]:
    out = workdir / "build"
    seconds = time_command(formkit_cmd("build", "-o", str(out), "--force"), args.repeat, workdir)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    return [Row("build", "formkit", files, seconds, "files", goal="< 2 s", met=seconds < 2,
                note="`formkit build`, whole default set, wall time incl. start-up")]


def clean_venv(workdir: Path) -> Path | None:
    """A new venv with formkit installed by `pip install` (not editable): what a user runs.

    Its site-packages holds only formkit and its dependencies, so no other package's .pth
    file runs at start-up, and `formkit` is pip's console-script wrapper. None if pip fails.
    """
    target = workdir / "startup-venv"
    venv.create(target, with_pip=True, clear=True)
    python = target / "bin" / "python"
    start = time.perf_counter()
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", str(SOURCE[0])],
                          capture_output=True, text=True, env=clean_env())
    if done.returncode != 0:
        print(f"  pip install into a clean venv failed; start-up measured with this interpreter only:\n"
              f"{done.stderr[-1500:]}")
        return None
    print(f"  clean venv with formkit installed in {time.perf_counter() - start:.0f} s", flush=True)
    return target / "bin"


def clean_env() -> dict[str, str]:
    """The environment without anything that would point Python at this checkout."""
    drop = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONDONTWRITEBYTECODE")
    return {k: v for k, v in os.environ.items() if k not in drop}


def case_startup(args: argparse.Namespace, workdir: Path) -> list[Row]:
    """`formkit --help` and `catalog show` as a user runs them: the console script of a clean venv.

    `python -c pass` and `import click` are measured with that venv's interpreter, so what formkit
    adds to each compares like with like. The same four with this interpreter (`python -m formkit`,
    with whatever .pth files its site-packages holds) follow, for comparison. All are timed
    round after round together.
    """
    reps = 7 if args.quick else 20
    pth = len(list(Path(sysconfig.get_paths()["purelib"]).glob("*.pth")))
    # (label, python, formkit command, environment, what the --help row says about it)
    setups = [(", this python", [sys.executable], formkit_cmd(), child_env(),
               f"`python -m formkit --help`, this interpreter: {pth} .pth files in its site-packages")]
    bin_dir = clean_venv(workdir)
    if bin_dir is not None:
        setups.insert(0, ("", [str(bin_dir / "python")], [str(bin_dir / "formkit")], clean_env(),
                          "`formkit --help`: pip's console script in a clean venv"))
    commands = [(argv, env) for _label, py, cli, env, _note in setups
                for argv in ([*py, "-c", "pass"], [*py, "-c", "import click"], [*cli, "--help"],
                             [*cli, "catalog", "show"])]
    medians = iter(time_commands(commands, reps, workdir))
    rows = []
    for label, _py, _cli, _env, note in setups:
        base, with_click, helps, show = (next(medians) for _ in range(4))
        rows += [Row("startup", f"formkit{label}", 1, helps, "runs",
                     note=f"{note}; {share(helps, base, with_click)}"),
                 Row("startup", f"formkit catalog show{label}", 1, show, "runs", note=share(show, base, with_click)),
                 Row("startup", f"python -c pass{label}", 1, base, "runs"),
                 Row("startup", f"import click{label}", 1, with_click, "runs")]
    rows[0].goal, rows[0].met = "< 80 ms", rows[0].seconds < 0.080
    return rows


def share(seconds: float, bare: float, with_click: float) -> str:
    return (f"{1000 * (seconds - bare):.0f} ms more than `python -c pass`, "
            f"{1000 * (seconds - with_click):.0f} ms more than `import click`")


def case_collect(args: argparse.Namespace, workdir: Path) -> list[Row]:
    from benchmarks.fixtures import make_filled_booklets

    n = 200 if args.quick else 1000
    # 100 different fills, each copied 10 times: a batch repeats field dictionaries (empty fields,
    # the same answer) but every person's names, notes and plans differ (about 1 minute to make).
    make_filled_booklets(workdir, n, distinct=20 if args.quick else 100)
    plan = [("formkit", n), ("pikepdf", n), ("pypdf", max(20, n // 10)), ("pdftk", 10 if args.quick else 50)]
    rows = [measure("collect", tool, count, workdir, args.repeat, "files") for tool, count in plan]
    rows[0].goal, rows[0].met = ">= 300 files/s, ahead of pikepdf", rows[0].rate >= 300 and rows[0].rate > rows[1].rate
    rows[0].note = ("`formkit.collect.collect()`: values mapped to competencies, identity, plans; "
                    "a worker process per CPU (peak RSS: the largest process)")
    rows[1].note = "`pikepdf.form.Form(pdf).items()` values"
    rows[2].note = "`PdfReader(f).get_fields()` values"
    rows[3].note = "`pdftk f dump_data_fields_utf8`, one process per file"
    ratios(rows)
    serial = measure("collect", "formkit-1", n, workdir, args.repeat, "files")
    serial.tool, serial.ratio = "formkit, one process", None
    serial.note = f"`collect(..., jobs=1)`: {serial.rate / rows[1].rate:.1f}× pikepdf on one core"
    rows.insert(1, serial)
    return rows


def case_jobdesc(args: argparse.Namespace, workdir: Path) -> list[Row]:
    from benchmarks.fixtures import make_docxtpl_template

    n = 100 if args.quick else 500
    make_docxtpl_template(workdir)
    rows = [measure("jobdesc", "formkit", n, workdir, args.repeat, "docs"),
            measure("jobdesc", "docxtpl", n, workdir, args.repeat, "docs")]
    small = measure("jobdesc", "formkit", n // 5, workdir, 1, "docs")
    rows[0].goal = ">= 60 docs/s, ahead of docxtpl, flat memory"
    flat = rows[0].rss_mib is not None and small.rss_mib is not None and rows[0].rss_mib - small.rss_mib < 10
    rows[0].met = rows[0].rate >= 60 and rows[0].rate > rows[1].rate and flat
    rows[0].note = f"peak RSS {small.rss_mib:.0f} MiB at {small.items}, {rows[0].rss_mib:.0f} MiB at {n}"
    rows[1].note = "equivalent Jinja template on formkit's styled .docx, autoescape on"
    ratios(rows)
    return rows


def case_batch(args: argparse.Namespace, workdir: Path) -> list[Row]:
    try:
        from benchmarks.fixtures import make_checklist_blank

        make_checklist_blank(workdir)
    except ImportError as exc:
        print(f"  skipped: the checklist family is not in this formkit ({exc})")
        return []
    sizes = (100, 1000) if args.quick else (100, 1000, 10000)
    main_n = 1000
    rows = [measure("batch", "formkit", main_n, workdir, args.repeat, "docs")]
    memory = {n: measure("batch", "formkit", n, workdir, 1, "docs") for n in sizes if n != main_n}
    memory[main_n] = rows[0]
    others = 10 if args.quick else 30
    if shutil.which("pdftk"):
        rows.append(measure("batch", "pdftk", others, workdir, args.repeat, "docs"))
        rows[-1].note = "`pdftk blank fill_form data.xfdf output N.pdf`, one process per applicant"
    PYTHON["pypdfform"] = args.pypdfform_python or pypdfform_python(install=not args.no_install)
    probe = subprocess.run([PYTHON["pypdfform"], "-c", "import PyPDFForm"], capture_output=True)
    if probe.returncode == 0:
        rows.append(measure("batch", "pypdfform", others, workdir, args.repeat, "docs"))
        rows[-1].tool = "PyPDFForm"
        rows[-1].note = "`PdfWrapper(blank, generate_appearance_streams=True).fill(values)` per applicant"
    else:
        print("  PyPDFForm not importable and not installed (--no-install, or pip failed); left out")
    ratios(rows)
    peak = max(r.rss_mib or 0 for r in memory.values())
    pypdfform = next((r for r in rows if r.tool == "PyPDFForm"), None)
    rows[0].goal = ">= 200 docs/s, >= 50× PyPDFForm, < 100 MiB flat"
    rows[0].met = (rows[0].rate >= 200 and peak < 100 and (pypdfform is None or (pypdfform.ratio or 0) >= 50))
    rows[0].note = "`run_batch` (= `formkit checklist --applicants`), blank made once; peak RSS " + ", ".join(
        f"{memory[n].rss_mib:.0f} MiB at {n:,}" for n in sorted(memory))
    return rows


def case_size(args: argparse.Namespace, workdir: Path) -> list[Row]:
    out = workdir / "build"
    if not out.is_dir():
        subprocess.run(formkit_cmd("build", "-o", str(out), "--force"), check=True, capture_output=True,
                       env=child_env(), cwd=workdir)
    rows = []
    minis = sorted((out / "self-assessment").glob("self-assessment-CC*.pdf"))
    biggest = max(minis, key=lambda p: p.stat().st_size)
    size = biggest.stat().st_size
    rows.append(Row("size", "mini-tool", size, 1, "bytes", goal="< 60 KB", met=size < 60_000,
                    note=f"largest of {len(minis)}: {biggest.name}"))
    booklet = out / "self-assessment" / "self-assessment-booklet.pdf"
    size = booklet.stat().st_size
    rows.append(Row("size", "booklet", size, 1, "bytes", goal="< 250 KB", met=size < 250_000))
    filled = workdir / "filled" / "booklet-00000.pdf"
    if filled.exists():
        rows.append(Row("size", "booklet, filled", filled.stat().st_size, 1, "bytes",
                        note="every rating answered, identity, notes and plans"))
    checklists = sorted((out / "checklists").glob("*.pdf"))
    if checklists:
        biggest = max(checklists, key=lambda p: p.stat().st_size)
        rows.append(Row("size", "checklist (blank)", biggest.stat().st_size, 1, "bytes",
                        note=f"largest of {len(checklists)}: {biggest.name}"))
    prefilled = sorted((workdir / "batch-formkit-100").glob("*.pdf"))
    if prefilled:
        rows.append(Row("size", "checklist, pre-filled", prefilled[0].stat().st_size, 1, "bytes",
                        note="one applicant of the batch case"))
    docs = sorted((out / "job-descriptions").glob("*.docx"))
    biggest = max(docs, key=lambda p: p.stat().st_size)
    rows.append(Row("size", "job description", biggest.stat().st_size, 1, "bytes", note=f"largest: {biggest.name}"))
    return rows


CASES: dict[str, Callable[[argparse.Namespace, Path], list[Row]]] = {
    "build": case_build, "batch": case_batch, "collect": case_collect, "jobdesc": case_jobdesc, "startup": case_startup,
    "size": case_size,
}


# -- report ------------------------------------------------------------------------------------
def fmt_time(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def fmt_row(r: Row) -> str:
    ok = "" if r.met is None else (" ✓" if r.met else " ✗")
    if r.unit == "bytes":
        cells = [r.case, r.tool, "", f"{r.items / 1000:.1f} KB", "", "", "", f"{r.goal}{ok}", r.note]
    elif r.unit == "runs":
        cells = [r.case, r.tool, "", fmt_time(r.seconds), "", "", "", f"{r.goal}{ok}", r.note]
    else:
        cells = [r.case, r.tool, f"{r.items}", fmt_time(r.seconds), f"{r.rate:,.1f} {r.unit}/s",
                 f"{r.rss_mib:.0f} MiB" if r.rss_mib else "", f"{r.ratio:.1f}×" if r.ratio else "",
                 f"{r.goal}{ok}", r.note]
    return "| " + " | ".join(cells) + " |"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    versions = []
    for mod in ("formkit", "reportlab", "pypdf", "docx", "pikepdf", "PyPDFForm", "docxtpl"):
        try:
            m = __import__(mod)
            versions.append(f"{'python-docx' if mod == 'docx' else mod} {getattr(m, '__version__', '?')}")
        except ImportError:
            versions.append(f"{mod} (absent)")
    if "PyPDFForm (absent)" in versions and PYTHON["pypdfform"] != sys.executable:
        probe = subprocess.run([PYTHON["pypdfform"], "-c", "import PyPDFForm, pypdf; "
                                "print(PyPDFForm.__version__, pypdf.__version__)"], capture_output=True, text=True)
        if probe.returncode == 0:
            mine, its_pypdf = probe.stdout.split()
            versions[versions.index("PyPDFForm (absent)")] = f"PyPDFForm {mine} (own venv, pypdf {its_pypdf})"
    pdftk = shutil.which("pdftk")
    if pdftk:
        first = subprocess.run([pdftk, "--version"], capture_output=True, text=True).stdout.splitlines()
        versions.append(first[0] if first else "pdftk")
    return (f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; " + ", ".join(versions))


def report(rows: list[Row], args: argparse.Namespace, elapsed: float) -> str:
    head = ["| Case | Tool | Items | Median | Rate | Peak RSS | formkit × | Goal | Notes |",
            "|---|---|---:|---:|---:|---:|---:|---|---|"]
    cmd = "python benchmarks/run.py" + (" --quick" if args.quick else "") + "".join(
        f" --only {c}" for c in args.only or [])
    return "\n".join([
        f"Command: `{cmd}` (median of {args.repeat} after a warm-up; start-up: median of "
        f"{7 if args.quick else 20}); took {elapsed:.0f} s.", "",
        f"Machine: {machine()}.",
        *([f"formkit measured from: {SOURCE[0]}"] if SOURCE[0] != ROOT else []), "", *head, *(fmt_row(r) for r in rows), ""])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller counts and fewer repeats")
    ap.add_argument("--only", action="append", choices=list(CASES), help="run only this case (repeatable)")
    ap.add_argument("--repeat", type=int, default=None, help="measured runs per tool (default 3, quick 1)")
    ap.add_argument("--workdir", type=Path, default=None, help="keep inputs here (default: a temp folder)")
    ap.add_argument("--output", type=Path, default=HERE / "results.md", help="where to write the table")
    ap.add_argument("--formkit-source", type=Path, default=None, metavar="DIR",
                    help="measure the formkit package in this source tree instead (e.g. an older commit "
                         "from `git archive`), for before/after figures")
    ap.add_argument("--pypdfform-python", default=None, metavar="PYTHON",
                    help="interpreter that has PyPDFForm (default: this one if it has it, else a venv "
                         "that the run makes in benchmarks/.peers/pypdfform: PyPDFForm pins pypdf<7)")
    ap.add_argument("--no-install", action="store_true", help="never install a missing peer; leave it out")
    args = ap.parse_args()
    if args.formkit_source:
        SOURCE[0] = args.formkit_source.resolve()
    args.repeat = args.repeat or (1 if args.quick else 3)
    import tempfile

    tmp = None
    if args.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="formkit-bench-")
        args.workdir = Path(tmp.name)
    args.workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    rows: list[Row] = []
    for name in args.only or list(CASES):
        print(f"{name} ...", flush=True)
        rows.extend(CASES[name](args, args.workdir.resolve()))
    text = report(rows, args, time.perf_counter() - start)
    print("\n" + text)
    args.output.write_text(text, encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
