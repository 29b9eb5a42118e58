"""The indexes a :class:`~dxtext.analysis.themes.ThemeCoder` counts with: the kept lemmas of every document as
one flat id array with a sparse document × lemma matrix (:class:`_Index`), all texts in one string for
substrings (:class:`_TextIndex`: Arrow strings), and the count of near/seq matches in one document (:func:`_chain_count`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from ...io.compact import arrow_strings
from ...text.tokenlists import TokenLists


class _Index:
    """Kept lemmas of every document as one flat id array, and a sparse document × lemma count matrix."""

    def __init__(self, tokens: Sequence[Sequence[str]], word_classes: Mapping[str, str]) -> None:
        n = len(tokens)
        flat, lengths, words = flat_ids(tokens)
        self.n = n
        self.words = words
        self.vocab = {w: i for i, w in enumerate(words)}
        self.flat = flat
        self.offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=self.offsets[1:])
        self.doc_of = np.repeat(np.arange(n, dtype=np.int32), lengths)
        self.Xc = _lemma_columns(flat, self.offsets, n, len(words))
        self.df = np.diff(self.Xc.indptr)
        # Suffix-joined compounds (駐車+場 → 駐車場) have no class of their own in the token cache: they are nouns.
        self.classes = np.array([word_classes.get(w) or "名詞" for w in self.words], dtype=object)

    def ids(self, lemmas: Sequence[str], pos: str | None) -> np.ndarray:
        ids = [self.vocab[w] for w in lemmas if w in self.vocab]
        if pos is not None:
            ids = [i for i in ids if self.classes[i] == pos]
        return np.asarray(sorted(set(ids)), dtype=np.int64)

    def counts(self, ids: np.ndarray) -> np.ndarray:
        if len(ids) == 0:
            return np.zeros(self.n, dtype=np.int64)
        return np.asarray(self.Xc[:, ids].sum(axis=1)).ravel().astype(np.int64)

    def mask(self, ids: np.ndarray) -> np.ndarray:
        if len(ids) == 0:
            return np.zeros(len(self.flat), dtype=bool)
        if len(ids) == 1:
            return self.flat == ids[0]
        return np.isin(self.flat, ids)


def _lemma_columns(flat: np.ndarray, offsets: np.ndarray, n: int, n_words: int) -> sp.csc_matrix:
    """The document × lemma counts, column by column: the tokens as a document × lemma matrix with one entry per
    token (``flat`` as its column indices, ``offsets`` as its row pointers), turned into columns by scipy's
    counting sort (row indices come out ascending within each column) and the repeated (document, lemma)
    entries summed in place. An argsort of the 7.6 M tokens of 930k answers took 1 s of the 1.1 s this took
    before; this takes 0.06 s, and never holds an int64 copy of the positions."""
    index_dtype = (
        np.int32 if len(flat) < np.iinfo(np.int32).max and n_words < np.iinfo(np.int32).max else np.int64
    )
    rows = sp.csr_matrix(
        (
            np.ones(len(flat), dtype=np.int32),
            flat.astype(index_dtype, copy=False),
            offsets.astype(index_dtype),
        ),
        shape=(n, n_words),
    )
    columns = rows.tocsc()
    del rows
    columns.sum_duplicates()
    return columns


def flat_ids(tokens: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The tokens of every document as one int32 array of word ids (ids in order of first appearance), the
    number of tokens per document, and the words (:class:`~dxtext.text.tokenlists.TokenLists`; given one,
    its arrays as they are)."""
    compact = TokenLists.of(tokens)
    return compact.ids, compact.lengths(), compact.words


def same_ids(ids: pd.Series | pd.Index, other: Sequence[str] | pd.Index) -> bool:
    """True when ``ids`` (as strings) are ``other``, in the same order; compared in Arrow."""
    if len(ids) != len(other):
        return False
    left = arrow_strings(pd.Series(ids, copy=False).astype(str))
    right = arrow_strings(pd.Series(other, copy=False).astype(str))
    same = pc.equal(left.cast(pa.large_string()), right.cast(pa.large_string()))
    return bool(pc.all(pc.fill_null(same, False)).as_py())


def corpus_rows(docs: pd.DataFrame, doc_ids: Sequence[str]) -> np.ndarray | None:
    """The row of each document of ``doc_ids`` in the corpus frame ``docs`` (-1: not there); None when the
    frame's ids are not unique. The documents of the tokens are usually the used rows in order: that is
    checked in Arrow, without a hash of a million ids."""
    used = np.flatnonzero((docs["status"] == "used").to_numpy(dtype=bool))
    ids = docs["doc_id"]
    if len(used) == len(doc_ids):
        if same_ids(ids.iloc[used], list(doc_ids)):
            whole = arrow_strings(ids.astype(str))
            if pc.count_distinct(whole).as_py() == len(whole):
                return used
    index = pd.Index(ids.astype(str))
    if not index.is_unique:
        return None
    return index.get_indexer(pd.Index(list(doc_ids)))


#: texts are turned into Arrow strings this many at a time
_TEXT_CHUNK = 65536


class _TextIndex:
    """The documents' texts as Arrow strings: a substring is counted in every document by Arrow (non-overlapping
    occurrences, as ``str.count``), with no Python string per document nor a joined copy of all texts. Built
    from a list of texts, or from a column of the corpus (``column``, every row) and the rows of the documents
    (``rows``); ``texts[d]`` gives one document's text."""

    def __init__(
        self,
        texts: Sequence[str] | None = None,
        *,
        column: pa.ChunkedArray | None = None,
        rows: np.ndarray | None = None,
    ) -> None:
        if column is None:
            assert texts is not None
            column = pa.chunked_array(
                [
                    pa.array([t.replace("\x00", " ") for t in texts[a : a + _TEXT_CHUNK]], pa.large_string())
                    for a in range(0, len(texts), _TEXT_CHUNK)
                ],
                pa.large_string(),
            )
        self._column = column
        self._rows = rows
        self.n = len(rows) if rows is not None else len(column)
        self._spaced: pa.ChunkedArray | None = None

    def count(self, needle: str) -> np.ndarray:
        """Non-overlapping occurrences of ``needle`` per document (as ``str.count``)."""
        if not needle or "\x00" in needle:
            return np.zeros(self.n, dtype=np.int64)
        column = self._column
        if (
            " " in needle
        ):  # NUL reads as a space (it separated the documents of the joined text this replaced)
            if self._spaced is None:
                has_nul = pc.any(pc.fill_null(pc.match_substring(column, "\x00"), False)).as_py()
                self._spaced = pc.replace_substring(column, "\x00", " ") if has_nul else column
            column = self._spaced
        found = np.concatenate(
            [np.zeros(0, dtype=np.int64), *(_count_chunk(c, needle.encode()) for c in column.chunks)]
        )
        if self._rows is None:
            return found
        return np.where(self._rows >= 0, found[self._rows], 0)  # -1: a document not in the frame

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, d: int) -> str:
        row = int(self._rows[d]) if self._rows is not None else int(d)
        if row < 0:
            return ""
        value = self._column[row].as_py()
        return "" if value is None else value

    def __iter__(self) -> Iterator[str]:
        for a in range(0, self.n, _TEXT_CHUNK):
            if self._rows is None:
                part = self._column.slice(a, _TEXT_CHUNK)
            else:
                rows = self._rows[a : a + _TEXT_CHUNK]
                part = self._column.take(np.where(rows >= 0, rows, 0))
                part = pc.if_else(pa.array(rows >= 0), part, pa.scalar(None, part.type))
            yield from ("" if t is None else t for t in part.to_pylist())


def _count_chunk(chunk: pa.Array, needle: bytes) -> np.ndarray:
    """Non-overlapping occurrences of ``needle`` (UTF-8) in each string of ``chunk``, searched in the chunk's
    data buffer as one byte string (UTF-8 is self-synchronising: a match is one at characters). A match that
    runs from one string into the next is no match, and the search goes on at the next string's start."""
    n = len(chunk)
    out = np.zeros(n, dtype=np.int64)
    _, offsets_buf, data = chunk.buffers()
    if n == 0 or data is None:
        return out
    dtype = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(offsets_buf, dtype=dtype)[chunk.offset : chunk.offset + n + 1].astype(np.int64)
    text = memoryview(data)
    lo, hi = int(offsets[0]), int(offsets[-1])
    size = len(needle)
    pattern = re.compile(re.escape(needle))
    starts = np.fromiter((m.start() for m in pattern.finditer(text, lo, hi)), dtype=np.int64)
    docs = np.searchsorted(offsets, starts, side="right") - 1
    if (starts + size <= offsets[docs + 1]).all():
        return np.bincount(docs, minlength=n).astype(np.int64)
    hits = []
    pos = lo
    while (m := pattern.search(text, pos, hi)) is not None:
        start = m.start()
        d = int(np.searchsorted(offsets, start, side="right")) - 1
        end = int(offsets[d + 1])
        if start + size <= end:
            hits.append(d)
            pos = start + size
        else:
            pos = end
    return np.bincount(np.asarray(hits, dtype=np.int64), minlength=n).astype(np.int64)


def _near_entries(
    ix: _Index, masks: Sequence[np.ndarray], present: np.ndarray
) -> tuple[list[int], list[int], list[int], list[int]]:
    """The (position in its document, element) of every position of near/seq elements in the documents where
    all are ``present``, sorted by document, position and element, found at once (not per document): the
    documents, where each one's entries start (one more at the end), the positions and the elements."""
    positions = [p[present[ix.doc_of[p]]] for p in (np.flatnonzero(m) for m in masks)]
    pos = np.concatenate([np.zeros(0, dtype=np.int64), *positions])
    element = np.concatenate(
        [np.zeros(0, dtype=np.int64), *(np.full(len(p), e) for e, p in enumerate(positions))]
    )
    order = np.lexsort((element, pos))
    pos, element = pos[order], element[order]
    doc = ix.doc_of[pos]
    docs = np.flatnonzero(present)
    starts = np.searchsorted(doc, docs, side="left")
    bounds = np.append(starts, len(pos)) if len(docs) else np.zeros(1, dtype=np.int64)
    return docs.tolist(), bounds.tolist(), (pos - ix.offsets[doc]).tolist(), element.tolist()


def _chain_count(entries: list[tuple[int, int]], k: int, limit: int | None, ordered: bool) -> int:
    """Matches of near/seq in one document. ``entries``: (position, element) sorted by position.

    From each occurrence (not followed directly by the same element), scan forward: an element not yet seen
    counts when it lies within ``limit`` positions of the previous counted one (for seq: only the next
    element in order counts). A start from which all ``k`` elements are counted is one match.
    """
    count = 0
    m = len(entries)
    for s in range(m):
        pos0, e0 = entries[s]
        if ordered and e0 != 0:
            continue
        if s + 1 < m and entries[s + 1][1] == e0:
            continue
        seen = {e0}
        last = pos0
        want = 1
        for t in range(s + 1, m):
            pos, e = entries[t]
            if limit is not None and pos - last > limit:
                break
            if ordered:
                if e != want:
                    continue
                want += 1
            elif e in seen:
                continue
            seen.add(e)
            last = pos
            if len(seen) == k:
                count += 1
                break
    return count
