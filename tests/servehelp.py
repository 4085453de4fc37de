"""Helpers for the `formkit serve` tests: an app on a fresh data folder, its CSRF token, a real
server on a free loopback port, and Debian's Chromium driven by Playwright with axe-core.

The browser is the distribution's (.ci/run installs it with apt); `playwright install` is never
run. Missing pieces skip with the reason, and fail under CI=true (.ci/run must install them).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"missing on CI: .ci/run must install it ({reason})")
    pytest.skip(reason)


def make_app(data_dir: Path, **settings: Any) -> Any:
    from formkit.serve import ServeSettings, create_app

    app = create_app(ServeSettings(data_dir=data_dir, **settings))
    app.testing = False  # errors go through the error pages, as a user sees them
    return app


def csrf_of(html: bytes | str) -> str:
    text = html.decode() if isinstance(html, bytes) else html
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert found, "no CSRF token in the page"
    return found.group(1)


@contextmanager
def running(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _missing("needs Chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("needs the Python package playwright (pip install -e '.[test]')")
    return str(path)


def axe_source() -> str:
    if not AXE.is_file():
        _missing("needs axe-core (npm install --prefix .ci/node axe-core@4)")
    return AXE.read_text(encoding="utf-8")


@contextmanager
def browser(downloads: Path | None = None, **context: Any) -> Iterator[Any]:
    """A fresh Chromium profile (persistent context in a temporary folder), closed afterwards."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    profile = tempfile.mkdtemp(prefix="formkit-chromium-")
    try:
        with sync_playwright() as play:
            ctx = play.chromium.launch_persistent_context(
                profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS, accept_downloads=True,
                bypass_csp=True,  # lets the test inject axe-core; the page itself sends a strict CSP
                **context)
            try:
                yield ctx
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page: 'rule: target' lines (empty when none)."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{v['id']}: {node['target']}" for v in result["violations"] for node in v["nodes"]]
