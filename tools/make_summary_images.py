"""Render docs/images/summary-page1.png and summary-page2.png: a supervision summary of a fully
filled booklet, as `formkit collect --report` writes it.

Run ``python3 tools/make_summary_images.py`` (needs pdftoppm) after changing the report's look,
and commit the images. The answers below are one person's plausible follow-up round: every
competency rated, a few notes, reflections in four categories, two category goals and a whole-plan
goal; the same every run.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from formkit.catalog.effective import effective_catalog  # noqa: E402
from formkit.collect.read import read_response  # noqa: E402
from formkit.collect.report import render_report  # noqa: E402
from formkit.documents.selfassess import names, render_booklet  # noqa: E402
from formkit.pdfform.fill import fill_form  # noqa: E402

PERSON = {"name": "Zoë Ñúñez-Ølsen", "role": "Peer recovery coach", "program": "Riverbend Recovery Center",
          "date": "2026-11-23", "supervisor": "Ирина Петрова", "round": "followup"}
RATINGS = "3 3 4 3 2 3 4 NA 2 4 3 4 4 3 1 2 3 3 NA 4 3 4 4 1 2 3 3 4 NA 2 2 3 4 3 4 3 3 NA 4 3 1 2 3 4 3 2 2 3 3 4 4 NA 3 3 4 2 3 2 4 3 3 4"
NOTES = {
    "CC1.1": "I greet everyone at the drop-in and introduce myself by first name.",
    "CC1.2": "Practised reflective listening with a peer who was angry about housing; he said he felt heard.",
    "CC2.3": "I share what helped me early on, without promising outcomes.",
    "CC3.1": "Still unsure how much of my story to share in groups.",
    "CC5.2": "Helped a peer break a job search into weekly steps.",
    "CC8.1": "Have not yet been with a peer in crisis; I know the protocol on paper.",
    "CC9.6": "Asked my supervisor about sharing notes with a peer's family.",
    "CC11.4": "Joined the county anti-stigma campaign planning meeting.",
}
REFLECTIONS = {
    "CC1": ("Making people feel welcome; patience.", "Motivational interviewing.", "Shadow a senior coach in intake."),
    "CC3": ("Honest about my own path.", "When and how much to share.", "Role-play sharing in supervision."),
    "CC8": ("Calm under pressure at work.", "Crisis de-escalation.", "A crisis training course (CIT) this spring."),
    "CC11": ("I speak up in team meetings.", "Policy advocacy at county level.", ""),
}
PLAN = [("CC1", "Use MI in every first meeting", "Take the 2-day MI course; practise with my supervisor",
         "Training budget", "2027-02-28"),
        ("CC8", "Complete crisis training", "Enrol in the spring CIT course", "Time off the floor", "2027-04-30"),
        (names.WHOLE, "Lead a peer support group", "Co-facilitate with Ana for three months",
         "Supervision every two weeks", "2027-06-30")]


def answers(catalog) -> dict[str, str]:  # type: ignore[no-untyped-def]
    values = dict(PERSON)
    ratings = RATINGS.split()
    for i, comp in enumerate(catalog.competencies):
        values[names.rating_name(comp.id)] = ratings[i % len(ratings)]
        if comp.id in NOTES:
            values[names.notes_name(comp.id)] = NOTES[comp.id]
    for cat_id, texts in REFLECTIONS.items():
        for key, text in zip(names.REFLECTION, texts):
            if text:
                values[names.reflection_name(cat_id, key)] = text
    for scope, *cells in PLAN:
        for column, text in zip(names.PLAN_COLUMNS, cells):
            values[names.plan_name(scope, 1, column)] = text
    return values


def main() -> None:
    catalog = effective_catalog(())
    with tempfile.TemporaryDirectory() as tmp:
        form = Path(tmp) / "zoe.pdf"
        form.write_bytes(fill_form(render_booklet(catalog), answers(catalog)))
        response = read_response(form, catalog)
        response.file = "returned/zoe.pdf"  # as a supervisor's folder would name it, not a temporary path
        report = Path(tmp) / "summary.pdf"
        report.write_bytes(render_report(response, catalog))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(report), str(Path(tmp) / "page")],
                       check=True)
        for n in (1, 2):
            (ROOT / "docs" / "images" / f"summary-page{n}.png").write_bytes((Path(tmp) / f"page-{n}.png").read_bytes())


if __name__ == "__main__":
    main()
