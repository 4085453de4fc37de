"""Strict reading of YAML and JSON files: duplicate keys are errors, syntax errors name their line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import FormkitError

MAX_INPUT_BYTES = 5 * 1024 * 1024


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return dict(loader.construct_pairs(node, deep=deep))  # type: ignore[no-untyped-call]


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def read_text(path: Path, what: str) -> str:
    """Read a UTF-8 text file or raise a FormkitError that says what to do."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FormkitError(f"{what} file not found", path=str(path),
                           hint="Check the path and spelling") from None
    except OSError as exc:
        raise FormkitError(f"cannot read {what} file ({exc.strerror})", path=str(path)) from None
    if path.is_dir():
        raise FormkitError(f"is a folder, not a {what} file", path=str(path), hint="Give the file inside it")
    if size > MAX_INPUT_BYTES:
        raise FormkitError(f"{what} file is too large ({size} bytes; the limit is {MAX_INPUT_BYTES})",
                           path=str(path), hint="Check that this is the right file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FormkitError(f"cannot read {what} file ({exc.strerror})", path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormkitError(f"not UTF-8 text (bad byte at offset {exc.start})", path=str(path),
                           hint="Save the file as UTF-8") from None
    return text


def load_data(path: Path, what: str) -> Any:
    """Load a YAML or JSON file strictly; JSON is chosen by the .json suffix."""
    text = read_text(path, what)
    if not text.strip():
        raise FormkitError(f"{what} file is empty", path=str(path), hint="Start from 'formkit overlay init'")
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text, object_pairs_hook=_reject_duplicates)
        except json.JSONDecodeError as exc:
            raise FormkitError(f"JSON syntax error on line {exc.lineno}, column {exc.colno}: {exc.msg}",
                               path=str(path), hint="Fix the JSON syntax") from None
        except ValueError as exc:
            raise FormkitError(str(exc), path=str(path), hint="Keep one of the two entries") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" on line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise FormkitError(f"YAML error{where}: {problem}", path=str(path),
                           hint="Fix the YAML (indent with spaces; quote text containing ':')") from None
    except yaml.YAMLError as exc:
        raise FormkitError(f"YAML error: {exc}", path=str(path), hint="Fix the YAML") from None
