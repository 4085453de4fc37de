"""What `formkit build` does before its workers start runs on one core while the other waits
(issue 17, item 3): the shipped inputs are not validated again there, the test suite does it.

Checked by what a fresh interpreter imported, not by timing, so the check is exact on any machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

_PROBE = """
import contextlib, io, json, sys
sys.argv = ["formkit", *json.loads(sys.argv[1])]
from formkit.cli import main
try:
    with contextlib.redirect_stdout(io.StringIO()):
        main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _fresh(*args: str, cache: Path) -> tuple[int, set[str]]:
    result = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache)})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return report["code"], set(report["modules"])


def test_a_build_of_the_shipped_inputs_validates_nothing_again(tmp_path: Path) -> None:
    code, modules = _fresh("build", "-o", str(tmp_path / "out"), cache=tmp_path / "cache")
    assert code == 0
    assert len([p for p in (tmp_path / "out").rglob("*") if p.is_file() and not p.name.startswith(".")]) == 24
    assert "jsonschema" not in modules  # the shipped roles, board and catalogue: validated by the tests


def test_an_overlay_is_still_validated(tmp_path: Path) -> None:
    overlay = tmp_path / "agency.yaml"
    overlay.write_text("name: Agency\nroles:\n  peer-supervisor:\n    titel: Lead peer\n", encoding="utf-8")
    code, modules = _fresh("build", "-O", str(overlay), "-o", str(tmp_path / "out"), cache=tmp_path / "cache")
    assert code == 2 and "jsonschema" in modules
    assert not (tmp_path / "out").exists()
