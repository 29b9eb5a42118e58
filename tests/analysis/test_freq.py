"""Word frequencies: the library table, groups, the terminal view, and `dxtext freq` on the shared minutes."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dxtext.analysis.freq import frequency_table, word_frequencies
from dxtext.errors import CorpusError, DxtextError
from dxtext.io.corpus import read_corpus
from dxtext.render.terminal import fit, render_table, width

DOCS = [
    ["都道府県", "市区町村", "連携", "連携"],
    ["都道府県", "データ"],
    ["データ", "データ", "連携"],
    ["キャリアパス"],
]
CLASSES = {
    "都道府県": "名詞",
    "市区町村": "名詞",
    "連携": "サ変名詞",
    "データ": "名詞",
    "キャリアパス": "名詞",
}


def test_frequency_table_ranks_by_tf_then_df_then_word() -> None:
    table = frequency_table(DOCS, word_classes=CLASSES)
    expected = pd.DataFrame(
        [
            # rank word          class      tf df df_pct
            (1, "データ", "名詞", 3, 2, 50.0),
            (2, "連携", "サ変名詞", 3, 2, 50.0),
            (3, "都道府県", "名詞", 2, 2, 50.0),
            (4, "キャリアパス", "名詞", 1, 1, 25.0),
            (5, "市区町村", "名詞", 1, 1, 25.0),
        ],
        columns=["rank", "word", "word_class", "tf", "df", "df_pct"],
    )
    pd.testing.assert_frame_equal(table, expected)


def test_top_limits_and_zero_or_none_means_all() -> None:
    assert frequency_table(DOCS, top=2)["word"].tolist() == ["データ", "連携"]
    assert len(frequency_table(DOCS, top=None)) == 5
    with pytest.raises(DxtextError, match="--top -1"):
        frequency_table(DOCS, top=-1)


def test_groups_rank_within_each_group_and_blank_comes_last() -> None:
    table = frequency_table(DOCS, groups=["市", "", "町", "市"], group_name="規模", top=2)
    rows = [
        tuple(r)
        for r in table[["規模", "docs", "rank", "word", "tf", "df", "df_pct"]].itertuples(index=False)
    ]
    assert rows == [
        ("市", 2, 1, "連携", 2, 1, 50.0),
        ("市", 2, 2, "キャリアパス", 1, 1, 50.0),
        ("町", 1, 1, "データ", 2, 1, 100.0),
        ("町", 1, 2, "連携", 1, 1, 100.0),
        ("(空欄)", 1, 1, "データ", 1, 1, 100.0),
        ("(空欄)", 1, 2, "都道府県", 1, 1, 100.0),
    ]


def _corpus(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "survey.csv"
    pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "人口規模": ["5万人未満", "5万人未満", "20万人以上", "20万人以上"],
            "回答": ["都道府県との連携", "キャリアパスの設計", "都道府県のデータ", "データの連携"],
        }
    ).to_csv(path, index=False)
    return read_corpus(path, text_cols=["回答"], id_col="id")


def test_word_frequencies_by_attribute(tmp_path: Path, tokenizer) -> None:  # type: ignore[no-untyped-def]
    corpus = _corpus(tmp_path)
    tokenized = tokenizer.tokenize_corpus(corpus)
    table = word_frequencies(tokenized, corpus=corpus, by="人口規模")
    big = table[table["人口規模"] == "20万人以上"].set_index("word")
    assert big.loc["都道府県", "tf"] == 1 and big.loc["データ", "tf"] == 2
    assert set(table.columns[:2]) == {"人口規模", "docs"}
    with pytest.raises(CorpusError, match="Did you mean '人口規模'"):
        word_frequencies(tokenized, corpus=corpus, by="人口")


def test_word_classes_include_suffix_joined_words(tokenizer) -> None:  # type: ignore[no-untyped-def]
    lists = tokenizer.tokenize_many(["事業者と高齢者が駐車場に集まった"])
    table = frequency_table(lists, word_classes=tokenizer.word_classes).set_index("word")
    assert table.loc["事業者", "word_class"] == "名詞"
    assert table.loc["高齢者", "word_class"] == "名詞"


# ------------------------------------------------------------------------------------------- terminal view


@pytest.mark.parametrize(
    ("text", "columns"),
    [("abc", 3), ("都道府県", 8), ("DX人材", 6), ("ｶﾀｶﾅ", 4), ("マイナンバーカード", 18), ("", 0)],
)
def test_display_width_counts_wide_characters_twice(text: str, columns: int) -> None:
    assert width(text) == columns


def test_fit_cuts_and_pads_to_exact_width() -> None:
    assert fit("都道府県", 6) == "都道… "  # a wide character does not fit in the last column: padded
    assert width(fit("都道府県", 6)) == 6
    assert fit("都道府県と市町村", 9, align="right").endswith("市町村")
    assert fit("DX", 5, align="right") == "   DX"


def test_rendered_columns_line_up_with_japanese() -> None:
    frame = pd.DataFrame({"word": ["マイナンバーカード", "DX", "都道府県"], "tf": [17, 3, 5]})
    lines = render_table(frame).splitlines()
    # the tf column ends at the same terminal column on every line
    assert len({width(line) for line in lines}) == 1
    assert lines[2].startswith("マイナンバーカード") and lines[2].endswith("17")


# ------------------------------------------------------------------------------------------- the command


def _dxtext(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dxtext", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def _read_bom_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV for Excel must start with a BOM"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


MINUTES_WORDS = [
    "マイナンバーカード",
    "都道府県",
    "キャリアパス",
    "オープンデータ",
    "公的個人認証",
    "ガバメントクラウド",
]


def test_freq_on_the_shared_minutes_lists_the_domain_words_as_single_words(shared_minutes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "freq.csv"
    proc = _dxtext(
        "freq",
        str(shared_minutes),
        "--top",
        "0",
        "--csv",
        str(out),
        env={"DXTEXT_CACHE": str(tmp_path / "c")},
    )
    assert proc.returncode == 0, proc.stderr
    rows = {r["word"]: r for r in _read_bom_csv(out)}
    text = "".join(read_corpus(shared_minutes).texts)
    for word in MINUTES_WORDS:
        assert word in rows, f"{word} is not a word of the frequency list"
        assert int(rows[word]["tf"]) >= 1
    # the pieces unidic-lite alone would make are not counted instead
    for piece in ("ナンバー", "ガバメント", "府県"):
        assert piece not in rows
    assert int(rows["マイナンバーカード"]["tf"]) >= text.count("マイナンバーカード")
    # the terminal shows the table, most frequent first
    head = proc.stdout.splitlines()[0]
    assert head.endswith(f"documents, {len(rows)} words shown"), head
    assert "マイナンバーカード" in proc.stdout


def test_second_freq_run_reads_tokens_from_the_cache(shared_minutes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"DXTEXT_CACHE": str(tmp_path / "cache"), "DXTEXT_OUT": str(tmp_path / "out")}
    first = _dxtext("freq", str(shared_minutes), env=env)
    second = _dxtext("freq", str(shared_minutes), env=env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "tokens: tokenized" in first.stderr and "from cache" not in first.stderr
    assert "tokens: from cache" in second.stderr and "tokenized" not in second.stderr
    assert first.stdout == second.stdout


def test_freq_writes_a_run_folder_with_metadata_byte_identical_on_rerun(shared_minutes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "runs"
    env = {"DXTEXT_CACHE": str(tmp_path / "cache")}
    first = _dxtext("freq", str(shared_minutes), "--out", str(out), "--by", "section", "--top", "5", env=env)
    assert first.returncode == 0, first.stderr
    (folder,) = [p for p in out.iterdir() if p.name != "latest"]
    assert folder.name.startswith("freq_toshi-center-dx-study-group-02_")
    assert sorted(p.name for p in folder.iterdir()) == ["freq.csv", "ledger.json", "metadata.json"]
    assert f"wrote {folder / 'freq.csv'}" in first.stderr
    rows = _read_bom_csv(folder / "freq.csv")
    assert list(rows[0]) == ["section", "docs", "rank", "word", "word_class", "tf", "df", "df_pct"]
    assert max(int(r["rank"]) for r in rows) == 5
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert (
        _dxtext(
            "freq", str(shared_minutes), "--out", str(out), "--by", "section", "--top", "5", env=env
        ).returncode
        == 0
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "secton"], "no attribute 'secton'. Did you mean 'section'"),
        (["--pos", "名詞,nouns"], "unknown word class"),
        (["--dictionary", "/nonexistent/dx.tsv"], "/nonexistent/dx.tsv: cannot be read"),
    ],
)
def test_bad_freq_options_give_one_line_and_exit_1(shared_minutes, tmp_path, args, message) -> None:  # type: ignore[no-untyped-def]
    proc = _dxtext("freq", str(shared_minutes), *args, "--out", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: "), proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_parallel_tokenizing_gives_the_same_tokens_and_every_word_class(tokenizer) -> None:  # type: ignore[no-untyped-def]
    from dxtext.text.tokenize import Tokenizer

    texts = [  # distinct (repeats are tokenized once): enough for worker processes
        f"{w}の事業者と高齢者が駐車場で都道府県のデータを{i}回見た"
        for w in ("県", "市", "町", "村")
        for i in range(2500)
    ]
    one, two = Tokenizer(), Tokenizer()
    seen: list[int] = []
    lists = two.tokenize_many(texts, n_jobs=2, progress=lambda done, total: seen.append(done))
    assert lists == one.tokenize_many(texts, n_jobs=1)
    assert seen[-1] == len(texts) and seen == sorted(seen)
    table = frequency_table(lists, word_classes=two.word_classes)
    assert (table["word_class"] != "").all()
    assert two.word_classes["事業者"] == "名詞"
