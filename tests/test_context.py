"""The resolved context (formkit.context): every input is read and checked before anything is
rendered, and the renderers then read no file; the checklist is described once and both of its
documents say what the description says."""

from __future__ import annotations

import builtins
import io
import os
import re
import shutil
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, OVERLAYS, assert_user_error, run_tool

from formkit.catalog.effective import effective_catalog
from formkit.context import resolve
from formkit.core.errors import FormkitError
from formkit.documents import pipeline
from formkit.runtime import workers

LONG_STATEMENT = "Listens with care and " * 120  # about 2,600 characters: taller than a page as one row


def _overlay(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text("name: Test agency\n" + text, encoding="utf-8")
    return path


def _unknown_board(tmp_path: Path) -> Path:
    return _overlay(tmp_path, "board: {profile: no-such-board}\n")


def _role_with_unknown_competency(tmp_path: Path) -> Path:
    return _overlay(tmp_path, "roles:\n  peer-support-specialist:\n    competencies: [CC6.9]\n")


def _template_not_word(tmp_path: Path) -> Path:
    shutil.copy(DATA / "bad" / "roles" / "zip-not-word.docx", tmp_path / "zip-not-word.docx")
    return _overlay(tmp_path, "roles:\n  defaults:\n    template: zip-not-word.docx\n")


def _statement_too_long(tmp_path: Path) -> Path:
    return _overlay(tmp_path, f"statements:\n  CC1.1: '{LONG_STATEMENT.strip()}'\n")


def _logo_damaged_after_loading(tmp_path: Path) -> Path:
    shutil.copy(OVERLAYS / "riverbend-logo.png", tmp_path / "logo.png")
    return _overlay(tmp_path, "organisation: {name: Test agency, logo: logo.png}\n")


def _damage_logo(tmp_path: Path) -> None:
    """The logo changes after the overlay was loaded (a user saving over it mid-run)."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo.read_bytes()[:200])


# case -> (overlay maker, what the one error line says)
BAD: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "unknown board": (_unknown_board, ("unknown board 'no-such-board'", "board.profile")),
    "role with an unknown competency": (_role_with_unknown_competency, ("unknown competency 'CC6.9'",)),
    "template that is not a Word file": (_template_not_word, ("not a Word .docx template",)),
    "statement too long for a checklist row": (_statement_too_long, ("CC1.1", "too long for one")),
    "logo damaged after loading": (_logo_damaged_after_loading, ("organisation.logo", "damaged")),
}


@pytest.fixture
def renders(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Every family rendered and every worker pool started from now on, by name."""
    started: list[str] = []
    real_render, real_pool = pipeline.render_family, workers.fork_pool

    def render_family(name: str, context: Any) -> Any:
        started.append(f"render {name}")
        return real_render(name, context)

    def fork_pool(*args: Any, **kwargs: Any) -> Any:
        started.append("worker pool")
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_family", render_family)
    monkeypatch.setattr(workers, "fork_pool", fork_pool)
    return started


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_input_is_reported_before_anything_renders(case: str, renders: list[str], tmp_path: Path) -> None:
    make, fragments = BAD[case]
    catalog = effective_catalog([str(make(tmp_path))])
    if case == "logo damaged after loading":
        _damage_logo(tmp_path)
    out = tmp_path / "out"
    with pytest.raises(FormkitError) as failure:
        pipeline.build(catalog, out, jobs=2)
    for fragment in fragments:
        assert fragment in failure.value.one_line(), (fragment, failure.value.one_line())
    assert renders == []  # no family rendered, no worker started
    assert not out.exists()


def test_the_build_command_reports_a_bad_board_before_rendering(invoke, renders: list[str],  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    result = invoke("build", "-O", str(_unknown_board(tmp_path)), "-o", str(tmp_path / "out"))
    assert_user_error(result, "unknown board 'no-such-board'")
    assert renders == []
    assert not (tmp_path / "out").exists()


def _library_dirs() -> tuple[str, ...]:
    """Where Python and the installed libraries live: their own package data may be read."""
    paths = sysconfig.get_paths()
    return tuple({os.path.realpath(paths[k]) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
                 | {os.path.realpath(sys.base_prefix)})


def _no_input_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make opening any file outside the libraries' own folders fail (and remember the attempt)."""
    allowed = _library_dirs()
    attempts: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def guard(path: Any) -> None:
        if isinstance(path, int):
            return
        full = os.path.realpath(os.fsdecode(path))
        if not full.startswith(allowed) and not full.startswith("/dev/"):
            attempts.append(full)
            raise AssertionError(f"a renderer opened {full}")

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        guard(file)
        return real_open(file, *args, **kwargs)

    def fake_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        guard(path)
        return real_os_open(path, *args, **kwargs)

    for target, name, value in ((builtins, "open", fake_open), (io, "open", fake_open), (os, "open", fake_os_open)):
        monkeypatch.setattr(target, name, value)
    return attempts


def test_renderers_read_no_files_once_the_context_is_resolved(tmp_path: Path) -> None:
    """With the example agency (a logo, every role and its Word template, a board): resolve once,
    then render every family with every file outside the libraries' own folders unreadable."""
    catalog = effective_catalog([str(OVERLAYS / "example-agency.yaml")])
    context = resolve(catalog)
    with pytest.MonkeyPatch.context() as patch:
        attempts = _no_input_files(patch)
        artifacts = pipeline.render_all(context, jobs=1)
    assert attempts == []
    names = [a.relpath for a in artifacts]
    assert any(n.endswith(".docx") and n.startswith("job-descriptions/") for n in names)
    assert any(n.startswith("checklists/") for n in names) and any(n.startswith("self-assessment/") for n in names)
    # the guard works: the same render without a resolved logo in memory would have opened it
    with pytest.MonkeyPatch.context() as patch:
        attempts = _no_input_files(patch)
        with pytest.raises(AssertionError, match="riverbend-logo.png"):
            open(str(catalog.organisation.logo), "rb")
    assert attempts and attempts[0].endswith("riverbend-logo.png")


# -- the checklist: described once, drawn twice --------------------------------
def _said(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    parts += [p.text for p in doc.sections[0].footer.paragraphs]
    return _said(" ".join(parts))


def test_the_checklist_pdf_and_word_document_say_what_its_description_says(tmp_path: Path) -> None:
    from formkit.documents.checklist import blank_pdf, checklist_docx
    from formkit.documents.checklist.model import checklist

    context = resolve(effective_catalog([]), ["checklists"], board="icrc-pr")
    doc = checklist(context)
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(blank_pdf(context))
    pdf_text = _said(run_tool("pdftotext", "-raw", str(pdf), "-").stdout)
    word_text = _docx_text(checklist_docx(context))
    said = [doc.title, doc.subtitle, doc.notice, doc.applicant_heading, doc.instructions.heading,
            doc.instructions.rule, doc.summary.heading, doc.logs.heading, doc.narrative.heading, doc.narrative.limit,
            doc.footer, doc.logs.total_label, doc.logs.minimum_label, doc.letterhead.name, doc.form_line]
    said += [log.title for log in doc.logs.logs] + [log.note for log in doc.logs.logs]
    for a in doc.attestations:  # applicant (code of ethics), supervisor, evaluator
        said += [a.heading, a.text, a.signature.label] + [f.label for f in a.fields]
    b = doc.board_use
    said += [b.heading, b.received.label, b.reviewed_by.label, b.decision_label, b.decision_date.label]
    said += [label for _, label in b.decisions]
    said += [row.id for cat in doc.table.categories for row in cat.rows]
    assert len(said) > 80 and all(said)
    for text in said:
        assert _said(text) in pdf_text, ("PDF", text)
        assert _said(text) in word_text, ("Word", text)
