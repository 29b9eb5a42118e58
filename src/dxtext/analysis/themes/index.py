"""The indexes a :class:`~dxtext.analysis.themes.ThemeCoder` counts with: the kept lemmas of every document as
one flat id array with a sparse document × lemma matrix (:class:`_Index`), all texts in one string for
substrings (:class:`_TextIndex`), and the count of near/seq matches in one document (:func:`_chain_count`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp


class _Index:
    """Kept lemmas of every document as one flat id array, and a sparse document × lemma count matrix."""

    def __init__(self, tokens: Sequence[Sequence[str]], word_classes: Mapping[str, str]) -> None:
        n = len(tokens)
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=n)
        total = int(lengths.sum())
        vocab: dict[str, int] = {}
        flat = np.fromiter(
            (vocab.setdefault(w, len(vocab)) for toks in tokens for w in toks), dtype=np.int32, count=total
        )
        self.n = n
        self.vocab = vocab
        self.words = list(vocab)
        self.flat = flat
        self.offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.doc_of = np.repeat(np.arange(n, dtype=np.int32), lengths)
        # copies: scipy sorts the index arrays of a CSR matrix in place
        X = sp.csr_matrix(
            (np.ones(total, dtype=np.int32), flat.copy(), self.offsets.copy()), shape=(n, len(vocab))
        )
        X.sum_duplicates()
        self.Xc = X.tocsc()
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


class _TextIndex:
    """All texts in one string (NUL-separated), so that a substring is searched once, not once per document."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.n = len(texts)
        self.joined = "\x00".join(t.replace("\x00", " ") for t in texts)
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=self.n)
        self.starts = (
            np.concatenate([[0], np.cumsum(lengths)[:-1]]) if self.n else np.zeros(0, dtype=np.int64)
        )

    def count(self, needle: str) -> np.ndarray:
        """Non-overlapping occurrences of ``needle`` per document (as ``str.count``)."""
        if not needle or "\x00" in needle:
            return np.zeros(self.n, dtype=np.int64)
        hits = np.fromiter((m.start() for m in re.finditer(re.escape(needle), self.joined)), dtype=np.int64)
        docs = np.searchsorted(self.starts, hits, side="right") - 1
        return np.bincount(docs, minlength=self.n).astype(np.int64)


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
