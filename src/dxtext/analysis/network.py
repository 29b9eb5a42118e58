"""Co-occurrence networks: which words travel together, as a graph with coefficients, communities and centralities.

KH Coder's defaults, which Japanese social science reads as the standard view: binary co-occurrence per
document unit, the Jaccard coefficient, the top 60 edges among about 75 frequent words, modularity
communities and betweenness centrality.

Everything is computed from the sparse binary document-term matrix ``B``: co-occurrence counts are the
upper triangle of ``BᵀB``, coefficients are computed on those arrays at once (no loop over word pairs).
Ties are broken by a fixed order (count, then word frequency rank), graphs are built in rank order and
community detection runs on integer node labels, so the same input and ``seed`` always give the same graph,
communities and layout.

Coefficients for a pair (i, j) with ``a`` = documents containing both, ``df_i``/``df_j`` = documents
containing each, ``N`` = documents:

=========  =============================================
jaccard    a / (df_i + df_j − a)
dice       2a / (df_i + df_j)
simpson    a / min(df_i, df_j)
cosine     a / √(df_i · df_j)
npmi       log(a·N / (df_i·df_j)) / −log(a / N)   (1 when a = N)
=========  =============================================

``twomode_network`` links words to the values of an attribute (which words characterise each group) with
the same coefficients computed between a word's documents and a group's documents;
``group_networks`` builds one network per group.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import DxtextError, ModelError

if TYPE_CHECKING:
    import networkx as nx

    from .matrix import DocTermMatrix

Measure = Literal["jaccard", "dice", "simpson", "cosine", "npmi"]
CommunityMethod = Literal["modularity", "louvain"]
Centrality = Literal["betweenness", "degree", "eigenvector"]

MEASURES: tuple[str, ...] = get_args(Measure)
COMMUNITY_METHODS: tuple[str, ...] = get_args(CommunityMethod)
CENTRALITIES: tuple[str, ...] = get_args(Centrality)

NODE_COLUMNS = [
    "word",
    "frequency",
    "df",
    "community",
    "betweenness",
    "degree_centrality",
    "eigenvector",
    "degree",
]
EDGE_COLUMNS = [
    "word1",
    "word2",
    "count",
    "coefficient",
    "community1",
    "community2",
    "same_community",
    "backbone",
]
TWOMODE_EDGE_COLUMNS = [
    "word",
    "group",
    "count",
    "coefficient",
    "lift",
    "share",
    "community1",
    "community2",
    "same_community",
]


# --- options ----------------------------------------------------------------------------------------------


def check_options(
    *,
    measure: str = "jaccard",
    communities: str = "modularity",
    centrality: str = "betweenness",
    words: int = 75,
    min_df: int = 1,
    top_edges: int | None = 60,
    min_coef: float | None = None,
) -> None:
    """Raise a one-line :class:`DxtextError` for an option dxtext cannot use (the CLI calls this before tokenizing)."""
    _choice("measure", measure, MEASURES)
    _choice("communities", communities, COMMUNITY_METHODS)
    _choice("centrality", centrality, CENTRALITIES)
    if words < 2:
        raise DxtextError(
            f"--words {words}: a network needs at least 2 words; use a larger number (default 75)."
        )
    if min_df < 1:
        raise DxtextError(f"--min-df {min_df}: must be at least 1 (documents containing the word).")
    if top_edges is not None and top_edges < 1:
        raise DxtextError(f"--top-edges {top_edges}: must be at least 1 (default 60).")
    if min_coef is not None and not (-1.0 <= min_coef <= 1.0):
        raise DxtextError(
            f"--min-coef {min_coef}: coefficients lie between -1 and 1 (NPMI) or 0 and 1; choose a value there."
        )


def _choice(option: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise DxtextError(f"--{option} {value!r}: unknown {option}; choose one of {', '.join(allowed)}.")


# --- coefficients -----------------------------------------------------------------------------------------


def coefficients(
    count: np.ndarray, df_a: np.ndarray, df_b: np.ndarray, n_docs: int, *, measure: Measure = "jaccard"
) -> np.ndarray:
    """Association of pairs with ``count`` shared documents, vectorised over arrays (see the module docstring)."""
    _choice("measure", measure, MEASURES)
    a = np.asarray(count, dtype=np.float64)
    x = np.asarray(df_a, dtype=np.float64)
    y = np.asarray(df_b, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "jaccard":
            out = a / (x + y - a)
        elif measure == "dice":
            out = 2 * a / (x + y)
        elif measure == "simpson":
            out = a / np.minimum(x, y)
        elif measure == "cosine":
            out = a / np.sqrt(x * y)
        else:  # npmi
            n = float(n_docs)
            pmi = np.log(a * n / (x * y))
            denom = -np.log(a / n)
            out = np.where(a >= n, 1.0, pmi / np.where(denom > 0, denom, 1.0))
            out = np.where(a > 0, out, -1.0)
    return np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=-1.0)


def select_words(dtm: DocTermMatrix, *, words: int = 75, min_df: int = 1) -> np.ndarray:
    """Column indices of the ``words`` most frequent terms with document frequency ≥ ``min_df``, in rank order
    (term frequency descending, then spelling)."""
    tf = dtm.term_frequency()
    df = dtm.document_frequency()
    keep = np.flatnonzero(df >= min_df)
    if len(keep) == 0:
        return keep.astype(np.int64)
    order = keep[np.lexsort((np.array(dtm.vocab, dtype=object)[keep].astype(str), -tf[keep]))]
    return order[:words].astype(np.int64)


def _binary(X: sp.spmatrix) -> sp.csr_matrix:
    B = sp.csr_matrix(X, copy=True)
    B.data = np.ones_like(B.data, dtype=np.int32)
    return B


def cooccurrence_pairs(
    dtm: DocTermMatrix, *, measure: Measure = "jaccard", words: int = 75, min_df: int = 1
) -> pd.DataFrame:
    """Every pair of the selected words that shares at least one document: word1, word2 (word1 the more
    frequent), count, coefficient — sorted by coefficient, then count, then rank."""
    check_options(measure=measure, words=words, min_df=min_df)
    idx = select_words(dtm, words=words, min_df=min_df)
    pairs = _pairs(_binary(dtm.X[:, idx]), measure)
    vocab = [dtm.vocab[j] for j in idx]
    return pd.DataFrame(
        {
            "word1": [vocab[i] for i in pairs["i"]],
            "word2": [vocab[j] for j in pairs["j"]],
            "count": pairs["count"],
            "coefficient": pairs["coef"],
        }
    )


def _pairs(B: sp.csr_matrix, measure: Measure) -> dict[str, np.ndarray]:
    """Upper-triangle pairs of the columns of binary ``B`` with count > 0, ranked (coef↓, count↓, i, j)."""
    n_docs = B.shape[0]
    df = np.diff(B.tocsc().indptr)
    C = sp.triu((B.T @ B).tocsr(), k=1).tocoo()
    i = C.row.astype(np.int64)
    j = C.col.astype(np.int64)
    count = C.data.astype(np.int64)
    nz = count > 0
    i, j, count = i[nz], j[nz], count[nz]
    coef = coefficients(count, df[i], df[j], n_docs, measure=measure)
    order = np.lexsort((j, i, -count, -coef))
    return {
        "i": i[order],
        "j": j[order],
        "count": count[order],
        "coef": coef[order],
        "df": df,
        "n_docs": n_docs,
    }


def _select_edges(
    pairs: dict[str, np.ndarray], *, top_edges: int | None, min_coef: float | None
) -> np.ndarray:
    keep = np.arange(len(pairs["coef"]))
    if min_coef is not None:
        keep = keep[pairs["coef"][keep] >= min_coef - 1e-12]
    if top_edges is not None:
        keep = keep[:top_edges]
    return keep


# --- the network ------------------------------------------------------------------------------------------


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
            f"only {len(idx)} word(s) occur in at least {min_df} documents; lower --min-df or add documents."
        )
    B = _binary(dtm.X[:, idx])
    pairs = _pairs(B, measure)
    chosen = _select_edges(pairs, top_edges=top_edges, min_coef=min_coef)
    if len(chosen) == 0:
        why = (
            f"no pair of the {len(idx)} words reaches --min-coef {min_coef}"
            if min_coef is not None
            else (f"none of the {len(idx)} words share a document")
        )
        raise ModelError(f"{why}; lower --min-coef or --min-df, or raise --words.")
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
    for _ in range(10_000):
        w = A @ v
        w /= np.linalg.norm(w)
        if np.abs(w - v).max() < 1e-12:
            v = w
            break
        v = w
    v[v < 1e-9] = 0.0
    return v / np.linalg.norm(v)


# --- layout -----------------------------------------------------------------------------------------------


def set_layout(G: nx.Graph, *, seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Seeded, reproducible positions in [0, 1]² stored as node attributes x and y (y grows upwards).

    Each connected component is laid out alone — stress majorization on graph distances (the criterion of
    Kamada–Kawai) from a classical-MDS start with a seeded jitter; seeded Fruchterman–Reingold for components
    over 400 nodes — with edges about one unit long in every component; the components are then packed in
    rows, largest first, so a disconnected network does not fly apart.
    """
    import networkx as nx

    rank = {n: k for k, n in enumerate(G.nodes)}
    comps = sorted(
        (sorted(c, key=rank.__getitem__) for c in nx.connected_components(G)),
        key=lambda c: (-len(c), rank[c[0]]),
    )
    boxes = []
    for k, comp in enumerate(comps):
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(
            (u, v, {"weight": d.get("weight", 1.0)}) for u, v, d in G.subgraph(comp).edges(data=True)
        )
        if len(comp) == 1:
            pos = {comp[0]: np.zeros(2)}
        elif len(comp) == 2:
            pos = {comp[0]: np.array([-0.5, 0.0]), comp[1]: np.array([0.5, 0.0])}
        elif len(comp) <= 400:
            pos = _stress_layout(sub, seed=seed + k)
            _separate(pos, {n: _label_box(G.nodes[n], n) for n in comp})
        else:
            pos = nx.spring_layout(
                sub, seed=seed + k, iterations=100, weight=None, k=1.2 / np.sqrt(len(comp))
            )
        P = np.array([pos[n] for n in comp], dtype=float)
        if len(comp) > 400:  # spring layout is in [-1, 1]: bring it to edge length ~ 1 like the others
            P *= np.sqrt(len(comp))
        P -= P.min(axis=0)
        boxes.append((comp, P))
    coords = _pack(boxes)
    if len(G):
        allp = np.array([coords[n] for n in G.nodes])
        lo, hi = allp.min(axis=0), allp.max(axis=0)
        scale = float(max(hi - lo)) or 1.0
        off = (1 - (hi - lo) / scale) / 2
        G.graph["layout_unit"] = round(1.0 / scale, 6)  # length of an edge of the layout in [0, 1] units
        for n in G.nodes:
            x, y = (coords[n] - lo) / scale + off
            G.nodes[n]["x"] = round(float(x), 5)
            G.nodes[n]["y"] = round(float(y), 5)
    return {n: (G.nodes[n]["x"], G.nodes[n]["y"]) for n in G.nodes}


def _label_box(d: dict[str, Any], n: Any) -> tuple[float, float]:
    """(width, height) of a node's label in edge-length units: 0.22 per character, 0.45 high — the PNG picks
    its font size to match; a group node of a two-mode network is a square about one unit wide."""
    w = max(0.5, 0.22 * len(str(d.get("label", n)))) + 0.1
    return (max(1.1, w + 0.2), 1.1) if d.get("kind") == "group" else (w, 0.45)


def _separate(
    pos: dict[Any, np.ndarray], boxes: dict[Any, tuple[float, float]], *, iterations: int = 80
) -> None:
    """Push apart nodes whose label boxes overlap, along the axis where the overlap is smaller (in place,
    deterministic)."""
    nodes = list(pos)
    if len(nodes) < 2:
        return
    X = np.array([pos[n] for n in nodes], dtype=float)
    w = np.array([boxes[n][0] for n in nodes])
    hh = np.array([boxes[n][1] for n in nodes])
    W = (w[:, None] + w[None, :]) / 2
    h = (hh[:, None] + hh[None, :]) / 2
    for _ in range(iterations):
        dx = X[:, None, 0] - X[None, :, 0]
        dy = X[:, None, 1] - X[None, :, 1]
        ox = W - np.abs(dx)
        oy = h - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = hit & (ox / W <= oy / h)
        along_y = hit & ~along_x
        sx = np.where(dx >= 0, 1.0, -1.0)
        sy = np.where(dy >= 0, 1.0, -1.0)
        # a tiny deterministic tie-break for nodes on top of each other
        sx = np.where(dx == 0, np.sign(np.subtract.outer(np.arange(len(nodes)), np.arange(len(nodes)))), sx)
        X[:, 0] += 0.5 * (along_x * ox * sx).sum(axis=1) / np.maximum(1, hit.sum(axis=1))
        X[:, 1] += 0.5 * (along_y * oy * sy).sum(axis=1) / np.maximum(1, hit.sum(axis=1))
    for n, p in zip(nodes, X, strict=True):
        pos[n] = p


def _stress_layout(sub: nx.Graph, *, seed: int = 0, iterations: int = 300) -> dict[Any, np.ndarray]:
    """Stress majorization (Gansner, Koren & North 2004) with weights d⁻², vectorised over all pairs."""
    from scipy.sparse.csgraph import shortest_path

    nodes = list(sub.nodes)
    n = len(nodes)
    index = {v: k for k, v in enumerate(nodes)}
    ij = np.array([(index[u], index[v]) for u, v in sub.edges()], dtype=np.int64).reshape(-1, 2)
    A = sp.coo_matrix((np.ones(len(ij)), (ij[:, 0], ij[:, 1])), shape=(n, n)).tocsr()
    D = shortest_path(A, directed=False, unweighted=True)
    D[~np.isfinite(D)] = D[np.isfinite(D)].max() + 1
    # classical MDS start
    J = np.eye(n) - 1.0 / n
    vals, vecs = np.linalg.eigh(-0.5 * J @ (D**2) @ J)
    X = vecs[:, -2:] * np.sqrt(np.maximum(vals[-2:], 1e-9))
    for c in range(2):  # eigenvector signs: make the column's largest entry positive
        if X[np.argmax(np.abs(X[:, c])), c] < 0:
            X[:, c] = -X[:, c]
    X = X + np.random.default_rng(seed).normal(scale=1e-3 * D.max(), size=X.shape)
    W = np.zeros_like(D)
    off = D > 0
    W[off] = D[off] ** -2.0
    wsum = W.sum(axis=1)[:, None]
    for _ in range(iterations):
        diff = X[:, None, :] - X[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=2))
        dist[dist < 1e-9] = 1e-9
        R = W * D / dist
        new = (W @ X + (R.sum(axis=1)[:, None] * X - R @ X)) / wsum
        moved = float(np.abs(new - X).max())
        X = new
        if moved < 1e-5:
            break
    return {v: X[index[v]] for v in nodes}


def _pack(boxes: list[tuple[list[Any], np.ndarray]]) -> dict[Any, np.ndarray]:
    """Shelf packing of the components' bounding boxes (plus a margin), rows about √(total area)·1.5 wide,
    so the whole picture is roughly square; y grows upwards, first row on top."""
    if not boxes:
        return {}
    margin = 1.0
    dims = [(float(P[:, 0].max()) + margin, float(P[:, 1].max()) + margin) for _, P in boxes]
    row_width = max(max(w for w, _ in dims), float(np.sqrt(sum(w * h for w, h in dims))) * 1.5)
    out: dict[Any, np.ndarray] = {}
    x = y = row_h = 0.0
    for (comp, P), (w, h) in zip(boxes, dims, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y - row_h, 0.0
        for n, p in zip(comp, P, strict=True):
            out[n] = np.array([x + margin / 2 + p[0], y - margin / 2 - (float(P[:, 1].max()) - p[1])])
        x += w
        row_h = max(row_h, h)
    return out


# --- tables -----------------------------------------------------------------------------------------------


def nodes_frame(G: nx.Graph) -> pd.DataFrame:
    """One row per node: word, frequency, df, community, betweenness, degree_centrality, eigenvector, degree
    (and kind, group, n_docs for two-mode networks) — sorted by community, then frequency."""
    rows = []
    twomode = G.graph.get("kind") == "twomode"
    for n, d in G.nodes(data=True):
        row = {c: d.get(c) for c in NODE_COLUMNS}
        row["word"] = d.get("label", n)
        if twomode:
            row = {"kind": d.get("kind"), **row, "group": d.get("group", "")}
        rows.append(
            (
                d.get("community", 0),
                0 if d.get("kind") == "group" else 1,
                -(d.get("frequency") or 0),
                d.get("rank", 0),
                row,
            )
        )
    rows.sort(key=lambda r: r[:4])
    cols = (["kind"] if twomode else []) + NODE_COLUMNS + (["group"] if twomode else [])
    return pd.DataFrame([r[-1] for r in rows], columns=cols)


def edges_frame(G: nx.Graph) -> pd.DataFrame:
    """One row per edge: word1, word2 (word1 the more frequent), count, coefficient, communities of both ends,
    same_community, backbone — sorted by coefficient, then count. For a two-mode network: word, group, count,
    coefficient, lift, share, community1 (the word's), community2 (the group's), same_community."""
    twomode = G.graph.get("kind") == "twomode"
    rows = []
    for u, v, d in G.edges(data=True):
        a, b = G.nodes[u], G.nodes[v]
        if (twomode and a.get("kind") == "group") or (not twomode and a.get("rank", 0) > b.get("rank", 0)):
            a, b = b, a
        row = {
            "word1": a.get("label", u),
            "word2": b.get("label", v),
            "count": d.get("count"),
            "coefficient": d.get("coefficient"),
            "community1": a.get("community"),
            "community2": b.get("community"),
            "same_community": a.get("community") == b.get("community"),
            "backbone": bool(d.get("backbone", False)),
        }
        if twomode:
            row = {
                "word": row["word1"],
                "group": row["word2"],
                "count": row["count"],
                "coefficient": row["coefficient"],
                "lift": d.get("lift"),
                "share": d.get("share"),
                "community1": row["community1"],
                "community2": row["community2"],
                "same_community": row["same_community"],
            }
        key = (
            -(d.get("coefficient") or 0),
            -(d.get("count") or 0),
            a.get("rank", 0),
            b.get("rank", 0),
            str(row),
        )
        rows.append((key, row))
    rows.sort(key=lambda r: r[0])
    cols = TWOMODE_EDGE_COLUMNS if twomode else EDGE_COLUMNS
    return pd.DataFrame([r for _, r in rows], columns=cols)


def community_summary(G: nx.Graph, *, top: int = 8) -> pd.DataFrame:
    """community, size, words (the ``top`` most frequent members, comma-separated)."""
    members: dict[int, list[tuple[int, str]]] = {}
    for n, d in G.nodes(data=True):
        if d.get("kind") == "group":
            continue
        members.setdefault(int(d.get("community", 0)), []).append(
            (-int(d.get("frequency", 0)), d.get("label", n))
        )
    rows = []
    for c in sorted(members):
        m = sorted(members[c])
        rows.append({"community": c, "size": len(m), "words": "、".join(w for _, w in m[:top])})
    return pd.DataFrame(rows, columns=["community", "size", "words"])


# --- files ------------------------------------------------------------------------------------------------


def write_graphml(G: nx.Graph, path: Any) -> None:
    """GraphML (Gephi, Cytoscape, yEd); attributes as typed keys."""
    import networkx as nx

    from ..render.tables import write_text

    write_text("\n".join(nx.generate_graphml(_clean_for_files(G), prettyprint=True)) + "\n", path)


def write_gexf(G: nx.Graph, path: Any, *, palette: Sequence[str] | None = None) -> None:
    """GEXF for Gephi, with positions, sizes and community colours as viz attributes."""
    import networkx as nx

    H = _clean_for_files(G)
    palette = list(palette or PALETTE)
    fmax = max((d.get("frequency", 1) or 1 for _, d in H.nodes(data=True)), default=1)
    for _, d in H.nodes(data=True):
        hexcol = community_colour(int(d.get("community", 0)), palette)
        r, g, b = (int(hexcol[k : k + 2], 16) for k in (1, 3, 5))
        viz: dict[str, Any] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
        viz["size"] = round(5 + 25 * float(np.sqrt((d.get("frequency", 1) or 1) / fmax)), 3)
        if "x" in d:
            viz["position"] = {"x": round(d["x"] * 1000, 2), "y": round(d["y"] * 1000, 2), "z": 0.0}
        d["viz"] = viz
    import re

    from ..render.tables import write_text

    text = "\n".join(nx.generate_gexf(H, prettyprint=True)) + "\n"
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # no date: same input, same bytes
    write_text(text, path)


def _clean_for_files(G: nx.Graph) -> nx.Graph:
    H = G.copy()
    H.graph = {
        k: ("" if v is None else v)
        for k, v in G.graph.items()
        if isinstance(v, (str, int, float, bool)) or v is None
    }
    for _, d in H.nodes(data=True):
        for k in [k for k, v in d.items() if not isinstance(v, (str, int, float, bool))]:
            del d[k]
    for _, _, d in H.edges(data=True):
        for k in [k for k, v in d.items() if not isinstance(v, (str, int, float, bool))]:
            del d[k]
    return H


# Colour-blind-friendly qualitative palette (Okabe–Ito first, then Tableau-like); beyond it: grey.
PALETTE: tuple[str, ...] = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#8c6d31",
    "#6b6ecf",
    "#b5cf6b",
    "#e7969c",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
OTHER_COLOUR = "#bdbdbd"


def community_colour(community: int, palette: Sequence[str] = PALETTE) -> str:
    if 1 <= community <= len(palette):
        return palette[community - 1]
    return OTHER_COLOUR


# --- two-mode network: words × attribute values -----------------------------------------------------------


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
        raise DxtextError(f"--group-words {per_group}: must be at least 1 (default 10).")
    if len(groups) != dtm.n_docs:
        raise ValueError("groups and documents differ in length")
    values, dropped = group_values(groups, max_groups=max_groups)
    if len(values) < 2:
        raise ModelError(
            f"attribute {attribute!r} has {len(values)} non-empty value(s) among the analysed documents; "
            "a two-mode network needs at least 2 groups — choose another --by."
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

    values, _ = group_values(groups, max_groups=max_groups)
    labels = np.array(["" if g is None else str(g) for g in groups], dtype=object)
    out: dict[str, nx.Graph] = {}
    for v in values:
        rows = np.flatnonzero(labels == v)
        if len(rows) < min_docs:
            out[v] = nx.Graph(skipped=f"{len(rows)} documents (fewer than {min_docs})", n_docs=len(rows))
            continue
        from .matrix import DocTermMatrix

        sub = DocTermMatrix(dtm.X[rows].tocsr(), list(dtm.vocab), [dtm.doc_ids[k] for k in rows])
        try:
            G = cooccurrence_network(sub, **options)
        except ModelError as e:
            out[v] = nx.Graph(skipped=str(e), n_docs=len(rows))
            continue
        G.graph["group"] = v
        out[v] = G
    return out


# --- contexts (which documents to quote for a word or an edge) ---------------------------------------------


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
