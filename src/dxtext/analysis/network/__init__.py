"""Co-occurrence networks: which words travel together, as a graph with coefficients, communities and centralities.

KH Coder's defaults, which Japanese social science reads as the standard view: binary co-occurrence per
document unit, the Jaccard coefficient, the top 60 edges among about 75 frequent words, modularity
communities and betweenness centrality.

Everything is computed from the sparse binary document-term matrix ``B``: co-occurrence counts are the
upper triangle of ``BᵀB``, coefficients are computed on those arrays at once (no loop over word pairs).
Ties are broken by a fixed order (count, then word frequency rank), graphs are built in rank order and
community detection runs on integer node labels, so the same input and ``seed`` always give the same graph,
communities and layout.

Coefficients for a pair (i, j) with ``a`` = documents containing both, ``df_i``/``df_j`` = documents
containing each, ``N`` = documents:

=========  =============================================
jaccard    a / (df_i + df_j − a)
dice       2a / (df_i + df_j)
simpson    a / min(df_i, df_j)
cosine     a / √(df_i · df_j)
npmi       log(a·N / (df_i·df_j)) / −log(a / N)   (1 when a = N)
=========  =============================================

``twomode_network`` links words to the values of an attribute (which words characterise each group) with
the same coefficients computed between a word's documents and a group's documents;
``group_networks`` builds one network per group.

The package, by seam: ``pairs`` (options, coefficients, candidate words, pairs, edge selection), ``graph``
(building the network: backbone, communities, centralities), ``layout``, ``tables`` (nodes, edges,
communities), ``groups`` (two-mode and per-group networks) and ``quotes`` (documents to quote). Files and
colours are presentation and live in :mod:`dxtext.render.graph_files` and :mod:`dxtext.render.colours`.
"""

from __future__ import annotations

from .graph import annotate, cooccurrence_network
from .groups import group_networks, group_values, twomode_network
from .layout import set_layout
from .pairs import (
    CENTRALITIES,
    COMMUNITY_METHODS,
    MEASURES,
    Centrality,
    CommunityMethod,
    Measure,
    check_options,
    coefficients,
    cooccurrence_pairs,
    select_words,
)
from .quotes import contexts
from .tables import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    TWOMODE_EDGE_COLUMNS,
    community_summary,
    edges_frame,
    nodes_frame,
)

__all__ = [
    "CENTRALITIES",
    "COMMUNITY_METHODS",
    "EDGE_COLUMNS",
    "MEASURES",
    "NODE_COLUMNS",
    "TWOMODE_EDGE_COLUMNS",
    "Centrality",
    "CommunityMethod",
    "Measure",
    "annotate",
    "check_options",
    "coefficients",
    "community_summary",
    "contexts",
    "cooccurrence_network",
    "cooccurrence_pairs",
    "edges_frame",
    "group_networks",
    "group_values",
    "nodes_frame",
    "select_words",
    "set_layout",
    "twomode_network",
]
