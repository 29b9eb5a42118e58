"""Word records (.docx) read as text: paragraphs as lines, heading styles as headings, tables' cells as lines,
speaker records as for .txt. Every .docx is made here with python-docx; none is committed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from dxtext.errors import CorpusError
from dxtext.io.corpus import read_corpus
from dxtext.io.docx import heading_level, word_text


def _report(path: Path, *, japanese_styles: bool = False) -> Path:
    """A 議事概要 as a secretariat writes it: a title (Heading 1), two parts (Heading 2), prose, a table."""
    d = docx.Document()
    if japanese_styles:  # styles named as a Japanese Word names them in its own files
        for level in (1, 2):
            d.styles[f"Heading {level}"].name = f"見出し {level}"
        title, part = "見出し 1", "見出し 2"
        d.add_paragraph("令和6年度 DX推進本部会議", style=title)
        d.add_paragraph("日時: 令和6年5月10日")
        d.add_paragraph("1. 窓口のデジタル化", style=part)
    else:
        d.add_heading("令和6年度 DX推進本部会議", level=1)
        d.add_paragraph("日時: 令和6年5月10日")
        d.add_heading("1. 窓口のデジタル化", level=2)
    d.add_paragraph("オンライン申請の件数が増えている。窓口の待ち時間を減らしたい。")
    d.add_paragraph("書かない窓口を来年度から始める。")
    table = d.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "課題"
    table.cell(0, 1).text = "対応"
    table.cell(1, 0).text = "職員の研修が足りない"
    table.cell(1, 1).text = "研修計画を作る"
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "予算は次回に検討する"
    if japanese_styles:
        d.add_paragraph("2. 人材育成", style=part)
    else:
        d.add_heading("2. 人材育成", level=2)
    p = d.add_paragraph("デジタル人材の確保が難しい。")
    p.add_run().add_break(WD_BREAK.LINE)
    p.add_run("外部人材の登用も検討する。")
    d.add_paragraph("")  # an empty paragraph is no line
    out = path / ("report_ja.docx" if japanese_styles else "report.docx")
    d.save(out)
    return out


# (unit, texts of the units) — headings are part of the h-units as in KH Coder, not of paragraph units
EXPECTED = {
    "paragraph": [
        "日時: 令和6年5月10日",
        "オンライン申請の件数が増えている。窓口の待ち時間を減らしたい。",
        "書かない窓口を来年度から始める。",
        "課題",
        "対応",
        "職員の研修が足りない",
        "研修計画を作る",
        "予算は次回に検討する",
        "デジタル人材の確保が難しい。",
        "外部人材の登用も検討する。",
    ],
}


@pytest.mark.parametrize("japanese_styles", [False, True], ids=["Heading", "見出し"])
def test_paragraphs_and_table_cells_are_lines(tmp_path: Path, japanese_styles: bool) -> None:
    corpus = read_corpus(_report(tmp_path, japanese_styles=japanese_styles), unit="paragraph")
    assert corpus.docs["text"].tolist() == EXPECTED["paragraph"]
    assert corpus.docs["h1"].unique().tolist() == ["令和6年度 DX推進本部会議"]
    assert corpus.docs["h2"].tolist()[1:8] == ["1. 窓口のデジタル化"] * 7
    assert corpus.docs["h2"].tolist()[8:] == ["2. 人材育成"] * 2
    assert corpus.ledger.balanced() and corpus.ledger.files[0].format == "docx/khcoder"
    assert corpus.options["markup"] == "khcoder"


def test_rows_are_word_paragraph_numbers(tmp_path: Path) -> None:
    corpus = read_corpus(_report(tmp_path), unit="paragraph")
    # 1 title, 2 日時, 3 heading, 4–5 prose, 6–10 the table's five distinct cells, 11 heading, 12 (two lines)
    assert corpus.docs["row"].tolist() == [2, 4, 5, 6, 7, 8, 9, 10, 12, 12]


@pytest.mark.parametrize("japanese_styles", [False, True], ids=["Heading", "見出し"])
def test_heading_units(tmp_path: Path, japanese_styles: bool) -> None:
    path = _report(tmp_path, japanese_styles=japanese_styles)
    h2 = read_corpus(path, unit="h2")
    assert h2.docs["h2"].tolist() == ["1. 窓口のデジタル化", "2. 人材育成"]
    assert h2.docs["text"].iloc[0].endswith("研修計画を作る\n予算は次回に検討する")
    assert h2.docs["text"].iloc[1] == "デジタル人材の確保が難しい。\n外部人材の登用も検討する。"
    h1 = read_corpus(path, unit="h1")
    assert len(h1.docs) == 1 and "外部人材の登用" in h1.docs["text"].iloc[0]
    # sections: the top level used more than once (the lone Heading 1 is the title)
    section = read_corpus(path, unit="section")
    assert section.docs["text"].tolist() == h2.docs["text"].tolist()
    assert section.options["unit"] == "h2"


def test_sentences_keep_the_heading_attribute(tmp_path: Path) -> None:
    corpus = read_corpus(_report(tmp_path), unit="sentence")
    first = corpus.docs.iloc[0]
    assert first["text"] == "令和6年度DX推進本部会議" and first["heading"] == "h1"
    assert "窓口の待ち時間を減らしたい。" in corpus.docs["text"].tolist()


def test_outline_level_of_a_custom_style_is_a_heading(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    d = docx.Document()
    style = d.styles.add_style("議題", WD_STYLE_TYPE.PARAGRAPH)
    ppr = style.element.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    ppr.append(level)
    d.add_paragraph("議題1 窓口", style="議題")
    d.add_paragraph("書かない窓口を始める。")
    d.add_paragraph("議題2 人材", style="議題")
    d.add_paragraph("研修を増やす。")
    d.save(tmp_path / "custom.docx")
    assert [heading_level(p) for p in docx.Document(str(tmp_path / "custom.docx")).paragraphs] == [
        1,
        None,
        1,
        None,
    ]
    corpus = read_corpus(tmp_path / "custom.docx", unit="section")
    assert corpus.docs["h1"].tolist() == ["議題1 窓口", "議題2 人材"]


def test_speaker_record_in_word_is_read_as_the_txt(tmp_path: Path) -> None:
    """Minutes pasted into Word (agenda items in a heading style): the speaker parser as for the .txt."""
    lines = [
        "○山田委員長　ただいまから総務委員会を開会いたします。",
        "窓口のデジタル化について、説明を求めます。",
        "○佐藤デジタル推進課長　オンライン申請の件数は昨年度の二倍になりました。",
        "○鈴木委員　高齢者への支援はどうなっていますか。",
        "○佐藤デジタル推進課長　出張窓口で操作を案内しています。",
        "○山田委員長　以上で本日の委員会を散会いたします。",
    ]
    d = docx.Document()
    d.add_heading("窓口のデジタル化について", level=2)
    for line in lines:
        d.add_paragraph(line)
    d.save(tmp_path / "minutes.docx")
    (tmp_path / "minutes.txt").write_text(
        "窓口のデジタル化について\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    from_word = read_corpus(tmp_path / "minutes.docx")
    from_text = read_corpus(tmp_path / "minutes.txt")
    assert from_word.options["markup"] == "speaker" and from_word.options["unit"] == "speaker"
    columns = ["text", "status", "speaker", "role"]
    assert from_word.docs[columns].to_dict("records") == from_text.docs[columns].to_dict("records")
    assert set(from_word.docs["role"]) == {"chair", "executive", "member"}
    assert from_word.ledger.balanced()


def test_plain_word_file_is_paragraphs(tmp_path: Path) -> None:
    d = docx.Document()
    for text in ("窓口の待ち時間が長い。", "電子申請の画面が分かりにくい。", "職員の研修を増やしてほしい。"):
        d.add_paragraph(text)
    d.save(tmp_path / "plain.docx")
    wt = word_text(tmp_path / "plain.docx")
    assert wt.text.split("\n") == [
        "窓口の待ち時間が長い。",
        "電子申請の画面が分かりにくい。",
        "職員の研修を増やしてほしい。",
    ]
    assert not wt.markup_headings
    corpus = read_corpus(tmp_path / "plain.docx")
    assert len(corpus.docs) == 3 and corpus.ledger.files[0].format == "docx/plain"


def test_word_record_refuses_table_options(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="Word record is split with --unit"):
        read_corpus(_report(tmp_path), text_cols=["text"])
    with pytest.raises(CorpusError, match="Word record is split with --unit"):
        read_corpus(_report(tmp_path), header_row=2)


def test_corpus_cache_keeps_a_word_record(tmp_path: Path) -> None:
    path = _report(tmp_path)
    first = read_corpus(path, unit="paragraph", cache_dir=tmp_path / "cache")
    again = read_corpus(path, unit="paragraph", cache_dir=tmp_path / "cache")
    assert again.docs.equals(first.docs) and again.content_hash == first.content_hash


def test_a_zip_without_a_document_is_named(tmp_path: Path) -> None:
    p = tmp_path / "book.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(CorpusError, match=r"without word/document\.xml"):
        read_corpus(p)
