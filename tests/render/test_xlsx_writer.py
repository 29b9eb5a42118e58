"""dxtext's own XLSX writer (render/xlsx_writer.py through write_xlsx): every kind of value read back by openpyxl
and by pandas.read_excel as the frame held it, text never a formula, frozen header, widths, notes sheet, the
same bytes in another process, every part well-formed XML."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from dxtext.render.tables import headings, write_xlsx
from dxtext.render.xlsx_writer import column_letter

# (value in the frame, value read back); None = no cell
TEXT = [
    ("福井県の観光は良かった", "福井県の観光は良かった"),
    ("  前後に空白  ", "  前後に空白  "),
    ("一行目\n二行目", "一行目\n二行目"),
    ("改行\r\nCRLF", "改行\r\nCRLF"),
    ("=SUM(A1)", "=SUM(A1)"),
    ("＝1", "＝1"),
    ("-1", "-1"),
    ("+81", "+81"),
    ("a & b <c> \"q\" 's'", "a & b <c> \"q\" 's'"),
    ("制御\x01文字\x1f\x0b", "制御文字"),
    ("左\u202e右\u2066", "左右"),
    ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ("", None),  # an empty text: no cell (as Excel saves it)
]
MIXED = [
    (1, 1),
    ("a", "a"),
    (np.int64(2), 2),
    (Decimal("1.5"), 1.5),
    (2.5, 2.5),
    (True, True),
    (np.float32(0.5), 0.5),
    (None, None),
    (float("nan"), None),
    (pd.NA, None),
    (dt.date(2024, 4, 1), dt.datetime(2024, 4, 1)),
    (pd.Timestamp("2024-04-01 22:50:26"), dt.datetime(2024, 4, 1, 22, 50, 26)),
    ("=1+1", "=1+1"),
]
FLOATS = [
    (0.1, 0.1),
    (1e-300, 1e-300),
    (-2.5e17, -2.5e17),
    (1 / 3, 1 / 3),
    (float("nan"), None),
    (float("inf"), "inf"),
    (float("-inf"), "-inf"),
    (0.0, 0),
    (12345678.9, 12345678.9),
    (-0.000123, -0.000123),
    (5e-324, 5e-324),
    (1.7976931348623157e308, 1.7976931348623157e308),
    (42.0, 42),
]
INTS = [(i, i) for i in (0, 1, -1, 2**31, -(2**40), 7, 8, 9, 10, 11, 12, 13, 14)]
BOOLS = [(b, b) for b in (True, False) * 6 + (True,)]
DATES = [
    (pd.Timestamp("2024-04-01"), dt.datetime(2024, 4, 1)),
    (pd.NaT, None),
    *[(pd.Timestamp(f"2025-01-{d:02d}"), dt.datetime(2025, 1, d)) for d in range(1, 12)],
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "c_text": pd.Series([v for v, _ in TEXT], dtype=object),
            "c_mixed": pd.Series([v for v, _ in MIXED], dtype=object),
            "c_float": [v for v, _ in FLOATS],
            "c_int": [v for v, _ in INTS],
            "c_bool": [v for v, _ in BOOLS],
            "c_date": pd.Series([v for v, _ in DATES]),
            "c_nullable": pd.array([1, None, 3, *range(10)], dtype="Int64"),
            "c_string": pd.array(["x", None, *"abcdefghijk"], dtype="string"),
        }
    )


EXPECTED = {
    "c_text": [b for _, b in TEXT],
    "c_mixed": [b for _, b in MIXED],
    "c_float": [b for _, b in FLOATS],
    "c_int": [b for _, b in INTS],
    "c_bool": [b for _, b in BOOLS],
    "c_date": [b for _, b in DATES],
    "c_nullable": [1, None, 3, *range(10)],
    "c_string": ["x", None, *"abcdefghijk"],
}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_xlsx({"表": _frame()}, tmp_path_factory.mktemp("x") / "t.xlsx")


def _same(got: object, want: object) -> bool:
    if isinstance(want, float) and isinstance(got, float):
        return got == want or (math.isnan(got) and math.isnan(want))
    return (type(got) is type(want) and got == want) or (isinstance(want, int) and got == want)


def test_openpyxl_reads_every_value_back(book: Path) -> None:
    ws = load_workbook(book)["表"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == headings(_frame().columns)
    for j, name in enumerate(EXPECTED):
        got = [r[j] for r in rows[1:]]
        assert len(got) == len(EXPECTED[name])
        for g, w in zip(got, EXPECTED[name], strict=True):
            assert _same(g, w), (name, g, w)
    for row in ws.iter_rows(min_row=2):
        for c in row:  # text cells are text, and no cell is a formula
            assert c.data_type != "f"
            if isinstance(c.value, str):
                assert c.data_type == "s"


def test_pandas_reads_every_value_back(book: Path) -> None:
    back = pd.read_excel(book, sheet_name="表", dtype=object)
    assert back.columns.tolist() == headings(_frame().columns)
    for j, name in enumerate(EXPECTED):
        got = back.iloc[:, j].tolist()
        for g, w in zip(got, EXPECTED[name], strict=True):
            if w is None:
                assert g is None or g is pd.NaT or (isinstance(g, float) and math.isnan(g)), (name, g)
            elif isinstance(w, dt.datetime):
                assert pd.Timestamp(g) == pd.Timestamp(w), (name, g, w)
            else:
                assert g == w and isinstance(g, str) == isinstance(w, str), (name, g, w)


def test_frozen_header_and_column_widths(tmp_path: Path) -> None:
    frame = pd.DataFrame({"s": ["x"], "long_en": ["y" * 30], "wide_ja": ["日本語" * 20], "n": [1]})
    ws = load_workbook(write_xlsx({"s": frame}, tmp_path / "w.xlsx"))["s"]
    assert ws.freeze_panes == "A2"
    widths = [ws.column_dimensions[column_letter(i)].width for i in range(1, 5)]
    # width = the widest of the heading and the first 200 cells + 2 (a CJK character counts 2), within 8–60
    assert widths == [8, 32, 60, max(8, len(headings(frame.columns)[3]) + 2)]


def test_capped_sheet_has_notes_read_back_by_pandas(tmp_path: Path) -> None:
    big = pd.DataFrame({"doc_id": [f"d{i}" for i in range(1500)], "x": np.arange(1500) / 7})
    path = write_xlsx({"doc_topics": big}, tmp_path / "c.xlsx", max_cells=2000)
    got = pd.read_excel(path, sheet_name=None)
    assert list(got) == ["doc_topics", "notes"]
    assert len(got["doc_topics"]) == 1000
    assert got["doc_topics"].iloc[:, 1].tolist() == (np.arange(1000) / 7).tolist()
    assert got["notes"].iloc[0, :3].tolist() == ["doc_topics", 1000, 1500]
    assert "doc_topics.csv" in got["notes"].iloc[0, 3]


def test_multiindex_columns_and_duplicate_sheet_names(tmp_path: Path) -> None:
    frame = pd.DataFrame([[1, "a"]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")]))
    wb = load_workbook(write_xlsx({"a:b": frame, "a/b": frame}, tmp_path / "m.xlsx"))
    assert wb.sheetnames == ["a_b", "a_b_2"]
    assert [c.value for c in wb["a_b"][1]] == ["('a', 'x')", "('a', 'y')"]
    assert [c.value for c in wb["a_b_2"][2]] == [1, "a"]


def test_dates_before_excels_calendar_and_time_zones(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "old": pd.Series([dt.date(1899, 1, 2), dt.datetime(2024, 1, 1, 12)], dtype=object),
            "tz": pd.to_datetime(["2024-04-01 09:00", None]).tz_localize("Asia/Tokyo"),
        }
    )
    ws = load_workbook(write_xlsx({"s": frame}, tmp_path / "d.xlsx"))["s"]
    assert [c.value for c in ws["A"][1:]] == ["1899-01-02", dt.datetime(2024, 1, 1, 12)]
    assert [c.value for c in ws["B"][1:]] == [dt.datetime(2024, 4, 1, 9), None]


def test_every_part_is_well_formed_xml_without_formulas(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml" and "xl/worksheets/sheet1.xml" in names
        for name in names:
            root = ElementTree.fromstring(z.read(name))
            assert not [e for e in root.iter() if e.tag.endswith("}f")], name
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_same_bytes_in_another_process(book: Path, tmp_path: Path) -> None:
    script = (
        "import sys, runpy; m = runpy.run_path(sys.argv[1]); "
        "from dxtext.render.tables import write_xlsx; write_xlsx({'表': m['_frame']()}, sys.argv[2])"
    )
    env = {"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", script, __file__, str(tmp_path / "o.xlsx")], check=True, env=env)
    assert (tmp_path / "o.xlsx").read_bytes() == book.read_bytes()


def test_a_text_past_excels_cell_limit_is_cut_and_says_so(tmp_path: Path) -> None:
    """Excel holds 32,767 characters (UTF-16 units) a cell and repairs a workbook with a longer one by dropping
    it; the writer cuts the text there and says so (the run's CSV holds it whole)."""
    from dxtext.render.xlsx_writer import _CUT, CELL_CHARS

    long_ja = "議会の発言" * 8_000  # 40,000 characters
    emoji = "\U0001f5fe" * 17_000  # 17,000 characters, 34,000 UTF-16 units
    fits = "あ" * CELL_CHARS
    frame = pd.DataFrame({"text": [long_ja, emoji, fits, "short"]})
    write_xlsx({"t": frame}, tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx").worksheets[0]
    got = [ws.cell(row=r, column=1).value for r in range(2, 6)]
    for value, source in zip(got[:2], [long_ja, emoji], strict=True):
        assert value.endswith(_CUT) and source.startswith(value[: -len(_CUT)])
        assert len(value.encode("utf-16-le")) // 2 <= CELL_CHARS
    assert got[2:] == [fits, "short"]  # at the limit: whole
