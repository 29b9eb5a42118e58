"""Familiar written forms: the FAMILIAR table re-measured on the real corpora, display pins of the user
dictionary, the canonical form of an entry winning, and the check for suspicious lemmas (そば as 側)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from conftest import COUNCIL, FUKUI, MINUTES, REPO
from dxtext.errors import DictionaryError
from dxtext.text.dictformat import parse_pins
from dxtext.text.lemmacheck import lemma_forms, suspicious_lemmas
from dxtext.text.tokenize import Tokenizer
from dxtext.text.wordforms import FAMILIAR

# UniDic gives 感じ/感じた the written base form 感ずる: orthBase cannot show that people write 感じる
NOT_MEASURABLE_BY_ORTHBASE = {"感ずる"}


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    if not (FUKUI / "answers.csv").is_file() or not MINUTES.is_file() or not COUNCIL.is_file():
        pytest.skip("shared corpora not found (set DXTEXT_SHARED_CORPORA): Fukui answers and minutes needed")
    with open(FUKUI / "answers.csv", encoding="utf-8-sig", newline="") as f:
        texts = [row["text"] for _, row in zip(range(20_000), csv.DictReader(f), strict=False)]
    return [*texts, MINUTES.read_text(encoding="utf-8"), COUNCIL.read_text(encoding="utf-8")]


def test_familiar_table_remeasured_on_real_corpora(real_texts: list[str], tokenizer) -> None:  # type: ignore[no-untyped-def]
    """Each FAMILIAR lemma with 30+ uses: its replacement is the most frequent written form, with more than half
    of the uses, and UniDic's own spelling has under 30 % (Fukui answers CC BY 4.0 福井県観光連盟)."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for (lemma, orth), n in lemma_forms(real_texts, tokenizer).items():
        forms[lemma][orth] += n
    measured = failures = 0
    for lemma, shown in FAMILIAR.items():
        seen = forms.get(lemma)
        if not seen or sum(seen.values()) < 30 or lemma in NOT_MEASURABLE_BY_ORTHBASE:
            continue
        total = sum(seen.values())
        top, n = seen.most_common(1)[0]
        measured += 1
        if not (top == shown and n / total > 0.5 and seen.get(lemma, 0) / total < 0.3):
            failures += 1
            print("not familiar:", lemma, shown, seen.most_common(3))
    assert measured >= 30 and failures == 0


def _dictionary_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "dx.tsv"
    base = (REPO / "dictionaries" / "municipal_dx.tsv").read_text(encoding="utf-8")
    path.write_text(base + "\n" + extra, encoding="utf-8")
    return path


def test_display_pins_and_canonical_forms(tmp_path: Path) -> None:
    plain = Tokenizer(stopwords=None)
    assert plain("きれいな景色") == ["綺麗", "景色"]  # FAMILIAR: 奇麗 → 綺麗
    path = _dictionary_with(tmp_path, "=奇麗/きれい\tきれい\n=蟹\tカニ\nヒトミ\t瞳\t普通名詞\t\t\t\n")
    pinned = Tokenizer(dictionary=path, stopwords=None)
    rows = [  # text, words shown
        ("きれいな景色", ["きれい", "景色"]),  # pinned where written きれい
        ("綺麗な景色", ["綺麗", "景色"]),  # the same lemma written 綺麗: not pinned, familiar form
        ("蟹を食べた", ["カニ", "食べる"]),  # pinned for every written form of the lemma
        ("カニを食べた", ["カニ", "食べる"]),
        ("ヒトミが大きい", ["瞳", "大きい"]),  # an entry's canonical form
    ]
    for text, words in rows:
        assert [w for w in pinned(text) if w not in ("有る", "ある")] == words, text
    assert pinned.fingerprint != plain.fingerprint


def test_a_canonical_form_wins_over_the_familiar_table(tmp_path: Path) -> None:
    path = _dictionary_with(tmp_path, "キレイ\t奇麗\t形状詞\t\t\t\n".replace("形状詞", "普通名詞"))
    tok = Tokenizer(dictionary=path, stopwords=None)
    assert tok("キレイな部屋")[0] == "奇麗"  # the entry says 奇麗: shown as the user wrote it


@pytest.mark.parametrize(
    "line",
    ["=側そば", "=\tそば", "=側/そば\t", "=側/そば\tそば\tx"],
    ids=["no tab", "no lemma", "no shown", "extra"],
)
def test_malformed_pins_name_the_line(line: str) -> None:
    with pytest.raises(DictionaryError, match=r"dx\.tsv:2: a display pin"):
        parse_pins("surface\tcanonical\n" + line + "\n", "dx.tsv")


def test_duplicate_pin() -> None:
    with pytest.raises(DictionaryError, match="again"):
        parse_pins("=側/そば\tそば\n=側/そば\t蕎麦\n", "dx.tsv")


def test_suspicious_lemmas_on_fukui(real_texts: list[str], tokenizer) -> None:  # type: ignore[no-untyped-def]
    """そば lemmatised as 側 dominates that lemma in the Fukui answers: flagged, and shown as written thanks to
    WRITTEN_WORD; without familiar forms it would be a 'check' row with its pin line."""
    table = suspicious_lemmas(real_texts[:20_000], tokenizer)
    soba = table[(table["lemma"] == "側") & (table["written"] == "そば")].iloc[0]
    assert soba["share"] > 0.5 and soba["status"] == "shown as written" and soba["shown"] == "そば"
    raw = suspicious_lemmas(real_texts[:20_000], tokenizer, shown=lambda lemma, orth: lemma)
    row = raw[(raw["lemma"] == "側") & (raw["written"] == "そば")].iloc[0]
    assert row["status"] == "check" and row["pin"] == "=側/そば\tそば"
    # a lemma and a written form sharing a character is never flagged (為る/する share る)
    assert not ((table["lemma"] == "為る") & (table["written"] == "する")).any()
    assert all(not set(r.lemma) & set(r.written) for r in table.itertuples())
