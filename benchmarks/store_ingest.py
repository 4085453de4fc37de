"""How fast filled forms go into the answer store (issue 18: >= 300 files/s into SQLite), beside
reading the same forms without storing them (what `formkit collect` does anyway): the ratio is the
store's own cost. Not a test: numbers depend on the machine.

    python benchmarks/store_ingest.py                      # 300 booklets, a fresh SQLite store
    python benchmarks/store_ingest.py --count 2000 --workdir /tmp/bench   # keep the forms
    python benchmarks/store_ingest.py --db postgresql+psycopg://user@host/db

Each of three steps runs in a process of its own (so peak memory is its own): read only (formkit's
reader, in parallel as collect reads), ingest into an empty store, and ingest again (every file
skipped by its hash, unread).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _step(kind: str, folder: str, db: str) -> dict[str, float]:
    """One step, in this process: seconds, files, peak memory (MiB)."""
    from formkit.catalog.effective import effective_catalog
    from formkit.collect import find_pdfs, read_forms
    from formkit.store import open_store

    catalog = effective_catalog(())
    files = find_pdfs([folder])
    start = time.perf_counter()
    if kind == "read":
        done = sum(1 for _path, outcome in read_forms(files, catalog) if not isinstance(outcome, str))
    else:
        with open_store(db) as store:
            report = store.ingest(files, catalog)
        done = len(report.added) + len(report.skipped_same_hash)
        assert not report.failures, report.failures[:3]
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "files": done, "peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--db", default=None, help="a store URL (default: a new SQLite file in the workdir)")
    parser.add_argument("--step", nargs=3, metavar=("KIND", "FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(*args.step)))
        return
    from benchmarks.collect_fixture import make_collect_set

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="formkit-store-bench-"))
    folder = make_collect_set(workdir, args.count, min(args.count, 300))
    db = args.db or str(workdir / f"store-{time.time_ns()}.db")
    rows = {}
    for kind in ("read", "ingest", "re-ingest"):
        out = subprocess.run([sys.executable, __file__, "--step", kind, str(folder), db],
                             check=True, capture_output=True, text=True).stdout
        rows[kind] = json.loads(out.strip().splitlines()[-1])
    print(f"{args.count} filled booklets ({folder}), store {db.split('@')[-1]}")
    print(f"{'step':<10} {'seconds':>8} {'files/s':>8} {'peak MiB':>9}")
    for kind, row in rows.items():
        print(f"{kind:<10} {row['seconds']:8.2f} {row['files'] / row['seconds']:8.0f} {row['peak_mib']:9.0f}")
    print(f"ingest / read time: {rows['ingest']['seconds'] / rows['read']['seconds']:.2f}")


if __name__ == "__main__":
    main()
