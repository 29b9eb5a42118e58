"""How long work reports progress: a callback ``progress(stage, done, total)``.

The library never prints. A function that takes a while accepts ``progress``; it calls it with the name of the
stage it is in ("reading", "tokenizing", "topics", "writing" …), how much of that stage is done and how much
there is (``total == 0``: unknown, the stage has only begun). The CLI draws a bar per stage; a script may log,
or pass nothing.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(stage, done, total)``
Progress = Callable[[str, int, int], None]
#: the older two-argument form some inner steps use: ``step(done, total)``
Step = Callable[[int, int], None]


def silent(stage: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


def stage(progress: Progress | None, name: str) -> Step:
    """A ``(done, total)`` callback that reports to ``progress`` under the stage ``name``; announces the stage."""
    if progress is None:
        return lambda done, total: None
    progress(name, 0, 0)
    return lambda done, total: progress(name, done, total)


def begin(progress: Progress | None, name: str) -> None:
    """Say that a stage of unknown length begins."""
    if progress is not None:
        progress(name, 0, 0)
