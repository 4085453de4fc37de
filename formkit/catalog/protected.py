"""The names terminology never rewrites, and the checked terminology of an overlay stack.

A name belongs to whoever issued it: a catalogue cited in a footer, a board and its credential,
a job title an agency posts, a publisher. An organisation that calls the people it serves
"participants" still holds a "Certified Peer Specialist" credential from "MHA", and its documents
must cite "Core Competencies for Peer Workers" by that title. So every such name is collected
here, from the data itself (the catalogue, the overlays, every board profile and role formkit
ships or an overlay sets), and :class:`~formkit.catalog.terminology.Terminology` masks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ..core.errors import FormkitError, raise_all
from .model import Catalog
from .overlay import Overlay
from .terminology import SCOPES, Term, Terminology, capitalised

MAX_TERMS = 200  # also in overlay.schema.json: a longer list is a mistake, and costs time per text


def terminology_of(catalog: Catalog, overlays: Iterable[Overlay]) -> Terminology:
    """The stack's terminology (a later overlay's key wins), each key checked; every problem
    is raised at once, naming the overlay file and ``terminology.<key>``."""
    overlays = list(overlays)
    defined: dict[str, tuple[Term, Overlay]] = {}
    for overlay in overlays:
        for key, spec in overlay.data.get("terminology", {}).items():
            if isinstance(spec, str):
                defined[key] = (Term(key, spec), overlay)
            else:
                scopes = tuple(s for s in SCOPES if s in spec.get("apply_to", SCOPES))
                defined[key] = (Term(key, spec["to"], scopes), overlay)
    if not defined:
        return Terminology()
    names = protected_names(catalog, overlays)
    errors = [problem for term, overlay in defined.values() if (problem := _problem(term, overlay, names))]
    raise_all(errors)
    return Terminology(terms=tuple(term for term, _ in defined.values()), protected=tuple(sorted(names)))


def _problem(term: Term, overlay: Overlay, names: Mapping[str, str]) -> FormkitError | None:
    """Why ``term`` cannot be used, or None."""
    key = f"terminology.{term.key}"
    if not re.match(r"\w", term.key) or not re.search(r"\w$", term.key):
        return FormkitError(f"'{term.key}' is not a word: a key must begin and end with a letter or digit",
                            path=overlay.path, key=key, hint="Write the word or words as printed, e.g. peers")
    if not term.value.strip():
        return FormkitError(f"the replacement for '{term.key}' is empty", path=overlay.path, key=key,
                            hint="Write the word to print instead, or remove the key")
    for form in dict.fromkeys((_spaced(term.key), _spaced(capitalised(term.key)))):
        if form in names:
            return FormkitError(f"'{form}' is a name (from {names[form]}), and terminology never rewrites names",
                                path=overlay.path, key=key,
                                hint="Remove the key; to rename a role or board, set its title or name instead")
    return None


def protected_names(catalog: Catalog, overlays: Iterable[Overlay] = ()) -> dict[str, str]:
    """{name: what it names} for every name in ``catalog``, the ``overlays`` and every board
    profile and role (shipped, or set by the catalogue's overlays)."""
    found: dict[str, str] = {}

    def add(kind: str, *values: Any) -> None:
        for value in values:
            if isinstance(value, str):
                for part in _parts(value):
                    found.setdefault(part, kind)

    add("the catalogue", catalog.id, catalog.title)
    for fw in catalog.frameworks:
        add(f"source {fw.id}", fw.id, fw.title, fw.publisher, fw.source)
    org = catalog.organisation
    add("your overlay's organisation", org.name, org.address, org.contact)
    for overlay in overlays:
        add("the overlay names", overlay.name)
    for board_id, board in (*_shipped("boards"), ("your overlay's board", catalog.board)):
        add(f"board profile {board_id}", *_board_names(board))
    for role_id, role in (*_shipped("roles"), *catalog.roles.items()):
        add(f"role {role_id}", *_role_names(role))
    return found


def _board_names(board: Mapping[str, Any]) -> list[Any]:
    form = board.get("form")
    return [board.get("id"), board.get("name"), board.get("credential"), *_list(board.get("sources")),
            form.get("number") if isinstance(form, dict) else None]


def _role_names(role: Any) -> list[Any]:
    if not isinstance(role, Mapping):
        return []
    qualifications = role.get("qualifications")
    cert = qualifications.get("certification") if isinstance(qualifications, dict) else None
    return [role.get("title"), *_list(role.get("alternate_titles")),
            cert.get("name") if isinstance(cert, dict) else None]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _parts(name: str) -> list[str]:
    """The name, what it holds in parentheses ("SAMHSA") and each part between commas or
    semicolons ("BRSS TACS"): a publisher line names several organisations, each cited alone."""
    whole = _spaced(name)
    if re.fullmatch(r"[a-z]+", whole):  # an id that is also an everyday word ("custom"): not a name
        return []
    pieces = [whole, *re.findall(r"\(([^()]+)\)", whole), *re.split(r"[,;]\s+", whole)]
    return [p.strip() for p in pieces if re.search(r"\w", p)]


def _spaced(text: str) -> str:
    return " ".join(text.split())


@cache
def _shipped(kind: str) -> tuple[tuple[str, Mapping[str, Any]], ...]:
    """(id, data) of every board profile or role file in templates/ (read once per process)."""
    from ..core._yaml import load_data
    from ..core.resources import templates_dir

    files = sorted((templates_dir() / kind).glob("*.yaml"))
    loaded = ((path.stem, load_data(path, "board profile" if kind == "boards" else "role")) for path in files)
    return tuple((stem, data) for stem, data in loaded if isinstance(data, dict))
