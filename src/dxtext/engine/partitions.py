"""The work of one partition, as plain functions of an importable module: what a Dask worker runs.

Every function takes plain values (lists, arrays, a pickled :class:`~dxtext.text.tokenize.Tokenizer`) and
returns plain values, so that it pickles by reference and runs the same in this process (the tests compare) and
in a worker of a remote cluster.

MeCab taggers do not pickle: a worker gets the tokenizer without its taggers (``Tokenizer.__getstate__``) and the
compiled user dictionary as bytes (:class:`ShippedTokenizer`); the first partition a worker tokenizes writes the
.dic into the worker's temporary folder and the tokenizer opens its tagger there, once per worker process.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

# per worker process: shipped-dictionary digest → the tokenizer set up with it (taggers created on first use)
_TOKENIZERS: dict[str, Any] = {}


@dataclass(frozen=True)
class ShippedTokenizer:
    """A tokenizer for workers that may not see this machine's files: the tokenizer (taggers dropped on
    pickling) and the bytes of its compiled user dictionary with the boundary verdict kept beside it."""

    tokenizer: Any
    dic: bytes | None
    boundary: str | None
    digest: str

    @classmethod
    def of(cls, tok: Any) -> ShippedTokenizer:
        dic = Path(tok.user_dic).read_bytes() if tok.user_dic is not None else None
        sidecar = Path(f"{tok.user_dic}.boundary") if tok.user_dic is not None else None
        boundary = sidecar.read_text(encoding="utf-8") if sidecar is not None and sidecar.is_file() else None
        digest = hashlib.sha256((dic or b"") + tok.fingerprint.encode()).hexdigest()[:24]
        return cls(tok, dic, boundary, digest)

    def local(self) -> Any:
        """The tokenizer of this process (a worker): created once, its user dictionary written to a temporary
        folder of the worker (named by its hash, so a worker that already has it does not write it again)."""
        tok = _TOKENIZERS.get(self.digest)
        if tok is not None:
            return tok
        tok = self.tokenizer
        if self.dic is not None:
            folder = Path(tempfile.gettempdir()) / f"dxtext-worker-dic-{self.digest}"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "user.dic"
            if not path.is_file() or path.stat().st_size != len(self.dic):
                tmp = folder / f"user.dic.{os.getpid()}.tmp"
                tmp.write_bytes(self.dic)
                os.replace(tmp, path)
            if self.boundary is not None:
                Path(f"{path}.boundary").write_text(self.boundary, encoding="utf-8")
            tok.user_dic = path
        _TOKENIZERS[self.digest] = tok
        return tok


def tokenize_partition(
    shipped: ShippedTokenizer, texts: Sequence[str]
) -> tuple[list[list[str]], dict[str, str]]:
    """Token lists of ``texts`` and the word class of every lemma this worker has met (for the merge: a lemma
    met in several classes takes the first of the class order, whatever the worker)."""
    tok = shipped.local()
    lists = tok.tokenize_many(list(texts), n_jobs=1)
    return lists, dict(tok._classes)


def count_partition(token_lists: Sequence[Sequence[str]]) -> tuple[list[str], sp.csr_matrix]:
    """The count matrix of one partition over its own vocabulary (first-seen order)."""
    vocab: dict[str, int] = {}
    n = len(token_lists)
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=n)
    total = int(lengths.sum())
    indices = np.fromiter(
        (vocab.setdefault(w, len(vocab)) for toks in token_lists for w in toks), dtype=np.int32, count=total
    )
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    X = sp.csr_matrix((np.ones(total, dtype=np.int32), indices, indptr), shape=(n, len(vocab)))
    X.sum_duplicates()
    return list(vocab), X


def gram_partition(B: sp.csr_matrix) -> sp.csr_matrix:
    """Bᵀ B of one row block of the binary document × word matrix (pair counts of its documents)."""
    B = sp.csr_matrix(B, copy=True)
    B.data = np.ones_like(B.data, dtype=np.int32)
    return (B.T @ B).tocsr().astype(np.int64)


def code_partition(
    rules: Any,
    shipped: ShippedTokenizer | None,
    token_lists: Sequence[Sequence[str]],
    texts: Sequence[str] | None,
    doc_ids: Sequence[str],
    word_classes: Mapping[str, str],
    vocab: frozenset[str],
) -> dict[str, Any]:
    """Theme coding of one partition, rule words resolved against the whole corpus's ``vocab`` (so every
    partition reads a rule word the same way): the coded, counts and evidence tables and the word and atom
    reports (their document counts are summed over partitions)."""
    from ..analysis.themes import ThemeCoder

    tok = shipped.local() if shipped is not None else None
    coder = ThemeCoder(rules, tokenizer=tok, vocab=vocab).fit(
        token_lists, texts=texts, doc_ids=doc_ids, word_classes=word_classes
    )
    return {
        "coded": coder.coded_,
        "counts": coder.counts_,
        "evidence": coder.evidence_,
        "words": coder.words_,
        "atoms": coder.atoms_,
        "warnings": list(getattr(coder, "warnings_", [])),
    }
