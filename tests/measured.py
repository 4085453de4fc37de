"""Run a command as a user would and measure *its* CPU time and peak memory, not pytest's.

Why a launcher: the kernel's ru_maxrss survives exec, and Python starts subprocesses with vfork,
so a child spawned straight from pytest reports pytest's own peak (a 300 MB pytest makes `true`
look like a 300 MB program). Here pytest starts a small launcher; the launcher (a fresh
interpreter, about 10 MB) starts the command, applies the limits to it alone, waits for it with
wait4() and writes its rusage to a file. The command's figure then covers itself and its
descendants, with the launcher's few megabytes as the floor.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = r"""
import json, os, resource, subprocess, sys, threading
spec = json.loads(sys.argv[1])
def limit():
    for name, value in spec["limits"].items():
        resource.setrlimit(getattr(resource, name), (value, value))
# The launcher has one thread, so a preexec_fn is safe here (it is not in pytest).
child = subprocess.Popen(spec["argv"], preexec_fn=limit)
killed = []
def kill():
    killed.append(True)
    child.kill()
timer = threading.Timer(spec["wall"], kill)
timer.start()
_, status, usage = os.wait4(child.pid, 0)
timer.cancel()
with open(spec["report"], "w") as out:
    json.dump({"code": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime,
               "max_rss": usage.ru_maxrss * 1024, "killed": bool(killed)}, out)
"""


@dataclass(frozen=True)
class Measured:
    """What the command did: exit code, CPU seconds, peak resident bytes, and whether the
    wall-clock limit killed it."""

    code: int
    cpu: float
    max_rss: int
    killed: bool


def run_measured(argv: list[str], *, wall: float, limits: dict[str, int] | None = None,
                 **popen: object) -> Measured:
    """Run ``argv`` under ``limits`` (resource names such as 'RLIMIT_AS' -> value), killed after
    ``wall`` seconds; ``popen`` (cwd, env, stdin, stdout, stderr) goes to the launcher, whose
    streams the command inherits."""
    fd, report = tempfile.mkstemp(prefix="measured-", suffix=".json")
    os.close(fd)
    try:
        spec = {"argv": argv, "limits": limits or {}, "wall": wall, "report": report}
        subprocess.run([sys.executable, "-c", LAUNCHER, json.dumps(spec)], check=True, **popen)  # type: ignore[call-overload]
        data = json.loads(Path(report).read_text())
    finally:
        os.unlink(report)
    return Measured(data["code"], data["cpu"], data["max_rss"], data["killed"])
