"""The build pipeline: families rendered in worker processes give the same files as a serial
run, a failure in a worker reaches the caller as its own plain error, and every page knows
the page count although each document is laid out only once."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import run_tool
from formkit import families, pipeline, workers
from formkit.effective import effective_catalog
from formkit.errors import FormkitError

EXAMPLE = Path(__file__).resolve().parent.parent / "templates" / "overlays" / "example-agency.yaml"


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog([str(EXAMPLE)])


@pytest.mark.skipif(sys.platform != "linux", reason="worker processes are used on Linux only")
def test_workers_and_a_serial_run_make_the_same_bytes(catalog, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert workers.can_fork(), "this test must exercise the worker processes"
    serial = pipeline.render_all(catalog, jobs=1)
    real, log = pipeline.render_family, tmp_path / "rendered-by.txt"

    def render_family(name, cat):  # type: ignore[no-untyped-def]
        artifacts = real(name, cat)
        with log.open("a") as out:  # forked workers inherit this wrapper and append to the same file
            out.write(f"{name} {os.getpid()}\n")
        return artifacts

    monkeypatch.setattr(pipeline, "render_family", render_family)
    parallel = pipeline.render_all(catalog, jobs=2)
    rendered = [line.split() for line in log.read_text().splitlines()]
    # every family was rendered once, in a worker: none fell back to (or was redone in) this process
    assert sorted(name for name, _ in rendered) == sorted(a for a in families.FAMILIES)
    assert str(os.getpid()) not in {pid for _, pid in rendered}
    assert [a.relpath for a in parallel] == [a.relpath for a in serial]
    for one, other in zip(serial, parallel):
        assert one.data == other.data, one.relpath


@pytest.mark.skipif(sys.platform != "linux", reason="worker processes are used on Linux only")
def test_a_family_failing_in_a_worker_raises_its_own_error(catalog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = pipeline.render_family

    def render_family(name, cat):  # type: ignore[no-untyped-def]
        if name == "job-descriptions":
            raise FormkitError("no such role", path="roles.yaml", key="roles.x", hint="Check the role id.")
        return real(name, cat)

    monkeypatch.setattr(pipeline, "render_family", render_family)
    with pytest.raises(FormkitError, match="no such role") as failure:
        pipeline.render_all(catalog, ["catalogue", "job-descriptions"], jobs=2)
    assert failure.value.path == "roles.yaml" and failure.value.key == "roles.x"


def test_every_page_names_its_number_and_the_count(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from formkit.selfassess import render_booklet

    pdf = tmp_path / "booklet.pdf"
    pdf.write_bytes(render_booklet(catalog))
    pages = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", str(pdf)).stdout).group(1))  # type: ignore[union-attr]
    assert pages > 10
    for page in (1, pages // 2, pages):
        text = run_tool("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").stdout
        assert f"Page {page} of {pages}" in text
