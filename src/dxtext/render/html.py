"""Self-contained, offline HTML: every string from a corpus is escaped, data is embedded as inert JSON, and a
Content-Security-Policy forbids the page from loading anything (no CDN, no request leaves the page).
"""

from __future__ import annotations

import html
import json
from typing import Any

from .fonts import FONT_STACK, NOTICE, embedded_font_css

CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)


BASE_CSS = (
    """
body{font-family:"""
    + FONT_STACK
    + """;
 margin:0;color:#222;background:#fafafa;line-height:1.6}
header{background:#1f4e79;color:#fff;padding:.6em 1.2em}
header h1{margin:0;font-size:1.25em}
main{padding:1em 1.2em;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#eef3f8;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.quote{background:#fff;border-left:4px solid #8aa9c8;padding:.4em .8em;margin:.4em 0;white-space:pre-wrap}
.muted{color:#666;font-size:.9em}
section{margin-bottom:1.6em}
"""
)


def asset(name: str) -> str:
    """The text of a file shipped in ``dxtext/render/assets/`` (our own CSS and JavaScript), read as package
    data so that it is found in an installed wheel as in a checkout."""
    from importlib.resources import files

    return (files("dxtext.render") / "assets" / name).read_text(encoding="utf-8")


def esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def json_for_script(data: Any) -> str:
    """JSON that is safe inside <script type="application/json">: no "</script>", no HTML comment openers."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def page(
    title: str, body: str, *, css: str = "", script: str = "", data: Any = None, embed_font: bool = True
) -> str:
    """A whole HTML document. ``body`` must already be escaped; ``data`` is embedded as JSON (id="data").
    ``embed_font``: carry the IPAexGothic glyphs of the page (see :mod:`.fonts`) for PCs without a Japanese
    font."""
    data_block = (
        f'<script type="application/json" id="data">{json_for_script(data)}</script>\n'
        if data is not None
        else ""
    )
    script_block = f"<script>\n{script}\n</script>\n" if script else ""
    rest = (
        f"<title>{esc(title)}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n<body>\n"
        f"{body}\n{data_block}{script_block}</body>\n</html>\n"
    )
    # the glyphs of every character the page can show (its text, its data and the script's labels)
    font = embedded_font_css(rest + NOTICE) if embed_font else ""
    font_block = (
        f'<meta name="font-license" content="{esc(NOTICE)}">\n<style>{font}</style>\n' if font else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{font_block}{rest}"
    )


def table(frame: Any, *, max_rows: int = 200, numeric: tuple[str, ...] = ()) -> str:
    """An escaped HTML table of a DataFrame."""
    cols = list(frame.columns)
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    rows = []
    for rec in frame.head(max_rows).itertuples(index=False):
        cells = []
        for c, v in zip(cols, rec, strict=True):
            is_num = c in numeric or isinstance(v, (int, float))
            if isinstance(v, float):
                v = f"{v:.3f}"
            cells.append(f'<td class="num">{esc(v)}</td>' if is_num else f"<td>{esc(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
