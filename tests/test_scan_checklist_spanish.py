"""`formkit scan -O es` on certification checklists: the verdict's sentences (what to confirm from
which crop, why a mark went to review, a missing page) come from the catalogue's wording files, so
the Spanish edition's eligibility.csv and review sheet say them in Spanish; the English edition's
words are unchanged (tests/test_scan_checklist.py checks them). The verdicts themselves
("needs review", "incomplete") are machine values, as `formkit collect` writes them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from scancorpus import as_pdf, draw_mark, handwrite, page_pixels, scanner

from formkit.catalog.effective import effective_catalog
from formkit.documents.checklist import blank_pdf
from formkit.pdfform.read import read_form

ENGLISH = ("confirm the", "add up to", "signed and dated", "lived-experience", "on page", "answers marked", "needs review:",
           "on paper: to confirm", "Checklists: to confirm", "As scanned")


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):  # type: ignore[no-untyped-def]
    overlay = tmp_path_factory.mktemp("overlay") / "board.yaml"
    overlay.write_text("name: Test agency\nboard:\n  profile: icrc-pr\n", encoding="utf-8")
    catalog = effective_catalog(["es", str(overlay)])
    pdf = blank_pdf(catalog)
    return overlay, pdf, read_form(pdf).schema, len(pdfium.PdfDocument(pdf))  # 10 pages: Spanish runs longer


def _evaluated(pdf: bytes, schema: dict, page: int, rng: np.random.Generator, double: str = "") -> Image.Image:
    """Every competency "Meets", verified by observation, every box written in; ``double`` (a rating
    field) marked twice, which goes to review."""
    img = Image.fromarray(page_pixels(pdf, page - 1, 200))
    draw = ImageDraw.Draw(img)
    for f in schema["fields"]:
        meta = f.get("meta") or {}
        if f["page"] + 1 != page or meta.get("board_use"):
            continue
        if f["kind"] == "radio" and "competency" in meta:
            for c in f["choices"]:
                if c["value"] == "MEETS" or (f["name"] == double and c["value"] != "MEETS" and c is f["choices"][-1]):
                    draw_mark(draw, tuple(c["rect"]), 200, "fill", rng)
        elif f["kind"] == "checkbox" and meta.get("method") == "observation":
            draw_mark(draw, tuple(f["rect"]), 200, "tick", rng)
        elif f["kind"] in ("text", "multiline", "signature") and not meta.get("rating"):
            handwrite(draw, tuple(f["rect"]), 200, rng)
    return scanner(np.asarray(img), rng, bw=False)


def test_a_spanish_checklist_scan_says_what_to_confirm_in_spanish(spanish, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    overlay, pdf, schema, count = spanish
    rng = np.random.default_rng(21)
    first_rating = next(f["name"] for f in schema["fields"]
                        if f["kind"] == "radio" and "competency" in (f.get("meta") or {}))
    pages = [_evaluated(pdf, schema, page, rng, double=first_rating) for page in range(1, count + 1)]
    partial = [_evaluated(pdf, schema, 1, rng)]  # a second checklist: only its first page scanned
    (tmp_path / "pile.pdf").write_bytes(as_pdf(pages + partial, 200))
    out = tmp_path / "out"
    result = invoke("scan", str(tmp_path / "pile.pdf"), "-O", "es", "-O", str(overlay), "-o", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    rows = list(csv.DictReader(io.StringIO((out / "eligibility.csv").read_text(encoding="utf-8-sig"))))
    complete, partial_row = rows
    assert complete["verdict"] == "needs review"  # a machine value, like the column names
    notes = complete["notes"]
    for said in ("confirmar: las horas de capacitación suman al menos 46", "las horas de supervisión suman al menos 25",
                 "la persona solicitante firmó (una firma a mano: IC&RC Peer Recovery (PR) no acepta un nombre "
                 "escrito a máquina) y fechó la lista", "el relato de experiencia vivida está escrito",
                 "en la página 1: 2 respuestas marcadas", f"por revisar: {first_rating} en la página 1 (2 respuestas"):
        assert said in notes, (said, notes)
    assert f"la calificación de {schema_competency(schema, first_rating)} ({first_rating})" in notes, notes
    assert complete["applicant_signature"] == "en papel: por confirmar"
    missing = ", ".join(str(n) for n in range(2, count + 1))
    assert f"la página {missing} de la lista no se encontró en los escaneos" in partial_row["notes"]
    review = (out / "review.html").read_text(encoding="utf-8")
    checklist_part = review[review.index('<section lang="es">'):review.index("</section>")]
    assert "<h2>Listas de verificación: por confirmar</h2>" in checklist_part
    assert 'alt="las horas de capacitación suman al menos 46' in checklist_part
    for english in ENGLISH:
        assert english not in notes and english not in partial_row["notes"] and english not in checklist_part, english
    assert not re.search(r"crops/[^ ]*\.png", complete["applicant_signature"])


def schema_competency(schema: dict, field: str) -> str:
    return next(f["meta"]["competency"] for f in schema["fields"] if f["name"] == field)
