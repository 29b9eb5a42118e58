"""Co-occurrence network as a PNG: seeded layout (the graph's x, y), node area ∝ frequency, colour = community,
Japanese labels in IPAexGothic. Inter-community edges are dashed (as in KH Coder), edge width ∝ coefficient.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.network import community_summary, set_layout
from .colours import PALETTE, community_colour

if TYPE_CHECKING:
    import networkx as nx

MEASURE_LABEL = {
    "jaccard": "Jaccard",
    "dice": "Dice",
    "simpson": "Simpson",
    "cosine": "cosine",
    "npmi": "NPMI",
}


def draw_network(
    G: nx.Graph,
    path: str | Path,
    *,
    title: str = "",
    subtitle: str = "",
    palette: Sequence[str] = PALETTE,
    legend: bool = True,
    fonts: bool = True,
) -> set[str]:
    """Write ``G`` as a PNG; returns the names of the font files matplotlib used for its text (``fonts=False``:
    not looked up, an empty set — a caller that draws many figures and does not read them)."""
    from .plots import save_png, setup_matplotlib

    plt = setup_matplotlib()
    twomode = G.graph.get("kind") == "twomode"
    fig = plt.figure(figsize=(13, 10) if legend and not twomode else (11, 10))
    ax = fig.add_axes((0.01, 0.03, 0.72, 0.9) if legend and not twomode else (0.01, 0.03, 0.98, 0.9))
    _draw(ax, G, palette=palette, label_size=_label_size(len(G)))
    if title:
        fig.suptitle(title, x=0.02, ha="left", fontsize=14)
    if subtitle:
        fig.text(0.02, 0.935, subtitle, ha="left", va="top", fontsize=9.5, color="#444")
    if legend and not twomode:
        _legend(fig, G, palette)
    used = fonts_used(fig) if fonts else set()
    save_png(fig, path)
    return used


def draw_panels(
    graphs: Mapping[str, nx.Graph],
    path: str | Path,
    *,
    title: str = "",
    palette: Sequence[str] = PALETTE,
    ncols: int = 3,
) -> set[str]:
    """One panel per graph (per-group networks side by side); empty (skipped) graphs show why."""
    from .plots import save_png, setup_matplotlib

    plt = setup_matplotlib()
    n = max(1, len(graphs))
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols, 6.2 * nrows + 0.6), squeeze=False)
    for ax in axes.ravel():
        ax.set_axis_off()
    for ax, (name, G) in zip(axes.ravel(), graphs.items(), strict=False):
        n_docs = G.graph.get("n_docs", 0)
        if len(G) == 0:
            ax.set_title(f"{name}（{n_docs:,}件）", fontsize=13)
            ax.text(
                0.5,
                0.5,
                f"描画なし: {G.graph.get('skipped', '')}",
                ha="center",
                va="center",
                fontsize=9,
                wrap=True,
            )
            continue
        _draw(ax, G, palette=palette, label_size=_label_size(len(G)) * 0.85)
        ax.set_title(f"{name}（{n_docs:,}件・{len(G)}語・{G.number_of_edges()}共起）", fontsize=13)
    if title:
        fig.suptitle(title, fontsize=15)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fonts = fonts_used(fig)
    save_png(fig, path, dpi=110)
    return fonts


def _label_size(n: int) -> float:
    return 11.0 if n <= 40 else 10.0 if n <= 80 else 8.5 if n <= 150 else 7.0


def _draw(ax: Any, G: nx.Graph, *, palette: Sequence[str], label_size: float) -> None:
    import matplotlib.patheffects as pe
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba

    if len(G) and "x" not in next(iter(G.nodes.values())):
        G = G.copy()
        set_layout(G, seed=int(G.graph.get("seed", 0) or 0))
    twomode = G.graph.get("kind") == "twomode"
    pos = {n: (d["x"], d["y"]) for n, d in G.nodes(data=True)}
    cmax = max((d.get("coefficient", 0) for _, _, d in G.edges(data=True)), default=1) or 1
    solid, dashed = [], []
    for u, v, d in sorted(G.edges(data=True), key=lambda e: e[2].get("coefficient", 0)):
        cu, cv = G.nodes[u].get("community"), G.nodes[v].get("community")
        width = 0.6 + 3.4 * max(d.get("coefficient", 0), 0) / cmax
        seg = (pos[u], pos[v])
        if twomode:
            colour = community_colour(
                int(G.nodes[v if G.nodes[v].get("kind") == "group" else u]["community"]), palette
            )
            solid.append((seg, width, colour, 0.55))
        elif cu == cv:
            solid.append((seg, width, "#6b6b6b", 0.8))
        else:
            dashed.append((seg, width, "#9a9a9a", 0.7))
    for group, style in ((dashed, "--"), (solid, "-")):
        if group:
            lc = LineCollection(
                [g[0] for g in group],
                linewidths=[g[1] for g in group],
                colors=[to_rgba(g[2], g[3]) for g in group],
                linestyles=style,
                zorder=1,
            )
            ax.add_collection(lc)
    words = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") != "group"]
    fmax = max((d.get("frequency", 1) for _, d in words), default=1) or 1
    # the largest bubble is at most ~0.85 of an edge length, so neighbours do not cover each other
    xs = [p[0] for p in pos.values()] or [0.0, 1.0]
    ys = [p[1] for p in pos.values()] or [0.0, 1.0]
    pad = 0.05
    xlim = (min(xs) - pad, max(xs) + pad)
    ylim = (min(ys) - pad, max(ys) + pad)
    bbox = ax.get_position()
    w_pt = bbox.width * ax.figure.get_figwidth() * 72
    h_pt = bbox.height * ax.figure.get_figheight() * 72
    pt_per_unit = min(w_pt / (xlim[1] - xlim[0]), h_pt / (ylim[1] - ylim[0]))
    unit_pt = float(G.graph.get("layout_unit", 0.1) or 0.1) * pt_per_unit
    smax = min(48.0, max(14.0, 0.85 * unit_pt)) ** 2
    smin = smax * 0.06
    if words:
        ax.scatter(
            [pos[n][0] for n, _ in words],
            [pos[n][1] for n, _ in words],
            s=[smin + (smax - smin) * d.get("frequency", 1) / fmax for _, d in words],
            c=[community_colour(int(d.get("community", 0)), palette) for _, d in words],
            edgecolors="#333333",
            linewidths=0.6,
            alpha=0.92,
            zorder=2,
        )
    groups = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == "group"]
    if groups:
        ax.scatter(
            [pos[n][0] for n, _ in groups],
            [pos[n][1] for n, _ in groups],
            s=min(40.0, max(18.0, 0.95 * unit_pt)) ** 2,
            marker="s",
            c=[community_colour(int(d.get("community", 0)), palette) for _, d in groups],
            edgecolors="#111111",
            linewidths=1.4,
            zorder=3,
        )
    label_size = min(
        label_size, max(6.5, 0.22 * unit_pt)
    )  # a character ≈ 0.22 edge lengths (see network._separate)
    halo = [pe.withStroke(linewidth=2.6, foreground="white")]
    for n, d in words:
        ax.text(
            pos[n][0],
            pos[n][1],
            str(d.get("label", n)),
            fontsize=label_size,
            ha="center",
            va="center",
            zorder=4,
            path_effects=halo,
        )
    for n, d in groups:
        ax.text(
            pos[n][0],
            pos[n][1],
            str(d.get("label", n)),
            fontsize=label_size + 2,
            ha="center",
            va="center",
            zorder=5,
            path_effects=halo,
        )
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", anchor="NW")
    ax.set_axis_off()


def _legend(fig: Any, G: nx.Graph, palette: Sequence[str]) -> None:
    from matplotlib.lines import Line2D

    summary = community_summary(G, top=4)
    handles = []
    labels = []
    for row in summary.itertuples(index=False):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=11,
                markeredgecolor="#333",
                markerfacecolor=community_colour(int(row.community), palette),
            )
        )
        labels.append(f"{row.community}: {row.words}")
    handles += [Line2D([], [], color="#6b6b6b", lw=2), Line2D([], [], color="#9a9a9a", lw=2, ls="--")]
    labels += ["同じコミュニティ内の共起", "コミュニティ間の共起"]
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.735, 0.92),
        frameon=False,
        fontsize=10,
        title="コミュニティ（頻度上位の語）",
        title_fontsize=10.5,
        alignment="left",
    )


def fonts_used(fig: Any) -> set[str]:
    """File names of the fonts matplotlib resolves for every text in the figure (tests check IPAexGothic)."""
    from matplotlib import font_manager
    from matplotlib.text import Text

    out = set()
    for t in fig.findobj(Text):
        if t.get_text():
            out.add(Path(font_manager.findfont(t.get_fontproperties(), fallback_to_default=False)).name)
    return out


def texts_in(fig: Any) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def subtitle_for(G: nx.Graph) -> str:
    """'Jaccard・上位60共起・75語から・文書 54件・モジュラリティ 0.82' (what a reader needs to read the figure)."""
    measure = MEASURE_LABEL.get(str(G.graph.get("measure", "")), str(G.graph.get("measure", "")))
    parts = [measure]
    if G.graph.get("kind") == "twomode":
        parts.append(f"各グループの特徴語 上位{G.graph.get('per_group')}")
    else:
        top, mc = G.graph.get("top_edges"), G.graph.get("min_coef")
        if top not in ("", None):
            parts.append(f"上位{top}共起")
        if mc not in ("", None):
            parts.append(f"係数 {mc} 以上")
        if G.graph.get("backbone"):
            parts.append("最小全域木")
        parts.append(f"頻出{G.graph.get('words_considered')}語から")
    parts.append(f"文書 {G.graph.get('n_docs', 0):,}件")
    parts.append(f"語 {sum(1 for _, d in G.nodes(data=True) if d.get('kind') != 'group')}")
    if G.graph.get("kind") != "twomode":
        parts.append(f"モジュラリティ {G.graph.get('modularity', 0):.2f}")
    return "・".join(parts)
