"""TokenLists: token lists held as word ids read exactly as the lists they hold, and the counting code that takes
the ids directly gives what it gives for plain lists."""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxtext.analysis.matrix import build_dtm
from dxtext.analysis.themes.index import flat_ids
from dxtext.analysis.topics.transform import vocab_counts
from dxtext.text.tokenlists import TokenLists

LISTS = [
    ["行政", "デジタル", "推進"],
    [],
    ["推進", "行政", "行政", "人材"],
    ["人材"],
]

# words in order of first occurrence, one id per token, document boundaries
EXPECTED_WORDS = ["行政", "デジタル", "推進", "人材"]
EXPECTED_IDS = [0, 1, 2, 2, 0, 0, 3, 3]
EXPECTED_BOUNDS = [0, 3, 3, 7, 8]

word = st.sampled_from(["行政", "デジタル", "推進", "人材", "a", "b", "ｘ", "キャリアパス"])
many_lists = st.lists(st.lists(word, max_size=6), max_size=25)


def test_layout_is_first_occurrence_ids():
    t = TokenLists.of(LISTS)
    assert t.words == EXPECTED_WORDS
    assert t.ids.dtype == np.int32 and t.ids.tolist() == EXPECTED_IDS
    assert t.bounds.tolist() == EXPECTED_BOUNDS
    assert t.lengths().tolist() == [3, 0, 4, 1]


def test_reads_as_the_lists():
    t = TokenLists.of(LISTS)
    assert len(t) == 4
    assert list(t) == LISTS
    assert t == LISTS
    assert [t[i] for i in range(4)] == LISTS
    assert t[-1] == ["人材"] and t[1] == []
    assert t[1:3] == LISTS[1:3] and t[::2] == LISTS[::2] and t[3:1] == []
    with pytest.raises(IndexError):
        t[4]
    # each read is a new list: changing it changes nothing held
    t[0].append("x")
    assert t[0] == LISTS[0]


def test_of_keeps_a_tokenlists_and_pickles():
    t = TokenLists.of(LISTS)
    assert TokenLists.of(t) is t
    back = pickle.loads(pickle.dumps(t))
    assert back == t and list(back) == LISTS


def test_take_and_from_ids_renumber():
    t = TokenLists.of(LISTS)
    sub = t.take([3, 0, 1])
    assert list(sub) == [LISTS[3], LISTS[0], LISTS[1]]
    assert sub.words == ["人材", "行政", "デジタル", "推進"]  # renumbered: first occurrence in the subset
    assert sub == TokenLists.of([LISTS[3], LISTS[0], LISTS[1]])
    # ids into a longer word list (as the token cache reads them): the same arrays as built from the lists
    words = ["未使用", "人材", "推進", "行政", "デジタル"]
    position = {w: i for i, w in enumerate(words)}
    ids = np.array([position[w] for doc in LISTS for w in doc], dtype=np.int32)
    assert TokenLists.from_ids(words, ids, np.array(EXPECTED_BOUNDS)) == t


def test_empty():
    assert list(TokenLists.of([])) == [] and len(TokenLists.of([])) == 0
    only_empty = TokenLists.of([[], []])
    assert list(only_empty) == [[], []] and only_empty.take([1]) == [[]]


@settings(max_examples=60, deadline=None)
@given(many_lists, st.lists(st.integers(min_value=0, max_value=24), max_size=10))
def test_same_as_lists(lists, rows):
    t = TokenLists.of(lists)
    assert list(t) == lists
    rows = [r for r in rows if r < len(lists)]
    assert list(t.take(rows)) == [lists[r] for r in rows]
    ids, lengths, words = flat_ids(lists)
    assert ids.tolist() == t.ids.tolist() and lengths.tolist() == t.lengths().tolist() and words == t.words
    vocab = ["推進", "a", "ないもの", "人材"]
    m_lists, cov_lists = vocab_counts(vocab, lists)
    m_ids, cov_ids = vocab_counts(vocab, t)
    assert cov_lists == cov_ids
    assert m_lists.shape == m_ids.shape and (m_lists != m_ids).nnz == 0


@settings(max_examples=40, deadline=None)
@given(many_lists.filter(lambda ls: any(ls)))
def test_build_dtm_from_ids_counts_the_tokens(lists):
    """The matrix from the ids is the plain count: words by frequency then spelling, a cell per count."""
    from collections import Counter

    t = TokenLists.of(lists)
    ids_before = t.ids.copy()
    for given_as in (lists, t):
        m = build_dtm(given_as, min_df=1)
        tf = Counter(w for doc in lists for w in doc)
        assert m.vocab == sorted(tf, key=lambda w: (-tf[w], w))
        expected = [[Counter(doc)[w] for w in m.vocab] for doc in lists]
        assert m.X.dtype == np.int32 and m.X.toarray().tolist() == expected
    assert np.array_equal(t.ids, ids_before)  # the matrix did not sort the held ids in place


@settings(max_examples=40, deadline=None)
@given(many_lists)
def test_frequency_table_same_from_ids(lists):
    from dxtext.analysis.freq import frequency_table

    plain = frequency_table(lists)
    compact = frequency_table(TokenLists.of(lists))
    assert plain.equals(compact)


@settings(max_examples=40, deadline=None)
@given(many_lists, st.lists(st.integers(min_value=0, max_value=25), max_size=4))
def test_built_a_piece_at_a_time_equals_built_at_once(lists, cuts):
    from dxtext.text.tokenlists import TokenListsBuilder

    built = TokenListsBuilder()
    edges = [0, *sorted(c for c in cuts if c <= len(lists)), len(lists)]
    for a, b in itertools.pairwise(edges):
        built.add(lists[a:b])
    got = built.build()
    assert got == TokenLists.of(lists) and list(got) == lists
    assert got.words == list(dict.fromkeys(w for doc in lists for w in doc))  # first occurrence


@settings(max_examples=40, deadline=None)
@given(many_lists, st.lists(st.integers(min_value=0, max_value=30), max_size=40))
def test_take_in_the_same_order_needs_no_renumbering(lists, picks):
    """The rows tokenizing takes: repeats of texts after their first appearance (numbered in order of first
    appearance), and every row with words: the words' first occurrences keep their order."""
    t = TokenLists.of(lists)
    owner: list[int] = []  # every row once in order, each followed by repeats of rows seen already
    for i in range(len(lists)):
        owner.append(i)
        owner.extend(p % (i + 1) for p in picks[i % 3 :: 3])
    assert t.take(owner, same_order=True) == t.take(owner) == TokenLists.of([lists[r] for r in owner])
    with_words = [i for i, doc in enumerate(lists) if doc]
    assert t.take(with_words, same_order=True) == TokenLists.of([lists[i] for i in with_words])
