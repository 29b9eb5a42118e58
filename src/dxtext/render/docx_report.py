"""The report as a Word document (report.docx): the same blocks as report.md and report.html — headings,
paragraphs, lists, tables, the heatmap and network images, masked quotes — in a Japanese font, so the
secretariat of a study group circulates it as it is.

The text is set in Yu Gothic (游ゴシック, on every Windows since 8.1 and with Office on macOS) for Japanese and
Latin alike; Word substitutes another Japanese font where it is missing. The file is reproducible: the document's
creation and modification times and the zip entries' times are fixed, so the same report gives the same bytes.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import atomic_write

if TYPE_CHECKING:
    from .blocks import Block

FONT = "Yu Gothic"
FIXED = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
#: page width less the margins of the default template (A4 / Letter with 2.5 cm margins): about 16 cm
FULL_WIDTH_CM = 15.5
NETWORK_WIDTH_CM = 11.0
MAX_TABLE_ROWS = 300


def _set_font(style: Any, *, size: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        style.font.size = Pt(size)


def _fmt(v: Any) -> str:
    from .blocks import _fmt as fmt

    return fmt(v)


def render_docx(blocks: Sequence[Block], path: str | Path, *, title: str) -> Path:
    """Write ``blocks`` (see :mod:`.blocks`) as a .docx file; returns its path."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    styles = doc.styles
    _set_font(styles["Normal"], size=10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Quote", "List Bullet"):
        if name in [s.name for s in styles]:
            _set_font(styles[name])
    props = doc.core_properties
    props.title = title
    props.author = "dxtext"
    props.last_modified_by = "dxtext"
    props.created = FIXED
    props.modified = FIXED
    props.revision = 1

    for b in blocks:
        if b.kind == "h":
            level = int(b.extra["level"])
            doc.add_heading(str(b.value), level=max(0, min(level - 1, 9)))
        elif b.kind == "p":
            doc.add_paragraph(str(b.value))
        elif b.kind == "note":
            run = doc.add_paragraph().add_run(str(b.value))
            run.italic = True
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
        elif b.kind == "ul":
            for item in b.value:
                doc.add_paragraph(str(item).replace("\n", " "), style="List Bullet")
        elif b.kind == "table":
            _table(doc, b.value, right=b.extra.get("right", ()))
        elif b.kind == "img":
            width = NETWORK_WIDTH_CM if "network" in str(b.extra.get("css", "")) else FULL_WIDTH_CM
            doc.add_picture(str(b.value), width=Cm(width))
            caption = doc.add_paragraph(str(b.extra.get("alt", "")))
            caption.runs[0].font.size = Pt(8.5) if caption.runs else None
        elif b.kind == "quote":
            doc.add_paragraph(str(b.value), style="Quote")
            cite = doc.add_paragraph("— " + str(b.extra.get("cite", "")))
            cite.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if cite.runs:
                cite.runs[0].font.size = Pt(8.5)
    target = Path(path)
    atomic_write(target, lambda tmp: _save_reproducibly(doc, tmp), binary=True)
    return target


def _table(doc: Any, frame: Any, *, right: Sequence[str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cols = [str(c) for c in frame.columns]
    shown = frame.head(MAX_TABLE_ROWS)
    table = doc.add_table(rows=1 + len(shown), cols=len(cols))
    table.style = "Table Grid"
    for j, c in enumerate(cols):
        cell = table.rows[0].cells[j]
        cell.text = c
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(9)
    for i, rec in enumerate(shown.itertuples(index=False), start=1):
        cells = table.rows[i].cells
        for j, (c, v) in enumerate(zip(cols, rec, strict=True)):
            cells[j].text = _fmt(v)
            para = cells[j].paragraphs[0]
            if c in right:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in para.runs:
                run.font.size = Pt(9)
    if len(frame) > len(shown):
        doc.add_paragraph(f"… {len(frame) - len(shown):,} more rows in report.xlsx")


def _save_reproducibly(doc: Any, path: str) -> None:
    doc.save(path)
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            z.writestr(fixed, data)
