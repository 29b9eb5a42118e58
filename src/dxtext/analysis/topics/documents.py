"""Tables about documents and topics: representative documents per topic and topic prevalence per group."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd


def representative_docs(
    doc_topics: pd.DataFrame,
    texts: Mapping[str, str],
    *,
    n: int = 5,
    token_counts: Mapping[str, int] | None = None,
    mask: Callable[[str], str] | None = None,
    doc_words: Mapping[str, set[str]] | None = None,
    topic_words: Mapping[int, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Top ``n`` documents per topic among those whose main topic it is, by share (in steps of 0.05), then by
    number of distinct words (up to 8, so a one-word answer does not hide a fuller one), then document order;
    repeated texts are shown once. With ``doc_words`` (a document's words) and ``topic_words`` (a topic's top
    words), an answer that uses none of its topic's top words is never chosen, and answers using more of
    them come first among equal shares.

    Columns: topic, rank, doc_id, share, text (masked by ``mask`` when given)."""
    topic_cols = [c for c in doc_topics.columns if re.fullmatch(r"T\d+", str(c))]
    rows = []
    order = np.arange(len(doc_topics))
    for t, col in enumerate(topic_cols, 1):
        sel = doc_topics["main_topic"].eq(t).fillna(False).to_numpy(dtype=bool)
        if not sel.any():
            continue
        sub = doc_topics.loc[sel, ["doc_id", col]]
        ids = sub["doc_id"].astype(str).to_numpy()
        share = np.round(sub[col].to_numpy(dtype=np.float64) * 20) / 20  # steps of 0.05: then fuller answers
        words = np.array([min(8, int((token_counts or {}).get(d, 0))) for d in ids])
        about = np.zeros(len(ids), dtype=np.int64)
        if doc_words is not None and topic_words is not None:
            tw = set(topic_words.get(t, ()))
            about = np.array([len(doc_words.get(d, set()) & tw) for d in ids], dtype=np.int64)
            keep = about > 0
            ids, share, words, about = ids[keep], share[keep], words[keep], about[keep]
            sub = sub[keep]
            sel_order = order[sel][keep]
        else:
            sel_order = order[sel]
        idx = np.lexsort((sel_order, -words, -np.minimum(about, 3), -share))
        seen: set[str] = set()
        rank = 0
        for i in idx:
            text = texts.get(ids[i], "")
            key = re.sub(r"\s+", "", text)
            if key in seen:
                continue
            seen.add(key)
            rank += 1
            rows.append(
                {
                    "topic": t,
                    "rank": rank,
                    "doc_id": ids[i],
                    "share": float(sub[col].iloc[i]),
                    "text": mask(text) if mask else text,
                }
            )
            if rank >= n:
                break
    return pd.DataFrame(rows, columns=["topic", "rank", "doc_id", "share", "text"])


def _natural_key(value: str) -> tuple:
    """Groups in reading order: by their first number (10代 < 20代 < 100代; 5万人未満 before 5〜20万人),
    then as text; blanks last."""
    if value in ("", "(空欄)"):
        return (2, 0.0, value)
    m = re.match(r"(\d+)", value.replace(",", ""))
    if m:
        below = 0.5 if ("未満" in value or "以下" in value) and not re.search(r"[〜~\-]", value) else 0.0
        return (0, int(m.group(1)) - below, value)
    return (1, 0.0, value)


def prevalence(
    doc_topics: pd.DataFrame, groups: Sequence[str], *, by: str, labels: Mapping[int, str] | None = None
) -> pd.DataFrame:
    """Topic prevalence per group (documents with a topic only).

    Columns: <by>, documents (in the group), topic, label, main_topic_docs (documents whose main topic it is),
    main_topic_pct (their % of the group), mean_share (mean topic share in the group, %)."""
    topic_cols = [c for c in doc_topics.columns if re.fullmatch(r"T\d+", str(c))]
    frame = doc_topics.copy()
    frame["_group"] = [
        ("(空欄)" if g is None or (isinstance(g, float) and g != g) or str(g) == "" else str(g))
        for g in groups
    ]
    frame = frame[frame["main_topic"].notna()]
    rows = []
    for g in sorted(frame["_group"].unique(), key=_natural_key):
        sub = frame[frame["_group"] == g]
        n = len(sub)
        main = sub["main_topic"].astype(int).value_counts()
        for t, col in enumerate(topic_cols, 1):
            k = int(main.get(t, 0))
            rows.append(
                {
                    by: g,
                    "documents": n,
                    "topic": t,
                    "label": (labels or {}).get(t, col),
                    "main_topic_docs": k,
                    "main_topic_pct": round(100.0 * k / n, 2) if n else 0.0,
                    "mean_share": round(100.0 * float(sub[col].mean()), 2) if n else 0.0,
                }
            )
    return pd.DataFrame(
        rows, columns=[by, "documents", "topic", "label", "main_topic_docs", "main_topic_pct", "mean_share"]
    )
