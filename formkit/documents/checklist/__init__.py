"""Certification checklists for boards: the blank PDF + DOCX, and pre-filled PDFs per applicant.

The content is described once (:func:`formkit.documents.checklist.model.checklist`) and drawn twice, as
a fillable PDF and as a Word document. Library use::

    from formkit.context import resolve
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.checklist import blank_pdf, checklist_docx
    ctx = resolve(effective_catalog(["my-board.yaml"]), ["checklists"])   # or board="icrc-pr"
    pdf_bytes = blank_pdf(ctx)

``blank_pdf(catalog, board)`` and ``checklist_docx(catalog, board)`` still work: they resolve
the context themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...catalog.model import Catalog
from ...context.boards import Board, resolve_board
from ...runtime.outputs import Artifact
from ..tasks import Task

if TYPE_CHECKING:
    from ...context import Context

FOLDER = "checklists"


def check(catalog: Catalog, board: Board | None = None) -> None:
    """Refuse text the checklist cannot draw (a word wider than its column, a statement taller
    than a page) with one line naming the file, the key and the limit; formkit.context.resolve
    calls this before anything renders."""
    from .limits import check_fits

    check_fits(catalog, board or resolve_board(catalog))


def _context(source: Catalog | Context, board: Board | None) -> Context:
    from ...context import Context, resolve

    if isinstance(source, Context) and (board is None or board is source.board):
        return source
    catalog = source.catalog if isinstance(source, Context) else source
    return resolve(catalog, ["checklists"], board=board)


def blank_pdf(source: Catalog | Context, board: Board | None = None) -> bytes:
    """The blank fillable checklist, ready for fast pre-filling (deterministic bytes)."""
    from .pdf import render_pdf

    return render_pdf(_context(source, board))


def checklist_docx(source: Catalog | Context, board: Board | None = None) -> bytes:
    """The checklist as an editable Word document (deterministic bytes)."""
    from .docx import render_docx

    return render_docx(_context(source, board))


def stem(board: Board, catalog: Catalog | None = None) -> str:
    """checklist-<board id>, and the language of a translation (checklist-icrc-pr-es)."""
    from ...catalog.language import file_suffix

    return f"checklist-{board.id}{file_suffix(catalog) if catalog else ''}"


def render(context: Context, formats: tuple[str, ...] = ("pdf", "docx")) -> list[Artifact]:
    board = context.checklist_board
    out = []
    if "pdf" in formats:
        out.append(Artifact(f"{FOLDER}/{stem(board, context.catalog)}.pdf", blank_pdf(context)))
    if "docx" in formats:
        out.append(Artifact(f"{FOLDER}/{stem(board, context.catalog)}.docx", checklist_docx(context)))
    return out


def warm() -> None:
    """Load the PDF and Word libraries before `formkit build` forks (see formkit.pdfform.writer.warm)."""
    import docx  # noqa: F401

    from ...pdfform.writer import warm as warm_forms
    from . import docx as _docx, pdf, pdftables  # noqa: F401

    warm_forms()


def tasks(context: Context) -> list[Task]:
    """The blank PDF and the DOCX as two tasks of `formkit build`: the PDF (every competency a
    row of fields) is the longest document of the build, the DOCX about two thirds of it."""
    board = context.checklist_board
    rows = sum(len(cat.competencies) for cat in context.catalog.categories)
    name = stem(board, context.catalog)
    pdf, docx = f"{FOLDER}/{name}.pdf", f"{FOLDER}/{name}.docx"
    return [Task("checklists", pdf, 1.1 * rows + 40, lambda: [Artifact(pdf, blank_pdf(context))]),
            Task("checklists", docx, 0.7 * rows + 20, lambda: [Artifact(docx, checklist_docx(context))])]


def artifacts(source: Catalog | Context) -> list[Artifact]:
    """`formkit build` family "checklists": the blank PDF and DOCX for the overlay's board (or 'custom')."""
    from ...context import as_context

    return render(as_context(source, ["checklists"]))


__all__ = ["Board", "artifacts", "blank_pdf", "check", "checklist_docx", "render", "resolve_board", "tasks", "warm"]
