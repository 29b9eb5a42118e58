"""PNG of a theme crosstab: themes × groups, coloured by the adjusted standardised residual."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..analysis.themes import CrossTab


def wrap(text: str, width: int) -> str:
    """Break a label every ``width`` characters (Japanese has no spaces to break at), at most 3 lines."""
    lines = [text[i : i + width] for i in range(0, len(text), width)] or [""]
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][: width - 1] + "…"]
    return "\n".join(lines)


def crosstab_heatmap(ct: CrossTab, path: str | Path, *, title: str | None = None, limit: float = 4.0) -> Path:
    """Heatmap of a :class:`~dxtext.analysis.themes.CrossTab`.

    Rows are themes (with χ² p-value), columns the groups (with their number of documents). Each cell shows
    the share of the group's documents with the theme and the adjusted residual; red = more than expected,
    blue = fewer, ▲/▽ = |residual| ≥ the crosstab's threshold (1.96). Colours are clipped at ±``limit``.
    """
    from .plots import save_png, setup_matplotlib

    plt = setup_matplotlib()
    themes = ct.themes
    groups = ct.groups
    resid = ct.residuals.loc[groups, themes].to_numpy(dtype=float).T  # themes × groups
    pct = ct.percent.loc[groups, themes].to_numpy(dtype=float).T
    tests = ct.tests.set_index("theme")
    width = min(18.0, 3.2 + 1.15 * len(groups))
    height = min(16.0, 1.4 + 0.48 * len(themes))
    fig, ax = plt.subplots(figsize=(width, height))
    im = ax.imshow(np.clip(resid, -limit, limit), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(len(groups)))
    n_docs = ct.counts["文書数"]
    ax.set_xticklabels([f"{wrap(g, 9)}\n(n={int(n_docs.loc[g])})" for g in groups], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(themes)))
    labels = []
    for th in themes:
        p = tests.loc[th, "p"]
        labels.append(f"{th}  ({ct.p_shown(th)})" if p == p else th)
    ax.set_yticklabels(labels, fontsize=9)
    for i in range(len(themes)):
        for j in range(len(groups)):
            r = resid[i, j]
            mark = "▲" if r >= ct.threshold else ("▽" if r <= -ct.threshold else "")
            color = "white" if abs(r) >= 0.75 * limit else "black"
            shown = 0.0 if abs(r) < 0.05 else r  # no "-0.0"
            ax.text(
                j,
                i,
                f"{pct[i, j]:.0f}%{mark}\n{shown:+.1f}",
                ha="center",
                va="center",
                fontsize=8,
                color=color,
            )
    cbar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label("調整済み残差 (赤: 多い / 青: 少ない)", fontsize=9)
    ax.set_title(
        title or f"テーマ × {ct.attribute}  (セル: 該当文書の割合 / 調整済み残差)", fontsize=11, pad=12
    )
    fig.tight_layout()
    return save_png(fig, path)
