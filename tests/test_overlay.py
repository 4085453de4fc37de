"""Overlays: every operation, stacking order, the 2015 reproduction, and every error case."""

from __future__ import annotations

from pathlib import Path

import pytest

import seedtext
from conftest import OVERLAYS, assert_user_error
from formkit import FormkitError, apply_overlays, effective_catalog, load_catalog, load_overlays


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def eff(tmp_path: Path, *texts: str):  # type: ignore[no-untyped-def]
    paths = [write(tmp_path, f"o{i}.yaml", t) for i, t in enumerate(texts)]
    return effective_catalog(paths)


# -- operations -------------------------------------------------------------------------

def test_identity_from_overlay(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes((OVERLAYS / "riverbend-logo.png").read_bytes())
    cat = eff(tmp_path, 'name: A\norganisation: {name: "Åsa & Sons <Ltd>", address: 1 Main St, '
                        'contact: a@b.org, logo: logo.png, accent_colour: "#112233"}\n')
    org = cat.organisation
    assert (org.name, org.address, org.contact, org.accent_colour) == ("Åsa & Sons <Ltd>", "1 Main St", "a@b.org", "#112233")
    assert org.logo == str((tmp_path / "logo.png").resolve())


def test_select_and_exclude(tmp_path: Path) -> None:
    cat = eff(tmp_path, "name: A\nselect: {categories: [CC1, CC2], competencies: [CC9.2]}\n"
                        "exclude: {competencies: [CC1.3]}\n")
    assert [c.id for c in cat.categories] == ["CC1", "CC2", "CC9"]
    assert [k.id for k in cat.category("CC1").competencies] == ["CC1.1", "CC1.2", "CC1.4", "CC1.5"]
    assert [k.id for k in cat.category("CC9").competencies] == ["CC9.2"]
    cat = eff(tmp_path, "name: A\nexclude: {categories: [CC12]}\n")
    assert len(cat.categories) == 11 and len(cat.competencies) == 58


def test_reword_statement_category_and_principle(tmp_path: Path) -> None:
    cat = eff(tmp_path, 'name: A\nstatements: {CC1.1: "Reaches out first"}\n'
                        'categories: {CC9: {title: Communicates with respect}}\n'
                        'principles: {P3: {name: Non-coercive}}\n')
    assert cat.competency("CC1.1").statement == "Reaches out first"
    assert cat.category("CC9").title == "Communicates with respect"
    assert cat.category("CC9").description == load_catalog().category("CC9").description
    assert cat.principles[2].name == "Non-coercive"


def test_add_category_and_competency(tmp_path: Path) -> None:
    cat = eff(tmp_path, "name: Youth program\nadd:\n  categories:\n    - id: YP1\n      title: Supports young people\n"
                        "      competencies: [{id: YP1.1, statement: Connects youth with youth-led groups}]\n"
                        "  competencies: [{category: CC2, id: CC2.A1, statement: Celebrates milestones}]\n")
    assert cat.categories[-1].id == "YP1" and cat.categories[-1].number == 13
    assert cat.competency("YP1.1").added_by == "Youth program"
    assert [k.id for k in cat.category("CC2").competencies][-1] == "CC2.A1"
    assert len(cat.competencies) == 64


def test_terminology_applies_to_all_text_and_keeps_case(tmp_path: Path) -> None:
    cat = eff(tmp_path, "name: A\nterminology: {peers: participants}\n")
    assert cat.category("CC1").title == "Engages participants in collaborative and caring relationships"
    assert cat.competency("CC2.1").statement == "Validates participants’ experiences and feelings"
    assert "peers" not in " ".join(k.statement for k in cat.competencies).replace("Peers", "")
    assert "Peer workers" in cat.category("CC3").description  # "peer" alone is another word


def test_rating_scale_locale_wording_roles_and_board(tmp_path: Path) -> None:
    cat = eff(tmp_path, "name: A\nrating_scale: ccsa-proficiency\nwording: {common.page_of: 'p. {page}/{pages}'}\n"
                        "roles: {peer-support-specialist: {title: Peer Specialist I}}\nboard: {profile: custom}\n"
                        "scales:\n  - id: three\n    title: Three\n    points: [{value: '1', label: Low}, {value: '2', label: High}]\n")
    assert cat.scale().id == "ccsa-proficiency"
    assert cat.scale("three").choices[-1].label == "High"
    assert cat.wording["common.page_of"] == "p. {page}/{pages}"
    assert cat.roles["peer-support-specialist"] == {"title": "Peer Specialist I"}
    assert cat.board == {"profile": "custom"}


def test_overlays_stack_in_order_later_wins(tmp_path: Path) -> None:
    state = 'name: State board\nstatements: {CC1.1: "State wording"}\norganisation: {name: State}\n' \
            'roles: {pss: {title: State title, schedule: 40 hours}}\n'
    agency = 'name: Agency\nstatements: {CC1.1: "Agency wording"}\nroles: {pss: {title: Agency title}}\n'
    cat = eff(tmp_path, state, agency)
    assert cat.competency("CC1.1").statement == "Agency wording"
    assert cat.organisation.name == "State"
    assert cat.roles["pss"] == {"title": "Agency title", "schedule": "40 hours"}
    assert cat.overlays == ("State board", "Agency")
    reverse = eff(tmp_path, agency, state)
    assert reverse.competency("CC1.1").statement == "State wording"
    assert reverse.fingerprint != cat.fingerprint


def test_extends_applies_the_parent_first(tmp_path: Path) -> None:
    write(tmp_path, "state.yaml", 'name: State\nstatements: {CC1.1: "State"}\nterminology: {peers: people}\n')
    child = write(tmp_path, "agency.yaml", 'name: Agency\nextends: [state.yaml]\nterminology: {peers: participants}\n')
    cat = effective_catalog([child])
    assert cat.overlays == ("State", "Agency")
    assert cat.competency("CC1.1").statement == "State"
    assert cat.competency("CC2.1").statement.startswith("Validates participants")


def test_base_catalogue_is_never_changed(tmp_path: Path) -> None:
    before = load_catalog()
    eff(tmp_path, 'name: A\nstatements: {CC1.1: "x"}\nexclude: {categories: [CC2]}\n')
    assert load_catalog() == before and load_catalog().competency("CC1.1").statement == "Initiates contact with peers"


def test_fingerprint_is_stable_and_tracks_content(tmp_path: Path) -> None:
    a = eff(tmp_path, "name: A\n").fingerprint
    assert a == eff(tmp_path, "name: A\n").fingerprint
    assert a != eff(tmp_path, "name: B\n").fingerprint
    assert load_catalog().fingerprint == "base"


def test_2015_overlay_reproduces_the_wise_list_exactly() -> None:
    cat = effective_catalog([str(OVERLAYS / "samhsa-2015-draft.yaml")])
    wise = seedtext.wise_2015()
    assert len(wise) == 12 and sum(len(items) for _, items in wise) == 62
    for category, (title, items) in zip(cat.categories, wise, strict=True):
        assert seedtext.norm(category.title).lower() == title.lower()
        assert [seedtext.norm(k.statement) for k in category.competencies] == items
    assert [(seedtext.norm(p.name).upper(), seedtext.norm(p.description)) for p in cat.principles] == \
        seedtext.wise_principles()


def test_example_agency_overlay_is_valid() -> None:
    cat = effective_catalog([str(OVERLAYS / "example-agency.yaml")])
    assert cat.organisation.name == "Riverbend Recovery Community Center"
    assert "CC6.4" not in {k.id for k in cat.competencies}
    assert cat.competency("FP1.1").category_id == "FP1"


# -- errors: one line naming file, key and fix; exit 2; nothing written ---------------

ERROR_CASES = {
    "yaml syntax": ("name: A\nstatements:\n  CC1.1: [unclosed\n", ["line 4", "YAML"]),
    "json syntax": ('{"name": "A",}', ["JSON syntax error on line 1"]),
    "wrong type": ("name: A\nselect: {categories: CC1}\n", ["select.categories", "should be a list, not text"]),
    "unknown key": ("name: A\norganisation: {colour: red}\n", ["organisation.colour", "unknown key", "Did you mean"]),
    "unknown top key": ("name: A\nstatement: {CC1.1: x}\n", ["unknown key 'statement'", "Did you mean statements?"]),
    "unknown id": ("name: A\nstatements: {CC6.9: x}\n", ["statements.CC6.9", "unknown competency 'CC6.9'", "Did you mean CC6."]),
    "unknown category": ("name: A\nexclude: {categories: [CC13]}\n", ["exclude.categories[0]", "CC13", "Did you mean"]),
    "duplicate id": ("name: A\nstatements:\n  CC1.1: x\n  CC1.1: y\n", ["duplicate key 'CC1.1'", "line 4"]),
    "clashing added id": ("name: A\nadd: {competencies: [{category: CC2, id: CC2.3, statement: x}]}\n",
                          ["add.competencies[0].id", "SAMHSA's numbering"]),
    "clashing added category": ("name: A\nadd: {categories: [{id: CC13, title: X, competencies: [{id: CC13.1, statement: x}]}]}\n",
                                ["add.categories[0].id", "reserved"]),
    "missing logo": ("name: A\norganisation: {logo: nowhere.png}\n", ["organisation.logo", "logo file not found"]),
    "missing name": ("organisation: {name: X}\n", ["'name' is required"]),
    "bad colour": ("name: A\norganisation: {accent_colour: blue}\n", ["accent_colour", "#RRGGBB"]),
    "unknown scale": ("name: A\nrating_scale: likert\n", ["rating_scale", "unknown scale"]),
    "not a mapping": ("- just\n- a list\n", ["must be a mapping"]),
    "empty": ("", ["empty"]),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_bad_overlay_gives_one_line_and_writes_nothing(case: str, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    text, fragments = ERROR_CASES[case]
    overlay = write(tmp_path, "bad.json" if case == "json syntax" else "bad.yaml", text)
    out = tmp_path / "out"
    result = invoke("build", "-O", overlay, "-o", str(out))
    assert_user_error(result, overlay, *fragments)
    assert not out.exists() or not any(out.rglob("*"))


def test_overlay_cycle_is_reported(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "a.yaml", "name: A\nextends: [b.yaml]\n")
    write(tmp_path, "b.yaml", "name: B\nextends: [a.yaml]\n")
    result = invoke("overlay", "check", str(tmp_path / "a.yaml"))
    assert_user_error(result, "extends", "cycle", "a.yaml -> b.yaml -> a.yaml")


def test_unreadable_and_non_utf8_files(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("name: Jos\xe9\n".encode("latin-1"))
    assert_user_error(invoke("overlay", "check", str(latin1)), "not UTF-8", "Save the file as UTF-8")
    assert_user_error(invoke("overlay", "check", str(tmp_path / "missing.yaml")), "not found")


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "two.yaml", "name: A\nstatements: {CC1.9: x, CC2.9: y}\n")
    with pytest.raises(FormkitError) as info:
        apply_overlays(load_catalog(), load_overlays([path]))
    assert [e.key for e in info.value.errors] == ["statements.CC1.9", "statements.CC2.9"]  # type: ignore[attr-defined]
