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
