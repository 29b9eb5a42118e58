"""CSV/TSV parsed by Arrow's reader give the frame pandas' C parser gives (or Arrow steps aside), on hostile
tables: quotes, line breaks in and between records, short and wide rows, blank and space-only lines, duplicate
and blank header names."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxtext.errors import CorpusError
from dxtext.io import frames
from dxtext.io.frames import _arrow_frame, _frame_from_csv

READ = dict(dtype=str, keep_default_na=False, na_filter=False, engine="c", encoding="utf-8")


def _both(text: str, sep: str = ",") -> tuple[object, object]:
    """(frame or error message) with Arrow allowed, and with pandas only."""
    out = []
    for allow in (True, False):
        saved = frames._arrow_frame
        if not allow:
            frames._arrow_frame = lambda *a, **k: None
        try:
            out.append(_frame_from_csv(Path("t.csv"), text, sep))
        except (CorpusError, csv.Error) as e:  # csv.Error: before parsing, the same either way
            out.append(f"{type(e).__name__}: {e}")
        finally:
            frames._arrow_frame = saved
    return out[0], out[1]


def _same(a: object, b: object) -> None:
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        assert list(a.dtypes.astype(str)) == list(b.dtypes.astype(str))
    else:
        assert a == b


HOSTILE = [
    "a,b\n1,2\n",
    'h1,h2,h3\n,,\n,,",',  # a quoted field left open at the end of the data
    'a,b\r\n1,"x\r\ny"\r\n',  # CRLF, a line break in a quoted field
    "a,b\r1,2\r3,4",  # CR alone, no final line break
    "a,b\n\n1,2\n\n",  # blank lines
    "a,b\n1,2\n   \n3,4\n",  # a line of spaces
    'a,b\n"ab"c,d\n',  # text after a closing quote
    'a,b\nab"c,d\n',  # a quote inside a field
    'a,b\n"x""y",2\n',
    "a,b\n1\n",  # a short row
    "a,b\n1,2,3\n",  # a wide row
    "a,a\n1,2\n",  # duplicate names
    "a,\n1,2\n",  # a blank name
    '"a\nb",c\n1,2\n',  # a line break in the header
    'a,b\n"unclosed,2\n',
    'a,b\n"",""\n',
    'a,b\n1, "2"\n',
    "a,b\nnan,NA\n",  # never missing values
    "a,b\n\t1,2\x0b\n",
    "a,b\n1,2\x1c3\u2028x\x85\n",
    "a\n1\n \n2\n",  # one column: a line of spaces is skipped by pandas, a value for Arrow
    'a\n"x\ny"\n\n\n"z"\n',
    'id,text\n1,景色が良かった\n2,"二行の\n回答"\n3,\n',
    "\ufeffa,b\n1,2\n",
    "a,b\n1,\x002\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_arrow_and_pandas_read_the_same_frame(text: str) -> None:
    _same(*_both(text))


@pytest.mark.parametrize(
    "text", ["a\tb\n\t\n1\t2\n", "a\tb\n \t \n", 'a\tb\n"x\ty"\t2\n', "a,b\tc\n1,2\t3\n"]
)
def test_arrow_and_pandas_read_the_same_tsv(text: str) -> None:
    _same(*_both(text, "\t"))


def test_arrow_steps_aside_where_pandas_reads_otherwise() -> None:
    read = {**READ, "sep": ","}
    assert _arrow_frame(b"a,b\n1,2\n", ",", read) is not None
    for data in (b"a,a\n1,2\n", b"a,\n1,2\n", b"a\n1\n", b"a,b\n1\n", b"a,b\n1,2,3\n", b"a,b\n"):
        assert _arrow_frame(data, ",", read) is None, data
    # a quoted field left open at the end: Arrow would close it, pandas refuses the file (found by hypothesis)
    for data in (b'h1,h2,h3\n,,\n,,",', b'a,b\n1,"x', b'a,b\n1,"x\ny\n', b'a,b\na"b,"c\n'):
        assert _arrow_frame(data, ",", read) is None, data
    assert _arrow_frame(b'a,b\n1,"x\ny"\n', ",", read) is not None  # closed: the fast path stays


CELL = st.text(alphabet='ab,"\n\r 　景', max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(CELL, min_size=3, max_size=3) | st.lists(CELL, max_size=4), min_size=1, max_size=6),
    st.booleans(),
)
def test_arrow_and_pandas_agree_on_random_tables(rows: list[list[str]], quoted: bool) -> None:
    if quoted:  # well-formed CSV, cells quoted where needed (rows may still differ in width)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        text = buf.getvalue()
    else:  # cells joined as they are: stray quotes, breaks and all
        text = "\n".join(",".join(r) for r in rows)
    _same(*_both("h1,h2,h3\n" + text))


def _plain_merged_rows(frame: pd.DataFrame, sep: str) -> list[tuple[int, str]]:
    """The merged-row check cell by cell, as it was: (row, column) of the cells that would be refused."""
    ncols = len(frame.columns)
    need = max(1, ncols - 1) if ncols >= 3 else 1
    found = []
    for col in frame.columns if ncols >= 2 else []:
        for pos, cell in enumerate(frame[col].astype(str).tolist()):
            inner = cell.split("\n")[1:]
            rowlike = [
                line
                for line in inner
                if line.count(sep) >= need and 0 < len(line.split(sep, 1)[0].strip()) <= 20
            ]
            if len(rowlike) >= (1 if ncols >= 3 else 2):
                found.append((pos, col))
    return found


MERGED_CELL = st.text(alphabet='ab,\t\n 景"', max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(MERGED_CELL, MERGED_CELL, MERGED_CELL), min_size=1, max_size=5),
    st.sampled_from([",", "\t"]),
    st.integers(2, 3),
)
def test_the_merged_row_check_refuses_what_the_plain_check_refuses(
    rows: list[tuple[str, str, str]], sep: str, width: int
) -> None:
    from dxtext.io.layout import check_merged_rows

    frame = pd.DataFrame([r[:width] for r in rows], columns=["x", "y", "z"][:width], dtype="str")
    expected = _plain_merged_rows(frame, sep)
    try:
        check_merged_rows(frame, sep, "t.csv", 1)
        got = None
    except CorpusError as e:
        got = str(e)
    if not expected:
        assert got is None
    else:  # the first refused cell in column order is the one named
        _pos, col = min(expected, key=lambda pc: (list(frame.columns).index(pc[1]), pc[0]))
        assert got is not None and f"column {col!r}" in got
