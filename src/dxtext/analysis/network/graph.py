"""Building the co-occurrence network: nodes and edges from the selected pairs, the backbone (maximum spanning
forest), communities and centralities (:func:`annotate`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from ...errors import ModelError
from ...i18n import _
from .layout import set_layout
from .pairs import (
    CENTRALITIES,
    COMMUNITY_METHODS,
    Centrality,
    CommunityMethod,
    Measure,
    _binary,
    _choice,
    _pairs,
    _select_edges,
    check_options,
    select_words,
)

if TYPE_CHECKING:
    import networkx as nx

    from ..matrix import DocTermMatrix


def cooccurrence_network(
    dtm: DocTermMatrix,
    *,
    measure: Measure = "jaccard",
    words: int = 75,
    min_df: int = 2,
    top_edges: int | None = 60,
    min_coef: float | None = None,
    backbone: bool = False,
    communities: CommunityMethod = "modularity",
    centrality: Centrality = "betweenness",
    seed: int = 0,
    layout: bool = True,
    gram: Any = None,
) -> nx.Graph:
    """The co-occurrence network of the ``words`` most frequent words (document frequency ≥ ``min_df``).

    Edges: the ``top_edges`` pairs with the highest coefficient, and/or every pair with coefficient ≥
    ``min_coef`` (pass ``top_edges=None`` for a pure threshold). ``backbone`` keeps only the maximum spanning
    forest of the selected edges (every edge has the attribute ``backbone`` either way). Only words with at
    least one selected edge become nodes, as in KH Coder.

    Node attributes: word, frequency, df, rank, community (1 = largest), betweenness, degree_centrality,
    eigenvector, degree, centrality (the value of the chosen ``centrality``), and x, y (a seeded layout in
    [0, 1]) when ``layout``. Edge attributes: count, coefficient, weight (= coefficient), backbone.
    Graph attributes: the parameters, n_docs and modularity.

    ``gram``: a function B → Bᵀ B for the pair counts (the Dask engine sums it over partitions; same result).
    """
    import networkx as nx

    check_options(
        measure=measure,
        communities=communities,
        centrality=centrality,
        words=words,
        min_df=min_df,
        top_edges=top_edges,
        min_coef=min_coef,
    )
    idx = select_words(dtm, words=words, min_df=min_df)
    if len(idx) < 2:
        raise ModelError(
            _(
                "only {v0} word(s) occur in at least {min_df} documents; lower --min-df or add documents."
            ).format(v0=len(idx), min_df=min_df)
        )
    B = _binary(dtm.X[:, idx])
    pairs = _pairs(B, measure, gram=gram)
    chosen = _select_edges(pairs, top_edges=top_edges, min_coef=min_coef)
    if len(chosen) == 0:
        why = (
            f"no pair of the {len(idx)} words reaches --min-coef {min_coef}"
            if min_coef is not None
            else (f"none of the {len(idx)} words share a document")
        )
        raise ModelError(_("{why}; lower --min-coef or --min-df, or raise --words.").format(why=why))
    tf = np.asarray(dtm.X[:, idx].sum(axis=0)).ravel()
    vocab = [dtm.vocab[j] for j in idx]
    params = {
        "measure": measure,
        "words": words,
        "min_df": min_df,
        "top_edges": top_edges,
        "min_coef": min_coef,
        "backbone": backbone,
        "communities": communities,
        "centrality": centrality,
        "seed": seed,
    }
    G = nx.Graph(
        **_graph_attrs(params), kind="cooccurrence", n_docs=int(pairs["n_docs"]), words_considered=len(idx)
    )
    used = sorted(set(pairs["i"][chosen].tolist()) | set(pairs["j"][chosen].tolist()))
    for r in used:
        G.add_node(
            vocab[r],
            word=vocab[r],
            label=vocab[r],
            kind="word",
            frequency=int(tf[r]),
            df=int(pairs["df"][r]),
            rank=r + 1,
        )
    for e in chosen:
        u, v = vocab[pairs["i"][e]], vocab[pairs["j"][e]]
        c = float(pairs["coef"][e])
        G.add_edge(u, v, count=int(pairs["count"][e]), coefficient=round(c, 6), weight=round(c, 6))
    _mark_backbone(G)
    if backbone:
        G.remove_edges_from([(u, v) for u, v, b in G.edges(data="backbone") if not b])
    annotate(G, communities=communities, centrality=centrality, seed=seed)
    if layout:
        set_layout(G, seed=seed)
    return G


def _graph_attrs(params: dict[str, Any]) -> dict[str, Any]:
    """GraphML/GEXF accept only str, int, float and bool: None becomes ''."""
    return {k: ("" if v is None else v) for k, v in params.items()}


def _mark_backbone(G: nx.Graph) -> None:
    """Edge attribute ``backbone``: True on the maximum spanning forest (by coefficient, ties by rank)."""
    import networkx as nx

    H = _int_graph(G)
    forest = nx.maximum_spanning_tree(H, weight="weight", algorithm="kruskal")
    names = list(G.nodes)
    in_tree = {frozenset((names[u], names[v])) for u, v in forest.edges()}
    for u, v, d in G.edges(data=True):
        d["backbone"] = frozenset((u, v)) in in_tree


def _int_graph(G: nx.Graph) -> nx.Graph:
    """A copy with nodes 0..n-1 in G's node order and edges in G's edge order: algorithms that iterate over
    sets of nodes then behave the same in every process (str hashes are salted, int hashes are not)."""
    import networkx as nx

    index = {n: k for k, n in enumerate(G.nodes)}
    H = nx.Graph()
    H.add_nodes_from(range(len(index)))
    for u, v, d in G.edges(data=True):
        H.add_edge(index[u], index[v], weight=d.get("weight", 1.0))
    return H


def annotate(
    G: nx.Graph,
    *,
    communities: CommunityMethod = "modularity",
    centrality: Centrality = "betweenness",
    seed: int = 0,
    community_of: dict[Any, int] | None = None,
) -> None:
    """Set community and centrality attributes on every node (in place).

    Communities are numbered 1, 2, … by size (largest first), ties by the best rank in the community.
    ``community_of`` imposes communities instead of detecting them (two-mode networks use it).
    Centralities are computed on the unweighted graph: betweenness (normalised), degree centrality and
    eigenvector centrality (principal eigenvector of the adjacency matrix, unit length).
    """
    import networkx as nx

    _choice("communities", communities, COMMUNITY_METHODS)
    _choice("centrality", centrality, CENTRALITIES)
    names = list(G.nodes)
    H = _int_graph(G)
    if community_of is None:
        if H.number_of_edges() == 0:
            parts = [{k} for k in H.nodes]
        elif communities == "louvain":
            parts = nx.community.louvain_communities(H, weight="weight", seed=seed)
        else:
            parts = nx.community.greedy_modularity_communities(H, weight="weight")
        parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
        comm = {k: c for c, p in enumerate(parts, 1) for k in p}
        G.graph["modularity"] = (
            round(float(nx.community.modularity(H, parts, weight="weight")), 6)
            if H.number_of_edges()
            else 0.0
        )
    else:
        comm = {k: int(community_of[n]) for k, n in enumerate(names)}
        groups: dict[int, list[int]] = {}
        for k, c in comm.items():
            groups.setdefault(c, []).append(k)
        G.graph["modularity"] = (
            round(float(nx.community.modularity(H, list(groups.values()), weight="weight")), 6)
            if H.number_of_edges()
            else 0.0
        )
    G.graph["n_communities"] = len(set(comm.values()))
    btw = nx.betweenness_centrality(H, normalized=True)
    deg = nx.degree_centrality(H) if len(H) > 1 else dict.fromkeys(H.nodes, 0.0)
    eig = _eigenvector(H)
    for k, n in enumerate(names):
        d = G.nodes[n]
        d["community"] = comm[k]
        d["betweenness"] = round(float(btw[k]), 6)
        d["degree_centrality"] = round(float(deg[k]), 6)
        d["eigenvector"] = round(float(eig[k]), 6)
        d["degree"] = int(H.degree(k))
        d["centrality"] = d[
            {"betweenness": "betweenness", "degree": "degree_centrality", "eigenvector": "eigenvector"}[
                centrality
            ]
        ]


def _eigenvector(H: nx.Graph) -> np.ndarray:
    """Principal eigenvector of the (unweighted, symmetric) adjacency matrix, unit length: power iteration on
    A + I from the all-ones vector (deterministic; the shift avoids oscillation on bipartite graphs)."""
    n = len(H)
    if n == 0 or H.number_of_edges() == 0:
        return np.zeros(n)
    ij = np.array(list(H.edges()), dtype=np.int64)
    A = sp.coo_matrix((np.ones(len(ij)), (ij[:, 0], ij[:, 1])), shape=(n, n))
    A = (A + A.T + sp.identity(n)).tocsr()
    v = np.ones(n) / np.sqrt(n)
    for _ignored in range(10_000):
        w = A @ v
        w /= np.linalg.norm(w)
        if np.abs(w - v).max() < 1e-12:
            v = w
            break
        v = w
    v[v < 1e-9] = 0.0
    return v / np.linalg.norm(v)
