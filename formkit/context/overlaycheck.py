"""One check of an overlay stack, shared by `formkit overlay check` and `formkit overlay diff`.

A diff of an overlay that `check` (and `build`) would refuse shows changes that can never be
built; both commands therefore run this, and both list every problem found in one pass: the
catalogue changes, the wording placeholders, the roles and the board profile. (A file whose
shape the schema refuses is reported on its own first: its content cannot be read further.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..catalog.effective import apply_overlays
from ..catalog.load import load_catalog
from ..catalog.locale import Wording, unknown_wording_keys
from ..catalog.model import Catalog
from ..catalog.overlay import Overlay, load_overlays
from ..core.errors import FormkitError, FormkitErrors, raise_all


@dataclass(frozen=True)
class CheckedStack:
    """A stack of overlays that passed every check: the base, the files and the result."""

    base: Catalog
    overlays: tuple[Overlay, ...]
    catalog: Catalog
    unused_wording: tuple[str, ...]  # wording keys no document uses: likely typos, a warning


def _collect(problems: list[FormkitError], check: Callable[[], object]) -> None:
    try:
        check()
    except FormkitErrors as exc:
        problems.extend(exc.errors)
    except FormkitError as exc:
        problems.append(exc)


def _roles(catalog: Catalog) -> None:
    from .roles import load_roles

    if catalog.roles:
        load_roles(catalog)  # roles name real competencies, CCSA ids and templates


def _board(catalog: Catalog) -> None:
    from .boards import resolve_board

    if catalog.board:
        resolve_board(catalog)  # the profile exists, its pass rule and domains are valid


def check_overlays(paths: Iterable[str], catalog_path: str | None = None) -> CheckedStack:
    """Load and apply the overlays and check what `build` would check; raise every problem at once."""
    base = load_catalog(catalog_path)
    overlays = load_overlays(paths)
    problems: list[FormkitError] = []
    catalog = apply_overlays(base, overlays, problems)
    _collect(problems, lambda: Wording(catalog))  # the language exists; wording placeholders can be filled
    _collect(problems, lambda: _roles(catalog))
    _collect(problems, lambda: _board(catalog))
    raise_all(problems)
    return CheckedStack(base, tuple(overlays), catalog, tuple(unknown_wording_keys(catalog)))
