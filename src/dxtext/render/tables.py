"""Tables for Excel: CSV in UTF-8 with a BOM (Excel reads it correctly) and XLSX workbooks.

Cells that Excel would run as formulas — text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, in the body and in the header — are written as text: in CSV with a leading apostrophe (a text that is a
plain number, such as ``-5``, stays as it is), in XLSX as string cells. Bidirectional controls (U+202A–202E,
U+2066–2069, U+200E/200F, U+061C) are removed from every cell, so a table shows what it holds.

A workbook sheet holds at most :data:`XLSX_SHEET_CELLS` cells (and never more than Excel's 1,048,576 rows): a
larger table (the per-document sheet of a large corpus) keeps its first rows, and a sheet ``notes`` says how
many rows are in the workbook, how many in the table, and which CSV of the run folder has all of them. An
uncapped document sheet was 55 % of `dxtext topics` on 58k answers and 80 % on 930k when openpyxl wrote it
(about 80,000 cells a second), and would pass Excel's limit at about a million documents. Workbooks are now
written by :mod:`dxtext.render.xlsx_writer`, about 650,000 cells a second (benchmarks/xlsx_write.py).

Column headings and sheet names are written in the interface language (``dxtext.i18n.column`` / ``sheet``): a
person reads 語 and 出現回数 in Japanese; the English name of each column stays the stable one (the DataFrames
in ``RunResult.tables`` keep it, and each run's metadata.json maps the heading of every CSV column to it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..files import atomic_write as _atomic_write
from ..files import write_text
from ..i18n import column, sheet
from .xlsx_writer import Sheet, clean_text, write_workbook

__all__ = ["capped_sheets", "write_csv", "write_text", "write_xlsx", "xlsx_row_limit"]

#: Excel's row limit per sheet (the header included).
EXCEL_MAX_ROWS = 1_048_576
#: Cells per sheet above which a table is cut to its first rows (at least XLSX_MIN_ROWS), with a note.
XLSX_SHEET_CELLS = 300_000
XLSX_MIN_ROWS = 1_000

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NUMBER = re.compile(r"-(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")  # a negative number Excel reads as one


def _defuse(value: object) -> object:
    if not isinstance(value, str):
        return value
    if _BIDI.search(value):
        value = _BIDI.sub("", value)
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` as CSV, UTF-8 with BOM, no index; atomically (temp file + rename)."""
    p = Path(path)
    out = frame
    for i in range(len(frame.columns)):
        col = frame.iloc[:, i]
        if not (col.dtype == object or pd.api.types.is_string_dtype(col)):
            continue
        # vectorised test first (a Python call per cell was half the time of writing a million-row table); only
        # the cells it flags go through _defuse, which leaves every other cell as it is
        text = col.astype("str")
        flagged = (
            text.str.startswith(_FORMULA_START) | text.str.contains(_BIDI.pattern, regex=True)
        ).to_numpy(dtype=bool)
        if flagged.any():
            if out is frame:
                out = frame.copy()
            out.iloc[flagged, i] = col[flagged].map(_defuse).to_numpy()
    if out is frame:
        out = frame.copy(deep=False)
    if not isinstance(out.columns, pd.MultiIndex):
        out.columns = headings(out.columns)
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples([tuple(_defuse(str(x)) for x in t) for t in out.columns])
    else:
        out.columns = [_defuse(str(c)) for c in out.columns]
    _atomic_write(p, lambda f: out.to_csv(f, index=False, encoding="utf-8-sig", lineterminator="\r\n"))
    return p


#: Excel's widest sheet (XFD); a wider table keeps its first columns and names how many are left out
XLSX_MAX_COLUMNS = 16_384


def xlsx_row_limit(n_columns: int, *, max_cells: int = XLSX_SHEET_CELLS) -> int:
    """Data rows a sheet of ``n_columns`` columns gets: ``max_cells`` cells, at least XLSX_MIN_ROWS rows,
    never more than Excel allows below the header."""
    return min(EXCEL_MAX_ROWS - 1, max(XLSX_MIN_ROWS, max_cells // max(1, n_columns)))


def capped_sheets(
    sheets: Mapping[str, pd.DataFrame], *, max_cells: int = XLSX_SHEET_CELLS
) -> dict[str, tuple[int, int]]:
    """The sheets :func:`write_xlsx` cuts: name → (rows written, rows in the table)."""
    out = {}
    for name, frame in sheets.items():
        limit = xlsx_row_limit(len(frame.columns), max_cells=max_cells)
        if len(frame) > limit:
            out[str(name)] = (limit, len(frame))
    return out


def write_xlsx(
    sheets: Mapping[str, pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    max_cells: int = XLSX_SHEET_CELLS,
    full_tables: Mapping[str, str] | None = None,
) -> Path:
    """One workbook, a sheet per table; text cells stay text; header row frozen, widths fitted.

    A table of more than ``max_cells`` cells keeps its first rows (see :func:`xlsx_row_limit`; never over
    Excel's 1,048,576 rows), and a last sheet ``notes`` names each cut sheet, its rows in the workbook and in
    the table, and the file with all of them (``full_tables``: sheet → file name; default ``<sheet>.csv``).

    Written by :mod:`dxtext.render.xlsx_writer` (cells made a column at a time): a 300,000-cell document
    sheet of the Fukui survey in 0.45 s, six times faster than openpyxl's write-only mode (2.7 s;
    benchmarks/xlsx_write.py)."""
    p = Path(path)
    cut = capped_sheets(sheets, max_cells=max_cells)
    if cut:
        files = dict(full_tables or {})
        note = pd.DataFrame(
            [
                {
                    "sheet": name,
                    "rows_here": here,
                    "rows_in_table": total,
                    "note": f"この表は先頭 {here:,} 行だけです（全 {total:,} 行）。全行は "
                    f"{files.get(name, f'{name}.csv')} にあります。 / The first {here:,} of {total:,} rows; "
                    f"all rows are in {files.get(name, f'{name}.csv')}.",
                }
                for name, (here, total) in cut.items()
            ]
        )
        sheets = {**sheets, "notes": note}
    out: list[Sheet] = []
    used: set[str] = set()
    for name, frame in sheets.items():
        if str(name) in cut:
            frame = frame.iloc[: cut[str(name)][0]]
        title = _SHEET_BAD.sub("_", clean_text(sheet(str(name))))[:31] or "sheet"
        base, n = title, 2
        while title in used:
            title = f"{base[:28]}_{n}"
            n += 1
        used.add(title)
        if len(frame.columns) > XLSX_MAX_COLUMNS:  # Excel's limit: say what is left out
            more = len(frame.columns) - (XLSX_MAX_COLUMNS - 1)
            frame = frame.iloc[:, : XLSX_MAX_COLUMNS - 1].assign(
                **{f"(+{more:,} columns beyond Excel's limit: see the CSV)": ""}
            )
        sample = frame.head(200)
        widths = []
        for i, col in enumerate(frame.columns):
            values = [str(col)] + [str(v) for v in sample.iloc[:, i].tolist()]
            width = max((_display_width(v) for v in values), default=8)
            widths.append(min(60, max(8, width + 2)))
        shown = headings(frame.columns) if not isinstance(frame.columns, pd.MultiIndex) else frame.columns
        out.append(Sheet(title, [str(c) for c in shown], frame, widths))
    _atomic_write(p, lambda tmp: write_workbook(out, tmp), binary=True)
    return p


def headings(columns: pd.Index) -> list[str]:
    """The column headings as a person reads them (the interface language); a heading that would repeat
    another keeps its stable name."""
    shown = [column(str(c)) for c in columns]
    if len(set(shown)) < len(shown):
        seen: set[str] = set()
        for i, (c, label) in enumerate(zip(columns, shown, strict=True)):
            if label in seen:
                shown[i] = str(c)
            seen.add(shown[i])
    return shown


def stable_names(labels: list[str]) -> dict[str, str]:
    """{heading: stable English name} for the headings of a table written in the interface language."""
    from ..i18n import column_names

    back = {label: name for name, label in column_names().items()}
    return {label: back.get(label, label) for label in labels}


def _display_width(s: str) -> int:
    first = s.split("\n", 1)[0][:80]
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in first)
