"""`formkit scan --db`: answers read from paper go into the answer store as collect's do, with
source "scan", once per scan; a doubtful mark is never stored as an answer. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scancorpus import as_pdf
from scanmarks import marked_pages

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_category
from formkit.store import open_store


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return effective_catalog()


ANA = {"round": ["followup"], "CC1_1_rating": ["3"], "CC1_2_rating": ["4"], "CC1_3_rating": ["NA"],
       "CC1_4_rating": ["1"], "CC1_5_rating": ["2"]}
BEN = {**ANA, "CC1_2_rating": ["2"], "CC1_3_rating": ["1", "3"]}  # a double mark: review, never stored


def _stored(url: str, person: str):  # type: ignore[no-untyped-def]
    with open_store(url) as store:
        subs = store.submissions(person_id=person)
        return subs, {a.competency_id: a.choice for a in store.answers(s.submission_id for s in subs)}


def test_scan_db_stores_each_persons_answers_once(store_url: str, catalog, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A pile of three forms: Ana's and Ben's printed for them, and one blank form. Ana's answers are
    stored as marked, with source scan; Ben's double mark is stored as not rated, his other answers
    kept; the blank form is not stored (whose is it?). The same pile again adds nothing."""
    rng = np.random.default_rng(31)
    cc1 = catalog.category("CC1")
    pages = (marked_pages(render_category(catalog, cc1, person="P-ana"), ANA, rng)
             + marked_pages(render_category(catalog, cc1, person="P-ben"), BEN, rng)
             + marked_pages(render_category(catalog, cc1), ANA, rng))
    pile = tmp_path / "pile.pdf"
    pile.write_bytes(as_pdf(pages, 200))
    out = tmp_path / "out"

    first = invoke("scan", str(pile), "-o", str(out), "--db", store_url)
    assert first.exit_code == 1, first.output  # the blank form was not stored
    assert "Stored 2 forms" in first.output and "0 already stored; 1 not stored" in first.output, first.output
    assert "printed without a person" in first.stderr and "Traceback" not in first.stderr
    assert "CC1_3_rating" in first.stderr and "review" in first.stderr, first.stderr

    subs, answers = _stored(store_url, "P-ana")
    assert [(s.source, s.round) for s in subs] == [("scan", "followup")]
    assert answers == {"CC1.1": "3", "CC1.2": "4", "CC1.3": "NA", "CC1.4": "1", "CC1.5": "2"}
    subs, answers = _stored(store_url, "P-ben")
    assert [s.source for s in subs] == ["scan"]
    assert answers == {"CC1.1": "3", "CC1.2": "2", "CC1.3": "", "CC1.4": "1", "CC1.5": "2"}

    again = invoke("scan", str(pile), "-o", str(out), "--db", store_url)
    assert "Stored 0 forms" in again.output and "2 already stored" in again.output, again.output
    with open_store(store_url) as store:
        assert len(store.submissions(latest_only=False)) == 2


def test_a_form_missing_a_page_is_not_stored(catalog, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two of the three pages scanned: storing it would record page 2's competencies as not rated."""
    rng = np.random.default_rng(4)
    pages = marked_pages(render_category(catalog, catalog.category("CC1"), person="P-ana"), ANA, rng)
    (tmp_path / "part.pdf").write_bytes(as_pdf([pages[0], pages[2]], 200))
    db = tmp_path / "formkit.db"
    result = invoke("scan", str(tmp_path / "part.pdf"), "-o", str(tmp_path / "out"), "--db", str(db))
    assert result.exit_code == 1 and "Stored 0 forms" in result.output, result.output
    assert "page 2 of the form was not read" in result.stderr, result.stderr
    with open_store(db) as store:
        assert store.submissions() == []


def test_collect_db_records_pdf_as_the_source(catalog, invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from formkit.pdfform.fill import fill_form

    pdf = render_category(catalog, catalog.category("CC1"))
    (tmp_path / "ana.pdf").write_bytes(fill_form(pdf, {"name": "Ana Lopez", "CC1_1_rating": "3"}))
    db = tmp_path / "formkit.db"
    assert invoke("collect", str(tmp_path / "ana.pdf"), "-o", str(tmp_path / "out"), "--db", str(db)).exit_code == 0
    with open_store(db) as store:
        assert [s.source for s in store.submissions()] == ["pdf"]
