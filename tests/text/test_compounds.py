"""Compound particles (複合辞) and familiar forms: sentences written for this test (no corpus text).

Each row: a sentence, the verb/noun lemma in it, and whether that word is a compound particle's part (dropped)
or a real word (counted). The test prints precision and recall of "dropped as a compound" and checks both.
"""

from __future__ import annotations

import pytest

from dxtext.text.tokenize import Tokenizer

# sentence, word as counted, is it part of a compound particle?
CASES = [
    ("新しい制度について説明した", "つく", True), ("この点につき確認する", "付く", True),
    ("地域による違いが大きい", "よる", True), ("担当課によって対応が違う", "よる", True),
    ("報告によれば増えている", "よる", True), ("研究において重要な点", "おく", True),
    ("本市における課題", "おく", True), ("市民に対して説明する", "対する", True),
    ("要望に対する回答", "対する", True), ("防災に関して意見がある", "関する", True),
    ("観光に関する調査", "関する", True), ("計画に基づいて実施する", "基づく", True),
    ("法律に基づき判断する", "基づく", True), ("研修を通じて学ぶ", "通じる", True),
    ("実現に向けて努力する", "向ける", True), ("目標に向けた取り組み", "向ける", True),
    ("住民にとって便利だ", "取る", True), ("導入にあたって検討した", "当たる", True),
    ("規模に応じて配分する", "応じる", True), ("方針に沿って進める", "沿う", True),
    ("昨年に比べて増えた", "比べる", True), ("予算に加えて人材も必要", "加える", True),
    ("年齢を問わず参加できる", "問う", True), ("協議を経て決定した", "経る", True),
    ("議論をめぐって対立した", "巡る", True), ("職員として働く", "職員", False),
    ("市民とともに考える", "共", True), ("天候にかかわらず開催する", "関わる", True),
    ("三日にわたって開かれた", "渡る", True), ("整備に伴い移転した", "伴う", True),
    # the same verbs as real verbs: counted
    ("駅に着く", "着く", False), ("気が付いた", "付く", False), ("服に汚れがついた", "付く", False),
    ("手に取って見る", "取る", False), ("リストに加えます", "加える", False), ("顔を向ける", "向ける", False),
    ("電話が通じる", "通じる", False), ("窓の外を比べる", "比べる", False), ("規則に従った", "従う", False),
    ("ボールが壁に当たった", "当たる", False), ("川を渡る", "渡る", False), ("指示に応じる", "応じる", False),
    ("道に沿う並木", "沿う", False), ("友と共に歩く", "共", True), ("理由を問う", "問う", False),
    ("荷物を持つ", "持つ", False), ("夜になると寒い", "なる", False),
]  # fmt: skip


def test_compound_particles_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    tok = Tokenizer(stopwords=None)
    tp = fp = fn = tn = 0
    wrong = []
    for sentence, word, compound in CASES:
        dropped = word not in tok(sentence)
        tp += dropped and compound
        fp += dropped and not compound
        fn += compound and not dropped
        tn += not dropped and not compound
        if dropped != compound:
            wrong.append((sentence, word, tok(sentence)))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    with capsys.disabled():
        print(
            f"\ncompound particles: {len(CASES)} sentences, precision {precision:.1%}, recall {recall:.1%}; {wrong}"
        )
    assert len(CASES) >= 30
    assert precision >= 0.95 and recall >= 0.95, wrong


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("そばを食べた", ["そば", "食べる"]),  # UniDic: 側
        ("家に帰る", ["家", "帰る"]),  # UniDic: 返る
        ("叔父と叔母", ["叔父", "叔母"]),  # UniDic: 伯父, 伯母
        ("奥さんとお嬢さんとお客様", ["奥さん", "お嬢さん", "お客様"]),
        ("山田さん", ["山田"]),  # a name and its honorific stay apart
        ("とてもきれいで寒さを感じる", ["綺麗", "寒い", "感じる"]),
        ("問題が生じるまま", ["問題", "生じる", "まま"]),
    ],
)
def test_familiar_forms(tokenizer: Tokenizer, sentence: str, expected: list[str]) -> None:
    assert tokenizer(sentence) == expected


def test_html_character_references_are_decoded() -> None:
    from dxtext.io.normalize import normalize_text

    assert normalize_text("待ち時間&hellip;長い") == "待ち時間...長い"  # NFKC folds … to ...
    assert (
        normalize_text("A&hArr;B R&amp;D &#12354;") == "A⇔B R&Dあ"
    )  # the space between ASCII and Japanese goes, as in any text
    assert normalize_text("AT&T &foo") == "AT&T &foo"
    assert normalize_text(normalize_text("&amp;amp;")) == normalize_text("&amp;amp;") == "&"
