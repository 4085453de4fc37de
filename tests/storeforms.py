"""Filled self-assessment forms for the answer-store tests: a blank CC1 form made by formkit, the
supervisor's copy (the same form with a hidden ``rater`` field saying "supervisor", as the supervisor's
form carries), filled with pdftk or pypdf the way their users fill forms."""

from __future__ import annotations

from pathlib import Path

from fillers import Layout, fill_with_pdftk, fill_with_pypdf, read_layout

from formkit.catalog.model import Catalog
from formkit.documents.selfassess import names

CHOICES = ("1", "2", "3", "4", "NA")


def blank_form(folder: Path, catalog: Catalog, name: str = "cc1.pdf") -> Path:
    """The CC1 mini-tool of ``catalog``, as `formkit selfassess` writes it."""
    from formkit.documents.selfassess import render_category

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(render_category(catalog, catalog.categories[0]))
    return path


def with_hidden_field(src: Path, dst: Path, name: str, value: str) -> Path:
    """``src`` with one more hidden, read-only text field holding ``value``."""
    import pikepdf

    with pikepdf.open(src) as pdf:
        page = pdf.pages[0]
        widget = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String(name),
            V=pikepdf.String(value), Ff=1, F=2, Rect=[0, 0, 0, 0], P=page.obj))
        pdf.Root.AcroForm.Fields.append(widget)
        page.obj.Annots.append(widget)
        pdf.save(dst)
    return dst


def ratings_for(person: int, round_: str, rater: str, competencies: list[str]) -> dict[str, str]:
    """A different, known answer per person, round, rater and competency."""
    shift = {"baseline": 0, "followup": 1}[round_] + {"self": 1, "supervisor": 0}[rater]
    return {cid: CHOICES[(person + i + shift) % len(CHOICES)] for i, cid in enumerate(competencies)}


def form_values(identity: dict[str, str], ratings: dict[str, str], plan_goal: str = "") -> dict[str, str]:
    values = {key: value for key, value in identity.items() if key != names.ROUND}
    values[names.ROUND] = identity[names.ROUND]
    values.update({names.rating_name(cid): choice for cid, choice in ratings.items()})
    if plan_goal:
        values[names.plan_name("CC1", 1, "goal")] = plan_goal
    return values


def fill(tool: str, src: Path, dst: Path, values: dict[str, str], layout: Layout | None = None) -> Path:
    layout = layout or read_layout(src)
    if tool == "pdftk":
        fill_with_pdftk(src, dst, values, layout)
    else:
        fill_with_pypdf(src, dst, values, layout, auto_regenerate=False)
    return dst
