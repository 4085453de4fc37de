"""A batch of forms with long answers leaves no more memory behind than a batch of short ones.

collect keeps what it read from the bytes forms share (formkit.core._memo), thousands of entries
each: a filled text field's own dictionary, a CSV cell. Long answers never repeat, and a hostile
batch (each form's 60 notes of 200,000 characters) would fill those memories with gigabytes;
a key longer than its memory's ``largest`` is read every time instead of kept.
"""

from __future__ import annotations

import gc
import io
import tracemalloc
from pathlib import Path

import pytest

from formkit.catalog.effective import effective_catalog
from formkit.collect.stream import write_collected

FORMS = 12
ANSWER = 40_000  # characters in every notes field (the reader allows 256 K)


@pytest.fixture(scope="module")
def long_answers(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, list[str]]]:
    """FORMS filled category forms, every notes field a distinct answer of ANSWER characters."""
    import pikepdf

    from formkit.documents.selfassess import render_category
    from formkit.pdfform.fill import fill_form

    catalog = effective_catalog(())
    category = catalog.categories[0]
    ratings = {f"{k.id.replace('.', '_')}_rating": "3" for k in category.competencies}
    rated = fill_form(render_category(catalog, category), {**ratings, "round": "baseline"})
    folder = tmp_path_factory.mktemp("long-answers")
    files, answers = [], {}
    for i in range(FORMS):
        path = folder / f"form-{i:02d}.pdf"
        with pikepdf.open(io.BytesIO(rated)) as pdf:  # a tool that ignores /MaxLen
            notes = [f for f in pdf.Root.AcroForm.Fields if str(f.get("/T", "")).endswith("_notes")]
            values = [(f"form {i} {f.T} " * ANSWER)[:ANSWER] for f in notes]
            for field, value in zip(notes, values):
                field.V = pikepdf.String(value)
            name = [f for f in pdf.Root.AcroForm.Fields if str(f.get("/T", "")) == "name"][0]
            name.V = pikepdf.String(f"Person {i}")
            pdf.save(path, deterministic_id=True)
        files.append(path)
        answers[f"Person {i}"] = values
    return files, answers


def _retained_after(files: list[Path], out: Path) -> int:
    """Bytes still allocated after collecting ``files`` in this process, more than before."""
    catalog = effective_catalog(())
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        write_collected(files, catalog, out, jobs=1)
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_long_answers_are_read_back_and_not_kept(long_answers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    files, answers = long_answers
    _retained_after(files[:1], tmp_path / "warm")  # modules imported and compiled on first use
    few = _retained_after(files[:2], tmp_path / "two")
    many = _retained_after(files, tmp_path / "all")
    rows = json.loads((tmp_path / "all" / "responses.json").read_text(encoding="utf-8"))
    read = {row["identity"]["name"]: [r["notes"] for r in row["ratings"]] for row in rows}
    assert read == answers  # every long answer comes back whole
    kept = (FORMS - 2) * len(next(iter(answers.values()))) * ANSWER
    print(f"retained after 2 forms {few / 1e6:.1f} MB, after {FORMS} {many / 1e6:.1f} MB; their answers: {kept / 1e6:.1f} M characters")
    assert many - few < kept / 10, "the memories kept the long answers of a batch"
