"""formkit type-checks clean under mypy --strict (configured in pyproject.toml).

The annotations are how a reader (and an editor) knows what a function takes and returns;
this keeps them true. A new error fails here with mypy's own lines, file:line: message.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # about 10 s of CPU from a cold cache


def test_mypy_strict_finds_no_error_in_formkit() -> None:
    if importlib.util.find_spec("mypy") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mypy is missing on CI: it is in the test extra (pip install -e '.[test]')")
        pytest.skip("needs mypy (pip install -e '.[test]')")
    done = subprocess.run([sys.executable, "-m", "mypy", "formkit"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    assert "Success: no issues found" in done.stdout
