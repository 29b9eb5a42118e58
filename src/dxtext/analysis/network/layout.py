"""Layout of a network: seeded, reproducible positions in [0, 1]² — stress majorization per connected
component, label boxes pushed apart, components packed in rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    import networkx as nx


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
