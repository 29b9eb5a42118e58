"""Small multiples of trends over ordered groups: one panel per word (or theme), the share of each group's
documents that use it, with the Cochran–Armitage z and the corrected p in the panel title."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

RISING = "#c0392b"
FALLING = "#2c6fbb"
FLAT = "#7f7f7f"


def draw_trends(trends: pd.DataFrame, path: str | Path, *, kind: str, attribute: str, title: str,
                ncols: int = 4) -> dict[str, Any]:  # fmt: skip
    """One panel per row of ``trends`` (as :func:`dxtext.analysis.keyness.trend` gives them, already cut to
    the items to show); returns {"fonts": …, "panels": n}."""
    from .ca_png import fonts_of
    from .plots import save_png, setup_matplotlib

    plt = setup_matplotlib()
    pct_cols = [c for c in trends.columns if c.startswith("pct:")]
    groups = [c[4:] for c in pct_cols]
    n = max(1, len(trends))
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(3.3 * ncols, 2.6 * nrows + 0.8), squeeze=False, sharex=True
    )
    texts = []
    for ax in axes.ravel():
        ax.set_visible(False)
    for ax, (_, rec) in zip(axes.ravel(), trends.iterrows(), strict=False):
        ax.set_visible(True)
        values = rec[pct_cols].to_numpy(dtype=float)
        colour = (
            RISING if rec["direction"] == "rising" else FALLING if rec["direction"] == "falling" else FLAT
        )
        ax.plot(range(len(groups)), values, marker="o", color=colour, lw=1.6, ms=4)
        ax.set_ylim(0, max(1.0, float(np.nanmax(values)) * 1.2))
        p = rec["p_bh"]
        ptxt = "p<0.001" if p < 0.001 else f"p={p:.3f}"
        texts.append(ax.set_title(f"{rec[kind]}\nz={rec['z']:+.1f}, {ptxt}", fontsize=9.5))
        ax.set_xticks(range(len(groups)))
        ax.set_xticklabels(groups, fontsize=7.5, rotation=45, ha="right")
        ax.tick_params(axis="y", labelsize=7.5)
        ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    fig.supylabel("文書の割合 (%)", fontsize=10)
    fig.suptitle(f"{title}（{attribute} の順; 赤: 増加, 青: 減少）", fontsize=12)
    fig.tight_layout(rect=(0.01, 0, 1, 0.97))
    fonts = fonts_of(texts)
    save_png(fig, path, dpi=110)
    return {"fonts": fonts, "panels": len(trends)}
