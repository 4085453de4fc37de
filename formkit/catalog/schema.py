"""JSON Schema validation with errors a person can act on.

jsonschema does the checking (a well-kept implementation of the standard the editors'
autocompletion also reads); this module only turns its findings into one line each.
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

from ..core.errors import FormkitError
from ..core.resources import schema_path
from ..core.suggest import did_you_mean


@cache
def _validator(name: str) -> Any:
    import jsonschema  # imported here: only validation needs it

    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema(name: str) -> dict[str, Any]:
    """The named JSON Schema as a dict (for editors and `formkit overlay schema`)."""
    return dict(_validator(name).schema)


def _key_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(error: Any) -> tuple[str, str, str | None]:
    """Return (key path, problem, hint) for one jsonschema error."""
    key = _key_path(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted((str(k) for k in set(error.instance) - set(allowed)), key=str)
        name = extra[0] if extra else "?"
        hint = did_you_mean(name, allowed) or f"Known keys here: {', '.join(allowed)}"
        where = f"{key}.{name}" if key != "(top level)" else name
        return where, f"unknown key '{name}'", hint
    if kind == "required":
        return key, error.message.replace("is a required property", "is required but missing"), "Add it"
    if kind == "type":
        wanted = error.validator_value
        names = [_SCHEMA_TYPES.get(str(w), str(w)) for w in (wanted if isinstance(wanted, list) else [wanted])]
        return key, f"should be {' or '.join(names)}, not {_json_type(error.instance)}", _TYPE_HINTS.get(names[0])
    if kind == "enum":
        choices = ", ".join(repr(v) if v == "" else str(v) for v in error.validator_value)
        return key, f"{_short(error.instance)} is not one of: {choices}", \
            did_you_mean(str(error.instance), map(str, error.validator_value)) or "Use one of those values"
    if kind == "pattern":
        return key, f"{_short(error.instance)} has the wrong form", _PATTERN_HINTS.get(error.validator_value, f"It must match {error.validator_value}")
    if kind in ("minLength", "minItems", "minProperties"):
        return key, "must not be empty", "Fill it in, or remove the key"
    if kind in ("maxLength", "maxItems", "maxProperties"):
        limit = error.validator_value
        unit = "characters" if kind == "maxLength" else "entries"
        return key, f"is too long (the limit is {limit} {unit})", "Shorten it"
    if kind in ("minimum", "exclusiveMinimum"):
        return key, f"{_short(error.instance)} is too small", f"Use a number of at least {error.validator_value}"
    if kind in ("maximum", "exclusiveMaximum"):
        return key, f"{_short(error.instance)} is too large", f"Use a number of at most {error.validator_value}"
    return key, " ".join(error.message.split())[:300], "See 'formkit overlay schema' for what is allowed here"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_HINTS = {
    "text": "Write it as text (put it in quotes if it looks like a number or a date)",
    "a whole number": "Write a whole number without quotes, e.g. 3",
    "a number": "Write a number without quotes",
    "a list": "Write a list: one '- item' per line, or [a, b]",
    "a mapping (key: value)": "Write 'key: value' lines indented under it",
    "true or false": "Write true or false",
}


_PATTERN_HINTS = {
    "^#[0-9A-Fa-f]{6}$": "Write a colour as #RRGGBB, e.g. #1F4E79",
    "^[A-Za-z0-9_-]{1,16}$": "Use 1-16 ASCII letters, digits, '-' or '_'",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "Write the date as YYYY-MM-DD in quotes, e.g. \"2026-12-01\"",
    "^https?://": "Write the whole address, starting with https://",
}


_SCHEMA_TYPES = {"array": "a list", "object": "a mapping (key: value)", "string": "text", "integer": "a whole number",
                 "number": "a number", "boolean": "true or false", "null": "empty"}


def _json_type(value: Any) -> str:
    if value is None:
        return "empty"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def _non_finite(data: Any) -> list[tuple[str, str]]:
    """(key path, YAML spelling) of every .nan / .inf in ``data``.

    YAML reads ``.nan`` and ``.inf`` as floats, and JSON Schema's bounds let them through (NaN
    compares false with everything), so a board would print "nan hours": refused here, for every schema.
    """
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        value, where = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            found.append((_key_path(where), "nan" if math.isnan(value) else ("-inf" if value < 0 else "inf")))
        elif isinstance(value, dict):
            stack.extend((v, [*where, k]) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, [*where, i]) for i, v in enumerate(value))
    return sorted(found)


_YAML_SPELLING = {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}  # as the user typed them
_JSON_SPELLING = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}  # Python's json module reads these


def validate(name: str, data: Any, path: str) -> None:
    """Validate ``data`` against the named schema; raise every problem at once."""
    from ..core.errors import raise_all

    errors = sorted(_validator(name).iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    spelling = _JSON_SPELLING if path.lower().endswith(".json") else _YAML_SPELLING
    found = [FormkitError(f"{spelling[shown]} is not a number", path=path, key=key,
                          hint="Write an ordinary number in its place")
             for key, shown in _non_finite(data)]
    for error in errors:
        if isinstance(error.instance, float) and not math.isfinite(error.instance):
            continue  # already named above, in words a YAML writer recognises
        key, problem, hint = _describe(error)
        found.append(FormkitError(problem, path=path, key=key, hint=hint))
    raise_all(found)
