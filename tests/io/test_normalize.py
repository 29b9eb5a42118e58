"""Normalisation choices and non-answer detection, as tables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxtext.io.normalize import NonAnswerDetector, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＩ－ＯＣＲとＲＰＡ", "AI-OCRとRPA"),  # full-width ASCII → half-width
        ("ｼｽﾃﾑ更新", "システム更新"),  # half-width katakana → full-width
        ("①マイナンバーカード", "①マイナンバーカード"),  # circled numbers are kept (structural markers)
        ("５～２０万人", "5〜20万人"),  # ～ (U+FF5E) → 〜
        ("5〜20万人", "5〜20万人"),
        ("人口５万人~２０万人", "人口5万人〜20万人"),
        ("県　と　国", "県 と 国"),  # ideographic space → one space
        ("  前後の空白\t\t", "前後の空白"),
        ("約 52 万 5,000 人、2021 年度から DX に", "約52万5,000人、2021年度からDXに"),  # PDF spacing
        ("AI OCR と RPA", "AI OCRとRPA"),
        ("一行目\r\n二行目\r三行目", "一行目\n二行目\n三行目"),
        ("段落1\n\n\n\n段落2", "段落1\n\n段落2"),
        ("制御\x07文字\x1b", "制御文字"),
        ("\ufeff先頭のBOM", "先頭のBOM"),
        ("「かぎ括弧」と“引用符”", "「かぎ括弧」と“引用符”"),  # quotes are left alone
        ("㈱ベンダー", "(株)ベンダー"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("answer", "is_non_answer"),
    [
        ("特になし", True),
        ("特になし。", True),
        ("特にありません", True),
        ("とくになし", True),
        ("なし", True),
        ("無し", True),
        ("無回答", True),
        ("同上", True),
        ("上記と同じ", True),
        ("わからない", True),
        ("分かりません。", True),
        ("該当なし", True),
        ("ー", True),
        ("-", True),
        ("・・・", True),
        ("N/A", True),
        ("", False),  # empty is counted as empty, not as a non-answer
        ("特になし、満足しています", False),
        ("人が足りない", False),
        ("ない袖は振れない", False),
        ("システムがない", False),
    ],
)
def test_non_answers(answer: str, is_non_answer: bool) -> None:
    assert NonAnswerDetector()(answer) is is_non_answer


def test_non_answer_list_is_configurable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "extra.txt"
    path.write_text(
        "# 自団体の回答システムが入れる定型文\n回答なし（システム）\nスキップ\n", encoding="utf-8"
    )
    d = NonAnswerDetector.from_file(path)
    assert d("スキップ") and d("回答なし（システム）") and d("特になし")
    assert not NonAnswerDetector()("スキップ")


# The fast paths of fold_waves and tidy_whitespace (skipping a regular expression that cannot match) give what
# the plain chain of substitutions gives.
_TRICKY = "~～〜 \t\u00a0\u2003\u202f\u205f\n\r\x00\u200baZ09あア漢ｱ①&;#"


def _plain_normalize(text: str) -> str:
    from dxtext.io import normalize as n

    def waves(t: str) -> str:
        return n._WAVE_RE.sub("〜", t)

    def tidy(t: str) -> str:
        lines = [n._MIXED_SPACE_RE.sub("", n._SPACES_RE.sub(" ", line)).strip() for line in t.split("\n")]
        return n._BLANKS_RE.sub("\n\n", "\n".join(lines)).strip()

    return tidy(waves(n.nfkc(waves(n.remove_controls(n.decode_entities(text))))))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=40) | st.text(max_size=40))
def test_fast_paths_equal_the_plain_substitutions(text: str) -> None:
    assert normalize_text(text) == _plain_normalize(text)
