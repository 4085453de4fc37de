"""The build pipeline: families rendered in worker processes give the same files as a serial
run, a failure in a worker is reported as formkit's own bug (not rendered again), and every page
knows the page count although each document is laid out only once."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from conftest import run_tool

from formkit.catalog.effective import effective_catalog
from formkit.context import families
from formkit.documents import pipeline
from formkit.runtime import workers

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
def test_a_family_failing_in_a_worker_is_an_internal_error_and_is_not_rendered_again(  # type: ignore[no-untyped-def]
        catalog, monkeypatch, tmp_path: Path) -> None:
    """Inputs are checked before rendering (formkit.context), so a renderer that fails is a bug:
    reported as one, with the worker's traceback, and not rendered again in this process."""
    from formkit.context import resolve

    context = resolve(catalog, ["catalogue", "job-descriptions"])
    real, log = pipeline.render_family, tmp_path / "rendered-by.txt"

    def render_family(name, ctx):  # type: ignore[no-untyped-def]
        with log.open("a") as out:
            out.write(f"{name} {os.getpid()}\n")
        if name == "job-descriptions":
            raise ZeroDivisionError("a bug in a renderer")
        return real(name, ctx)

    monkeypatch.setattr(pipeline, "render_family", render_family)
    with pytest.raises(pipeline.RenderError, match="'job-descriptions' failed.*ZeroDivisionError: a bug") as failure:
        pipeline.render_all(context, ["catalogue", "job-descriptions"], jobs=2)
    assert "raise ZeroDivisionError" in failure.value.worker_traceback
    rendered = [line.split() for line in log.read_text().splitlines()]
    assert sorted(name for name, _ in rendered) == ["catalogue", "job-descriptions"]  # once each
    assert str(os.getpid()) not in {pid for _, pid in rendered}  # nothing rendered again here


def test_every_page_names_its_number_and_the_count(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from formkit.documents.selfassess import render_booklet

    pdf = tmp_path / "booklet.pdf"
    pdf.write_bytes(render_booklet(catalog))
    pages = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", str(pdf)).stdout).group(1))  # type: ignore[union-attr]
    assert pages > 10
    for page in (1, pages // 2, pages):
        text = run_tool("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").stdout
        assert f"Page {page} of {pages}" in text
