"""`formkit collect` over folders and files it may not read (issue 13, item 7).

Each folder or file that cannot be read is reported on its own "Skipped:" line with the reason,
counted in the exit status (1), and the run goes on with the rest. Root ignores permissions,
so as root (CI) formkit runs as the unprivileged user 'nobody' through setpriv.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT


def _as_user() -> list[str]:
    """The command prefix that runs formkit without root's privileges, or skip with the reason."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("needs setpriv (util-linux) to drop root's privileges")
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import click, reportlab, pypdf"],
                           capture_output=True, env=_env(), cwd="/")
    if probe.returncode != 0:
        pytest.skip("user 'nobody' cannot read this Python's packages")
    return prefix


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "FORMKIT_DEBUG"}
    return {**env, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder under /tmp that 'nobody' can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="formkit-perm-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


def test_unreadable_folders_and_files_are_each_skipped_with_a_reason(base: Path) -> None:
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_category

    prefix = _as_user()
    catalog = effective_catalog(())
    form = render_category(catalog, catalog.categories[0])
    forms = base / "forms"
    for sub in ("", "locked", "list-only"):
        (forms / sub).mkdir(exist_ok=True)
        (forms / sub / f"form{'-' + sub if sub else ''}.pdf").write_bytes(form)
    secret = forms / "secret.pdf"
    secret.write_bytes(form)
    secret.chmod(0o000)
    (forms / "locked").chmod(0o000)  # cannot be listed
    (forms / "list-only").chmod(0o644)  # listed, but nothing inside can be opened
    out = base / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    proc = subprocess.run([*prefix, sys.executable, "-m", "formkit", "collect", str(forms), "-o", str(out)],
                          capture_output=True, env=_env(), timeout=120, cwd=base, stdin=subprocess.DEVNULL)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "internal error" not in err, err
    assert proc.returncode == 1, err
    skipped = {line.split(": ", 2)[1]: line for line in err.splitlines() if line.startswith("Skipped: ")}
    assert set(skipped) == {str(forms / "locked"), str(forms / "list-only"), str(secret)}, err
    assert "cannot be listed" in skipped[str(forms / "locked")], err
    assert "cannot be opened" in skipped[str(forms / "list-only")], err
    assert "permission denied" in skipped[str(secret)], err
    assert all("permissions" in line and "read-only" not in line for line in skipped.values()), err
    assert err.splitlines()[-1].startswith("3 file(s) or folder(s) could not be read"), err
    with open(out / "responses.csv", newline="", encoding="utf-8") as handle:
        files = {Path(row["file"]).name for row in csv.DictReader(handle)}
    assert files == {"form.pdf"}
    # a run whose only folder cannot be listed reports it, rather than "no PDF files found" (exit 2)
    proc = subprocess.run([*prefix, sys.executable, "-m", "formkit", "collect", str(forms / "locked"),
                           "-o", str(out)], capture_output=True, env=_env(), timeout=120, cwd=base,
                          stdin=subprocess.DEVNULL)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, err
    assert err.splitlines()[0].startswith(f"Skipped: {forms / 'locked'}: this folder cannot be listed"), err
