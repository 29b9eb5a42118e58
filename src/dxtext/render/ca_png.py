"""The correspondence-analysis map as KH Coder draws it: words (circles, area ∝ documents) and groups
(red squares) on the first two axes, in principal coordinates (a symmetric map), labels placed so that they do
not overlap (:mod:`dxtext.render.repel`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

GROUP_COLOUR = "#c0392b"
WORD_COLOUR = "#2c6fbb"


def scatter_map(
    ax: Any,
    points: pd.DataFrame,
    *,
    xlabel: str,
    ylabel: str,
    label_col: str = "label",
    kind_col: str = "kind",
    size_col: str | None = "size",
    colour_col: str | None = None,
) -> list[Any]:
    """Draw ``points`` (columns x, y, label, kind = "row"/"column", optional size and colour) with labels that
    do not overlap; returns the label Text objects."""
    from .repel import label_points

    x = points["x"].to_numpy(float)
    y = points["y"].to_numpy(float)
    equal_limits(ax, x, y)
    ax.axhline(0, color="#bbbbbb", lw=0.6, ls="--", zorder=0)
    ax.axvline(0, color="#bbbbbb", lw=0.6, ls="--", zorder=0)
    ax.set_xlabel(xlabel, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=10)
    is_col = (points[kind_col] == "column").to_numpy()
    sizes = np.full(len(points), 30.0)
    if size_col and size_col in points:
        s = points[size_col].to_numpy(float)
        top = s[~is_col].max() if (~is_col).any() else 1.0
        sizes = np.where(is_col, 60.0, 15.0 + 185.0 * np.sqrt(s / max(top, 1e-9)))
    colours: Any = np.where(is_col, GROUP_COLOUR, WORD_COLOUR)
    if colour_col and colour_col in points:
        colours = np.where(is_col, GROUP_COLOUR, points[colour_col].to_numpy())
    ax.scatter(x[~is_col], y[~is_col], s=sizes[~is_col], c=list(colours[~is_col]), alpha=0.45,
               edgecolors="white", linewidths=0.5, zorder=2)  # fmt: skip
    if is_col.any():
        ax.scatter(x[is_col], y[is_col], s=sizes[is_col], c=GROUP_COLOUR, marker="s", zorder=3)
    styles = [
        {"fontsize": 11.5, "color": GROUP_COLOUR} if c else {"fontsize": 9, "color": "#222"} for c in is_col
    ]
    ax.figure.canvas.draw()
    radius = np.sqrt(sizes) / 2 * ax.figure.dpi / 72  # marker area is in points²
    return label_points(ax, x, y, points[label_col].astype(str).tolist(), styles=styles, point_radius=radius,
                        priority=np.where(is_col, 4.0, 1.0))  # fmt: skip


def equal_limits(ax: Any, x: np.ndarray, y: np.ndarray, *, pad: float = 0.1) -> None:
    """Limits around the points with one unit as long on both axes (a CA map or an MDS map is read by its
    distances: Greenacre's rule, and KH Coder's asp = 1); the shorter side of the data gets the spare room."""
    span_x = max(float(np.ptp(x)), 1e-9) if len(x) else 1.0
    span_y = max(float(np.ptp(y)), 1e-9) if len(y) else 1.0
    cx = (float(x.max()) + float(x.min())) / 2 if len(x) else 0.0
    cy = (float(y.max()) + float(y.min())) / 2 if len(y) else 0.0
    box = ax.get_position()
    fw, fh = ax.figure.get_size_inches()
    w_in, h_in = box.width * fw, box.height * fh
    per_inch = max(span_x * (1 + 2 * pad) / w_in, span_y * (1 + 2 * pad + 0.04) / h_in)
    ax.set_xlim(cx - per_inch * w_in / 2, cx + per_inch * w_in / 2)
    ax.set_ylim(cy - per_inch * h_in / 2 + 0.02 * span_y, cy + per_inch * h_in / 2 + 0.02 * span_y)


def map_height(x: np.ndarray, y: np.ndarray, *, width: float, low: float = 5.0, high: float = 11.0) -> float:
    """Height (inches) of a figure ``width`` wide whose plot keeps the data's aspect, within [low, high]."""
    span_x = max(float(np.ptp(x)), 1e-9) if len(x) else 1.0
    span_y = max(float(np.ptp(y)), 1e-9) if len(y) else 1.0
    return float(np.clip(width * span_y / span_x + 1.5, low, high))


def fonts_of(texts: list[Any]) -> set[str]:
    """Font files matplotlib uses for these texts (a test checks the Japanese font is found)."""
    from matplotlib import font_manager

    return {
        Path(font_manager.findfont(t.get_fontproperties(), fallback_to_default=False)).name for t in texts
    }


def draw_biplot(points: pd.DataFrame, inertia: pd.DataFrame, path: str | Path, *, title: str,
                subtitle: str = "", dims: tuple[int, int] = (1, 2)) -> dict[str, Any]:  # fmt: skip
    """Write the map PNG; returns ``{"fonts": …, "overlaps": n}`` (label pairs that still overlap)."""
    from .plots import save_png, setup_matplotlib
    from .repel import overlaps, text_boxes

    plt = setup_matplotlib()
    fig, ax = plt.subplots(
        figsize=(10, map_height(points["x"].to_numpy(float), points["y"].to_numpy(float), width=8.9))
    )
    pct = inertia.set_index("dim")["percent"]

    def axis(d: int) -> str:
        return f"成分{d} ({pct.get(d, 0.0):.1f}%)" if d in pct.index else f"成分{d}"

    height = fig.get_size_inches()[1]
    top = 1 - 1.0 / height  # room for the title and subtitle, in inches
    fig.subplots_adjust(left=0.08, right=0.97, bottom=0.7 / height, top=top)
    fig.suptitle(title, x=0.02, y=1 - 0.15 / height, ha="left", va="top", fontsize=13)
    if subtitle:
        fig.text(0.02, 1 - 0.55 / height, subtitle, ha="left", va="top", fontsize=9, color="#444")
    texts = scatter_map(ax, points, xlabel=axis(dims[0]), ylabel=axis(dims[1]))
    n_overlaps = overlaps(text_boxes(fig, texts))
    fonts = fonts_of(texts)
    save_png(fig, path)
    return {"fonts": fonts, "overlaps": n_overlaps}
