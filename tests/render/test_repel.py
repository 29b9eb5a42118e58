"""Labels of crowded maps do not overlap, and they are drawn in the Japanese font."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxtext.render.repel import overlaps, repel


def test_repel_separates_a_crowded_cluster() -> None:
    rng = np.random.default_rng(0)
    anchors = rng.normal(200, 15, size=(40, 2))
    sizes = np.tile([60.0, 14.0], (40, 1))
    before = [(x - 30, y - 7, x + 30, y + 7) for x, y in anchors]
    assert overlaps(before) > 10
    pos = repel(anchors, sizes, bounds=(0, 0, 800, 600))
    after = [(x - 30, y - 7, x + 30, y + 7) for x, y in pos]
    assert overlaps(after) == 0
    assert np.array_equal(pos, repel(anchors, sizes, bounds=(0, 0, 800, 600)))  # deterministic


def test_biplot_labels_do_not_overlap_and_use_ipaexgothic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dxtext.render.ca_png import draw_biplot

    rng = np.random.default_rng(1)
    words = [f"自治体語{i}" for i in range(50)]
    pts = pd.DataFrame({"label": [*words, "20代", "30代", "40代"],
                        "kind": ["row"] * 50 + ["column"] * 3,
                        "x": np.r_[rng.normal(0, 0.2, 50), -0.3, 0.0, 0.3],
                        "y": np.r_[rng.normal(0, 0.2, 50), 0.1, -0.1, 0.1],
                        "size": np.r_[rng.integers(1, 50, 50), 100, 100, 100]})  # fmt: skip
    inertia = pd.DataFrame({"dim": [1, 2], "percent": [60.0, 40.0]})
    drawn = draw_biplot(pts, inertia, tmp_path / "map.png", title="対応分析")
    assert drawn["overlaps"] == 0
    assert drawn["fonts"] == {"ipaexg.ttf"}
    assert (tmp_path / "map.png").stat().st_size > 10_000


def test_a_heavier_label_stays_home_and_the_lighter_one_makes_way() -> None:
    anchors = np.array([[100.0, 100.0], [104.0, 100.0]])
    sizes = np.array([[40.0, 12.0], [40.0, 12.0]])
    pos = repel(anchors, sizes, bounds=(0, 0, 400, 400), point_radius=3.0, priority=np.array([4.0, 1.0]))
    home = anchors + np.array([0.0, 6 + 1 + 3])
    assert np.linalg.norm(pos[0] - home[0]) < np.linalg.norm(pos[1] - home[1])


def test_maps_have_one_scale_on_both_axes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A CA or MDS map is read by its distances: one unit is as long across as up (KH Coder's asp = 1)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dxtext.render.ca_png import equal_limits

    fig, ax = plt.subplots(figsize=(10, 6))
    x, y = np.array([-1.0, 3.0, 0.5]), np.array([0.0, 0.4, 5.0])
    equal_limits(ax, x, y)
    fig.canvas.draw()
    (x0, y0), (x1, y1) = ax.transData.transform([(0, 0), (1, 1)])
    assert abs((x1 - x0) - (y1 - y0)) < 0.5
    lo_x, hi_x = ax.get_xlim()
    lo_y, hi_y = ax.get_ylim()
    assert lo_x < x.min() and hi_x > x.max() and lo_y < y.min() and hi_y > y.max()
    plt.close(fig)
