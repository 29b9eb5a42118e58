"""Describing fitted topics: words ranked by relevance, suggested labels (with the theme tag of the user
dictionary carried by the top words), the per-topic word tables.

Relevance (Sievert & Shirley 2014): ``λ·log φ(w|t) + (1-λ)·log(φ(w|t) / p(w))``, λ = :data:`LAMBDA` by default.
The functions take a fitted :class:`~dxtext.analysis.topics.TopicModel`, whose methods of the same names call
them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ...i18n import Joined, Message
from .measures import WordPairs, _top_indices, npmi_coherence
from .ordering import CANDIDATES, LAMBDA_GRID, TopicPairCounts, candidates, ordered, pair_counts, shrunk_npmi
from .selection import exclusivity, topic_stability_per_topic

if TYPE_CHECKING:
    from .model import TopicModel

LAMBDA = 0.6
_GENERIC_TAGS = frozenset({"行政一般"})


def relevance(model: TopicModel, lambda_: float = LAMBDA) -> np.ndarray:
    """K × V relevance ``λ log φ + (1-λ) log(φ / p(w))``; -inf where a word has no weight in a topic."""
    with np.errstate(divide="ignore"):
        logphi = np.log(model.topic_word_)
    logp = np.log(np.maximum(model.term_prob_, 1e-300))
    rel = logphi - (1 - lambda_) * logp[None, :]  # = λ log φ + (1-λ) log(φ/p)
    return np.where(model.topic_word_ > 0, rel, -np.inf)


def order(model: TopicModel, index: int, n: int, rel: np.ndarray) -> list[int]:
    """The n words of the topic at 0-based ``index`` as shown (vocabulary indices): relevance ``rel`` (K × V)
    adjusted towards words that occur together (:mod:`.ordering`); relevance alone for a model without saved
    co-occurrence counts."""
    w = model.topic_word_[index]
    pairs: TopicPairCounts | None = getattr(model, "word_pairs_", None)
    if pairs is None:
        return candidates(rel[index], w, n)
    return ordered(rel[index], w, n, pairs.words[index], pairs.counts[index], pairs.n_docs)


def collect_pairs(model: TopicModel, binary: object) -> TopicPairCounts:
    """Co-occurrence counts over the training documents (0/1 ``binary``) among the words each topic can show
    at any λ of the slider."""
    groups: list[set[int]] = [set() for _ in range(model.n_topics_)]
    for lam in LAMBDA_GRID:
        rel = model.relevance(lam)
        for t in range(model.n_topics_):
            groups[t].update(candidates(rel[t], model.topic_word_[t], CANDIDATES))
    return pair_counts(binary, [sorted(g) for g in groups])  # type: ignore[arg-type]


def measure(model: TopicModel, binary: object, refits: Sequence[np.ndarray] | None) -> None:
    """Set a freshly fitted model's measures from its training documents (0/1 ``binary``): the co-occurrence
    counts of the word order (``word_pairs_``), the coherence of the words as shown (``coherence_``: weight
    order adjusted for co-occurrence), exclusivity and, from the refits' topics (K × V each), per-topic
    stability (both by weight)."""
    k = model.n_topics_
    pairs = WordPairs(binary)  # type: ignore[arg-type]  # one count of the pairs for the order and the coherence
    model.word_pairs_ = collect_pairs(model, pairs)
    rel = model.relevance(1.0)
    model.coherence_ = npmi_coherence(pairs, [order(model, t, model.top_n, rel) for t in range(k)])
    tops = [_top_indices(h, model.top_n) for h in model.components_]
    model.exclusivity_ = exclusivity(model.components_, model.top_n)
    if refits:
        others = [[set(_top_indices(h, model.top_n).tolist()) for h in R] for R in refits]
        model.topic_stability_ = topic_stability_per_topic([set(t.tolist()) for t in tops], others)
    else:
        model.topic_stability_ = np.full(k, np.nan)


def top_words(model: TopicModel, topic: int, n: int, *, lambda_: float = 1.0) -> list[str]:
    """The n words of topic ``topic`` (1-based) in the order shown: relevance at λ (λ = 1: weight), adjusted
    towards words that occur together (:mod:`.ordering`)."""
    return [model.vocab_[i] for i in order(model, topic - 1, n, model.relevance(lambda_))]


def labels(
    model: TopicModel, word_tags: Mapping[str, Sequence[str]] | None = None, *, lambda_: float = LAMBDA
) -> pd.DataFrame:
    """A suggested label per topic: the dictionary's theme tag carried by its top words (if any) and its
    three most relevant words. Columns: topic, label, theme, share, coherence."""
    rows = []
    shares = model.topic_shares()
    for t in range(1, model.n_topics_ + 1):
        words = model.top_words(t, model.top_n, lambda_=lambda_)
        theme = _theme(words, model.topic_word_[t - 1], model.vocab_, word_tags or {})
        head = "・".join(words[:3])
        rows.append(
            {
                "topic": t,
                "label": f"【{theme}】{head}" if theme else head,
                "theme": theme,
                "share": float(shares[t - 1]),
                "coherence": float(model.coherence_[t - 1]) if len(model.coherence_) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def get_topics(
    model: TopicModel,
    n_words: int = 15,
    *,
    lambda_: float = LAMBDA,
    word_tags: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """One row per topic and word: topic, rank, word, weight (φ), relevance (at λ), label, theme.

    Words are in the order shown (:func:`top_words`: relevance at λ, adjusted towards words that occur
    together)."""
    rel = model.relevance(lambda_)
    label_of = model.labels(word_tags, lambda_=lambda_).set_index("topic")
    rows = []
    for t in range(1, model.n_topics_ + 1):
        w = model.topic_word_[t - 1]
        for rank, i in enumerate(order(model, t - 1, n_words, rel), 1):
            rows.append(
                {
                    "topic": t,
                    "rank": rank,
                    "word": model.vocab_[i],
                    "weight": round(float(w[i]), 6),
                    "relevance": round(float(rel[t - 1, i]), 4),
                    "label": label_of.at[t, "label"],
                    "theme": label_of.at[t, "theme"],
                }
            )
    return pd.DataFrame(rows, columns=["topic", "rank", "word", "weight", "relevance", "label", "theme"])


def word_table(model: TopicModel, n: int = 30) -> pd.DataFrame:
    """Candidate words per topic for a λ slider: the union of the top ``n`` words by relevance at
    λ = 0, 0.1, …, 1. Columns: topic, word, weight (φ), term_prob (p(w)); sorted by topic then weight."""
    rels = [model.relevance(lam) for lam in np.linspace(0.0, 1.0, 11)]
    rows = []
    for t in range(model.n_topics_):
        w = model.topic_word_[t]
        keep: set[int] = set()
        for rel in rels:
            keep.update(int(i) for i in _top_indices(np.where(w > 0, rel[t], -np.inf), n) if w[i] > 0)
        for i in sorted(keep, key=lambda i: (-w[i], i)):
            rows.append(
                {
                    "topic": t + 1,
                    "word": model.vocab_[i],
                    "weight": float(w[i]),
                    "term_prob": float(model.term_prob_[i]),
                }
            )
    return pd.DataFrame(rows, columns=["topic", "word", "weight", "term_prob"])


def pair_table(model: TopicModel) -> pd.DataFrame:
    """The co-occurrence term of the word order (:mod:`.ordering`) for a page that re-orders the words at
    another λ: per topic, the pairs of its candidate words that occur together in a training document, with
    their shrunk NPMI (a pair not listed never co-occurs: −1). Columns: topic, word_a, word_b, npmi. Empty
    for a model without saved counts."""
    pairs: TopicPairCounts | None = getattr(model, "word_pairs_", None)
    rows = []
    if pairs is not None:
        for t in range(model.n_topics_):
            words, counts = pairs.words[t], pairs.counts[t]
            v = shrunk_npmi(counts, pairs.n_docs)
            a, b = np.nonzero(np.triu(counts > 0, 1))
            for i, j in zip(a.tolist(), b.tolist(), strict=True):
                rows.append(
                    {
                        "topic": t + 1,
                        "word_a": model.vocab_[int(words[i])],
                        "word_b": model.vocab_[int(words[j])],
                        "npmi": _signed_round(float(v[i, j])),
                    }
                )
    return pd.DataFrame(rows, columns=["topic", "word_a", "word_b", "npmi"])


def _signed_round(v: float) -> float:
    """NPMI to 4 decimals, a positive value kept positive (the page's first words test NPMI > 0)."""
    return max(round(v, 4), 0.0001) if v > 0 else round(v, 4)


def _theme(
    words: Sequence[str], phi: np.ndarray, vocab: Sequence[str], word_tags: Mapping[str, Sequence[str]]
) -> str:
    """The dictionary theme tag carried by the topic's top words: a tag counts when at least two of the top
    words carry it, or one of the top five does; the most frequent (then heaviest) tag wins. The generic
    tag 行政一般 is not a theme."""
    if not word_tags:
        return ""
    index = {w: i for i, w in enumerate(vocab)}
    score: dict[str, float] = {}
    count: dict[str, int] = {}
    best_rank: dict[str, int] = {}
    for rank, w in enumerate(words):
        tags = [t for t in word_tags.get(w, ()) if t not in _GENERIC_TAGS]
        for t in tags:
            score[t] = score.get(t, 0.0) + float(phi[index[w]]) / len(tags)
            count[t] = count.get(t, 0) + 1
            best_rank.setdefault(t, rank)
    ok = [t for t in score if count[t] >= 2 or best_rank[t] < 5]
    if not ok:
        return ""
    return sorted(ok, key=lambda t: (-count[t], -score[t], best_rank[t], t))[0]


def word_tags_from_dictionary(path: str | Path | None) -> dict[str, tuple[str, ...]]:
    """canonical word → theme tags, from a user dictionary source (empty without one)."""
    if path is None:
        return {}
    from ...text.dictionary import load_entries

    out: dict[str, list[str]] = {}
    for e in load_entries(Path(path)):
        tags = out.setdefault(e.canonical or e.surface, [])
        for t in e.tags:
            if t not in tags:
                tags.append(t)
    return {w: tuple(t) for w, t in out.items() if t}


#: a topic is flagged incoherent below this mean NPMI of its top words
INCOHERENT_NPMI = 0.0
#: … and a catch-all when it is the main topic of more documents than this share and less coherent than the
#: median topic
CATCH_ALL_SHARE = 0.30


def _warnings(share_docs: float, coherence: float, *, catch_all: bool, incoherent: bool) -> list[Message]:
    warn = []
    if catch_all:
        warn.append(
            Message(
                "catch-all: main topic of {share:.0%} of the answers, less coherent than the median",
                share=share_docs,
            )
        )
    if incoherent:
        warn.append(
            Message("incoherent: its top words rarely occur together (NPMI {npmi:.3f})", npmi=coherence)
        )
    return warn


def quality_warnings(quality: pd.DataFrame) -> dict[int, str]:
    """{topic: its warnings in the interface language} of a :func:`topic_quality` table, whose ``warning``
    column stays English like every stored text (it says which warnings a topic has)."""
    out = {}
    for r in quality.itertuples(index=False):
        if r.warning:
            warn = _warnings(
                float(r.docs_share),
                float(r.coherence),
                catch_all=r.warning.startswith("catch-all:"),
                incoherent="incoherent:" in r.warning,
            )
            out[int(r.topic)] = str(Joined("; ", warn))
    return out


def topic_quality(model: TopicModel, labels: pd.DataFrame) -> pd.DataFrame:
    """Per topic: label, share (of topic weight), docs and docs_share (documents whose main topic it is),
    coherence (NPMI of the top 10 words on all documents), exclusivity, stability (mean Jaccard of its
    top words with its match in each subsample refit; empty with a fixed K), and a warning: 'catch-all'
    (main topic of over 30 % of the documents and less coherent than the median topic) or 'incoherent'
    (mean NPMI below 0)."""
    coh = np.asarray(model.coherence_, dtype=np.float64)
    med = float(np.median(coh)) if len(coh) else 0.0
    docs = (
        labels["docs"].to_numpy(dtype=np.int64) if "docs" in labels else np.zeros(len(labels), dtype=np.int64)
    )
    total = max(1, int(docs.sum()))
    excl = getattr(model, "exclusivity_", np.full(len(labels), np.nan))
    stab = getattr(model, "topic_stability_", np.full(len(labels), np.nan))
    rows = []
    for i, r in enumerate(labels.itertuples(index=False)):
        share_docs = docs[i] / total
        warn = _warnings(
            share_docs,
            coh[i],
            catch_all=share_docs > CATCH_ALL_SHARE and coh[i] < med,
            incoherent=coh[i] < INCOHERENT_NPMI,
        )
        rows.append(
            {
                "topic": int(r.topic),
                "label": r.label,
                "share": round(float(r.share), 6),
                "docs": int(docs[i]),
                "docs_share": round(float(share_docs), 6),
                "coherence": round(float(coh[i]), 6),
                "exclusivity": round(float(excl[i]), 6),
                "stability": None if np.isnan(stab[i]) else round(float(stab[i]), 6),
                "warning": Joined("; ", warn).english(),
            }
        )
    cols = [
        "topic",
        "label",
        "share",
        "docs",
        "docs_share",
        "coherence",
        "exclusivity",
        "stability",
        "warning",
    ]
    return pd.DataFrame(rows, columns=cols)
