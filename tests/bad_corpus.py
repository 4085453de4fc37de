"""The bad-input corpus's runner: each case as a real `python -m formkit` subprocess, measured.

Limits (issue 13): 10 s of CPU and 300 MB peak resident memory per run, read from the child's
own rusage (tests/measured.py: not pytest's; RLIMIT_AS only backs this up: a runaway allocation fails instead of
swapping, since address space is not memory); a run still going after 20 s is killed and
counts as hung. Also the cases made at run time: inputs too big to commit, or not files at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from conftest import DATA, ROOT
from measured import run_measured

BAD = DATA / "bad"
MANIFEST: dict[str, list[str]] = yaml.safe_load((BAD / "MANIFEST.yaml").read_text(encoding="utf-8"))
TIME_LIMIT = 10.0  # seconds of CPU per run (the machine may be shared: wall clock may be longer)
# Seconds of wall clock after which a run is killed and counts as hung. CPU time is the measure of
# cost (a spinning run is stopped by RLIMIT_CPU at twice TIME_LIMIT); the wall clock only catches a
# run blocked for good (on a pipe, a lock), so it leaves room for a machine shared with other test
# runs, where 3 s of CPU took over 20 s of wall clock.
WALL_LIMIT = 6 * TIME_LIMIT
MEMORY_LIMIT = 300 * 1024 * 1024  # peak resident memory, per run
ADDRESS_SPACE = 3 * 1024 ** 3  # hard cap (RLIMIT_AS): a runaway allocation fails instead of swapping


@dataclass
class Run:
    args: list[str]
    code: int
    stdout: str
    stderr: str
    seconds: float  # CPU time (user + system)
    wall: float
    max_rss: int  # bytes


# `python -m formkit` by runpy, as -m does; tests/measured.py applies the limits to it alone.
LAUNCH = "import runpy, sys\nsys.argv[0] = 'formkit'\nrunpy.run_module('formkit', run_name='__main__', alter_sys=True)\n"
LIMITS = {"RLIMIT_AS": ADDRESS_SPACE, "RLIMIT_CPU": int(TIME_LIMIT) * 2, "RLIMIT_CORE": 0}


def run_formkit(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """`python -m formkit ARGS` with resource limits; returns exit code, output, time and peak memory."""
    out, err = cwd / f".stdout.{threading.get_ident()}", cwd / f".stderr.{threading.get_ident()}"
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", **(env or {})}
    full_env.pop("FORMKIT_DEBUG", None)
    start = time.monotonic()
    with open(out, "wb") as fo, open(err, "wb") as fe:
        run = run_measured([sys.executable, "-c", LAUNCH, *args], wall=WALL_LIMIT, limits=LIMITS, cwd=cwd,
                           stdout=fo, stderr=fe, stdin=subprocess.DEVNULL, env=full_env)
    wall = time.monotonic() - start
    result = Run(args, run.code, out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"),
                 run.cpu, wall, run.max_rss)
    out.unlink()
    err.unlink()
    return result


def case_args(rel: str, out: Path) -> list[str]:
    path = str(BAD / rel)
    kind = rel.split("/")[0]
    if kind == "catalogs":
        return ["build", "--only", "catalogue", "--catalog", path, "-o", str(out)]
    if kind == "roles":
        return ["build", "--only", "job-descriptions", "-O", path, "-o", str(out)]
    if kind == "boards":
        return ["checklist", "--board", path, "--format", "pdf", "-o", str(out)]
    if kind == "checklist-overlays":  # every family, so the checklist's limits must stop it before rendering
        return ["build", "-O", path, "-o", str(out)]
    if kind == "ledgers":
        return ["ce", "check", path, "--board", "icrc-pr", "--as-of", "2026-12-01", "-o", str(out / "ce-check.csv")]
    if kind in ("applicants", "applicant-rows"):
        return ["checklist", "--board", "icrc-pr", "--applicants", path, "-o", str(out)]
    return ["build", "--only", "catalogue", "-O", path, "-o", str(out)]  # overlays/, logos/


def runtime_cases(tmp: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Bad inputs too big to commit, or that are not files at all: made here, at run time."""
    huge = tmp / "huge-overlay.yaml"
    with open(huge, "w", encoding="utf-8") as handle:
        handle.write("name: Huge\nterminology:\n")
        line = "  peers: participants  # " + "x" * 70 + "\n"
        handle.write(line * (6 * 1024 * 1024 // len(line) + 1))
    big_logo = tmp / "enormous-logo.png"
    with open(big_logo, "wb") as handle:  # a real PNG signature, then 6 MB (sparse: costs no disk)
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(6 * 1024 * 1024)
    logo_overlay = tmp / "enormous-logo.yaml"
    logo_overlay.write_text(f"name: Big logo\norganisation:\n  logo: {big_logo.name}\n", encoding="utf-8")
    folder = tmp / "a-folder.yaml"
    folder.mkdir()
    out = tmp / "out-runtime"
    blocker = tmp / "output-is-a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    return {**_not_files(tmp), **_over_limits(tmp), **_odd(tmp), **_ledgers(tmp),
        "runtime/huge-overlay": (["build", "--only", "catalogue", "-O", str(huge), "-o", str(out)],
                                 [huge.name, "too large"]),
        "runtime/enormous-logo": (["build", "--only", "catalogue", "-O", str(logo_overlay), "-o", str(out)],
                                  [logo_overlay.name, "logo file is too large"]),
        "runtime/overlay-is-dev-zero": (["build", "--only", "catalogue", "-O", "/dev/zero", "-o", str(out)],
                                        ["/dev/zero", "is a device"]),
        "runtime/catalog-is-dev-zero": (["catalog", "validate", "/dev/zero"], ["/dev/zero", "is a device"]),
        "runtime/overlay-is-a-folder": (["build", "--only", "catalogue", "-O", str(folder), "-o", str(out)],
                                        [folder.name, "folder"]),
        "runtime/overlay-not-found": (["overlay", "check", str(tmp / "no-such.yaml")], ["no-such.yaml", "not found"]),
        "runtime/output-is-a-file": (["build", "--only", "catalogue", "-o", str(blocker)],
                                     [blocker.name, "output"]),
        "runtime/unknown-category-option": (["selfassess", "--category", "CC13", "-o", str(out)],
                                            ["--category", "CC13"]),
    }


def _not_files(tmp: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Inputs that are a pipe, a device or a socket (issue 13, item 9): opening a pipe blocks
    until someone writes to it, and /dev/zero never ends, so each must be refused before it is opened."""
    import socket

    fifo = tmp / "cohort-fifo.csv"
    os.mkfifo(fifo)
    sock = tmp / "overlay.sock"
    with socket.socket(socket.AF_UNIX) as server:  # the socket file stays after close
        server.bind(str(sock))
    fifo_logo = tmp / "logo-fifo.png"
    os.mkfifo(fifo_logo)
    logo_overlay = tmp / "fifo-logo.yaml"
    logo_overlay.write_text(f"name: Pipe logo\norganisation:\n  logo: {fifo_logo.name}\n", encoding="utf-8")
    fifo_catalog = tmp / "catalog-fifo.yaml"
    os.mkfifo(fifo_catalog)
    applicants = ["checklist", "--board", "icrc-pr", "--applicants"]
    return {
        "runtime/applicants-is-a-fifo": ([*applicants, str(fifo), "-o", str(tmp / "out-fifo")], [fifo.name, "is a pipe (FIFO)", "--applicants"]),
        "runtime/applicants-is-dev-zero": ([*applicants, "/dev/zero", "-o", str(tmp / "out-zero")], ["/dev/zero", "is a device"]),
        "runtime/overlay-is-a-socket": (["build", "--only", "catalogue", "-O", str(sock), "-o", str(tmp / "out-sock")],
                                        [sock.name, "is a socket"]),
        "runtime/logo-is-a-fifo": (["build", "--only", "catalogue", "-O", str(logo_overlay), "-o",
                                    str(tmp / "out-logo")], [logo_overlay.name, "organisation.logo", "is a pipe (FIFO)"]),
        "runtime/catalog-is-a-fifo": (["build", "--only", "catalogue", "--catalog", str(fifo_catalog),
                                       "-o", str(tmp / "out-catalog")], [fifo_catalog.name, "is a pipe (FIFO)"]),
    }


# Issue 13, item 11: `overlay check` refuses what `build` refuses (one wording check for both).
CHECKED_LIKE_BUILD = ("overlays/wording-attribute.yaml", "overlays/wording-format-bomb.yaml",
                      "overlays/wording-unknown-placeholder.yaml", "overlays/wording-placeholder-in-plain-text.yaml",
                      "roles/wording-placeholder.yaml", "overlays/board-nan-hours.yaml")
BUSY = "runtime/batch-into-a-folder-in-use"  # another run holds the folder (see the runs fixture)


def _odd(tmp: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Issue 13, item 11: the overlays `build` refuses, through `overlay check`; and a batch into
    a folder another formkit run holds (the fixture holds its lock as a running batch would)."""
    cases = {f"runtime/overlay-check-{Path(rel).stem}": (["overlay", "check", str(BAD / rel)], MANIFEST[rel])
             for rel in CHECKED_LIKE_BUILD}
    cohort = tmp / "busy-cohort.csv"
    cohort.write_text("id,name\n1,Sam Lee\n", encoding="utf-8")
    cases[BUSY] = (["checklist", "--board", "icrc-pr", "--applicants", str(cohort), "-o", str(tmp / "out-busy")],
                   ["out-busy/checklists", "in use by another formkit run", "choose another folder with -o"])
    return cases


def _over_limits(tmp: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Issue 13, item 8: inputs the schema allows but a later step cannot take; each was an
    internal error (exit 1) and must be refused before rendering, naming the key and the limit."""
    chain = tmp / "chain"
    chain.mkdir()
    for i in range(100):
        parent = f"extends: [o{i + 1}.yaml]\n" if i < 99 else ""
        (chain / f"o{i}.yaml").write_text(f"name: O{i}\n{parent}", encoding="utf-8")
    cohort = tmp / "cohort.csv"
    cohort.write_text("id,name\n1,Sam Lee\n", encoding="utf-8")
    long = tmp / "statement-200k.yaml"  # item 10: refused after 25 s of rendering; now before any
    long.write_text('name: L\nstatements:\n  CC1.2: "' + " ".join(f"w{i:06d}" for i in range(25_000)) + '"\n')
    cases = {"runtime/statement-200k-characters": (["build", "-O", str(long), "-o", str(tmp / "out-long")],
                                                   [long.name, "statements.CC1.2", "a row holds at most 47"]),
             "runtime/extends-100-deep": (["build", "-O", str(chain / "o0.yaml"), "-o", str(tmp / "out-chain")],
                                          ["o9.yaml", "extends", "more than 10 files deep"])}
    for label, pattern in (("spec", "{id:x}"), ("huge-width", "{id:>99999999999}"), ("conversion", "{id!r}"),
                           ("nested", "{id:{name}}")):
        cases[f"runtime/name-pattern-{label}"] = (
            ["checklist", "--board", "icrc-pr", "--applicants", str(cohort), "--name-pattern", pattern,
             "-o", str(tmp / f"out-{label}")], ["--name-pattern", "format code"])
    return cases


def _ledgers(tmp: Path) -> dict[str, tuple[list[str], list[str]]]:
    """CE ledgers that are not files, or too large to read (a sparse file: costs no disk)."""
    fifo = tmp / "ledger-fifo.csv"
    os.mkfifo(fifo)
    big = tmp / "ledger-11-mb.csv"
    with open(big, "wb") as handle:
        handle.write(b"person,date,hours,category\n")
        handle.truncate(11 * 1024 * 1024)
    check = ["ce", "check", "--board", "icrc-pr", "--as-of", "2026-12-01"]
    return {"runtime/ledger-is-a-fifo": ([*check, str(fifo), "-o", str(tmp / "out-ledger-fifo" / "ce.csv")],
                                         [fifo.name, "is a pipe (FIFO)"]),
            "runtime/ledger-over-10-mb": ([*check, str(big), "-o", str(tmp / "out-ledger-big" / "ce.csv")],
                                          [big.name, "too large (11 MB)", "under 10 MB"])}
