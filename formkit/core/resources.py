"""Where formkit's data lives: inside the wheel (``formkit/_data``) or in a checkout.

The design card puts catalog.json and templates/ at the project's top level; the wheel
carries copies under ``formkit/_data`` so an installed formkit runs from any directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def data_root() -> Path:
    """The folder holding catalog.json and templates/."""
    installed = _PACKAGE / "_data"
    if (installed / "catalog.json").is_file():
        return installed
    return _PACKAGE.parent


def catalog_path() -> Path:
    return data_root() / "catalog.json"


def templates_dir() -> Path:
    return data_root() / "templates"


def schema_path(name: str) -> Path:
    return _PACKAGE / "schemas" / f"{name}.schema.json"
