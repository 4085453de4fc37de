"""Faults: killed builds, a full disk, a read-only folder, two builds at once, forms holding answers.

Every file formkit leaves behind must be whole (it parses with a client we did not write), no
temporary file outlives the next run, and a form someone filled in is never replaced by accident.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import OVERLAYS, ROOT, assert_user_error, run_tool

FAST = ["--only", "catalogue", "--only", "job-descriptions"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _start(*args: str, slow_disk: Path | None = None) -> subprocess.Popen[bytes]:
    """``formkit`` in a new process; with ``slow_disk`` (a log file), see :func:`_slow_disk_env`."""
    env = {k: v for k, v in ENV.items() if k != "FORMKIT_DEBUG"}
    if slow_disk is not None:
        env.update(_slow_disk_env(slow_disk))
    return subprocess.Popen([sys.executable, "-m", "formkit", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)


SLOW_DISK = """
import os, time
_fsync = os.fsync
def fsync(fd):
    _fsync(fd)
    with open(os.environ["SLOW_DISK_LOG"], "a") as log:
        log.write("synced\\n")
    time.sleep(0.15)
os.fsync = fsync
"""


def _slow_disk_env(log: Path) -> dict[str, str]:
    """Environment for a formkit whose every fsync is logged to ``log`` and then takes 0.15 s.

    A test can then stop the process while it writes, after the n-th file reached the disk,
    instead of hoping a timer lands in the short writing phase (a sitecustomize module in a
    folder of its own does it; formkit's code is unchanged)."""
    folder = log.parent / "slow-disk-site"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(SLOW_DISK)
    return {"PYTHONPATH": f"{folder}{os.pathsep}{ROOT}", "SLOW_DISK_LOG": str(log)}


def _wait_for_writes(log: Path, count: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if log.exists() and len(log.read_text().splitlines()) >= count:
            return
        time.sleep(0.005)
    pytest.fail(f"formkit did not write {count} files (exit status {proc.poll()})")


def _finish(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode("utf-8", "replace")


def check_whole(folder: Path) -> list[Path]:
    """Open every document under ``folder`` with a real client; return the temporaries found."""
    import docx

    temporaries = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.endswith(".tmp"):
            temporaries.append(path)
            continue
        suffix = path.suffix.lower()
        if suffix == ".docx":
            document = docx.Document(str(path))
            assert document.paragraphs, path
        elif suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif suffix in (".csv", ".md"):
            text = path.read_text(encoding="utf-8")
            assert text.endswith("\n"), path
        elif suffix == ".pdf":
            run_tool("qpdf", "--check", str(path))
        else:
            pytest.fail(f"unexpected file {path}")
    return temporaries


def test_a_build_killed_at_random_moments_leaves_only_whole_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    start = time.monotonic()
    first = _start("build", *FAST, "-o", str(out))
    assert _finish(first)[0] == 0
    duration = time.monotonic() - start
    rng = random.Random(20261123)
    killed_while_writing = 0
    for turn in range(20):
        before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
        log = tmp_path / f"writes-{turn}.log"
        proc = _start("build", *FAST, "-o", str(out), "-O", str(OVERLAYS / "example-agency.yaml"), slow_disk=log)
        if turn % 2:  # at a random moment
            time.sleep(rng.uniform(0.5, 1.05) * duration)
        else:  # while writing: after the 2nd..9th file is on disk, before it replaced the old one
            _wait_for_writes(log, 2 + turn // 2 % 8, proc)
        proc.kill()
        _finish(proc)
        after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
        if any(after.get(p) != t for p, t in before.items()) or set(after) - set(before):
            killed_while_writing += 1
        check_whole(out)  # temporaries may be left by SIGKILL, but every document parses
    # the next run removes what killed runs left, and writes a complete set
    done = _start("build", *FAST, "-o", str(out))
    assert _finish(done) == (0, "")
    assert check_whole(out) == []
    assert len([p for p in out.rglob("*") if p.is_file() and p.name != ".formkit-written.json"]) == 9
    print(f"{killed_while_writing} of 20 kills changed files on disk; every file was whole")
    assert killed_while_writing >= 10  # the ten kills timed by the writes, at least, hit the writing


def test_sigterm_removes_the_temporary_file_and_says_so(tmp_path: Path) -> None:
    """A polite stop (closing the terminal, a job scheduler) cleans up like Ctrl-C, also while
    the families render in worker processes."""
    out, log = tmp_path / "out", tmp_path / "writes.log"
    proc = _start("build", "-o", str(out), slow_disk=log)
    _wait_for_writes(log, 3, proc)  # the third file is synced, not yet renamed into place
    assert list(out.rglob("*.tmp")), "the signal must arrive while a temporary file exists"
    proc.send_signal(signal.SIGTERM)
    code, err = _finish(proc)
    assert code == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert not [p for p in out.rglob("*.tmp")]
    assert check_whole(out) == []
    # stopped mid-way: the documents finished so far waited as temporary files, so none is in place
    assert [p for p in out.rglob("*") if p.is_file()] == []


class _FullDisk:
    """A file handle that writes a little, then fails the way a full disk does."""

    def __init__(self, fd: int, mode: str = "wb") -> None:
        self.fd = fd

    def write(self, data: bytes) -> int:
        os.write(self.fd, bytes(data[:100]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def test_a_full_disk_gives_a_clear_message_and_no_partial_file(tmp_path: Path, invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import formkit.runtime.outputs

    monkeypatch.setattr(formkit.runtime.outputs.os, "fdopen", _FullDisk)
    out = tmp_path / "out"
    result = invoke("build", "--only", "catalogue", "-o", str(out))
    assert_user_error(result, "No space left on device", "The disk is full", "nothing was written")
    assert [p for p in out.rglob("*") if p.is_file()] == []  # no half file, no temporary


def test_a_full_disk_midway_replaces_nothing_and_leaves_no_temporary(tmp_path: Path, invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A build stages every file before it replaces any: the disk filling up on the third file
    leaves the previous build's files as they were, and no temporary file."""
    import formkit.runtime.outputs

    out = tmp_path / "out"
    assert invoke("build", "--only", "catalogue", "-o", str(out)).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "catalog" / "catalog.json").write_bytes(b"{}\n")  # a file the next build must replace...
    before[out / "catalog" / "catalog.json"] = b"{}\n"
    (out / ".formkit-written.json").unlink()  # ...and may (no record: judged by a look inside)
    del before[out / ".formkit-written.json"]
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def fdopen(fd: int, mode: str = "wb"):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return _FullDisk(fd) if calls["n"] > 2 else real_fdopen(fd, mode)

    monkeypatch.setattr(formkit.runtime.outputs.os, "fdopen", fdopen)
    result = invoke("build", "--only", "catalogue", "-o", str(out))
    assert_user_error(result, "The disk is full", "nothing was written")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_read_only_output_folder_gives_a_clear_message(tmp_path: Path, invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Simulated (root ignores permissions): the system refuses to create the temporary file."""
    import formkit.runtime.outputs

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(formkit.runtime.outputs.tempfile, "mkstemp", refuse)
    result = invoke("build", "--only", "catalogue", "-o", str(tmp_path / "out"))
    assert_user_error(result, "Read-only file system", "read-only: choose another with -o")


def test_a_really_read_only_folder() -> None:
    """A folder the user may not write to. Root ignores permissions, so as root (CI) the build
    runs as the unprivileged user 'nobody' through setpriv."""
    import shutil
    import tempfile

    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("needs setpriv (util-linux) to drop root's privileges")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        probe = subprocess.run([*prefix, sys.executable, "-c", "import click, reportlab, docx"],
                               capture_output=True, env=ENV, cwd="/")
        if probe.returncode != 0:
            pytest.skip("user 'nobody' cannot read this Python's packages; the simulated test covers it")
    base = Path(tempfile.mkdtemp(prefix="formkit-ro-", dir="/tmp"))
    try:
        base.chmod(0o755)
        out = base / "locked"
        out.mkdir()
        out.chmod(0o555)
        env = {k: v for k, v in ENV.items() if k != "FORMKIT_DEBUG"}
        env["HOME"] = str(base)
        proc = subprocess.run([*prefix, sys.executable, "-m", "formkit", "build", "--only", "catalogue",
                               "-o", str(out)], capture_output=True, env=env, timeout=120, cwd=base)
        err = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == 2, err
        assert err.startswith("Error: ") and "read-only" in err and "Traceback" not in err
        assert list(out.iterdir()) == []
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


def test_two_builds_into_one_folder_do_not_corrupt_each_other(tmp_path: Path) -> None:
    out = tmp_path / "shared"
    for _ in range(2):
        a = _start("build", *FAST, "-o", str(out))
        b = _start("build", *FAST, "-o", str(out), "-O", str(OVERLAYS / "example-agency.yaml"))
        assert _finish(a) == (0, "")
        assert _finish(b) == (0, "")
        assert check_whole(out) == []
        # the folder holds one build's complete set, not a mix: the files agree on the overlay
        catalog = json.loads((out / "catalog" / "catalog.json").read_text(encoding="utf-8"))
        riverbend = "FP1" in {c["id"] for c in catalog["categories"]}
        import docx

        for path in (out / "job-descriptions").glob("*.docx"):
            header = docx.Document(str(path)).sections[0].header  # the letterhead: a table in the page header
            letterhead = " ".join(c.text for t in header.tables for row in t.rows for c in row.cells)
            assert ("Riverbend" in letterhead) == riverbend, path


def test_an_unexpected_failure_is_one_line_not_a_traceback(invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import formkit.documents.pipeline

    def broken(name, catalog):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("something formkit did not expect")

    monkeypatch.setattr(formkit.documents.pipeline, "render_family", broken)
    monkeypatch.delenv("FORMKIT_DEBUG", raising=False)
    result = invoke("build", "--only", "catalogue", "-o", "never-written")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: internal error in formkit (ZeroDivisionError")
    assert "FORMKIT_DEBUG=1" in lines[0] and "Traceback" not in result.output
    assert not Path("never-written").exists()
    monkeypatch.setenv("FORMKIT_DEBUG", "1")
    assert isinstance(invoke("build", "--only", "catalogue", "-o", "never-written").exception, ZeroDivisionError)


def test_ctrl_c_is_one_line_and_exit_130(invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import formkit.documents.pipeline

    def interrupted(name, catalog):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(formkit.documents.pipeline, "render_family", interrupted)
    monkeypatch.delenv("FORMKIT_DEBUG", raising=False)
    result = invoke("build", "--only", "catalogue", "-o", "never-written")
    assert result.exit_code == 130
    assert result.output.strip().startswith("Interrupted") and "Traceback" not in result.output


# -- forms holding answers --------------------------------------------------------------------------
def _fill(path: Path, values: dict[str, str]) -> None:
    from formkit.pdfform.fill import fill_form

    path.write_bytes(fill_form(path, values))


def test_a_filled_form_is_never_overwritten_without_force(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "forms"
    assert invoke("selfassess", "--category", "CC1", "-o", str(out)).exit_code == 0
    form = out / "self-assessment" / "self-assessment-CC01-engages-peers.pdf"
    _fill(form, {"name": "José Núñez", "CC1_1_rating": "3"})
    filled = form.read_bytes()
    booklet_before = (out / "self-assessment" / "self-assessment-booklet.pdf").read_bytes()

    result = invoke("selfassess", "--category", "CC1", "-o", str(out))
    assert_user_error(result, form.name, "already holds someone's answers", "--force")
    assert form.read_bytes() == filled  # untouched
    assert (out / "self-assessment" / "self-assessment-booklet.pdf").read_bytes() == booklet_before  # nothing else
    assert not list(out.rglob("*.tmp"))

    result = invoke("build", "--only", "self-assessment", "-o", str(out))  # the whole build refuses too
    assert_user_error(result, form.name, "already holds someone's answers")
    assert form.read_bytes() == filled

    result = invoke("selfassess", "--category", "CC1", "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    from formkit.pdfform.read import read_field_values

    assert set(read_field_values(form).values()) <= {"", "Off"}  # --force did replace it, as asked


def test_a_blank_pdf_in_the_way_is_replaced_and_an_unreadable_one_is_not(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    """A file that cannot be opened may hold answers we cannot see (issue 13): only --force replaces it."""
    out = tmp_path / "forms"
    target = out / "self-assessment" / "self-assessment-CC01-engages-peers.pdf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"%PDF-1.7 broken")
    result = invoke("selfassess", "--category", "CC1", "-o", str(out))
    assert result.exit_code == 2 and "cannot be opened" in result.output, result.output
    assert invoke("selfassess", "--category", "CC1", "-o", str(out), "--force").exit_code == 0
    run_tool("qpdf", "--check", str(target))
    (out / ".formkit-written.json").unlink()  # a blank form formkit has no record of: rebuilt
    assert invoke("selfassess", "--category", "CC1", "-o", str(out)).exit_code == 0


def _first_text_field(path: Path) -> str:
    """An evaluator's field: empty text, not part of the pre-filled applicant block."""
    from pypdf import PdfReader

    from formkit.documents.checklist.batch import PREFILLED

    fields = PdfReader(str(path)).get_fields() or {}
    return next(name for name, f in fields.items()
                if f.get("/FT") == "/Tx" and not f.get("/V") and name not in PREFILLED)


def test_a_filled_checklist_is_never_overwritten_without_force(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "boards"
    result = invoke("checklist", "--board", "custom", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    (form,) = sorted(out.rglob("*.pdf"))
    _fill(form, {_first_text_field(form): "2026-11-20"})
    filled = form.read_bytes()
    result = invoke("checklist", "--board", "custom", "--format", "pdf", "-o", str(out))
    assert_user_error(result, form.name, "already holds someone's answers", "--force")
    assert form.read_bytes() == filled
    assert invoke("checklist", "--board", "custom", "--format", "pdf", "-o", str(out), "--force").exit_code == 0
    assert form.read_bytes() != filled


def test_a_filled_applicant_checklist_is_kept_by_the_next_batch(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("id,name\nA1,Ann Lee\nA2,José Núñez\n", encoding="utf-8")
    out = tmp_path / "out"
    assert invoke("checklist", "--board", "custom", "--applicants", str(cohort), "-o", str(out)).exit_code == 0
    ann = out / "checklists" / "A1-Ann-Lee.pdf"
    _fill(ann, {_first_text_field(ann): "2026-11-20"})
    filled = ann.read_bytes()
    result = invoke("checklist", "--board", "custom", "--applicants", str(cohort), "-o", str(out))
    assert result.exit_code == 2 and "already holds someone's answers" in result.output, result.output
    assert "Traceback" not in result.output
    assert ann.read_bytes() == filled  # kept; the other applicant's file was still written
    assert (out / "checklists" / "A2-Jose-Nunez.pdf").is_file()
    assert invoke("checklist", "--board", "custom", "--applicants", str(cohort), "-o", str(out),
                  "--force").exit_code == 0
    assert ann.read_bytes() != filled
