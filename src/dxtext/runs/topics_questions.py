"""Questions kept apart in ``dxtext topics``: which attribute holds the question of each answer, and
``--per-question`` — one topic model per question (K chosen for each), shown side by side.

Respondents answer different things in each open question ("why satisfied", "what was inconvenient"); one
model over all of them blends the two. So when a corpus has a question attribute, ``dxtext topics`` shows the
prevalence per question by default (``--by`` overrides it), and ``--per-question`` fits a model per question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import _

#: attribute names that hold the question of an answer (``question`` is what dxtext writes for a survey file
#: with several open-question columns; ``question_code`` / ``設問`` are common in exported answer tables)
QUESTION_ATTRIBUTES = ("question", "question_code", "設問", "質問")
#: a question with fewer answers with words than this gets no model of its own (a note says so)
MIN_QUESTION_DOCS = 30


def question_attribute(corpus: Any) -> str | None:
    """The corpus's question attribute when it has one with at least two distinct values, else None."""
    for name in QUESTION_ATTRIBUTES:
        if name in corpus.attributes:
            values = corpus.used_columns(name)[name].dropna().astype(str)
            if values[values != ""].nunique() >= 2:
                return name
    return None


@dataclass
class _Tokens:
    """The token lists of one question, keyed apart from the whole corpus's in the model cache."""

    tokens: list[list[str]]
    doc_ids: list[str]
    cache_key: str


def per_question(
    corpus: Any,
    tokens: Any,
    *,
    attribute: str,
    options: dict[str, Any],
    cache_dir: Path | None,
    word_tags: dict[str, Any],
    progress: Any = None,
) -> tuple[Any, list[str]]:
    """One model per question (the options of the whole run, K chosen per question unless fixed).

    Returns the long table (question, documents, k, topic, share, label, words, coherence, k_reason) and
    notes for the questions that had too few answers for a model of their own."""
    import pandas as pd

    from ..analysis.topics import LAMBDA
    from ..errors import ModelError
    from .topic_model import shared_topic_model

    used = corpus.used_columns("doc_id", attribute).set_index("doc_id", drop=False)
    question_of = used[attribute].fillna("").astype(str)
    by_question: dict[str, list[int]] = {}
    for i, d in enumerate(tokens.doc_ids):
        by_question.setdefault(question_of.get(str(d), ""), []).append(i)
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    names = sorted(q for q in by_question if q != "")
    base_key = getattr(tokens, "cache_key", "") or ""
    for n, q in enumerate(names, 1):
        idx = by_question[q]
        sub = _Tokens(
            tokens=[tokens.tokens[i] for i in idx],
            doc_ids=[str(tokens.doc_ids[i]) for i in idx],
            cache_key=f"{base_key}|{attribute}={q}" if base_key else "",
        )
        with_words = sum(1 for t in sub.tokens if t)
        if with_words < MIN_QUESTION_DOCS:
            notes.append(
                _("{attribute} {question}: {n} answers with words, under {minimum}; no model").format(
                    attribute=attribute, question=q, n=with_words, minimum=MIN_QUESTION_DOCS
                )
            )
            continue
        try:
            tm, _cached = shared_topic_model(sub, options, cache_dir=cache_dir, progress=None)
        except ModelError as e:
            notes.append(
                _("{attribute} {question}: no model ({error})").format(
                    attribute=attribute, question=q, error=e
                )
            )
            continue
        if progress:
            progress(n, len(names))
        labels = tm.labels(word_tags)
        shares = tm.topic_shares()
        for r in labels.itertuples(index=False):
            t = int(r.topic)
            rows.append(
                {
                    attribute: q,
                    "documents": len(idx),
                    "k": tm.n_topics_,
                    "topic": t,
                    "share": round(float(shares[t - 1]), 4),
                    "label": str(r.label),
                    "words": " ".join(tm.top_words(t, 10, lambda_=LAMBDA)),
                    "coherence": round(float(tm.coherence_[t - 1]), 4),
                    "k_reason": tm.k_reason_,
                }
            )
    columns = [attribute, "documents", "k", "topic", "share", "label", "words", "coherence", "k_reason"]
    return pd.DataFrame(rows, columns=columns), notes


def side_by_side(table: Any, attribute: str) -> Any:
    """The per-question topics as columns (one per question), a row per topic rank: "label (share %)"."""
    import pandas as pd

    if table.empty:
        return pd.DataFrame()
    cols = {}
    for q, g in table.groupby(attribute, sort=False):
        g = g.sort_values("topic")
        cols[f"{q} (K={int(g['k'].iloc[0])}, {int(g['documents'].iloc[0]):,})"] = [
            f"{lab} ({100 * s:.0f}%)" for lab, s in zip(g["label"], g["share"], strict=True)
        ]
    depth = max(len(v) for v in cols.values())
    frame = pd.DataFrame({k: v + [""] * (depth - len(v)) for k, v in cols.items()})
    frame.insert(0, "rank", [f"T{i}" for i in range(1, depth + 1)])
    return frame
