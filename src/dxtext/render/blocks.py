"""The report as blocks (heading, paragraph, list, table, image, quote, note) and their two renderings:
Markdown that pastes into a meeting document, and offline HTML with every corpus string escaped."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    pass

# --- blocks ----------------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # h, p, ul, table, img, quote, note
    value: Any
    extra: dict[str, Any] = field(default_factory=dict)


class _Doc:
    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def h(self, level: int, text: str, anchor: str | None = None) -> None:
        self.blocks.append(Block("h", text, {"level": level, "anchor": anchor}))

    def p(self, text: str) -> None:
        self.blocks.append(Block("p", text))

    def note(self, text: str) -> None:
        self.blocks.append(Block("note", text))

    def ul(self, items: Sequence[str]) -> None:
        if items:
            self.blocks.append(Block("ul", list(items)))

    def table(self, frame: pd.DataFrame, *, right: Sequence[str] = ()) -> None:
        self.blocks.append(Block("table", frame, {"right": tuple(right)}))

    def img(self, path: Path, alt: str, *, css: str = "") -> None:
        self.blocks.append(Block("img", path, {"alt": alt, "css": css}))

    def quote(self, text: str, cite: str) -> None:
        self.blocks.append(Block("quote", text, {"cite": cite}))

    def html(self, fragment: str) -> None:
        """HTML made by a renderer of dxtext (already escaped), for report.html only (not the Markdown)."""
        self.blocks.append(Block("html", fragment))


_MD_ALWAYS = re.compile(r"([\\`*]|<(?=[A-Za-z/!?]))")
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def md_escape(text: str, *, line_start: bool = True, table: bool = False) -> str:
    """Text for Markdown, escaped as little as CommonMark needs so that pasted text stays readable:
    ``\\ ` *`` always, ``<`` before a letter or ``/!?`` (so ``<script>`` is shown, never run), ``](`` (no
    link can form), ``_`` at a word edge, ``~~``, and at the start of a line ``# > - + 1. [``; ``|`` in table
    cells."""
    out = _MD_ALWAYS.sub(r"\\\1", str(text))
    out = _MD_UNDERSCORE.sub(r"\\_", out).replace("~~", "\\~\\~").replace("](", "]\\(")
    if table:
        out = out.replace("|", "\\|")
    if not line_start:
        return out
    out = re.sub(r"(?m)^(\s*)([#>\[])", r"\1\\\2", out)
    out = re.sub(r"(?m)^(\s*)([-+])(\s)", r"\1\\\2\3", out)
    return re.sub(r"(?m)^(\s*\d+)([.)])(\s)", r"\1\\\2\3", out)


def render_markdown(blocks: Sequence[Block], *, base: Path) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind == "h":
            out.append("#" * b.extra["level"] + " " + md_escape(b.value, line_start=False))
        elif b.kind in ("p", "note"):
            text = md_escape(b.value)
            out.append(f"*{text}*" if b.kind == "note" else text)
        elif b.kind == "ul":
            out.append("\n".join("- " + md_escape(x).replace("\n", " ") for x in b.value))
        elif b.kind == "table":
            out.append(_md_table(b.value, right=b.extra["right"]))
        elif b.kind == "img":
            rel = os.path.relpath(b.value, base).replace(os.sep, "/")
            out.append(f"![{md_escape(b.extra['alt'])}]({rel})")
        elif b.kind == "quote":
            lines = [("> " + md_escape(line)).rstrip() for line in str(b.value).split("\n")]
            lines.append(">")
            lines.append("> — " + md_escape(b.extra["cite"]))
            out.append("\n".join(lines))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md_table(frame: pd.DataFrame, *, right: Sequence[str]) -> str:
    cols = [str(c) for c in frame.columns]

    def cell(v: Any) -> str:
        v = _fmt(v)
        return md_escape(str(v), table=True).replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in cols) + " |"]
    lines.append("|" + "|".join(" ---: " if c in right else " --- " for c in cols) + "|")
    for rec in frame.itertuples(index=False):
        lines.append("| " + " | ".join(cell(v) for v in rec) + " |")
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    """Numbers in report tables: 58,287 and 12.3."""
    if isinstance(v, (bool, np.bool_)):
        return str(v)
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}"
    if isinstance(v, (float, np.floating)):
        return "" if v != v else f"{float(v):,.1f}"
    return str(v)


REPORT_CSS = """
main{max-width:980px}
h2{border-bottom:2px solid #1f4e79;padding-bottom:.2em;margin-top:1.6em}
h3{margin-top:1.4em;color:#1f4e79}
td.num{text-align:right}
img.figure{max-width:100%;border:1px solid #ddd;background:#fff;margin:.4em 0;display:block}
img.network{max-width:620px}
blockquote{background:#fff;border-left:4px solid #8aa9c8;margin:.5em 0;padding:.4em .9em;white-space:pre-wrap}
blockquote footer{color:#666;font-size:.85em;margin-top:.3em;white-space:normal}
p.note{color:#666;font-size:.9em}
nav.toc{font-size:.92em}
"""


def render_html(blocks: Sequence[Block], *, title: str) -> str:
    from .html import esc, page

    parts: list[str] = []
    for b in blocks:
        if b.kind == "h":
            level = b.extra["level"]
            anchor = f' id="{esc(b.extra["anchor"])}"' if b.extra.get("anchor") else ""
            if level == 1:
                continue  # the page header carries the title
            parts.append(f"<h{level}{anchor}>{esc(b.value)}</h{level}>")
        elif b.kind == "p":
            parts.append(f"<p>{esc(b.value)}</p>")
        elif b.kind == "note":
            parts.append(f'<p class="note">{esc(b.value)}</p>')
        elif b.kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in b.value) + "</ul>")
        elif b.kind == "table":
            parts.append(_html_table(b.value, right=b.extra["right"]))
        elif b.kind == "img":
            data = base64.b64encode(Path(b.value).read_bytes()).decode("ascii")
            cls = f"figure {b.extra['css']}".strip()
            parts.append(
                f'<img class="{esc(cls)}" alt="{esc(b.extra["alt"])}" src="data:image/png;base64,{data}">'
            )
        elif b.kind == "quote":
            parts.append(f"<blockquote>{esc(b.value)}<footer>— {esc(b.extra['cite'])}</footer></blockquote>")
        elif b.kind == "html":
            parts.append(b.value)
    body = f"<header><h1>{esc(title)}</h1></header>\n<main>\n" + "\n".join(parts) + "\n</main>"
    if any(b.kind == "html" and "data-crosstab" in b.value for b in blocks):
        from .crosstab_html import CROSSTAB_CSS, crosstab_script

        return page(title, body, css=REPORT_CSS + CROSSTAB_CSS, script=crosstab_script())
    return page(title, body, css=REPORT_CSS)


def _html_table(frame: pd.DataFrame, *, right: Sequence[str]) -> str:
    from .html import esc

    cols = [str(c) for c in frame.columns]
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    rows = []
    for rec in frame.itertuples(index=False):
        cells = []
        for c, v in zip(cols, rec, strict=True):
            v = _fmt(v)
            cls = ' class="num"' if c in right else ""
            cells.append(f"<td{cls}>{esc(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
