"""Network files for other programs: GraphML (Gephi, Cytoscape, yEd) and GEXF (Gephi, with positions, sizes and
community colours). Graph attributes that are None are written as "", other values these formats cannot hold are
left out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .colours import PALETTE, community_colour
from .tables import write_text

if TYPE_CHECKING:
    import networkx as nx


def write_graphml(G: nx.Graph, path: Any) -> None:
    """GraphML (Gephi, Cytoscape, yEd); attributes as typed keys."""
    import networkx as nx

    write_text("\n".join(nx.generate_graphml(_clean_for_files(G), prettyprint=True)) + "\n", path)


def write_gexf(G: nx.Graph, path: Any, *, palette: Sequence[str] | None = None) -> None:
    """GEXF for Gephi, with positions, sizes and community colours as viz attributes."""
    import networkx as nx

    H = _clean_for_files(G)
    palette = list(palette or PALETTE)
    fmax = max((d.get("frequency", 1) or 1 for _, d in H.nodes(data=True)), default=1)
    for _, d in H.nodes(data=True):
        hexcol = community_colour(int(d.get("community", 0)), palette)
        r, g, b = (int(hexcol[k : k + 2], 16) for k in (1, 3, 5))
        viz: dict[str, Any] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
        viz["size"] = round(5 + 25 * float(np.sqrt((d.get("frequency", 1) or 1) / fmax)), 3)
        if "x" in d:
            viz["position"] = {"x": round(d["x"] * 1000, 2), "y": round(d["y"] * 1000, 2), "z": 0.0}
        d["viz"] = viz
    text = "\n".join(nx.generate_gexf(H, prettyprint=True)) + "\n"
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # no date: same input, same bytes
    write_text(text, path)


def _clean_for_files(G: nx.Graph) -> nx.Graph:
    H = G.copy()
    H.graph = {
        k: ("" if v is None else v)
        for k, v in G.graph.items()
        if isinstance(v, (str, int, float, bool)) or v is None
    }
    for _, d in H.nodes(data=True):
        for k in [k for k, v in d.items() if not isinstance(v, (str, int, float, bool))]:
            del d[k]
    for _, _, d in H.edges(data=True):
        for k in [k for k, v in d.items() if not isinstance(v, (str, int, float, bool))]:
            del d[k]
    return H
