"""Concordance: matching by lemma, contexts, order, masking, the token-cache prefilter, and `dxtext kwic`."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dxtext.analysis.kwic import close_words, concordance, resolve_query
from dxtext.errors import CorpusError, DxtextError
from dxtext.io.corpus import read_corpus

ANSWERS = [
    # id, 年代, text
    ("r1", "30代", "マイナカードの申請は県と市の連携で進んだ。"),
    ("r2", "60代", "個人番号カードは便利だが、県のサポートが欲しい。"),
    ("r3", "30代", "観光協会の方に聞いた。マイナンバーカードの説明は無かった。"),
    ("r4", "60代", "山田太郎さんに090-1234-5678で相談した。マイナンバーカードは未取得。"),
    ("r5", "30代", "特に無し。"),
]


@pytest.fixture()
def corpus(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "answers.csv"
    pd.DataFrame(ANSWERS, columns=["id", "年代", "自由記述"]).to_csv(path, index=False)
    return read_corpus(path, text_cols=["自由記述"], id_col="id")


def test_a_surface_variant_finds_every_spelling_of_the_lemma(corpus, tokenizer) -> None:  # type: ignore[no-untyped-def]
    lines = concordance(corpus, "マイナカード", tokenizer=tokenizer, mask=False)
    assert [(r.doc_id, r.word, r.lemma) for r in lines.itertuples()] == [
        ("r1", "マイナカード", "マイナンバーカード"),
        ("r2", "個人番号カード", "マイナンバーカード"),
        ("r3", "マイナンバーカード", "マイナンバーカード"),
        ("r4", "マイナンバーカード", "マイナンバーカード"),
    ]
    assert list(lines.columns[:6]) == ["doc_id", "left", "word", "right", "lemma", "start"]
    assert "年代" in lines.columns and lines.loc[0, "年代"] == "30代"


def test_contexts_are_the_text_around_the_word(corpus, tokenizer) -> None:  # type: ignore[no-untyped-def]
    lines = concordance(corpus, "県", tokenizer=tokenizer, window=5, mask=False)
    texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True))
    assert [(r.doc_id, r.left, r.word, r.right) for r in lines.itertuples()] == [
        ("r1", "ドの申請は", "県", "と市の連携"),
        ("r2", "便利だが、", "県", "のサポート"),
    ]
    for r in lines.itertuples():
        assert texts[r.doc_id][r.start : r.start + len(r.word)] == r.word


def test_a_lemma_matches_inflected_forms(corpus, tokenizer) -> None:  # type: ignore[no-untyped-def]
    lines = concordance(corpus, "進む", tokenizer=tokenizer, mask=False)
    assert lines["word"].tolist() == ["進ん"]


def test_several_words_match_only_side_by_side(corpus, tokenizer) -> None:  # type: ignore[no-untyped-def]
    lines = concordance(corpus, "観光協会", tokenizer=tokenizer, mask=False)
    assert lines["word"].tolist() == ["観光協会"] and lines["lemma"].tolist() == ["観光協会"]
    assert concordance(corpus, "県市", tokenizer=tokenizer, mask=False).empty  # 県と市: not adjacent


def test_sorting_by_right_context_and_grouping_by_attribute(corpus, tokenizer) -> None:  # type: ignore[no-untyped-def]
    by_right = concordance(corpus, "マイナンバーカード", tokenizer=tokenizer, sort="right", mask=False)
    assert by_right["right"].tolist() == sorted(by_right["right"])
    by_age = concordance(corpus, "マイナンバーカード", tokenizer=tokenizer, by="年代", mask=False)
    assert by_age["年代"].tolist() == ["30代", "30代", "60代", "60代"]
    assert by_age["doc_id"].tolist() == ["r1", "r3", "r2", "r4"]
    by_left = concordance(corpus, "マイナンバーカード", tokenizer=tokenizer, sort="left", mask=False)
    assert [s[::-1] for s in by_left["left"]] == sorted(s[::-1] for s in by_left["left"])


def test_masking_hides_names_and_phone_numbers_in_the_contexts(corpus, tokenizer) -> None:  # type: ignore[no-untyped-def]
    masked = concordance(corpus, "相談", tokenizer=tokenizer, window=30)
    (left,) = masked["left"].tolist()
    assert "山田" not in left and "090-1234-5678" not in left
    assert "〔氏名〕" in left and "〔電話番号〕" in left
    plain = concordance(corpus, "相談", tokenizer=tokenizer, window=30, mask=False)
    assert "山田太郎" in plain.loc[0, "left"]


def test_the_token_cache_limits_analysis_to_documents_with_the_lemma(corpus, tokenizer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tokenized = tokenizer.tokenize_corpus(corpus)
    analysed: list[str] = []
    real = type(tokenizer).analyze

    def counting(self, text):  # type: ignore[no-untyped-def]
        analysed.append(text)
        return real(self, text)

    monkeypatch.setattr(type(tokenizer), "analyze", counting)
    lines = concordance(corpus, "県", tokenizer=tokenizer, tokenized=tokenized, mask=False)
    assert len(lines) == 2
    assert len(analysed) == 2  # r1 and r2 only; the other documents are never analysed


def test_resolve_query_and_close_words(tokenizer) -> None:  # type: ignore[no-untyped-def]
    assert resolve_query("マイナカード", tokenizer) == ["マイナンバーカード"]
    assert resolve_query("県", tokenizer, vocabulary={"県"}) == ["県"]
    assert resolve_query("  ", tokenizer) == []
    assert close_words("都道府", {"都道府県", "市区町村", "都市"}) == ["都道府県"]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"word": "の"}, DxtextError, "no content word"),
        ({"word": "県", "sort": "middle"}, DxtextError, "--sort middle"),
        ({"word": "県", "window": 0}, DxtextError, "--window 0"),
        ({"word": "県", "by": "年齢"}, CorpusError, "no attribute '年齢'"),
    ],
)
def test_bad_queries_raise_clear_errors(corpus, tokenizer, kwargs, error, message) -> None:  # type: ignore[no-untyped-def]
    word = kwargs.pop("word")
    with pytest.raises(error, match=message):
        concordance(corpus, word, tokenizer=tokenizer, **kwargs)


# ------------------------------------------------------------------------------------------- shared minutes


def test_concordance_of_todofuken_in_the_shared_minutes(shared_minutes, tokenizer) -> None:  # type: ignore[no-untyped-def]
    corpus = read_corpus(shared_minutes)
    lines = concordance(corpus, "都道府県", tokenizer=tokenizer, window=20, mask=False)
    used = corpus.used
    assert len(lines) == sum(t.count("都道府県") for t in used["text"]) > 0
    texts = dict(zip(used["doc_id"], used["text"], strict=True))
    for r in lines.itertuples():
        assert r.word == "都道府県"
        flat = " ".join(texts[r.doc_id].split())
        assert f"{r.left}{r.word}{r.right}" in flat
        assert len(r.left) <= 20 and len(r.right) <= 20
    assert set(corpus.attributes) <= set(lines.columns)


def _dxtext(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dxtext", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_kwic_command_on_the_shared_minutes(shared_minutes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "kwic.csv"
    proc = _dxtext("kwic", str(shared_minutes), "都道府県", "--csv", str(out), "--window", "15")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("都道府県 (lemma 都道府県): ")
    hits = [line for line in lines if "【都道府県】" in line]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(hits) == len(rows) > 0
    assert all(r["word"] == "都道府県" for r in rows)
    assert {"doc_id", "left", "word", "right", "section"} <= set(rows[0])
    # the keyword column lines up: 【 starts at the same terminal column on every line
    from dxtext.render.terminal import width

    assert len({width(line.split("【")[0]) for line in hits}) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["都道府"], "'都道府' (都 + 道 + 府, matched as a sequence) does not occur in the"),
        (["都道府県", "--by", "secton"], "Did you mean 'section'"),
        (["都道府県", "--sort", "up"], "--sort up: unknown order"),
    ],
)
def test_bad_kwic_requests_give_one_line_and_exit_1(shared_minutes, tmp_path, args, message) -> None:  # type: ignore[no-untyped-def]
    proc = _dxtext("kwic", str(shared_minutes), *args, "--out", str(tmp_path))
    assert proc.returncode == 1, proc.stdout
    # exactly one error line, the last one (a progress note such as "tokens: from cache" may come before it)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert errors == proc.stderr.splitlines()[-1:] and message in errors[0]
    assert "Traceback" not in proc.stderr


def test_kwic_names_close_words_when_the_word_does_not_occur(shared_minutes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = _dxtext("kwic", str(shared_minutes), "都道府", "--out", str(tmp_path))
    assert "Words close to it: 都道府県" in proc.stderr
