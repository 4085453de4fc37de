"""The command line as a user meets it: help, exports, overlay tools, build."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import OVERLAYS, ROOT, assert_user_error

from formkit import __version__
from formkit.cli import cli


def command_at(path: tuple[str, ...]) -> click.Command:
    """The command `formkit PATH...` runs (imported, as on first use)."""
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None, name
        command = found
    return command


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name in group.list_commands(click.Context(group)):
        path = (*prefix, name)
        out.append(path)
        command = command_at(path)
        if isinstance(command, click.Group):
            out.extend(all_commands(command, path))
    return out


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...], invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    command = command_at(path)
    if not isinstance(command, click.Group):
        assert "Example:" in result.output
        assert "formkit " + " ".join(path) in result.output
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"{' '.join(path)} {param.opts} has no help"


def test_version_and_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "formkit", "--version"], capture_output=True, text=True,
                            cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0 and result.stdout.strip() == f"formkit, version {__version__}"


def test_catalog_show_prints_the_tree(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("catalog", "show")
    assert result.exit_code == 0
    assert "CC1  Engages peers in collaborative and caring relationships" in result.output
    assert "CC12.4" in result.output and "12 categories, 62 competencies" in result.output


def test_catalog_show_with_overlay_marks_added_items(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("catalog", "show", "-O", str(OVERLAYS / "example-agency.yaml"))
    assert "Organisation: Riverbend Recovery Community Center" in result.output
    assert "  + FP1.1" in result.output and "CC6.4 " not in result.output
    assert "Engages participants" in result.output


def test_export_csv_has_a_row_per_competency(invoke) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(invoke("catalog", "export", "-f", "csv").output)))
    assert len(rows) == 62
    assert rows[0]["competency_id"] == "CC1.1" and rows[0]["statement"] == "Initiates contact with peers"


def test_export_markdown(invoke) -> None:  # type: ignore[no-untyped-def]
    text = invoke("catalog", "export", "-f", "markdown").output
    assert text.startswith("# Core Competencies for Peer Workers in Behavioral Health Services")
    assert "### CC8. Helps peers to manage crises" in text and "- **CC8.5** Assists peers" in text
    assert "**B05 Collaboration and Network Building** (proficiency level 2-3)" in text


def test_export_case_structure(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.case.json"
    assert invoke("catalog", "export", "-f", "case", "-o", str(out)).exit_code == 0
    case = json.loads(out.read_text(encoding="utf-8"))
    assert set(case) == {"CFDocument", "CFItems", "CFAssociations"}
    doc = case["CFDocument"]
    assert doc["title"] == "Core Competencies for Peer Workers in Behavioral Health Services"
    items = {i["identifier"]: i for i in case["CFItems"]}
    assert len(items) == 12 + 62
    by_code = {i["humanCodingScheme"]: i for i in items.values()}
    assert by_code["CC3.2"]["fullStatement"] == "Discusses ongoing personal efforts to enhance health, wellness, and recovery"
    assert by_code["CC3"]["CFItemType"] == "Category" and by_code["CC3.2"]["CFItemType"] == "Competency"
    assocs = case["CFAssociations"]
    assert len(assocs) == 74 and {a["associationType"] for a in assocs} == {"isChildOf"}
    parent = {a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"] for a in assocs}
    assert parent[by_code["CC3.2"]["identifier"]] == by_code["CC3"]["identifier"]
    assert parent[by_code["CC3"]["identifier"]] == doc["identifier"]
    for item in items.values():
        assert item["CFDocumentURI"]["identifier"] == doc["identifier"]


def test_catalog_validate_good_and_bad(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("catalog", "validate")
    assert result.exit_code == 0 and "valid (12 categories, 62 competencies" in result.output
    data = json.loads((ROOT / "catalog.json").read_text(encoding="utf-8"))
    data["categories"][1]["competencies"][0]["id"] = "CC1.1"
    bad = tmp_path / "catalog.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert_user_error(invoke("catalog", "validate", str(bad)), str(bad), "duplicate id 'CC1.1'")
    data["categories"][0]["titel"] = "x"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert_user_error(invoke("catalog", "validate", str(bad)), "categories[0].titel", "Did you mean title?")


def test_overlay_init_check_and_refuse_overwrite(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "mine.yaml"
    assert invoke("overlay", "init", str(target)).exit_code == 0
    assert "Unknown keys are errors" in target.read_text(encoding="utf-8")
    check = invoke("overlay", "check", str(target))
    assert check.exit_code == 0 and "OK:" in check.output and "62 competencies" in check.output
    assert_user_error(invoke("overlay", "init", str(target)), "already exists", "--force")


def test_overlay_diff_lists_changes(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("overlay", "diff", str(OVERLAYS / "example-agency.yaml"))
    assert result.exit_code == 0
    assert "- CC6.4: Accompanies peers to community activities and appointments when requested" in result.output
    assert "+ FP1 (category added): Supports families" in result.output
    assert "+ CC6.A1: Keeps the county's housing" in result.output
    assert '~ terminology: "peers" -> "participants"' in result.output


def test_overlay_schema_is_json(invoke) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(invoke("overlay", "schema").output)
    assert schema["title"] == "formkit overlay" and "organisation" in schema["properties"]


def test_build_writes_catalogue_exports_and_is_deterministic(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a", tmp_path / "b"
    overlay = str(OVERLAYS / "example-agency.yaml")
    assert invoke("build", "-O", overlay, "-o", str(first)).exit_code == 0
    assert invoke("build", "-O", overlay, "-o", str(second)).exit_code == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert Path("catalog/catalog.case.json") in files
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    leftovers = [p for p in first.rglob("*.tmp")]
    assert not leftovers


def test_build_only_unknown_family(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("build", "--only", "posters", "-o", str(tmp_path))
    assert result.exit_code == 2 and "unknown family 'posters'" in result.output


def test_overlay_check_validates_roles_against_the_catalogue(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "roles.yaml"
    bad.write_text("name: A\nroles:\n  peer-support-specialist:\n    competencies: [CC6.9]\n", encoding="utf-8")
    assert_user_error(invoke("overlay", "check", str(bad)), "roles.peer-support-specialist.competencies[0]",
                      "unknown competency 'CC6.9'")


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"formkit {' '.join(path)}" in readme


def test_readme_opens_with_the_two_fresh_machine_commands() -> None:
    blocks = (ROOT / "README.md").read_text(encoding="utf-8").split("```sh\n")
    assert "pip install . && .venv/bin/formkit build" in blocks[1]
    assert ".venv/bin/python -m pytest -q" in blocks[2]
    assert ".venv/bin/python -m pytest -q" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_overlay_check_validates_the_board_profile(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "board.yaml"
    bad.write_text("name: A\nboard:\n  profile: icrc-p\n", encoding="utf-8")
    assert_user_error(invoke("overlay", "check", str(bad)), "icrc-p", "Did you mean icrc-pr?")
    rule = tmp_path / "rule.yaml"
    rule.write_text("name: A\nboard:\n  profile: icrc-pr\n  pass_rule: {all_at_least: PROGRES}\n", encoding="utf-8")
    assert_user_error(invoke("overlay", "check", str(rule)), "board.pass_rule", "Did you mean PROGRESS?")


def test_the_python_api_build_function(tmp_path: Path) -> None:
    import formkit
    import formkit.documents.pipeline  # importing the module must not shadow the function

    written = formkit.build(formkit.effective_catalog(), tmp_path, families=["catalogue"])
    assert sorted(p.name for p in written) == ["catalog.case.json", "catalog.csv", "catalog.json", "catalog.md"]
