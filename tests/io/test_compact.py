"""Repeated attribute columns are stored dictionary-encoded (``category``) in the parsed corpus
(:mod:`dxtext.io.compact`); what the commands read and write is what plain string columns give."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dxtext.runs as r
from dxtext.io.compact import encode_column, plain, taken, worth_encoding
from dxtext.io.corpus import read_corpus
from dxtext.runs.corpus_info import summarize

# answers with a blank 年代 and a respondent not in the respondent file (→ blank attributes), a year that
# looks like a number (--where 回答年度=2024.0 must find 2024), ties in the counts (value_counts order)
ANSWERS = [
    ("A01", "P1", "窓口の申請をオンラインにしたい。"),
    ("A02", "P2", "窓口の混雑が課題だ。"),
    ("A03", "P3", "デジタル人材の採用とキャリアパスの設計を進めたい。"),
    ("A04", "P4", "研修を増やしてデジタル人材を育成したい。"),
    ("A05", "P5", "国の方針が頻繁に変わる。"),
    ("A06", "P1", "県の支援が少ない。窓口も足りない。"),
    ("A07", "P2", "オンライン申請を増やしたい。"),
    ("A08", "P3", "人事異動で育てた人材がいなくなる。"),
    ("A09", "P9", "窓口の職員が足りない。"),
    ("A10", "P4", "キャリアパスが見えず専門の職員が育たない。"),
    ("A11", "P5", "国と県の役割分担が分かりにくい。"),
    ("A12", "P6", "特になし"),
]
PEOPLE = [
    ("P1", "30代", "2024", "女"),
    ("P2", "", "2025", "男"),
    ("P3", "50代", "2024", "女"),
    ("P4", "30代", "2025", "男"),
    ("P5", "50代", "2024", "女"),
    ("P6", "30代", "2024", "男"),
]
RULES = """*窓口
窓口 or 申請
*人材
人材 or キャリアパス or 研修
*国と県
国 or 県
*2024年の回答
<>回答年度-->2024.0 and 窓口
"""


@pytest.fixture()
def survey(tmp_path: Path) -> tuple[Path, Path, Path]:
    answers, people, rules = tmp_path / "answers.csv", tmp_path / "people.csv", tmp_path / "rules.txt"
    with open(answers, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("回答ID", "人ID", "自由記述"), *ANSWERS])
    with open(people, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("人ID", "年代", "回答年度", "性別"), *PEOPLE])
    rules.write_text(RULES, encoding="utf-8")
    return answers, people, rules


def _tree(folder: Path) -> dict[str, bytes]:
    # metadata.json holds the run's time and options; every table, figure and the ledger must be equal
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "metadata.json"
    }


def test_repeated_attributes_are_encoded_and_ids_are_not(survey) -> None:  # type: ignore[no-untyped-def]
    answers, people, _rules = survey
    corpus = read_corpus(answers, id_col="回答ID", attrs=people, on="人ID")
    dtypes = {c: str(d) for c, d in corpus.docs.dtypes.items()}
    assert {dtypes[c] for c in ("年代", "回答年度", "性別")} == {"category"}
    assert {dtypes[c] for c in ("doc_id", "text", "status", "source", "人ID")} == {"str"}
    # the missing respondent (P9) and the blank 年代 are "" (a category), never NaN
    assert corpus.docs["年代"].tolist() == [
        "30代",
        "",
        "50代",
        "30代",
        "50代",
        "30代",
        "",
        "50代",
        "",
        "30代",
        "50代",
        "30代",
    ]
    assert corpus.docs["性別"].tolist()[8] == ""
    # what the commands read is plain strings, with today's dtype
    used = corpus.used
    assert all(str(d) != "category" for d in used.dtypes)
    assert corpus.used_columns("年代")["年代"].dtype == corpus.docs["text"].dtype
    # the counts of a value list only values that occur, in the order plain strings give
    assert list(corpus.value_counts("年代").items()) == [("30代", 4), ("50代", 4), ("(空欄)", 3)]
    # pickled (the corpus cache) and back: the same frame
    again = pickle.loads(pickle.dumps(corpus))
    pd.testing.assert_frame_equal(again.docs, corpus.docs)


def test_encoded_corpus_writes_the_same_tables_as_plain_strings(survey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers, people, rules = survey
    folders: dict[str, dict[str, dict[str, bytes]]] = {}
    counts: dict[str, list[list[tuple[str, int]]]] = {}
    infos: dict[str, dict[str, object]] = {}
    for how in ("encoded", "plain"):
        corpus = read_corpus(answers, id_col="回答ID", attrs=people, on="人ID")
        if how == "plain":
            corpus.docs = plain(corpus.docs)
        else:  # a category no document has must not show up anywhere
            for c in ("年代", "回答年度", "性別"):
                corpus.docs[c] = corpus.docs[c].cat.add_categories(["未使用"])
        out = tmp_path / how
        counts[how] = [list(corpus.value_counts(a).items()) for a in ("年代", "回答年度", "性別")]
        infos[how] = summarize(corpus)
        runs = {
            "freq": r.freq(corpus, by=["年代", "性別"], out=out / "freq", cache_dir=None),
            "freq_where": r.freq(
                corpus, by="年代", where=["回答年度=2024.0"], out=out / "fw", cache_dir=None
            ),
            "themes": r.themes(
                corpus, rules=rules, by="年代", include_missing=True, out=out / "themes", cache_dir=None
            ),
            "themes_cross": r.themes(
                corpus, rules=rules, by=["年代", "回答年度"], out=out / "tc", cache_dir=None
            ),
            "report": r.report(corpus, rules=rules, by="年代", out=out / "report", cache_dir=None),
        }
        folders[how] = {name: _tree(res.folder) for name, res in runs.items()}
    for name, files in folders["plain"].items():
        assert sorted(files) == sorted(folders["encoded"][name]), name
        different = [f for f in files if files[f] != folders["encoded"][name][f]]
        assert not different, f"{name}: {different}"
    assert "未使用" not in str(folders["encoded"]["freq"])
    # corpus info and the value counts: no unused value, ties in the order plain strings give
    assert counts["encoded"] == counts["plain"]
    assert infos["encoded"] == infos["plain"]


@pytest.mark.parametrize(
    ("distinct", "rows", "expected"),
    [(1, 1, False), (1, 2, True), (50, 100, True), (51, 100, False), (0, 0, False)],
)
def test_the_encoding_rule(distinct: int, rows: int, expected: bool) -> None:
    assert worth_encoding(distinct, rows) is expected


def test_taken_spreads_a_column_like_a_left_join() -> None:
    values = pd.Series(["b", "a", "b", "c"], dtype="str")  # rows of a respondent file
    rows = np.array([1, 1, -1, 0, 1, 2, 1, 0])  # each answer's respondent (-1: none)
    got = taken(values, rows, fill="")
    assert got.tolist() == ["a", "a", "", "b", "a", "b", "a", "b"]
    assert str(got.dtype) == "category"
    assert list(got.cat.categories) == ["a", "", "b"]  # only values that occur, first seen first
    unique = taken(values, np.array([0, 1, 3]), fill="")
    assert unique.tolist() == ["b", "a", "c"] and unique.dtype == values.dtype  # distinct: not worth it


def test_encode_column_leaves_unique_and_missing_values_alone() -> None:
    assert str(encode_column(pd.Series(["x", "x", "y", "y"], dtype="str")).dtype) == "category"
    assert encode_column(pd.Series(["x", "y", "z"], dtype="str")).dtype == "str"
    assert encode_column(pd.Series(["x", None, "x", "x"], dtype="str")).dtype == "str"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", "", "d"]), min_size=1, max_size=8),
    st.lists(st.integers(-1, 7), max_size=30),
)
def test_taken_is_the_plain_take_with_categories_in_order_of_first_appearance(
    values: list[str], positions: list[int]
) -> None:
    rows = np.array([p if p < len(values) else -1 for p in positions], dtype=np.intp)
    out = taken(pd.Series(values, dtype="str"), rows, fill="")
    plain_values = [values[r] if r >= 0 else "" for r in rows.tolist()]
    assert [str(v) for v in out.tolist()] == plain_values
    if isinstance(out.dtype, pd.CategoricalDtype):
        assert out.cat.categories.tolist() == list(dict.fromkeys(plain_values))
