"""Certification checklists for boards: the blank PDF + DOCX, and pre-filled PDFs per applicant.

Library use::

    from formkit.effective import effective_catalog
    from formkit.checklist import blank_pdf, checklist_docx, resolve_board
    cat = effective_catalog(["my-board.yaml"])
    board = resolve_board(cat)            # or resolve_board(cat, "icrc-pr")
    pdf_bytes = blank_pdf(cat, board)
"""

from __future__ import annotations

from ..boards import Board, resolve_board
from ..model import Catalog
from ..outputs import Artifact

FOLDER = "checklists"


def check(catalog: Catalog, board: Board | None = None) -> None:
    """Refuse text the checklist cannot draw (a word wider than its column, a statement taller
    than a page) with one line naming the file, the key and the limit, before anything renders."""
    from .limits import check_fits

    check_fits(catalog, board or resolve_board(catalog))


def blank_pdf(catalog: Catalog, board: Board) -> bytes:
    """The blank fillable checklist, ready for fast pre-filling (deterministic bytes)."""
    from .pdf import render_pdf

    check(catalog, board)
    return render_pdf(catalog, board)


def checklist_docx(catalog: Catalog, board: Board) -> bytes:
    from .docx import render_docx

    return render_docx(catalog, board)


def stem(board: Board) -> str:
    return f"checklist-{board.id}"


def render(catalog: Catalog, board: Board, formats: tuple[str, ...] = ("pdf", "docx")) -> list[Artifact]:
    check(catalog, board)
    out = []
    if "pdf" in formats:
        out.append(Artifact(f"{FOLDER}/{stem(board)}.pdf", blank_pdf(catalog, board)))
    if "docx" in formats:
        out.append(Artifact(f"{FOLDER}/{stem(board)}.docx", checklist_docx(catalog, board)))
    return out


def artifacts(catalog: Catalog) -> list[Artifact]:
    """`formkit build` family "checklists": the blank PDF and DOCX for the overlay's board (or 'custom')."""
    return render(catalog, resolve_board(catalog))


__all__ = ["Board", "artifacts", "blank_pdf", "check", "checklist_docx", "render", "resolve_board"]
