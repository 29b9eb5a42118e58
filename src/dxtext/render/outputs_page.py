"""The page that lists the runs of an outputs folder (``outputs/latest/index.html``) and the small pages that
point at the newest run of each command (``outputs/latest/<command>.html``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import _
from .html import esc, page

CSS = """
td.opts{font-family:ui-monospace,Consolas,monospace;font-size:.85em;max-width:40em}
"""


def index_page(runs: Sequence[dict[str, Any]], *, title: str) -> str:
    """``runs``: newest first, each with ``folder``, ``command``, ``corpus``, ``options`` (text), ``when`` (text),
    ``open`` (a path relative to the index page, or "") and ``size`` (text)."""
    head = "".join(
        f"<th>{esc(h)}</th>"
        for h in (_("when"), _("command"), _("corpus"), _("options"), _("folder"), _("size"), _("open"))
    )
    rows = []
    for r in runs:
        link = f'<a href="{esc(r["open"])}">{esc(r["open"].rsplit("/", 1)[-1])}</a>' if r["open"] else ""
        rows.append(
            "<tr>"
            f"<td>{esc(r['when'])}</td><td>{esc(r['command'])}</td><td>{esc(r['corpus'])}</td>"
            f'<td class="opts">{esc(r["options"])}</td>'
            f'<td><a href="../{esc(r["folder"])}/">{esc(r["folder"])}</a></td>'
            f'<td class="num">{esc(r["size"])}</td><td>{link}</td>'
            "</tr>"
        )
    body = (
        f"<header><h1>{esc(title)}</h1></header>\n<main>\n"
        f'<p class="muted">{esc(_("Newest first. Each run folder holds metadata.json with every option."))}</p>\n'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n</main>"
    )
    return page(title, body, css=CSS)


def pointer_page(target: str, *, title: str) -> str:
    """A page that opens ``target`` (relative to it) at once, with a link for browsers that do not."""
    body = f'<main><p><a href="{esc(target)}">{esc(target)}</a></p></main>'
    html = page(title, body, embed_font=False)
    return html.replace(
        "<head>\n", f'<head>\n<meta http-equiv="refresh" content="0; url={esc(target)}">\n', 1
    )
