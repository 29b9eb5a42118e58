"""The small network of 関連語検索: the target in the middle (red), its associated words around it (area ∝
documents), grey edges for the co-occurrence of those words with each other; labels do not overlap."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

TARGET_COLOUR = "#c0392b"
WORD_COLOUR = "#2c6fbb"


def layout(G: nx.Graph, *, seed: int = 0) -> dict[Any, np.ndarray]:
    """Seeded spring layout with the target fixed in the middle and the words starting on a circle in rank
    order (stronger association nearer); the same graph and seed give the same picture."""
    target = G.graph.get("target")
    words = [n for n in G.nodes if n != target]
    init: dict[Any, np.ndarray] = {target: np.zeros(2)}
    for k, w in enumerate(words):
        angle = 2 * math.pi * k / max(1, len(words))
        r = 0.6 + 0.4 * k / max(1, len(words))
        init[w] = np.array([r * math.cos(angle), r * math.sin(angle)])
    if len(G) < 3:
        return init
    return nx.spring_layout(G, pos=init, fixed=[target], weight="weight", seed=seed, iterations=100)


def draw_association(
    G: nx.Graph, path: str | Path, *, title: str, subtitle: str = "", seed: int = 0
) -> dict[str, Any]:
    """Write the PNG; returns {"fonts": …, "overlaps": n} and stores x, y on the nodes (for GraphML)."""
    from .ca_png import fonts_of
    from .plots import save_png, setup_matplotlib
    from .repel import label_points, overlaps, text_boxes

    plt = setup_matplotlib()
    pos = layout(G, seed=seed)
    for n, (x, y) in pos.items():
        G.nodes[n]["x"], G.nodes[n]["y"] = round(float(x), 5), round(float(y), 5)
    fig, ax = plt.subplots(figsize=(9, 8))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.9)
    ax.set_axis_off()
    xy = np.array([pos[n] for n in G.nodes])
    span = max(float(np.ptp(xy[:, 0])), float(np.ptp(xy[:, 1])), 1e-6)
    ax.set_xlim(xy[:, 0].min() - 0.15 * span, xy[:, 0].max() + 0.15 * span)
    ax.set_ylim(xy[:, 1].min() - 0.15 * span, xy[:, 1].max() + 0.18 * span)
    for u, v, d in G.edges(data=True):
        is_target = d.get("kind") == "target"
        ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#e08e82" if is_target else "#b0b0b0",
                lw=0.8 + 5 * float(d.get("weight", 0)) if not is_target else 1.2, zorder=1,
                ls="-" if is_target else "--")  # fmt: skip
    docs = np.array([float(G.nodes[n].get("documents", 1)) for n in G.nodes])
    top = max(docs[[G.nodes[n].get("kind") != "target" for n in G.nodes]].max(initial=1.0), 1.0)
    sizes = np.array([
        500.0 if G.nodes[n].get("kind") == "target" else 60 + 600 * math.sqrt(d / top)
        for n, d in zip(G.nodes, docs, strict=True)
    ])  # fmt: skip
    colours = [TARGET_COLOUR if G.nodes[n].get("kind") == "target" else WORD_COLOUR for n in G.nodes]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colours, alpha=0.55, edgecolors="white", zorder=2)
    fig.suptitle(title, x=0.02, ha="left", fontsize=13)
    if subtitle:
        fig.text(0.02, 0.935, subtitle, ha="left", va="top", fontsize=9, color="#444")
    fig.canvas.draw()
    styles = [{"fontsize": 12, "color": TARGET_COLOUR} if G.nodes[n].get("kind") == "target" else
              {"fontsize": 10, "color": "#222"} for n in G.nodes]  # fmt: skip
    radius = np.sqrt(sizes) / 2 * fig.dpi / 72
    texts = label_points(
        ax, xy[:, 0], xy[:, 1], [str(n) for n in G.nodes], styles=styles, point_radius=radius
    )
    result = {"fonts": fonts_of(texts), "overlaps": overlaps(text_boxes(fig, texts))}
    save_png(fig, path)
    return result
