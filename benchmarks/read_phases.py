"""Where reading one filled booklet goes: CPU per booklet by phase, as a collect worker reads it.

Not a test and not a peer comparison: a profile to start from before changing the reader
(issues 17 and 18 ask for half the instructions per booklet). It reads FOLDER's PDFs in one
process the way a worker does (``_read_one`` then ``encode``), after a warm-up of a few forms, and
prints the CPU time per booklet of each phase. Phases nest (``walk`` and ``open`` are inside
``read_form``; ``history`` and ``placement`` inside ``verify``), so they do not add up.

    python benchmarks/read_phases.py /tmp/bench/collect-1000 --count 200

For instructions rather than CPU time, run it under callgrind at two counts and take the
difference (the warm-up and start-up cancel out); raise the per-file time budget first, as
valgrind is some 50 times slower: ``--no-budget``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SPENT: Counter[str] = Counter()
PHASES = (  # (module, function, phase name)
    ("formkit.collect.read", "read_form", "read_form"),
    ("formkit.pdfform.fastread", "open_fast", "open"),
    ("formkit.pdfform.fastread", "field_values", "walk"),
    ("formkit.pdfform.read", "_fast_schema", "schema"),
    ("formkit.collect.read", "map_values", "map"),
    ("formkit.collect.read", "_form_check", "verify"),
    ("formkit.collect.verify", "changed_by_update", "history"),
    ("formkit.collect.placement", "misplaced", "placement"),
)


def _timed(function: Callable[..., Any], phase: str) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[phase] += time.process_time() - start
    return timed


def _instrument() -> None:
    """Each phase's function timed where its callers look it up (the module's own attribute)."""
    import importlib

    for module_name, name, phase in PHASES:
        module = importlib.import_module(module_name)
        setattr(module, name, _timed(getattr(module, name), phase))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=100, help="booklets measured (after the warm-up)")
    parser.add_argument("--warm-up", type=int, default=3)
    parser.add_argument("--no-budget", action="store_true", help="no per-file time limit (under valgrind)")
    args = parser.parse_args()

    from formkit.catalog.effective import effective_catalog
    from formkit.collect import _finish, _read_one
    from formkit.collect.stream import encode
    from formkit.pdfform import budget

    if args.no_budget:
        budget.MAX_SECONDS = 1e4
    _instrument()
    files = sorted(args.folder.glob("*.pdf"))
    catalog = effective_catalog(())
    for path in files[:args.warm_up]:
        _finish(_read_one(path, catalog), catalog, encode)
    SPENT.clear()
    measured = files[args.warm_up:args.warm_up + args.count]
    start = time.process_time()
    for path in measured:
        begun = time.process_time()
        outcome = _read_one(path, catalog)
        SPENT["read"] += time.process_time() - begun
        if isinstance(outcome, str):
            sys.exit(f"{path}: {outcome}")
        begun = time.process_time()
        _finish(outcome, catalog, encode)
        SPENT["encode"] += time.process_time() - begun
    total = time.process_time() - start
    print(f"{len(measured)} booklets: {1000 * total / max(len(measured), 1):.2f} ms CPU each")
    for phase, seconds in SPENT.most_common():
        print(f"  {phase:10s} {1000 * seconds / max(len(measured), 1):6.2f} ms")


if __name__ == "__main__":
    main()
