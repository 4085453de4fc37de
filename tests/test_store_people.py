"""Who is who when a form has no person_id (formkit.store.people.match_person, one query since this
session): the same name and program is the same person in a later round, the same name in another
program is another person (said in a warning), and a name whose derived id a form's person_id
already gave to someone else is refused, never merged. On SQLite and PostgreSQL."""

from __future__ import annotations

from formkit.catalog.effective import effective_catalog
from formkit.store import open_store
from formkit.store.people import derived_id, normalised
from formkit.store.storable import Storable, answer_kinds, support_scopes

CATALOG = effective_catalog(())


def _form(serial: int, **identity: str) -> Storable:
    category = CATALOG.categories[0]
    answers = tuple((k.id, i, category.id, k.statement, 3, "Usually", "3", "", False)
                    for i, k in enumerate(category.competencies))
    return Storable(f"form-{serial}.pdf", f"{serial:064x}", CATALOG.id, CATALOG.version, CATALOG.fingerprint,
                    "verified", {"round": "baseline", "rater": "self", **identity}, answers, (), (), (), (),
                    answer_kinds((a[2], a[4], a[5]) for a in answers), support_scopes(()))


def test_names_programs_and_a_taken_derived_id(store_url: str) -> None:
    ana = derived_id(normalised("Ana Lopez"), normalised("Riverbend"))
    with open_store(store_url) as store:
        ingester = store.ingester(CATALOG)
        ingester.add(_form(1, name="Ana  LOPEZ", program="riverbend"))
        ingester.add(_form(2, name="Ana Lopez", program="Riverbend", round="followup"))
        ingester.add(_form(3, name="Ana Lopez", program="Northside"))
        ingester.add(_form(4, name="Bo Chen", program="Riverbend", person_id=derived_id("bo chen", "riverbend")))
        ingester.add(_form(5, name="Someone Else", program="Elsewhere",
                           person_id=derived_id(normalised("Cy Diaz"), normalised("Riverbend"))))
        ingester.add(_form(6, name="Cy Diaz", program="Riverbend"))
        report = ingester.finish()
        people = {p.person_id: (p.name, p.program) for p in store.people()}
        by_person = {s.source_file: s.person_id for s in store.submissions(latest_only=False)}
    assert by_person["form-1.pdf"] == by_person["form-2.pdf"] == ana  # the same person in the next round
    northside = by_person["form-3.pdf"]
    assert northside != ana and people[northside] == ("Ana Lopez", "Northside")
    assert [text for file, text in report.warnings if file == "form-3.pdf"] == [
        f"the same name is already stored for another program ({ana}); kept as a different person"]
    assert by_person["form-4.pdf"] == derived_id("bo chen", "riverbend")
    assert report.failures == [("form-6.pdf", f"its derived id {derived_id('cy diaz', 'riverbend')} is already "
                                              "another person's; add the person_id field")]
    assert "form-6.pdf" not in by_person and len(people) == 4
