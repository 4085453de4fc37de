"""The `formkit` command line: a thin layer over the library API.

Every command parses its arguments, calls formkit's functions and prints. A FormkitError
becomes one line on stderr and exit status 2, never a traceback. Heavy libraries are
imported inside commands, so `formkit --help` starts quickly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from . import __version__

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UserError(click.ClickException):
    """A FormkitError as Click shows it: 'Error: <file>: <key>: <problem>. <fix>' and exit 2."""

    exit_code = 2

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            click.echo(f"Error: {line}", err=True)


class FormkitGroup(click.Group):
    """Click group that maps formkit's errors to UserError at one place."""

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import FormkitError, FormkitErrors

        try:
            return super().invoke(ctx)
        except FormkitErrors as exc:
            raise UserError(exc.lines()) from None
        except FormkitError as exc:
            raise UserError([exc.one_line()]) from None


def overlay_option(func: F) -> F:
    """--overlay FILE, repeatable; later overlays win."""
    return click.option("--overlay", "-O", "overlays", multiple=True, metavar="FILE",
                        type=click.Path(dir_okay=False),
                        help="Overlay (YAML or JSON) to apply; repeat to stack them, later ones win.")(func)


def catalog_option(func: F) -> F:
    return click.option("--catalog", "catalog_path", metavar="FILE", type=click.Path(dir_okay=False),
                        help="Use this catalogue instead of the one formkit ships.")(func)


def load_effective(overlays: tuple[str, ...], catalog_path: str | None = None) -> Any:
    from .effective import effective_catalog

    return effective_catalog(overlays, catalog_path)


@click.group(cls=FormkitGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="formkit")
def cli() -> None:
    """formkit turns SAMHSA's core competencies for peer workers into documents.

    \b
    Start with:
      formkit build                      # every document into output/
      formkit catalog show               # the competencies, as a tree
      formkit overlay init my-org.yaml   # customise for your organisation
      formkit build -O my-org.yaml       # ...and build with it
    """


def _register() -> None:
    from .commands import build as build_cmd
    from .commands import catalog as catalog_cmd
    from .commands import checklist as checklist_cmd
    from .commands import collect as collect_cmd
    from .commands import jobdesc as jobdesc_cmd
    from .commands import overlay as overlay_cmd
    from .commands import selfassess as selfassess_cmd

    cli.add_command(catalog_cmd.catalog)
    cli.add_command(overlay_cmd.overlay)
    cli.add_command(build_cmd.build)
    cli.add_command(checklist_cmd.checklist)
    cli.add_command(selfassess_cmd.selfassess)
    cli.add_command(collect_cmd.collect)
    cli.add_command(jobdesc_cmd.jobdesc)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="formkit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
