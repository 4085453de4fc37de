"""formkit's error type: one plain line naming the file, the key and the fix.

Errors are values with no Click dependency; the CLI turns them into exit status 2
at one place (``formkit.cli.main``). A Python caller catches :class:`FormkitError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class FormkitError(Exception):
    """Raised for any bad input a user can fix: a file, a key, a value.

    ``path`` is the file at fault, ``key`` the dotted key path inside it, ``hint`` the
    fix. ``str(error)`` is always a single line.
    """

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None,
                 hint: str | None = None) -> None:
        self.message = message
        self.path = path
        self.key = key
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = [p for p in (self.path, self.key) if p]
        text = ": ".join([*parts, self.message])
        if self.hint:
            text = f"{text}. {self.hint}"
        return " ".join(text.split())


class FormkitErrors(FormkitError):
    """Raised when validation found several problems; each is reported on its own line."""

    def __init__(self, errors: Sequence[FormkitError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, path=first.path, key=first.key, hint=first.hint)

    def lines(self) -> list[str]:
        return [e.one_line() for e in self.errors]


def raise_all(errors: Iterable[FormkitError]) -> None:
    """Raise the collected errors at once (validate everything, then abort once)."""
    found = list(errors)
    if len(found) == 1:
        raise found[0]
    if found:
        raise FormkitErrors(found)
