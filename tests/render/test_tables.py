"""Excel-ready tables: BOM, formula-safe cells, byte-identical workbooks, readable permissions."""

from __future__ import annotations

import stat
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from dxtext.render.tables import write_csv, write_xlsx

FRAME = pd.DataFrame(
    {"回答": ['=HYPERLINK("x")', "+81", "@SUM(A1)", "県との連携", "'- 特になし"], "n": [1, 2, 3, 4, 5]}
)


def test_csv_has_bom_and_defuses_formulas(tmp_path: Path) -> None:
    path = write_csv(FRAME, tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert back["回答"].tolist() == ['\'=HYPERLINK("x")', "'+81", "'@SUM(A1)", "県との連携", "'- 特になし"]
    assert stat.S_IMODE(path.stat().st_mode) & stat.S_IRGRP  # not 0600


def test_xlsx_is_byte_identical_and_text_stays_text(tmp_path: Path) -> None:
    a = write_xlsx({"表": FRAME}, tmp_path / "a.xlsx")
    b = write_xlsx({"表": FRAME}, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    ws = load_workbook(a)["表"]
    assert ws["A2"].value == '=HYPERLINK("x")' and ws["A2"].data_type == "s"
    assert ws["B2"].value == 1


def test_large_sheet_is_capped_with_a_note_naming_the_full_table(tmp_path: Path) -> None:
    big = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5000)], "x": range(5000), "y": range(5000)})
    small = pd.DataFrame({"a": [1, 2]})
    path = write_xlsx(
        {"doc_topics": big, "topics": small},
        tmp_path / "t.xlsx",
        max_cells=3000,
        full_tables={"doc_topics": "doc_topics.csv"},
    )
    wb = load_workbook(path)
    assert wb.sheetnames == ["doc_topics", "topics", "notes"]
    # 3000 cells / 3 columns = 1000 rows, the floor XLSX_MIN_ROWS; the header is row 1
    assert wb["doc_topics"].max_row == 1001
    assert wb["doc_topics"]["A1001"].value == "d999"
    assert wb["topics"].max_row == 3
    notes = list(wb["notes"].values)
    assert notes[0] == ("sheet", "rows_here", "rows_in_table", "note")
    assert notes[1][:3] == ("doc_topics", 1000, 5000)
    assert "doc_topics.csv" in notes[1][3]


def test_row_limit_never_passes_excels_limit() -> None:
    from dxtext.render.tables import EXCEL_MAX_ROWS, XLSX_MIN_ROWS, capped_sheets, xlsx_row_limit

    assert xlsx_row_limit(1, max_cells=10**9) == EXCEL_MAX_ROWS - 1
    assert xlsx_row_limit(1000, max_cells=10) == XLSX_MIN_ROWS
    assert xlsx_row_limit(10) == 30_000
    frame = pd.DataFrame({"a": range(30_001)})
    assert capped_sheets({"s": frame}, max_cells=30_000) == {"s": (30_000, 30_001)}
    assert capped_sheets({"s": frame.head(30_000)}, max_cells=30_000) == {}
