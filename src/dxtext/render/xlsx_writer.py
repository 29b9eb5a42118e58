"""A small XLSX (Office Open XML SpreadsheetML, ECMA-376) writer for pandas frames: ``zipfile`` and XML text.

The cells of a sheet are made a column at a time (a column has one type: its cells are one list comprehension),
then joined into rows; that is where the speed comes from — openpyxl's write-only mode makes a cell object per
value. What a cell becomes:

- a number (int, float, Decimal, numpy numbers): ``<v>`` with Python's ``repr`` of the float or int; ±inf
  becomes the text ``inf`` / ``-inf`` (Excel has no infinity);
- a bool: ``t="b"``; a date or datetime (datetime64, Timestamp, ``date``): an Excel serial number with a date
  or date-and-time style (a date before 1900-03-01, which Excel's calendar does not hold, is written as text);
- None, NaN, NaT, pd.NA: no cell at all;
- anything else: text (a shared string; an empty text is no cell). There are no formulas in a workbook from here: text that starts with
  ``=`` is a text cell, never run. Control characters XML cannot hold and bidirectional controls are removed,
  a lone surrogate becomes U+FFFD; a text past Excel's 32,767 characters a cell is cut there and says so.

The same sheets give the same bytes: fixed zip entry times, order, permissions and compression level.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd

__all__ = ["Sheet", "clean_text", "column_letter", "write_workbook"]

#: characters XML 1.0 cannot hold (C0 controls but tab/newline/CR, U+FFFE/FFFF) and bidirectional controls
_REMOVE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = {"\r": "&#13;"}  # a carriage return kept as it is (an XML reader turns a bare CR into LF)
_EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 in the 1900 calendar, right for dates from 1900-03-01
_FIRST_DAY = dt.datetime(1900, 3, 1)
_STYLE_DATE, _STYLE_DATETIME = 1, 2  # indexes into cellXfs of styles.xml
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_LEVEL = 4  # zlib level: 0.2 s for a 12 MB sheet, 6 % larger than level 6 at a third of its time
_FIXED_TIME = "2000-01-01T00:00:00Z"
#: the most characters Excel holds in a cell; a longer text is cut, ending with _CUT
CELL_CHARS = 32_767
_CUT = "…（Excel のセルの上限で省略。全文は CSV に / cut at Excel's cell limit: the CSV has it all）"

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class Sheet:
    """One worksheet: its title (already valid for Excel), the header row, the body and the column widths."""

    title: str
    header: Sequence[str]
    frame: pd.DataFrame
    widths: Sequence[float]


def clean_text(s: str) -> str:
    """``s`` as a cell can hold it: XML-illegal and bidirectional controls removed, lone surrogates U+FFFD;
    past Excel's 32,767 characters a cell (Excel repairs a workbook with a longer one, dropping it) the text is
    cut and says so — the run's CSV holds it whole."""
    if _REMOVE.search(s):
        s = _REMOVE.sub("", s)
    if _SURROGATE.search(s):
        s = _SURROGATE.sub("\ufffd", s)
    if len(s) > CELL_CHARS // 2:  # Excel counts UTF-16 units: an emoji is two
        units = s.encode("utf-16-le", "surrogatepass")
        if len(units) > 2 * CELL_CHARS:
            keep = 2 * (CELL_CHARS - len(_CUT))
            s = units[:keep].decode("utf-16-le", "ignore") + _CUT  # a pair cut in half is dropped
    return s


def column_letter(i: int) -> str:
    """Excel's name of column ``i`` (1 → A, 27 → AA)."""
    out = ""
    while i > 0:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


class _Strings:
    """The shared-strings table: each distinct text once, cells refer to it by number."""

    def __init__(self, inline: bool = False) -> None:
        self.index: dict[str, int] = {}
        self.count = 0
        self.inline = inline

    def cell(self, ref: str, text: str) -> str:
        """A text cell for ``text`` as it is (not yet cleaned); no cell for an empty text, as Excel saves it."""
        if not text:
            return ""
        if self.inline:  # the text in the cell itself
            inner = escape(clean_text(text), _ESCAPE)
            return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{inner}</t></is></c>'
        self.count += 1
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return f'<c r="{ref}" t="s"><v>{i}</v></c>'

    def xml(self) -> bytes:
        items = "".join(
            f'<si><t xml:space="preserve">{escape(clean_text(s), _ESCAPE)}</t></si>' for s in self.index
        )
        return (
            f'{_HEAD}<sst xmlns="{_NS}" count="{self.count}" uniqueCount="{len(self.index)}">{items}</sst>'
        ).encode()


def _serial(v: dt.date) -> float | None:
    """Excel's serial number of a date or datetime, None before 1900-03-01."""
    if not isinstance(v, dt.datetime):
        v = dt.datetime(v.year, v.month, v.day)
    if v.tzinfo is not None:
        v = v.replace(tzinfo=None)  # Excel has no time zones: the wall time as shown
    if v < _FIRST_DAY:
        return None
    delta = v - _EPOCH
    days = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return int(days) if days == int(days) else days


def _value_cell(ref: str, v: Any, strings: _Strings) -> str:
    """One cell of any Python value (the slow path: object columns, which may mix types)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, str):
        return strings.cell(ref, v)
    if isinstance(v, (bool, np.bool_)):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (int, np.integer)):
        return f'<c r="{ref}"><v>{int(v)}</v></c>'
    if isinstance(v, (float, np.floating, Decimal)):
        f = float(v)
        if f != f:
            return ""
        if f in (np.inf, -np.inf):
            return strings.cell(ref, "inf" if f > 0 else "-inf")
        return f'<c r="{ref}"><v>{f!r}</v></c>'
    if isinstance(v, np.datetime64):
        if np.isnat(v):
            return ""
        v = pd.Timestamp(v)
    if isinstance(v, dt.date):  # datetime and Timestamp too
        serial = _serial(v)
        if serial is None:
            return strings.cell(ref, v.isoformat())
        style = _STYLE_DATETIME if isinstance(v, dt.datetime) else _STYLE_DATE
        return f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>'
    return strings.cell(ref, str(v))


def _column_cells(col: pd.Series, letter: str, first_row: int, strings: _Strings) -> list[str]:
    """The cells of one column, a string per row ("" for no cell); rows are numbered from ``first_row``."""
    rows = range(first_row, first_row + len(col))
    dtype = col.dtype
    if dtype == np.bool_:
        return [
            f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>' for r, v in zip(rows, col.tolist(), strict=True)
        ]
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return [f'<c r="{letter}{r}"><v>{v}</v></c>' for r, v in zip(rows, col.tolist(), strict=True)]
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        values = col.to_numpy(dtype=np.float64)
        out = [f'<c r="{letter}{r}"><v>{v!r}</v></c>' for r, v in zip(rows, values.tolist(), strict=True)]
        odd = ~np.isfinite(values)
        for i in np.flatnonzero(odd).tolist():  # NaN: no cell; ±inf: text
            v = values[i]
            out[i] = "" if v != v else strings.cell(f"{letter}{first_row + i}", "inf" if v > 0 else "-inf")
        return out
    if pd.api.types.is_datetime64_any_dtype(dtype):
        stamps = pd.DatetimeIndex(col)
        if stamps.tz is not None:
            stamps = stamps.tz_localize(None)  # Excel has no time zones: the wall time as shown
        nat = stamps.isna()
        days = ((stamps - pd.Timestamp(_EPOCH)) / pd.Timedelta(days=1)).to_numpy(dtype=np.float64)
        style = _STYLE_DATE if (stamps[~nat] == stamps[~nat].normalize()).all() else _STYLE_DATETIME
        early = np.zeros(len(stamps), dtype=bool)
        early[~nat] = stamps[~nat] < pd.Timestamp(_FIRST_DAY)
        out = []
        for r, d, missing, before in zip(rows, days.tolist(), nat, early, strict=True):
            if missing:
                out.append("")
            elif before:
                out.append(_value_cell(f"{letter}{r}", stamps[r - first_row].to_pydatetime(), strings))
            else:
                d = int(d) if d == int(d) else d
                out.append(f'<c r="{letter}{r}" s="{style}"><v>{d!r}</v></c>')
        return out
    values = col.astype(object).tolist() if not isinstance(dtype, np.dtype) else col.tolist()
    cell = strings.cell
    return [
        cell(f"{letter}{r}", v) if type(v) is str else _value_cell(f"{letter}{r}", v, strings)
        for r, v in zip(rows, values, strict=True)
    ]


def _sheet_xml(sheet: Sheet, strings: _Strings) -> bytes:
    n_cols, n_rows = len(sheet.header), len(sheet.frame)
    letters = [column_letter(i) for i in range(1, max(1, n_cols) + 1)]
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(sheet.widths, 1)
    )
    header = "".join(strings.cell(f"{letters[i]}1", str(h)) for i, h in enumerate(sheet.header))
    columns = [
        _column_cells(sheet.frame.iloc[:, i], letters[i], 2, strings) for i in range(len(sheet.frame.columns))
    ]
    parts = [
        f'{_HEAD}<worksheet xmlns="{_NS}" xmlns:r="{_NS_R}">'
        f'<dimension ref="A1:{letters[-1]}{n_rows + 1}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>',
        f"<cols>{cols}</cols>" if cols else "",
        f'<sheetData><row r="1">{header}</row>',
    ]
    if columns:
        parts.extend(
            f'<row r="{r}">{"".join(cells)}</row>' for r, cells in enumerate(zip(*columns, strict=True), 2)
        )
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode("utf-8")


def _styles() -> str:
    xf = 'fontId="0" fillId="0" borderId="0" xfId="0"'
    return (
        f'{_HEAD}<styleSheet xmlns="{_NS}">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="3"><xf numFmtId="0" {xf}/><xf numFmtId="164" {xf} applyNumberFormat="1"/>'
        f'<xf numFmtId="165" {xf} applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _package_parts(titles: Sequence[str]) -> list[tuple[str, str]]:
    """Every part but the sheets and the shared strings, as (name, XML text)."""
    ct = "application/vnd.openxmlformats-officedocument"
    n = len(titles)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    types = (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/>'
        "</Types>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    root_rels = (
        f'{_HEAD}<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    core = (
        f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>dxtext</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_FIXED_TIME}</dcterms:modified></cp:coreProperties>'
    )
    app = (
        f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>dxtext</Application></Properties>"
    )
    sheets = "".join(
        f'<sheet name={quoteattr(clean_text(t))} sheetId="{i}" r:id="rId{i}"/>'
        for i, t in enumerate(titles, 1)
    )
    workbook = (
        f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_NS_R}"><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets></workbook>"
    )
    wb_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    wb_rels = (
        f'{_HEAD}<Relationships xmlns="{_NS_PKG}">{wb_rels}'
        f'<Relationship Id="rId{n + 1}" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    return [
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/styles.xml", _styles()),
    ]


def _put(z: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    z.writestr(info, data, compresslevel=_LEVEL)


def write_workbook(sheets: Sequence[Sheet], target: str | IO[bytes], *, inline_strings: bool = False) -> None:
    """Write ``sheets`` as an XLSX workbook to ``target`` (a path or a binary file); text in a
    shared-strings table, or with ``inline_strings`` in each cell."""
    if not sheets:  # a workbook holds at least one sheet: an empty one
        sheets = [Sheet("sheet", [], pd.DataFrame(), [])]
    strings = _Strings(inline_strings)
    with zipfile.ZipFile(target, "w") as z:
        for name, text in _package_parts([s.title for s in sheets]):
            _put(z, name, text.encode("utf-8"))
        for i, sheet in enumerate(sheets, 1):  # one sheet's XML in memory at a time
            _put(z, f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet, strings))
        _put(z, "xl/sharedStrings.xml", strings.xml())  # last: the sheets fill it
