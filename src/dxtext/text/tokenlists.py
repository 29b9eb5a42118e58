"""Token lists held compactly: one int32 word id per token, the boundaries of the documents, and the words.

The Fukui answers copied 16 times (932k short answers) have 7.6 M tokens. As Python lists of strings they took
about 210 MiB (a list object and a pointer array per document, measured); as ids they take 38 MiB. Reading a
Python list also writes its reference count, so a forked child that walks the lists copies the pages that hold
them; reading a numpy array writes nothing.

:class:`TokenLists` is a read-only sequence of lists of strings: ``tokens[i]`` and iteration give a new list
each time (its strings are shared, one per distinct word), so code written for ``list[list[str]]`` reads it
unchanged. Code that counts (the document-term matrix, the theme index, the topic model's matrix) takes the
ids directly (:attr:`TokenLists.ids`, :attr:`TokenLists.words`).

The words are the distinct tokens in the order they first occur, and every word occurs: the ids are those a
first-occurrence numbering of the lists gives, whatever the lists were built from.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

_CHUNK = 8192  # documents turned into lists at a time while iterating


class TokenLists(Sequence[list[str]]):
    """Documents' token lists: ``words`` (distinct, in order of first occurrence), ``ids`` (int32, one per token,
    into ``words``) and ``bounds`` (int64, ``len + 1`` values: document ``i`` is ``ids[bounds[i]:bounds[i+1]]``)."""

    __slots__ = ("_objects", "bounds", "ids", "words")

    def __init__(self, words: list[str], ids: np.ndarray, bounds: np.ndarray) -> None:
        self.words = words
        self.ids = ids
        self.bounds = bounds
        self._objects: np.ndarray | None = None

    # -- building ----------------------------------------------------------------------------------------

    @classmethod
    def of(cls, lists: Iterable[Sequence[str]] | TokenLists) -> TokenLists:
        """The compact form of ``lists`` (itself when it is one already)."""
        if isinstance(lists, TokenLists):
            return lists
        lists = lists if isinstance(lists, (list, tuple)) else list(lists)
        built = TokenListsBuilder()
        for a in range(0, len(lists), 65536):
            built.add(lists[a : a + 65536])
        return built.build()

    @classmethod
    def from_ids(cls, words: Sequence[str], ids: np.ndarray, bounds: np.ndarray) -> TokenLists:
        """From ids into any list of distinct ``words`` (some possibly unused): renumbered in order of first
        occurrence, unused words dropped (so equal lists give equal arrays, however they were read)."""
        ids = np.asarray(ids)
        if len(ids) == 0:
            return cls([], np.zeros(0, dtype=np.int32), np.asarray(bounds, dtype=np.int64))
        present, first = np.unique(ids, return_index=True)
        order = present[np.argsort(first, kind="stable")]  # the word ids in order of first occurrence
        new_id = np.empty(len(words), dtype=np.int32)
        new_id[order] = np.arange(len(order), dtype=np.int32)
        return cls([words[int(j)] for j in order], new_id[ids], np.asarray(bounds, dtype=np.int64))

    # -- reading -----------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def lengths(self) -> np.ndarray:
        """Tokens per document (int64)."""
        return np.diff(self.bounds)

    def _words_array(self) -> np.ndarray:
        if self._objects is None or len(self._objects) != len(self.words):
            self._objects = np.empty(len(self.words), dtype=object)
            self._objects[:] = self.words
        return self._objects

    def _lists(self, start: int, stop: int) -> list[list[str]]:
        lo, hi = int(self.bounds[start]), int(self.bounds[stop])
        flat = self._words_array()[self.ids[lo:hi]].tolist()
        cuts = (self.bounds[start : stop + 1] - lo).tolist()
        return [flat[a:b] for a, b in itertools.pairwise(cuts)]

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step != 1:
                return [self[j] for j in range(start, stop, step)]
            return self._lists(start, max(start, stop))
        n = len(self)
        j = int(i)
        if j < 0:
            j += n
        if not 0 <= j < n:
            raise IndexError(i)  # as a list does, for a position past the end
        words = self.words
        return [words[k] for k in self.ids[self.bounds[j] : self.bounds[j + 1]].tolist()]

    def __iter__(self) -> Iterator[list[str]]:
        n = len(self)
        for a in range(0, n, _CHUNK):
            yield from self._lists(a, min(a + _CHUNK, n))

    def take(self, rows: Sequence[int] | np.ndarray, *, same_order: bool = False) -> TokenLists:
        """The documents ``rows`` (in that order), as a TokenLists. ``same_order``: the caller knows the words
        first occur in the same order among the rows taken (rows in increasing order of first use, such as
        every row with words, or repeats placed after their first appearance) — no renumbering, which sorts
        every token."""
        rows = np.asarray(rows, dtype=np.int64)
        lengths = self.lengths()[rows]
        bounds = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=bounds[1:])
        # a kept token's old position: its document's old start plus its place within the document
        positions = np.repeat(self.bounds[:-1][rows] - bounds[:-1], lengths)
        positions += np.arange(int(bounds[-1]), dtype=np.int64)
        ids = self.ids[positions]
        del positions
        if same_order:
            return TokenLists(self.words, ids, bounds)
        return TokenLists.from_ids(self.words, ids, bounds)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenLists):
            return (
                self.words == other.words
                and np.array_equal(self.bounds, other.bounds)
                and np.array_equal(self.ids, other.ids)
            )
        if isinstance(other, (list, tuple)):
            return len(other) == len(self) and all(list(a) == b for a, b in zip(other, self, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TokenLists({len(self):,} documents, {len(self.ids):,} tokens, {len(self.words):,} words)"

    def __getstate__(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        return self.words, self.ids, self.bounds

    def __setstate__(self, state: tuple[list[str], np.ndarray, np.ndarray]) -> None:
        self.words, self.ids, self.bounds = state
        self._objects = None


def with_words(lists: Sequence[Sequence[str]]) -> int:
    """How many of ``lists`` hold a token (from the bounds of a TokenLists, without a list per document)."""
    if isinstance(lists, TokenLists):
        return int(np.count_nonzero(lists.lengths()))
    return sum(1 for t in lists if t)


class TokenListsBuilder:
    """A TokenLists made a piece of documents at a time: each piece's lists become ids when added and can be let
    go, so the lists of all documents never exist at once (tokenizing a million answers held them all)."""

    def __init__(self) -> None:
        self._vocab: dict[str, int] = {}
        self._ids: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []

    def add(self, lists: Sequence[Sequence[str]]) -> None:
        """The next documents' token lists."""
        import pandas as pd

        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        total = int(lengths.sum())
        ids = np.zeros(0, dtype=np.int32)
        if total:
            # hashed by pandas; only the piece's distinct words go through a dict
            part = np.fromiter(itertools.chain.from_iterable(lists), dtype=object, count=total)
            codes, uniques = pd.factorize(part, sort=False)
            vocab = self._vocab
            new = np.fromiter(
                (vocab.setdefault(w, len(vocab)) for w in uniques), dtype=np.int32, count=len(uniques)
            )
            ids = new[codes]
        self._ids.append(ids)
        self._lengths.append(lengths)

    def build(self) -> TokenLists:
        """The documents added so far, in order."""
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, dtype=np.int64)
        bounds = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=bounds[1:])
        ids = np.concatenate(self._ids).astype(np.int32, copy=False) if self._ids else np.zeros(0, np.int32)
        return TokenLists(list(self._vocab), ids, bounds)
