"""Bad input through the real command (``python -m dxtext``) in both interface languages: under
LANG=ja_JP.UTF-8 one Japanese line that still says what to do and exit code 1; under LANG=C.UTF-8 the same line
in English. click's own usage errors (an unknown option, a missing argument) follow the language too."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import SAMPLE_SURVEY, dxtext_in_language

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _dxtext(*args: str, lang: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return dxtext_in_language(*args, lang=lang, tmp_path=tmp_path)


def _blank_header(tmp_path: Path) -> Path:
    path = tmp_path / "blank_header.csv"
    path.write_text("id,,text\n1,a,窓口のオンライン化を進めたい\n2,b,電子申請が増えた\n", encoding="utf-8")
    return path


def _title_rows(tmp_path: Path) -> Path:
    path = tmp_path / "title.csv"
    path.write_text(
        "令和6年度 DX アンケート\nid,text\n1,窓口のオンライン化を進めたい\n2,電子申請が増えた\n",
        encoding="utf-8",
    )
    return path


# (name, arguments, words of the Japanese line, words of the English line); "{tmp}" files are written here
CASES = [
    (
        "missing --text-col column",
        lambda tmp: ["freq", str(SAMPLE_SURVEY), "--text-col", "感想"],
        ["--text-col の列 '感想' がありません", "列は '回答ID'"],
        ["no --text-col column '感想'", "Columns are:"],
    ),
    (
        "a header cell left blank",
        lambda tmp: ["freq", str(_blank_header(tmp))],
        ["見出しのセル B1 が空欄です", "1 行目ですべての列に名前を付けてください"],
        ["header cell B1 is blank", "give every column a name in row 1"],
    ),
    (
        "--header-row past a title-row layout",
        lambda tmp: ["freq", str(_title_rows(tmp)), "--header-row", "40"],
        ["--header-row 40 は読み込んだ行数 (4) を超えています", "列名のある行の番号を指定してください"],
        ["--header-row 40 is past the rows read (4)", "give the number of the row"],
    ),
    (
        "unknown --where attribute",
        lambda tmp: ["freq", str(SAMPLE_SURVEY), "--where", "地域=関東"],
        ["--where 地域=関東:", "属性 '地域' がありません", "地方"],
        ["--where 地域=関東:", "has no attribute '地域'", "地方"],
    ),
]


@pytest.mark.parametrize("name,args,ja_words,en_words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_one_line_in_the_interface_language(
    tmp_path: Path, name: str, args, ja_words: list[str], en_words: list[str]
) -> None:
    ja = _dxtext(*args(tmp_path), lang="ja_JP.UTF-8", tmp_path=tmp_path)
    assert ja.returncode == 1, ja.stderr
    assert ja.stderr.count("\n") == 1 and ja.stderr.startswith("エラー: "), ja.stderr
    for words in ja_words:
        assert words in ja.stderr, ja.stderr
    assert "Traceback" not in ja.stderr
    en = _dxtext(*args(tmp_path), lang="C.UTF-8", tmp_path=tmp_path)
    assert en.returncode == 1, en.stderr
    assert en.stderr.count("\n") == 1 and en.stderr.startswith("error: "), en.stderr
    for words in en_words:
        assert words in en.stderr, en.stderr
    # the English line has no Japanese but what the user typed or the file holds (names of columns)
    shown = en.stderr
    for typed in (
        "感想",
        "地域=関東",
        "地域",
        "地方",
        "人口規模",
        "部署",
        "職種",
        "回答ID",
        "回答年度",
        "問",
    ):
        shown = shown.replace(typed, "")
    assert not _JAPANESE.search(shown.split("Columns are:")[0].split("did you mean")[0]), en.stderr


def test_a_title_row_is_skipped_with_a_japanese_note(tmp_path: Path) -> None:
    run = _dxtext("corpus", "info", str(_title_rows(tmp_path)), lang="ja_JP.UTF-8", tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "2 行目を見出し行とし、その上の 1 行" in run.stdout + run.stderr


@pytest.mark.parametrize(
    "args,ja,en",
    [
        (["topics", "--nope"], "--nope というオプションはありません", "No such option: --nope"),
        (["kwic"], "引数 'path' がありません。", "Missing argument 'path'."),
        (["topics", "x.csv", "--k", "abc"], "整数を指定してください", "Input should be a valid integer"),
    ],
)
def test_click_usage_errors_follow_the_language(tmp_path: Path, args: list[str], ja: str, en: str) -> None:
    out = _dxtext(*args, lang="ja_JP.UTF-8", tmp_path=tmp_path)
    assert out.returncode == 2
    lines = out.stderr.splitlines()
    assert lines[0].startswith("使い方: ") and "ヘルプは '" in lines[1] and lines[-1].startswith("エラー: ")
    assert ja in lines[-1]
    out = _dxtext(*args, lang="C.UTF-8", tmp_path=tmp_path)
    assert out.returncode == 2
    lines = out.stderr.splitlines()
    assert lines[0].startswith("Usage: ") and lines[1].startswith("Try '") and lines[-1].startswith("Error: ")
    assert en in lines[-1]


def test_help_usage_line_and_help_option(tmp_path: Path) -> None:
    ja = _dxtext("topics", "--help", lang="ja_JP.UTF-8", tmp_path=tmp_path)
    assert ja.stdout.startswith("使い方: ") and "このヘルプを表示して終了します。" in ja.stdout
    en = _dxtext("topics", "--help", lang="C.UTF-8", tmp_path=tmp_path)
    assert en.stdout.startswith("Usage: ") and "Show this message and exit." in en.stdout
