"""A per-file reading budget: time, objects, fields, schema size, string length, inflated bytes.

`formkit collect` reads files sent by anyone, and `build` reads the file it is about to replace.
One hostile file must not stall or swamp the run: every read of one PDF happens inside
:func:`file_budget`, and both readers (formkit's fast reader and the pypdf fallback) charge
their work to it. Going over any limit raises :class:`OverBudget`, which the reader turns into
a one-line "cannot be read" reason for that file alone, and the run goes on.

The limits are far above what formkit writes (a full booklet: about 770 objects, 344 fields,
a 94 KB schema, read in 50 ms) and far below what hurts (hundreds of MB, many seconds).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

MAX_SECONDS = 5.0  # wall clock per file, both readers together
MAX_OBJECTS = 100_000  # indirect objects in the cross-reference data
MAX_FIELDS = 10_000  # named form fields, and fields of the embedded schema
MAX_SCHEMA_BYTES = 2 * 1024 * 1024  # the embedded schema's JSON, decoded
MAX_VALUE_CHARS = 256 * 1024  # one field value (about 50 pages of typed text)
MAX_INFLATED = 96 * 1024 * 1024  # all streams of one file, decompressed
MAX_STEPS = 1_000_000  # parser steps (tokens, entries, rows): bounds memory as well as time
_CHECK_EVERY = 4096  # steps between two looks at the clock


class OverBudget(BaseException):
    """Reading one file went over a limit of its budget.

    A BaseException on purpose: no ``except Exception`` on the way (a reader's "try the other
    way" or a library's repair code) may take it for damage and start the work again.
    """


@dataclass
class Budget:
    """What one file may still use; counters are charged by the readers as they go."""

    seconds: float = 0.0  # 0: MAX_SECONDS as it is when the budget starts
    deadline: float = field(init=False)
    steps: int = 0
    inflated: int = 0
    _next_check: int = _CHECK_EVERY

    def __post_init__(self) -> None:
        self.seconds = self.seconds or MAX_SECONDS
        self.deadline = time.monotonic() + self.seconds

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise OverBudget(f"it took more than {self.seconds:g} seconds to read")

    def tick(self, n: int = 1) -> None:
        """Charge ``n`` parser steps; look at the clock every few thousand."""
        self.steps += n
        if self.steps >= self._next_check:
            self._next_check = self.steps + _CHECK_EVERY
            if self.steps > MAX_STEPS:
                raise OverBudget(f"it has more than {MAX_STEPS} parts to read")
            self.check_time()

    def charge_inflated(self, size: int) -> None:
        self.inflated += size
        if self.inflated > MAX_INFLATED:
            raise OverBudget(f"its compressed data inflates past {MAX_INFLATED >> 20} MB")
        self.check_time()


_CURRENT: ContextVar[Budget | None] = ContextVar("formkit_pdf_budget", default=None)


def current() -> Budget:
    """The budget of the file being read; outside :func:`file_budget`, a fresh one per call."""
    return _CURRENT.get() or Budget()


@contextlib.contextmanager
def file_budget(seconds: float | None = None) -> Iterator[Budget]:
    """Read one file within a budget (a read nested in another shares the outer budget).

    Where a timer signal is available (the main thread on POSIX), the deadline is also
    enforced by an interval timer, so code that does not charge steps (pypdf) stops too.
    The previous signal handler and timer are put back on the way out.
    """
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    budget = Budget(MAX_SECONDS if seconds is None else seconds)
    token = _CURRENT.set(budget)
    try:
        with _alarm(budget):
            yield budget
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def _alarm(budget: Budget) -> Iterator[None]:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = [True]

    def on_alarm(signum: int, frame: Any) -> None:
        if armed[0]:
            raise OverBudget(f"it took more than {budget.seconds:g} seconds to read")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, budget.seconds, 0.25)
    started = time.monotonic()
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            left = max(old_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)


def check_objects(count: int) -> None:
    if count > MAX_OBJECTS:
        raise OverBudget(f"it has {count} objects (a form has far fewer than {MAX_OBJECTS})")


def check_fields(count: int) -> None:
    if count > MAX_FIELDS:
        raise OverBudget(f"it has more than {MAX_FIELDS} form fields")


def check_value(name: str, value: str) -> None:
    if len(value) > MAX_VALUE_CHARS:
        shown = name if len(name) <= 40 else name[:37] + "..."
        raise OverBudget(f"field '{shown}' holds {len(value)} characters (at most {MAX_VALUE_CHARS})")


def check_schema_bytes(raw: bytes) -> None:
    """The schema's JSON is small enough to decode: its size, and how many objects it would make.

    Counting braces first keeps a schema of a million tiny objects (a few MB of JSON, but
    hundreds of MB as Python dictionaries) from ever being decoded.
    """
    if len(raw) > MAX_SCHEMA_BYTES:
        raise OverBudget(f"its embedded formkit schema is {len(raw) >> 10} KB (at most {MAX_SCHEMA_BYTES >> 20} MB)")
    if raw.count(b"{") > 8 * MAX_FIELDS:
        raise OverBudget(f"its embedded formkit schema has more than {8 * MAX_FIELDS} parts")


def check_schema(schema: Any) -> None:
    """The decoded schema's field list is within the field limit (other shapes are judged later)."""
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if isinstance(fields, list):
        check_fields(len(fields))


def reason(exc: OverBudget) -> str:
    """The one-line reason for the user."""
    return f"too complex to read safely: {exc}"
