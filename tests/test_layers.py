"""Imports run one way, down the layers the packages name: a module may import its own layer
and the layers below it, never one above. Read from the source with ast, so an upward import
anywhere — at the top of a module or inside a function — fails here. Imports under
``if TYPE_CHECKING:`` are types only (nothing runs) and may name any layer."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

# Lowest first: the core, the page engines, safe writing, the catalogue, its translations, the resolved context,
# the documents rendered from it, reading filled forms back, reading scanned paper back, the answer store,
# reports over it, the local web page, and the command line on top.
LAYERS = ("core", "pdfpage", "pdfform", "docxfile", "runtime", "catalog", "translate", "context", "documents", "collect",
          "scan", "store", "reports", "serve", "cli")
PACKAGE = ROOT / "formkit"


def layer_of(module: str) -> int | None:
    """The layer index of a dotted formkit module, None for the package facade (formkit/__init__)."""
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def module_name(path: Path) -> tuple[str, str]:
    """The module's dotted name and the package its relative imports start from."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def _type_only(tree: ast.Module) -> set[int]:
    """Ids of import nodes under ``if TYPE_CHECKING:``."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            ids.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return ids


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every formkit module or name this file imports at run time."""
    name, package = module_name(path)
    tree = ast.parse(path.read_text(), str(path))
    skip = _type_only(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("formkit")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "formkit" or target.startswith("formkit."):
                found += [(node.lineno, f"{target}.{alias.name}" if target == "formkit" else target)
                          for alias in node.names]
    return found


def upward_imports(root: Path = PACKAGE) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        name, _ = module_name(path)
        own = layer_of(name)
        if own is None:
            continue
        for line, target in imported(path):
            theirs = layer_of(target)
            if theirs is not None and theirs > own:
                problems.append(f"{path.relative_to(ROOT)}:{line} ({LAYERS[own]}) imports {target} ({LAYERS[theirs]})")
    return problems


def test_every_module_belongs_to_a_layer() -> None:
    """A new top-level module or package must be placed in a layer, or the order means nothing."""
    loose = sorted(p.name for p in PACKAGE.iterdir()
                   if (p.suffix == ".py" and p.stem not in {"__init__", "__main__"})
                   or (p.is_dir() and (p / "__init__.py").exists() and p.name not in LAYERS))
    assert loose == [], f"place these in LAYERS: {loose}"


def test_imports_only_go_down_the_layers() -> None:
    assert upward_imports() == []
