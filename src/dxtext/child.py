"""Work done in a forked child process beside the caller's own work, on a machine with a core to spare.

Threads do not overlap Python-level work (and tomotopy holds the GIL while it samples); a forked child does,
and it sees the caller's data without copying or pickling it. Only the result comes back, pickled through a
pipe. Where fork is not the safe choice (Windows, macOS) or there is no second core, the work is done inline
at once: the result is the same either way, only the time differs.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .errors import DxtextError
from .i18n import _


def forks() -> bool:
    """Whether work can go to a forked child here (Linux, with the fork start method)."""
    import multiprocessing as mp

    return sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods()


def spare_core() -> bool:
    """More than one core is ours to use."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # no affinity call on this platform
        return (os.cpu_count() or 1) > 1


#: work this process does while it waits for a child, at most once each (see :func:`while_waiting`)
_IDLE: list[Callable[[], object]] = []


@contextmanager
def while_waiting(*work: Callable[[], object]) -> Iterator[None]:
    """Within the block, a ``join`` that finds its child still at work first calls ``work`` (each once, in order):
    preparation for a later step, such as its imports, done while this process would only wait. What has not
    been called by the end of the block is dropped, so nothing runs where no one waits. ``work`` must not
    change a result: a failure in it is ignored (the later step meets it again and reports it)."""
    _IDLE.extend(work)
    try:
        yield
    finally:
        for w in work:
            if w in _IDLE:
                _IDLE.remove(w)


def _idle() -> None:
    while _IDLE:
        try:
            _IDLE.pop(0)()
        except Exception:  # a warm-up only: the step it prepares reports the error itself
            continue


def _died(code: int | None) -> BaseException:
    return DxtextError(
        _(
            "a child process of dxtext ended before it gave its result (exit code {code}; out of memory or "
            "killed?); run again."
        ).format(code=code)
    )


def in_child(
    work: Callable[[], Any],
    *,
    background: bool = True,
    died: Callable[[int | None], BaseException] = _died,
) -> Callable[..., Any]:
    """Start ``work`` in a forked child and return ``join``: it waits for the child and returns what ``work``
    returned (it must pickle), or raises the error ``work`` raised there, as an inline call would (same class
    and message; an error that does not pickle becomes a RuntimeError naming it; a child that died without
    saying raises ``died(exit code)``). Inline, at once, where fork is not the safe choice or ``background``
    is False. ``join(quiet=True)`` waits without raising or returning (the caller is failing already)."""
    import multiprocessing as mp

    if not background or not forks() or mp.current_process().daemon:
        # (a child of this function is a daemon, and multiprocessing lets no daemon start processes)
        result = work()
        return lambda quiet=False: None if quiet else result
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child() -> None:
        recv.close()
        try:
            data = _pickled(False, work())
        except BaseException as e:  # handed to the parent, which raises it
            data = _pickled(True, e)
        send.send_bytes(data)
        send.close()

    for stream in (sys.stdout, sys.stderr):  # the child flushes them on exit: not the parent's output twice
        stream.flush()
    process = ctx.Process(target=child, daemon=True)
    # the parent's objects frozen across the fork: the child's garbage collector then never walks them, and
    # the pages that hold them stay shared instead of being copied into the child (Python's advice for fork)
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    send.close()

    def join(quiet: bool = False) -> Any:
        if not quiet and _IDLE and not recv.poll(0):
            _idle()
        try:
            data = recv.recv_bytes()
        except EOFError:  # the child died before it could say (killed, out of memory)
            data = None
        finally:
            recv.close()
            process.join()
        if quiet:
            return None
        if data is None:
            raise died(process.exitcode)
        failed, value = pickle.loads(data)
        if failed:
            raise value
        return value

    return join


def _pickled(failed: bool, value: Any) -> bytes:
    """(failed, value) as bytes the parent can load; an error that does not pickle, as a RuntimeError saying
    it."""
    try:
        data = pickle.dumps((failed, value))
        if failed:
            pickle.loads(data)
        return data
    except Exception:
        if not failed:
            raise
        return pickle.dumps((True, RuntimeError(f"{type(value).__name__}: {value}")))
