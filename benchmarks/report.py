"""The benchmark's table, the machine it ran on, and the clean venv the start-up case times."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
import venv
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Row:
    case: str
    tool: str
    items: int
    seconds: float  # median wall time of the whole process
    unit: str = "files"
    cpu: float | None = None  # median CPU seconds (user + system, the process and its children)
    rss_largest: float | None = None  # MiB, the largest single process
    rss_tree: float | None = None  # MiB, the whole process tree summed
    ratio: float | None = None  # paired, per item: this tool's time / formkit's
    verdict: str = ""
    goal: str = ""
    note: str = ""

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else float("inf")


def fmt_time(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def fmt_row(r: Row) -> str:
    if r.unit == "bytes":
        return f"| {r.case} | {r.tool} | {r.items} |  |  |  |  |  |  |  | {r.note} |"
    rate = f"{r.rate:,.1f}/s" if r.unit != "runs" else ""
    memory = f"{r.rss_tree:.0f} ({r.rss_largest:.0f})" if r.rss_tree else ""
    cells = [r.case, r.tool, f"{r.items:,}" if r.unit != "runs" else "", fmt_time(r.seconds), rate,
             fmt_time(r.cpu) if r.cpu is not None else "", memory, f"{r.ratio:,.1f}×" if r.ratio else "",
             r.verdict, r.goal, r.note]
    return "| " + " | ".join(cells) + " |"


HEAD = ["| Case | Contender | Items | Median wall | Rate | CPU | Peak MiB, tree (largest process) | "
        "formkit × (paired, per item) | Output | Goal | What runs |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|---|"]


def render(rows: list[Row], command: str, elapsed: float, machine_line: str, load: str) -> str:
    return "\n".join([f"Command: `{command}`; took {elapsed:.0f} s. Load average: {load}.", "",
                      f"Machine: {machine_line}.", "", *HEAD, *(fmt_row(r) for r in rows), ""])


def machine(pypdfform_python: str | None) -> str:
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    versions = []
    for mod in ("formkit", "reportlab", "pypdf", "docx", "pikepdf", "docxtpl"):
        try:
            versions.append(f"{'python-docx' if mod == 'docx' else mod} {__import__(mod).__version__}")
        except (ImportError, AttributeError):
            versions.append(f"{mod} (absent)")
    if pypdfform_python:
        probe = subprocess.run([pypdfform_python, "-c", "import PyPDFForm; print(PyPDFForm.__version__)"],
                               capture_output=True, text=True)
        versions.append(f"PyPDFForm {probe.stdout.strip() or '(absent)'}")
    if shutil.which("pdftk"):
        first = subprocess.run(["pdftk", "--version"], capture_output=True, text=True).stdout.splitlines()
        versions.append(first[0] if first else "pdftk")
    return (f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; " + ", ".join(versions))


def clean_venv(work: Path, source: Path) -> Path:
    """A new venv with formkit from ``source`` installed by pip (not editable): what a user runs.

    Its site-packages holds only formkit and its dependencies, so no other package's .pth file
    runs at start-up, and `formkit` is pip's console-script wrapper.
    """
    target = work / "startup-venv"
    if not (target / "bin" / "formkit").exists():
        venv.create(target, with_pip=True, clear=True)
        start = time.perf_counter()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        subprocess.run([str(target / "bin" / "python"), "-m", "pip", "install", "-q", str(source)], check=True, env=env)
        print(f"  clean venv with formkit installed in {time.perf_counter() - start:.0f} s", flush=True)
    return target / "bin"


if __name__ == "__main__":
    sys.exit("run benchmarks/run.py")
