"""Strict reading of YAML and JSON files: duplicate keys are errors, syntax errors name their line.

PyYAML is imported only when a YAML file is read: the shipped catalogue is JSON, so
`formkit catalog show` never loads it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FormkitError
from .inputs import regular_file

if TYPE_CHECKING:
    import yaml

MAX_INPUT_BYTES = 5 * 1024 * 1024
MERGE_TAG = "tag:yaml.org,2002:merge"  # the key '<<'
MAX_NODES = 1_000_000  # after expanding YAML aliases: far above any real file, far below a "billion laughs"


@cache
def _strict_loader(shipped: bool = False) -> type[yaml.SafeLoader]:
    """SafeLoader that refuses duplicate mapping keys instead of keeping the last one.

    It also refuses keys that are not text (``1:``, ``yes:``, ``2024-01-01:``), aliases that
    refer to themselves, and documents whose aliases expand to more than MAX_NODES nodes.
    Made on first use, so reading JSON does not import PyYAML.

    ``shipped``: the same checks over libyaml's C parser, for the files formkit ships (wording,
    roles, board profiles), which every `formkit build` reads: the pure-Python scanner took a
    fifth of a build's CPU before the first document. Files a user gives keep the pure-Python
    parser: its messages quote the offending line, and the C composer recurses without Python's
    depth limit, which a hostile file nested a million deep would turn into a crash.
    """
    import yaml

    base = yaml.CSafeLoader if shipped and getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader

    class _StrictLoader(base):  # type: ignore[valid-type,misc]
        def get_single_data(self) -> Any:
            node = self.get_single_node()
            if node is None:
                return None
            _check_size(node)
            return self.construct_document(node)

    _StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return _StrictLoader


def _check_size(root: yaml.Node) -> None:
    """Count nodes as the constructed data will hold them (aliases expanded); refuse cycles."""
    import yaml

    sizes: dict[int, int] = {}
    active: set[int] = set()
    shared = False
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                how = " through its aliases '*'" if shared else ""
                raise yaml.constructor.ConstructorError(
                    None, None, f"the file expands to more than {MAX_NODES} values{how}", node.start_mark)
            continue
        if key in sizes:
            shared = True
            continue
        if key in active:
            raise yaml.constructor.ConstructorError(None, None, "an alias '*' refers to the value that contains it",
                                                    node.start_mark)
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in sizes:
                shared = True
            else:
                stack.append((child, False))


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    import yaml

    seen: dict[Any, int] = {}
    merged: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == MERGE_TAG:
            merged = {**_merged(loader, value_node), **merged}  # an earlier '<<' wins, as YAML says
            continue
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {shown!s} is not text; put it in quotes, e.g. '{shown!s}':",
                key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    own = [(k, v) for k, v in node.value if k.tag != MERGE_TAG]
    pairs = loader.construct_pairs(yaml.MappingNode(node.tag, own), deep=deep)
    return {**merged, **dict(pairs)}  # the mapping's own keys win over merged ones


def _merged(loader: yaml.SafeLoader, node: yaml.Node) -> dict[Any, Any]:
    """The keys a merge key ``<<: *defaults`` (or ``<<: [*a, *b]``) brings in, the first source winning.

    YAML anchors and merge keys are how people share settings between two blocks of one file;
    they are read as YAML 1.1 defines them (PyYAML's SafeLoader does too), duplicates and all
    other checks still applying to each mapping's own keys.
    """
    import yaml

    sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out: dict[Any, Any] = {}
    for source in reversed(sources):
        if not isinstance(source, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a merge key '<<' must be followed by an alias to a mapping, e.g. '<<: *defaults'",
                source.start_mark)
        out.update(loader.construct_object(source, deep=True))
    return out


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def read_text(path: Path, what: str) -> str:
    """Read a UTF-8 text file or raise a FormkitError that says what to do."""
    size = regular_file(path, what, hint="Give a YAML or JSON file saved on disk").st_size
    if size > MAX_INPUT_BYTES:
        raise FormkitError(f"{what} file is too large ({size} bytes; the limit is {MAX_INPUT_BYTES})",
                           path=str(path), hint="Check that this is the right file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)  # the file may grow after stat()
    except OSError as exc:
        raise FormkitError(f"cannot read {what} file ({exc.strerror})", path=str(path),
                           hint="Check the file's permissions") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise FormkitError(f"{what} file is too large (over {MAX_INPUT_BYTES} bytes)", path=str(path),
                           hint="Check that this is the right file")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FormkitError(f"this is a binary file, not a {what} (YAML or JSON text)", path=str(path),
                           hint="Check that this is the right file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormkitError(f"not UTF-8 text (bad byte at offset {exc.start})", path=str(path),
                           hint="Save the file as UTF-8 (in Notepad: Save as > Encoding: UTF-8)") from None
    return text


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_text(data: Any, path: Path, key: str = "") -> None:
    """Refuse control characters and lone surrogates anywhere in the data.

    They arrive as escapes ("\\x1f", "\\ud800") or pasted from other programs; Word and XML
    cannot hold them and PDFs would print garbage, so they are named here, with their key.
    """
    stack: list[tuple[Any, str]] = [(data, key)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            m = _NOT_XML.search(value)
            if m:
                raise FormkitError(f"the text holds an invisible control character (U+{ord(m.group()):04X}) at "
                                   f"position {m.start() + 1}", path=str(path), key=where or None,
                                   hint="Delete it (it often comes from copying text out of another program)")
        elif isinstance(value, dict):
            for k, v in value.items():
                child = f"{where}.{k}" if where else str(k)
                stack.append((k, where or "(top level)"))
                stack.append((v, child))
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(value))


def load_data(path: Path, what: str) -> Any:
    """Load a YAML or JSON file strictly; JSON is chosen by the .json suffix."""
    data = _load_data(path, what)
    check_text(data, path)
    return data


def _load_data(path: Path, what: str) -> Any:
    text = read_text(path, what)
    if not text.strip():
        hint = "Start from 'formkit overlay init'" if what == "overlay" else "Check that this is the right file"
        raise FormkitError(f"{what} file is empty", path=str(path), hint=hint)
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text, object_pairs_hook=_reject_duplicates)
        except RecursionError:
            raise FormkitError("JSON nested too deeply", path=str(path), hint="Check that this is the right file") \
                from None
        except json.JSONDecodeError as exc:
            raise FormkitError(f"JSON syntax error on line {exc.lineno}, column {exc.colno}: {exc.msg}",
                               path=str(path), hint="Fix the JSON syntax") from None
        except ValueError as exc:
            raise FormkitError(str(exc), path=str(path), hint="Keep one of the two entries") from None
    import yaml

    try:
        return yaml.load(text, Loader=_strict_loader(_shipped(path)))  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise FormkitError("YAML nested too deeply", path=str(path), hint="Check that this is the right file") \
            from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" on line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise FormkitError(f"YAML error{where}: {problem}", path=str(path), hint=_hint(exc)) from None
    except yaml.YAMLError as exc:
        raise FormkitError(f"YAML error: {exc}", path=str(path), hint="Fix the YAML") from None


def _shipped(path: Path) -> bool:
    """True for a file under formkit's own templates folder."""
    from .resources import templates_dir

    try:
        return path.resolve().is_relative_to(templates_dir().resolve())
    except OSError:
        return False


def _hint(exc: yaml.MarkedYAMLError) -> str:
    """The fix for a YAML error: layout advice only for layout (scanner/parser) errors.

    A file that parsed but holds something formkit does not accept (a duplicate key, a
    '!tag', a bad merge key) is indented fine; telling its author to re-indent sends them astray.
    """
    import yaml

    if not isinstance(exc, yaml.constructor.ConstructorError):
        return "Fix the YAML (indent with spaces; quote text containing ':')"
    problem = exc.problem or ""
    return next((hint for start, hint in _CONSTRUCTOR_HINTS if start in problem), "Fix the value at that place")


_CONSTRUCTOR_HINTS = (
    ("duplicate key", "Keep one of the two entries"),
    ("could not determine a constructor", "Remove the '!' tag there: formkit files hold plain text, numbers, "
                                          "lists and mappings"),
    ("is not text", "Quoted keys are read as text"),
    ("expands to more than", "Write the values out, or use fewer aliases '*'"),
    ("refers to the value that contains it", "Point the alias at a value outside this one"),
    ("merge key", "Define the shared mapping with '&name' first, then merge it with '<<: *name'"),
)
