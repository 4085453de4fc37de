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
from formkit.documents import pipeline
from formkit.runtime import workers

EXAMPLE = Path(__file__).resolve().parent.parent / "templates" / "overlays" / "example-agency.yaml"


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog([str(EXAMPLE)])


def _logging(monkeypatch, log: Path, fail: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Make every rendered task append "<label> <pid>" to ``log`` (forked workers inherit the
    wrapper and append to the same file); the task labelled ``fail`` raises instead."""
    real = pipeline.render_task

    def render_task(task):  # type: ignore[no-untyped-def]
        with log.open("a") as out:
            out.write(f"{task.label} {os.getpid()}\n")
        if task.label == fail:
            raise ZeroDivisionError("a bug in a renderer")
        return real(task)

    monkeypatch.setattr(pipeline, "render_task", render_task)


@pytest.mark.skipif(sys.platform != "linux", reason="worker processes are used on Linux only")
def test_workers_and_a_serial_run_make_the_same_bytes(catalog, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each document is a task of its own, rendered once, in a worker, the longest first."""
    assert workers.can_fork(), "this test must exercise the worker processes"
    serial = pipeline.render_all(catalog, jobs=1)
    log = tmp_path / "rendered-by.txt"
    _logging(monkeypatch, log)
    parallel = pipeline.render_all(catalog, jobs=2)
    rendered = [line.split() for line in log.read_text().splitlines()]
    # one task per document (the catalogue's four exports are one task), none redone in this process
    documents = sorted(a.relpath for a in serial if not a.relpath.startswith("catalog/"))
    assert sorted(label for label, _ in rendered) == sorted(["catalogue", *documents])
    assert str(os.getpid()) not in {pid for _, pid in rendered}
    assert len({pid for _, pid in rendered}) == 2  # both workers had work
    # the longest documents were handed out first: the checklist and the booklet
    assert {label for label, _ in rendered[:2]} == {"checklists/checklist-custom.pdf",
                                                  "self-assessment/self-assessment-booklet.pdf"}
    assert [a.relpath for a in parallel] == [a.relpath for a in serial]
    for one, other in zip(serial, parallel):
        assert one.data == other.data, one.relpath


@pytest.mark.skipif(sys.platform != "linux", reason="worker processes are used on Linux only")
def test_a_task_failing_in_a_worker_is_an_internal_error_and_is_not_rendered_again(  # type: ignore[no-untyped-def]
        catalog, monkeypatch, tmp_path: Path) -> None:
    """Inputs are checked before rendering (formkit.context), so a renderer that fails is a bug:
    reported as one, with the worker's traceback, and not rendered again in this process."""
    from formkit.context import resolve

    context = resolve(catalog, ["catalogue", "job-descriptions"])
    log = tmp_path / "rendered-by.txt"
    failing = "job-descriptions/peer-supervisor.docx"
    _logging(monkeypatch, log, fail=failing)
    with pytest.raises(pipeline.RenderError, match=f"'job-descriptions' failed.*{failing}.*ZeroDivisionError: a bug") \
            as failure:
        pipeline.render_all(context, ["catalogue", "job-descriptions"], jobs=2)
    assert "raise ZeroDivisionError" in failure.value.worker_traceback
    rendered = [line.split() for line in log.read_text().splitlines()]
    assert [label for label, _ in rendered].count(failing) == 1  # once
    assert str(os.getpid()) not in {pid for _, pid in rendered}  # nothing rendered again here


def test_each_familys_tasks_make_exactly_its_artifacts(catalog) -> None:  # type: ignore[no-untyped-def]
    """`formkit build` renders a family through its tasks; the library's ``artifacts()`` must give
    the same files (a document added to one and not the other would go missing from the build)."""
    from formkit.context import resolve
    from formkit.context.families import FAMILIES

    context = resolve(catalog)
    for name in FAMILIES:
        whole = pipeline.render_family(name, context)
        tasks = [a for task in pipeline.family_tasks(name, context) for a in task.render()]
        assert [(a.relpath, a.data) for a in tasks] == [(a.relpath, a.data) for a in whole], name


def test_a_build_writes_each_document_as_it_is_finished_and_renames_them_all_at_the_end(  # type: ignore[no-untyped-def]
        catalog, monkeypatch, tmp_path: Path) -> None:
    """Memory holds one document at a time: each goes to a temporary file in the output folder
    when its task is done; nothing is in place before the last one, and a failure leaves nothing."""
    from formkit.context import resolve

    context = resolve(catalog, ["job-descriptions"])
    out = tmp_path / "out"
    seen: list[tuple[int, int]] = []  # (temporaries, finished files) each time a task starts
    real = pipeline.render_task

    def render_task(task):  # type: ignore[no-untyped-def]
        files = [p for p in out.rglob("*") if p.is_file()]
        seen.append((sum(p.name.endswith(".tmp") for p in files), sum(p.suffix == ".docx" for p in files)))
        if len(seen) == 5:
            raise ZeroDivisionError("a bug in the last renderer")
        return real(task)

    monkeypatch.setattr(pipeline, "render_task", render_task)
    with pytest.raises(ZeroDivisionError):
        pipeline.build(context, out, families=["job-descriptions"], jobs=1)
    assert seen == [(n, 0) for n in range(5)]  # each finished one waited as a temporary file
    assert [p for p in out.rglob("*") if p.is_file()] == []  # the failure left no file, no temporary
    monkeypatch.setattr(pipeline, "render_task", real)
    written = pipeline.build(context, out, families=["job-descriptions"], jobs=2)
    assert [p.name for p in written] == [f"{r}.docx" for r in context.roles]  # in the roles' order
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == sorted(
        [".formkit-written.json", *(p.name for p in written)])


def test_every_page_names_its_number_and_the_count(catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from formkit.documents.selfassess import render_booklet

    pdf = tmp_path / "booklet.pdf"
    pdf.write_bytes(render_booklet(catalog))
    pages = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", str(pdf)).stdout).group(1))  # type: ignore[union-attr]
    assert pages > 10
    for page in (1, pages // 2, pages):
        text = run_tool("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").stdout
        assert f"Page {page} of {pages}" in text
