"""What a translator translates: every catalogue text and wording key, with where it is printed.

One table serves both directions: export writes it out as PO entries, import checks a completed
file against it (known contexts, unchanged English, the same {placeholders}). The contexts are
the keys a translation is stored under, so they never depend on the order of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter

from ..catalog.locale import FALLBACK, read_locale_folder
from ..catalog.model import Catalog, Scale
from ..core.resources import templates_dir

# Where each family's wording is printed (the en file's stem -> the documents), for the translator.
FAMILIES = {
    "common": "every document family (footers, sources, catalogue exports)",
    "selfassess": "the self-assessment forms and booklet (PDF)",
    "supervisor": "the supervisor's version of the self-assessment (PDF)",
    "checklist": "the certification checklists (PDF and Word)",
    "jobdesc": "the job descriptions (Word)",
    "reports": "the growth and cohort reports (PDF)",
    "collect": "the summaries and letters of 'formkit collect --report' (PDF)",
    "eligibility": "the eligibility verdicts of filled checklists: eligibility.csv, decision letters, cohort summary",
}


@dataclass(frozen=True)
class Entry:
    """One translatable text: its key (the PO msgctxt), its English and where it is printed."""

    context: str  # 'statement:CC1.1', 'wording:selfassess.title'
    source: str
    where: str
    placeholders: tuple[str, ...] = ()  # the {names} formkit fills in: a translation keeps exactly these

    @property
    def kind(self) -> str:
        return self.context.split(":", 1)[0]

    @property
    def key(self) -> str:
        return self.context.split(":", 1)[1]


def translatable(catalog: Catalog) -> list[Entry]:
    """Every text of ``catalog`` (an English effective catalogue) a translation can carry, in print order."""
    from .roles import role_entries

    return catalogue_entries(catalog) + role_entries(catalog) + wording_entries(catalog)


def catalogue_entries(catalog: Catalog) -> list[Entry]:
    """Category titles and descriptions, statements, principles and scales, as overlays carry them."""
    out: list[Entry] = []
    for cat in catalog.categories:
        out.append(Entry(f"category:{cat.id}.title", cat.title,
                         f"Title of category {cat.id}: heads its self-assessment form, its booklet section, its "
                         "checklist section and the job descriptions' duties"))
        if cat.description:
            out.append(Entry(f"category:{cat.id}.description", cat.description,
                             f"Description of category {cat.id} ({cat.title}): printed under its title on the "
                             "self-assessment form"))
        out += [Entry(f"statement:{comp.id}", comp.statement,
                      f"Competency {comp.id} of {cat.id} ({cat.title}): printed word for word on the "
                      "self-assessment row, the checklist, job descriptions and reports")
                for comp in cat.competencies]
    if overlay_carries("principles_introduction"):
        out.append(Entry("principles:introduction", catalog.principles_intro,
                         "The sentence that introduces the foundational principles: job descriptions and exports"))
    for p in catalog.principles:
        out.append(Entry(f"principle:{p.id}.name", p.name,
                         f"Name of foundational principle {p.id}: job descriptions and catalogue exports"))
        out.append(Entry(f"principle:{p.id}.description", p.description,
                         f"Description of foundational principle {p.id} ({p.name}): job descriptions and exports"))
    for scale in catalog.scales:
        out += scale_entries(scale, catalog.rating_scale == scale.id)
    if overlay_carries("ccsa"):
        out += ccsa_entries(catalog)
    return out


def overlay_carries(key: str) -> bool:
    """Whether overlays can set ``key`` (the overlay schema names it): only such texts are exported,
    since import can write nothing else."""
    from ..catalog.schema import schema

    return key in schema("overlay")["properties"]


def ccsa_entries(catalog: Catalog) -> list[Entry]:
    """The CCSA texts job descriptions and exports cite: each kind's definitions and level names, each
    competency's name and definition."""
    out: list[Entry] = []
    where = "the job descriptions' CCSA table and the catalogue exports"
    for kind, definition in (("behavioural", catalog.ccsa_behavioural_definition),
                             ("technical", catalog.ccsa_technical_definition)):
        out.append(Entry(f"ccsa:{kind}.definition", definition, f"What a CCSA {kind} competency is: {where}"))
        if catalog.proficiency_definitions.get(kind):
            out.append(Entry(f"ccsa:{kind}.proficiency_definition", catalog.proficiency_definitions[kind],
                             f"The source's definition of the CCSA {kind} proficiency levels: {where}"))
        out += [Entry(f"ccsa:{kind}.levels.{level.level}", level.name,
                      f"Name of CCSA {kind} proficiency level {level.level}: {where}")
                for level in catalog.proficiency_levels.get(kind, ())]
    for comp in catalog.ccsa:
        out.append(Entry(f"ccsa:{comp.id}.name", comp.name, f"Name of CCSA {comp.kind} competency {comp.id}: {where}"))
        out.append(Entry(f"ccsa:{comp.id}.definition", comp.definition,
                         f"Definition of CCSA competency {comp.id} ({comp.name}): {where}"))
    return out


def scale_entries(scale: Scale, in_use: bool) -> list[Entry]:
    """A scale's title and each choice's label and description (export values are never translated)."""
    use = "the self-assessment's rating scale" if in_use else "a rating scale an overlay can choose"
    out = [Entry(f"scale:{scale.id}.title", scale.title,
                 f"Title of {use} ({scale.id}): heads the legend on every self-assessment form")]
    for point in scale.choices:
        out.append(Entry(f"scale:{scale.id}.{point.value}.label", point.label,
                         f"Choice '{point.value}' of {use} ({scale.id}): printed beside its circle on every row "
                         "and in the legend; keep it short"))
        if point.description:
            out.append(Entry(f"scale:{scale.id}.{point.value}.description", point.description,
                             f"What choice '{point.value}' ({point.label}) of scale {scale.id} means: the legend"))
    return out


def wording_entries(catalog: Catalog) -> list[Entry]:
    """Every fixed wording key of every family, in the English files' order.

    The English is the shipped text, or an English overlay's own wording for that key (an
    agency's rewording is what its translator translates).
    """
    out: list[Entry] = []
    for key, (text, file) in english_wording().items():
        source = catalog.wording.get(key, text)
        family = Path(file).stem
        printed = FAMILIES.get(family) or _file_summary(file)
        note = key_comments(file).get(key)
        where = f"Printed on {printed}" + (f"; {note}" if note else "") + f" [templates/locales/en/{family}.yaml]"
        out.append(Entry(f"wording:{key}", source, where, placeholders_of(text)))
    return out


@cache
def english_wording() -> dict[str, tuple[str, str]]:
    """The shipped English wording: key -> (text, file), in file then key order."""
    return read_locale_folder(templates_dir() / "locales" / FALLBACK)


def placeholders_of(text: str) -> tuple[str, ...]:
    """The {names} in ``text`` (in order, once each); a broken brace raises ValueError."""
    return tuple(dict.fromkeys(name for _lit, name, _spec, _conv in Formatter().parse(text) if name is not None))


@cache
def key_comments(file: str) -> dict[str, str]:
    """The comment lines written just above each key in a shipped locale file, joined into one.

    They explain a key to whoever edits the English ("the rating sentence of the instructions,
    by the kind of scale"); a translator needs the same hint.
    """
    import yaml

    lines = Path(file).read_text(encoding="utf-8").splitlines()
    found: dict[str, str] = {}

    def walk(node: yaml.Node, prefix: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for key_node, value in node.value:
            full = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            above: list[str] = []
            row = key_node.start_mark.line - 1
            while row >= 0 and lines[row].strip().startswith("#"):
                above.insert(0, lines[row].strip().lstrip("#").strip())
                row -= 1
            if above and row >= 0:  # a comment block that starts the file describes the file, not the key
                found[full] = " ".join(above)
            walk(value, full)

    root = yaml.compose("\n".join(lines), Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return found


def _file_summary(file: str) -> str:
    """A family file formkit does not know yet: the first line of its opening comment."""
    for line in Path(file).read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("#"):
            return line.strip().lstrip("#").strip().rstrip(".")
        break
    return f"the documents of {Path(file).stem}"
