"""Job-description roles: one YAML file each in templates/roles/, changed or added by overlays.

A role is resolved against one effective catalogue: base file < overlay ``roles.defaults`` <
overlay ``roles.<id>``. Every id a role names must exist; an id the base catalogue knows but
an overlay excluded (e.g. Riverbend's CC6.4) is skipped silently, so an organisation's
exclusions never break the shipped roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from collections.abc import Callable
from typing import Any, Mapping

from ..catalog import schema
from ..catalog.model import Catalog, Category, CcsaCompetency, Competency
from ..core._yaml import load_data
from ..core.errors import FormkitError, FormkitErrors
from ..core.inputs import regular_file
from ..core.naming import deep_merge
from ..core.resources import templates_dir
from ..core.suggest import did_you_mean
from .duties import Duty, resolve_duties

DEFAULTS_KEY = "defaults"
TEXT_KEYS = ("title", "summary", "program", "reports_to", "supervises", "schedule", "location", "pay_range",
             "revision_date", "approved_by", "supervision", "work_environment", "physical_demands")
ADDITIVE_KEYS = ("add_categories", "add_duties")  # each layer adds to these instead of replacing them


@dataclass(frozen=True)
class Certification:
    name: str
    within_months: int  # 0: required at hire


@dataclass(frozen=True)
class Qualifications:
    lived_experience: str
    education: str
    certification: Certification | None
    training_hours: int | None
    other: tuple[str, ...]
    preferred: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    """A role resolved against a catalogue: text with terminology applied, ids turned into objects.

    The title, alternate titles and credential are names (see formkit.catalog.protected): an
    overlay renames a role with ``roles.<id>.title``, never through terminology."""

    id: str
    title: str
    alternate_titles: tuple[str, ...]
    summary: str
    program: str
    reports_to: str
    supervises: str
    flsa: str
    schedule: str
    location: str
    pay_range: str
    revision_date: str
    approved_by: str
    groups: tuple[tuple[Category, tuple[Competency, ...]], ...]  # competencies held, catalogue order, by category
    duties: tuple[Duty, ...]  # the essential duties, in the role's order
    competency_appendix: bool  # print the competency statements verbatim in an appendix
    ccsa: tuple[tuple[CcsaCompetency, int], ...]  # catalogue order
    qualifications: Qualifications
    supervision: str
    scope: tuple[str, ...]
    work_environment: str
    physical_demands: str
    template: Path
    source: str  # the file(s) the role came from, for messages

    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for _, comps in self.groups for c in comps)


def roles_dir() -> Path:
    return templates_dir() / "roles"


def default_template() -> Path:
    return templates_dir() / "docx" / "job-description.docx"


@cache
def _base_role_files() -> Mapping[str, tuple[str, dict[str, Any]]]:
    """{role id: (file, data)} for every shipped role file.

    Not validated against the role schema here: the test suite validates the shipped files, as it
    does the shipped catalogue and board profiles (jsonschema's import and five validations were a
    sixth of the inputs' resolution, run before any document of a build starts). A role an
    overlay adds or changes is validated (:func:`_validate_merged`)."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in sorted(roles_dir().glob("*.yaml")):
        data = load_data(path, "role")
        if not isinstance(data, dict):
            raise FormkitError("a role file must be a mapping of keys (title:, summary:, …)", path=str(path))
        out[path.stem] = (str(path), data)
    return out


@cache
def _base_ids() -> frozenset[str]:
    """Ids of the shipped catalogue: named by a role but excluded by an overlay means 'skip'."""
    from ..catalog.load import load_catalog

    base = load_catalog()
    return frozenset({c.id for c in base.categories} | {k.id for k in base.competencies})


def role_ids(catalog: Catalog) -> list[str]:
    """Every role available with this catalogue's overlays, sorted."""
    extra = [k for k in catalog.roles if k != DEFAULTS_KEY]
    return sorted(set(_base_role_files()) | set(extra))


def load_roles(catalog: Catalog) -> dict[str, Role]:
    """Every role, resolved and checked against ``catalog``."""
    return {rid: load_role(catalog, rid) for rid in role_ids(catalog)}


def load_role(catalog: Catalog, role_id: str) -> Role:
    """One role by id; an unknown id is a FormkitError with a did-you-mean."""
    known = role_ids(catalog)
    if role_id not in known:
        raise FormkitError(f"unknown role '{role_id}'", path=str(roles_dir()), key="role",
                           hint=did_you_mean(role_id, known) or f"Known roles: {', '.join(known)}")
    origin = catalog.origins.get("roles", "overlay")
    base_file, base = _base_role_files().get(role_id, (None, {}))
    defaults = dict(catalog.roles.get(DEFAULTS_KEY, {}))
    own = dict(catalog.roles.get(role_id, {}))
    data = deep_merge(deep_merge(base, defaults), own)
    for key in ADDITIVE_KEYS:  # lists that add up layer by layer (deep_merge would replace them)
        data[key] = [*base.get(key, []), *defaults.get(key, []), *own.get(key, [])]

    def where(key: str) -> tuple[str, str]:
        """The file and key a value came from, for error messages."""
        top = key.split("[")[0].split(".")[0]
        if top in own:
            return origin, f"roles.{role_id}.{key}"
        if top in defaults:
            return origin, f"roles.{DEFAULTS_KEY}.{key}"
        return base_file or origin, key if base_file else f"roles.{role_id}.{key}"

    if base_file is None or own or defaults:
        _validate_merged(data, role_id, base_file, origin)
    return _resolve(catalog, role_id, data, where, base_file or origin)


def _validate_merged(data: dict[str, Any], role_id: str, base_file: str | None, origin: str) -> None:
    """An overlay-made role must be complete; name the overlay and its roles.<id> key."""
    missing = [key for key in schema.schema("role")["required"] if key not in data]
    if missing:
        raise FormkitError(f"a new role needs {', '.join(missing)}, which are missing", path=origin,
                           key=f"roles.{role_id}",
                           hint=f"Copy a complete role from {roles_dir() / 'peer-support-specialist.yaml'}")
    try:
        schema.validate("role", data, origin)
    except FormkitErrors as exc:
        raise FormkitErrors([_rekey(e, role_id, base_file) for e in exc.errors]) from None
    except FormkitError as exc:
        raise _rekey(exc, role_id, base_file) from None


def _rekey(error: FormkitError, role_id: str, base_file: str | None) -> FormkitError:
    key = f"roles.{role_id}" + ("" if error.key in (None, "(top level)") else f".{error.key}")
    return FormkitError(error.message, path=error.path, key=key, hint=error.hint)


def _resolve(catalog: Catalog, role_id: str, data: dict[str, Any], where: Any, source: str) -> Role:
    def terms(text: str) -> str:
        return catalog.terminology.apply(text, "descriptions")

    errors: list[FormkitError] = []

    def unknown(key: str, noun: str, item: str, known: list[str]) -> None:
        path, full_key = where(key)
        errors.append(FormkitError(f"unknown {noun} '{item}'", path=path, key=full_key,
                                   hint=did_you_mean(item, known) or f"See 'formkit catalog show' for the {noun} ids"))

    cat_ids = [c.id for c in catalog.categories]
    comp_ids = [k.id for k in catalog.competencies]
    base_ids = _base_ids()
    for field in ("categories", "add_categories"):
        for i, cat_id in enumerate(data.get(field, [])):
            if cat_id not in cat_ids and cat_id not in base_ids:
                unknown(f"{field}[{i}]", "category", cat_id, sorted(set(cat_ids) | base_ids))
    for field in ("competencies", "exclude"):
        for i, comp_id in enumerate(data.get(field, [])):
            if comp_id not in comp_ids and comp_id not in base_ids:
                unknown(f"{field}[{i}]", "competency", comp_id, sorted(set(comp_ids) | base_ids))
    ccsa_ids = [k.id for k in catalog.ccsa]
    for ccsa_id in data["ccsa"]:
        if ccsa_id not in ccsa_ids:
            unknown(f"ccsa.{ccsa_id}", "CCSA competency", ccsa_id, ccsa_ids)
    if errors:
        raise errors[0] if len(errors) == 1 else FormkitErrors(errors)

    wanted_cats = set(data["categories"]) | set(data.get("add_categories", []))
    extra = set(data.get("competencies", []))
    excluded = set(data.get("exclude", []))
    held = []
    for cat in catalog.categories:
        comps = tuple(k for k in cat.competencies
                      if (cat.id in wanted_cats or k.id in extra) and k.id not in excluded)
        if comps:
            held.append((cat, comps))
    if not held:
        path, key = where("categories")
        raise FormkitError("this role has no competencies left", path=path, key=key,
                           hint="Name at least one category that the catalogue (with your overlays) still has")
    levels = data["ccsa"]
    ccsa = tuple((k, int(levels[k.id])) for k in catalog.ccsa if k.id in levels)

    qualifications = _qualifications(data["qualifications"], terms, where)
    text = {key: terms(str(data.get(key, ""))) for key in TEXT_KEYS if key != "title"}
    # the summary names the role through {title}, so retitling a role retitles its summary (a job
    # title is a name: terminology leaves it as written)
    text["summary"] = " ".join(text["summary"].replace("{title}", str(data["title"])).split())
    groups = tuple(held)
    return Role(id=role_id, title=str(data["title"]), alternate_titles=tuple(data.get("alternate_titles", [])),
                flsa=data.get("flsa", ""), groups=groups,
                duties=resolve_duties(catalog, data, groups, where, base_ids),
                competency_appendix=bool(data.get("competency_appendix", True)), ccsa=ccsa,
                qualifications=qualifications, scope=tuple(terms(t) for t in data["scope"]),
                template=_template(data, where), source=source, **text)


def _qualifications(q: dict[str, Any], terms: Callable[[str], str], where: Any) -> Qualifications:
    if "lived_experience" not in q:
        path, key = where("qualifications")
        raise FormkitError("qualifications.lived_experience is required but missing", path=path, key=key,
                           hint="Say what lived experience the role requires")
    cert = q.get("certification")
    return Qualifications(
        lived_experience=terms(q["lived_experience"]),
        education=terms(q.get("education", "")),
        certification=Certification(cert["name"], int(cert.get("within_months", 0)))
        if cert and cert.get("name") else None,
        training_hours=q.get("training_hours"),
        other=tuple(terms(t) for t in q.get("other", [])),
        preferred=tuple(terms(t) for t in q.get("preferred", [])))


def _template(data: dict[str, Any], where: Any) -> Path:
    if "template" not in data:
        return default_template()
    path, key = where("template")
    template: Path = (Path(path).resolve().parent / str(data["template"])).resolve()
    regular_file(template, "template", where=path, key=key, hint="Give a Word .docx file saved on disk",
                 missing_hint="Fix the path (relative to the overlay file), or remove the key to use "
                              "formkit's template")
    return template
