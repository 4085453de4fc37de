"""`formkit scan` on certification checklists: ratings and how-verified ticks read from the marks,
every handwritten box cropped, collect's checklists.csv / eligibility.csv written with source=scan,
and a verdict that never says "eligible" on the strength of handwriting it cannot read.

The scans are made here (tests/scancorpus.py), as for the self-assessments in tests/test_scan.py.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scancorpus import Score, as_pdf, draw_mark, fill_checklist_page, handwrite, page_pixels, scanner

from formkit.catalog.effective import effective_catalog
from formkit.context.boards import resolve_board
from formkit.documents.checklist import blank_pdf
from formkit.pdfform.read import read_form
from formkit.scan import scan
from formkit.scan.marks import ANSWER, REVIEW

PAGES = 9


@pytest.fixture(scope="module")
def icrc(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A catalogue whose overlay names the IC&RC board (hours minimums 46 / 500 / 25), its blank checklist
    and that checklist's schema."""
    overlay = tmp_path_factory.mktemp("overlay") / "board.yaml"
    overlay.write_text("name: Test agency\nboard:\n  profile: icrc-pr\n", encoding="utf-8")
    catalog = effective_catalog([str(overlay)])
    pdf = blank_pdf(catalog)
    return catalog, overlay, pdf, read_form(pdf).schema


def _evaluated(pdf: bytes, schema: dict, page: int, rng: np.random.Generator, *, leave: set[str]) -> Image.Image:
    """A page filled as an evaluator would for a strong applicant: every competency "Meets" (a filled
    circle), verified by observation (a tick), every box written in but those in ``leave`` (field names,
    or "log:<log>" for a whole hours log), then scanned at 200 dpi."""
    img = Image.fromarray(page_pixels(pdf, page - 1, 200))
    draw = ImageDraw.Draw(img)
    for f in schema["fields"]:
        meta = f.get("meta") or {}
        if f["page"] + 1 != page or f["name"] in leave or f"log:{meta.get('log')}" in leave or meta.get("board_use"):
            continue
        if f["kind"] == "radio" and "competency" in meta:
            draw_mark(draw, next(tuple(c["rect"]) for c in f["choices"] if c["value"] == "MEETS"), 200, "fill", rng)
        elif f["kind"] == "checkbox" and meta.get("method") == "observation":
            draw_mark(draw, tuple(f["rect"]), 200, "tick", rng)
        elif f["kind"] in ("text", "multiline", "signature") and not meta.get("rating"):
            handwrite(draw, tuple(f["rect"]), 200, rng)
    return scanner(np.asarray(img), rng, bw=False, upside_down=page % 3 == 0)


def test_a_scanned_checklist_gives_collects_files_and_never_eligible_from_handwriting(
        invoke, icrc, tmp_path: Path) -> None:
    """Two applicants' checklists in one scan, the second in reverse page order: the first complete
    (every rating Meets, every box written): "needs review", each handwritten thing to confirm named
    with its crop; the second with no evaluator signature and an empty supervision log: incomplete,
    and short of supervision hours, said so from the scan alone."""
    catalog, overlay, pdf, schema = icrc
    rng = np.random.default_rng(5)
    first = [_evaluated(pdf, schema, page, rng, leave=set()) for page in range(1, PAGES + 1)]
    second = [_evaluated(pdf, schema, page, rng, leave={"evaluator_signature", "log:supervision"})
              for page in range(PAGES, 0, -1)]
    (tmp_path / "pile.pdf").write_bytes(as_pdf(first + second, 200))
    out = tmp_path / "out"
    result = invoke("scan", str(tmp_path / "pile.pdf"), "-O", str(overlay), "-o", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    assert "2 checklist(s)" in result.output
    ratings = list(csv.DictReader(io.StringIO((out / "checklists.csv").read_text(encoding="utf-8"))))
    competencies = {f["meta"]["competency"] for f in schema["fields"]
                    if f["kind"] == "radio" and "competency" in (f.get("meta") or {})}
    assert len(ratings) == 2 * len(competencies)
    assert {(r["rating_value"], r["rating_label"], r["verified_by"], r["source"]) for r in ratings} == {
        ("MEETS", "Meets", "observation", "scan")}
    assert all(r["date"].startswith("[handwritten: crops/") and (out / r["date"][14:-1]).is_file() for r in ratings)
    rows = list(csv.DictReader(io.StringIO((out / "eligibility.csv").read_text(encoding="utf-8"))))
    complete, short = rows
    assert complete["verdict"] == "needs review" and complete["pass_rule"] == "met", complete
    assert complete["missing"] == "" and complete["not_met"] == ""
    assert complete["source"] == "scan" and complete["training_minimum"] == "46"
    for thing in ("the training hours add up to at least 46", "the experience hours add up to at least 500",
                  "the supervision hours add up to at least 25", "the applicant signed", "the evaluator signed",
                  "the lived-experience narrative is written"):
        assert f"confirm {thing}" in complete["notes"], thing
    log_crop = complete["notes"].split("at least 25 (")[1].split(")")[0]
    assert log_crop.endswith("log-supervision.png") and (out / log_crop).is_file()
    assert short["verdict"] == "incomplete"
    assert "the evaluator's signature" in short["missing"] and "the date of" not in short["missing"]
    assert "supervision hours: 0 of the 25 required" in short["not_met"]
    assert short["evaluator_signature"] == "missing" and short["applicant_signature"] == "on paper: to confirm"
    review = (out / "review.html").read_text(encoding="utf-8")
    assert review.count("needs review</td><td>the ") == complete["notes"].count("confirm the ")
    assert log_crop in review


def test_a_checklist_of_another_board_is_one_line_and_the_rest_is_read(icrc, tmp_path: Path) -> None:
    """A page of another board's checklist is one line; the pages beside it are read, a checklist
    pre-filled for an applicant (formkit checklist --applicants) as well as a blank one."""
    from formkit.documents.checklist.batch import run_batch

    catalog, _, pdf, schema = icrc
    other = blank_pdf(catalog, resolve_board(catalog, "naadac-ncprss"))
    (tmp_path / "applicants.csv").write_text("id,name\r\nA-7,Ana Ruiz\r\n", encoding="utf-8")
    run_batch(catalog, resolve_board(catalog), tmp_path / "applicants.csv", tmp_path / "prefilled", blank=pdf, jobs=1)
    prefilled = (tmp_path / "prefilled" / "A-7-Ana-Ruiz.pdf").read_bytes()
    rng = np.random.default_rng(9)
    pages = [scanner(page_pixels(other, 0, 200), rng, bw=False), _evaluated(pdf, schema, 1, rng, leave=set()),
             scanner(page_pixels(prefilled, 0, 200, values=True), rng, bw=False, upside_down=True)]
    (tmp_path / "mixed.pdf").write_bytes(as_pdf(pages, 200))
    result = scan([str(tmp_path / "mixed.pdf")], catalog)
    assert len(result.problems) == 1
    file, number, reason = result.problems[0]
    assert number == 1 and reason.startswith("a checklist of board 'naadac-ncprss', not of ") and "(-O)" in reason
    assert [[p.number for p in c.pages] for c in result.checklists] == [[2], [3]]
    assert "page 2, 3, 4, 5, 6, 7, 8, 9 of the checklist not found" in result.checklists[0].response.warnings[0]
    typed = result.checklists[1]
    assert typed.response.person.startswith("[handwritten: crops/") and "applicant_id" in typed.crops
    assert typed.response.competencies[0].rating == ""  # nothing marked on the pre-filled page


# The corpus of the issue (grey from 150 dpi, 1-bit at 300), and 1-bit at 200 dpi apart: there the
# checklist's small boxes can turn a light pencil tick into a few dots, and such a tick goes to review
# (never read as another answer): in one pile with the others, 4 of its ~160 ticks did; alone, with
# this seed, none. That pile is held to 97 %; its pages must all be identified like the others'. And 1-bit at
# 150 dpi: the checklist's short QR code (2.5-pixel modules with the long code: 7 and 9 of 18 pages lost).
CORPORA = {"grey-150-200-bw-300": (((150, False), (200, False), (300, True)), 0.995),
           "bw-200": (((200, True), (200, True)), 0.97),
           "bw-150": (((150, True), (150, True)), 0.995)}


@pytest.mark.slow
@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_the_checklist_corpus_reads_995_per_cent_of_single_marks_and_no_wrong_answer(corpus: str,
                                                                                      tmp_path: Path) -> None:
    """Applicants' checklists, ratings and ticks in the five mark styles, doubles and erasures,
    scanned at 150, 200 and 300 dpi, grey JPEG and black-and-white, turned up to 3 degrees, a third
    upside down, in one pile: every page identified, every single mark right, no wrong answer, every
    double sent to review."""
    scans, least = CORPORA[corpus]
    catalog = effective_catalog()
    pdf = blank_pdf(catalog)
    schema = read_form(pdf).schema
    rng = np.random.default_rng(22)
    files, truths = [], []
    for dpi, bw in scans:
        drawn = []
        for page in range(1, PAGES + 1):
            filled, truth = fill_checklist_page(page_pixels(pdf, page - 1, dpi), schema, page, dpi, rng)
            drawn.append((scanner(filled, rng, bw=bw, upside_down=rng.random() < 0.33), truth))
        order = rng.permutation(PAGES)  # any page order within an applicant's checklist
        files.append(tmp_path / f"scan-{len(files)}-{dpi}-{'bw' if bw else 'grey'}.pdf")
        files[-1].write_bytes(as_pdf([drawn[i][0] for i in order], dpi))
        truths.append({t.form_page: t for _, t in drawn})
    result = scan([str(f) for f in files], catalog)
    assert result.problems == [], f"{len(result.problems)} page(s) not identified: {result.problems[:2]}"
    assert [len(c.pages) for c in result.checklists] == [PAGES] * len(scans)
    score = Score()
    unseen: list[str] = []  # handwriting not cropped
    phantom: list[str] = []  # crops of boxes nothing was written in
    for item, copy_truths in zip(result.checklists, truths):
        for page in item.pages:
            answers = {d.field: d.value for d in page.decisions if d.outcome == ANSWER}
            reviews = {d.field for d in page.decisions if d.outcome == REVIEW}
            score.add(copy_truths[page.page], answers, reviews, f"p{page.number}", grey=False)
            cropped = {name for name in page.crops if not name.startswith("log-")}
            unseen += sorted(copy_truths[page.page].written - cropped)
            phantom += [f"{Path(page.file).name} p{page.page} {name}"
                        for name in sorted(cropped - copy_truths[page.page].written)]
    assert score.singles > 130 * len(scans) and score.doubles >= len(scans) and score.erasures >= 3 * len(scans)
    assert score.wrong == [] and score.blank_answered == [] and score.erased_answered == []
    assert score.changed_wrong == [] and score.doubles_not_reviewed == []
    assert score.rate >= least, score.missed
    assert unseen == [] and phantom == []
