"""The shipped catalogue quotes its sources word for word and validates against its schema."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import seedtext
from conftest import ROOT

from formkit import load_catalog
from formkit.core.resources import schema_path


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog()


def test_twelve_category_titles_match_seed_004(catalog) -> None:  # type: ignore[no-untyped-def]
    seed = seedtext.final_2018()
    assert len(seed) == 12
    assert [seedtext.norm(c.title) for c in catalog.categories] == [title for title, _ in seed]


def test_62_statements_match_seed_004_word_for_word(catalog) -> None:  # type: ignore[no-untyped-def]
    seed = seedtext.final_2018()
    assert sum(len(items) for _, items in seed) == 62
    for category, (_, items) in zip(catalog.categories, seed, strict=True):
        assert [seedtext.norm(c.statement) for c in category.competencies] == items


def test_ids_follow_the_mini_tool_numbering(catalog) -> None:  # type: ignore[no-untyped-def]
    assert [c.id for c in catalog.categories] == [f"CC{n}" for n in range(1, 13)]
    for n, category in enumerate(catalog.categories, 1):
        assert [k.id for k in category.competencies] == [f"CC{n}.{i}" for i in range(1, len(category.competencies) + 1)]
    assert catalog.competency("CC6.4").statement == "Accompanies peers to community activities and appointments when requested"


def test_counts_of_every_set(catalog) -> None:  # type: ignore[no-untyped-def]
    assert len(catalog.categories) == 12
    assert len(catalog.competencies) == 62
    assert len(catalog.principles) == 5
    assert len([c for c in catalog.ccsa if c.kind == "behavioural"]) == 17
    assert len([c for c in catalog.ccsa if c.kind == "technical"]) == 16
    assert {k: len(v) for k, v in catalog.proficiency_levels.items()} == {"behavioural": 4, "technical": 4}
    assert {"self-assessment", "ccsa-proficiency", "checklist"} <= {s.id for s in catalog.scales}


def test_principles_match_seed_003(catalog) -> None:  # type: ignore[no-untyped-def]
    seed = seedtext.principles_2018()
    assert [(seedtext.norm(p.name).upper(), seedtext.norm(p.description)) for p in catalog.principles] == seed


def test_ccsa_definitions_and_levels_are_quoted_from_seed_001(catalog) -> None:  # type: ignore[no-untyped-def]
    source = seedtext.ccsa()
    for comp in catalog.ccsa:
        assert seedtext.norm(comp.definition) in source, comp.id
        heading = f"{comp.name.upper()} (proficiency level {comp.proficiency})"
        assert heading.upper() in source.upper(), heading
    assert catalog.ccsa_competency("B05").name == "Collaboration and Network Building"
    assert str(catalog.ccsa_competency("B05").proficiency) == "2-3"
    assert [lv.name.lower() for lv in catalog.proficiency_levels["technical"]] == \
        ["introductory", "developing", "intermediate", "advanced"]
    assert "(1) introductory, (2) developing, (3) intermediate, and (4) advanced" in source


def test_ccsa_level_definitions_are_the_footnotes_of_seed_001(catalog) -> None:  # type: ignore[no-untyped-def]
    """Footnotes 2 and 3 of the W.I.S.E. guide, word for word; only the <...> around the link is markup."""
    source = seedtext.norm(re.sub(r"<(https?://[^>]+)>", r"\1", seedtext.ccsa()))
    definitions = catalog.proficiency_definitions
    assert sorted(definitions) == ["behavioural", "technical"]
    for kind, text in definitions.items():
        assert seedtext.norm(text) in source, kind
        names = ", ".join(f"({lv.level}) {lv.name.lower()}" for lv in catalog.proficiency_levels[kind])
        assert names.replace(", (4)", ", and (4)") in text  # the levels the catalogue names are the ones defined
    assert "Behavioural-Competencies-Report" in definitions["behavioural"]


def test_catalog_json_validates_against_the_shipped_schema() -> None:
    schema = json.loads(schema_path("catalog").read_text(encoding="utf-8"))
    data = json.loads((ROOT / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_provenance_names_each_framework(catalog) -> None:  # type: ignore[no-untyped-def]
    fw = catalog.framework("categories")
    assert (fw.year, fw.source.startswith("https://www.samhsa.gov/")) == (2018, True)
    assert catalog.version and catalog.id == "samhsa-peer-core-competencies"
    for framework in catalog.frameworks:
        assert framework.title and framework.publisher and framework.source


def test_scales_have_ascii_export_values(catalog) -> None:  # type: ignore[no-untyped-def]
    for scale in catalog.scales:
        for choice in scale.choices:
            assert choice.value.isascii() and choice.value.replace("-", "").replace("_", "").isalnum()
    assert catalog.scale().not_applicable.label == "Not yet had the chance / not sure"
