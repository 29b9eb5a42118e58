"""Terminal tables that line up with Japanese text: full-width characters take two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (East Asian Wide/Fullwidth = 2, combining marks = 0)."""
    w = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def fit(text: str, columns: int, *, align: str = "left", ellipsis: str = "…") -> str:
    """``text`` cut and padded to exactly ``columns`` terminal columns.

    ``align="right"`` pads on the left and, when cutting, keeps the END of the text (left contexts of a
    concordance end at the keyword).
    """
    if columns <= 0:
        return ""
    if width(text) > columns:
        room = columns - width(ellipsis)
        if align == "right":
            kept: list[str] = []
            used = 0
            for ch in reversed(text):
                cw = width(ch)
                if used + cw > room:
                    break
                kept.append(ch)
                used += cw
            text = ellipsis + "".join(reversed(kept))
        else:
            out: list[str] = []
            used = 0
            for ch in text:
                cw = width(ch)
                if used + cw > room:
                    break
                out.append(ch)
                used += cw
            text = "".join(out) + ellipsis
    pad = " " * (columns - width(text))
    return pad + text if align == "right" else text + pad


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int) or hasattr(value, "dtype"):
        try:
            return f"{int(value):,}" if float(value).is_integer() else f"{float(value):,.2f}"
        except (TypeError, ValueError):
            return str(value)
    return " ".join(str(value).split())


def render_table(
    frame: pd.DataFrame,
    *,
    max_widths: dict[str, int] | None = None,
    right: Sequence[str] | None = None,
    gap: int = 2,
) -> str:
    """A plain-text table: header, a rule, one line per row; numbers right-aligned, text left-aligned.

    ``max_widths`` caps a column (cells are cut with …); ``right`` names columns aligned right (default:
    the numeric columns). Both use the stable column names; the header shows them in the interface language.
    """
    import pandas as pd

    from ..i18n import column

    max_widths = max_widths or {}
    cols = [str(c) for c in frame.columns]
    if right is None:
        right = [str(c) for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    cells = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    widths = []
    for j, c in enumerate(cols):
        w = max([width(c), *(width(r[j]) for r in cells)])
        widths.append(min(w, max_widths.get(c, w)))
    sep = " " * gap
    shown = [column(c) for c in cols]
    widths = [
        max(w, width(h)) if c not in max_widths else w for w, h, c in zip(widths, shown, cols, strict=True)
    ]
    lines = [
        sep.join(
            fit(h, widths[j], align="right" if c in right else "left")
            for j, (c, h) in enumerate(zip(cols, shown, strict=True))
        ).rstrip(),
        sep.join("-" * w for w in widths),
    ]
    for r in cells:
        lines.append(
            sep.join(
                fit(v, widths[j], align="right" if cols[j] in right else "left") for j, v in enumerate(r)
            ).rstrip()
        )
    return "\n".join(lines)
