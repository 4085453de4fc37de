"""Certification board profiles: the data a checklist is rendered from.

A profile is a YAML file in templates/boards/ (validated against board.schema.json). An
overlay chooses one with ``board: {profile: icrc-pr}`` and may change any key of it; the
overlay's other ``board`` keys are deep-merged over the profile. The pass rule is a tiny,
closed rule language (see :func:`check_rule`) so a board can say "every competency at least
Making progress" without running code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.model import Catalog, Scale
from ..core._yaml import load_data
from ..core.errors import FormkitError
from ..core.naming import deep_merge
from ..core.resources import templates_dir
from ..core.suggest import did_you_mean
from .ce import CeRules, read_ce

DEFAULT_PROFILE = "custom"
RULE_KEYS = ("all_at_least", "min_count", "none_of", "all", "any")
VERIFICATION = ("observation", "attestation", "training", "exam")


@dataclass(frozen=True)
class Domain:
    id: str
    name: str
    training_hours: float | None = None
    competencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Board:
    """One board profile after overlays: everything the checklist prints and checks."""

    id: str
    name: str
    credential: str
    form_number: str
    form_version: str
    domains: tuple[Domain, ...]
    scale: Scale
    pass_rule: Mapping[str, Any]
    example: bool = False
    as_of: str = ""
    sources: tuple[str, ...] = ()
    training_hours: float | None = None
    experience_hours: float | None = None
    supervision_hours: float | None = None
    word_limit: int | None = None
    verification: tuple[str, ...] = VERIFICATION
    typed_signatures: bool = False  # a typed "/s/ Name" counts as a signature (formkit collect's verdict)
    log_rows: Mapping[str, int] = field(default_factory=lambda: {"training": 8, "experience": 6, "supervision": 8})
    path: str = ""
    ce: CeRules | None = None  # continuing education to renew the credential (context/ce.py)

    def domain_of(self, competency_id: str) -> Domain | None:
        """The domain a competency is mapped to (first match), or None."""
        for dom in self.domains:
            if competency_id in dom.competencies:
                return dom
        return None


def boards_dir() -> Path:
    return templates_dir() / "boards"


def available_boards() -> list[str]:
    return sorted(p.stem for p in boards_dir().glob("*.yaml"))


def load_profile(name: str, origin: str | None = None) -> tuple[dict[str, Any], str]:
    """The raw profile mapping for ``name`` (an id in templates/boards/ or a path to a YAML file).

    ``origin`` is the overlay that named the profile, so an unknown name is reported there.
    """
    candidate = Path(name)
    if candidate.suffix.lower() in (".yaml", ".yml", ".json") and candidate.is_file():
        path = candidate
    else:
        path = boards_dir() / f"{name}.yaml"
        if not path.is_file():
            known = available_boards()
            hint = did_you_mean(name, known) or ""
            raise FormkitError(f"unknown board '{name}'", path=origin, key="board.profile" if origin else "--board",
                               hint=f"{hint + ' ' if hint else ''}Known boards: {', '.join(known)}")
    data = load_data(path, "board profile")
    if not isinstance(data, dict):
        raise FormkitError("a board profile must be a mapping of keys (id:, name:, domains:, …)", path=str(path),
                           hint="Start from a copy of templates/boards/custom.yaml")
    return data, str(path)


def resolve_board(catalog: Catalog, name: str | None = None) -> Board:
    """The effective board: ``name`` (CLI) or the overlay's ``board.profile`` or 'custom', plus overlay changes."""
    from ..catalog.schema import validate

    changes = dict(catalog.board)
    profile = name or changes.pop("profile", None) or DEFAULT_PROFILE
    changes.pop("profile", None)
    from_overlay = name is None and "profile" in catalog.board
    data, path = load_profile(str(profile), catalog.origins.get("board") if from_overlay else None)
    if changes:
        data = deep_merge(data, changes, whole={"pass_rule"})
        path = catalog.origins.get("board", path)
    validate("board", data, path)
    return _build(catalog, _in_language(data, catalog.language, path), path)


def _in_language(data: Mapping[str, Any], language: str, path: str) -> Mapping[str, Any]:
    """The profile with its ``translations`` for ``language`` (es-US, else es) laid over its
    name, credential and domain names; a text it does not translate stays as the board wrote it."""
    texts = data.get("translations", {})
    chosen = texts.get(language) or texts.get(language.split("-")[0])
    if not chosen:
        return data
    names = chosen.get("domains", {})
    ids = [dom["id"] for dom in data["domains"]]
    for domain_id in names:
        if domain_id not in ids:
            key = language if language in texts else language.split("-")[0]
            raise FormkitError(f"no domain '{domain_id}' to translate", path=path,
                               key=f"board.translations.{key}.domains.{domain_id}",
                               hint=did_you_mean(domain_id, ids) or f"Domain ids: {', '.join(ids)}")
    domains = [{**dom, "name": names.get(dom["id"], dom["name"])} for dom in data["domains"]]
    return {**data, **{k: chosen[k] for k in ("name", "credential") if k in chosen}, "domains": domains}


def _build(catalog: Catalog, data: Mapping[str, Any], path: str) -> Board:
    try:
        scale = catalog.scale(data["scale"])
    except KeyError:
        known = [s.id for s in catalog.scales]
        raise FormkitError(f"unknown rating scale '{data['scale']}'", path=path, key="board.scale",
                           hint=did_you_mean(data["scale"], known) or f"Known scales: {', '.join(known)}") from None
    known_ids = {c.id for c in catalog.competencies}
    domains = []
    seen: set[str] = set()
    for i, dom in enumerate(data["domains"]):
        if dom["id"] in seen:
            raise FormkitError(f"domain id '{dom['id']}' is used twice", path=path, key=f"board.domains.{i}.id",
                               hint="Give every domain its own id")
        seen.add(dom["id"])
        for cid in dom.get("competencies", []):
            if cid not in known_ids:
                raise FormkitError(f"unknown competency '{cid}'", path=path, key=f"board.domains.{i}.competencies",
                                   hint=did_you_mean(cid, known_ids) or "Use ids from `formkit catalog show`")
        domains.append(Domain(dom["id"], dom["name"], dom.get("training_hours"), tuple(dom.get("competencies", []))))
    check_rule(data["pass_rule"], scale, path)
    rows = {"training": 8, "experience": 6, "supervision": 8, **data.get("log_rows", {})}
    return Board(
        id=data["id"], name=data["name"], credential=data["credential"],
        form_number=data["form"]["number"], form_version=data["form"]["version"],
        domains=tuple(domains), scale=scale, pass_rule=data["pass_rule"],
        example=bool(data.get("example", False)), as_of=str(data.get("as_of", "")),
        sources=tuple(data.get("sources", [])), training_hours=data.get("training_hours"),
        experience_hours=data.get("experience_hours"), supervision_hours=data.get("supervision_hours"),
        word_limit=(data.get("narrative") or {}).get("word_limit"),
        verification=tuple(data.get("verification", VERIFICATION)), log_rows=rows, path=path,
        typed_signatures=bool(data.get("typed_signatures")), ce=read_ce(data, path))


# -- the pass-rule language ------------------------------------------------
def rank(scale: Scale) -> dict[str, int]:
    """Scale values ranked best first (0 = best); 'not applicable' ranks below every point."""
    ranks = {p.value: i for i, p in enumerate(scale.points)}
    if scale.not_applicable:
        ranks[scale.not_applicable.value] = len(scale.points)
    return ranks


def check_rule(rule: Any, scale: Scale, path: str, key: str = "board.pass_rule") -> None:
    """Raise a one-line FormkitError unless ``rule`` is a valid pass rule for ``scale``.

    Rules: ``{all_at_least: V}``, ``{min_count: {value: V, count: N}}``, ``{none_of: [V, ...]}``,
    ``{all: [rule, ...]}``, ``{any: [rule, ...]}`` where V is a value of the scale.
    """
    values = [p.value for p in scale.choices]

    def value_ok(v: Any, where: str) -> None:
        if not isinstance(v, str) or v not in values:
            raise FormkitError(f"'{v}' is not a rating of scale '{scale.id}'", path=path, key=where,
                               hint=(did_you_mean(str(v), values) or "") + f" Ratings: {', '.join(values)}")

    if not isinstance(rule, Mapping) or len(rule) != 1:
        raise FormkitError("a pass rule is a mapping with exactly one of " + ", ".join(RULE_KEYS), path=path,
                           key=key, hint="For example: pass_rule: {all_at_least: PROGRESS}")
    (op, arg), = rule.items()
    where = f"{key}.{op}"
    if op == "all_at_least":
        value_ok(arg, where)
    elif op == "min_count":
        if not isinstance(arg, Mapping) or set(arg) != {"value", "count"}:
            raise FormkitError("min_count needs 'value' and 'count'", path=path, key=where,
                               hint="For example: {min_count: {value: MEETS, count: 40}}")
        value_ok(arg["value"], f"{where}.value")
        if not isinstance(arg["count"], int) or isinstance(arg["count"], bool) or arg["count"] < 1:
            raise FormkitError(f"count must be a whole number of at least 1, not {arg['count']!r}", path=path,
                               key=f"{where}.count", hint="For example: count: 40")
    elif op == "none_of":
        if not isinstance(arg, list) or not arg:
            raise FormkitError("none_of needs a list of ratings", path=path, key=where,
                               hint="For example: {none_of: [NOTMET]}")
        for i, v in enumerate(arg):
            value_ok(v, f"{where}.{i}")
    elif op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            raise FormkitError(f"{op} needs a list of rules", path=path, key=where,
                               hint="For example: {all: [{all_at_least: PROGRESS}, {min_count: {value: MEETS, count: 10}}]}")
        for i, sub in enumerate(arg):
            check_rule(sub, scale, path, f"{where}.{i}")
    else:
        hint = did_you_mean(str(op), RULE_KEYS) or ""
        raise FormkitError(f"unknown pass rule '{op}'", path=path, key=key,
                           hint=f"{hint + ' ' if hint else ''}Use one of: {', '.join(RULE_KEYS)}")


def evaluate(rule: Mapping[str, Any], scale: Scale, ratings: Mapping[str, str | None]) -> bool:
    """True when ``ratings`` ({competency id: value or None}) meet the (validated) rule."""
    ranks = rank(scale)
    worst = len(ranks) + 1
    got = [ranks.get(v or "", worst) for v in ratings.values()]
    (op, arg), = rule.items()
    if op == "all_at_least":
        return all(r <= ranks[arg] for r in got)
    if op == "min_count":
        return sum(r <= ranks[arg["value"]] for r in got) >= int(arg["count"])
    if op == "none_of":
        bad = set(arg)
        return not any((v in bad) for v in ratings.values())
    if op == "all":
        return all(evaluate(sub, scale, ratings) for sub in arg)
    return any(evaluate(sub, scale, ratings) for sub in arg)


def describe(rule: Mapping[str, Any], scale: Scale, words: Callable[..., str]) -> str:
    """The rule as a sentence, from the locale's wording (checklist.rule_* keys)."""
    label = {p.value: p.label for p in scale.choices}
    (op, arg), = rule.items()
    if op == "all_at_least":
        return words("checklist.rule_all_at_least", label=label[arg])
    if op == "min_count":
        key = "checklist.rule_min_count_one" if arg["count"] == 1 else "checklist.rule_min_count"  # number agrees
        return words(key, label=label[arg["value"]], count=arg["count"])
    if op == "none_of":
        return words("checklist.rule_none_of", labels=", ".join(f"“{label[v]}”" for v in arg))
    parts = [describe(sub, scale, words) for sub in arg]
    joiner = words("checklist.rule_and") if op == "all" else words("checklist.rule_or")
    return f" {joiner} ".join(p.rstrip(".") for p in parts) + "."

