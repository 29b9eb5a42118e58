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
