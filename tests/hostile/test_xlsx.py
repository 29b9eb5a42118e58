"""Hostile workbooks: merged cells, formulas without cached values, hidden sheets, stale <dimension> records,
title rows and merged headers, control characters — as Excel shows them, or one line saying why not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile_helpers import answers, rewrite_zip_member
from hostile_helpers import cli as cli  # the fixture
from openpyxl import Workbook

from dxtext.errors import CorpusError
from dxtext.io.corpus import read_corpus


def _book(tmp_path: Path, rows: list[list[object]], name: str = "s.xlsx") -> tuple[Path, Workbook]:
    wb = Workbook()
    ws = wb.active
    ws.title = "回答"
    for r in rows:
        ws.append(r)
    p = tmp_path / name
    wb.save(p)
    return p, wb


def test_merged_group_cells_fill_down(tmp_path: Path) -> None:
    texts = answers(20)
    wb = Workbook()
    ws = wb.active
    ws.append(["人口規模", "text"])
    groups = ["大都市"] * 8 + ["中規模"] * 8 + ["小規模"] * 4
    for g, t in zip(groups, texts, strict=True):
        ws.append([g, t])
    for start, stop in ((2, 9), (10, 17), (18, 21)):
        ws.merge_cells(f"A{start}:A{stop}")  # openpyxl blanks every cell but the top-left, as Excel saves it
    p = tmp_path / "merged.xlsx"
    wb.save(p)
    c = read_corpus(p)
    assert c.docs["人口規模"].tolist() == groups
    assert c.docs["text"].tolist() == texts
    assert any("merged" in w for w in c.ledger.warnings)


def test_merged_header_cells_name_every_column(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "自由記述", None])
    ws.merge_cells("B1:C1")
    for i, t in enumerate(answers(6), 1):
        ws.append([i, t, t + "（追記）"])
    p = tmp_path / "mh.xlsx"
    wb.save(p)
    c = read_corpus(p, text_cols=["自由記述"])
    assert c.docs["text"].tolist() == answers(6)
    assert "自由記述_2" in c.attributes


def test_formula_cells_without_cached_values_are_named(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    rows = [["id", "text"], *([i, t] for i, t in enumerate(answers(5), 1))]
    rows.append([6, '=CONCAT("窓口", "の改善")'])  # openpyxl saves formulas without a cached value
    p, _ = _book(tmp_path, rows)
    cli("corpus", "info", p).clean_error("B7", "formula")


def test_formula_cells_with_cached_values_are_read(tmp_path: Path) -> None:
    rows = [["id", "text"], *([i, t] for i, t in enumerate(answers(5), 1)), [6, "=B2"]]
    p, _ = _book(tmp_path, rows)
    rewrite_zip_member(
        p,
        r"xl/worksheets/sheet1\.xml",
        lambda d: re.sub(
            rb'<c r="B7"([^>]*)><f>B2</f><v\s*/?>(</v>)?</c>',
            b'<c r="B7" t="str"><f>B2</f><v>\xe5\x86\x8d\xe6\x8e\xb2</v></c>',
            d,
        ),
    )
    c = read_corpus(p)
    assert c.docs["text"].tolist()[-1] == "再掲"


def test_hidden_first_sheet_is_not_read(tmp_path: Path) -> None:
    wb = Workbook()
    hidden = wb.active
    hidden.title = "集計用"
    hidden.append(["code", "label"])
    hidden.append(["x", "y"])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("回答")
    ws.append(["id", "text"])
    for i, t in enumerate(answers(6), 1):
        ws.append([i, t])
    wb.active = 1
    p = tmp_path / "hidden.xlsx"
    wb.save(p)
    c = read_corpus(p)
    assert c.docs["text"].tolist() == answers(6)
    assert any("'回答'" in w for w in c.ledger.warnings), c.ledger.warnings


def test_the_active_sheet_is_read_and_named(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "説明"
    wb.active.append(["この調査について"])
    ws = wb.create_sheet("自由記述")
    ws.append(["id", "text"])
    for i, t in enumerate(answers(4), 1):
        ws.append([i, t])
    wb.active = 1
    p = tmp_path / "active.xlsx"
    wb.save(p)
    c = read_corpus(p)
    assert c.docs["text"].tolist() == answers(4)
    assert any("自由記述" in w and "--sheet" in w for w in c.ledger.warnings)


def test_sheet_option_can_read_a_hidden_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "表"
    wb.active.append(["id", "text"])
    wb.active.append([1, "表の回答です"])
    h = wb.create_sheet("隠し")
    h.append(["id", "text"])
    for i, t in enumerate(answers(3), 1):
        h.append([i, t])
    h.sheet_state = "hidden"
    p = tmp_path / "h2.xlsx"
    wb.save(p)
    assert read_corpus(p, sheet="隠し").docs["text"].tolist() == answers(3)


def test_stale_dimension_record_loses_no_row(tmp_path: Path) -> None:
    texts = answers(560)
    p, _ = _book(tmp_path, [["id", "text"], *([i, t] for i, t in enumerate(texts, 1))])
    rewrite_zip_member(
        p,
        r"xl/worksheets/sheet1\.xml",
        lambda d: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B61"', d),
    )
    c = read_corpus(p)
    assert len(c.docs) == 560
    assert c.docs["text"].tolist() == texts


def test_stale_dimension_narrower_than_the_columns(tmp_path: Path) -> None:
    p, _ = _book(
        tmp_path, [["id", "人口規模", "text"], *([i, "大都市", t] for i, t in enumerate(answers(5), 1))]
    )
    rewrite_zip_member(
        p,
        r"xl/worksheets/sheet1\.xml",
        lambda d: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:A2"', d),
    )
    c = read_corpus(p)
    assert c.docs["text"].tolist() == answers(5)
    assert c.docs["人口規模"].tolist() == ["大都市"] * 5


def test_title_row_above_the_header_in_xlsx(tmp_path: Path) -> None:
    p, _ = _book(
        tmp_path,
        [
            ["令和6年度 市民アンケート 自由記述一覧"],
            [],
            ["id", "人口規模", "text"],
            *([i, "小規模", t] for i, t in enumerate(answers(6), 1)),
        ],
    )
    c = read_corpus(p)
    assert c.docs["text"].tolist() == answers(6)
    assert c.docs["row"].tolist()[0] == 4
    assert any("row 3" in w for w in c.ledger.warnings)


def test_xlsx_header_row_option(tmp_path: Path) -> None:
    p, _ = _book(tmp_path, [["調査", "A"], ["id", "text"], *([i, t] for i, t in enumerate(answers(4), 1))])
    c = read_corpus(p, header_row=2)
    assert c.docs["text"].tolist() == answers(4)


def test_control_character_in_a_column_name(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "ctl.csv"
    p.write_text(
        "id,人口\x07規模,text\n" + "\n".join(f"{i},大都市,{t}" for i, t in enumerate(answers(6), 1)) + "\n",
        encoding="utf-8",
    )
    c = read_corpus(p)
    assert "人口規模" in c.attributes
    r = cli("freq", p, "--by", "人口規模", "--no-dictionary")
    r.ok()


def test_csv_renamed_to_xlsx_is_one_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "fake.xlsx"
    p.write_text("id,text\n1,あいう\n", encoding="utf-8")
    cli("corpus", "info", p).clean_error(str(p))


def test_empty_sheet_is_one_line(tmp_path: Path) -> None:
    p, _ = _book(tmp_path, [])
    with pytest.raises(CorpusError, match="empty"):
        read_corpus(p)
