"""Speaker roles, procedure and KH Coder's sentence rule in meeting records (dxtext.io.minutes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxtext.io.corpus import read_corpus
from dxtext.io.minutes import split_minutes
from dxtext.io.minutes.khcoder import kh_sentences
from dxtext.io.minutes.procedure import is_procedural
from dxtext.io.minutes.roles import parse_label, role_of

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "minutes"

# (line, speaker label, name, title, role)
LABELS = [
    ("○山田委員長これより会議を開きます。", "山田委員長", "山田", "委員長", "chair"),
    ("○山田委員長　これより会議を開きます。", "山田委員長", "山田", "委員長", "chair"),
    ("○山田太郎君　質問いたします。", "山田太郎君", "山田太郎", "", "member"),
    ("○１番（山田太郎君）　質問いたします。", "１番（山田太郎君）", "山田太郎", "1番", "member"),
    ("○１２番（佐藤花子君）質問いたします。", "１２番（佐藤花子君）", "佐藤花子", "12番", "member"),
    ("○山田（太）委員　質問いたします。", "山田（太）委員", "山田（太）", "委員", "member"),
    ("○安藤（じ）委員質問いたします。", "安藤（じ）委員", "安藤（じ）", "委員", "member"),
    ("○市長（山田太郎君）　お答えいたします。", "市長（山田太郎君）", "山田太郎", "市長", "executive"),
    (
        "○総務部長（野口健太君）　お答えします。",
        "総務部長（野口健太君）",
        "野口健太",
        "総務部長",
        "executive",
    ),
    ("○議長（宮本幸雄君）　ただいまから会議を開きます。", "議長（宮本幸雄君）", "宮本幸雄", "議長", "chair"),
    ("◆石井（健）委員　伺います。", "石井（健）委員", "石井（健）", "委員", "member"),
    (
        "◎坂口デジタル推進室長　お答えします。",
        "坂口デジタル推進室長",
        "坂口",
        "デジタル推進室長",
        "executive",
    ),
    (
        "○大倉環境影響評価課長　ご説明します。",
        "大倉環境影響評価課長",
        "大倉",
        "環境影響評価課長",
        "executive",
    ),
    ("○東岡計画官　開催いたします。", "東岡計画官", "東岡", "計画官", "executive"),
    ("○高村部会長　ありがとうございます。", "高村部会長", "高村", "部会長", "chair"),
    ("○佐々木企画課長　お答えします。", "佐々木企画課長", "佐々木", "企画課長", "executive"),
    ("○山田君子委員　質問します。", "山田君子委員", "山田君子", "委員", "member"),
    ("○参考人（若林正人君）　お答えいたします。", "参考人（若林正人君）", "若林正人", "参考人", "witness"),
    ("○森政府参考人　お答えいたします。", "森政府参考人", "森", "政府参考人", "executive"),
    ("○山下国務大臣　お答えいたします。", "山下国務大臣", "山下", "国務大臣", "executive"),
    ("○書記（田中一郎君）　朗読いたします。", "書記（田中一郎君）", "田中一郎", "書記", "clerk"),
    ("○事務局長（田中一郎君）　報告いたします。", "事務局長（田中一郎君）", "田中一郎", "事務局長", "clerk"),
    ("○副議長　再開します。", "副議長", "", "副議長", "chair"),
]


@pytest.mark.parametrize(("line", "speaker", "name", "title", "role"), LABELS)
def test_label_forms(line: str, speaker: str, name: str, title: str, role: str) -> None:
    units = split_minutes(
        line + "\n○高橋委員　以上で質問を終わります。\n", unit="speaker", keep_procedure=True
    )
    u = units[0]
    got = (u.attrs["speaker"], u.attrs["speaker_name"], u.attrs["speaker_title"], u.attrs["role"])
    assert got == (speaker, name, title, role)
    assert u.text.endswith("。") and not u.text.startswith(title or "\u0000")


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("委員長", "chair"),
        ("副委員長", "chair"),
        ("部会長", "chair"),
        ("分科会長", "chair"),
        ("座長", "chair"),
        ("委員", "member"),
        ("議員", "member"),
        ("3番", "member"),
        ("理事", "member"),
        ("教育委員長", "executive"),
        ("区長", "executive"),
        ("知事", "executive"),
        ("大臣政務官", "executive"),
        ("審議官", "executive"),
        ("理事者", "executive"),
        ("公述人", "witness"),
        ("議会事務局長", "clerk"),
        ("司会", "other"),
    ],
)
def test_role_of_titles(title: str, role: str) -> None:
    assert role_of(title) == role


@pytest.mark.parametrize("label", ["理事選任の件", "午後１時００分開会", "日程第１", ""])
def test_not_labels(label: str) -> None:
    assert parse_label(label) is None


def test_opening_block_agenda_lines_are_not_speeches() -> None:
    text = (
        "会議録情報\n本日の会議に付した案件\n ○理事選任の件\n ○特別委員長互選\n ○午前十時開議\n"
        "○竹内委員長これより会議を開きます。\n○谷委員　地方の財政について伺います。\n"
    )
    units = split_minutes(text, unit="speaker", keep_procedure=True)
    header = [u for u in units if u.attrs["kind"] == "header"]
    assert "理事選任の件" in header[0].text and "特別委員長互選" in header[0].text
    assert [u.attrs["speaker"] for u in units if u.attrs["kind"] == "body"] == ["竹内委員長", "谷委員"]


def test_time_lines_between_turns_are_procedural_units() -> None:
    text = "○山田委員長　暫時休憩いたします。\n　　午後２時休憩\n　　午後２時１０分再開\n○佐藤委員　水道料金について伺います。\n"
    units = split_minutes(text, unit="speaker")
    assert [(u.attrs["speaker"], u.attrs["procedure"]) for u in units] == [
        ("山田委員長", "procedural"),
        ("", "procedural"),
        ("", "procedural"),
        ("佐藤委員", "substantive"),
    ]


# (sentence, role, procedural?)
PROCEDURE = [
    ("それでは、井上委員、お願いいたします。", "chair", True),
    ("ありがとうございました。", "member", True),
    ("ご説明ありがとうございました。", "chair", True),
    ("以上です。", "member", True),
    ("お答えいたします。", "executive", True),
    ("御異議ございませんか。", "chair", True),
    ("お諮りいたします。", "chair", True),
    ("以上で質疑を終了いたします。", "chair", True),
    ("本案は原案のとおり可決されました。", "chair", True),
    ("日程第１、一般質問を行います。", "chair", True),
    ("教育長。", "chair", True),
    ("午後１時００分開会", "other", True),
    ("午前十時四十二分散会", "other", True),
    ("窓口のオンライン申請について伺います。", "member", False),
    ("避難所運営マニュアルは本年度中に改定する予定でございます。", "executive", False),
    ("ご意見をいただきたいと思います。", "member", False),  # only the chair's cue, not a member's
    ("異論のないところです。", "member", False),  # not a self-introduction
    ("移行後の運用経費が約一・四倍になると試算しております。", "witness", False),
]


@pytest.mark.parametrize(("sentence", "role", "expected"), PROCEDURE)
def test_procedural_sentences(sentence: str, role: str, expected: bool) -> None:
    assert is_procedural(sentence, role) is expected


def test_self_introduction_needs_the_speakers_name() -> None:
    assert is_procedural("連合の井上です。", "member", "井上")
    assert not is_procedural("連合の井上です。", "member", "佐藤")


def test_mixed_turn_keeps_its_substance() -> None:
    text = (
        "○田中委員長　ありがとうございます。本日の議論を踏まえ、計画案を修正します。\n○佐藤委員　了解です。\n"
    )
    (chair, _) = split_minutes(text, unit="speaker")
    assert chair.text == "本日の議論を踏まえ、計画案を修正します。"
    assert (chair.attrs["procedure"], chair.attrs["procedural_sentences"]) == ("substantive", "1")
    (kept, _) = split_minutes(text, unit="speaker", keep_procedure=True)
    assert kept.text.startswith("ありがとうございます。")


# --------------------------------------------------------------------------------------------------------------
# The sample records written for dxtext (corpora/minutes): (file, chair, member, executive, witness, other,
# procedural units)
SAMPLE_ROLES = [
    ("higashihara-town-committee-sample.txt", 16, 13, 13, 0, 3, 18),
    ("wakaba-city-assembly-plenary-sample.txt", 10, 6, 6, 0, 1, 11),
    ("diet-committee-sample.txt", 7, 6, 3, 1, 1, 9),
]


@pytest.mark.parametrize(
    ("name", "chair", "member", "executive", "witness", "other", "procedural"), SAMPLE_ROLES
)
def test_sample_records(
    name: str, chair: int, member: int, executive: int, witness: int, other: int, procedural: int
) -> None:
    corpus = read_corpus(SAMPLES / name)
    roles = corpus.docs["role"].value_counts().to_dict()
    assert roles == {
        k: v
        for k, v in dict(
            chair=chair, member=member, executive=executive, witness=witness, other=other
        ).items()
        if v
    }
    t = corpus.ledger.totals
    assert t["procedural"] == procedural and corpus.ledger.balanced()
    assert t["documents"] == t["used"] + t["procedural"] + t["empty"] + t["non_answer"]
    # every chair unit but one is procedure in these records; members' questions never are
    assert (corpus.docs.loc[corpus.docs["role"] == "member", "status"] == "used").sum() >= member - 1
    kept = read_corpus(SAMPLES / name, keep_procedure=True)
    assert len(kept.docs) == len(corpus.docs) and kept.ledger.totals["procedural"] == 0


def test_council_minutes_roles(council_minutes: Path) -> None:
    corpus = read_corpus(council_minutes, unit="speaker")
    docs = corpus.docs
    assert len(docs) == 85
    by_role = docs.groupby("role")["speaker_title"].agg(lambda s: sorted(set(s))).to_dict()
    assert by_role == {"chair": ["部会長"], "executive": ["環境影響評価課長", "計画官"], "member": ["委員"]}
    assert docs["role"].value_counts().to_dict() == {"chair": 43, "member": 36, "executive": 6}
    chair = docs[docs["role"] == "chair"]
    assert (chair["status"] == "procedural").sum() >= 35  # calling members by name and thanking them
    assert (docs.loc[docs["role"] == "member", "status"] == "used").sum() >= 34
    assert "髙橋（清）" in set(docs["speaker_name"])  # 姓（名の一字）
    assert corpus.ledger.balanced()


# --------------------------------------------------------------------------------------------------------------
# KH Coder's sentences: every 。 ends one (inside 「」 too), a line break ends one, ！？ do not


@pytest.mark.parametrize(
    ("line", "sentences"),
    [
        ("「はい。そうです。」と答えた。", ["「はい。", "そうです。", "」と答えた。"]),
        ("本当か！そうだ？わからない。", ["本当か！そうだ？わからない。"]),
        ("行末に句点のない文", ["行末に句点のない文"]),
        ("一つ。二つ。", ["一つ。", "二つ。"]),
        ("（注。補足。）以上。", ["（注。", "補足。", "）以上。"]),
        ("   ", []),
    ],
)
def test_kh_sentences(line: str, sentences: list[str]) -> None:
    assert kh_sentences(line) == sentences


def test_khcoder_units_count_like_khcoder() -> None:
    text = (
        "<h1>上 先生と私</h1>\n<h2>一</h2>\n私はその人を常に先生と呼んでいた。「なぜ。」と聞いた\n"
        "そうか！　そうだ。\n\n<h2>二</h2>\n<h3></h3>\n海へ行った。\n"
    )
    sentences = split_minutes(text, unit="sentence", markup="khcoder")
    paragraphs = split_minutes(text, unit="paragraph", markup="khcoder")
    assert [s.text for s in sentences] == [
        "上 先生と私",
        "一",
        "私はその人を常に先生と呼んでいた。",
        "「なぜ。",
        "」と聞いた",
        "そうか！　そうだ。",
        "二",
        "海へ行った。",
    ]
    assert [s.attrs["heading"] for s in sentences].count("") == 5  # the empty <h3> is no sentence
    assert len(paragraphs) == 3
