"""A crosstab as offline HTML in which a click on a cell lists that cell's documents (KH Coder users ask for it:
khcoder #569). The documents are embedded as inert JSON and shown with ``textContent`` (corpus text is never
parsed as HTML); the script is our own (``assets/crosstab.js``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .html import asset, esc, json_for_script, page

if TYPE_CHECKING:
    from ..analysis.themes import CrossTab

CROSSTAB_CSS = """
table[data-crosstab] td[data-k]{cursor:pointer}
table[data-crosstab] td[data-k]:hover,table[data-crosstab] td[data-k]:focus{outline:2px solid #1f4e79}
td.ct-on{background:#ffe9a8}
td.ct-high{color:#b00020;font-weight:bold}td.ct-low{color:#1f4e79}
.ctdocs{background:#fff;border:1px solid #ccc;padding:.4em 1em;margin:.5em 0;max-height:28em;overflow:auto}
.ctdocs li{margin:.3em 0;white-space:pre-wrap}
"""


def crosstab_fragment(
    ct: CrossTab,
    cells: Mapping[tuple[str, str], tuple[int, list[str]]],
    texts: Mapping[str, str],
    *,
    uid: str = "1",
    mask: Callable[[str], str] | None = None,
) -> str:
    """The table (groups × themes: count, row %, ▲/▽) with the documents of each cell, and the list box."""
    docs: list[list[str]] = []
    index: dict[str, int] = {}
    data_cells: dict[str, dict[str, object]] = {}
    marks = ct.marks()
    head = f"<th>{esc(ct.attribute)}</th><th>文書数</th>" + "".join(f"<th>{esc(t)}</th>" for t in ct.themes)
    rows = []
    for i, g in enumerate(ct.groups):
        tds = [f"<th>{esc(g)}</th>", f'<td class="num">{int(ct.counts.loc[g, "文書数"]):,}</td>']
        for j, th in enumerate(ct.themes):
            n, ids = cells.get((g, th), (0, []))
            key = f"g{i}t{j}"
            positions = []
            for d in ids:
                if d not in index:
                    index[d] = len(docs)
                    text = texts.get(d, "")
                    docs.append([d, mask(text) if mask is not None else text])
                positions.append(index[d])
            data_cells[key] = {"label": f"{g} × {th}", "n": int(n), "ids": positions}
            mark = marks.loc[g, th]
            cls = "num" + (" ct-high" if mark == "▲" else " ct-low" if mark == "▽" else "")
            label = f"{int(ct.counts.loc[g, th]):,} ({ct.percent.loc[g, th]:.1f}%){mark}"
            tds.append(f'<td class="{cls}" data-k="{key}" tabindex="0">{esc(label)}</td>')
        rows.append("<tr>" + "".join(tds) + "</tr>")
    table = f'<table data-crosstab="{esc(uid)}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    data = json_for_script({"docs": docs, "cells": data_cells})
    return (
        f'<p class="muted">セルをクリックすると、その{esc(ct.attribute)}でそのテーマに該当する文書を表示します。</p>\n'
        f"{table}\n"
        f'<div class="ctdocs" id="ctdocs-{esc(uid)}" hidden></div>\n'
        f'<script type="application/json" id="ctdata-{esc(uid)}">{data}</script>'
    )


def crosstab_script() -> str:
    return asset("crosstab.js")


def write_crosstab_html(
    ct: CrossTab,
    cells: Mapping[tuple[str, str], tuple[int, list[str]]],
    texts: Mapping[str, str],
    path: str | Path,
    *,
    title: str,
    mask: Callable[[str], str] | None = None,
) -> Path:
    """A page with the clickable crosstab (dxtext themes writes it as crosstab.html)."""
    from ..files import write_text

    body = (
        f"<header><h1>{esc(title)}</h1></header>\n<main>\n"
        + crosstab_fragment(ct, cells, texts, mask=mask)
        + "\n</main>"
    )
    return write_text(page(title, body, css=CROSSTAB_CSS, script=crosstab_script()), Path(path))
