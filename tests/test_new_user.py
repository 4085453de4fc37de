"""Issue 15, item 5: what a new user stumbled on, each as that user would try it.

The README's commands work as written once the venv is active; shipped overlays are named
without a path; boards can be listed; a job description's file name and format cannot
disagree; `overlay diff` refuses what `overlay check` refuses; one run lists every problem of an
overlay; an exported scale goes back into an overlay unchanged; and the starter overlay warns
about an unquoted ``#``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import OVERLAYS, ROOT, assert_user_error

from formkit.catalog.effective import effective_catalog
from formkit.catalog.load import load_catalog


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_readme_puts_formkit_on_the_path_before_its_first_bare_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_bare = re.search(r"(?m)^(?:\$ )?formkit \w", readme)
    assert first_bare
    before = readme[: first_bare.start()]
    assert ". .venv/bin/activate" in before and ".venv/bin/formkit" in before


def test_a_shipped_overlay_is_named_without_a_path(invoke) -> None:  # type: ignore[no-untyped-def]
    by_name = invoke("catalog", "export", "--format", "csv", "-O", "samhsa-2015-draft", "-o", "-")
    by_path = invoke("catalog", "export", "--format", "csv", "-O", str(OVERLAYS / "samhsa-2015-draft.yaml"),
                     "-o", "-")
    assert by_name.exit_code == 0, by_name.output
    assert by_name.output == by_path.output
    assert by_name.output != invoke("catalog", "export", "--format", "csv", "-o", "-").output  # it was applied
    checked = invoke("overlay", "check", "samhsa-2015-draft")
    assert checked.exit_code == 0 and checked.output.startswith("OK: "), checked.output


def test_an_unknown_overlay_name_lists_the_shipped_ones(invoke) -> None:  # type: ignore[no-untyped-def]
    assert_user_error(invoke("overlay", "check", "samhsa-2015"), "samhsa-2015: overlay file not found",
                      "Did you mean samhsa-2015-draft?", "example-agency, samhsa-2015-draft")


def test_checklist_list_names_every_board_like_jobdesc_list_names_roles(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("checklist", "--list")
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.splitlines()]
    assert listed == sorted(p.stem for p in (ROOT / "templates" / "boards").glob("*.yaml"))
    icrc = next(line for line in result.output.splitlines() if line.startswith("icrc-pr "))
    assert "IC&RC Peer Recovery (PR)" in icrc and "example as of" in icrc
    assert invoke("checklist", "--board", listed[1], "--list").exit_code == 0


@pytest.mark.parametrize("name, fmt", [("x.docx", "pdf"), ("x.pdf", "docx")])
def test_jobdesc_refuses_a_file_name_of_the_other_format(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                        name: str, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("jobdesc", "--role", "peer-support-specialist", "-o", name, "--format", fmt)
    assert_user_error(result, f"{name}: --format: the file name ends in {Path(name).suffix} but --format is {fmt}",
                      f"Name the file x.{fmt}")
    assert list(tmp_path.iterdir()) == []


BAD_STACKS = {
    "wording placeholder": "name: A\nwording: {selfassess.document_title: 'Form {nme}'}\n",
    "role competency": "name: A\nroles:\n  peer-support-specialist:\n    competencies: [CC6.9]\n",
    "board profile": "name: A\nboard: {profile: icrc-p}\n",
    "pass rule": "name: A\nboard: {profile: icrc-pr, pass_rule: {all_at_least: PROGRES}}\n",
    "language": "name: A\nlanguage: xx\n",
    "statement id": "name: A\nstatements: {CC1.9: Reaches out}\n",
}


@pytest.mark.parametrize("case", sorted(BAD_STACKS))
def test_overlay_diff_refuses_what_overlay_check_refuses(invoke, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "bad.yaml", BAD_STACKS[case])
    checked, diffed = invoke("overlay", "check", path), invoke("overlay", "diff", path)
    assert_user_error(checked, "bad.yaml")
    assert_user_error(diffed, "bad.yaml")
    assert diffed.output == checked.output


def test_one_run_reports_every_problem_of_an_overlay(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "many.yaml", """name: Many mistakes
add:
  competencies: [{category: CC22, id: CC22.A1, statement: Celebrates}]
statements: {CC1.9: Reaches out}
exclude: {competencies: [CC6.44]}
rating_scale: ccsa-proficency
wording: {selfassess.document_title: "Form {nme}"}
roles:
  peer-support-specialist: {competencies: [CC6.9]}
board: {profile: icrc-p}
""")
    result = invoke("overlay", "check", path)
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert all(line.startswith(f"Error: {path}: ") for line in lines), result.output
    expected = ["add.competencies[0].category: unknown category 'CC22'", "statements.CC1.9: unknown competency",
                "exclude.competencies[0]: unknown competency 'CC6.44'", "rating_scale: unknown scale 'ccsa-proficency'",
                "wording.selfassess.document_title: wording 'selfassess.document_title' has a placeholder",
                "roles.peer-support-specialist.competencies[0]: unknown competency 'CC6.9'",
                "board.profile: unknown board 'icrc-p'"]
    for fragment in expected:
        assert sum(fragment in line for line in lines) == 1, (fragment, result.output)
    assert len(lines) == len(expected)
    built = invoke("build", "-O", path, "-o", str(tmp_path / "out"))
    assert built.exit_code == 2 and len(built.output.splitlines()) >= 4  # build lists the catalogue's problems together
    assert not (tmp_path / "out").exists()


def test_an_exported_scale_goes_back_into_an_overlay_unchanged(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    custom = write(tmp_path, "custom.yaml", """name: Custom scale
scales:
  - id: confidence
    title: How confident I feel
    kind: custom
    points:
      - {value: "1", label: Not yet, description: I have not done this on my own.}
      - {value: "2", label: Confident}
    not_applicable: null
""")
    exported = invoke("catalog", "export", "--format", "json", "-O", custom, "-o", "-")
    assert exported.exit_code == 0, exported.output
    scales = json.loads(exported.output)["scales"]
    source = effective_catalog([custom])
    assert [s["id"] for s in scales] == [s.id for s in source.scales]
    for scale in scales:  # each one, pasted into an overlay as the JSON export wrote it
        overlay = write(tmp_path, f"{scale['id']}.json", json.dumps({"name": "Round trip", "scales": [scale],
                                                                    "rating_scale": scale["id"]}))
        assert invoke("overlay", "check", overlay).exit_code == 0
        assert effective_catalog([overlay]).scale() == source.scale(scale["id"])
    assert load_catalog().scale("ccsa-proficiency").kind == "proficiency"


def test_the_readme_scale_example_is_a_working_overlay(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### A rating scale of your own"):]
    example = section[section.index("```yaml\n") + 8: section.index("```", section.index("```yaml\n") + 8)]
    result = invoke("overlay", "check", write(tmp_path, "readme.yaml", example))
    assert result.exit_code == 0, result.output
    assert "rating scale confidence" in result.output


def test_the_starter_warns_about_an_unquoted_hash_and_is_right(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert invoke("overlay", "init", "mine.yaml").exit_code == 0
    starter = (tmp_path / "mine.yaml").read_text(encoding="utf-8")
    assert 'Put a value in quotes when it contains " #"' in starter
    unquoted, quoted = re.findall(r"(?m)^#   (address: .+?)\s{2,}is read", starter)
    assert yaml.safe_load(unquoted) == {"address": "Unit"}  # what the warning says happens, happens
    assert yaml.safe_load(quoted) == {"address": "Unit #4, 1 Main Street"}
    lines = starter.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# scales:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("#   "))
    block = "\n".join(line[2:] for line in lines[start:end])  # the commented scale, uncommented
    overlay = write(tmp_path, "scale.yaml", "name: Starter scale\nrating_scale: confidence\n" + block + "\n")
    result = invoke("overlay", "check", overlay)
    assert result.exit_code == 0, (result.output, block)
    assert effective_catalog([overlay]).scale().label_for("3") == "Confident"
