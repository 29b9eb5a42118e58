"""Hostile cells in outputs: formula injection in every CSV cell and header, bidi controls, numbers kept numbers."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hostile_helpers import cli as cli  # the fixture
from openpyxl import load_workbook

from dxtext.render.tables import write_csv, write_xlsx


def _read_back(p: Path) -> list[list[str]]:
    with open(p, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "+81-3-1234",
        "-2+3",
        "-cmd|' /C calc'!A0",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        '=HYPERLINK("http://x")',
    ],
)
def test_every_formula_start_is_defused_in_csv(tmp_path: Path, cell: str) -> None:
    p = write_csv(pd.DataFrame({"text": [cell]}), tmp_path / "t.csv")
    got = _read_back(p)[1][0]
    assert got.startswith("'") and got[1:] == cell


def test_headers_are_defused_in_csv(tmp_path: Path) -> None:
    p = write_csv(pd.DataFrame({"=cmd|x": ["a"], "-theme": ["b"], "普通": ["c"]}), tmp_path / "h.csv")
    assert _read_back(p)[0] == ["'=cmd|x", "'-theme", "普通"]


def test_numbers_stay_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame({"n": [-2, 3], "x": [-0.5, 1.25], "s": ["-5", "-1.5e3"]})
    p = write_csv(frame, tmp_path / "n.csv")
    assert _read_back(p)[1:] == [["-2", "-0.5", "-5"], ["3", "1.25", "-1.5e3"]]


def test_bidi_controls_are_removed_from_csv_and_xlsx(tmp_path: Path) -> None:
    frame = pd.DataFrame({"名\u202e前": ["abc\u202edef\u2066g"]})
    p = write_csv(frame, tmp_path / "b.csv")
    assert _read_back(p) == [["名前"], ["abcdefg"]]
    x = write_xlsx({"s": frame}, tmp_path / "b.xlsx")
    ws = load_workbook(x).active
    assert [c.value for c in ws[1]] == ["名前"] and ws["A2"].value == "abcdefg"


def test_xlsx_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    frame = pd.DataFrame({"=SUM(1)": ["=1+1", "-2+3", "@x"], "n": [1, -2, 3]})
    x = write_xlsx({"s": frame}, tmp_path / "f.xlsx")
    ws = load_workbook(x).active
    assert ws["A1"].data_type == "s" and ws["A1"].value == "=SUM(1)"
    assert ws["A2"].data_type == "s" and ws["A2"].value == "=1+1"
    assert ws["B3"].value == -2


def test_control_characters_in_headers_do_not_break_xlsx(tmp_path: Path) -> None:
    frame = pd.DataFrame({"人口\x07規模": ["大\x01都市"]})
    x = write_xlsx({"s": frame}, tmp_path / "c.xlsx")
    ws = load_workbook(x).active
    assert ws["A1"].value == "人口規模" and ws["A2"].value == "大都市"


def test_freq_by_attribute_with_hostile_values(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    from hostile_helpers import answers

    p = tmp_path / "s.csv"
    rows = [f"{i},{'=cmd|x' if i % 2 else '-grp'},{t}" for i, t in enumerate(answers(12), 1)]
    p.write_text("id,=group,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "o"
    cli("freq", p, "--by", "=group", "--no-dictionary", "-q", "--out", out).ok()
    for f in out.rglob("*.csv"):
        for row in _read_back(f):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")) and not (
                    cell.startswith("-") and not _number(cell)
                ), (f, cell)


def _number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True
