"""topics.xlsx written in a forked child process (dxtext.files.write_in_child): the same bytes as inline, and
the child's error raised by the parent as the inline write raises it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dxtext.errors import OutputError
from dxtext.files import write_in_child
from dxtext.render.tables import write_xlsx

forks = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child process only on Linux")


def _sheets() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(0)
    docs = pd.DataFrame(rng.random((3000, 10)), columns=[f"T{i}" for i in range(1, 11)])
    docs.insert(0, "doc_id", [f"d{i}" for i in range(3000)])
    docs["main_label"] = ["=SUM(A1)", " 前後に空白 ", "", None, "観光・温泉"] * 600
    docs.loc[::7, "T3"] = np.nan
    return {"about": pd.DataFrame([["コーパス", "x"]], columns=["item", "value"]), "doc_topics": docs}


@forks
def test_the_child_writes_the_same_bytes_as_inline(tmp_path: Path) -> None:
    sheets = _sheets()
    write_in_child(lambda: write_xlsx(sheets, tmp_path / "inline.xlsx"), background=False)()
    pids = tmp_path / "pid"

    def write() -> None:
        pids.write_text(str(os.getpid()))
        write_xlsx(sheets, tmp_path / "child.xlsx")

    join = write_in_child(write)
    join()
    assert int(pids.read_text()) != os.getpid()  # written by another process
    assert (tmp_path / "child.xlsx").read_bytes() == (tmp_path / "inline.xlsx").read_bytes()


def _error(write, background: bool) -> BaseException:  # type: ignore[no-untyped-def]
    with pytest.raises(BaseException) as e:
        write_in_child(write, background=background)()
    return e.value


@forks
def test_the_childs_error_is_raised_as_inline(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")  # a file where the folder would be: the write cannot happen
    write = lambda: write_xlsx(_sheets(), tmp_path / "file" / "topics.xlsx")  # noqa: E731
    inline, child = _error(write, False), _error(write, True)
    assert type(child) is type(inline) is OutputError
    assert str(child) == str(inline) and "choose another folder with --out" in str(child)
    assert not list(tmp_path.glob("file*/.topics.xlsx.*"))


@forks
def test_an_error_that_does_not_pickle_and_a_dead_child_still_fail(tmp_path: Path) -> None:
    class Local(Exception):  # a class defined in a function does not pickle
        pass

    def unpicklable() -> None:
        raise Local("bad sheet")

    e = _error(unpicklable, True)
    assert isinstance(e, RuntimeError) and str(e) == "Local: bad sheet"
    e = _error(lambda: os._exit(3), True)  # killed before it could say: not a silent loss
    assert isinstance(e, OutputError) and "exit code 3" in str(e)


def test_inline_where_asked(tmp_path: Path) -> None:
    seen: list[int] = []
    join = write_in_child(lambda: seen.append(os.getpid()), background=False)
    assert seen == [os.getpid()]  # done before write_in_child returns
    join()
