"""PNG plots of ``dxtext topics``: the K-selection curve and the prevalence heatmap (Japanese labels)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import _
from .plots import save_png, setup_matplotlib

MAX_GROUPS = 40


def plot_k_selection(table: pd.DataFrame, path: str | Path, *, title: str = "トピック数 K の選択") -> Path:
    """Coherence (mean NPMI, left axis) and stability (right axis) per K; the chosen K is marked, and the
    K values counted as stable are drawn filled."""
    plt = setup_matplotlib()
    t = table.sort_values("k")
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    ax.plot(t["k"], t["coherence"], "-", color="#1f4e79", linewidth=1.6, label=_("coherence (mean NPMI)"))
    stable = t["stable"].to_numpy(dtype=bool)
    ax.scatter(t["k"][stable], t["coherence"][stable], color="#1f4e79", zorder=3, s=28)
    ax.scatter(
        t["k"][~stable], t["coherence"][~stable], facecolors="white", edgecolors="#1f4e79", zorder=3, s=28
    )
    ax.set_xlabel(_("number of topics K"))
    ax.set_ylabel(_("coherence (mean NPMI; higher reads better)"), color="#1f4e79")
    ax2 = ax.twinx()
    ax2.plot(
        t["k"],
        t["stability"],
        "--",
        color="#c0504d",
        linewidth=1.4,
        label=_("stability (recovered on subsamples)"),
    )
    ax2.scatter(t["k"], t["stability"], color="#c0504d", marker="s", s=18, zorder=3)
    ax2.set_ylabel(_("stability (Jaccard; 1 = the same words every time)"), color="#c0504d")
    ax2.set_ylim(0, 1.05)
    chosen = t[t["chosen"]]
    if len(chosen):
        k = int(chosen["k"].iloc[0])
        ax.axvline(k, color="#555555", linestyle=":", linewidth=1.2)
        ax.annotate(
            _("chosen K = {k}").format(k=k),
            xy=(k, float(chosen["coherence"].iloc[0])),
            xytext=(6, -18),
            textcoords="offset points",
            fontsize=9,
        )
    ax.set_xticks(t["k"].tolist())
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="lower left", fontsize=8, frameon=False)
    ax.set_title(title, fontsize=11)
    ax.grid(alpha=0.25)
    return save_png(fig, path)


def plot_prevalence(
    prev: pd.DataFrame, path: str | Path, *, by: str, labels: dict[int, str], value: str = "mean_share"
) -> Path:
    """Heatmap groups × topics of ``value`` (mean topic share in the group, %), with the values written in.
    At most ``MAX_GROUPS`` groups are drawn (the largest, in the table's order); the CSV has them all."""
    plt = setup_matplotlib()
    groups = list(dict.fromkeys(prev[by].tolist()))
    title = f"{by}別のトピック構成 (平均比重 %)"
    if len(groups) > MAX_GROUPS:
        size = prev.drop_duplicates(by).set_index(by)["documents"]
        keep = set(size.sort_values(ascending=False, kind="stable").index[:MAX_GROUPS])
        groups = [g for g in groups if g in keep]
        prev = prev[prev[by].isin(keep)]
        title += f" — 文書の多い {MAX_GROUPS} グループ"
    topics = sorted(prev["topic"].unique().tolist())
    M = np.zeros((len(groups), len(topics)))
    n: dict[str, int] = {}
    for g, t, v, docs in prev[[by, "topic", value, "documents"]].itertuples(index=False, name=None):
        M[groups.index(g), topics.index(int(t))] = float(v)
        n[g] = int(docs)
    width = min(18.0, 3.0 + 0.9 * len(topics))
    height = min(14.0, 1.6 + 0.42 * len(groups))
    fig, ax = plt.subplots(figsize=(width, height))
    im = ax.imshow(M, aspect="auto", cmap="Blues", vmin=0)
    ax.set_xticks(range(len(topics)))
    ax.set_xticklabels(
        [_short(f"T{t} {labels.get(t, '')}") for t in topics], rotation=40, ha="right", fontsize=8
    )
    ax.set_yticks(range(len(groups)))
    ax.set_yticklabels([f"{g} (n={n[g]:,})" for g in groups], fontsize=8)
    top = M.max() if M.size else 0
    for i in range(len(groups)):
        for j in range(len(topics)):
            ax.text(
                j,
                i,
                f"{M[i, j]:.0f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if top and M[i, j] > 0.6 * top else "#222222",
            )
    ax.set_xlabel(_("topic"))
    ax.set_ylabel(by)
    ax.set_title(title, fontsize=11)
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02).set_label("%")
    return save_png(fig, path)


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
