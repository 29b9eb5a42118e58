"""Hostile CSV layouts: stray quotes, title lines above the header, trailing commas, header-only files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_helpers import answers
from hostile_helpers import cli as cli  # the fixture

from dxtext.errors import CorpusError
from dxtext.io.corpus import read_corpus


def _write(tmp_path: Path, lines: list[str], name: str = "s.csv", enc: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode(enc))
    return p


def _survey(n: int = 10) -> list[str]:
    return [f"{i},{'大都市' if i % 2 else '小規模'},{t}" for i, t in enumerate(answers(n), 1)]


def test_stray_quotes_merging_rows_are_detected(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    rows = _survey(10)
    rows[2] = '3,大都市,"窓口が閉まっていて困った'  # an opening quote never closed …
    rows[6] = '7,大都市,とても"不便'  # … until a quote in row 7
    p = _write(tmp_path, ["id,人口規模,text", *rows])
    r = cli("corpus", "info", p)
    r.clean_error(str(p), "line 4", "quote")


def test_stray_quote_in_a_middle_column_is_detected(tmp_path: Path) -> None:
    rows = _survey(8)
    rows[1] = '2,"大都市,' + rows[1].split(",", 2)[2]
    rows[5] = '6,小規模",' + rows[5].split(",", 2)[2]
    p = _write(tmp_path, ["id,人口規模,text", *rows])
    with pytest.raises(CorpusError, match="quote"):
        read_corpus(p)


def test_a_real_multiline_answer_is_not_a_stray_quote(tmp_path: Path) -> None:
    rows = _survey(5)
    rows[1] = '2,大都市,"一行目の意見です。\n二行目、さらに続きます。\n三行目で終わり"'
    p = _write(tmp_path, ["id,人口規模,text", *rows])
    c = read_corpus(p)
    assert len(c.docs) == 5
    assert c.docs["text"].iloc[1].count("\n") == 2
    assert c.docs["row"].tolist() == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "above",
    [
        ["令和6年度 市民アンケート 自由記述一覧"],
        ["令和6年度 市民アンケート 自由記述一覧,,", ""],
        ["令和6年度 市民アンケート", "出力日: 2024/10/01,,", ""],
    ],
)
def test_title_lines_above_the_header_are_skipped_and_said(tmp_path: Path, above: list[str]) -> None:
    p = _write(tmp_path, [*above, "id,人口規模,text", *_survey(10)], enc="cp932")
    c = read_corpus(p)
    assert c.docs["text"].tolist() == answers(10)
    assert c.docs["人口規模"].tolist()[:2] == ["大都市", "小規模"]
    assert c.docs["row"].tolist()[0] == len(above) + 2  # spreadsheet rows of the file
    assert any("header" in w and f"row {len(above) + 1}" in w for w in c.ledger.warnings), c.ledger.warnings


def test_header_row_option_chooses_the_header(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _write(tmp_path, ["調査名,市民アンケート,", "回答期間,2024年,", "id,人口規模,text", *_survey(6)])
    c = read_corpus(p, header_row=3)
    assert c.docs["text"].tolist() == answers(6)
    assert c.docs["row"].tolist()[0] == 4
    cli("corpus", "info", p, "--header-row", "3").ok()


def test_header_row_past_the_end_is_one_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _write(tmp_path, ["id,人口規模,text", *_survey(3)])
    cli("corpus", "info", p, "--header-row", "40").clean_error("--header-row")


def test_header_row_zero_is_one_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _write(tmp_path, ["id,人口規模,text", *_survey(3)])
    cli("corpus", "info", p, "--header-row", "0").clean_error("--header-row")


def test_trailing_commas_on_every_row(tmp_path: Path) -> None:
    p = _write(tmp_path, ["id,人口規模,text,", *(r + "," for r in _survey(8))])
    c = read_corpus(p)
    assert c.docs["text"].tolist() == answers(8)
    assert c.attributes == ["id", "人口規模"]


def test_trailing_commas_on_data_rows_only(tmp_path: Path) -> None:
    p = _write(tmp_path, ["id,人口規模,text", *(r + ",," for r in _survey(8))])
    c = read_corpus(p, id_col="id")
    assert c.docs["doc_id"].tolist() == [str(i) for i in range(1, 9)]
    assert c.docs["text"].tolist() == answers(8)
    assert c.docs["row"].tolist() == list(range(2, 10))


def test_title_and_trailing_commas_together_through_the_cli(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _write(
        tmp_path,
        ["令和6年度 市民アンケート 自由記述一覧,,,", "id,人口規模,text,", *(r + "," for r in _survey(8))],
    )
    r = cli("corpus", "info", p)
    r.ok()
    assert "8" in r.out


def test_a_row_with_extra_fields_names_its_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    rows = _survey(6)
    rows[3] += ",余分,もう一つ"
    p = _write(tmp_path, ["id,人口規模,text", *rows])
    cli("corpus", "info", p).clean_error("line 5")


def test_header_only_csv_through_corpus_info_and_kwic(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _write(tmp_path, ["id,人口規模,text"])
    cli("corpus", "info", p).clean_error("no data rows")
    cli("kwic", p, "窓口").clean_error("no data rows")


def test_tsv_with_a_title_line(tmp_path: Path) -> None:
    lines = ["自由記述一覧", "id\t人口規模\ttext", *(r.replace(",", "\t") for r in _survey(6))]
    p = _write(tmp_path, lines, name="s.tsv")
    c = read_corpus(p)
    assert c.docs["text"].tolist() == answers(6)


def test_unreadable_layout_names_the_option(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # every line a different width: no header can be found
    p = _write(tmp_path, ["a", "b,c", "d,e,f,g", "h,i,j", "k,l,m,n,o,p"])
    cli("corpus", "info", p).clean_error("--header-row")
