"""The files an import writes: locale YAML laid out as the English, and the overlay pointing to it.

Each locale file mirrors its English file (same name, same nesting), so a translator who opens
DIR/locales/fr/selfassess.yaml finds the keys where templates/locales/en/selfassess.yaml has
them. Untranslated keys are left out (the English shows through), never written as blanks.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..catalog.load import scale_to_data
from ..catalog.model import Catalog
from .roles import roles_overlay
from .sources import english_wording
from .writing import Artifact

NOTICE = ("# Written by 'formkit translate import' from {po}. Change the translation in the PO file and\n"
          "# import it again: a file edited here is not replaced without --force.\n")


def _dump(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)


def locale_artifacts(translations: Mapping[str, str], language: str, po_name: str) -> list[Artifact]:
    """One YAML file per English family file, holding that family's translated keys (``{}`` if none)."""
    families: dict[str, dict[str, Any]] = {}
    for key, (_text, file) in english_wording().items():
        tree = families.setdefault(Path(file).stem, {})
        text = translations.get(f"wording:{key}")
        if text is None:
            continue
        *parents, leaf = key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = text
    out = []
    for family in sorted(families):
        body = _dump(families[family]) if families[family] else "{}\n"
        out.append(Artifact(f"locales/{language}/{family}.yaml",
                            (NOTICE.format(po=po_name) + body).encode("utf-8")))
    return out


def overlay_data(translations: Mapping[str, str], catalog: Catalog, language: str) -> dict[str, Any]:
    """The catalogue overlay: language, its locale folder, and every translated catalogue text."""
    data: dict[str, Any] = {"name": f"Translation into {language}", "language": language,
                            "locale": f"locales/{language}"}
    categories = _by_id(translations, "category", [c.id for c in catalog.categories], ("title", "description"))
    statements = {k.id: translations[f"statement:{k.id}"] for k in catalog.competencies
                  if f"statement:{k.id}" in translations}
    principles = _by_id(translations, "principle", [p.id for p in catalog.principles], ("name", "description"))
    scales = [scale for scale in (_scale(s, translations) for s in catalog.scales) if scale]
    for key, value in (("categories", categories), ("statements", statements), ("principles", principles),
                       ("principles_introduction", translations.get("principles:introduction")),
                       ("scales", scales), ("ccsa", _ccsa(translations)),
                       ("roles", roles_overlay(translations, catalog))):
        if value:
            data[key] = value
    return data


def _by_id(translations: Mapping[str, str], kind: str, ids: list[str],
           fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """{id: {field: translation}} for each id with at least one field translated (``category:CC1.title``)."""
    out: dict[str, dict[str, str]] = {}
    for item in ids:
        change = {f: translations[f"{kind}:{item}.{f}"] for f in fields if f"{kind}:{item}.{f}" in translations}
        if change:
            out[item] = change
    return out


def _ccsa(translations: Mapping[str, str]) -> dict[str, Any]:
    """The overlay's ``ccsa:`` (kinds' definitions and level names, competencies by id), translated parts only."""
    out: dict[str, Any] = {}
    for context, text in translations.items():
        if not context.startswith("ccsa:"):
            continue
        head, _dot, field = context[len("ccsa:"):].partition(".")
        if head in ("behavioural", "technical"):
            kind = out.setdefault(head, {})
            if field.startswith("levels."):
                kind.setdefault("levels", {})[field[len("levels."):]] = text
            else:
                kind[field] = text
        else:
            out.setdefault("competencies", {}).setdefault(head, {})[field] = text
    return out


def _scale(scale: Any, translations: Mapping[str, str]) -> dict[str, Any] | None:
    """The whole scale (an overlay replaces a scale by id), translated where the PO file translates it."""
    prefix = f"scale:{scale.id}."
    if not any(k.startswith(prefix) for k in translations):
        return None
    data = scale_to_data(scale)
    data["title"] = translations.get(f"{prefix}title", data["title"])
    for point in [*data["points"], *([data["not_applicable"]] if data["not_applicable"] else [])]:
        point["label"] = translations.get(f"{prefix}{point['value']}.label", point["label"])
        if "description" in point:
            point["description"] = translations.get(f"{prefix}{point['value']}.description", point["description"])
    return data


def overlay_artifact(translations: Mapping[str, str], catalog: Catalog, language: str, po_name: str) -> Artifact:
    header = NOTICE.format(po=po_name) + (
        f"# Build with it: formkit build -O {language}.yaml (after the overlays it was exported with, if any).\n")
    return Artifact(f"{language}.yaml", (header + _dump(overlay_data(translations, catalog, language))).encode())
