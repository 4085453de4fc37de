"""Job-description roles as translatable texts, and a translation of them as an overlay's ``roles:``.

A role is content the job descriptions print (title, summary, qualifications, scope, duties), so
a translator gets it in the same PO file as the catalogue. The English is the shipped role file
under an English overlay's ``roles.defaults`` and ``roles.<id>`` (as the job descriptions resolve
it); ids, categories, shares and hours are not text and stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..catalog.model import Catalog
from ..core._yaml import load_data
from ..core.naming import deep_merge
from ..core.resources import templates_dir
from .sources import Entry, overlay_carries, placeholders_of

DEFAULTS = "defaults"
FIELDS = ("title", "summary", "reports_to", "supervises", "supervision", "work_environment", "physical_demands",
          "program", "schedule", "location", "pay_range", "approved_by")
LISTS = ("alternate_titles", "scope")
QUALIFICATIONS = ("lived_experience", "education")
QUALIFICATION_LISTS = ("other", "preferred")


def english_roles(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """Every role by id: the shipped file (if any) < the overlays' ``roles.defaults`` < ``roles.<id>``."""
    base = {path.stem: load_data(path, "role") for path in sorted((templates_dir() / "roles").glob("*.yaml"))}
    ids = sorted(set(base) | {key for key in catalog.roles if key != DEFAULTS})
    defaults = catalog.roles.get(DEFAULTS, {})
    return {rid: deep_merge(deep_merge(base.get(rid, {}), defaults), catalog.roles.get(rid, {})) for rid in ids}


def role_texts(role: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(path, English) of each text a role prints: ``summary``, ``scope.0``, ``duties.advocacy.text``…"""
    for field in FIELDS:
        if isinstance(role.get(field), str) and role[field].strip():
            yield field, role[field]
    for field in LISTS:
        yield from ((f"{field}.{i}", text) for i, text in enumerate(role.get(field, [])))
    quals = role.get("qualifications", {})
    for field in QUALIFICATIONS:
        if quals.get(field):
            yield f"qualifications.{field}", quals[field]
    if quals.get("certification", {}).get("name"):
        yield "qualifications.certification.name", quals["certification"]["name"]
    for field in QUALIFICATION_LISTS:
        yield from ((f"qualifications.{field}.{i}", text) for i, text in enumerate(quals.get(field, [])))
    if overlay_carries_duties():
        for duty in role.get("duties", []):
            yield from ((f"duties.{duty['id']}.{field}", duty[field]) for field in ("title", "text"))


def overlay_carries_duties() -> bool:
    """Whether an overlay can reword a role's duties by id (``roles.<id>.duty_wording``)."""
    from ..catalog.schema import schema

    return overlay_carries("roles") and "duty_wording" in schema("overlay")["$defs"]["role"]["properties"]


def role_entries(catalog: Catalog) -> list[Entry]:
    out = []
    for rid, role in english_roles(catalog).items():
        title = role.get("title", rid)
        for path, text in role_texts(role):
            where = f"The job description of {title} ({rid}): {_label(path)}"
            if path == "summary":
                where += "; {title} stands for the job title"
            out.append(Entry(f"role:{rid}.{path}", text, where, placeholders_of(text) if path == "summary" else ()))
    return out


def _label(path: str) -> str:
    """What a role text is, in words: ``duties.advocacy.text`` -> "the text of the duty 'advocacy'"."""
    parts = path.split(".")
    if parts[0] == "duties":
        return f"the {parts[2]} of the duty '{parts[1]}'"
    words = " › ".join(part.replace("_", " ") for part in parts if not part.isdigit())
    return f"item {int(parts[-1]) + 1} of the {words}" if parts[-1].isdigit() else f"the {words}"


def roles_overlay(translations: Mapping[str, str], catalog: Catalog) -> dict[str, Any]:
    """The overlay's ``roles:``: each role's translated texts; a list is written whole, English where
    an item is untranslated (an overlay's list replaces the role's)."""
    out: dict[str, Any] = {}
    for rid, role in english_roles(catalog).items():
        prefix = f"role:{rid}."
        mine = {context[len(prefix):]: text for context, text in translations.items() if context.startswith(prefix)}
        if mine:
            out[rid] = _role_change(role, mine)
    return out


def _role_change(role: Mapping[str, Any], mine: Mapping[str, str]) -> dict[str, Any]:
    change: dict[str, Any] = {field: mine[field] for field in FIELDS if field in mine}
    change.update(_lists(role, mine, LISTS, ""))
    quals: dict[str, Any] = {field: mine[f"qualifications.{field}"] for field in QUALIFICATIONS
                             if f"qualifications.{field}" in mine}
    if "qualifications.certification.name" in mine:
        quals["certification"] = {"name": mine["qualifications.certification.name"]}
    quals.update(_lists(role.get("qualifications", {}), mine, QUALIFICATION_LISTS, "qualifications."))
    if quals:
        change["qualifications"] = quals
    duties: dict[str, dict[str, str]] = {}
    for path, text in mine.items():
        if path.startswith("duties."):
            duty, _dot, field = path[len("duties."):].rpartition(".")
            duties.setdefault(duty, {})[field] = text
    if duties:
        change["duty_wording"] = duties
    return change


def _lists(data: Mapping[str, Any], mine: Mapping[str, str], fields: tuple[str, ...], prefix: str) -> dict[str, Any]:
    out = {}
    for field in fields:
        items = data.get(field, [])
        if any(f"{prefix}{field}.{i}" in mine for i in range(len(items))):
            out[field] = [mine.get(f"{prefix}{field}.{i}", text) for i, text in enumerate(items)]
    return out
