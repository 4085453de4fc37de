"""A fresh virtual environment: `pip install .` (not editable), then `formkit build` elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.mark.slow
def test_wheel_install_runs_build_from_any_directory(tmp_path: Path) -> None:
    if os.environ.get("FORMKIT_SKIP_INSTALL_TEST") == "1":
        pytest.skip("FORMKIT_SKIP_INSTALL_TEST=1")
    # Copy the tracked sources, so a stray build/ or .venv in the checkout cannot help.
    src = tmp_path / "src"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    for rel in files:
        if rel.startswith(("output/", "tests/")) or not (ROOT / rel).is_file():
            continue
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", str(src)], capture_output=True, text=True,
                             timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    build = subprocess.run([str(env_dir / "bin" / "formkit"), "build"], cwd=work, capture_output=True, text=True,
                           env=env, timeout=600)
    assert build.returncode == 0, build.stderr
    assert (work / "output" / "catalog" / "catalog.json").is_file()
    built = sorted(p.relative_to(work / "output") for p in (work / "output").rglob("*") if p.is_file())
    assert len(built) >= 4
    check = subprocess.run([str(env_dir / "bin" / "formkit"), "overlay", "check",
                            str(ROOT / "templates" / "overlays" / "example-agency.yaml")],
                           cwd=work, capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stderr
    # The installed package reads its data from inside the wheel, not from this checkout.
    where = subprocess.run([str(py), "-c", "from formkit.core.resources import data_root; print(data_root())"],
                           cwd=work, capture_output=True, text=True, env=env)
    assert "site-packages" in where.stdout, where.stdout + where.stderr
    assert sys.prefix not in where.stdout
