"""topics.html: a self-contained, offline topic browser.

One file: the topics with their words, the representative answers, prevalence by group and the evidence for
K. A small script written for dxtext (no third-party JavaScript) lists the topics, and for the chosen topic
ranks its words by relevance ``λ·log φ + (1-λ)·log(φ/p)`` with a λ slider (Sievert & Shirley 2014) and shows
its representative answers. Without JavaScript the page still shows every table.

Safety: data is embedded as inert JSON (``report.html.json_for_script``), the page's CSP forbids any request,
server-rendered text goes through ``esc`` and the script builds the DOM with ``textContent`` only — an
answer containing ``<script>`` is shown as text. The inline SVG chart has no external namespace URL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..analysis.topics.ordering import BETA, CANDIDATES, TOGETHER
from .html import esc, page

CSS = """
.layout{display:grid;grid-template-columns:minmax(200px,300px) 1fr;gap:1.2em;align-items:start}
#topic-list button{display:block;width:100%;text-align:left;border:1px solid #ccd;background:#fff;margin:0 0 .3em;
 padding:.35em .5em;cursor:pointer;font:inherit;font-size:.9em;border-radius:3px}
#topic-list button.on{background:#1f4e79;color:#fff;border-color:#1f4e79}
#topic-list .pct{float:right;font-variant-numeric:tabular-nums;opacity:.8}
.words td.bar{width:45%}
.bar span{display:block;height:.8em;background:#8aa9c8}
.bar span.all{background:#ddd;height:.35em;margin-top:.1em}
.controls{margin:.4em 0 .8em}
.controls input{vertical-align:middle;width:14em}
.heat td.num{min-width:3.2em}
.heat td.sel,.heat th.sel{outline:2px solid #c0504d;outline-offset:-2px}
.reason{background:#fff8e1;border-left:4px solid #e0b000;padding:.4em .8em}
svg text{font-size:11px}
@media (max-width:800px){.layout{grid-template-columns:1fr}}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("data").textContent);
  var current = D.topics.length ? D.topics[0].topic : null;
  var lambda = D.lambda;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function pct(x) { return (100 * x).toFixed(1) + "%"; }

  function ranked(t) {
    var words = D.words[String(t)] || [];
    var out = words.map(function (w) {
      var phi = w[1], p = w[2];
      var rel = phi > 0 ? lambda * Math.log(phi) + (1 - lambda) * Math.log(phi / p) : -Infinity;
      return {word: w[0], phi: phi, p: p, rel: rel};
    }).filter(function (w) { return w.phi > 0; });
    out.sort(function (a, b) {
      if (b.rel !== a.rel) { return b.rel - a.rel; }
      return a.word < b.word ? -1 : (a.word > b.word ? 1 : 0);
    });
    return coherent(t, out).slice(0, D.shown);
  }

  // the order of the words as in topics.csv: among the most relevant candidates, each next word is the one
  // with the highest relevance - relevance(first) + beta x mean NPMI' with the words already chosen
  // (a pair not in D.pairs never co-occurs: -1); among the first D.order.together words, a candidate with
  // NPMI' <= 0 against a chosen word is taken only when no candidate has NPMI' > 0 with all of them;
  // see dxtext.analysis.topics.ordering
  function coherent(t, out) {
    var pairs = D.pairs[String(t)];
    if (!pairs || out.length < 3) { return out; }
    var cand = out.slice(0, D.order.candidates), rest = out.slice(D.order.candidates);
    function npmi(a, b) {
      var v = pairs[a + "\t" + b];
      if (v === undefined) { v = pairs[b + "\t" + a]; }
      return v === undefined ? -1 : v;
    }
    var chosen = [cand[0]], left = cand.slice(1);
    while (left.length) {
      var best = -1, bestScore = -Infinity, bestOk = false;
      var strict = chosen.length < D.order.together;
      for (var i = 0; i < left.length; i++) {
        var sum = 0, ok = true;
        for (var j = 0; j < chosen.length; j++) {
          var v = npmi(left[i].word, chosen[j].word);
          sum += v;
          if (!(v > 0)) { ok = false; }
        }
        var score = left[i].rel - cand[0].rel + D.order.beta * sum / chosen.length;
        ok = ok && strict;
        if (best < 0 || (ok && !bestOk) || (ok === bestOk && score > bestScore)) {
          best = i; bestScore = score; bestOk = ok;
        }
      }
      chosen.push(left[best]);
      left.splice(best, 1);
    }
    return chosen.concat(rest);
  }

  function renderList() {
    var list = document.getElementById("topic-list");
    clear(list);
    D.topics.forEach(function (t) {
      var b = el("button", t.topic === current ? "on" : "");
      b.type = "button";
      b.appendChild(el("span", "pct", pct(t.share)));
      b.appendChild(el("strong", "", "T" + t.topic + " "));
      b.appendChild(document.createTextNode(t.label));
      b.addEventListener("click", function () { current = t.topic; render(); });
      list.appendChild(b);
    });
  }

  function renderTopic() {
    var box = document.getElementById("topic-detail");
    clear(box);
    var t = null;
    D.topics.forEach(function (x) { if (x.topic === current) { t = x; } });
    if (!t) { return; }
    box.appendChild(el("h3", "", "T" + t.topic + ": " + t.label));
    box.appendChild(el("p", "muted", "文書の比重 " + pct(t.share) + " ・ 主トピックの文書 " +
      t.docs.toLocaleString() + " 件 ・ 一貫性 (NPMI) " + t.coherence.toFixed(3) +
      (t.theme ? " ・ 辞書のテーマ: " + t.theme : "")));
    var words = ranked(t.topic);
    var maxPhi = 0;
    words.forEach(function (w) { if (w.phi > maxPhi) { maxPhi = w.phi; } });
    var table = el("table", "words");
    var head = el("tr");
    ["順位", "語", "トピック内の重み φ (灰: 全体の頻度)", "関連度"].forEach(function (h) { head.appendChild(el("th", "", h)); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    words.forEach(function (w, i) {
      var tr = el("tr");
      tr.appendChild(el("td", "num", i + 1));
      tr.appendChild(el("td", "", w.word));
      var bar = el("td", "bar");
      var s1 = el("span"); s1.style.width = (maxPhi > 0 ? 100 * w.phi / maxPhi : 0).toFixed(1) + "%";
      var s2 = el("span", "all"); s2.style.width = Math.min(100, maxPhi > 0 ? 100 * w.p / maxPhi : 0).toFixed(1) + "%";
      bar.appendChild(s1); bar.appendChild(s2);
      tr.appendChild(bar);
      tr.appendChild(el("td", "num", isFinite(w.rel) ? w.rel.toFixed(3) : ""));
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    var reps = D.reps[String(t.topic)] || [];
    box.appendChild(el("h4", "", "代表的な回答 (比重の高い順" + (D.masked ? "、個人情報はマスク済み" : "") + ")"));
    if (!reps.length) { box.appendChild(el("p", "muted", "このトピックが主トピックの文書はありません。")); }
    reps.forEach(function (r) {
      var q = el("div", "quote", r.text);
      var m = el("div", "muted", r.doc_id + " ・ 比重 " + pct(r.share));
      box.appendChild(m); box.appendChild(q);
    });
  }

  function highlight() {
    var cells = document.querySelectorAll("[data-topic]");
    for (var i = 0; i < cells.length; i++) {
      var on = cells[i].getAttribute("data-topic") === String(current);
      cells[i].classList.toggle("sel", on);
    }
  }

  function render() { renderList(); renderTopic(); highlight(); }

  var slider = document.getElementById("lambda");
  var shown = document.getElementById("lambda-value");
  slider.addEventListener("input", function () {
    lambda = parseFloat(slider.value);
    shown.textContent = lambda.toFixed(2);
    renderTopic();
  });
  document.getElementById("browser").hidden = false;
  render();
})();
"""


def topics_page(
    *,
    title: str,
    topics: pd.DataFrame,
    words: pd.DataFrame,
    representative: pd.DataFrame,
    overview: Mapping[int, Sequence[str]],
    info: Sequence[tuple[str, Any]],
    k_reason: str = "",
    k_selection: pd.DataFrame | None = None,
    prevalence: pd.DataFrame | None = None,
    by: str | None = None,
    lambda_: float = 0.6,
    masked: bool = True,
    shown: int = 20,
    pairs: pd.DataFrame | None = None,
) -> str:
    """The whole HTML page.

    ``topics``: topic, label, theme, share, coherence, docs. ``words``: topic, word, weight (φ), term_prob
    (p(w)) — the candidate words of each topic. ``representative``: topic, rank, doc_id, share, text (already
    masked). ``overview``: topic → top words at λ (for the static table). ``info``: (name, value) rows about
    the corpus and the run. ``prevalence``: the table of :func:`dxtext.analysis.topics.prevalence`.
    ``pairs``: :meth:`TopicModel.pair_table` — the slider orders the words as ``topics.csv`` does (relevance
    adjusted towards words that occur together); without it, by relevance alone."""
    data: dict[str, Any] = {
        "lambda": lambda_,
        "shown": shown,
        "masked": masked,
        "topics": [
            {
                "topic": int(r.topic),
                "label": str(r.label),
                "theme": str(r.theme or ""),
                "share": round(float(r.share), 5),
                "coherence": round(float(r.coherence), 4),
                "docs": int(r.docs),
            }
            for r in topics.itertuples(index=False)
        ],
        "words": {},
        "reps": {},
        "pairs": {},
        "order": {"candidates": CANDIDATES, "beta": BETA, "together": TOGETHER},
    }
    for t, sub in words.groupby("topic", sort=True):
        data["words"][str(int(t))] = [
            [str(w), float(f"{phi:.6g}"), float(f"{p:.6g}")]
            for w, phi, p in sub[["word", "weight", "term_prob"]].itertuples(index=False, name=None)
        ]
    if pairs is not None:
        for t, sub in pairs.groupby("topic", sort=True):
            data["pairs"][str(int(t))] = {
                "\t".join(sorted((str(a), str(b)))): float(v)
                for a, b, v in sub[["word_a", "word_b", "npmi"]].itertuples(index=False, name=None)
            }
    for t, sub in representative.groupby("topic", sort=True):
        data["reps"][str(int(t))] = [
            {"doc_id": str(d), "share": round(float(s), 4), "text": str(x)}
            for d, s, x in sub[["doc_id", "share", "text"]].itertuples(index=False, name=None)
        ]

    parts = [f"<header><h1>{esc(title)}</h1></header>", "<main>"]
    parts.append('<section id="about"><h2>このページについて</h2>')
    parts.append(
        "<table>" + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in info) + "</table>"
    )
    if k_selection is not None and len(k_selection):
        parts.append(f'<p class="reason">{esc(reason_ja(k_selection))}</p>')
    elif k_reason:
        parts.append(f'<p class="reason">{esc(k_reason)}</p>')
    parts.append("</section>")

    parts.append('<section id="browser" hidden><h2>トピックを見る</h2><div class="layout">')
    parts.append('<nav id="topic-list" aria-label="トピック"></nav><div>')
    parts.append(
        '<div class="controls"><label for="lambda">語の並べ方 λ = <span id="lambda-value">'
        f"{lambda_:.2f}</span></label> "
        f'<input id="lambda" type="range" min="0" max="1" step="0.05" value="{lambda_:.2f}"> '
        '<span class="muted">1: トピック内でよく出る語 ・ 0: このトピックに特有の語</span></div>'
    )
    parts.append('<div id="topic-detail"></div></div></div></section>')

    parts.append('<section id="overview"><h2>トピック一覧</h2>')
    rows = []
    for r in topics.itertuples(index=False):
        t = int(r.topic)
        rows.append(
            f'<tr><td class="num" data-topic="{t}">T{t}</td><td>{esc(r.label)}</td>'
            f'<td class="num">{100 * float(r.share):.1f}%</td><td class="num">{int(r.docs):,}</td>'
            f'<td class="num">{float(r.coherence):.3f}</td><td>{esc("、".join(overview.get(t, [])))}</td></tr>'
        )
    parts.append(
        "<table><thead><tr><th>トピック</th><th>ラベル (提案)</th><th>比重</th><th>主トピックの文書</th>"
        f"<th>一貫性 NPMI</th><th>上位語 (λ = {lambda_:.1f})</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )

    if prevalence is not None and by:
        parts.append(_prevalence_html(prevalence, by, topics))

    if k_selection is not None and len(k_selection):
        parts.append('<section id="k-selection"><h2>トピック数 K の選び方</h2>')
        parts.append(
            "<p>各 K について、上位10語の一貫性 (文書内での共起による平均NPMI) と、文書の80%の無作為標本で"
            "作り直したときの安定性 (上位10語の一致度 Jaccard、トピックを1対1に対応させた平均) を測りました。</p>"
        )
        parts.append(_k_svg(k_selection))
        parts.append(_k_table(k_selection))
        parts.append("</section>")

    parts.append("</main>")
    return page(title, "\n".join(parts), css=CSS, script=SCRIPT, data=data)


def reason_ja(table: pd.DataFrame, tolerance: float = 0.10) -> str:
    """Why K was chosen, in Japanese, from the K-selection table."""
    t = table.sort_values("k")
    chosen = t[t["chosen"]].iloc[0]
    best = t.loc[t["stability"].idxmax()]
    ks = "、".join(str(int(k)) for k in t["k"])
    return (
        f"K = {int(chosen['k'])} を選びました。K = {ks} を試し、安定性 (再標本で同じ上位語が出る度合い) が最高値 "
        f"{float(best['stability']):.3f} (K = {int(best['k'])}) から {tolerance:.2f} 以内の K のうち、一貫性 "
        f"(上位語の平均NPMI) が最も高いのが K = {int(chosen['k'])} (NPMI {float(chosen['coherence']):.3f}、"
        f"安定性 {float(chosen['stability']):.3f}) でした。"
    )


def _prevalence_html(prev: pd.DataFrame, by: str, topics: pd.DataFrame) -> str:
    groups = list(dict.fromkeys(prev[by].tolist()))
    ids = [int(t) for t in topics["topic"]]
    top = float(prev["mean_share"].max()) if len(prev) else 0.0
    cells: dict[tuple[str, int], tuple[float, int]] = {}
    sizes: dict[str, int] = {}
    for g, t, v, k, n in prev[[by, "topic", "mean_share", "main_topic_docs", "documents"]].itertuples(
        index=False, name=None
    ):
        cells[(str(g), int(t))] = (float(v), int(k))
        sizes[str(g)] = int(n)
    head = "".join(f'<th data-topic="{t}">T{t}</th>' for t in ids)
    rows = []
    for g in groups:
        g = str(g)
        tds = []
        for t in ids:
            v, k = cells.get((g, t), (0.0, 0))
            alpha = 0.0 if top <= 0 else min(1.0, v / top)
            colour = "#fff" if alpha > 0.6 else "#222"
            tds.append(
                f'<td class="num" data-topic="{t}" title="{k:,} 件が主トピック" '
                f'style="background:rgba(31,78,121,{alpha:.3f});color:{colour}">{v:.1f}</td>'
            )
        rows.append(f'<tr><th>{esc(g)}</th><td class="num">{sizes.get(g, 0):,}</td>{"".join(tds)}</tr>')
    legend = "".join(f"<li>T{int(r.topic)}: {esc(r.label)}</li>" for r in topics.itertuples(index=False))
    return (
        f'<section id="prevalence"><h2>{esc(by)}別のトピック構成</h2>'
        "<p>各グループの文書のトピック比重の平均 (%)。色が濃いほど、そのグループでよく書かれている話題です。"
        "セルにカーソルを置くと、そのトピックが主トピックの文書数が出ます。</p>"
        f'<table class="heat"><thead><tr><th>{esc(by)}</th><th>文書数</th>{head}</tr></thead><tbody>'
        + "".join(rows)
        + f'</tbody></table><ul class="muted">{legend}</ul></section>'
    )


def _k_table(table: pd.DataFrame) -> str:
    rows = []
    for r in table.sort_values("k").itertuples(index=False):
        mark = "◎ 選択" if bool(r.chosen) else ("○" if bool(r.stable) else "")
        rows.append(
            f'<tr><td class="num">{int(r.k)}</td><td class="num">{float(r.coherence):.3f}</td>'
            f'<td class="num">{float(r.coherence_min):.3f}</td><td class="num">{float(r.stability):.3f}</td>'
            f'<td class="num">{float(r.stability_min):.3f}</td><td>{esc(mark)}</td></tr>'
        )
    return (
        "<table><thead><tr><th>K</th><th>一貫性 (平均NPMI)</th><th>最低のトピック</th><th>安定性</th>"
        "<th>最低の再標本</th><th>安定 (○) / 選択</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _k_svg(table: pd.DataFrame, width: int = 640, height: int = 260) -> str:
    """A line chart of coherence (blue, left scale) and stability (red, right scale 0–1) per K."""
    t = table.sort_values("k")
    ks = [int(k) for k in t["k"]]
    coh = [float(c) for c in t["coherence"]]
    stab = [float(s) for s in t["stability"]]
    left, right, top, bottom = 56, 56, 16, 36
    w, h = width - left - right, height - top - bottom
    kmin, kmax = min(ks), max(ks)
    cmin, cmax = min(coh), max(coh)
    if cmax - cmin < 1e-9:
        cmin, cmax = cmin - 0.05, cmax + 0.05
    pad = 0.1 * (cmax - cmin)
    cmin, cmax = cmin - pad, cmax + pad

    def x(k: int) -> float:
        return left + (0.5 * w if kmax == kmin else (k - kmin) / (kmax - kmin) * w)

    def yc(c: float) -> float:
        return top + (1 - (c - cmin) / (cmax - cmin)) * h

    def ys(s: float) -> float:
        return top + (1 - s / 1.05) * h

    out = [
        f'<svg role="img" aria-label="K ごとの一貫性と安定性" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    ]
    out.append(f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="#fff" stroke="#ccc"/>')
    for k in ks:
        out.append(f'<text x="{x(k):.1f}" y="{top + h + 16}" text-anchor="middle">{k}</text>')
    out.append(f'<text x="{left + w / 2:.1f}" y="{height - 4}" text-anchor="middle">トピック数 K</text>')
    for frac in (0.0, 0.5, 1.0):
        c = cmin + frac * (cmax - cmin)
        out.append(
            f'<text x="{left - 6}" y="{yc(c) + 4:.1f}" text-anchor="end" fill="#1f4e79">{c:.3f}</text>'
        )
        out.append(f'<text x="{left + w + 6}" y="{ys(frac):.1f}" fill="#c0504d">{frac:.1f}</text>')
    pts_c = " ".join(f"{x(k):.1f},{yc(c):.1f}" for k, c in zip(ks, coh, strict=True))
    pts_s = " ".join(f"{x(k):.1f},{ys(s):.1f}" for k, s in zip(ks, stab, strict=True))
    out.append(f'<polyline points="{pts_c}" fill="none" stroke="#1f4e79" stroke-width="2"/>')
    out.append(
        f'<polyline points="{pts_s}" fill="none" stroke="#c0504d" stroke-width="1.5" stroke-dasharray="5,3"/>'
    )
    for k, c, s, chosen in zip(ks, coh, stab, t["chosen"].tolist(), strict=True):
        out.append(f'<circle cx="{x(k):.1f}" cy="{yc(c):.1f}" r="3.5" fill="#1f4e79"/>')
        out.append(f'<rect x="{x(k) - 3:.1f}" y="{ys(s) - 3:.1f}" width="6" height="6" fill="#c0504d"/>')
        if chosen:
            out.append(
                f'<line x1="{x(k):.1f}" y1="{top}" x2="{x(k):.1f}" y2="{top + h}" stroke="#555" '
                'stroke-dasharray="2,3"/>'
            )
            out.append(f'<text x="{x(k) + 4:.1f}" y="{top + 12}">選んだ K = {k}</text>')
    out.append(f'<text x="{left + 4}" y="{top + h - 6}" fill="#1f4e79">━ 一貫性 (NPMI, 左目盛)</text>')
    out.append(f'<text x="{left + 4}" y="{top + h - 20}" fill="#c0504d">╌ 安定性 (右目盛)</text>')
    out.append("</svg>")
    return "".join(out)
