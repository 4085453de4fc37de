"""A scanned certification checklist's blank form: drawn again for the board its QR names.

A checklist page's code says "C.<board id>" (formkit.documents.checklist.pdf). The board must be
the one this run judges by: the board profile the overlays name, or, when they name none, the
board the code names (as `formkit collect` does for a filled PDF). A page of another board is
not read (one line, what to pass instead): its ratings would be judged by the wrong rules.

Every hours log is also cropped whole (:func:`add_log_regions`): the hours are handwriting, so a
person confirms their sum from one picture of the log rather than from a crop per cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog.model import Catalog
from .locate import PAGE_H

if TYPE_CHECKING:
    from .forms import Form

LOG_REGION = "log-"  # the region names: log-training, log-experience, log-supervision
REGION_MARGIN = 2.0  # points around a log's cells, so the crop shows their borders
HEAD_ROOM = 14.0  # points above a log's first row: its printed column heads (Hours, the domains)

CHECKLIST_MOVED = ("the checklist page was printed with its fields in other places than formkit draws it now (another "
                   "version of the board's checklist, or another formkit version): its marks are not read; enter its "
                   "answers by hand, or print the board's current checklist")


def draw_checklist(catalog: Catalog, board_id: str) -> bytes:
    """The blank checklist of ``board_id`` as this run would print it; UnknownForm for a board
    other than the one the overlays name, or one formkit cannot load."""
    from ..context.boards import resolve_board
    from ..core.errors import FormkitError
    from ..documents.checklist import blank_pdf
    from .forms import UnknownForm

    try:
        if catalog.board.get("profile"):
            board = resolve_board(catalog)
            if board.id != board_id:
                raise UnknownForm(f"a checklist of board '{board_id}', not of {board.name} ('{board.id}', the board "
                                  "the overlays name): scan it with the overlays it was made with (-O)")
        else:
            board = resolve_board(catalog, board_id)
    except FormkitError as exc:
        raise UnknownForm(f"a checklist of board '{board_id}', whose profile formkit cannot load ({exc}): pass "
                          "the overlay that names its profile (-O)") from None
    return blank_pdf(catalog, board)


def add_log_regions(form: Form) -> None:
    """Each page's hours logs as one region to crop: the union of the log's cells and total."""
    for fld in form.schema.get("fields", []):
        log = (fld.get("meta") or {}).get("log")
        page = form.pages.get(int(fld["page"]) + 1)
        if not log or page is None:
            continue
        x0, y0, x1, y1 = fld["rect"]
        box = (x0 - REGION_MARGIN, PAGE_H - y1 - HEAD_ROOM, x1 + REGION_MARGIN, PAGE_H - y0 + REGION_MARGIN)
        name = f"{LOG_REGION}{log}"
        old = page.regions.get(name, box)
        page.regions[name] = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))


__all__ = ["CHECKLIST_MOVED", "LOG_REGION", "add_log_regions", "draw_checklist"]
