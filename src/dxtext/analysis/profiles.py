"""What the study-group report says about each theme, computed: how many documents, which words characterise
them, which rule words hit, and which documents to quote (masked); and what it shows of a topic model.

Data in, dictionaries and DataFrames out; :mod:`dxtext.render.report` turns them into the document.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ..text.tokenize import Tokenizer
    from .matrix import DocTermMatrix
    from .themes import CrossTab


class Masker:
    def __init__(self, tokenizer: Tokenizer | None) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> str:
        if self.tokenizer is None:
            return text
        from ..text.privacy import mask_pii

        return mask_pii(text, self.tokenizer)


def without_names(dtm: DocTermMatrix, classes: dict[str, str]) -> DocTermMatrix:
    keep = [j for j, w in enumerate(dtm.vocab) if classes.get(w) != "人名"]
    return dtm if len(keep) == len(dtm.vocab) else dtm.select_terms(keep)


#: Word classes shown as characteristic words: nouns and 形容動詞 say what a theme is about; verbs and
#: adjectives (ある, 無い, 思う) rank high by chance in small sets and say little.
CHARACTERISTIC_CLASSES = frozenset({"名詞", "サ変名詞", "固有名詞", "地名", "形容動詞"})

#: A theme needs this many documents before its characteristic words and network are shown.
MIN_DOCS_FOR_WORDS = 5


def noun_mask(dtm: DocTermMatrix, classes: dict[str, str]) -> np.ndarray:
    """A bool per column of ``dtm``: the word may be shown as a characteristic word (its class is in
    :data:`CHARACTERISTIC_CLASSES`; a word without a class counts as a noun)."""
    return np.fromiter(
        ((classes.get(w) or "名詞") in CHARACTERISTIC_CLASSES for w in dtm.vocab),
        dtype=bool,
        count=dtm.n_terms,
    )


@dataclass
class ThemeWords:
    """What every theme's section reads of the word matrix, computed once for all themes: ``tf``/``df``
    (themes × words: occurrences and documents of the theme with the word, by one product ``Hᵀ X`` / ``Hᵀ B``
    with H the documents × themes hits), ``df_all`` (documents with the word), the vocabulary as an array,
    its index, which words may be shown (:func:`noun_mask`) and each document's text length."""

    tf: np.ndarray
    df: np.ndarray
    df_all: np.ndarray
    vocab: np.ndarray
    index: dict[str, int]
    nouns: np.ndarray
    lengths: np.ndarray

    @classmethod
    def of(
        cls,
        coded: pd.DataFrame,
        names: list[str],
        B: Any,
        dtm: DocTermMatrix,
        classes: dict[str, str],
        texts: pd.Series,
    ) -> ThemeWords:
        import scipy.sparse as sp

        from .network.subsets import subset_counts

        H = sp.csc_matrix(coded[names].to_numpy(dtype=bool))
        tf, df = subset_counts(dtm.X, H, binary=B)
        return cls(
            tf=tf,
            df=df,
            df_all=np.bincount(B.indices, minlength=B.shape[1]),  # B is 0/1: its entries per column
            vocab=np.asarray(dtm.vocab, dtype=str),
            index=dtm.index(),
            nouns=noun_mask(dtm, classes),
            lengths=texts.str.len().to_numpy(),
        )


def theme_profile(
    name: str,
    k: int,
    in_theme: np.ndarray,
    *,
    coder: Any,
    B: Any,
    words: ThemeWords,
    ct: CrossTab | None,
    texts: pd.Series,
    groups: pd.Series | None,
    used: pd.DataFrame,
    by: str | None,
    quotes: int,
    masker: Masker,
    quoted: set[int],
) -> dict[str, Any]:
    """The section of theme number ``k`` (row ``k - 1`` of ``words``): its documents, characteristic words
    (nouns, not the rule's own words), rule words that hit and quotes."""
    from .themes.words import COLUMNS, scored_words

    n = int(in_theme.sum())
    total = len(in_theme)
    rule_words = coder.words_[coder.words_["theme"] == name]
    rule_lemmas = {lem for x in rule_words["lemmas"] for lem in str(x).split("+") if lem}
    if n >= MIN_DOCS_FOR_WORDS:
        min_docs = max(2, math.ceil(0.01 * n))
        allowed = words.nouns.copy()
        allowed[[words.index[w] for w in rule_lemmas if w in words.index]] = False
        char = scored_words(
            words.df[k - 1], words.df_all, n, total, words.vocab, top=8, min_docs=min_docs, allowed=allowed
        )
    else:
        char = pd.DataFrame(columns=COLUMNS)
    atoms = coder.atoms_[coder.atoms_["theme"] == name]
    hits = (
        atoms[atoms["in_theme"] > 0]
        .sort_values(["in_theme", "line"], ascending=[False, True], kind="stable")
        .head(6)
    )
    info: dict[str, Any] = {
        "name": name,
        "k": k,
        "n": n,
        "pct": n / total * 100 if total else 0.0,
        "mask": in_theme,
        "char": char,
        "hits": hits,
        "network": None,
        "quotes": [],
    }
    if n:
        info["quotes"] = pick_quotes(
            in_theme,
            coder.counts_[name].to_numpy(),
            coder.evidence_[name].to_numpy(),
            char,
            B=B,
            words=words,
            texts=texts,
            groups=groups,
            used=used,
            by=by,
            n=quotes,
            masker=masker,
            quoted=quoted,
        )
    return info


def pick_quotes(
    in_theme: np.ndarray,
    hits: np.ndarray,
    evidence: np.ndarray,
    char: pd.DataFrame,
    *,
    B: Any,
    words: ThemeWords,
    texts: pd.Series,
    groups: pd.Series | None,
    used: pd.DataFrame,
    by: str | None,
    n: int,
    masker: Masker,
    quoted: set[int],
) -> list[dict[str, str]]:
    """Representative documents: many different parts of the rule matched (then more hits, then
    characteristic words), a readable length (≈30–250 characters), from different groups where possible,
    not already quoted under an earlier theme, no two that start the same. Deterministic."""
    idx = np.flatnonzero(in_theme)
    lengths = words.lengths[idx]
    score = evidence[idx].astype(float) + 0.5 * np.log1p(hits[idx].astype(float))
    if len(char):
        cols = [words.index[w] for w in char["word"] if w in words.index]
        if cols:
            # the weighted characteristic words of every document by one product over the matrix (zero
            # weight elsewhere: each row sums its words in column order, as its own rows' product did)
            weights = np.zeros(len(words.vocab))
            weights[cols] = np.clip(char["z"].to_numpy(dtype=float)[: len(cols)], 0, None)
            # a small theme's rows are copied, a large one's read in place: the same sums either way
            part = (
                np.asarray(B[idx] @ weights).ravel()
                if 3 * len(idx) < B.shape[0]
                else np.asarray(B @ weights).ravel()[idx]
            )
            score = score + part / max(float(part.max()), 1e-9)  # at most 1: the rule's evidence comes first
    penalty = np.where(lengths < 30, 0.5, 1.0) / (1.0 + np.maximum(lengths - 250, 0) / 250.0)
    penalty = penalty * np.where(np.isin(idx, list(quoted)), 0.3, 1.0)
    score = score * penalty
    order = np.lexsort((idx, -score)).tolist()
    picked: list[int] = []
    per_group: dict[str, int] = {}
    starts: set[str] = set()
    # greedy with a penalty for groups already quoted (rescored lazily over the top candidates)
    pool = order[: max(50, n * 10)]
    while pool and len(picked) < n:
        best, best_val = None, -1.0
        for i in pool:
            g = groups.iloc[idx[i]] if groups is not None else ""
            val = score[i] * (0.6 ** per_group.get(g, 0))
            if val > best_val:
                best, best_val = i, val
        assert best is not None
        pool.remove(best)
        text = texts.iloc[idx[best]]
        head = re.sub(r"\s+", "", text)[:25]
        if head in starts:
            continue
        starts.add(head)
        picked.append(best)
        g = groups.iloc[idx[best]] if groups is not None else ""
        per_group[g] = per_group.get(g, 0) + 1
    out = []
    for i in picked:
        quoted.add(int(idx[i]))
        row = used.iloc[idx[i]]
        doc_id = str(used.index[idx[i]])
        out.append({"doc_id": doc_id, "text": masker(texts.iloc[idx[i]]), "cite": cite(doc_id, row, by)})
    return out


#: the columns :func:`cite` reads (besides ``by``): a caller may pass ``used`` with only these
CITED_COLUMNS = ("source", "row", "question", "question_code", "section")


def cite(doc_id: str, row: pd.Series, by: str | None) -> str:
    parts = [doc_id]
    if str(row.get("source", "")).lower().endswith((".txt", ".md", ".text")) and "row" in row.index:
        parts = [f"{doc_id} ({row['row']}行目)"]  # a unit of a record: say where it starts
    if by and str(row.get(by, "")).strip():
        parts.append(f"{by}: {row[by]}")
    for col in ("question", "question_code", "section"):
        if col != by and col in row.index and str(row[col]).strip():
            value = str(row[col])
            parts.append(value if len(value) <= 40 else value[:39] + "…")
            break
    return " / ".join(parts)


def topic_overview(
    result: dict[str, Any],
    *,
    texts: pd.Series,
    groups: pd.Series | None,
    by: str | None,
    masker: Masker,
) -> dict[str, Any]:
    """What the report shows of a fitted topic model: each document's dominant topic, the documents per topic,
    a crosstab by group (with ``groups``) and one typical quote per topic (the document with the largest share
    of the topic among those of a readable length, 20–160 characters)."""
    from .themes import crosstab

    theta = result["doc_topic"]
    k = result["k"]
    has = theta.sum(axis=1) > 0
    dominant = np.where(has, theta.argmax(axis=1), -1)
    labels = [f"T{i + 1}" for i in range(k)]
    coded = pd.DataFrame(
        {lab: (dominant == i).astype(np.int8) for i, lab in enumerate(labels)}, index=texts.index
    )
    ct = crosstab(coded[has], groups[has], attribute=by) if groups is not None else None
    quotes = []
    for i, lab in enumerate(labels):
        members = np.flatnonzero(dominant == i)
        if not len(members):
            continue
        lengths = texts.iloc[members].str.len().to_numpy()
        ok = members[(lengths >= 20) & (lengths <= 160)]
        pool = ok if len(ok) else members
        best = pool[np.lexsort((pool, -theta[pool, i]))[0]]
        quotes.append({"topic": lab, "doc_id": str(texts.index[best]), "text": masker(texts.iloc[best])})
    return {
        "k": k,
        "model": result["model"],
        "labels": labels,
        "names": result.get("labels", labels),
        "words": result["words"],
        "coherence": result.get("coherence", [float("nan")] * k),
        "documents": [int((dominant == i).sum()) for i in range(k)],
        "with_words": int(has.sum()),
        "crosstab": ct,
        "quotes": quotes,
    }
