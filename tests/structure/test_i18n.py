"""The Japanese interface: every marked message has Japanese, the catalog is compiled, the language follows
the locale (LANG=ja_JP.UTF-8 → Japanese, C.UTF-8 → English) and --lang forces it."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_SURVEY, dxtext_in_language

SCRIPT = REPO / "scripts" / "i18n.py"


def _catalog_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("dxtext_i18n_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_has_english_and_japanese_and_the_mo_is_compiled() -> None:
    tool = _catalog_tool()
    found = tool.extract()
    assert len(found) > 300  # help of every command and option, errors, stages, columns, sheets
    assert tool.problems(found) == []


def test_the_check_catches_a_missing_translation_and_a_wrong_placeholder() -> None:
    tool = _catalog_tool()
    found = {(None, "{path}: cannot be read"): ["x.py:1"], (None, "two"): ["x.py:2"]}
    bad = tool.problems(found, {(None, "{path}: cannot be read"): "{file}: 読めません"})
    assert any("placeholders ['file']" in line for line in bad)
    assert any("no Japanese for 'two'" in line for line in bad)


def test_mo_round_trip_through_gettext(tmp_path: Path) -> None:
    import gettext

    tool = _catalog_tool()
    data = tool.mo_bytes(
        {(None, "hello"): "こんにちは", ("column", "word"): "語", (None, "untranslated"): ""}
    )
    path = tmp_path / "x.mo"
    path.write_bytes(data)
    with path.open("rb") as f:
        t = gettext.GNUTranslations(f)
    assert t.gettext("hello") == "こんにちは"
    assert t.pgettext("column", "word") == "語"
    assert t.gettext("untranslated") == "untranslated"


@pytest.mark.parametrize(
    "env,expected",
    [
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "ja_JP.eucJP", "LANG": "C"}, "ja"),
        ({"LANGUAGE": "ja:en", "LANG": "C"}, "ja"),
        ({"DXTEXT_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"DXTEXT_LANG": "ja", "LANG": "C"}, "ja"),
    ],
)
def test_language_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    from dxtext import i18n

    for var in ("DXTEXT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert i18n.detect() == expected


@pytest.mark.parametrize(
    "value,expected",
    [("ja", "ja"), ("ja_JP.UTF-8", "ja"), ("Japanese_Japan.932", "ja"), ("C", "en"), ("fr", None)],
)
def test_windows_and_posix_locale_names(value: str, expected: str | None) -> None:
    from dxtext.i18n import normalise

    assert normalise(value) == expected


def test_lang_option_may_stand_anywhere() -> None:
    from dxtext.i18n import argv_language, strip_lang

    argv = ["topics", "a.csv", "--lang", "ja", "--k", "4"]
    assert argv_language(argv) == "ja" and strip_lang(argv) == ["topics", "a.csv", "--k", "4"]
    assert argv_language(["--lang=en", "freq"]) == "en" and strip_lang(["--lang=en", "freq"]) == ["freq"]
    assert argv_language(["kwic", "x", "--", "--lang", "ja"]) is None


def _dxtext(*args: str, lang: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return dxtext_in_language(*args, lang=lang, tmp_path=tmp_path)


def test_help_and_errors_follow_lang(tmp_path: Path) -> None:
    ja = _dxtext("--help", lang="ja_JP.UTF-8", tmp_path=tmp_path)
    assert ja.returncode == 0 and "テキストマイニング" in ja.stdout and "オプション" in ja.stdout
    topics = _dxtext("topics", "--help", lang="ja_JP.UTF-8", tmp_path=tmp_path)
    assert (
        "トピック数 (既定" in topics.stdout and "オプション:" in topics.stdout and "[必須]" in topics.stdout
    )
    en = _dxtext("topics", "--help", lang="C.UTF-8", tmp_path=tmp_path)
    assert "Number of topics (default" in en.stdout and "トピック数 (既定" not in en.stdout
    # the error for a missing column: one line, Japanese, and still says what to do
    err = _dxtext("freq", str(SAMPLE_SURVEY), "--by", "地域", lang="ja_JP.UTF-8", tmp_path=tmp_path)
    assert err.returncode == 1 and err.stderr.count("\n") == 1
    assert (
        err.stderr.startswith("エラー: ")
        and "属性 '地域' がありません" in err.stderr
        and "'地方'" in err.stderr
    )
    err_en = _dxtext("freq", str(SAMPLE_SURVEY), "--by", "地域", lang="C.UTF-8", tmp_path=tmp_path)
    assert err_en.stderr.startswith("error: ") and "no attribute '地域'" in err_en.stderr
    forced = _dxtext(
        "freq", str(SAMPLE_SURVEY), "--by", "地域", "--lang", "ja", lang="C.UTF-8", tmp_path=tmp_path
    )
    assert forced.stderr.startswith("エラー: ")
    bad = _dxtext("--lang", "fr", "--help", lang="C.UTF-8", tmp_path=tmp_path)
    assert bad.returncode == 2 and "choose ja or en" in bad.stderr


def test_tables_for_people_are_in_the_interface_language(tmp_path: Path) -> None:
    run = _dxtext(
        "freq", str(SAMPLE_SURVEY), "--top", "5", "-q", "--lang", "ja", lang="C.UTF-8", tmp_path=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip().splitlines()[-1].endswith("を Excel で開いてください")
    (folder,) = [p for p in (tmp_path / "out").iterdir() if p.name != "latest"]
    with (folder / "freq.csv").open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["順位", "語", "品詞", "出現回数", "文書頻度", "文書頻度(%)"]
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["language"] == "ja"
    assert meta["columns"]["freq.csv"] == {
        "順位": "rank",
        "語": "word",
        "品詞": "word_class",
        "出現回数": "tf",
        "文書頻度": "df",
        "文書頻度(%)": "df_pct",
    }


def test_xlsx_sheets_and_headings_in_japanese(tmp_path: Path) -> None:
    import pandas as pd
    from openpyxl import load_workbook

    from dxtext import i18n
    from dxtext.render.tables import write_xlsx

    try:
        i18n.set_language("ja")
        write_xlsx(
            {"topics": pd.DataFrame({"topic": [1], "word": ["窓口"], "人口規模": ["小"]})},
            tmp_path / "t.xlsx",
        )
    finally:
        i18n.set_language(None)
    ws = load_workbook(tmp_path / "t.xlsx").worksheets[0]
    assert ws.title == "トピック"
    assert [c.value for c in ws[1]] == ["トピック", "語", "人口規模"]  # an attribute keeps its name


def test_windows_display_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, without LANG and friends, the user's display language decides (GetUserDefaultUILanguage:
    0x0411 is ja-JP); the locale name (Japanese_Japan.932) is the fallback."""
    from dxtext import i18n

    for var in ("DXTEXT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(i18n, "_windows_language", lambda: "ja")
    assert i18n.detect() == "ja"
    monkeypatch.setattr(i18n, "_windows_language", lambda: None)
    monkeypatch.setattr("locale.getlocale", lambda *a: ("Japanese_Japan", "932"))
    assert i18n.detect() == "ja"
    monkeypatch.setattr("locale.getlocale", lambda *a: ("English_United States", "1252"))
    assert i18n.detect() == "en"


def test_every_error_a_run_raises_is_japanese_when_asked() -> None:
    import dxtext.runs as r
    from dxtext import i18n
    from dxtext.errors import DxtextError

    try:
        i18n.set_language("ja")
        with pytest.raises(DxtextError, match="トピック数は 2 以上"):
            r.topics(str(SAMPLE_SURVEY), k=1, out=None)
        with pytest.raises(DxtextError, match="ファイルが見つかりません"):
            r.freq("no-such-file.csv")
    finally:
        i18n.set_language(None)
    with pytest.raises(DxtextError, match="the number of topics must be at least 2"):
        r.topics(str(SAMPLE_SURVEY), k=1, out=None)


# (rule text, the English line, the Japanese line): what is wrong and what to do, in both languages
RULE_ERRORS = [
    (
        "*人材\n(人材 and\n",
        "r.txt:2: and: the expression ends after an operator; add the condition that should follow.",
        "r.txt:2: and: 条件式が演算子で終わっています。続く条件を書き足してください。",
    ),
    (
        "*人材\n人材->名刺\n",
        "r.txt:2: 人材->名刺: unknown word class or conjugation form '名刺'; use a word class (名詞,",
        "r.txt:2: 人材->名刺: 品詞または活用形 '名刺' はありません。品詞 (名詞,",
    ),
    (
        "*A\n<*B>\n*B\n<*A>\n",
        "circle (A → B → A); remove one of the references.",
        "テーマが循環して参照し合っています (A → B → A)。参照のどれか 1 つを削除してください。",
    ),
]


@pytest.mark.parametrize("text,english,japanese", RULE_ERRORS)
def test_a_theme_rule_error_says_what_to_do_in_both_languages(text: str, english: str, japanese: str) -> None:
    from dxtext import i18n
    from dxtext.analysis.rules import parse_rules
    from dxtext.errors import RulesError

    with pytest.raises(RulesError) as en:
        parse_rules(text, source="r.txt")
    try:
        i18n.set_language("ja")
        with pytest.raises(RulesError) as ja:
            parse_rules(text, source="r.txt")
    finally:
        i18n.set_language(None)
    assert english in str(en.value) and japanese in str(ja.value)


def test_a_message_is_stored_in_english_and_shown_in_any_language() -> None:
    from dxtext import i18n
    from dxtext.i18n import Joined, Message, from_json, to_json

    try:
        i18n.set_language("ja")
        note = Message("K range {lo}..{hi} clipped to {new_lo}..{new_hi} ({n_docs} documents, {n_terms} words)",
                       lo=4, hi=16, new_lo=4, new_hi=9, n_docs=50, n_terms=80)  # fmt: skip
        reason = Message("K={k} was given (--k).", k=4)
        both = Message(" {notes}.", notes=Joined("; ", [reason, note]))
        assert str(reason) == "K = 4 は --k で指定された値です (K の選択は行っていません)。"
    finally:
        i18n.set_language(None)
    assert reason.english() == "K=4 was given (--k)."
    assert both.english() == " K=4 was given (--k).; K range 4..16 clipped to 4..9 (50 documents, 80 words)."
    assert both.in_language("ja").startswith("K = 4 は --k で指定された値です")
    back = from_json(json.loads(json.dumps(to_json(both))))
    assert isinstance(back, Message) and back.english() == both.english()
    assert back.in_language("ja") == both.in_language("ja")
