"""The command table, and the Click group that imports a command's module only when it is used.

One module per command group; each imports heavy libraries only when it runs. `formkit --help`
lists every command with its short help, so that text is kept here too: listing the commands
imports none of their modules. tests/test_cli.py checks the table against the real commands.
"""

from __future__ import annotations

import importlib
from gettext import gettext as _
from typing import Any

import click

# name -> ("module:attribute", the first sentence of the command's help, as `formkit --help` shows it)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("formkit.cli.commands.build:build", "Render every document family into the output folder."),
    "catalog": ("formkit.cli.commands.catalog:catalog", "Look at, export and check the competency catalogue."),
    "ce": ("formkit.cli.commands.ce:ce",
           "Continuing education to renew a credential: check a ledger against a board's rule."),
    "checklist": ("formkit.cli.commands.checklist:checklist",
                  "Write a certification checklist for a board: fillable PDF and Word."),
    "collect": ("formkit.cli.commands.collect:collect",
                "Read filled self-assessment forms into one CSV and one JSON file."),
    "jobdesc": ("formkit.cli.commands.jobdesc:jobdesc",
                "Write a job description for one peer-worker role, built from the competencies."),
    "overlay": ("formkit.cli.commands.overlay:overlay",
                "Create and check organisation overlays (customisations of the catalogue)."),
    "people": ("formkit.cli.commands.people:people",
               "List the people in the answer store: id, name, program, supervisor, forms stored."),
    "report": ("formkit.cli.commands.report:report",
               "Write growth and cohort reports from the answer store: PDF, and CSV for the numbers."),
    "scan": ("formkit.cli.commands.scan:scan",
             "Read filled paper self-assessments and checklists back from scans: the same files as collect."),
    "selfassess": ("formkit.cli.commands.selfassess:selfassess",
                   "Write the fillable self-assessment forms: one per category, and a booklet."),
    "serve": ("formkit.cli.commands.serve:serve",
              "Start the local web page: documents, overlay editor, fill a form, upload forms."),
    "translate": ("formkit.cli.commands.translate:translate",
                  "Translate the documents: export every text to a PO file, import the finished file."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (Click's documented lazy-loading pattern).

    `--help` of the group renders the command list from COMMANDS' short help instead of
    importing every command module.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(_load(self.lazy_commands[cmd_name][0]), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                               list[str]]:
        """As Click's, but 'Did you mean …?' (Click 8.4+) also considers commands not imported yet."""
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            name = getattr(exc, "command_name", None)  # a NoSuchCommand
            if name is None:
                raise
            raise type(exc)(name, possibilities=self.list_commands(ctx), ctx=ctx) from None  # type: ignore[call-arg]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The 'Commands:' section, laid out as Click does, from the table's short help."""
        commands = []
        for name in self.list_commands(ctx):
            # A command not imported yet is stood in for by a bare command holding its help text,
            # which Click shortens exactly as it would the real one's.
            command = self.commands[name] if name in self.commands else click.Command(
                name, help=self.lazy_commands[name][1])
            if not command.hidden:
                commands.append((name, command))
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _command in commands)
        rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)


def _load(target: str) -> click.Command:
    module, _sep, attribute = target.partition(":")
    command = getattr(importlib.import_module(module), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a Click command")
    return command
