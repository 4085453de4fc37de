"""A store's history for tests: 24 people over two rounds, self and supervisor, in three batches,
with changed re-submissions, as collect's workers hand the rows over (formkit.store.storable)."""

from __future__ import annotations

import random
from typing import Any

from formkit.catalog.effective import effective_catalog
from formkit.store.storable import Storable, answer_kinds, support_scopes

CATALOG = effective_catalog(())
COMPETENCIES = [(cat.id, k.id) for cat in CATALOG.categories[:3] for k in cat.competencies[:3]]
LABELS = {"1": "Rarely", "2": "Sometimes", "3": "Usually", "4": "Consistently", "NA": "Not yet had the chance"}
SUPPORT = ("", "Monthly coaching", "   ", "\u00a0\u2003", "\tA mentor\n")


def form(rng: random.Random, person: int, round_value: str, rater: str, program: str, serial: int) -> Storable:
    """A read form's rows as collect's workers make them: random ratings, odd labels and support texts."""
    answers = []
    for position, (category, competency) in enumerate(COMPETENCIES):
        choice = rng.choice(("1", "2", "3", "4", "NA", ""))
        label = LABELS.get(choice, rng.choice(("", "  ", "\u3000NA")))
        answers.append((competency, position, category, f"Statement {competency}",
                        int(choice) if choice.isdigit() else None, label, choice, "", False))
    plans = tuple((scope, 1, "A goal", "", rng.choice(SUPPORT), "") for scope in ("CC1", "CC2", "booklet", "extra"))
    identity = {"name": f"Peer {person:02d}", "program": program, "supervisor": ("Lee Park", "Dana Ruiz")[person % 2],
                "round": round_value, "date": "2026-01-15" if round_value == "baseline" else "",
                "rater": rater}
    return Storable(f"form-{serial}.pdf", f"{serial:064x}", CATALOG.id, CATALOG.version, CATALOG.fingerprint,
                    "verified", identity, tuple(answers), plans, (), (), (),
                    answer_kinds((a[2], a[4], a[5]) for a in answers), support_scopes((p[0], p[4]) for p in plans))


def ingest_history(store: Any) -> None:
    """24 people, two rounds, self and supervisor, over three batches; re-submissions of every fifth
    person's forms (in the same batch, and in a later one under another program)."""
    rng = random.Random(18)
    serial = 0
    for batch, round_value in enumerate(("baseline", "followup", "followup")):
        ingester = store.ingester(CATALOG)
        for person in range(24):
            if batch == 2 and person % 5:
                continue
            for rater in ("self", "supervisor"):
                program = ("North", "South")[person % 2] if batch < 2 else "East"
                for _copy in range(2 if person % 5 == 0 and batch == 0 else 1):
                    serial += 1
                    ingester.add(form(rng, person, round_value, rater, program, serial))
        report = ingester.finish()
        assert not report.failures, report.failures
