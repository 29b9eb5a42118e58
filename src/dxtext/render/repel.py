"""Labels that do not overlap: place the text of scatter points (CA biplots, MDS maps) next to their points.

:func:`repel` works in display pixels: each label starts just above its point; then, for a number of rounds,
labels whose boxes overlap are pushed apart along the axis where they overlap less, labels that cover another
point are pushed off it, every label is pulled back towards its home by a weak spring, and labels are kept
inside the axes. It is deterministic (no random jitter: ties are broken by the label's index).
:func:`label_points` draws the texts at those places, with a thin leader line when a label ended up away
from its point.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def repel(
    anchors: np.ndarray,
    sizes: np.ndarray,
    *,
    bounds: tuple[float, float, float, float],
    point_radius: float | np.ndarray = 4.0,
    pad: float = 2.0,
    iterations: int = 1000,
    priority: np.ndarray | None = None,
) -> np.ndarray:
    """Centres (n × 2, pixels) for labels of ``sizes`` (n × 2: width, height) attached to ``anchors``.

    ``point_radius``: one radius (pixels) or one per point. ``bounds`` = (x0, y0, x1, y1) of the drawing area. The result has no two boxes overlapping when there is
    room for them; where the area is too crowded the overlap is as small as the rounds could make it.
    ``priority`` (one weight per label, default 1): of two overlapping labels the one with the lower weight
    moves more, and a heavier label is pulled home more strongly — the groups of a CA map (weight 4) stay by
    their squares and the words make way.
    """
    anchors = np.asarray(anchors, dtype=float)
    n = len(anchors)
    if n == 0:
        return np.zeros((0, 2))
    w = np.asarray(sizes, dtype=float)[:, 0] + pad
    h = np.asarray(sizes, dtype=float)[:, 1] + pad
    rad = np.broadcast_to(np.asarray(point_radius, dtype=float), (n,))
    home = anchors + np.column_stack([np.zeros(n), h / 2 + rad])
    pos = home.copy()
    W = (w[:, None] + w[None, :]) / 2
    H = (h[:, None] + h[None, :]) / 2
    prio = np.ones(n) if priority is None else np.asarray(priority, dtype=float)
    share = prio[None, :] / (prio[:, None] + prio[None, :])  # i's part of the push between i and j
    idx = np.arange(n)
    tie = np.sign(np.subtract.outer(idx, idx)).astype(float)
    x0, y0, x1, y1 = bounds
    for step in range(iterations):
        dx = pos[:, None, 0] - pos[None, :, 0]
        dy = pos[:, None, 1] - pos[None, :, 1]
        ox, oy = W - np.abs(dx), H - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        # labels covering another label's point
        px = pos[:, None, 0] - anchors[None, :, 0]
        py = pos[:, None, 1] - anchors[None, :, 1]
        qx = w[:, None] / 2 + rad[None, :] - np.abs(px)
        qy = h[:, None] / 2 + rad[None, :] - np.abs(py)
        cover = (qx > 0) & (qy > 0)
        np.fill_diagonal(cover, False)
        final = step >= iterations - iterations // 4  # the last rounds: only labels apart, no spring
        if final:
            cover[:] = False
        if not hit.any() and (final or not cover.any()) and step > 0:
            break
        along_x = hit & (ox / W <= oy / H)
        along_y = hit & ~along_x
        sx = np.where(dx > 0, 1.0, np.where(dx < 0, -1.0, tie))
        sy = np.where(dy > 0, 1.0, np.where(dy < 0, -1.0, tie))
        move = np.zeros_like(pos)
        move[:, 0] += (share * along_x * ox * sx).sum(axis=1)
        move[:, 1] += (share * along_y * oy * sy).sum(axis=1)
        cx = cover & (qx / (w[:, None] / 2 + rad[None, :]) <= qy / (h[:, None] / 2 + rad[None, :]))
        cy = cover & ~cx
        tx = np.where(px > 0, 1.0, np.where(px < 0, -1.0, tie))
        ty = np.where(py > 0, 1.0, np.where(py < 0, -1.0, tie))
        move[:, 0] += 0.5 * (cx * qx * tx).sum(axis=1)
        move[:, 1] += 0.5 * (cy * qy * ty).sum(axis=1)
        spring = 0.0 if final else 0.02 if step < iterations // 2 else 0.005
        pos += move + np.minimum(spring * prio, 0.2)[:, None] * (home - pos)
        pos[:, 0] = np.clip(pos[:, 0], x0 + w / 2, x1 - w / 2)
        pos[:, 1] = np.clip(pos[:, 1], y0 + h / 2, y1 - h / 2)
    return pos


def overlaps(boxes: Sequence[tuple[float, float, float, float]]) -> int:
    """Number of pairs of boxes (x0, y0, x1, y1) that overlap (tests and the run's check use it)."""
    b = np.asarray(boxes, dtype=float)
    if len(b) < 2:
        return 0
    ox = np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0])
    oy = np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1])
    hit = (ox > 0.5) & (oy > 0.5)
    return int(np.triu(hit, 1).sum())


def label_points(
    ax: Any,
    x: Sequence[float],
    y: Sequence[float],
    labels: Sequence[str],
    *,
    styles: Sequence[dict[str, Any]] | None = None,
    point_radius: float | np.ndarray = 4.0,
    priority: np.ndarray | None = None,
) -> list[Any]:
    """Draw ``labels`` at non-overlapping places near the points (x, y) of ``ax`` (whose limits must be set);
    returns the matplotlib Text objects."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    styles = list(styles) if styles is not None else [{} for _ in labels]
    texts = [
        ax.text(xi, yi, str(lab), ha="center", va="center", zorder=5, **st)
        for xi, yi, lab, st in zip(x, y, labels, styles, strict=True)
    ]
    if not texts:
        return texts
    sizes = np.array(
        [[t.get_window_extent(renderer).width, t.get_window_extent(renderer).height] for t in texts]
    )
    anchors = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    box = ax.get_window_extent(renderer)
    centres = repel(anchors, sizes, bounds=(box.x0, box.y0, box.x1, box.y1), point_radius=point_radius,
                    priority=priority)  # fmt: skip
    inverse = ax.transData.inverted()
    data = inverse.transform(centres)
    rad = np.broadcast_to(np.asarray(point_radius, dtype=float), (len(texts),))
    for t, (cx, cy), (axp, ayp), (wp, hp), (px, py), r in zip(
        texts, data, anchors, sizes, centres, rad, strict=True
    ):
        t.set_position((cx, cy))
        # a leader line when the label was pushed clear of its point
        if abs(px - axp) > wp / 2 + r + hp or abs(py - ayp) > 1.5 * hp + r:
            ex, ey = inverse.transform((px, py - np.sign(py - ayp) * hp / 2))
            ax.plot([inverse.transform((axp, ayp))[0], ex], [inverse.transform((axp, ayp))[1], ey],
                    color="#999999", lw=0.5, zorder=1)  # fmt: skip
    return texts


def text_boxes(fig: Any, texts: Sequence[Any]) -> list[tuple[float, float, float, float]]:
    """Display boxes of drawn texts (for :func:`overlaps`)."""
    renderer = fig.canvas.get_renderer()
    out = []
    for t in texts:
        b = t.get_window_extent(renderer)
        out.append((b.x0, b.y0, b.x1, b.y1))
    return out
