"""The layout of a table as survey systems export it: a title or notes line above the header row, trailing empty
columns, header names with control characters, and rows merged by a stray double quote.

A title line is a row with at most one filled cell above a table whose rows have two or more; such rows are
skipped and the ledger says which row was taken as the header. ``--header-row N`` chooses the header row itself
(a spreadsheet row number: 1 is the first line of the file).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from ..errors import CorpusError
from ..i18n import _
from .normalize import remove_controls

HEAD_RECORDS = 60


def _filled(record: Sequence[object]) -> int:
    return sum(1 for v in record if v is not None and str(v).strip() != "")


def find_header(records: Sequence[Sequence[object]], header_row: int | None, where: str) -> int:
    """Index (0-based) of the header among the first records of a table."""
    if header_row is not None:
        if header_row < 1:
            raise CorpusError(
                _("--header-row {row}: rows are numbered from 1 (the first line of the file).").format(
                    row=header_row
                )
            )
        if header_row > len(records):
            raise CorpusError(
                _(
                    "{where}: --header-row {row} is past the rows read ({n}); "
                    "give the number of the row that holds the column names."
                ).format(where=where, row=header_row, n=len(records))
            )
        return header_row - 1
    widths = [_filled(r) for r in records]
    if not widths or max(widths) <= 1:
        return 0
    i = 0
    while i < len(records) - 1 and widths[i] <= 1 and max(widths[i + 1 :]) >= 2:
        i += 1
    return i


def title_warning(where: str, records: Sequence[Sequence[object]], index: int) -> str:
    first = next((str(v) for r in records[:index] for v in r if v is not None and str(v).strip()), "")
    shown = f" ({first.strip()[:30]!r} …)" if first else ""
    return _(
        "{where}: row {row} is taken as the header; the {n} row{s} above it{shown} were skipped as a title — "
        "use --header-row N if the column names are in another row."
    ).format(where=where, row=index + 1, n=index, s="s" if index > 1 else "", shown=shown)


def skipped_rows_warning(where: str, records: Sequence[Sequence[object]], index: int) -> str | None:
    """``--header-row N`` skips the rows above N; when some of them have values in several columns (rows of
    the table, or its real header), say which, so that nothing is lost without a word."""
    rowlike = [i for i, r in enumerate(records[:index]) if _filled(r) >= 2]
    if not rowlike:
        return None
    first = records[rowlike[0]]
    filled = [str(v).strip()[:20] for v in first if v is not None and str(v).strip()]
    cells = ", ".join(map(repr, filled[:4])) + (" …" if len(filled) > 4 else "")
    rows = ", ".join(str(i + 1) for i in rowlike[:5]) + (" …" if len(rowlike) > 5 else "")
    return _(
        "{where}: --header-row {row} skips {n} row{s} above it, {k} of them with values in several columns "
        "(row {rows}; row {first}: {cells}) — they are not read; if they are answers or the column names, "
        "give a smaller --header-row."
    ).format(
        where=where,
        row=index + 1,
        n=index,
        s="s" if index > 1 else "",
        k=len(rowlike),
        rows=rows,
        first=rowlike[0] + 1,
        cells=cells,
    )


_BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(name: object) -> str:
    """A column name without control, bidi or zero-width characters and outer spaces."""
    return _BIDI_RE.sub("", remove_controls(str(name))).strip()


def drop_empty_unnamed(frame: pd.DataFrame, where: str, header_line: int) -> pd.DataFrame:
    """Trailing columns without a name: dropped when empty (a trailing comma on every row), else an error."""
    keep = list(frame.columns)
    while keep and (str(keep[-1]).startswith("Unnamed: ") or str(keep[-1]).startswith("\x00extra")):
        col = keep[-1]
        filled = frame[col].astype(str).str.strip() != ""
        if filled.any():
            row = int(frame.index[int(filled.to_numpy().argmax())]) + 2
            raise CorpusError(
                _(
                    "{where}: row {row} has a cell beyond the last named column (the header is row {header}); "
                    "name that column in the header, delete the cell, or use --header-row N if the header is "
                    "another row."
                ).format(where=where, row=row, header=header_line)
            )
        keep.pop()
    return frame[keep] if len(keep) != len(frame.columns) else frame


def check_merged_rows(frame: pd.DataFrame, sep: str, where: str, header_line: int) -> None:
    """Refuse rows merged by a stray double quote: a cell holding several lines that look like rows of their own."""
    ncols = len(frame.columns)
    if ncols < 2:
        return
    need = max(1, ncols - 1) if ncols >= 3 else 1
    s = "\\t" if sep == "\t" else re.escape(sep)
    # a line after a line break with at least ``need`` separators: what a row-like inner line has (in C)
    suspect = rf"\n(?:[^\n{s}]*{s}){{{need}}}"
    for col in frame.columns:
        values = frame[col].astype(str)
        multi = values.str.contains(suspect, regex=True)
        if not multi.any():
            continue
        positions = multi.to_numpy().nonzero()[0]
        # the suspect cells as Python strings at once (not one .iloc per cell)
        for pos, cell in zip(positions.tolist(), values.iloc[positions].tolist(), strict=True):
            inner = cell.split("\n")[1:]
            rowlike = [
                line
                for line in inner
                if line.count(sep) >= need and 0 < len(line.split(sep, 1)[0].strip()) <= 20
            ]
            if len(rowlike) >= (1 if ncols >= 3 else 2):
                before = frame.iloc[:pos]
                line = (
                    header_line
                    + 1
                    + pos
                    + int(sum(before[c].astype(str).str.count("\n").sum() for c in frame.columns))
                )
                raise CorpusError(
                    _(
                        "{where}: line {line}, column {column!r}: the cell runs over {lines} lines, {rowlike} "
                        'of which look like rows of their own — an unmatched double quote (") merges them; '
                        "remove the stray quote (or double it) in that line and the next one with a quote."
                    ).format(where=where, line=line, column=col, lines=len(inner) + 1, rowlike=len(rowlike))
                )


def column_letter(i: int) -> str:
    """The spreadsheet column letters of the 0-based column ``i`` (0 → A, 25 → Z, 26 → AA)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
