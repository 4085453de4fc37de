"""What an effective catalogue changes against its base, as readable lines."""

from __future__ import annotations

from .model import Catalog
from .terminology import SCOPES


def catalog_diff(base: Catalog, effective: Catalog) -> list[str]:
    """Lines like '~ CC1.1: "old" -> "new"', '- CC2.3 …', '+ FP1.1 …'; empty when identical."""
    out: list[str] = []
    base_cats = {c.id: c for c in base.categories}
    eff_cats = {c.id: c for c in effective.categories}
    for cat_id, cat in base_cats.items():
        if cat_id not in eff_cats:
            out.append(f"- {cat_id} (category removed): {cat.title}")
            continue
        new = eff_cats[cat_id]
        if new.title != cat.title:
            out.append(f'~ {cat_id} title: "{cat.title}" -> "{new.title}"')
        if new.description != cat.description:
            out.append(f"~ {cat_id} description changed")
    for cat_id, cat in eff_cats.items():
        if cat_id not in base_cats:
            out.append(f"+ {cat_id} (category added): {cat.title}")
    base_comps = {k.id: k for k in base.competencies}
    eff_comps = {k.id: k for k in effective.competencies}
    for comp_id, comp in base_comps.items():
        if comp_id not in eff_comps:
            if comp.category_id in eff_cats:
                out.append(f"- {comp_id}: {comp.statement}")
        elif eff_comps[comp_id].statement != comp.statement:
            out.append(f'~ {comp_id}: "{comp.statement}" -> "{eff_comps[comp_id].statement}"')
    for comp_id, comp in eff_comps.items():
        if comp_id not in base_comps:
            out.append(f"+ {comp_id}: {comp.statement}")
    for was, now in zip(base.principles, effective.principles):
        if (was.name, was.description) != (now.name, now.description):
            out.append(f'~ {was.id} principle: "{was.name}" -> "{now.name}"' if was.name != now.name
                       else f"~ {was.id} principle description changed")
    if effective.rating_scale != base.rating_scale:
        out.append(f"~ rating scale: {base.rating_scale} -> {effective.rating_scale}")
    if effective.organisation != base.organisation:
        out.append(f"~ organisation: {effective.organisation.name or '(unnamed)'}")
    if effective.terminology:
        out.append("~ terminology: " + ", ".join(
            f'"{t.key}" -> "{t.value}"' + ("" if t.scopes == SCOPES else f" ({', '.join(t.scopes)})")
            for t in effective.terminology.terms))
    if effective.language != base.language:
        out.append(f"~ language: {base.language} -> {effective.language}")
    for key in sorted(effective.wording):
        out.append(f"~ wording {key}")
    for key in ("roles", "board"):
        if getattr(effective, key):
            out.append(f"~ {key}: {', '.join(sorted(getattr(effective, key)))}")
    return out
