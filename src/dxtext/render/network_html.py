"""network.html: a self-contained, offline graph browser for co-occurrence networks.

Everything is in one file: the graphs (seeded positions computed in Python), the documents to quote, and a
small canvas viewer written for dxtext (no third-party JavaScript; its script and stylesheet are
render/assets/network.js and network.css, package data). Zoom (wheel, buttons) and drag (a word or
the background), search a word, filter by community, a slider for the edge threshold, and a click on a word
or an edge lists the documents where it occurs (KWIC windows, with their attributes). Several graphs
(overall, two-mode, per group) share one page and a selector.

Safety: data is embedded as inert JSON (``report.html.json_for_script``), the page's CSP forbids any request,
and the script builds the DOM with ``textContent`` only — a corpus answer containing ``<script>`` or
``<img onerror>`` is shown as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.network import community_summary
from .colours import OTHER_COLOUR, PALETTE
from .html import asset, esc, page

if TYPE_CHECKING:
    import networkx as nx

    from ..text.tokenize import Tokenizer

NODE_FIELDS = ("frequency", "df", "community", "betweenness", "degree_centrality", "eigenvector", "degree")


@dataclass
class GraphView:
    """One graph of the page with the documents to quote (row numbers of the document table)."""

    key: str
    title: str
    G: nx.Graph
    node_docs: dict[Any, tuple[list[int], int]]
    edge_docs: dict[tuple[Any, Any], tuple[list[int], int]]
    subtitle: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def network_page(
    views: Sequence[GraphView],
    docs: pd.DataFrame,
    *,
    attrs: Sequence[str] = (),
    tokenizer: Tokenizer | None = None,
    mask: bool = True,
    title: str = "共起ネットワーク",
    about_html: str = "",
    limit: int = 30,
) -> str:
    """The whole HTML page. ``docs`` has a row per document row number used in the views (columns doc_id,
    text and the ``attrs`` to show); texts are masked with :func:`dxtext.text.privacy.mask_pii` unless ``mask`` is
    False, and the words of the graphs are located in them with the tokenizer (for highlighting)."""
    rows = sorted(
        {r for v in views for lst, _ in v.node_docs.values() for r in lst}
        | {r for v in views for lst, _ in v.edge_docs.values() for r in lst}
    )
    position = {r: k for k, r in enumerate(rows)}
    words = {
        str(d.get("label", n)) for v in views for n, d in v.G.nodes(data=True) if d.get("kind") != "group"
    }
    payload = {
        "title": title,
        "palette": list(PALETTE),
        "other": OTHER_COLOUR,
        "masked": bool(mask),
        "limit": limit,
        "graphs": [_graph(v, position) for v in views],
        "docs": [_doc(docs.iloc[r], attrs, words, tokenizer, mask) for r in rows],
    }
    body = BODY.replace("@@TITLE@@", esc(title)).replace("@@ABOUT@@", about_html)
    return page(title, body, css=CSS, script=SCRIPT, data=payload)


def _graph(v: GraphView, position: dict[int, int]) -> dict[str, Any]:
    G = v.G
    names = list(G.nodes)
    index = {n: k for k, n in enumerate(names)}
    nodes = []
    for n in names:
        d = G.nodes[n]
        lst, total = v.node_docs.get(n, ([], 0))
        item = {
            "id": str(n),
            "label": str(d.get("label", n)),
            "kind": d.get("kind", "word"),
            "x": float(d.get("x", 0.5)),
            "y": float(d.get("y", 0.5)),
            "group": str(d.get("group", "")),
            "docs": [position[r] for r in lst],
            "ndocs": int(total),
        }
        for f in NODE_FIELDS:
            item[f] = d.get(f, 0)
        nodes.append(item)
    edges = []
    for u, w, d in G.edges(data=True):
        lst, total = v.edge_docs.get((u, w), v.edge_docs.get((w, u), ([], 0)))
        edges.append(
            {
                "s": index[u],
                "t": index[w],
                "count": int(d.get("count", 0)),
                "coef": float(d.get("coefficient", 0.0)),
                "lift": d.get("lift"),
                "share": d.get("share"),
                "backbone": bool(d.get("backbone", False)),
                "docs": [position[r] for r in lst],
                "ndocs": int(total),
            }
        )
    comms = [
        {"id": int(r.community), "size": int(r.size), "words": r.words}
        for r in community_summary(G, top=5).itertuples(index=False)
    ]
    if G.graph.get("kind") == "twomode":
        labels = {
            int(d["community"]): str(d.get("label", n))
            for n, d in G.nodes(data=True)
            if d.get("kind") == "group"
        }
        for c in comms:
            c["group"] = labels.get(c["id"], "")
        known = {c["id"] for c in comms}
        comms += [
            {"id": k, "size": 0, "words": "", "group": g} for k, g in sorted(labels.items()) if k not in known
        ]
        comms.sort(key=lambda c: c["id"])
    return {
        "key": v.key,
        "title": v.title,
        "subtitle": v.subtitle,
        "kind": G.graph.get("kind", "cooccurrence"),
        "measure": G.graph.get("measure", ""),
        "unit": float(G.graph.get("layout_unit", 0.1) or 0.1),
        "nodes": nodes,
        "edges": edges,
        "communities": comms,
        **v.extra,
    }


def _doc(
    row: pd.Series, attrs: Sequence[str], words: set[str], tokenizer: Tokenizer | None, mask: bool
) -> dict[str, Any]:
    from ..text.privacy import mask_pii

    text = str(row["text"])
    tokens = None
    if mask:
        text = mask_pii(text)  # e-mails, phone and 12-digit numbers
        if tokenizer is not None:
            tokens = tokenizer.analyze(text)
            if any(
                t.word_class == "人名" for t in tokens
            ):  # names: mask, then locate words in the masked text
                text = mask_pii(text, tokenizer)
                tokens = None
    spans: list[list[Any]] = []
    if tokenizer is not None:
        tokens = tokens if tokens is not None else tokenizer.analyze(text)
        spans = [[t.start, t.end, t.lemma] for t in tokens if t.kept and t.lemma in words]
    shown = []
    for a in attrs:
        v = row.get(a, "")
        if v is None or (isinstance(v, float) and v != v) or str(v) == "":
            continue
        shown.append([a, str(v)])
    return {"id": str(row["doc_id"]), "text": text, "attrs": shown, "spans": spans}


BODY = """<header><h1>@@TITLE@@</h1></header>
<div id="app">
<div id="toolbar" role="toolbar">
  <label id="graph-pick" hidden>表示するネットワーク <select id="graph-select"></select></label>
  <span class="tool"><input id="search" type="search" placeholder="語を検索（Enterで選択）" autocomplete="off" aria-label="語を検索">
    <span id="search-count" class="muted" data-matches="0"></span></span>
  <span class="tool"><label for="threshold">係数 ≥ <output id="threshold-value">0</output></label>
    <input id="threshold" type="range" min="0" max="1" step="0.001" value="0"></span>
  <span class="tool"><button id="zoom-in" type="button" title="拡大">＋</button><button id="zoom-out" type="button" title="縮小">－</button>
    <button id="fit" type="button">全体表示</button><button id="reset" type="button">配置を戻す</button></span>
</div>
<div id="search-results"></div>
<div id="legend-box"><span class="muted">コミュニティ（チェックを外すと隠す）</span>
  <button id="legend-all" type="button">すべて表示</button><button id="legend-none" type="button">すべて隠す</button>
  <div id="legend"></div></div>
<div id="main">
  <div id="stage"><canvas id="net" data-nodes-drawn="0" data-edges-drawn="0" aria-label="共起ネットワーク"></canvas>
    <p id="subtitle" class="muted"></p></div>
  <aside id="panel">
    <h2 id="sel-title">語または線をクリック</h2>
    <div id="sel-info" class="muted">語をクリックするとその語を含む文書（回答）を、線をクリックすると両方の語を含む文書を表示します。
      ドラッグで語を動かし、背景のドラッグで移動、ホイールで拡大縮小します。</div>
    <div id="contexts"></div>
  </aside>
</div>
</div>
<noscript><p>このページの表示には JavaScript が必要です（外部への通信は一切行いません）。</p></noscript>
<main>@@ABOUT@@</main>"""

# Our own stylesheet and viewer script, shipped as package data (src/dxtext/render/assets/). The leading newline
# keeps the page as it was when they were Python strings.
CSS = "\n" + asset("network.css")
SCRIPT = "\n" + asset("network.js")
