"""Issue 13, item 11: odd but possible inputs and events, each run through the real CLI.

Two batches into one folder, a folder deleted while a build writes into it, YAML merge keys,
and wording placeholders that `overlay check` must refuse exactly as `build` does.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from conftest import ROOT

ENV = {k: v for k, v in os.environ.items() if k != "FORMKIT_DEBUG"} | {"PYTHONPATH": str(ROOT), "COLUMNS": "200"}


def _formkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "formkit", *args], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL, check=False)


def _cohort(path: Path, rows: int) -> Path:
    path.write_text("id,name\n" + "".join(f"A{i:05d},Applicant {i}\n" for i in range(rows)), encoding="utf-8")
    return path


def test_a_second_batch_into_a_folder_in_use_is_refused_and_the_first_finishes_whole(tmp_path: Path) -> None:
    """The first batch is paused (SIGSTOP) once it holds the folder, so the second surely meets it."""
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "formkit", "checklist", "--board", "icrc-pr", "--applicants",
                              str(_cohort(tmp_path / "a.csv", 400)), "-o", str(out)], cwd=tmp_path, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not list(out.glob("checklists/.index.csv.*.tmp")):  # made under the lock, before the first row
            assert first.poll() is None and time.monotonic() < deadline, "the first batch ended too soon"
            time.sleep(0.005)
        first.send_signal(signal.SIGSTOP)
        second = _formkit("checklist", "--board", "icrc-pr", "--applicants",
                          str(_cohort(tmp_path / "b.csv", 3)), "--name-pattern", "second-{id}", "-o", str(out),
                          cwd=tmp_path)
    finally:
        first.send_signal(signal.SIGCONT)
    _, err = first.communicate(timeout=300)
    assert second.returncode == 2, second.stderr
    assert second.stderr.strip().splitlines() == [
        (f"Error: {out / 'checklists'}: the folder is in use by another formkit run. Wait for that run to finish, "
         "or choose another folder with -o")], second.stderr
    assert "Traceback" not in second.stderr + second.stdout
    assert first.returncode == 0, err
    assert not list(out.rglob("second-*")), "the refused batch wrote files"
    index = (out / "checklists" / "index.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(index) == 401 and all(line.endswith(",written") for line in index[1:])
    assert len(list(out.glob("checklists/*.pdf"))) == 400


DELETE_AFTER_SECOND_FILE = textwrap.dedent("""
    import os, shutil, sys
    out = os.path.abspath(sys.argv[1])
    real_replace, renamed = os.replace, []

    def replace(src, dst, *args, **kwargs):  # the fault: someone deletes the folder mid-build
        real_replace(src, dst, *args, **kwargs)
        if os.path.abspath(str(dst)).startswith(out + os.sep) and not str(dst).endswith(".json"):
            renamed.append(dst)
            if len(renamed) == 2:
                shutil.rmtree(out)

    os.replace = replace
    from formkit.cli import cli
    cli(sys.argv[2:], prog_name="formkit")
""")


def test_a_build_whose_folder_is_deleted_mid_write_does_not_report_success(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-c", DELETE_AFTER_SECOND_FILE, str(out), "build", "--only", "catalogue",
                          "-o", str(out)], cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert "Wrote" not in run.stdout + run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(
        rf"Error: {re.escape(str(out))}: the output folder was deleted or replaced while formkit wrote into it; "
        r"[1-4] of 4 files are missing\. Leave the folder alone while formkit runs, then run the same command "
        r"again", lines[0]), run.stderr


def test_yaml_anchors_and_merge_keys_are_read_as_yaml_defines_them(tmp_path: Path) -> None:
    """HR staff copy shared settings with '&name' and '<<: *name'; the mapping's own keys win."""
    from formkit.core._yaml import load_data

    overlay = tmp_path / "anchors.yaml"
    overlay.write_text("name: Anchors\nterminology:\n  <<: &plain {peers: participants, peer: member}\n"
                       "  peer: participant\n", encoding="utf-8")
    assert load_data(overlay, "overlay")["terminology"] == {"peers": "participants", "peer": "participant"}
    run = _formkit("overlay", "check", str(overlay), cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith(f"OK: {overlay}"), run.stderr


def test_a_bad_merge_key_gets_a_merge_hint_not_an_indentation_hint(tmp_path: Path) -> None:
    overlay = tmp_path / "merge.yaml"
    overlay.write_text("name: Merge\nterminology:\n  <<: participants\n", encoding="utf-8")
    run = _formkit("overlay", "check", str(overlay), cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == (
        f"Error: {overlay}: YAML error on line 3, column 7: a merge key '<<' must be followed by an alias to a "
        "mapping, e.g. '<<: *defaults'. Define the shared mapping with '&name' first, then merge it with "
        "'<<: *name'")


def test_overlay_check_refuses_the_wording_placeholders_build_refuses(tmp_path: Path) -> None:
    """One check for both: the same line from `overlay check` and from `build`."""
    overlay = tmp_path / "wording.yaml"
    overlay.write_text("name: W\nwording:\n  selfassess.kind_title: 'Self-assessment for {name}'\n"
                       "  jobdesc.properties_title: 'Job: {title}'\n", encoding="utf-8")
    check = _formkit("overlay", "check", str(overlay), cwd=tmp_path)
    build = _formkit("build", "--only", "catalogue", "-O", str(overlay), "-o", str(tmp_path / "out"), cwd=tmp_path)
    expected = [(f"Error: {overlay}: wording.selfassess.kind_title: wording 'selfassess.kind_title' has a "
                 "placeholder formkit cannot fill: {name}. This wording takes no placeholders; write a literal "
                 "brace as {{ or }}")]
    assert (check.returncode, check.stderr.strip().splitlines()) == (2, expected)
    assert (build.returncode, build.stderr.strip().splitlines()) == (2, expected)
    assert not (tmp_path / "out").exists()
