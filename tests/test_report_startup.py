"""`formkit report person` loads what a person's report draws, and nothing it does not (issue 18:
a person report < 0.3 s, the whole process; start-up was most of it).

Checked by what a fresh interpreter imported, not by timing, so the checks are exact on any
machine: the form reader (pikepdf's field patterns take a tenth of a second to compile), the
cohort report's counting queries, the form renderers, SQLAlchemy and Alembic on an SQLite store
at head (it is read with sqlite3: tests/test_store_reads.py), xml.sax.saxutils
(urllib.request, http, email, ssl) and reportlab's Paragraph all stay unloaded, and the report still says what the store
holds."""

from __future__ import annotations

from pathlib import Path

from conftest import fresh_cli

from formkit.catalog.effective import effective_catalog
from formkit.runtime import csvout
from formkit.store import open_store
from formkit.store.storable import Storable, answer_kinds, support_scopes

CATALOG = effective_catalog(())

# Each was loaded by a person report before; none draws a line of it.
NOT_NEEDED = ("formkit.collect.read", "formkit.pdfform.fastfields", "formkit.reports.cohort", "formkit.store.counts",
              "formkit.store.ingest", "formkit.documents.selfassess.render", "sqlalchemy", "alembic",
              "xml.sax.saxutils", "urllib.request",
              "pikepdf", "formkit.pdfform.post",  # a report has no widget for qpdf: formkit.pdfform.plainfinish
              "reportlab.platypus.paragraph")  # its import compiles 40 ms of patterns: formkit.pdfpage.textblock


def _store_with_one_person(db: Path) -> str:
    """A store holding one self-assessment of Ana Lopez: CC1's competencies rated 1, 2, 3, 4, ..."""
    category = CATALOG.categories[0]
    labels = {p.value: p.label for p in CATALOG.scale().choices}
    answers = tuple((k.id, position, category.id, k.statement, 1 + position % 4, labels[str(1 + position % 4)],
                     str(1 + position % 4), "", False) for position, k in enumerate(category.competencies))
    identity = {"name": "Ana Lopez", "program": "Riverbend", "supervisor": "Lee Park", "round": "baseline",
                "date": "2026-01-15", "rater": "self"}
    form = Storable("ana.pdf", "a" * 64, CATALOG.id, CATALOG.version, CATALOG.fingerprint, "verified", identity,
                    answers, (), (), (), (), answer_kinds((a[2], a[4], a[5]) for a in answers), support_scopes(()))
    with open_store(db) as store:
        ingester = store.ingester(CATALOG)
        ingester.add(form)
        assert not ingester.finish().failures
        return store.people()[0].person_id


def test_a_person_report_loads_only_what_it_draws(tmp_path: Path) -> None:
    db = tmp_path / "formkit.db"
    person_id = _store_with_one_person(db)
    out = tmp_path / "reports"
    args = ["report", "person", person_id, "--db", str(db), "-o", str(out)]
    report = fresh_cli(args, HOME=str(tmp_path))
    assert report["code"] == 0
    loaded = set(report["modules"])
    assert sorted(name for name in NOT_NEEDED if name in loaded) == []
    assert "formkit.store.sqlitereader" in loaded and "formkit.reports.person" in loaded  # the store and the report ran
    pdf, = out.glob(f"person-Ana-Lopez-{person_id}.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    rows = list(csvout.reader(out.joinpath(pdf.name).with_suffix(".csv").read_text(encoding="utf-8").splitlines()))
    first = dict(zip(rows[0], rows[1]))
    competency = CATALOG.categories[0].competencies[0]
    assert (first["name"], first["competency_id"], first["rating_value"], first["round"]) == \
        ("Ana Lopez", competency.id, "1", "baseline")
    assert len(rows) == 1 + len(CATALOG.categories[0].competencies)
