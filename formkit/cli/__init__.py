"""The `formkit` command line: a thin layer over the library API.

Every command parses its arguments, calls formkit's functions and prints. A FormkitError
becomes one line on stderr and exit status 2, never a traceback. Each command's module
is imported only when that command runs, and heavy libraries only inside the command that
needs them, so `formkit --help` starts quickly.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from .. import __version__
from .commands import COMMANDS, LazyGroup

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
GC_FIRST_THRESHOLD = 50_000  # new objects between the collector's youngest passes (Python's default: 700)


class UserError(click.ClickException):
    """A FormkitError as Click shows it: 'Error: <file>: <key>: <problem>. <fix>' and exit 2."""

    exit_code = 2

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            click.echo(f"Error: {line}", err=True)


class FormkitGroup(LazyGroup):
    """Click group that maps every failure to one plain line at one place.

    FormkitError (bad input) -> exit 2. An OSError (a disk, a permission) -> exit 2 with a
    hint. Ctrl-C -> exit 130. Anything else is formkit's own bug -> one "internal error"
    line and exit 1; FORMKIT_DEBUG=1 shows the traceback instead. Commands are imported
    only when used (see formkit.cli.commands).
    """

    def invoke(self, ctx: click.Context) -> Any:
        from ..core.errors import FormkitError, FormkitErrors

        try:
            return super().invoke(ctx)
        except FormkitErrors as exc:
            raise UserError(exc.lines()) from None
        except FormkitError as exc:
            raise UserError([exc.one_line()]) from None
        except click.exceptions.UsageError as exc:
            name = exc.ctx.command_path if exc.ctx is not None else "formkit"
            raise UserError([" ".join(f"{exc.format_message()} See '{name} --help'.".split())]) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            if _debug():
                raise
            click.echo("Interrupted: every file already written is whole; nothing half-written was left.",
                       err=True)
            raise click.exceptions.Exit(130) from None
        except OSError as exc:
            if _debug():
                raise
            if exc.errno == errno.EPIPE:  # `formkit ... | head` closed the pipe: not an error to report
                _silence_stdout()
                raise click.exceptions.Exit(1) from None
            raise UserError([_os_error_line(exc)]) from None
        except Exception as exc:  # noqa: BLE001 - the last resort: never a traceback for users
            if _debug():
                raise
            raise InternalError(exc) from None


class InternalError(click.ClickException):
    """A bug in formkit: one line, exit status 1, and how to see the details."""

    exit_code = 1

    def __init__(self, exc: BaseException) -> None:
        detail = " ".join(f"{exc.__class__.__name__}: {exc}".split())
        if len(detail) > 200:
            detail = detail[:197] + "..."
        super().__init__(detail)

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: internal error in formkit ({self.message}). Please report it with the command you "
                   "ran; run again with FORMKIT_DEBUG=1 to see the details.", err=True)


def _debug() -> bool:
    return os.environ.get("FORMKIT_DEBUG", "") not in ("", "0")


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _os_error_line(exc: OSError) -> str:
    """'<file>: <what the system said>. <fix>' for an OSError that escaped formkit's own checks."""
    from ..runtime.outputs import write_hint

    where = exc.filename or ""
    problem = exc.strerror or str(exc)
    text = f"{where}: {problem}" if where else problem
    return " ".join(f"{text}. {write_hint(exc)}".split())


@contextmanager
def pypdf_errors_only() -> Iterator[None]:
    """While a command runs, pypdf's repair warnings stay off the terminal; its errors still show.

    pypdf logs 'Ignoring wrong pointing object' and the like for files a PDF editor saved
    sloppily; formkit reads them fine, so the lines only alarm. The handler is the command's,
    attached to pypdf's logger for the command and removed after it (forked workers inherit
    it); the library itself leaves logging to the program that uses it.
    """
    import logging

    logger = logging.getLogger("pypdf")
    handler = logging.StreamHandler()
    handler.setLevel(logging.ERROR)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


@click.group(cls=FormkitGroup, lazy_commands=COMMANDS, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="formkit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """formkit turns SAMHSA's core competencies for peer workers into documents.

    \b
    Start with:
      formkit build                      # every document into output/
      formkit catalog show               # the competencies, as a tree
      formkit overlay init my-org.yaml   # customise for your organisation
      formkit build -O my-org.yaml       # ...and build with it
    """
    ctx.with_resource(pypdf_errors_only())


def main() -> None:
    """Console-script entry point.

    SIGTERM (a closed terminal, a killed job) is turned into an orderly exit, so temporary
    files are removed just as on Ctrl-C. The cyclic garbage collector's first threshold is
    raised from 700 to 50,000 new objects: formkit makes and drops many small objects (parsed
    field dictionaries, layout boxes, structure elements), reference counting frees them, and
    the collector's frequent passes over everything alive were 3–5% of a collect's or a
    report's CPU. Cycles are still collected, a little later. Only the command does this; the
    library leaves a program's collector as it is.
    """
    import gc
    import signal

    gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])

    def _terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError):  # not the main thread, or a platform without SIGTERM
        pass
    cli(prog_name="formkit")


if __name__ == "__main__":  # pragma: no cover
    main()
