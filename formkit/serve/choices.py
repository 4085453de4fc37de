"""Which catalogue a page works with: the overlays chosen (shipped or saved in the data folder),
the board and the roles, read from a request's arguments and looked up, never used as paths.

An overlay a user uploaded or made in the editor may name other files (a logo, a Word template,
overlays it extends, a board profile): :func:`check_paths` refuses any that would lead outside
the data folder's overlays/, so the page reads no file outside its folder and formkit's own.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..catalog.model import Catalog
from ..core.errors import FormkitError
from .datafolder import DataFolder

SHIPPED = "shipped:"
SAVED = "saved:"


def overlay_options(folder: DataFolder) -> list[tuple[str, str]]:
    """(value, label) of every overlay a page offers: formkit's own, then those saved here."""
    from ..catalog.overlay import shipped_overlays
    from .wording import say

    return ([(SHIPPED + name, say("documents_shipped", name=name)) for name in shipped_overlays()]
            + [(SAVED + stem, say("documents_saved", name=stem)) for stem in folder.saved_overlays()])


def overlay_paths(folder: DataFolder, chosen: Iterable[str]) -> list[Path]:
    """The files of the chosen overlays, in the order chosen; an unknown choice is an error."""
    from ..catalog.overlay import locate, shipped_overlays

    paths = []
    for value in chosen:
        if not value:  # "the standard form": no overlay
            continue
        if value.startswith(SHIPPED) and value[len(SHIPPED):] in shipped_overlays():
            paths.append(locate(value[len(SHIPPED):]))
        elif value.startswith(SAVED) and value[len(SAVED):] in folder.saved_overlays():
            paths.append(folder.overlay_path(value[len(SAVED):]))
        else:
            raise FormkitError("no such overlay here", key="overlay", hint="Choose one of the overlays listed")
    return paths


def effective(folder: DataFolder, chosen: Iterable[str]) -> Catalog:
    """The effective catalogue of the chosen overlays (kept while the files are unchanged)."""
    paths = overlay_paths(folder, chosen)
    stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    return _effective(stamps)


@functools.lru_cache(maxsize=32)
def _effective(stamps: tuple[tuple[str, int, int], ...]) -> Catalog:
    from ..catalog.effective import effective_catalog

    return effective_catalog([path for path, _mtime, _size in stamps])


def boards() -> list[tuple[str, str]]:
    """(name, title) of every board profile formkit ships."""
    from ..context.boards import available_boards, load_profile

    return [(name, str(load_profile(name)[0].get("name", name))) for name in available_boards()]


def roles(catalog: Catalog) -> list[tuple[str, str]]:
    """(id, title) of the roles of ``catalog`` (with its overlays' roles)."""
    from ..context.roles import load_roles

    return [(rid, role.title) for rid, role in load_roles(catalog).items()]


def check_paths(data: Mapping[str, Any], where: str, overlays_dir: Path) -> None:
    """Refuse an overlay whose logo, templates or ``extends`` lead outside ``overlays_dir``,
    or whose board profile is a file rather than a profile formkit ships."""
    named: list[tuple[str, Any]] = [("organisation.logo", (data.get("organisation") or {}).get("logo"))]
    named += [(f"extends[{i}]", item) for i, item in enumerate(data.get("extends") or [])]
    for rid, role in (data.get("roles") or {}).items():
        if isinstance(role, Mapping):
            named.append((f"roles.{rid}.template", role.get("template")))
    for key, value in named:
        if isinstance(value, str) and not _stays_inside(overlays_dir, value):
            raise FormkitError(f"'{value}' is outside the page's overlay folder", path=where, key=key,
                               hint="Upload the file here and name it without a folder, e.g. logo.png")
    profile = (data.get("board") or {}).get("profile") if isinstance(data.get("board"), Mapping) else None
    if isinstance(profile, str) and profile not in dict(boards()):
        raise FormkitError(f"unknown board profile '{profile}'", path=where, key="board.profile",
                           hint="Choose one of: " + ", ".join(dict(boards())))


def _stays_inside(folder: Path, name: str) -> bool:
    target = (folder / name).resolve()
    return "/" not in name and "\\" not in name and target.parent == folder.resolve()
