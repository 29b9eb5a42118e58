"""The fast tokenizing path gives exactly the tokens of the reference path.

Fast path: MeCab prints (left id, surface, word cost) per morpheme, several texts per call joined by the text
boundary, the lemma is read from the compiled dictionaries (mecabdic), the rules run in C (_speedups) or in
Python (_scan_py). Reference path: MeCab prints id, lemma and base form itself, one text per call
(Tokenizer._lemmas). Both must agree token for token on real text and on awkward input.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_MINUTES, SAMPLE_SURVEY
from dxtext.io.corpus import read_corpus
from dxtext.text import keylines
from dxtext.text import tokenize as tk
from dxtext.text.dictionary import TEXT_BOUNDARY, DictionaryError, load_entries
from dxtext.text.tokenize import Tokenizer


def _reference(texts: list[str]) -> list[list[str]]:
    ref = Tokenizer()
    return [ref._lemmas(t) for t in texts]


@pytest.fixture(params=["c", "python"])
def scan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the C loop (when it was built) and with the Python loop."""
    if request.param == "c":
        if tk._scan_c is None:
            pytest.skip("dxtext.text._speedups was not built (no C compiler)")
        monkeypatch.setattr(keylines, "_scan", tk._scan_c)  # where the tokenizer looks it up
    else:
        monkeypatch.setattr(keylines, "_scan", tk._scan_py)
    return str(request.param)


AWKWARD = [
    "",
    "   ",
    "　全角スペースで始まる回答　",
    "末尾に空白 ",
    "改行を\n含む\n回答",
    "タブ\tを含む",
    "境界文字" + TEXT_BOUNDARY + "を含む回答",  # parsed alone, never split
    "NUL\x00を含む",
    "英数字だけ ABC 123",
    "😀絵文字と㈱と①",
    "プラの容器が多い",  # プラ: homographs (plaza / plastics) with the same id and cost → reference path
    "ラムを食べた",
    "駐車場が少ないし博物館も遠い",
    "(*^_^*)",
    "ｶﾀｶﾅ",
    "あ" * 3000,  # a long text inside a batch
]


def test_awkward_texts_agree_with_reference(scan: str) -> None:
    texts = AWKWARD * 3
    assert Tokenizer().tokenize_many(texts) == _reference(texts)


def test_single_calls_agree_with_reference(scan: str) -> None:
    tok = Tokenizer()
    assert [tok(t) for t in AWKWARD] == _reference(AWKWARD)


def test_sample_corpora_agree_with_reference(scan: str) -> None:
    texts = read_corpus(SAMPLE_SURVEY, text_cols=None).texts
    for path in sorted(SAMPLE_MINUTES.glob("*.txt")):
        texts += read_corpus(path, unit="bullet").texts
    assert len(texts) > 400
    assert Tokenizer().tokenize_many(texts) == _reference(texts)


@pytest.mark.slow
def test_fukui_answers_agree_with_reference(fukui: Path, scan: str) -> None:
    texts = read_corpus(fukui / "answers.csv", text_cols=["text"], id_col="answer_id").texts[:20000]
    fast = Tokenizer()
    assert fast.tokenize_many(texts) == _reference(texts)
    # the lemmas of a few key lines could not be told apart (homographs): those texts took the reference path
    assert 0 < sum(v is None for v in fast._info.values()) < 50


# Texts made of the characters that matter at a boundary: kana, kanji, Latin, digits, symbols, spaces.
_ALPHABET = (
    "あいうかがきくけこさしすたてとなにのはまやらりるれをんアイカキクケコサシスタテトナニマリルレン"
    + ("県市町村国民人材共有化場者駐車標準移行東京福井ABCxyz019!?()・ー、。「」 　\n")
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=40), min_size=2, max_size=70))
def test_any_texts_batched_agree_with_each_alone(texts: list[str]) -> None:
    assert Tokenizer().tokenize_many(texts) == _reference(texts)


def test_parallel_workers_agree_and_word_classes_do_not_depend_on_order() -> None:
    base = read_corpus(SAMPLE_SURVEY, text_cols=None).texts
    texts = [f"{t}{i}" for i in range(25) for t in base]  # distinct: enough for worker processes
    one, two, backwards = Tokenizer(), Tokenizer(), Tokenizer()
    assert two.tokenize_many(texts, n_jobs=2) == one.tokenize_many(texts)
    backwards.tokenize_many(texts[::-1])
    assert dict(one.word_classes) == dict(two.word_classes) == dict(backwards.word_classes)


def test_the_boundary_is_safe_for_the_shipped_dictionary(tokenizer: Tokenizer) -> None:
    import unidic_lite

    from dxtext.text.mecabdic import boundary_problem

    dicdir = Path(unidic_lite.DICDIR)
    assert tokenizer.user_dic is not None
    assert (
        boundary_problem(dicdir / "sys.dic", tokenizer.user_dic, dicdir / "char.bin", TEXT_BOUNDARY) is None
    )
    # a character whose class makes MeCab add unknown words next to a dictionary word cannot be a boundary
    why = boundary_problem(dicdir / "sys.dic", tokenizer.user_dic, dicdir / "char.bin", "ア")
    assert why is not None and "unknown words" in why


def test_a_dictionary_without_the_boundary_entry_is_refused(tmp_path: Path) -> None:
    import unidic_lite

    from dxtext.text import dictionary as dictmod
    from dxtext.text.mecabdic import boundary_problem

    dicdir = Path(unidic_lite.DICDIR)
    rows = dictmod._csv_rows(load_entries(dictmod.default_dictionary_path())[:5], dicdir)
    source = tmp_path / "entries.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    built = tmp_path / "user.dic"
    dictmod._run_build(source, built, dicdir)
    why = boundary_problem(dicdir / "sys.dic", built, dicdir / "char.bin", TEXT_BOUNDARY)
    assert why is not None and "lacks the text-boundary entry" in why


def test_a_dictionary_with_an_entry_starting_with_the_boundary_is_refused(tmp_path: Path) -> None:
    import unidic_lite

    from dxtext.text import dictionary as dictmod
    from dxtext.text.mecabdic import boundary_problem

    dicdir = Path(unidic_lite.DICDIR)
    rows = dictmod._csv_rows(load_entries(dictmod.default_dictionary_path())[:5], dicdir)
    longer = dictmod._BOUNDARY_ROW.replace(TEXT_BOUNDARY, TEXT_BOUNDARY + "駐車", 1)
    source = tmp_path / "entries.csv"
    source.write_text("\n".join([*rows, dictmod._BOUNDARY_ROW, longer]) + "\n", encoding="utf-8")
    built = tmp_path / "user.dic"
    dictmod._run_build(source, built, dicdir)
    why = boundary_problem(dicdir / "sys.dic", built, dicdir / "char.bin", TEXT_BOUNDARY)
    assert why is not None and "starting with U+FDD0" in why


# Lines and what they mean, for the C and Python loops on input MeCab never prints (they must still agree).
_LEAD_NI = 1 | 64 << 16  # に: a lead particle, follower class OTHER
_INFO = {
    "": tk._NOTHING,
    "n": ("駐車", False, False, None, True, 64 << 16),  # a kept noun
    "s": (None, False, False, "場", False, 64 << 16),  # a joinable suffix
    "e": (None, False, False, "", False, 0),  # a suffix entry with an empty lemma: joins nothing
    "v": ("書く", False, True, None, False, 0),  # a verb: a following 非自立可能 word is an auxiliary
    "a": ("有る", True, False, None, False, 0),  # 非自立可能
    "h": None,  # a homograph
    "one": ("駐車", 0, 1, None, 1, 0),  # flags as ints, read by their truth value
    "ni": (None, False, False, None, False, _LEAD_NI),
    "any": ("因る", False, True, None, False, 1 << 4),  # after に: dropped at once
    "te?": ("つく", False, True, None, False, 1 << 4 | (1 | 64) << 8),  # after に: dropped before て or OTHER
    "te": (None, False, True, None, False, 1 << 16),  # the follower て
    "ta": (None, False, False, None, False, 2 << 16),  # the follower た
    "san": (None, False, False, "さん", False, 1 << 24),  # an honorific suffix
    "oku": ("奥", False, False, None, True, 0),
}


@pytest.mark.skipif(tk._scan_c is None, reason="dxtext.text._speedups was not built")
@pytest.mark.parametrize(
    "output",
    [
        "n\ns", "n\n\ns", "v\n\na", "v\na", "n\ne\ns", "one\ns", "one\na", "n\nh\ns", "n\nx\ns", "", "\n\n",
        "ni\nany\nn", "n\nany", "ni\nte?\nte", "ni\nte?\nta", "ni\nte?", "ni\nte?\n", "ni\nte?\nn",
        "ni\nte?\nx\nn", "ni\nte?\nh", "ni\nni\nte?\nte", "oku\nsan", "n\nsan", "oku\nsan\nsan", "ni\nte?\ns",
        "one\nsan\nni\nany",
    ],
)  # fmt: skip
def test_c_and_python_loops_agree_on_odd_input(output: str) -> None:
    assert tk._scan_c(output, dict(_INFO), None) == tk._scan_py(output, dict(_INFO), None)


def test_the_loops_drop_compound_verbs_and_join_honorifics() -> None:
    for scan in (tk._scan_py, tk._scan_c) if tk._scan_c else (tk._scan_py,):
        assert scan("ni\nany\nn", dict(_INFO), None)[0] == [["駐車"]]
        assert scan("ni\nte?\nte\nn", dict(_INFO), None)[0] == [["駐車"]]  # について
        assert scan("ni\nte?\nta\nn", dict(_INFO), None)[0] == [["つく", "駐車"]]  # についた: a verb
        assert scan("n\nte?\nte", dict(_INFO), None)[0] == [["駐車", "つく"]]  # no lead particle
        assert scan("ni\nte?", dict(_INFO), None)[0] == [[]]  # the end of the text counts as OTHER
        assert scan("oku\nsan", dict(_INFO), None)[0] == [["奥さん"]]
        assert scan("n\nsan", dict(_INFO), None)[0] == [["駐車"]]


def test_key_lines_resolve_to_what_mecab_prints(tokenizer: Tokenizer) -> None:
    """mecabdic finds, for (left id, surface, word cost), the lemma and base form MeCab itself prints."""
    import fugashi

    texts = read_corpus(SAMPLE_SURVEY, text_cols=None).texts
    both = fugashi.GenericTagger(
        tk._tagger_args(tokenizer.user_dic).split(" -O")[0]
        + r' -O "" -F %phl\\t%m\\t%pw\\t%phl\\t%F\\t[7,10]\\n -U %phl\\t%m\\tU\\t%phl\\t\\t%m\\n -E \\n'
    )
    fresh = Tokenizer()
    pairs = {}
    for text in texts:
        for line in both.parse(text).split("\n"):
            if line:
                lid, surface, cost, printed = line.split("\t", 3)
                pairs[f"{lid}\t{surface}\t{cost}"] = printed
    fresh._learn(set(pairs))
    resolved = {key: fresh._info[key] for key in pairs}
    assert len(pairs) > 1000
    for key, printed in pairs.items():
        if resolved[key] is not None:  # None: homographs, handled by the reference path
            assert resolved[key] == fresh._classify(printed), key


def test_noncharacters_are_refused_in_the_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "d.tsv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["surface", "canonical", "class", "reading", "cost", "tags"])
        w.writerow(["自治体" + TEXT_BOUNDARY, "自治体", "普通名詞", "", "", ""])
    with pytest.raises(DictionaryError, match=r"d\.tsv:2: .*noncharacter"):
        load_entries(path)
