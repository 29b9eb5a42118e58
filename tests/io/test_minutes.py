"""Tests of dxtext.io.minutes: meeting records → units (sections, bullets, Q/A turns, speaker turns, KH Coder)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxtext.errors import CorpusError
from dxtext.io.minutes import MinutesUnit, detect_markup, split_minutes, split_sentences

DATA = Path(__file__).resolve().parents[1] / "data"
# The shared corpora sit beside the repository (../shared), in a checkout and in CI alike; read in place.
SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpora"
RECORD = SHARED / "minutes" / "toshi-center-dx-study-group-02.txt"

TOPIC = "○ 原委員からの話題提供「姫路市のデジタル化・DXの推進について」"
DISCUSSION = "○ 意見交換"
PART1 = "1. 委員からの話題提供・意見交換"
PART2 = "2. アンケート調査の設計"

# Checked by reading the record by eye: (part, subsection, section heading, bullet units, of which "→" answers).
# Bullet units are ・ bullets, → answers and "- " items; 意見交換 ① has one question and two "- " replies,
# ⑤ has "…事実。→その一方で…" on one line (two answers).
EXPECTED_SECTIONS: list[tuple[str, str, str, int, int]] = [
    (PART1, TOPIC, "①姫路市の特性と課題", 2, 0),
    (PART1, TOPIC, "②デジタル化・DXに関する市の計画・戦略", 2, 0),
    (PART1, TOPIC, "③行政手続き・窓口サービスのデジタル化・DX", 3, 0),
    (PART1, TOPIC, "④マイナンバー制度の推進", 2, 0),
    (PART1, TOPIC, "⑤データ利活用の推進", 4, 0),
    (PART1, TOPIC, "⑥デジタルを活用した業務改革", 1, 0),
    (PART1, TOPIC, "⑦デジタル人材の育成・確保", 3, 0),
    (PART1, TOPIC, "⑧デジタル分野における広域連携", 3, 0),
    (PART1, DISCUSSION, "①マイナンバーカード普及のための取り組みについて", 3, 2),
    (PART1, DISCUSSION, "②マイナンバーカード活用の可能性について", 4, 2),
    (PART1, DISCUSSION, "③データと課題発見・課題設定の関係について", 6, 3),
    (PART1, DISCUSSION, "④広域連携を通じたオープンデータ推進の意義について", 2, 1),
    (PART1, DISCUSSION, "⑤デジタル分野における県との関係・連携について", 6, 4),
    (PART1, DISCUSSION, "⑥デジタル化・DXを推進していくための中核的な人材の育成について", 4, 3),
    (PART2, "○ 調査の趣旨について", "○ 調査の趣旨について", 1, 0),
    (PART2, "○ 調査の実施手順等について", "○ 調査の実施手順等について", 3, 0),
    (PART2, "○ 質問項目について", "○ 質問項目について", 4, 0),
    ("3. その他", "", "3. その他", 1, 0),
]

# a ・ that starts a bullet: after a sentence end or a blank (a ・ between two words, as in 化・DX, is a 中黒)
GLUED_BULLET = re.compile(r"[。．！？!?\s][・･•]")


@pytest.fixture(scope="module")
def record() -> str:
    if not RECORD.is_file():
        pytest.skip(f"shared corpora not found at {SHARED}")
    return RECORD.read_text(encoding="utf-8")


def body(units: list[MinutesUnit]) -> list[MinutesUnit]:
    return [u for u in units if u.attrs["kind"] == "body"]


def containing(units: list[MinutesUnit], fragment: str) -> MinutesUnit:
    hits = [u for u in units if fragment in u.text]
    assert len(hits) == 1, f"{fragment!r} in {len(hits)} units"
    return hits[0]


# --------------------------------------------------------------------------------------------------------------
# The shared 議事概要


def test_record_is_outline(record: str) -> None:
    assert detect_markup(record) == "outline"


def test_sections_of_the_record(record: str) -> None:
    units = body(split_minutes(record, unit="section"))
    got = [
        (
            u.attrs["part"],
            u.attrs["subsection"],
            u.attrs["section"],
            int(u.attrs["bullets"]),
            int(u.attrs["answers"]),
        )
        for u in units
    ]
    assert got == EXPECTED_SECTIONS
    # a section's text is its bullets, one per line; its line is the heading's line
    lines = record.splitlines()
    for u in units:
        assert u.text.count("\n") + 1 == int(u.attrs["bullets"])
        assert lines[u.line - 1].strip() == u.attrs["section"]


def test_section_counts_agree_with_bullets(record: str) -> None:
    bullets = body(split_minutes(record, unit="bullet"))
    sections = body(split_minutes(record, unit="section"))
    assert sum(int(u.attrs["bullets"]) for u in sections) == len(bullets) == 54
    for s in sections:
        mine = [
            b
            for b in bullets
            if b.attrs["section"] == s.attrs["section"] and b.attrs["part"] == s.attrs["part"]
        ]
        assert len(mine) == int(s.attrs["bullets"])
        assert s.text == "\n".join(b.text for b in mine)


def test_bullets_are_never_glued(record: str) -> None:
    for u in body(split_minutes(record, unit="bullet")):
        assert u.text and u.text[0] not in "・･•→-", u.text[:20]
        assert not GLUED_BULLET.search(u.text), u.text
        assert "\n" not in u.text
    # and no bullet of the input is lost: one non-answer unit per ・ line; the answers are the → lines, plus the
    # "…。→…" glued on line 121, plus the two "- " replies of 意見交換 ①
    lines = record.splitlines()
    n_bullet_lines = sum(1 for x in lines if re.match(r"\s*(?:-\s*)?・", x))
    n_answer_lines = sum(1 for x in lines if x.startswith("→"))
    units = body(split_minutes(record, unit="bullet"))
    assert sum(u.attrs["turn"] != "answer" for u in units) == n_bullet_lines == 39
    assert sum(u.attrs["turn"] == "answer" for u in units) == n_answer_lines + 1 + 2 == 15


def test_page_break_debris_is_joined_into_its_bullet(record: str) -> None:
    units = body(split_minutes(record, unit="bullet"))
    # "…を利用したデ" + blank + "デジタル・マネージャーといった外部有識者…" is one bullet (glued without a space)
    u = containing(units, "外部有識者")
    assert "デジタル戦略タスクフォース" in u.text and "利用したデデジタル・マネージャー" in u.text
    assert u.line == 28 and u.attrs["section"].startswith("②")
    # "…連携中枢都" + blank + "市圏の職員にも…": a word split by the page break is whole again
    u = containing(units, "市圏の職員にも")
    assert "播磨圏域連携中枢都市圏の職員にも参加" in u.text
    assert u.line == 58 and u.attrs["section"].startswith("⑦")
    # the same in an answer ("…経由で" + "仕組みを構築…") and in the survey part ("デジタル" + "化・DX…")
    u = containing(units, "仕組みを構築している")
    assert "経由で仕組みを構築" in u.text and u.attrs["turn"] == "answer"
    u = containing(units, "向き合っているか")
    assert (
        "個人としてデジタル化・DXにどのように" in u.text
        and u.attrs["section"] == "○ 調査の実施手順等について"
    )
    u = containing(units, "普及にある。")
    assert u.line == 41


def test_questions_and_answers(record: str) -> None:
    units = body(split_minutes(record, unit="bullet"))
    by_line: dict[int, list[MinutesUnit]] = {}
    for u in units:
        by_line.setdefault(u.line, []).append(u)
    # "- イベント的に…" and "- ただし…" (no ・, no →) reply to the question before them: answers
    assert by_line[75][0].attrs["turn"] == "question"
    assert [u.attrs["turn"] for u in by_line[76] + by_line[77]] == ["answer", "answer"]
    # every → line is an answer, and "…。→その一方で…" on line 121 is two answers
    for n, x in enumerate(record.splitlines(), 1):
        if x.startswith("→"):
            assert all(u.attrs["turn"] == "answer" for u in by_line[n])
    assert len(by_line[121]) == 2 and by_line[121][1].text.startswith("その一方で")
    # a question is the unit right before answers; bullets of the topic presentation are neither
    for a, b in itertools.pairwise(units):
        if b.attrs["turn"] == "answer":
            assert a.attrs["turn"] in ("question", "answer")
        if a.attrs["turn"] == "question":
            assert b.attrs["turn"] == "answer"
    assert {u.attrs["turn"] for u in units if u.attrs["subsection"] == TOPIC} == {""}
    assert sum(u.attrs["turn"] == "answer" for u in units) == 15
    assert sum(u.attrs["turn"] == "question" for u in units) == 10


def test_every_bullet_has_its_headings(record: str) -> None:
    units = split_minutes(record, unit="bullet")
    sections = {s[2] for s in EXPECTED_SECTIONS}
    for u in body(units):
        assert u.attrs["section"] in sections
        assert u.attrs["part"]
        assert set(u.attrs) == {"kind", "part", "subsection", "section", "turn"}


def test_header_lines_are_header_units(record: str) -> None:
    units = split_minutes(record, unit="bullet")
    header = [u for u in units if u.attrs["kind"] == "header"]
    assert [u.line for u in header] == [3, 5, 7, 9, 12, 159]
    assert header[0].text.endswith("議事概要")
    assert header[3].text.startswith("出席者：") and "米田研究室長" in header[3].text  # its second line
    assert header[4].text.count("○") == 3  # the 議事 list is not taken for sub-headings
    assert header[-1].text.startswith("（文責")
    # headers are never analysis units: no bullet text carries them
    assert not any("日 時：" in u.text or "文責" in u.text for u in body(units))


def test_paragraphs_and_sentences_of_the_record(record: str) -> None:
    paragraphs = body(split_minutes(record, unit="paragraph"))
    bullets = body(split_minutes(record, unit="bullet"))
    # paragraphs are bullets not separated by a blank line, so the same text in the same order
    assert "".join(p.text.replace("\n", "") for p in paragraphs) == "".join(b.text for b in bullets)
    assert len(paragraphs) < len(bullets)
    sentences = body(split_minutes(record, unit="sentence"))
    assert "".join(s.text for s in sentences) == "".join(b.text for b in bullets)
    for s in sentences:
        assert s.text.count("「") == s.text.count("」")
        assert s.attrs["section"]
    # a sentence that starts after a page break has the line where it starts
    s = containing(sentences, "このうち前者のタスクフォース")
    assert s.line == 30


# --------------------------------------------------------------------------------------------------------------
# Outline rules on small texts


OUTLINE = """\
第1回 検討会 議事概要

日 時：2025年4月1日
議 事：○報告
○意見交換

1. 報告

①庁内の状況

- ・庁内の申請手続の半分をオンライン化した。残りは来年度に対応す

る予定である。
- ・窓口の混雑は減った。
- 電子申請の利用率は伸び悩んでいる。

- 3 -

○ 意見交換

・職員の研修はどうしているか。
- 年に二回、全職員を対象に実施している。
- ただし、受講率は高くない。
・予算は足りているか。
→足りていない。→来年度は増額を要求する。
・最後に一言。・国の動向も見たい。

（文責：事務局）
"""


def test_outline_rules_on_a_small_record() -> None:
    assert detect_markup(OUTLINE) == "outline"
    units = split_minutes(OUTLINE, unit="bullet")
    header = [u.text for u in units if u.attrs["kind"] == "header"]
    assert header == [
        "第1回 検討会 議事概要",
        "日 時：2025年4月1日",
        "議 事：○報告\n○意見交換",
        "（文責：事務局）",
    ]
    got = [(u.text, u.attrs["section"], u.attrs["turn"]) for u in body(units)]
    assert got == [
        # a bullet broken across a page-break blank line is one bullet
        ("庁内の申請手続の半分をオンライン化した。残りは来年度に対応する予定である。", "①庁内の状況", ""),
        ("窓口の混雑は減った。", "①庁内の状況", ""),
        # "- " after a statement: a bullet of its own (not glued, not an answer)
        ("電子申請の利用率は伸び悩んでいる。", "①庁内の状況", ""),
        # "- " after a question: answers; "- 3 -" is a page number and is gone
        ("職員の研修はどうしているか。", "○ 意見交換", "question"),
        ("年に二回、全職員を対象に実施している。", "○ 意見交換", "answer"),
        ("ただし、受講率は高くない。", "○ 意見交換", "answer"),
        ("予算は足りているか。", "○ 意見交換", "question"),
        ("足りていない。", "○ 意見交換", "answer"),
        ("来年度は増額を要求する。", "○ 意見交換", "answer"),
        # a ・ after a sentence end starts a new bullet, even mid-line
        ("最後に一言。", "○ 意見交換", ""),
        ("国の動向も見たい。", "○ 意見交換", ""),
    ]
    sections = body(split_minutes(OUTLINE, unit="section"))
    assert [
        (u.attrs["part"], u.attrs["subsection"], u.attrs["section"], u.attrs["bullets"]) for u in sections
    ] == [
        ("1. 報告", "", "①庁内の状況", "3"),
        ("1. 報告", "○ 意見交換", "○ 意見交換", "8"),
    ]


def test_dash_continues_a_bullet_cut_mid_sentence() -> None:
    text = "① 論点\n\n・人材の確保については外部\n\n- 人材の活用も含めて検討する。\n- 研修も重要である。\n"
    got = [u.text for u in body(split_minutes(text, unit="bullet"))]
    assert got == ["人材の確保については外部人材の活用も含めて検討する。", "研修も重要である。"]


def test_line_starting_with_a_non_starter_continues() -> None:
    text = "① 論点\n\n・システムは標準化する。\n\n」とのことである。\n"
    assert [u.text for u in body(split_minutes(text, unit="bullet"))] == [
        "システムは標準化する。」とのことである。"
    ]


def test_ascii_words_split_across_lines_keep_a_space() -> None:
    text = "① 論点\n・導入したのは Gov\nTech の仕組みと RPA\n\n2025 年度の予算である。\n"
    assert [u.text for u in body(split_minutes(text, unit="bullet"))] == [
        "導入したのは Gov Tech の仕組みと RPA 2025 年度の予算である。"
    ]


# --------------------------------------------------------------------------------------------------------------
# Speaker-turn minutes


@pytest.fixture(scope="module")
def speaker_text() -> str:
    return (DATA / "minutes_speaker.txt").read_text(encoding="utf-8")


def test_speaker_turns(speaker_text: str) -> None:
    assert detect_markup(speaker_text) == "speaker"
    units = split_minutes(speaker_text, unit="speaker", keep_procedure=True)
    header = [u for u in units if u.attrs["kind"] == "header"]
    assert len(header) == 1 and header[0].line == 1
    turns = [
        (u.attrs["speaker"], u.attrs["speaker_name"], u.attrs["speaker_title"], u.line) for u in body(units)
    ]
    assert turns == [
        ("山田委員長", "山田", "委員長", 4),  # glued: ○山田委員長これより…
        ("佐藤委員", "佐藤", "委員", 7),  # spaced: ○佐藤委員　質問します
        ("鈴木情報政策課長", "鈴木", "情報政策課長", 10),  # a compound title: surname of two characters
        ("議長（田中一郎君）", "田中一郎", "議長", 15),
    ]
    texts = [u.text for u in body(units)]
    assert texts[0].startswith("これより総務常任委員会を開会します。") and texts[0].count("\n") == 1
    assert texts[1].startswith("窓口のオンライン申請")
    # stage directions (own line and inline), separators and page numbers are gone; a word cut by a line
    # break (となりまし|た。) is whole again
    joined = "".join(texts)
    assert "異議なし" not in joined and "発言する者" not in joined and "拍手" not in joined
    assert "――" not in joined and "- 2 -" not in joined
    assert "約2倍となりました。引き続き" in texts[2]
    assert texts[3] == "休憩します。"
    assert [u.attrs["procedure"] for u in body(units)] == [
        "substantive",
        "substantive",
        "substantive",
        "procedural",
    ]
    # by default the chair's opening sentence leaves the text of the turn (its other sentence stays)
    default = body(split_minutes(speaker_text, unit="speaker"))
    assert default[0].text == "本日は、行政のデジタル化について審査を行います。"
    assert default[0].attrs["procedural_sentences"] == "1"


def test_speaker_paragraphs_and_sentences(speaker_text: str) -> None:
    paragraphs = body(split_minutes(speaker_text, unit="paragraph"))
    assert [p.line for p in paragraphs] == [4, 5, 7, 8, 10, 15]
    assert all(p.attrs["speaker"] for p in paragraphs)
    sentences = body(split_minutes(speaker_text, unit="sentence"))
    chief = [(s.line, s.text) for s in sentences if s.attrs["speaker_title"] == "情報政策課長"]
    assert chief == [
        (10, "お答えします。"),
        (10, "昨年度の申請件数は前年度の約2倍となりました。"),
        (11, "引き続き対象手続を拡大します。"),
    ]


@pytest.mark.parametrize(
    ("line", "speaker", "name", "title"),
    [
        ("○山田委員長これより会議を開きます。", "山田委員長", "山田", "委員長"),  # 委員長 before 委員
        ("○山田委員長　これより会議を開きます。", "山田委員長", "山田", "委員長"),
        ("○佐藤委員　質問します。", "佐藤委員", "佐藤", "委員"),
        ("○佐藤委員質問します。", "佐藤委員", "佐藤", "委員"),
        ("○山田君子委員　質問します。", "山田君子委員", "山田君子", "委員"),  # 君 inside a name
        ("○君島議員　質問します。", "君島議員", "君島", "議員"),
        ("○伊藤副市長　お答えします。", "伊藤副市長", "伊藤", "副市長"),
        ("○中村政府参考人　お答えします。", "中村政府参考人", "中村", "政府参考人"),
        ("○副議長　再開します。", "副議長", "", "副議長"),
        ("○議長（山田太郎君）　ただいまから会議を開きます。", "議長（山田太郎君）", "山田太郎", "議長"),
        ("○河野国務大臣　お答えいたします。", "河野国務大臣", "河野", "国務大臣"),
        ("○山本教育長　お答えします。", "山本教育長", "山本", "教育長"),
    ],
)
def test_speaker_names(line: str, speaker: str, name: str, title: str) -> None:
    (u,) = split_minutes(line + "\n○高橋委員　以上です。\n", unit="speaker")[:1]
    assert (u.attrs["speaker"], u.attrs["speaker_name"], u.attrs["speaker_title"]) == (speaker, name, title)
    assert not u.text.startswith(title) and u.text.endswith("。")


# --------------------------------------------------------------------------------------------------------------
# KH Coder and plain text


@pytest.fixture(scope="module")
def kh_text() -> str:
    return (DATA / "minutes_khcoder.txt").read_text(encoding="utf-8")


def test_khcoder_heading_units(kh_text: str) -> None:
    assert detect_markup(kh_text) == "khcoder"
    h1 = split_minutes(kh_text, unit="h1")
    assert [(u.line, u.attrs["h1"], u.text.count("\n") + 1) for u in h1] == [
        (1, "第1部 庁内の体制", 5),  # its own text and everything under its h2/h3 headings
        (10, "第2部 住民との関係", 1),
    ]
    h2 = split_minutes(kh_text, unit="h2")
    assert [(u.attrs["h1"], u.attrs["h2"], u.attrs["h3"], u.text.count("\n") + 1) for u in h2] == [
        ("第1部 庁内の体制", "人材", "", 3),
        ("第1部 庁内の体制", "予算", "", 1),
    ]
    assert "CDO" not in "".join(u.text for u in h2)  # text before the first h2 is in no h2 unit
    (h3,) = split_minutes(kh_text, unit="h3")
    assert (h3.attrs["h1"], h3.attrs["h2"], h3.attrs["h3"]) == ("第1部 庁内の体制", "人材", "研修")
    assert h3.text.startswith("eラーニング")
    assert all("<h" not in u.text for u in h1 + h2)


def test_khcoder_paragraphs_and_sentences(kh_text: str) -> None:
    paragraphs = split_minutes(kh_text, unit="paragraph")
    assert [(p.line, p.attrs["h1"][:3], p.attrs["h2"], p.attrs["h3"]) for p in paragraphs] == [
        (2, "第1部", "", ""),
        (4, "第1部", "人材", ""),
        (5, "第1部", "人材", ""),
        (7, "第1部", "人材", "研修"),
        (9, "第1部", "予算", ""),  # a new h2 clears the h3
        (11, "第2部", "", ""),  # a new h1 clears everything below it
    ]
    sentences = split_minutes(kh_text, unit="sentence")
    # KH Coder counts each heading as a sentence (and no paragraph)
    assert [s.line for s in sentences if s.attrs["heading"]] == [1, 3, 6, 8, 10]
    body_sentences = [s for s in sentences if not s.attrs["heading"]]
    assert len(body_sentences) == len(paragraphs) + 1
    assert [s.line for s in body_sentences][:3] == [2, 4, 4]


def test_plain_paragraphs_and_sentences() -> None:
    text = (DATA / "minutes_plain.txt").read_text(encoding="utf-8")
    assert detect_markup(text) == "plain"
    paragraphs = split_minutes(text, unit="paragraph")
    assert [p.line for p in paragraphs] == [1, 3, 6, 8, 10]
    assert paragraphs[0].text == "はじめに"  # a short title is not glued to the paragraph after it
    assert paragraphs[1].text.endswith("作業は予定どおり進んでいる。")  # a wrapped line is
    assert split_minutes(text, unit="bullet") == paragraphs
    sentences = [s.text for s in split_minutes(text, unit="sentence") if s.line == 6]
    assert sentences == [
        "一方で、職員の負担は重い。",
        "「人が足りない。時間もない。」という声が多く寄せられた。",
    ]


def test_plain_without_blank_lines_is_one_paragraph_per_sentence_end() -> None:
    text = "今年度は三つの事業を実施した。\n来年度は、国の補助を受けて新たな事\n業を始める。\n"
    assert [(p.line, p.text) for p in split_minutes(text, unit="paragraph")] == [
        (1, "今年度は三つの事業を実施した。"),
        (2, "来年度は、国の補助を受けて新たな事業を始める。"),
    ]


# --------------------------------------------------------------------------------------------------------------
# Sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "「人が足りない。時間もない。」という声があった。次に進む。",
            ["「人が足りない。時間もない。」という声があった。", "次に進む。"],
        ),
        ("彼は「はい。」と言った。", ["彼は「はい。」と言った。"]),
        ("『報告書。』を読んだ。以上。", ["『報告書。』を読んだ。", "以上。"]),
        ("申請書（例：様式1。）を出す。", ["申請書（例：様式1。）を出す。"]),
        ("本当か？そうだ！よし。", ["本当か？", "そうだ！", "よし。"]),
        ("本当か！？はい。", ["本当か！？", "はい。"]),
        ("未完の文", ["未完の文"]),
        ("「閉じない。括弧。", ["「閉じない。", "括弧。"]),  # an unmatched 「 protects nothing
        ("終わり。」次。", ["終わり。」", "次。"]),  # a stray closer stays with its sentence
        ("  一文目。  二文目。 ", ["一文目。", "二文目。"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


# --------------------------------------------------------------------------------------------------------------
# Errors


def test_wrong_unit_says_what_to_use(record: str) -> None:
    with pytest.raises(CorpusError, match=r"no ○ speaker lines.*use --unit .*bullet, paragraph or sentence"):
        split_minutes(record, unit="speaker")
    with pytest.raises(CorpusError, match=r"no <h2>.*--unit"):
        split_minutes(record, unit="h2")


def test_wrong_unit_on_fixtures() -> None:
    plain = (DATA / "minutes_plain.txt").read_text(encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no headings.*use --unit paragraph or sentence"):
        split_minutes(plain, unit="section")
    with pytest.raises(CorpusError, match=r"no ○ speaker lines"):
        split_minutes(plain, unit="speaker")
    kh = (DATA / "minutes_khcoder.txt").read_text(encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no <h4> headings; use --unit h1, h2, h3, paragraph or sentence"):
        split_minutes(kh, unit="h4")
    sp = (DATA / "minutes_speaker.txt").read_text(encoding="utf-8")
    with pytest.raises(CorpusError, match=r"--unit speaker, paragraph or sentence"):
        split_minutes(sp, unit="section")
    with pytest.raises(CorpusError, match=r"unknown unit"):
        split_minutes(sp, unit="chapter")  # type: ignore[arg-type]


def test_markup_can_be_forced() -> None:
    sp = (DATA / "minutes_speaker.txt").read_text(encoding="utf-8")
    assert all(u.attrs["kind"] == "body" for u in split_minutes(sp, unit="paragraph", markup="plain"))


# --------------------------------------------------------------------------------------------------------------
# Properties

TOKENS = [
    "・",
    "- ・",
    "- ",
    "→",
    "○",
    "◯",
    "①",
    "⑳",
    "1. ",
    "2．",
    "（1）",
    "（文責：",
    "以上",
    "日 時：",
    "議 事：",
    "<h1>",
    "</h1>",
    "<h2>",
    "</h2>",
    "〔",
    "〕",
    "「",
    "」",
    "（",
    "）",
    "(",
    ")",
    "。",
    "。",
    "、",
    "！",
    "？",
    "?",
    "あ",
    "いう",
    "山田",
    "委員長",
    "委員",
    "議長",
    "君",
    "デジタル",
    "化",
    "DX",
    "Gov",
    "ゃ",
    "ー",
    " ",
    "　",
    "\t",
    "\n",
    "\n",
    "\n",
    "\n\n",
    "- 3 -",
    "3",
    "――――",
    "拍手",
    "と呼ぶ者あり",
    "\r\n",
]
PREFIXES = [
    "",
    "",
    "",
    "・",
    "- ・",
    "- ",
    "→",
    "○",
    "○ ",
    "○山田委員長",
    "○佐藤委員　",
    "○議長（田中君）",
    "①",
    "②",
    "1. ",
    "2. ",
    "<h1>見出し</h1>",
    "<h2>小見出し</h2>",
    "<h3>。</h3>",
    "〔「異議なし」と呼ぶ者あり〕",
    "（拍手）",
    "- 3 -",
    "日 時：",
    "出席者：",
    "（文責：事務局）",
    "　",
]
WORDS = [
    "。",
    "。",
    "。",
    "、",
    "あ",
    "いう",
    "デジタル",
    "化・DX",
    "「",
    "」",
    "（",
    "）",
    "？",
    "ゃ",
    "〔x〕",
    "・",
    "→",
    " ",
]
line_like = st.tuples(st.sampled_from(PREFIXES), st.lists(st.sampled_from(WORDS), max_size=12)).map(
    lambda t: t[0] + "".join(t[1])
)
lines_like = st.tuples(
    st.lists(line_like, max_size=15), st.lists(st.sampled_from(["\n", "\n", "\n\n", "\n\n\n"]), min_size=15)
).map(lambda t: "".join(x + sep for x, sep in zip(t[0], t[1], strict=False)))
record_like = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)
any_text = st.one_of(lines_like, record_like, st.text(max_size=300))

KH_LINE = re.compile(r"^\s*<[hH]([1-5])>(.*?)</[hH]\1>\s*$")
STAGE_LINE = re.compile(
    r"^[（(][^（()）]*(?:呼ぶ者あり|拍手|異議なし|なし|退場|退席|着席|休憩|再開|速記|発言する者)[^（()）]*[)）]$"
)
# characters that markers are made of; compared modulo these (markers leave the text, by design)
MARKER_CHARS = re.compile(r"[\s・･•→⇒➡\-‐－]")


def squash(s: str) -> str:
    return MARKER_CHARS.sub("", s)


def expected_sentences(text: str, markup: str) -> list[str]:
    """Every 。-terminated piece of every input line that is not a dropped marker line."""
    out = []
    for raw in text.splitlines():
        line = raw
        if markup == "khcoder" and KH_LINE.match(line):
            continue  # heading lines become attributes
        if markup == "speaker":
            if STAGE_LINE.match(line.strip()):
                continue
            line = re.sub(r"〔[^〔〕]*〕", "", line)
        pieces = re.split(r"(?<=[。！？!?])", line)
        if markup == "speaker" and line.strip()[:1] in ("○", "◯", "〇"):
            pieces = pieces[1:]  # the speaker's name leaves the first sentence (tested above)
        out.extend(squash(p) for p in pieces if p.endswith("。") and squash(p) != "。")
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_never_raises_and_units_are_sane(text: str) -> None:
    n_lines = max(1, len(text.splitlines()))
    for markup in (None, "outline", "speaker", "khcoder", "plain"):
        for unit in ("section", "bullet", "paragraph", "sentence", "speaker", "h1", "h2"):
            try:
                units = split_minutes(text, unit=unit, markup=markup)  # type: ignore[arg-type]
            except CorpusError as e:
                assert "--unit" in str(e)
                continue
            assert len({tuple(sorted(u.attrs)) for u in units}) <= 1  # every unit has the same attribute keys
            for u in units:
                assert u.text.strip() == u.text or "\n" in u.text
                assert u.text.strip()
                assert 1 <= u.line <= n_lines
                assert u.attrs["kind"] in ("body", "header")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_no_sentence_is_lost(text: str) -> None:
    for markup in (None, "outline", "speaker", "khcoder", "plain"):
        for unit in ("section", "bullet", "paragraph", "sentence", "speaker"):
            try:
                units = split_minutes(text, unit=unit, markup=markup, keep_procedure=True)  # type: ignore[arg-type]
            except CorpusError:
                continue
            haystack = squash("".join(u.text for u in units))
            for s in expected_sentences(text, markup or detect_markup(text)):
                assert s in haystack, (unit, markup, s)
