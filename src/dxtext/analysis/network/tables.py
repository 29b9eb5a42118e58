"""Tables of a network: one row per node, one row per edge, one row per community."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import networkx as nx

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
