"""Continuing education to renew a credential: read a ledger, check it against a board's rule.

    from formkit.documents.ce import check_ledger, table, to_csv
    report = check_ledger("ledger.csv", board, date(2026, 12, 1))   # board: formkit.context.boards.resolve_board
    print("\\n".join(table(report)))

The rules are the ``ce:`` section of a board profile (formkit.context.ce); the ledger's format is
in formkit.documents.ce.ledger.
"""

from __future__ import annotations

from .check import CeReport, Standing, check_ledger, rules_to_check
from .output import table, to_csv

__all__ = ["CeReport", "Standing", "check_ledger", "rules_to_check", "table", "to_csv"]
