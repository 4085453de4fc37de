"""Carried-forward forms read back from paper: `formkit selfassess --person ID` prints last round's plan
under "Last time you planned…", which moves every field below it; the page codes say how far, so
`formkit scan` draws the same page again and reads its marks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scancorpus import as_pdf, page_pixels
from scanmarks import marked_pages

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_category
from formkit.documents.selfassess.carry import CarriedForward, PlannedRow, carried_artifacts
from formkit.pdfform.fill import fill_form
from formkit.scan import scan
from formkit.store import open_store

PLAN = {"CC1_plan1_goal": "Shadow a senior peer worker at the Tuesday group",
        "CC1_plan1_steps": "Ask Sam for the rota; note one thing after each group",
        "CC1_plan2_goal": "Practise open questions with a colleague", "CC1_plan2_support": "Supervision time"}
FOLLOW_UP = {"round": ["followup"], "CC1_1_rating": ["4"], "CC1_2_rating": ["3"], "CC1_3_rating": ["3"],
             "CC1_4_rating": ["2"], "CC1_5_rating": ["NA"]}


def test_a_carried_forward_form_is_printed_marked_scanned_and_stored(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Ana's baseline (a filled PDF, collect --db); her follow-up form carried forward from the store;
    printed, marked with a pen, scanned and read with scan --db: the follow-up answers are stored as hers."""
    catalog = effective_catalog()
    blank = render_category(catalog, catalog.category("CC1"))
    baseline = {"name": "Ana Lopez", "program": "Riverbend", "round": "baseline", "CC1_1_rating": "2", **PLAN}
    (tmp_path / "ana.pdf").write_bytes(fill_form(blank, baseline))
    db = tmp_path / "formkit.db"
    collected = invoke("collect", str(tmp_path / "ana.pdf"), "-o", str(tmp_path / "collected"), "--db", str(db))
    assert collected.exit_code == 0, collected.output
    with open_store(db) as store:
        [ana] = store.people()
    made = invoke("selfassess", "--person", ana.person_id, "--db", str(db), "--category", "CC1", "-o",
                  str(tmp_path / "forms"))
    assert made.exit_code == 0, made.output
    [carried] = (tmp_path / "forms" / "self-assessment" / ana.person_id).glob("*CC01*.pdf")

    scans = tmp_path / "follow-up.pdf"
    scans.write_bytes(as_pdf(marked_pages(carried.read_bytes(), FOLLOW_UP, np.random.default_rng(8)), 200))
    result = invoke("scan", str(scans), "-o", str(tmp_path / "scanned"), "--db", str(db))
    assert result.exit_code == 0, result.output + result.stderr
    assert "Read 3 page(s) into 1 form(s)" in result.output and "Stored 1 forms" in result.output, result.output

    with open_store(db) as store:
        subs = store.submissions(person_id=ana.person_id)
        assert [(s.round, s.source) for s in subs] == [("baseline", "pdf"), ("followup", "scan")]
        answers = {a.competency_id: a.choice for a in store.answers([subs[1].submission_id])}
        assert store.person(ana.person_id).name == "Ana Lopez"  # the printed name's crop does not rename her
    assert answers == {"CC1.1": "4", "CC1.2": "3", "CC1.3": "3", "CC1.4": "2", "CC1.5": "NA"}


def test_every_page_of_a_carried_booklet_is_identified(tmp_path: Path) -> None:
    """The booklet carried forward with a plan long enough to move its first pages' fields: each page
    is drawn again the way it was printed (an unmarked form: every page read, nothing refused)."""
    catalog = effective_catalog()
    plan = tuple(PlannedRow(f"CC{n}", f"Goal {n}: " + "listen, then ask what would help " * 3, "Weekly check-in")
                 for n in range(1, 7))
    carried = CarriedForward("P-9", "Alex Doe", "Outreach", "Sam Lee", plan)
    booklet = next(a.data for a in carried_artifacts(catalog, carried) if "booklet" in a.relpath)
    plain = next(a.data for a in carried_artifacts(catalog, CarriedForward("P-9", "Alex Doe", "Outreach", "Sam Lee"))
                 if "booklet" in a.relpath)
    import pypdfium2 as pdfium

    count = len(pdfium.PdfDocument(booklet))
    assert count >= len(pdfium.PdfDocument(plain))
    from PIL import Image

    pages = [Image.fromarray(page_pixels(booklet, i, 150)) for i in range(count)]
    (tmp_path / "booklet.pdf").write_bytes(as_pdf(pages, 150))
    result = scan([str(tmp_path / "booklet.pdf")], catalog)
    assert result.problems == []
    assert [len(c.pages) for c in result.copies] == [count]
