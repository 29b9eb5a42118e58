"""Networks by the groups of an attribute: the two-mode network words × attribute values, and one
co-occurrence network per group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ...errors import DxtextError, ModelError
from ...i18n import _
from .graph import _graph_attrs, annotate, cooccurrence_network
from .layout import set_layout
from .pairs import Centrality, Measure, _binary, check_options, coefficients, select_words

if TYPE_CHECKING:
    import networkx as nx

    from ..matrix import DocTermMatrix


def group_values(groups: Sequence[Any], *, max_groups: int | None = 12) -> tuple[list[str], list[str]]:
    """(values kept, values dropped): non-empty values by number of documents (desc), then natural order;
    at most ``max_groups``. The kept values are returned in their natural (sorted) order."""
    s = pd.Series(["" if g is None or (isinstance(g, float) and g != g) else str(g) for g in groups])
    counts = s[s != ""].value_counts()
    ranked = sorted(counts.index, key=lambda v: (-int(counts[v]), _natural(v)))
    kept = ranked if max_groups is None else ranked[:max_groups]
    dropped = [] if max_groups is None else ranked[max_groups:]
    return sorted(kept, key=_natural), dropped


def _natural(v: str) -> tuple[Any, ...]:
    """'10歳未満' < '10代' < '20代' < '80歳以上'; numbers compare as numbers, '…未満' just below its number."""
    import re

    parts = [p for p in re.split(r"(\d[\d,]*\d|\d)", v) if p != ""]
    key: list[tuple[int, float, str]] = []
    for k, p in enumerate(parts):
        if p[0].isdigit():
            below = (
                k + 1 < len(parts) and "未満" in parts[k + 1] and not any(q[0].isdigit() for q in parts[:k])
            )
            key.append((0, int(p.replace(",", "")) - (0.5 if below else 0.0), ""))
        else:
            key.append((1, 0.0, p))
    return tuple(key)


def twomode_network(
    dtm: DocTermMatrix,
    groups: Sequence[Any],
    *,
    attribute: str = "group",
    measure: Measure = "jaccard",
    words: int = 150,
    min_df: int = 2,
    per_group: int = 10,
    max_groups: int | None = 12,
    overrepresented: bool = True,
    centrality: Centrality = "betweenness",
    seed: int = 0,
    layout: bool = True,
) -> nx.Graph:
    """Words × values of an attribute: which words characterise each group.

    ``groups[k]`` is the attribute value of document ``k`` ('' = none). For each word and each group value the
    coefficient is computed between the word's documents and the group's documents (the same measures as
    for word pairs). Each group keeps its ``per_group`` words with the highest coefficient among those that
    are over-represented in the group (lift = share in the group ÷ share overall > 1; ``overrepresented=False``
    drops that condition). A word linked to several groups is shared; its community is the group it is most
    strongly tied to (edge coefficient), so colours show which words belong to which group.

    Group nodes have kind "group", label (the value), n_docs; their id is "<attribute>=<value>".
    Edge attributes: count (documents of the group with the word), coefficient, lift, share (count ÷ group size).
    """
    import networkx as nx

    check_options(measure=measure, centrality=centrality, words=words, min_df=min_df)
    if per_group < 1:
        raise DxtextError(
            _("--group-words {per_group}: must be at least 1 (default 10).").format(per_group=per_group)
        )
    if len(groups) != dtm.n_docs:
        raise ValueError(_("groups and documents differ in length"))
    values, dropped = group_values(groups, max_groups=max_groups)
    if len(values) < 2:
        raise ModelError(
            _(
                "attribute {attribute!r} has {v0} non-empty value(s) among the analysed documents; a two-mode network needs at least 2 groups — choose another --by."
            ).format(attribute=attribute, v0=len(values))
        )
    idx = select_words(dtm, words=words, min_df=min_df)
    B = _binary(dtm.X[:, idx]).tocsc()
    n_docs = B.shape[0]
    labels = np.array(["" if g is None else str(g) for g in groups], dtype=object)
    gcols = np.stack([(labels == v) for v in values], axis=1).astype(np.int32)  # n_docs × n_groups
    Gm = sp.csr_matrix(gcols)
    count = (B.T @ Gm).toarray().astype(np.int64)  # words × groups
    df = np.diff(B.indptr).astype(np.int64)
    n_g = gcols.sum(axis=0).astype(np.int64)
    coef = coefficients(count, df[:, None], n_g[None, :], n_docs, measure=measure)
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = np.nan_to_num(count * n_docs / (df[:, None] * n_g[None, :]))
    tf = np.asarray(dtm.X[:, idx].sum(axis=0)).ravel()
    vocab = [dtm.vocab[j] for j in idx]
    ranks = np.arange(len(idx))
    edges: list[tuple[int, int]] = []
    for g in range(len(values)):
        ok = count[:, g] > 0
        if overrepresented:
            ok &= lift[:, g] > 1.0
        cand = np.flatnonzero(ok)
        order = np.lexsort((ranks[cand], -count[cand, g], -coef[cand, g]))
        edges.extend((int(w), g) for w in cand[order][:per_group])
    params = {
        "measure": measure,
        "words": words,
        "min_df": min_df,
        "per_group": per_group,
        "attribute": attribute,
        "overrepresented": overrepresented,
        "centrality": centrality,
        "seed": seed,
        "groups_dropped": "、".join(dropped),
    }
    G = nx.Graph(**_graph_attrs(params), kind="twomode", n_docs=n_docs, words_considered=len(idx))
    gid = [f"{attribute}={v}" for v in values]
    for g, v in enumerate(values):
        G.add_node(
            gid[g],
            label=v,
            word=v,
            kind="group",
            group=v,
            frequency=int(n_g[g]),
            df=int(n_g[g]),
            n_docs=int(n_g[g]),
            rank=0,
        )
    home: dict[int, int] = {}
    for w, g in sorted(edges, key=lambda e: (e[0], e[1])):
        if w not in home or (coef[w, g], count[w, g]) > (coef[w, home[w]], count[w, home[w]]):
            home[w] = g
    linked: dict[int, list[str]] = {}
    for w, g in edges:
        linked.setdefault(w, []).append(values[g])
    for w in sorted(home):
        G.add_node(
            vocab[w],
            label=vocab[w],
            word=vocab[w],
            kind="word",
            frequency=int(tf[w]),
            df=int(df[w]),
            rank=w + 1,
            group=values[home[w]] if len(linked[w]) == 1 else "、".join(sorted(linked[w], key=_natural)),
        )
    for w, g in sorted(edges, key=lambda e: (e[1], -coef[e[0], e[1]], e[0])):
        c = round(float(coef[w, g]), 6)
        G.add_edge(
            vocab[w],
            gid[g],
            count=int(count[w, g]),
            coefficient=c,
            weight=c,
            lift=round(float(lift[w, g]), 4),
            share=round(float(count[w, g] / n_g[g]), 4),
            backbone=False,
        )
    community_of = {gid[g]: g + 1 for g in range(len(values))}
    community_of.update({vocab[w]: home[w] + 1 for w in home})
    annotate(G, centrality=centrality, seed=seed, community_of=community_of)
    if layout:
        set_layout(G, seed=seed)
    return G


def group_networks(
    dtm: DocTermMatrix,
    groups: Sequence[Any],
    *,
    max_groups: int | None = 12,
    min_docs: int = 10,
    **options: Any,
) -> dict[str, nx.Graph]:
    """One co-occurrence network per attribute value (options as for :func:`cooccurrence_network`).

    A group with fewer than ``min_docs`` documents, or whose words share no document, gets an empty graph
    whose ``graph["skipped"]`` says why.
    """
    import networkx as nx

    values, _ignored = group_values(groups, max_groups=max_groups)
    labels = np.array(["" if g is None else str(g) for g in groups], dtype=object)
    out: dict[str, nx.Graph] = {}
    for v in values:
        rows = np.flatnonzero(labels == v)
        if len(rows) < min_docs:
            out[v] = nx.Graph(skipped=f"{len(rows)} documents (fewer than {min_docs})", n_docs=len(rows))
            continue
        from ..matrix import DocTermMatrix

        sub = DocTermMatrix(dtm.X[rows].tocsr(), list(dtm.vocab), [dtm.doc_ids[k] for k in rows])
        try:
            G = cooccurrence_network(sub, **options)
        except ModelError as e:
            out[v] = nx.Graph(skipped=str(e), n_docs=len(rows))
            continue
        G.graph["group"] = v
        out[v] = G
    return out
