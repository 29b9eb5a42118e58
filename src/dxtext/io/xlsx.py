"""Reading a survey sheet from an XLSX workbook as Excel shows it.

* The sheet: ``--sheet NAME``, else the active sheet (the one the user saw when saving) if it is visible, else
  the first visible one; the ledger names the sheet read when the workbook has several.
* Every row: openpyxl's read-only mode trusts the sheet's ``<dimension>`` record, which some exporters leave
  stale; the dimensions are reset so every row and column is read, as Excel and LibreOffice do.
* Merged cells hold their value in the top-left cell only: every cell of a merged range gets that value (a group
  label merged down a column belongs to every row of the group); a header merged across columns names each of
  them (``回答``, ``回答_2`` …).
* A formula cell saved without its value (by a program that does not compute formulas) is refused with the cell
  named: reading it as an empty answer would be silently wrong.
* A title row above the header is skipped as in CSV files (see :mod:`.layout`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CorpusError
from ..i18n import _
from .layout import HEAD_RECORDS, clean_name, column_letter, find_header, skipped_rows_warning, title_warning

_MERGE_RE = re.compile(rb'<mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL_RE = re.compile(rb"<c\s([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF_RE = re.compile(rb'\br="([A-Z]+\d+)"')
_VALUE_RE = re.compile(rb"<v>[^<]|<is>", re.S)


def _col(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_xml(path: Path, ws: Any) -> bytes:
    member = getattr(ws, "_worksheet_path", None)
    if not member:
        return b""
    try:
        with zipfile.ZipFile(path) as z:
            return z.read(member.lstrip("/"))
    except (OSError, KeyError, zipfile.BadZipFile):
        return b""


def _formulas_without_values(xml: bytes) -> list[str]:
    if b"<f" not in xml:
        return []
    refs = []
    for m in _CELL_RE.finditer(xml):
        body = m.group(2) or b""
        if b"<f" in body and not _VALUE_RE.search(body):
            ref = _REF_RE.search(m.group(1))
            refs.append(ref.group(1).decode() if ref else "?")
    return refs


def frame_from_xlsx(
    path: Path, sheet: str | None, *, header_row: int | None = None, warnings: list[str] | None = None
) -> pd.DataFrame:
    """The sheet as a frame of strings whose index + 2 is the sheet's row number of each record."""
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a broken file
        raise CorpusError(
            _(
                "{path}: cannot be opened as an Excel workbook ({error}); save it again as .xlsx or CSV."
            ).format(path=path, error=type(e).__name__)
        ) from None
    notes: list[str] = []
    try:
        ws = _choose_sheet(wb, sheet, path, notes)
        ws.reset_dimensions()  # a stale <dimension> record must not hide rows or columns
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        xml = _sheet_xml(path, ws)
        title = ws.title
    finally:
        wb.close()
    missing = _formulas_without_values(xml)
    if missing:
        more = _(" (and {n} more cells)").format(n=len(missing) - 1) if len(missing) > 1 else ""
        raise CorpusError(
            _(
                "{path}: sheet {sheet!r}, cell {cell}: a formula saved without its value{more} — open the file in "
                "Excel and save it again (Excel stores the values), or paste the cells as values."
            ).format(path=path, sheet=title, cell=missing[0], more=more)
        )
    while grid and all(v is None or str(v).strip() == "" for v in grid[-1]):
        grid.pop()
    if not grid:
        raise CorpusError(
            _("{path}: the sheet {sheet!r} is empty; put a header in row 1.").format(path=path, sheet=title)
        )
    h = find_header(grid[:HEAD_RECORDS], header_row, str(path))
    merges = [
        (_col(a), int(r1) - 1, _col(b or a), int(r2 or r1) - 1) for a, r1, b, r2 in _MERGE_RE.findall(xml)
    ]
    width = max(len(r) for r in grid)
    for r in grid:
        r.extend([None] * (width - len(r)))
    filled = 0
    for c1, r1, c2, r2 in merges:
        if r2 < h or r1 >= len(grid):
            continue
        value = grid[r1][c1]
        for r in range(max(r1, h), min(r2, len(grid) - 1) + 1):
            for c in range(c1, min(c2, width - 1) + 1):
                if r == r1 and c == c1:
                    continue
                if r == h:  # a header merged across columns names each of them
                    grid[r][c] = f"{value}_{c - c1 + 1}" if value is not None else None
                else:
                    grid[r][c] = value
                    filled += 1
    if filled:
        example = next(
            f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}" for c1, r1, c2, r2 in merges if r2 > h
        )
        notes.append(
            _(
                "{path}: {n} cells of merged ranges (e.g. {example}) take the value of their top-left cell, "
                "as Excel shows them."
            ).format(path=path, n=filled, example=example)
        )
    if h:
        skipped = (
            skipped_rows_warning(str(path), grid, h) if header_row else title_warning(str(path), grid, h)
        )
        if skipped:
            notes.append(skipped)
    header_cells = grid[h]
    while header_cells and (header_cells[-1] is None or str(header_cells[-1]).strip() == ""):
        header_cells = header_cells[:-1]
    header = []
    for i, v in enumerate(header_cells):
        name = "" if v is None else clean_name(_cell_text(v))
        if not name:
            raise CorpusError(
                _(
                    "{path}: header cell {cell} of sheet {sheet!r} is blank; "
                    "give every column a name in row {row} (or use --header-row N)."
                ).format(path=path, cell=f"{column_letter(i)}{h + 1}", sheet=title, row=h + 1)
            )
        header.append(name)
    n = len(header)
    data = []
    for k, values in enumerate(grid[h + 1 :]):
        extra = [v for v in values[n:] if v is not None and str(v).strip() != ""]
        if extra:
            col = n + next(i for i, v in enumerate(values[n:]) if v is not None and str(v).strip() != "")
            raise CorpusError(
                _(
                    "{path}: sheet {sheet!r}, cell {cell}: a value beyond the last named "
                    "column; name that column in row {row}, delete the value, or use --header-row N."
                ).format(path=path, sheet=title, cell=f"{column_letter(col)}{h + k + 2}", row=h + 1)
            )
        data.append(["" if v is None else _cell_text(v) for v in values[:n]])
    if not data:
        raise CorpusError(
            _(
                "{path}: the sheet {sheet!r} has a header (row {row}) but no data rows below it; "
                "put the answers below the header, or choose another sheet with --sheet."
            ).format(path=path, sheet=title, row=h + 1)
        )
    if warnings is not None:
        warnings.extend(notes)
    frame = pd.DataFrame(data, columns=header, dtype=str)
    frame.index = pd.RangeIndex(h, h + len(frame))
    return frame


def _choose_sheet(wb: Any, sheet: str | None, path: Path, notes: list[str]) -> Any:
    if sheet is not None:
        if sheet not in wb.sheetnames:
            from .survey import _unknown_column_message

            raise CorpusError(_unknown_column_message(sheet, wb.sheetnames, "sheet", str(path)))
        return wb[sheet]
    visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if not visible:
        raise CorpusError(
            _("{path}: every sheet is hidden; name the one to read with --sheet.").format(path=path)
        )
    active = wb.active
    ws = active if active is not None and active in visible else visible[0]
    if len(wb.worksheets) > 1:
        others = [w.title for w in wb.worksheets if w is not ws]
        hidden = [w.title for w in wb.worksheets if w not in visible]
        hidden_note = (
            _(" (hidden: {names})").format(names=", ".join(repr(t) for t in hidden[:10])) if hidden else ""
        )
        notes.append(
            _(
                "{path}: read the sheet {sheet!r} ({which}); other sheets: {others}{hidden} — choose another with --sheet NAME."
            ).format(
                path=path,
                sheet=ws.title,
                which=_("the active one") if ws is active else _("the first visible one"),
                others=", ".join(repr(t) for t in others[:10]),
                hidden=hidden_note,
            )
        )
    return ws


def _cell_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
