"""The fast paths of reading a survey against the plain per-row steps they replace, on hostile strings.

``normalize_text`` skips steps that cannot change a text and replaces common full-width characters before the
general NFKC; the non-answer check runs over all texts at once; attribute columns are cleaned per distinct value
with an ASCII check in C; the minutes check stops early. Each is compared here with the plain reference (the
code as it was before the fast paths), so that the two cannot drift apart.
"""

from __future__ import annotations

import re
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxtext.io import normalize as N
from dxtext.io.compact import taken
from dxtext.io.ledger import _status_of, _statuses
from dxtext.io.minutes.table import (
    DETECT_MIN_ROWS,
    DETECT_SHARE,
    _stage_or_time,
    column_looks_like_minutes,
    labelled,
    looks_like_minutes,
)
from dxtext.io.survey import _clean_attr, _clean_attribute, _clean_column, _spread

# --- the plain reference ------------------------------------------------------------------------------


def _plain_tidy_line(line: str) -> str:
    line = N._SPACES_RE.sub(" ", line)
    return (N._MIXED_SPACE_RE.sub("", line) if " " in line else line).strip()


def plain_tidy_whitespace(text: str) -> str:
    text = "\n".join([_plain_tidy_line(line) for line in text.split("\n")])
    return (N._BLANKS_RE.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def plain_normalize(text: str) -> str:
    """Every step on every text, in order (normalize_text before its fast paths)."""
    return plain_tidy_whitespace(
        N.fold_waves(N.nfkc(N.fold_waves(N.remove_controls(N.decode_entities(text)))))
    )


def plain_looks_like_minutes(texts: list[str]) -> bool:
    rows = [t for t in texts if t and t.strip() and not _stage_or_time(t)]
    if len(rows) < DETECT_MIN_ROWS:
        return False
    return sum(labelled(t) for t in rows) >= DETECT_SHARE * len(rows)


# --- hostile strings ----------------------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\u3000\u3000",  # full-width spaces only
    "\n\n\n",
    "\t \u00a0\u3000\n",
    "県\u3000と\u3000国",  # ideographic spaces
    "NBSP\u00a0between\u00a0words",
    "一行目\r\n二行目\r三行目\r\n",  # CRLF, CR
    "段落1\n\n\n\n段落2\n \n\u3000\n段落3",
    "ゼロ\u200b幅\u200c文\u200d字\ufeff",  # zero-width characters, BOM
    "\u202e反転\u202c \u2066隔離\u2069 \u200e印\u200f",  # bidirectional controls
    "制御\x07文字\x1b\x7f\x85",
    "行\u2028区切り\u2029段落",
    "ｼｽﾃﾑ更新 ｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞ ﾊﾟﾊﾟ",  # half-width katakana (voiced marks compose)
    "ｶ\uff9eｷﾞ｡｢ｶｷﾞ｣､ﾃｽﾄ",  # half-width sound marks, punctuation
    "ＡＩ－ＯＣＲとＲＰＡ！？（２０２４年）",  # full-width ASCII
    "約 52 万 5,000 人、2021 年度から DX に",  # spaces between scripts
    "AI OCR と RPA、ＤＸ　推進",
    "mixed Ελληνικά русский 한국어 العربية 中文 日本語",  # mixed scripts
    "①マイナンバーカード②③ ㉑ ㊿ ①②",  # circled numbers kept
    "５～２０万人 5~20 人口５万人~２０万人 a~~～ ~〜~",  # waves
    "&amp;hellip; &hArr; &#12354; &#x3042; & plain &",  # HTML references
    "か\u3099が゛ぱ゜",  # combining and spacing sound marks (゛ → space + mark)
    "Ａ\u0301 e\u0301 ﬁ ㈱ ㍻ ℡ ½ ¨ ´",  # combining accents, compatibility characters
    "😀絵文字🇯🇵 𠮷野家",  # characters beyond the BMP
    "\u1680ogham\u1680 \u2000\u200a\u202f\u205f",  # other spaces
    "特になし",
    "特に　なし。",
    "ー",
    "・・・",
    "ｎａ",
    "N/A",
    "無回答 ",
    "\u200b",
    "\t\t特に無し\t",
    "  前後の空白\t\t",
    "short",
    "x" * 41 + " 特になし",
]

ALPHABET = "".join(
    dict.fromkeys("".join(HOSTILE) + " \t\n\r~～〜&;#0aZ。、！？" + "\u3000\u00a0\u200b\ufeff")
)


@pytest.mark.parametrize("text", HOSTILE)
def test_normalize_text_is_the_plain_steps(text: str) -> None:
    assert N.normalize_text(text) == plain_normalize(text)
    assert N.tidy_whitespace(text) == plain_tidy_whitespace(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_normalize_text_is_the_plain_steps_on_mixtures(text: str) -> None:
    assert N.normalize_text(text) == plain_normalize(text)
    assert N.tidy_whitespace(text) == plain_tidy_whitespace(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_normalize_text_is_the_plain_steps_on_any_text(text: str) -> None:
    assert N.normalize_text(text) == plain_normalize(text)


def test_what_the_fast_paths_rely_on() -> None:
    """A printable text has nothing for remove_controls nor for the blank runs but single spaces; the
    full-width table maps each character to its NFKD, which is also its NFKC."""
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if N._CONTROL_RE.match(c) or c in "\r\n\t":
            assert not c.isprintable(), hex(cp)
        if N._SPACES_RE.match(c) and c != " ":
            assert not c.isprintable(), hex(cp)
    for c, decomposed in N._WIDTH.items():
        assert N._WIDTH_RE.fullmatch(c)
        assert decomposed == unicodedata.normalize("NFKD", c) == unicodedata.normalize("NFKC", c)
    assert all(c in N._WIDTH for c in map(chr, range(0xFF01, 0xFF5F)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ！", "ABC!"),
        ("（株）と①", "(株)と①"),  # full-width brackets go, the circled number stays
        ("ｶﾞｲﾄﾞ　（２）", "ガイド (2)"),  # the table first, then the general NFKC for the half-width kana
        ("a~~～", "a〜〜〜"),  # the second fold of waves is kept (a~ next to a 〜 made by the first)
    ],
)
def test_normalize_text_examples(text: str, expected: str) -> None:
    assert N.normalize_text(text) == expected == plain_normalize(text)


# --- statuses -----------------------------------------------------------------------------------------


class _Strict(N.NonAnswerDetector):
    """A detector of the users' own: its __call__ decides, one text at a time."""

    def __call__(self, text: str, *, normalized: bool = False) -> bool:
        return text.startswith("ー")


@pytest.mark.parametrize(
    "detector",
    [
        N.NonAnswerDetector(),
        N.NonAnswerDetector(["未記入", "i\u0307", "ΣΑ", "[^]"]),
        _Strict(),
        N.NonAnswerDetector([]),
    ],
)
def test_statuses_are_the_plain_status_of_each_text(detector: N.NonAnswerDetector) -> None:
    cases = [
        "未記入",
        "ーー",
        "景色が良かった",
        "NA",
        "N/A.",
        "Nil",
        "NİL",
        "nİl",
        "NONE!",
        "Ｎｏｎｅ",
        "ΣΑ",
        "ｰ",
        "—",
    ]
    texts = [N.normalize_text(t) for t in [*HOSTILE, *cases]]
    assert _statuses(texts, detector) == [_status_of(t, detector) for t in texts]
    assert detector.flags(texts) == [detector(t, normalized=True) for t in texts]


# --- attribute columns --------------------------------------------------------------------------------


def _plain_clean(values: list[str]) -> list[str]:
    plain_ascii = re.compile(r"[!-~]+(?: [!-~]+)*")
    return [v if plain_ascii.fullmatch(v) else _clean_attr(v) for v in values]


COLUMNS = [
    ["202404-00001", "202404-00007", "202404-00001"],  # plain ASCII ids: kept as they are
    ["2024-04-01 22:50:26", "a  b", " lead", "trail ", "tab\there", "ok ok"],  # ASCII, some not plain
    ["女", "男", "女", "ＤＸ推進", "女\u3000", "女"],  # repeated values, two cleaning to the same one
    ["", "", "x", ""],
    ["1,000万円以上 1,200万円未満", "100万円未満", "1,000万円以上　1,200万円未満"],
]


@pytest.mark.parametrize("values", COLUMNS)
def test_attribute_columns_are_cleaned_as_each_value_would_be(values: list[str]) -> None:
    column = pd.Series(values, dtype="str")
    expected = _plain_clean(values)
    assert _clean_column(column).tolist() == expected
    assert _clean_column(column).dtype == column.dtype
    assert [str(v) for v in _clean_attribute(column).tolist()] == expected
    rows = np.array([len(values) - 1, -1, 0, 0, 1, -1, len(values) - 1] * 3, dtype=np.intp)
    spread, plain = _spread(column, rows), taken(_clean_column(column), rows, fill="")
    pd.testing.assert_series_equal(spread, plain, check_exact=True)
    assert spread.tolist() == [expected[r] if r >= 0 else "" for r in rows.tolist()]


# --- the minutes check --------------------------------------------------------------------------------

ROWS = [
    "○山田委員長 これより会議を開きます。",
    "○鈴木委員 質問します。",
    "◆１番（田中太郎君） 伺います。",
    "（「異議なし」と呼ぶ者あり）",
    "〔拍手〕",
    "午後３時散会",
    "景色が良かった",
    "二〇二四年の旅行",  # 〇 is a mark, but not a label
    "○理事選任の件",  # a mark that is not a speaker's label
    "",
    "  ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ROWS), max_size=40))
def test_the_minutes_check_stops_early_with_the_plain_answer(texts: list[str]) -> None:
    expected = plain_looks_like_minutes(texts)
    assert looks_like_minutes(texts) is expected
    assert looks_like_minutes(iter(texts), marked=len(texts)) is expected  # any upper bound will do
    assert column_looks_like_minutes(pd.Series(texts, dtype="str")) is expected


def test_the_minutes_check_on_a_large_survey_reads_few_rows() -> None:
    read = []

    def rows():  # type: ignore[no-untyped-def]
        for i in range(100_000):
            read.append(i)
            yield "景色が良かった"

    assert not looks_like_minutes(rows(), marked=3)
    assert len(read) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="特になしNnAa/İiΣσς ー・。景-^]\\", max_size=12))
def test_non_answer_flags_are_the_one_by_one_check(text: str) -> None:
    for detector in (N.NonAnswerDetector(), N.NonAnswerDetector(["nİl", "σa", "^]"])):
        assert detector.flags([text]) == [detector(text, normalized=True)]
