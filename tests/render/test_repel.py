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
