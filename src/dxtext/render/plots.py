"""PNG plots with readable Japanese.

matplotlib's default fonts have no Japanese glyphs (they come out as empty boxes, "tofu"). dxtext uses
IPAexGothic, the font that the installed japanize-matplotlib package ships, registered by file path (the
package's own import hook relies on distutils, so it is not imported).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..i18n import _

FONT_NAME = "IPAexGothic"


@lru_cache(maxsize=1)
def font_path() -> Path:
    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(_("japanize-matplotlib is not installed; pip install japanize-matplotlib"))
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise RuntimeError(
            _("{path}: the IPAexGothic font is missing; reinstall japanize-matplotlib").format(path=path)
        )
    return path


def setup_matplotlib() -> Any:
    """Headless backend and the Japanese font; returns pyplot."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    path = font_path()
    if FONT_NAME not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams["font.family"] = FONT_NAME
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.hashsalt"] = "dxtext"
    import matplotlib.pyplot as plt

    return plt


def preload() -> None:
    """Import matplotlib's figure and Agg modules without choosing a backend or changing a setting: a process
    that forks its drawing children after this spares each of them about half a second of imports."""
    import matplotlib.backends.backend_agg
    import matplotlib.colorbar
    import matplotlib.font_manager
    import matplotlib.pyplot  # noqa: F401


def font_used_for(text: str) -> str:
    """Name of the font file matplotlib picks for ``text`` with the current settings (tests use it)."""
    from matplotlib import font_manager

    setup_matplotlib()
    prop = font_manager.FontProperties(family=FONT_NAME)
    return Path(font_manager.findfont(prop, fallback_to_default=False)).name


def save_png(fig: Any, path: str | Path, *, dpi: int = 150, pad_inches: float = 0.1) -> Path:
    """Save deterministically (no timestamp metadata), cropped to what is drawn plus ``pad_inches``.

    The figure is drawn once: ``savefig(bbox_inches="tight")`` draws it twice (once to measure, once to save),
    which was half the time of a crosstab heatmap. Here the one drawing is measured and its pixels cropped;
    only when something is drawn outside the figure (the tight box leaves the canvas) does this fall back to
    ``savefig(bbox_inches="tight")``, which enlarges the canvas."""
    import matplotlib.pyplot as plt
    import numpy as np

    p = Path(path)
    fig.set_dpi(dpi)
    canvas = fig.canvas
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer()).padded(pad_inches)
    width, height = fig.get_size_inches()
    if box.x0 < 0 or box.y0 < 0 or box.x1 > width or box.y1 > height:
        fig.savefig(p, dpi=dpi, bbox_inches="tight", pad_inches=pad_inches, metadata={"Software": None})
    else:
        from matplotlib.image import imsave

        pixels = np.asarray(canvas.buffer_rgba())
        rows = pixels.shape[0]
        x0, x1 = int(np.floor(box.x0 * dpi)), int(np.ceil(box.x1 * dpi))
        top, bottom = rows - int(np.ceil(box.y1 * dpi)), rows - int(np.floor(box.y0 * dpi))
        crop = np.ascontiguousarray(pixels[max(0, top) : bottom, max(0, x0) : x1])
        imsave(p, crop, dpi=dpi, format="png", metadata={"Software": None})
    plt.close(fig)
    return p
