"""Which documents to quote for a word or an edge of a network (the contexts shown in network.html)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

    from ..matrix import DocTermMatrix


def contexts(
    dtm: DocTermMatrix,
    G: nx.Graph,
    *,
    groups: Sequence[Any] | None = None,
    rows: Sequence[int] | None = None,
    limit: int = 30,
) -> tuple[dict[Any, tuple[list[int], int]], dict[tuple[Any, Any], tuple[list[int], int]]]:
    """Documents (row numbers of ``dtm``) to quote for each node and each edge: up to ``limit`` in corpus
    order, with the total count. A word's documents contain the word; an edge's contain both ends. For a
    two-mode graph a group node stands for the documents whose value in ``groups`` is that group.
    ``rows`` restricts everything to those documents (a per-group network)."""
    index = dtm.index()
    Xc = dtm.X.tocsc()
    allowed = None if rows is None else np.asarray(sorted(rows), dtype=np.int64)
    labels = None if groups is None else np.array(["" if g is None else str(g) for g in groups], dtype=object)

    def docs_of(n: Any) -> np.ndarray:
        d = G.nodes[n]
        if d.get("kind") == "group":
            assert labels is not None, "a two-mode graph needs groups"
            r = np.flatnonzero(labels == d["label"])
        else:
            j = index.get(d.get("word", n))
            r = (
                np.zeros(0, dtype=np.int64)
                if j is None
                else np.sort(Xc.indices[Xc.indptr[j] : Xc.indptr[j + 1]])
            )
        if allowed is not None:
            r = np.intersect1d(r, allowed, assume_unique=True)
        return r

    cache = {n: docs_of(n) for n in G.nodes}
    node_docs = {n: (cache[n][:limit].tolist(), len(cache[n])) for n in G.nodes}
    edge_docs = {}
    for u, v in G.edges():
        both = np.intersect1d(cache[u], cache[v], assume_unique=True)
        edge_docs[(u, v)] = (both[:limit].tolist(), len(both))
    return node_docs, edge_docs
