"""formkit: the peer-worker core-competency catalogue, rendered into the documents people use.

The public API: load the catalogue, apply overlays, get the effective catalogue, build
documents. Names are imported on first use, so ``formkit --help`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_catalog": "catalog.load",
    "apply_overlay": "catalog.effective", "apply_overlays": "catalog.effective",
    "effective_catalog": "catalog.effective",
    "FormkitError": "core.errors",
    "Catalog": "catalog.model", "Category": "catalog.model", "Competency": "catalog.model", "Scale": "catalog.model",
    "Overlay": "catalog.overlay", "load_overlay": "catalog.overlay", "load_overlays": "catalog.overlay",
    "build": "documents.pipeline", "Artifact": "runtime.outputs", "write_artifacts": "runtime.outputs",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from .catalog.effective import apply_overlay, apply_overlays, effective_catalog
    from .catalog.load import load_catalog
    from .catalog.model import Catalog, Category, Competency, Scale
    from .catalog.overlay import Overlay, load_overlay, load_overlays
    from .core.errors import FormkitError
    from .documents.pipeline import build
    from .runtime.outputs import Artifact, write_artifacts


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'formkit' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
