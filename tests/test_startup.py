"""Start-up stays light: `formkit --help` imports no command module and no heavy library.

Checked by what a fresh interpreter has imported, not by timing, so the checks are exact
on any machine. The lazily listed commands must read exactly as the real ones would.
"""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from conftest import ROOT

from formkit.cli.commands import COMMANDS, LazyGroup, _load

# Libraries that only document-making, validation or YAML overlays need (issue 8, case 5).
HEAVY = ("reportlab", "pypdf", "docx", "jsonschema", "yaml", "PIL", "pypdfium2")

_PROBE = """
import contextlib, io, json, sys
sys.argv = ["formkit", *json.loads(sys.argv[1])]
from formkit.cli import main
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "output": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def run_fresh(*args: str) -> tuple[int, str, str, set[str]]:
    """Run `formkit ARGS` in a fresh interpreter; return its exit code, stdout, stderr and sys.modules."""
    result = subprocess.run([sys.executable, "-W", "error", "-c", _PROBE, json.dumps(args)], capture_output=True,
                            text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return report["code"], report["output"], result.stderr, set(report["modules"])


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("--version",)])
def test_top_level_help_imports_no_command_and_no_heavy_library(args: tuple[str, ...]) -> None:
    code, output, errors, modules = run_fresh(*args)
    assert code == 0 and output and not errors
    assert heavy(modules) == []
    assert sorted(m for m in modules if m.startswith("formkit.cli.commands.")) == []
    assert "formkit.catalog.model" not in modules and "formkit.catalog.load" not in modules


def test_a_command_imports_only_its_own_module() -> None:
    code, output, _errors, modules = run_fresh("overlay", "init", "--help")
    assert code == 0 and "formkit overlay init riverbend.yaml" in output
    assert sorted(m for m in modules if m.startswith("formkit.cli.commands.")) == [
        "formkit.cli.commands._options", "formkit.cli.commands.overlay"]
    assert heavy(modules) == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_holds_each_commands_own_short_help(name: str) -> None:
    target, short_help = COMMANDS[name]
    real = _load(target)
    assert real.name == name
    stand_in = click.Command(name, help=short_help)
    for limit in (30, 45, 80, 1000):
        assert stand_in.get_short_help_str(limit) == real.get_short_help_str(limit), limit


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_the_lazy_listing_reads_as_the_loaded_one(width: int) -> None:
    def group() -> LazyGroup:
        return LazyGroup("formkit", lazy_commands=COMMANDS, context_settings={"max_content_width": 300})

    lazy = group()
    lazy_help = lazy.get_help(click.Context(lazy, terminal_width=width))
    assert lazy.commands == {}  # listing imported nothing
    loaded = group()
    for name in COMMANDS:
        loaded.get_command(click.Context(loaded), name)
    assert set(loaded.commands) == set(COMMANDS)
    assert lazy_help == loaded.get_help(click.Context(loaded, terminal_width=width))
    assert "Commands:" in lazy_help


def test_a_mistyped_command_is_one_line_naming_the_closest_one() -> None:
    code, output, errors, modules = run_fresh("selfasess")
    assert code == 2 and output == ""
    lines = errors.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: No such command 'selfasess'."), errors
    if hasattr(click.exceptions, "NoSuchCommand"):  # Click 8.4+ suggests, from commands not imported yet too
        assert "Did you mean 'selfassess'?" in lines[0]
    assert sorted(m for m in modules if m.startswith("formkit.cli.commands.")) == []


def test_catalog_show_reads_the_shipped_catalogue_without_yaml_or_validation() -> None:
    code, output, errors, modules = run_fresh("catalog", "show")
    assert code == 0 and not errors
    assert "CC1.1" in output and "competencies" in output.splitlines()[-1]
    assert heavy(modules) == []  # the shipped catalogue is JSON, checked by the test suite rather than per run
