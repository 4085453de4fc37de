"""formkit: the peer-worker core-competency catalogue, rendered into the documents people use.

The public API: load the catalogue, apply overlays, get the effective catalogue, build
documents. Names are imported on first use, so ``formkit --help`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_catalog": "catalog",
    "apply_overlay": "effective", "apply_overlays": "effective", "effective_catalog": "effective",
    "FormkitError": "errors",
    "Catalog": "model", "Category": "model", "Competency": "model", "Scale": "model",
    "Overlay": "overlay", "load_overlay": "overlay", "load_overlays": "overlay",
    "build": "pipeline", "Artifact": "outputs", "write_artifacts": "outputs",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from .pipeline import build
    from .catalog import load_catalog
    from .effective import apply_overlay, apply_overlays, effective_catalog
    from .errors import FormkitError
    from .model import Catalog, Category, Competency, Scale
    from .outputs import Artifact, write_artifacts
    from .overlay import Overlay, load_overlay, load_overlays


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'formkit' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
