"""Work in a forked child (dxtext.child.in_child): the result or the error comes back as an inline call gives
it; a child that dies is an error, never a missing result."""

from __future__ import annotations

import os
import pickle
import sys

import numpy as np
import pytest

from dxtext.child import in_child
from dxtext.errors import DxtextError, ModelError

forks = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child process only on Linux")


def _work() -> tuple[int, np.ndarray]:
    return os.getpid(), np.arange(12.0).reshape(3, 4) / 7


@forks
def test_the_result_comes_back_from_another_process() -> None:
    pid, array = in_child(_work)()
    inline_pid, inline_array = in_child(_work, background=False)()
    assert pid != os.getpid() and inline_pid == os.getpid()
    assert array.tobytes() == inline_array.tobytes()


@forks
@pytest.mark.parametrize("background", [True, False])
def test_the_error_is_the_inline_one(background: bool) -> None:
    def fail() -> None:
        raise ModelError("no words at K=3")

    with pytest.raises(ModelError, match="no words at K=3"):
        in_child(fail, background=background)()


@forks
def test_a_result_that_does_not_pickle_and_a_dead_child_fail() -> None:
    with pytest.raises((AttributeError, pickle.PicklingError), match=r"(?i)pickle"):
        in_child(lambda: lambda: 1)()  # a lambda does not pickle: the pickling error, raised here
    with pytest.raises(DxtextError, match="exit code 5"):
        in_child(lambda: os._exit(5))()


def test_quiet_join_neither_raises_nor_returns() -> None:
    def fail() -> None:
        raise ModelError("x")

    assert in_child(_work)(quiet=True) is None
    with pytest.raises(ModelError):  # inline: the error comes at once, as a call
        in_child(fail, background=False)


@forks
def test_work_in_a_child_may_itself_ask_for_a_child() -> None:
    """A child is a daemon, and multiprocessing lets no daemon start a process: the inner work runs inline
    there (in the child's own process) instead of failing."""

    def outer() -> tuple[int, int, tuple[int, np.ndarray]]:
        return os.getpid(), os.getppid(), in_child(_work)()

    pid, parent, (inner_pid, array) = in_child(outer)()
    assert parent == os.getpid() and pid != os.getpid()
    assert inner_pid == pid
    assert array.tobytes() == _work()[1].tobytes()


def _gated(read_fd: int) -> str:
    """Return once the parent writes to the pipe (or say that it never did)."""
    import select

    ready, _, _ = select.select([read_fd], [], [], 30)
    return "released" if ready else "never released"


@forks
def test_a_join_that_waits_does_the_idle_work_first_once_and_only_in_the_block() -> None:
    from dxtext.child import _IDLE, while_waiting

    calls: list[str] = []
    r, w = os.pipe()
    try:

        def release() -> None:  # the child returns only after this ran: proof the join ran it while waiting
            calls.append("release")
            os.write(w, b"x")

        def broken() -> None:
            calls.append("broken")
            raise RuntimeError("an import that fails")

        with while_waiting(broken, release):
            join = in_child(lambda: _gated(r))
            assert join() == "released"  # the failure of the first work did not stop the second
            assert in_child(lambda: "again")() == "again"
        assert calls == ["broken", "release"]  # each once, in order
        with while_waiting(lambda: calls.append("late")):
            pass
        assert not _IDLE  # work not done in its block is dropped
        assert in_child(lambda: _gated(r))() == "released"  # (the byte written above is still there)
        assert calls == ["broken", "release"]
    finally:
        os.close(r)
        os.close(w)


@forks
def test_a_join_whose_child_has_finished_leaves_the_idle_work() -> None:
    from dxtext.child import _IDLE, while_waiting

    calls: list[str] = []
    r, w = os.pipe()
    try:
        with while_waiting(lambda: calls.append("idle")):
            join = in_child(lambda: "done")
            os.close(w)  # the child's copy of the write end is the last: it closes when the child has exited
            w = -1
            assert os.read(r, 1) == b""  # end of file: the child exited, so its result is in the pipe
            assert join() == "done"
            assert calls == [] and len(_IDLE) == 1  # nothing to wait for: the work is left for a later wait
        assert not _IDLE
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
