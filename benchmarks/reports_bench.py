"""How long the store reports take, and how much memory, over a large answer store (issue 18).

    python benchmarks/reports_bench.py                      # 10,000 people x 4 rounds, self-ratings
    python benchmarks/reports_bench.py --people 1000 --raters 2 --workdir /tmp/rb

The fixture is written straight into a real SQLite store (formkit.store's own tables, made by its
migrations) with bulk inserts, then the cohort tallies are counted from those rows as ingest would
have kept them (formkit.store.recount.rebuild): filling and collecting 40,000 PDFs would take an
hour and measure the collect step, not the reports. Every person has the shipped catalogue's 62 competencies per
round and rater (ratings 1-4, one in eight "not yet had the chance", one in twenty blank) and a
learning-plan row per category, a third asking for support.

Each measurement runs in a fresh process (so peak memory is the report's, not the fixture's):
the cohort report over everyone, and one person's growth report (first and again), each the median
of --repeat runs. --reuse measures a store made before, without making it again.
Goals: a person report < 0.3 s, a cohort report over 10,000 people x 4 rounds < 5 s, memory flat
(the cohort report keeps counts, reading answers 2,000 submissions at a time).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

ROUNDS = ("baseline", "followup", "round-3", "round-4")
CHUNK = 50_000


def make_store(db: Path, people: int, rounds: int, raters: int) -> None:
    """The fixture: ``people`` people, each with ``rounds`` rounds by ``raters`` raters."""
    from formkit.catalog.effective import effective_catalog
    from formkit.store import open_store
    from formkit.store.schema import answers, plans, submissions
    from formkit.store.schema import people as people_table
    from formkit.store.recount import rebuild

    catalog = effective_catalog()
    comps = [(cat.id, k.id, k.statement) for cat in catalog.categories for k in cat.competencies]
    labels = {p.value: p.label for p in catalog.scale().choices}
    rng = random.Random(18)
    with open_store(db) as store, store.engine.begin() as conn:
        conn.execute(people_table.insert(), [
            {"person_id": f"p-{i:06d}", "name": f"Peer {i}", "program": f"Program {i % 20}",
             "supervisor": f"Supervisor {i % 400}", "name_key": f"peer {i}", "program_key": f"program {i % 20}",
             "created_at": "2026-01-01T00:00:00Z"} for i in range(people)])
        sub_rows, answer_rows, plan_rows = [], [], []
        sid = 0
        for i in range(people):
            for r in range(rounds):
                for rater in ("self", "supervisor")[:raters]:
                    sid += 1
                    sub_rows.append({
                        "submission_id": sid, "person_id": f"p-{i:06d}", "rater": rater, "rater_name": f"Peer {i}",
                        "round": ROUNDS[r], "date": f"2026-{1 + 3 * r:02d}-15", "version": 1, "source_file": f"{sid}.pdf",
                        "content_hash": f"{sid:064d}", "catalog_id": catalog.id, "catalog_version": catalog.version,
                        "fingerprint": catalog.fingerprint, "ingested_at": "2026-01-01T00:00:00Z",
                        "program_key": f"program {i % 20}", "supervisor_key": f"supervisor {i % 400}",
                        "form_check": "verified"})
                    for position, (cat, comp, statement) in enumerate(comps):
                        roll = rng.random()
                        choice = "" if roll < 0.05 else "NA" if roll < 0.175 else str(rng.randint(1, 4))
                        answer_rows.append({
                            "submission_id": sid, "competency_id": comp, "position": position, "category_id": cat,
                            "statement": statement, "rating_value": int(choice) if choice.isdigit() else None,
                            "rating_label": labels.get(choice, ""), "choice": choice, "notes": "",
                            "statement_changed": False})
                    plan_rows += [{"submission_id": sid, "scope": cat.id, "row": 1, "goal": "A goal", "steps": "",
                                   "support": "Coaching" if rng.random() < 0.33 else "", "date": ""}
                                  for cat in catalog.categories]
            if len(answer_rows) >= CHUNK or i == people - 1:
                conn.execute(submissions.insert(), sub_rows)
                conn.execute(answers.insert(), answer_rows)
                conn.execute(plans.insert(), plan_rows)
                sub_rows, answer_rows, plan_rows = [], [], []
        rebuild(conn)  # rows written straight into the tables: the cohort tallies counted as ingest keeps them


def measure(db: Path, what: str) -> dict[str, float]:
    """In this fresh process: the first report (imports, catalogue and fonts loaded on the way, as
    a `formkit report` run pays) and a second one (what a program making many pays per report):
    wall and CPU seconds each, and the peak memory (MiB)."""
    from formkit.reports import cohort_report, person_report
    from formkit.store import open_store

    out: dict[str, float] = {}
    with open_store(db) as store:
        for run in ("first", "again"):
            wall, cpu = time.perf_counter(), time.process_time()
            made = cohort_report(store) if what == "cohort" else person_report(store, "p-000007")
            out[f"{run}_wall"], out[f"{run}_cpu"] = time.perf_counter() - wall, time.process_time() - cpu
            assert made and all(a.data for a in made)
            if what == "cohort":
                break  # one is enough to see, and the store's read dominates it
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _child(db: Path, what: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--measure", what, "--workdir", str(db.parent)],
                         check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=4, choices=range(1, len(ROUNDS) + 1))
    parser.add_argument("--raters", type=int, default=1, choices=(1, 2))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/formkit-reports-bench"))
    parser.add_argument("--reuse", action="store_true", help="measure the store already in --workdir")
    parser.add_argument("--measure", choices=("cohort", "person"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    db = args.workdir / "formkit.db"
    if args.measure:
        print(json.dumps(measure(db, args.measure)))
        return
    if not args.reuse:
        args.workdir.mkdir(parents=True, exist_ok=True)
        db.unlink(missing_ok=True)
        started = time.perf_counter()
        make_store(db, args.people, args.rounds, args.raters)
        answers = args.people * args.rounds * args.raters * 62
        print(f"fixture: {args.people} people x {args.rounds} rounds x {args.raters} rater(s) = {answers:,} answers, "
              f"{db.stat().st_size / 2**20:.0f} MiB, made in {time.perf_counter() - started:.1f} s")
    for what, goal in (("person", 0.3), ("cohort", 5.0)):
        runs = [_child(db, what) for _ in range(args.repeat)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        again = (f"; again in the same process {med['again_wall']:.3f} s wall, {med['again_cpu']:.3f} s CPU"
                 if "again_wall" in med else "")
        print(f"{what} report: first {med['first_wall']:.3f} s wall, {med['first_cpu']:.3f} s CPU{again}; "
              f"peak {med['peak_mib']:.0f} MiB (goal < {goal} s; median of {len(runs)} runs)")


if __name__ == "__main__":
    main()
