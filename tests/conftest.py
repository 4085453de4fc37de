"""Shared fixtures: a CLI runner, paths, and external tools that skip with a reason when absent.

CI (.ci/run) installs every tool named here, so on CI nothing skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent

# The batch keeps the blank checklist in the user's cache folder (formkit.documents.checklist.blankcache):
# tests, and the formkit processes they start, use a cache folder of their own, never the user's.
if "FORMKIT_TEST_CACHE" not in os.environ:
    import tempfile

    os.environ["FORMKIT_TEST_CACHE"] = os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="formkit-test-cache-")
DATA = Path(__file__).resolve().parent / "data"
OVERLAYS = ROOT / "templates" / "overlays"

TOOLS = {
    "qpdf": "qpdf (apt-get install qpdf)",
    "pdfinfo": "poppler (apt-get install poppler-utils)",
    "pdftoppm": "poppler (apt-get install poppler-utils)",
    "pdftotext": "poppler (apt-get install poppler-utils)",
    "pdftk": "pdftk (apt-get install pdftk-java)",
    "mutool": "MuPDF (apt-get install mupdf-tools)",
    "soffice": "LibreOffice (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)",
    "node": "Node.js (apt-get install nodejs npm)",
    "msgfmt": "GNU gettext (apt-get install gettext)",
}


_FRESH_PROBE = """
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
registered = sorted(sys.modules["reportlab.pdfbase.pdfmetrics"]._fonts) if "reportlab.pdfbase.pdfmetrics" in sys.modules else []
print(json.dumps({"code": code, "modules": sorted(sys.modules), "fonts": registered}))
"""


def fresh_cli(args: Sequence[str], **env: str) -> dict[str, Any]:
    """`formkit ARGS` in a fresh interpreter (``env`` added to a bare environment): its exit code, every
    module it imported and every font it registered with reportlab. What start-up tests check, exactly,
    on any machine, instead of timing it."""
    result = subprocess.run([sys.executable, "-c", _FRESH_PROBE, json.dumps(list(args))], capture_output=True,
                            text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **env})
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def require_tool(name: str) -> str:
    """Return the tool's path, or skip the test saying how to install it.

    On CI (CI=true) a missing tool is a failure, not a skip: .ci/run must install it.
    """
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing on CI: .ci/run must install {TOOLS.get(name, name)}")
        pytest.skip(f"needs {TOOLS.get(name, name)}")
    return path


def run_tool(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run an external tool and return its result; fail the test with its stderr on error."""
    require_tool(args[0])
    result = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(args)} exited {result.returncode}: {result.stderr.strip()[:2000]}")
    return result


def require_pdfjs() -> tuple[str, str]:
    """node and a pdfjs-dist folder (env PDFJS_DIST, else .ci/node), or skip (fail on CI)."""
    node = require_tool("node")
    for folder in (os.environ.get("PDFJS_DIST", ""), str(ROOT / ".ci" / "node" / "node_modules" / "pdfjs-dist")):
        if folder and (Path(folder) / "legacy" / "build" / "pdf.mjs").is_file():
            return node, folder
    reason = "needs pdfjs-dist (npm install --prefix .ci/node pdfjs-dist@5, or set PDFJS_DIST)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"pdf.js is missing on CI: .ci/run must install it ({reason})")
    pytest.skip(reason)


def require_pypdfform() -> str:
    """A python with PyPDFForm: env PYPDFFORM_PYTHON (set by .ci/run), else .ci/pypdfform; or skip."""
    for python in (os.environ.get("PYPDFFORM_PYTHON", ""), str(ROOT / ".ci" / "pypdfform" / "bin" / "python")):
        if python and Path(python).is_file():
            return python
    reason = ("needs PyPDFForm in its own venv (python3 -m venv .ci/pypdfform && "
              ".ci/pypdfform/bin/pip install PyPDFForm==6.0.1, or set PYPDFFORM_PYTHON)")
    if os.environ.get("CI") == "true":
        pytest.fail(f"PyPDFForm is missing on CI: .ci/run must install it ({reason})")
    pytest.skip(reason)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):  # type: ignore[no-untyped-def]
    """Invoke the real CLI: invoke('catalog', 'show') -> click Result."""
    from formkit.cli import cli

    def _invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), input=input, catch_exceptions=True)

    return _invoke


def assert_user_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    """A user error: exit 2, one 'Error:' line naming what is wrong, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.fixture(scope="session")
def blank_cc1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blank CC1 mini-tool of the base catalogue, rendered once for every test that fills or reads it
    (shared: tests copy it before they change it)."""
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_category

    catalog = effective_catalog(())
    path = tmp_path_factory.mktemp("blank") / "cc1.pdf"
    path.write_bytes(render_category(catalog, catalog.categories[0]))
    return path


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str | None]:
    """The PostgreSQL server the store tests use (None when there is none: those tests skip, or fail on CI)."""
    from pgserver import PG_ENV, local_server

    if os.environ.get(PG_ENV):
        yield os.environ[PG_ENV]
        return
    server = local_server()
    try:
        url = server.__enter__()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        stderr = getattr(exc, "stderr", None)
        said = stderr.decode(errors="replace").strip()[:300] if isinstance(stderr, bytes) else ""
        _PG_TROUBLE.append(f"could not start one here ({exc}{'; ' + said if said else ''})")
        yield None
        return
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


_PG_TROUBLE: list[str] = []


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty answer store: an SQLite file, then a fresh PostgreSQL database (every store test runs on both)."""
    if request.param == "sqlite":
        yield str(tmp_path / "formkit.db")
        return
    from pgserver import fresh_database, unavailable

    admin = request.getfixturevalue("pg_admin_url")
    if admin is None:
        unavailable(" ".join(_PG_TROUBLE) or "no server could be started")
    with fresh_database(admin) as url:
        yield url
