"""Generated PDFs carry no active content, and formkit never opens a network connection.

Forms go to people's laptops and phones; a form that ran JavaScript or launched a program
would be a risk and is blocked by many mail filters. Every PDF formkit writes is walked object by
object (pypdf) and, decompressed by qpdf, searched as text for the action keys readers execute.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from conftest import OVERLAYS, run_tool

ACTIVE = ("/JS", "/JavaScript", "/Launch", "/OpenAction", "/AA", "/SubmitForm", "/ImportData", "/GoToR",
          "/RichMedia", "/EmbeddedFile", "/EmbeddedFiles", "/XFA")


def _no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args, **kwargs):  # type: ignore[no-untyped-def]
            attempts.append(f"{name}{args!r}")
            raise OSError("network access is blocked in this test")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    return attempts


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every kind of PDF formkit writes, made with the network cut off (in this process)."""
    from click.testing import CliRunner

    from formkit.cli import cli
    from formkit.pdfform.fill import fill_form

    mp = pytest.MonkeyPatch()
    attempts = _no_network(mp)
    try:
        out = tmp_path_factory.mktemp("safety")
        runner = CliRunner()
        overlay = str(OVERLAYS / "example-agency.yaml")
        result = runner.invoke(cli, ["build", "-O", overlay, "--only", "catalogue", "--only", "job-descriptions",
                                     "-o", str(out)])
        assert result.exit_code == 0, result.output
        result = runner.invoke(cli, ["selfassess", "-O", overlay, "--category", "CC1", "-o", str(out)])
        assert result.exit_code == 0, result.output
        form = next((out / "self-assessment").glob("self-assessment-CC01-*.pdf"))
        filled = out / "returned" / "filled.pdf"
        filled.parent.mkdir()
        filled.write_bytes(fill_form(form, {"name": "Ann Lee", "CC1_1_rating": "3"}))
        result = runner.invoke(cli, ["collect", str(filled), "-O", overlay, "--report", "-o", str(out / "collected")])
        assert result.exit_code == 0, result.output
    finally:
        mp.undo()
    assert attempts == [], attempts
    pdfs = sorted(p for p in out.rglob("*.pdf") if p.parent.name != "returned")
    assert len(pdfs) >= 3
    return pdfs


def test_formkit_opens_no_network_connection(generated: list[Path]) -> None:
    """The fixture built every family with sockets refused; reaching here means none was tried."""
    assert any(p.name.startswith("summary-") for p in generated)


def _walk(obj, seen: set[int], found: list[str], path: str) -> None:  # type: ignore[no-untyped-def]
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key in ACTIVE:
                found.append(f"{path}/{key}")
            if key == "/S" and isinstance(value, NameObject) and value in ("/JavaScript", "/Launch", "/SubmitForm"):
                found.append(f"{path}/S {value}")
            _walk(value, seen, found, f"{path}{key}")
    elif isinstance(obj, ArrayObject):
        for i, value in enumerate(obj):
            _walk(value, seen, found, f"{path}[{i}]")


def test_generated_pdfs_hold_no_javascript_or_actions(generated: list[Path]) -> None:
    from pypdf import PdfReader

    for path in generated:
        reader = PdfReader(str(path))
        found: list[str] = []
        seen: set[int] = set()
        _walk(reader.trailer.get_object(), seen, found, "trailer")
        for num in range(1, int(reader.trailer["/Size"])):  # objects not reachable from the trailer too
            try:
                obj = reader.get_object(num)
            except Exception:  # noqa: BLE001 - a free entry
                continue
            if obj is not None:
                _walk(obj, seen, found, f"obj{num}")
        assert found == [], (path.name, found[:5])


def test_decompressed_pdfs_contain_no_action_keys(generated: list[Path], tmp_path: Path) -> None:
    """The same check by a second reader: qpdf writes the file uncompressed, we search its text."""
    pattern = re.compile(rb"/(JS|JavaScript|Launch|OpenAction|AA|SubmitForm|ImportData|GoToR|RichMedia|XFA)\b")
    for path in generated:
        plain = tmp_path / f"{path.stem}.qdf.pdf"
        run_tool("qpdf", "--qdf", "--object-streams=disable", "--decode-level=all", str(path), str(plain))
        hits = pattern.findall(plain.read_bytes())
        assert hits == [], (path.name, hits[:5])
