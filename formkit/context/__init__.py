"""One resolved context: everything the renderers need, read and checked before any rendering.

An input error (an unknown board, a role naming a missing competency, a damaged logo, a Word
template without its styles, a statement too long for a checklist row) used to surface in the
middle of rendering, inside a worker process, after other documents had been drawn.
:func:`resolve` reads every input file (board profile, roles, Word templates, logo, fonts) and
runs every check once, into a frozen :class:`Context`; renderers take the context, read no
files and raise no input errors. A renderer that fails after this is a bug in formkit.

Library use::

    from formkit.catalog.effective import effective_catalog
    from formkit.context import resolve
    from formkit.documents.pipeline import render_all

    ctx = resolve(effective_catalog(["my-org.yaml"]))   # FormkitError here, or never
    artifacts = render_all(ctx)                          # list[Artifact], nothing written yet

``resolve(catalog, families=["checklists"], board="icrc-pr")`` loads only what those families
need (here: the board and the logo; no roles, no templates).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..core.errors import FormkitError
from .families import FAMILIES

if TYPE_CHECKING:
    from .boards import Board
    from .roles import Role

# What each family needs beyond the catalogue and its wording.
NEEDS: dict[str, tuple[str, ...]] = {
    "catalogue": (),
    "checklists": ("board", "logo", "fonts"),
    "self-assessment": ("logo", "fonts"),
    "job-descriptions": ("roles", "logo"),
    "reports": ("logo", "fonts"),  # collect --report
}


@dataclass(frozen=True)
class Logo:
    """The organisation's logo, read once: its bytes and its size in pixels."""

    data: bytes
    width: int
    height: int
    path: str


def _frozen(mapping: Mapping[Any, Any] | None = None) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Context:
    """Everything a renderer reads, resolved for one effective catalogue (see :func:`resolve`).

    ``board`` is None and ``roles`` empty when the families asked for do not need them.
    """

    catalog: Catalog
    words: Wording
    board: Board | None = None
    roles: Mapping[str, Role] = field(default_factory=_frozen)
    templates: Mapping[Path, bytes] = field(default_factory=_frozen)  # Word templates of the roles, by path
    logo: Logo | None = None

    @property
    def checklist_board(self) -> Board:
        """The board profile (resolve() loads it for the checklists; without it this is a bug)."""
        if self.board is None:
            raise RuntimeError("this context was resolved without a board: pass families=['checklists']")
        return self.board

    def template(self, role: Role) -> bytes:
        """The bytes of ``role``'s Word template, read by resolve()."""
        return self.templates[role.template]


def resolve(catalog: Catalog, families: Iterable[str] | None = None, *, board: str | Board | None = None,
            roles: Iterable[str] | None = None) -> Context:
    """Read and check every input the ``families`` (default: all of `formkit build`, and the
    collect reports) will render from; raise the first problem as a FormkitError.

    ``board`` names the board profile (default: the overlay's, else 'custom'), or is one already
    resolved; ``roles`` the job-description roles to load (default: every role).
    """
    needs = {need for name in (families or [*FAMILIES, "reports"]) for need in NEEDS[name]}
    words = Wording(catalog)  # checks the overlay's wording placeholders too
    if "fonts" in needs:
        _fonts()
    loaded_board = _board(catalog, board) if "board" in needs else None
    loaded_roles, templates = _roles(catalog, roles) if "roles" in needs else ({}, {})
    return Context(catalog=catalog, words=words, board=loaded_board, roles=_frozen(loaded_roles),
                   templates=_frozen(templates), logo=_logo(catalog) if "logo" in needs else None)


def as_context(source: Catalog | Context, families: Iterable[str]) -> Context:
    """``source`` itself when it is a context; a catalogue is resolved for ``families`` first
    (the convenience the library's catalogue-taking functions keep)."""
    return source if isinstance(source, Context) else resolve(source, families)


def _board(catalog: Catalog, name: str | Board | None) -> Board:
    """The board profile, and the checklist's limits checked against it (every row fits a page)."""
    import importlib

    from .boards import Board, resolve_board
    from .families import BOARD_CHECKS

    board = name if isinstance(name, Board) else resolve_board(catalog, name)
    for target in BOARD_CHECKS.values():
        module, function = target.split(":")
        getattr(importlib.import_module(module), function)(catalog, board)
    return board


def _roles(catalog: Catalog, ids: Iterable[str] | None) -> tuple[dict[str, Role], dict[Path, bytes]]:
    """The roles, each checked against the catalogue, and their Word templates, each opened
    and checked for the styles a job description uses."""
    from .roles import load_role, role_ids
    from .template import read_template

    loaded = {rid: load_role(catalog, rid) for rid in (ids if ids is not None else role_ids(catalog))}
    templates = {path: read_template(path) for path in dict.fromkeys(role.template for role in loaded.values())}
    return loaded, templates


def _fonts() -> None:
    """Read the bundled fonts now (reportlab keeps them in memory), so drawing reads no file."""
    from ..pdfform.fieldfont import field_font
    from ..pdfform.fonts import register_fonts

    register_fonts()
    field_font()


def _logo(catalog: Catalog) -> Logo | None:
    """The logo's bytes, read once (and checked again: the file may have changed since the
    overlay was loaded)."""
    path = catalog.organisation.logo
    if not path:
        return None
    from PIL import Image

    from ..catalog.overlay import check_logo

    origin = catalog.origins.get("organisation.logo", "overlay")
    data = check_logo(Path(path), Path(origin))
    with Image.open(io.BytesIO(data)) as img:
        width, height = img.size
    if not width or not height:
        raise FormkitError(f"logo has no pixels: {path}", path=origin, key="organisation.logo",
                           hint="Export the logo again as PNG or JPEG")
    return Logo(data, width, height, path)


__all__ = ["NEEDS", "Context", "Logo", "as_context", "resolve"]
