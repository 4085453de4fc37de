"""Time whole processes the way a user runs them, interleaved with their peers.

Every contender of a case runs as its own process, one after the other, round after round, in an
order that rotates each round (after one discarded warm-up round), so a busy spell on the machine
slows every contender alike and no contender always runs first or last. What is kept per run:
wall time, CPU time, the peak RSS of the largest process in the tree and the peak of the whole
tree's RSS summed (sampled from /proc every 10 ms, so worker pools are counted in full).

The largest process's peak comes from GNU time (``%M``), which starts the command from its own
small process. Not from our own ``wait4``: this runner is large (it makes the fixtures and imports
pikepdf), and a child it starts is charged the runner's pages from before its ``exec`` — that made
``python -c pass`` look like 1.2 GB. Without GNU time (``apt install time``) the figure falls back to
``wait4``'s, which overstates small commands.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Contender:
    """One way of doing a case's work: a command line, and how to prepare and check its run."""

    name: str
    argv: tuple[str, ...]
    env: dict[str, str] | None = None
    prepare: Callable[[], None] | None = None  # untimed, before every run (e.g. empty the output folder)


@dataclass
class Runs:
    """What the measured runs of one contender gave."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    largest_rss: list[int] = field(default_factory=list)
    tree_rss: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def peak_largest_mib(self) -> float:
        return max(self.largest_rss) / MIB

    @property
    def peak_tree_mib(self) -> float:
        return max(self.tree_rss) / MIB


def _tree_rss(root: int, skip_root: bool = False) -> int:
    """Summed RSS in bytes of ``root`` and all its descendants, read from /proc (without ``root``
    itself when it is only GNU time, which waits for the command)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += 0 if skip_root and pid == root else rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


GNU_TIME = shutil.which("time") if os.path.exists("/usr/bin/time") else None


def run_once(contender: Contender, cwd: Path) -> tuple[float, float, int, int]:
    """Run the contender's command once: (wall s, cpu s, largest-process peak RSS, tree peak RSS)."""
    if contender.prepare:
        contender.prepare()
    peak = [0]
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        argv = contender.argv
        if GNU_TIME:
            argv = (GNU_TIME, "-q", "-f", "%M", "-o", rss_file.name, *argv)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=contender.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.01):
                peak[0] = max(peak[0], _tree_rss(proc.pid, skip_root=bool(GNU_TIME)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        if proc.returncode not in (0,):
            raise RuntimeError(f"{contender.name} exited {proc.returncode}: {' '.join(contender.argv)}\n{err[-1500:]}")
        reported = rss_file.read().strip().splitlines()
    largest = int(reported[-1]) * 1024 if GNU_TIME and reported else usage.ru_maxrss * 1024  # KiB on Linux
    return wall, usage.ru_utime + usage.ru_stime, largest, max(peak[0], largest)


def interleave(contenders: Sequence[Contender], rounds: int, cwd: Path, label: str = "") -> list[Runs]:
    """One warm-up round, then ``rounds`` measured rounds; the order rotates by one each round."""
    results = [Runs(c.name) for c in contenders]
    n = len(contenders)
    for r in range(rounds + 1):
        order = [(r + k) % n for k in range(n)]
        for i in order:
            wall, cpu, largest, tree = run_once(contenders[i], cwd)
            if r:
                runs = results[i]
                runs.wall.append(wall)
                runs.cpu.append(cpu)
                runs.largest_rss.append(largest)
                runs.tree_rss.append(tree)
        if r:
            line = "  ".join(f"{contenders[i].name} {results[i].wall[-1]:.2f}s" for i in range(n))
            print(f"  {label} round {r}/{rounds}: {line}", flush=True)
    return results


def paired_ratio(slow: Runs, fast: Runs) -> float:
    """Median over rounds of slow/fast wall time: each ratio compares runs made side by side."""
    return statistics.median(s / f for s, f in zip(slow.wall, fast.wall))


def load_average() -> str:
    """The machine's 1-minute load average, to note beside a run's figures."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"
