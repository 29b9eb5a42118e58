"""Minutes exported as a table, one utterance a row (assembly databases, the Diet's API): the leading label
becomes speaker attributes, stage directions and procedure go, as in a .txt record."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dxtext.io.corpus import read_corpus
from dxtext.io.minutes.table import looks_like_minutes, read_utterance

# text of a row → speaker_name, speaker_title, role, procedure, the text kept
CASES = [
    ("○竹内委員長　ただいまから総務委員会を開会いたします。", "竹内", "委員長", "chair", "procedural", None),
    (
        "○山田（太）委員　窓口のオンライン申請について伺います。",
        "山田（太）",
        "委員",
        "member",
        "substantive",
        "窓口のオンライン申請について伺います。",
    ),
    (
        "◆１番（佐藤花子君）　基幹系システムの標準化の状況をお示しください。",
        "佐藤花子",
        "1番",
        "member",
        "substantive",
        "基幹系システムの標準化の状況をお示しください。",
    ),
    (
        "○市長（高橋一郎君）　ガバメントクラウドへの移行を進めます。〔「了解」と呼ぶ者あり〕",
        "高橋一郎",
        "市長",
        "executive",
        "substantive",
        "ガバメントクラウドへの移行を進めます。",
    ),
    (
        "○鈴木情報政策課長　お答えいたします。申請は一万二千件でございました。",
        "鈴木",
        "情報政策課長",
        "executive",
        "substantive",
        "申請は一万二千件でございました。",
    ),
    (
        "○竹内委員長　以上で質疑を終了いたします。御異議ございませんか。",
        "竹内",
        "委員長",
        "chair",
        "procedural",
        None,
    ),
    ("（「異議なし」と呼ぶ者あり）", "", "", "other", "procedural", None),
    # a label without its mark, as some exports write it
    (
        "田中参考人　地域のデータ連携について意見を述べます。",
        "田中",
        "参考人",
        "witness",
        "substantive",
        "地域のデータ連携について意見を述べます。",
    ),
]


@pytest.mark.parametrize("text,name,title,role,procedure,kept", CASES, ids=[c[0][:12] for c in CASES])
def test_a_row_is_one_turn(
    text: str, name: str, title: str, role: str, procedure: str, kept: str | None
) -> None:
    out, attrs = read_utterance(text)
    assert (attrs["speaker_name"], attrs["speaker_title"], attrs["role"], attrs["procedure"]) == (
        name,
        title,
        role,
        procedure,
    )
    if kept is not None:
        assert out == kept


def test_the_speaker_column_names_the_speaker_when_the_text_has_no_label() -> None:
    out, attrs = read_utterance("窓口のオンライン申請について伺います。", "山田委員")
    assert (attrs["speaker_name"], attrs["speaker_title"], attrs["role"]) == ("山田", "委員", "member")
    assert out == "窓口のオンライン申請について伺います。"


def test_answers_are_not_taken_for_minutes() -> None:
    answers = ["○窓口の待ち時間が長い。", "職員が足りない", "○特になし", "システムの更新費用", "研修がほしい"]
    assert not looks_like_minutes(answers)
    assert looks_like_minutes([c[0] for c in CASES[:6]])


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _table(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "utterances.csv", [["id", "発言"], *[[str(i), c[0]] for i, c in enumerate(CASES, 1)]]
    )


def test_a_table_of_utterances_is_read_as_minutes_and_nothing_is_lost(tmp_path: Path) -> None:
    corpus = read_corpus(_table(tmp_path), text_cols=["発言"], id_col="id")
    docs = corpus.docs
    assert len(docs) == len(CASES)
    assert docs["status"].tolist() == ["procedural" if c[4] == "procedural" else "used" for c in CASES]
    assert corpus.ledger.totals["procedural"] == 3 and corpus.ledger.totals["used"] == 5
    assert {"speaker", "speaker_name", "speaker_title", "role", "procedure"} <= set(corpus.attributes)
    assert any("read as meeting minutes" in w for w in corpus.ledger.warnings)
    assert "〔" not in "".join(corpus.texts) and "竹内委員長" not in "".join(corpus.texts)


def test_keep_procedure_keeps_every_row(tmp_path: Path) -> None:
    corpus = read_corpus(_table(tmp_path), text_cols=["発言"], id_col="id", keep_procedure=True)
    assert (corpus.docs["status"] == "used").sum() == len(CASES) - 1  # the bare stage direction is empty text
    assert corpus.docs.loc[0, "procedure"] == "procedural"


def test_unit_speaker_reads_a_table_with_a_speaker_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "export.csv",
        [
            ["発言者", "本文"],
            ["竹内委員長", "これより会議を開きます。"],
            ["山田委員", "オープンデータの公開件数を伺います。"],
            ["企画課長", "昨年度は百二十件を公開いたしました。"],
        ],
    )
    survey = read_corpus(path, text_cols=["本文"])
    assert "role" not in survey.attributes  # without labels in the text nothing is guessed
    corpus = read_corpus(path, text_cols=["本文"], unit="speaker")
    assert corpus.docs["role"].tolist() == ["chair", "member", "executive"]
    assert corpus.docs["status"].tolist() == ["procedural", "used", "used"]


def test_other_units_of_a_table_are_refused_with_what_to_do(tmp_path: Path) -> None:
    from dxtext.errors import CorpusError

    with pytest.raises(CorpusError, match="--unit speaker"):
        read_corpus(_table(tmp_path), text_cols=["発言"], unit="sentence")


def test_role_filter_and_the_sample_survey_unchanged(tmp_path: Path) -> None:
    from conftest import SAMPLE_SURVEY
    from dxtext.runs.inputs import select_roles

    corpus = read_corpus(_table(tmp_path), text_cols=["発言"], id_col="id")
    select_roles(corpus, "member")
    assert corpus.used["role"].tolist() == ["member", "member"]
    survey = read_corpus(SAMPLE_SURVEY)
    assert "role" not in survey.attributes and not any("minutes" in w for w in survey.ledger.warnings)


def test_the_table_export_of_a_record_reads_as_the_record_does() -> None:
    """corpora/minutes/higashihara-utterances-sample.csv is the committee record of the .txt beside it, exported
    one utterance a row: the same turns are analysed, with the same speakers, roles and text."""
    import unicodedata

    from conftest import REPO

    folder = REPO / "corpora" / "minutes"
    table = read_corpus(folder / "higashihara-utterances-sample.csv", text_cols=["発言"], id_col="発言番号")
    record = read_corpus(folder / "higashihara-town-committee-sample.txt")
    columns = ["speaker_name", "speaker_title", "role", "text"]
    want = [[unicodedata.normalize("NFKC", x) for x in row] for row in record.used[columns].values.tolist()]
    assert table.used[columns].values.tolist() == want
    assert len(want) == 27 and table.ledger.totals["procedural"] == 22 and len(table.docs) == 49
