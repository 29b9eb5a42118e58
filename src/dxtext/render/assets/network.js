(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var canvas = $("net"), ctx = canvas.getContext("2d");
  var S = 1000, dpr = 1, G = null;
  var view = { k: 1, tx: 0, ty: 0 };
  var hidden = new Set(), threshold = 0, selected = null, matches = [], drag = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function colour(c) { return (c >= 1 && c <= DATA.palette.length) ? DATA.palette[c - 1] : DATA.other; }
  function num(v, d) { return (typeof v === "number") ? (d === 0 ? v.toLocaleString("ja-JP") : v.toFixed(d)) : String(v); }
  function norm(s) { return String(s).normalize("NFKC").toLowerCase(); }

  function load(i) {
    G = DATA.graphs[i];
    G.fmax = 1; G.cmax = 0; G.cmin = Infinity;
    G.nodes.forEach(function (n, k) {
      n.k = k; n.px = n.x * S; n.py = (1 - n.y) * S; n.x0 = n.px; n.y0 = n.py;
      if (n.kind !== "group" && n.frequency > G.fmax) G.fmax = n.frequency;
      n.norm = norm(n.label); n.adj = [];
    });
    G.edges.forEach(function (e, k) {
      e.k = k; G.cmax = Math.max(G.cmax, e.coef); G.cmin = Math.min(G.cmin, e.coef);
      G.nodes[e.s].adj.push(k); G.nodes[e.t].adj.push(k);
    });
    if (!isFinite(G.cmin)) G.cmin = 0;
    hidden = new Set(); selected = null; matches = [];
    var slider = $("threshold");
    slider.min = "0"; slider.max = String(Math.max(G.cmax, 0.001)); slider.step = String(Math.max(G.cmax, 0.001) / 500);
    slider.value = "0"; threshold = 0; $("threshold-value").textContent = "0";
    $("subtitle").textContent = G.subtitle || "";
    legend(); clearPanel(); doSearch(); resize(); fit();
  }

  function visibleNode(n) { return !hidden.has(n.community); }
  function visibleEdge(e) {
    return e.coef >= threshold - 1e-12 && visibleNode(G.nodes[e.s]) && visibleNode(G.nodes[e.t]);
  }
  // one edge of the layout, in screen pixels: labels and bubbles follow it (within limits), so that the
  // overlap-free spacing computed in Python (0.22 edge lengths per character) holds at the fitted zoom
  function unitPx() { return G.unit * S * view.k; }
  function labelPx() { return Math.max(10, Math.min(15, 0.22 * unitPx())); }
  function radius(n) {
    var big = Math.max(6, Math.min(17, 0.42 * unitPx()));
    if (n.kind === "group") return Math.max(12, Math.min(20, 0.5 * unitPx()));
    return 2.5 + big * Math.sqrt(n.frequency / G.fmax);
  }
  function scr(n) { return [n.px * view.k + view.tx, n.py * view.k + view.ty]; }
  function world(x, y) { return [(x - view.tx) / view.k, (y - view.ty) / view.k]; }

  function resize() {
    var r = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(r.width * dpr));
    canvas.height = Math.max(1, Math.round(r.height * dpr));
    draw();
  }
  function cssSize() { return [canvas.width / dpr, canvas.height / dpr]; }

  function fit() {
    var vis = G.nodes.filter(visibleNode);
    if (!vis.length) vis = G.nodes;
    if (!vis.length) { draw(); return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    vis.forEach(function (n) { x0 = Math.min(x0, n.px); x1 = Math.max(x1, n.px); y0 = Math.min(y0, n.py); y1 = Math.max(y1, n.py); });
    var wh = cssSize(), pad = 60;
    var k = Math.min((wh[0] - 2 * pad) / Math.max(x1 - x0, 1), (wh[1] - 2 * pad) / Math.max(y1 - y0, 1));
    k = Math.max(0.05, Math.min(k, 4));
    view.k = k; view.tx = wh[0] / 2 - k * (x0 + x1) / 2; view.ty = wh[1] / 2 - k * (y0 + y1) / 2;
    draw();
  }

  function isSelectedEdge(e) {
    if (!selected) return false;
    if (selected.type === "edge") return selected.k === e.k;
    return e.s === selected.k || e.t === selected.k;
  }

  function draw() {
    if (!G) return;
    var wh = cssSize();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, wh[0], wh[1]);
    var twomode = G.kind === "twomode";
    var live = new Array(G.nodes.length).fill(0), edgesDrawn = 0;
    ctx.lineCap = "round";
    G.edges.forEach(function (e) {
      if (!visibleEdge(e)) return;
      var a = G.nodes[e.s], b = G.nodes[e.t], p = scr(a), q = scr(b);
      live[e.s]++; live[e.t]++; edgesDrawn++;
      var same = a.community === b.community, hot = isSelectedEdge(e);
      ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(q[0], q[1]);
      ctx.lineWidth = 0.8 + 4 * e.coef / (G.cmax || 1) + (hot ? 1.5 : 0);
      ctx.setLineDash(!twomode && !same ? [6, 4] : []);
      if (hot) ctx.strokeStyle = "#c0392b";
      else if (twomode) { ctx.globalAlpha = 0.55; ctx.strokeStyle = colour((a.kind === "group" ? a : b).community); }
      else ctx.strokeStyle = same ? "rgba(90,90,90,0.75)" : "rgba(150,150,150,0.7)";
      ctx.stroke(); ctx.globalAlpha = 1;
    });
    ctx.setLineDash([]);
    var nodesDrawn = 0, matchSet = new Set(matches);
    G.nodes.forEach(function (n) {
      if (!visibleNode(n)) return;
      nodesDrawn++;
      var p = scr(n), r = radius(n);
      ctx.globalAlpha = (live[n.k] || !n.adj.length) ? 1 : 0.25;
      ctx.beginPath();
      if (n.kind === "group") ctx.rect(p[0] - r, p[1] - r, 2 * r, 2 * r); else ctx.arc(p[0], p[1], r, 0, 2 * Math.PI);
      ctx.fillStyle = colour(n.community); ctx.fill();
      var sel = selected && selected.type === "node" && selected.k === n.k;
      ctx.lineWidth = sel ? 3 : (matchSet.has(n.k) ? 3 : (n.kind === "group" ? 1.6 : 0.8));
      ctx.strokeStyle = sel ? "#c0392b" : (matchSet.has(n.k) ? "#000" : "#333");
      ctx.stroke();
      ctx.globalAlpha = 1;
    });
    ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    G.nodes.forEach(function (n) {
      if (!visibleNode(n)) return;
      var p = scr(n), size = Math.round((n.kind === "group" ? 1.15 : 1) * labelPx());
      ctx.globalAlpha = (live[n.k] || !n.adj.length) ? 1 : 0.35;
      ctx.font = (n.kind === "group" ? "bold " : "") + size + 'px "Hiragino Sans","Yu Gothic","Meiryo","IPAexGothic","Noto Sans CJK JP",sans-serif';
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(n.label, p[0], p[1]); ctx.fillStyle = "#111"; ctx.fillText(n.label, p[0], p[1]);
      ctx.globalAlpha = 1;
    });
    canvas.dataset.nodesDrawn = String(nodesDrawn);
    canvas.dataset.edgesDrawn = String(edgesDrawn);
    api.nodesDrawn = nodesDrawn; api.edgesDrawn = edgesDrawn;
  }

  function nodeAt(x, y) {
    for (var i = G.nodes.length - 1; i >= 0; i--) {
      var n = G.nodes[i];
      if (!visibleNode(n)) continue;
      var p = scr(n), r = radius(n) + 3;
      if (n.kind === "group" ? (Math.abs(x - p[0]) <= r && Math.abs(y - p[1]) <= r) : ((x - p[0]) * (x - p[0]) + (y - p[1]) * (y - p[1]) <= r * r)) return n;
    }
    return null;
  }
  function edgeAt(x, y) {
    var best = null, bestD = 6;
    G.edges.forEach(function (e) {
      if (!visibleEdge(e)) return;
      var p = scr(G.nodes[e.s]), q = scr(G.nodes[e.t]);
      var dx = q[0] - p[0], dy = q[1] - p[1], L = dx * dx + dy * dy;
      var t = L ? Math.max(0, Math.min(1, ((x - p[0]) * dx + (y - p[1]) * dy) / L)) : 0;
      var d = Math.hypot(x - (p[0] + t * dx), y - (p[1] + t * dy));
      if (d < bestD) { bestD = d; best = e; }
    });
    return best;
  }
  function local(ev) { var r = canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; }

  canvas.addEventListener("pointerdown", function (ev) {
    var xy = local(ev), n = nodeAt(xy[0], xy[1]);
    drag = { node: n, x: xy[0], y: xy[1], moved: false, tx: view.tx, ty: view.ty };
    canvas.setPointerCapture(ev.pointerId);
    canvas.style.cursor = "grabbing";
  });
  canvas.addEventListener("pointermove", function (ev) {
    var xy = local(ev);
    if (!drag) {
      canvas.style.cursor = (nodeAt(xy[0], xy[1]) || edgeAt(xy[0], xy[1])) ? "pointer" : "grab";
      return;
    }
    if (Math.abs(xy[0] - drag.x) + Math.abs(xy[1] - drag.y) > 3) drag.moved = true;
    if (!drag.moved) return;
    if (drag.node) { var w = world(xy[0], xy[1]); drag.node.px = w[0]; drag.node.py = w[1]; }
    else { view.tx = drag.tx + xy[0] - drag.x; view.ty = drag.ty + xy[1] - drag.y; }
    draw();
  });
  canvas.addEventListener("pointerup", function (ev) {
    var xy = local(ev), d = drag;
    drag = null; canvas.style.cursor = "grab";
    if (!d || d.moved) return;
    var n = nodeAt(xy[0], xy[1]);
    if (n) { selectNode(n.k); return; }
    var e = edgeAt(xy[0], xy[1]);
    if (e) { selectEdge(e.k); return; }
    selected = null; clearPanel(); draw();
  });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var xy = local(ev);
    zoomAt(xy[0], xy[1], Math.exp(-ev.deltaY * 0.0015));
  }, { passive: false });
  function zoomAt(x, y, f) {
    var k = Math.max(0.05, Math.min(view.k * f, 20));
    f = k / view.k;
    view.tx = x - (x - view.tx) * f; view.ty = y - (y - view.ty) * f; view.k = k;
    draw();
  }
  $("zoom-in").addEventListener("click", function () { var wh = cssSize(); zoomAt(wh[0] / 2, wh[1] / 2, 1.25); });
  $("zoom-out").addEventListener("click", function () { var wh = cssSize(); zoomAt(wh[0] / 2, wh[1] / 2, 0.8); });
  $("fit").addEventListener("click", fit);
  $("reset").addEventListener("click", function () { G.nodes.forEach(function (n) { n.px = n.x0; n.py = n.y0; }); fit(); });
  window.addEventListener("resize", resize);

  $("threshold").addEventListener("input", function () {
    threshold = parseFloat($("threshold").value) || 0;
    $("threshold-value").textContent = threshold.toFixed(3);
    draw();
  });

  // --- search ---
  function doSearch() {
    var q = norm($("search").value.trim()), box = $("search-results");
    box.replaceChildren();
    matches = [];
    if (q && G) {
      G.nodes.forEach(function (n) { if (n.norm.indexOf(q) >= 0) matches.push(n.k); });
      matches.sort(function (a, b) {
        var na = G.nodes[a], nb = G.nodes[b];
        return (nb.norm === q) - (na.norm === q) || nb.frequency - na.frequency;
      });
      matches.slice(0, 30).forEach(function (k) {
        var b = el("button", null, G.nodes[k].label);
        b.type = "button";
        b.addEventListener("click", function () { focusNode(k); });
        box.appendChild(b);
      });
    }
    var c = $("search-count");
    c.dataset.matches = String(matches.length);
    c.textContent = q ? (matches.length ? matches.length + " 語" : "見つかりません") : "";
    draw();
  }
  $("search").addEventListener("input", doSearch);
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); doSearch(); if (matches.length) focusNode(matches[0]); }
  });
  function focusNode(k) {
    var n = G.nodes[k];
    if (hidden.has(n.community)) { hidden.delete(n.community); legend(); }
    var wh = cssSize();
    view.tx = wh[0] / 2 - n.px * view.k; view.ty = wh[1] / 2 - n.py * view.k;
    selectNode(k);
  }

  // --- legend / community filter ---
  function legend() {
    var box = $("legend");
    box.replaceChildren();
    G.communities.forEach(function (c) {
      var lab = el("label"), cb = el("input");
      cb.type = "checkbox"; cb.checked = !hidden.has(c.id); cb.dataset.community = String(c.id);
      cb.addEventListener("change", function () { if (cb.checked) hidden.delete(c.id); else hidden.add(c.id); draw(); });
      var sw = el("span", "sw"); sw.style.background = colour(c.id);
      var text = c.group !== undefined ? c.group + (c.words ? "：" + c.words : "") : c.id + "：" + c.words;
      lab.append(cb, sw, el("span", null, text));
      box.appendChild(lab);
    });
  }
  $("legend-all").addEventListener("click", function () { hidden.clear(); legend(); draw(); });
  $("legend-none").addEventListener("click", function () { G.communities.forEach(function (c) { hidden.add(c.id); }); legend(); draw(); });

  // --- panel ---
  function clearPanel() {
    $("sel-title").textContent = "語または線をクリック";
    $("sel-info").replaceChildren(el("span", null, "語をクリックするとその語を含む文書を、線をクリックすると両方の語を含む文書を表示します。"));
    $("contexts").replaceChildren();
  }
  function infoTable(rows) {
    var t = el("table"), tb = el("tbody");
    rows.forEach(function (r) { var tr = el("tr"); tr.append(el("th", null, r[0]), el("td", "num", r[1])); tb.appendChild(tr); });
    t.appendChild(tb);
    return t;
  }
  function selectNode(k) {
    var n = G.nodes[k];
    selected = { type: "node", k: k };
    $("sel-title").textContent = n.label;
    var info = $("sel-info");
    info.replaceChildren();
    var rows = n.kind === "group"
      ? [["グループ", n.label], ["文書数", num(n.frequency, 0)], ["結びつく語", n.adj.length]]
      : [["出現回数", num(n.frequency, 0)], ["文書数", num(n.df, 0)],
         [G.kind === "twomode" ? "最も結びつくグループ" : "コミュニティ", G.kind === "twomode" ? n.group : n.community],
         ["媒介中心性", num(n.betweenness, 3)], ["次数中心性", num(n.degree_centrality, 3)], ["固有ベクトル中心性", num(n.eigenvector, 3)]];
    info.appendChild(infoTable(rows));
    var nbs = n.adj.map(function (ek) { return G.edges[ek]; }).sort(function (a, b) { return b.coef - a.coef; });
    if (nbs.length) {
      var p = el("p", null, G.kind === "twomode" ? "結びつき：" : "共起する語：");
      nbs.forEach(function (e) {
        var other = G.nodes[e.s === k ? e.t : e.s];
        var b = el("button", "nb", other.label + " " + e.coef.toFixed(3));
        b.type = "button";
        b.addEventListener("click", function () { selectEdge(e.k); });
        p.appendChild(b);
      });
      info.appendChild(p);
    }
    contexts(n.docs, n.ndocs, n.kind === "group" ? [] : [n.label]);
    draw();
  }
  function selectEdge(k) {
    var e = G.edges[k], a = G.nodes[e.s], b = G.nodes[e.t];
    selected = { type: "edge", k: k };
    $("sel-title").textContent = a.label + " — " + b.label;
    var rows = [["共起する文書数", num(e.count, 0)], ["係数（" + G.measure + "）", num(e.coef, 3)]];
    if (e.lift !== null && e.lift !== undefined) rows.push(["リフト（グループ内の割合÷全体の割合）", num(e.lift, 2)]);
    if (e.share !== null && e.share !== undefined) rows.push(["グループ内でこの語を含む割合", (e.share * 100).toFixed(1) + "%"]);
    $("sel-info").replaceChildren(infoTable(rows));
    var words = [a, b].filter(function (n) { return n.kind !== "group"; }).map(function (n) { return n.label; });
    contexts(e.docs, e.ndocs, words);
    draw();
  }

  function contexts(list, total, words) {
    var box = $("contexts");
    box.replaceChildren();
    var head = total > list.length ? total.toLocaleString("ja-JP") + " 件中 " + list.length + " 件を表示" : total + " 件";
    if (DATA.masked) head += "（氏名・電話番号などは伏せ字）";
    box.appendChild(el("p", "muted", head));
    var want = new Set(words);
    list.forEach(function (di) {
      var d = DATA.docs[di];
      var item = el("div", "ctx"), meta = el("div", "ctx-meta");
      meta.appendChild(el("span", "doc-id", d.id));
      d.attrs.forEach(function (kv) { meta.appendChild(el("span", "attr", kv[0] + "：" + kv[1])); });
      var p = el("p", "ctx-text"), hits = hitsOf(d, want);
      fillText(p, d.text, hits, d.text.length > 320);
      item.append(meta, p);
      if (d.text.length > 320) {
        var more = el("button", null, "全文"), full = false;
        more.type = "button";
        more.addEventListener("click", function () { full = !full; fillText(p, d.text, hits, !full); more.textContent = full ? "前後のみ" : "全文"; });
        item.appendChild(more);
      }
      box.appendChild(item);
    });
    box.dataset.shown = String(list.length);
  }
  function hitsOf(d, want) {
    var out = [];
    if (d.spans && d.spans.length) {
      d.spans.forEach(function (s) { if (want.has(s[2])) out.push([s[0], s[1]]); });
    }
    if (!out.length) {  // no token offsets: fall back to the spelling
      want.forEach(function (w) {
        var i = d.text.indexOf(w);
        while (w && i >= 0) { out.push([i, i + w.length]); i = d.text.indexOf(w, i + w.length); }
      });
    }
    out.sort(function (a, b) { return a[0] - b[0]; });
    return out;
  }
  function fillText(p, text, hits, windowed) {
    p.replaceChildren();
    var W = 70, parts = [];
    if (windowed && hits.length) {
      var wins = [];
      hits.forEach(function (h) {
        var a = Math.max(0, h[0] - W), b = Math.min(text.length, h[1] + W), last = wins[wins.length - 1];
        if (last && a <= last[1]) last[1] = Math.max(last[1], b); else wins.push([a, b]);
      });
      wins.forEach(function (w) { parts.push(w); });
    } else parts.push([0, windowed ? Math.min(text.length, 2 * W) : text.length]);
    parts.forEach(function (w, i) {
      if (w[0] > 0 || i > 0) p.appendChild(el("span", "gap", "…"));
      var pos = w[0];
      hits.forEach(function (h) {
        if (h[0] < pos || h[1] > w[1]) return;
        if (h[0] > pos) p.appendChild(document.createTextNode(text.slice(pos, h[0])));
        p.appendChild(el("mark", null, text.slice(h[0], h[1])));
        pos = h[1];
      });
      if (pos < w[1]) p.appendChild(document.createTextNode(text.slice(pos, w[1])));
    });
    if (parts.length && parts[parts.length - 1][1] < text.length) p.appendChild(el("span", "gap", "…"));
  }

  // --- graph selector ---
  var pick = $("graph-select");
  DATA.graphs.forEach(function (g, i) { var o = el("option", null, g.title); o.value = String(i); pick.appendChild(o); });
  if (DATA.graphs.length > 1) $("graph-pick").hidden = false;
  pick.addEventListener("change", function () { load(parseInt(pick.value, 10) || 0); });

  // --- a small API for power users and tests ---
  var api = {
    nodesDrawn: 0, edgesDrawn: 0,
    graphs: DATA.graphs.map(function (g) { return g.key; }),
    show: function (key) {
      var i = DATA.graphs.findIndex(function (g) { return g.key === key; });
      if (i >= 0) { pick.value = String(i); load(i); }
      return i >= 0;
    },
    current: function () { return G ? G.key : null; },
    screenPos: function (label) {
      var n = G.nodes.find(function (m) { return m.label === label || m.id === label; });
      if (!n) return null;
      var r = canvas.getBoundingClientRect(), p = scr(n);
      return { x: r.left + p[0], y: r.top + p[1] };
    },
    edgePos: function (a, b) {
      var e = G.edges.find(function (x) {
        var s = G.nodes[x.s].label, t = G.nodes[x.t].label;
        return (s === a && t === b) || (s === b && t === a);
      });
      if (!e) return null;
      var r = canvas.getBoundingClientRect(), p = scr(G.nodes[e.s]), q = scr(G.nodes[e.t]);
      return { x: r.left + (p[0] + q[0]) / 2, y: r.top + (p[1] + q[1]) / 2 };
    }
  };
  window.dxNetwork = api;
  if (DATA.graphs.length) load(0);
  document.body.dataset.ready = "1";
})();
