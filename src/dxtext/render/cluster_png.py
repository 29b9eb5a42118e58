"""Pictures of word clusters: the dendrogram (branches coloured by cluster, as KH Coder draws it) and the MDS
maps (classical and Kruskal side by side, points coloured by cluster, labels that do not overlap)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .colours import community_colour

if TYPE_CHECKING:
    from ..analysis.cluster import WordClusters


def draw_dendrogram(
    wc: WordClusters, documents: np.ndarray, path: str | Path, *, title: str
) -> dict[str, Any]:
    """Horizontal dendrogram: one leaf per word (with its documents), branches in the colour of the cluster
    they belong to (grey above the cut)."""
    from scipy.cluster.hierarchy import dendrogram

    from .ca_png import fonts_of
    from .plots import save_png, setup_matplotlib

    plt = setup_matplotlib()
    n = len(wc.words)
    # the colour of every merge: the cluster of its leaves when they all share one
    colour_of: dict[int, str] = {}
    members: dict[int, set[int]] = {i: {int(wc.clusters[i])} for i in range(n)}
    for step, (a, b, _, _) in enumerate(wc.linkage):
        s = members[int(a)] | members[int(b)]
        members[n + step] = s
        colour_of[n + step] = community_colour(next(iter(s))) if len(s) == 1 else "#999999"
    fig, ax = plt.subplots(figsize=(9, max(4.0, 0.26 * n + 1.2)))
    labels = [f"{w} ({int(d)})" for w, d in zip(wc.words, documents, strict=True)]
    dendrogram(wc.linkage, orientation="left", labels=labels, ax=ax, link_color_func=lambda i: colour_of[i],
               leaf_font_size=9.5)  # fmt: skip
    for t in ax.get_yticklabels():
        i = labels.index(t.get_text())
        t.set_color(community_colour(int(wc.clusters[i])))
    ax.set_xlabel("併合の高さ (Jaccard 距離, " + wc.method + ")", fontsize=9)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.set_title(title, fontsize=12, loc="left")
    fig.tight_layout()
    fonts = fonts_of(list(ax.get_yticklabels()))
    save_png(fig, path)
    return {"fonts": fonts}


def draw_mds(points: pd.DataFrame, path: str | Path, *, title: str, stress: float) -> dict[str, Any]:
    """Two panels: classical MDS (x_classical, y_classical) and Kruskal (x_kruskal, y_kruskal)."""
    from .ca_png import equal_limits, fonts_of
    from .plots import save_png, setup_matplotlib
    from .repel import label_points, overlaps, text_boxes

    plt = setup_matplotlib()
    fig, axes = plt.subplots(1, 2, figsize=(16, 8))
    fig.subplots_adjust(left=0.04, right=0.98, bottom=0.05, top=0.88, wspace=0.08)
    fig.suptitle(title, x=0.02, ha="left", fontsize=13)
    total = 0
    texts_all = []
    for ax, kind, sub in ((axes[0], "classical", "古典的 MDS (Torgerson)"),
                          (axes[1], "kruskal", f"Kruskal の非計量 MDS (stress-1 = {stress:.3f})")):  # fmt: skip
        x, y = points[f"x_{kind}"].to_numpy(float), points[f"y_{kind}"].to_numpy(float)
        equal_limits(ax, x, y)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(sub, fontsize=10.5)
        colours = [community_colour(int(c)) for c in points["cluster"]]
        d = points["documents"].to_numpy(float)
        sizes = 20 + 220 * np.sqrt(d / max(d.max(), 1))
        ax.scatter(x, y, s=sizes, c=colours, alpha=0.6, edgecolors="white", zorder=2)
        fig.canvas.draw()
        texts = label_points(ax, x, y, points["word"].astype(str).tolist(),
                             styles=[{"fontsize": 9, "color": "#222"}] * len(points),
                             point_radius=np.sqrt(sizes) / 2 * fig.dpi / 72)  # fmt: skip
        total += overlaps(text_boxes(fig, texts))
        texts_all += texts
    fonts = fonts_of(texts_all)
    save_png(fig, path)
    return {"fonts": fonts, "overlaps": total}
