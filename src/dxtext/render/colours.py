"""Community colours of network pictures and pages (PNG, HTML, GEXF)."""

from __future__ import annotations

from collections.abc import Sequence

# Colour-blind-friendly qualitative palette (Okabe–Ito first, then Tableau-like); beyond it: grey.
PALETTE: tuple[str, ...] = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#8c6d31",
    "#6b6ecf",
    "#b5cf6b",
    "#e7969c",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
OTHER_COLOUR = "#bdbdbd"


def community_colour(community: int, palette: Sequence[str] = PALETTE) -> str:
    if 1 <= community <= len(palette):
        return palette[community - 1]
    return OTHER_COLOUR
