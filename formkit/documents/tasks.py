"""Build work cut into tasks: one document (or one small group of files) each.

Why not one task per family: the families are very unequal (the self-assessment family is a
dozen mini-tools and a 27-page booklet; the catalogue exports take milliseconds), so a pool that
hands out whole families waits for the longest one while the other CPUs idle. Each task says
roughly what it costs, so the pool can start the longest first (longest-processing-time
first: the last task to finish is a short one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..runtime.outputs import Artifact


@dataclass(frozen=True)
class Task:
    """``render()`` makes the files of one document (or group); ``cost`` ranks tasks, largest first.

    ``cost`` is a rough estimate in competency rows drawn (see each family's ``tasks``), not
    a time: only the order it gives matters.
    """

    family: str
    label: str
    cost: float
    render: Callable[[], list[Artifact]]


def longest_first(tasks: list[Task]) -> list[int]:
    """Indexes of ``tasks`` by falling cost; equal costs keep their order (stable, deterministic)."""
    return sorted(range(len(tasks)), key=lambda i: -tasks[i].cost)


__all__ = ["Task", "longest_first"]
