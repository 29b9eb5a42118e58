"""Survey files as frames of strings: CSV/TSV located (title rows above the header) and parsed, JSONL read,
header cells checked. Each frame's index + 2 is the spreadsheet row of its record.

A CSV/TSV is parsed by Arrow's reader when it gives the frame pandas' C parser gives (every row as wide as a
header of distinct names, two columns or more; about twice as fast on a million answers, with no Python string
per cell), else by pandas; tests/io/test_frames.py compares the two on hostile tables."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CorpusError
from ..i18n import _
from .layout import (
    HEAD_RECORDS,
    check_merged_rows,
    clean_name,
    column_letter,
    drop_empty_unnamed,
    find_header,
    skipped_rows_warning,
    title_warning,
)


def _frame_from_csv(
    path: Path, text: str, sep: str, *, header_row: int | None = None, warnings: list[str] | None = None
) -> pd.DataFrame:
    """A CSV/TSV text as a frame of strings whose index + 2 is the spreadsheet row of each record.

    pandas reads UTF-8 bytes, not the decoded text through ``io.StringIO`` (quadratic in the file size on
    Japanese text); the header may sit below title lines (see :mod:`.layout`). A caller that can let go of
    the decoded text before parsing (a million answers: 190 MiB) calls :func:`_csv_bytes`, drops the text, then
    :func:`_frame_from_bytes`."""
    return _frame_from_bytes(path, _csv_bytes(path, text, sep, header_row=header_row, warnings=warnings))


@dataclass
class _CsvBytes:
    """A CSV/TSV text located: its bytes from the header row on, and what parsing them needs to know."""

    data: bytes  # UTF-8, from the header row on
    sep: str
    h: int  # the header's index among the first records (the title rows above it are skipped)
    header_line: int  # the physical line of the header (1 = the first line)
    records: list[list[str]]  # the first records of the file (the header among them)
    header_text: str  # the header's physical line
    newlines: int  # line breaks in ``data``


def _csv_bytes(
    path: Path, text: str, sep: str, *, header_row: int | None = None, warnings: list[str] | None = None
) -> _CsvBytes:
    first = text.split("\n", 1)[0]
    if sep == "," and "\t" in first and "," not in first:
        sep = "\t"
    head = text[: 1 << 16]
    if len(head) < len(text) and "\n" in head:
        head = head[: head.rindex("\n")]
    records = list(itertools.islice(csv.reader(io.StringIO(head), delimiter=sep), HEAD_RECORDS))
    h = find_header(records, header_row, str(path)) if records else 0
    # the physical line where the header starts (title lines are one line each; a record may span lines)
    offset = 0
    for r in records[:h]:
        lines_in = 1 + sum(cell.count("\n") for cell in r)
        for _ignored in range(lines_in):
            nl = text.find("\n", offset)
            offset = len(text) if nl < 0 else nl + 1
    header_line = text.count("\n", 0, offset) + 1
    if h and warnings is not None:
        skipped = (
            skipped_rows_warning(str(path), records, h)
            if header_row
            else title_warning(str(path), records, h)
        )
        if skipped:
            warnings.append(skipped)
    return _CsvBytes(
        data=text[offset:].encode("utf-8"),
        sep=sep,
        h=h,
        header_line=header_line,
        records=records,
        header_text=text[offset : text.find("\n", offset) + 1 or None],
        newlines=text.count("\n", offset),  # "\n" is one byte in UTF-8, never part of another character
    )


def _frame_from_bytes(path: Path, located: _CsvBytes) -> pd.DataFrame:
    """The frame of a located CSV/TSV (see :func:`_frame_from_csv`); its bytes are let go once parsed."""
    data, located.data = located.data, b""
    sep, h, header_line, records = located.sep, located.h, located.header_line, located.records
    read = dict(sep=sep, dtype=str, keep_default_na=False, na_filter=False, engine="c", encoding="utf-8")
    try:
        frame = _arrow_frame(data, sep, read)
        if frame is None:
            frame = pd.read_csv(io.BytesIO(data), **read)
        if not isinstance(frame.index, pd.RangeIndex):  # rows wider than the header: pandas took ids as index
            header = next(csv.reader(io.StringIO(located.header_text), delimiter=sep))
            width = max(len(header), *(len(r) for r in records[h + 1 :])) if records[h + 1 :] else len(header)
            width = max(width, len(header) + frame.index.nlevels)
            names = [*header, *(f"\x00extra{i}" for i in range(width - len(header)))]
            frame = pd.read_csv(io.BytesIO(data), header=None, skiprows=1, names=names, **read)
    except pd.errors.EmptyDataError:
        raise CorpusError(
            _("{path}: no header and no rows; export the survey again with a header row.").format(path=path)
        ) from None
    except pd.errors.ParserError as e:
        msg = str(e).strip().splitlines()[-1]
        msg = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + header_line - 1}", msg)
        raise CorpusError(
            _(
                "{path}: malformed CSV ({detail}); a field with a comma or line break must be in double quotes — "
                "open and save it again in Excel, or check that line (or give --header-row N)."
            ).format(path=path, detail=msg)
        ) from None
    del data
    frame.index = pd.RangeIndex(h, h + len(frame))
    frame.columns = [c if str(c).startswith("\x00extra") else clean_name(c) for c in frame.columns]
    frame = drop_empty_unnamed(frame, str(path), h + 1)
    _check_header(path, [str(c) for c in frame.columns], csv_like=True, header_line=h + 1)
    if not len(frame):
        raise CorpusError(
            _(
                "{path}: the file has no answers: the header (row {row}) has no data rows below it; "
                "export the survey again."
            ).format(path=path, row=h + 1)
        )
    if located.newlines > len(frame) + 1:  # some cell holds a line break: look for rows merged by a quote
        check_merged_rows(frame, sep, str(path), header_line)
    return frame


def _check_header(path: Path, header: list[str], *, csv_like: bool, header_line: int = 1) -> None:
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        letter = column_letter(i)
        if csv_like and (name.startswith("Unnamed: ") or not name):
            raise CorpusError(
                _("{path}: header cell {cell} is blank; give every column a name in row {row}.").format(
                    path=path, cell=f"{letter}{header_line}", row=header_line
                )
            )
        base = name.rsplit(".", 1)[0] if csv_like and name.rsplit(".", 1)[-1].isdigit() else name
        if base in seen and base in header[:i]:
            raise CorpusError(
                _(
                    "{path}: column name {name!r} appears twice (cells {first} and {second}); rename one of them."
                ).format(
                    path=path,
                    name=base,
                    first=f"{column_letter(seen[base])}{header_line}",
                    second=f"{letter}{header_line}",
                )
            )
        seen.setdefault(name, i)


def _json_cell(v: Any) -> str:
    """A JSON value as the text a person reads: strings as they are, numbers as JSON writes them (1 stays 1,
    never 1.0), true/false, null as empty, arrays and objects as JSON."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _frame_from_jsonl(path: Path, text: str) -> pd.DataFrame:
    records: list[dict[str, str]] = []
    lines: list[int] = []
    columns: dict[str, None] = {}
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise CorpusError(
                _(
                    "{path}: line {line}, column {column}: not valid JSON ({error}); one object a line."
                ).format(path=path, line=n, column=e.colno, error=e.msg)
            ) from None
        except RecursionError:
            raise CorpusError(
                _("{path}: line {line}: JSON nested too deeply; one flat object a line.").format(
                    path=path, line=n
                )
            ) from None
        if not isinstance(obj, dict):
            raise CorpusError(
                _("{path}: line {line}: expected a JSON object {{…}} on each line.").format(path=path, line=n)
            )
        record = {}
        for k, v in obj.items():
            name = clean_name(k)
            columns.setdefault(name)
            record[name] = _json_cell(v)
        records.append(record)
        lines.append(n)
    if not records:
        raise CorpusError(
            _('{path}: no JSON objects; one object a line, e.g. {{"id": 1, "text": "…"}}.').format(path=path)
        )
    names = list(columns)
    frame = pd.DataFrame([[r.get(c, "") for c in names] for r in records], columns=names, dtype=str)
    frame.index = pd.Index([n - 2 for n in lines])  # so that row = index + 2 gives the line number
    return frame


#: the text of every field of the row read after the data (see _arrow_frame); control characters no CSV field
#: of a survey export holds
_END_MARK = "\x01dxtext-end\x02"


class _Joined(io.RawIOBase):
    """The bytes of ``first`` then ``second`` as one stream, without joining them in memory."""

    def __init__(self, first: bytes, second: bytes) -> None:
        self._parts = [memoryview(first), memoryview(second)]

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while self._parts and not len(self._parts[0]):
            self._parts.pop(0)
        if not self._parts:
            return 0
        part = self._parts[0]
        n = min(len(b), len(part))
        b[:n] = part[:n]
        self._parts[0] = part[n:]
        return n


def _arrow_frame(data: bytes, sep: str, read: dict[str, Any]) -> pd.DataFrame | None:
    """The frame ``pd.read_csv(data, **read)`` gives, read by Arrow's CSV reader; None when it might differ.

    Taken only when pandas names the columns as they stand in the header (distinct, none blank: pandas would
    rename them), there are two columns or more (pandas skips a line of spaces in a one-column file, where it
    is a value for Arrow) and every row has as many fields as the header (else Arrow refuses; pandas pads
    short rows and takes the first fields of wide ones as an index). Values stay as written: strings, never
    null, quotes and line breaks in quoted fields as pandas reads them."""
    if b"\x00" in data or data.startswith(b"\xef\xbb\xbf"):
        return None
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    try:
        names = pd.read_csv(io.BytesIO(data), nrows=0, **read).columns.tolist()
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    if len(names) < 2 or len(set(names)) != len(names) or not all(isinstance(n, str) for n in names):
        return None
    # Arrow closes a quoted field left open at the end of the data, where pandas refuses the file ("EOF inside
    # string"): a row of markers is read after the data; it comes out as a row of its own only when the data
    # ended outside quotes (else it is swallowed into the open field), and is then dropped.
    end = sep.join([_END_MARK] * len(names)).encode()
    try:
        table = pa_csv.read_csv(
            io.BufferedReader(_Joined(data, b"\n" + end + b"\n"), buffer_size=1 << 20),
            read_options=pa_csv.ReadOptions(use_threads=False, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.large_string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.column_names != names or table.num_rows < 2:
        return None
    last = table.slice(table.num_rows - 1)
    if any(last.column(n)[0].as_py() != _END_MARK for n in names):
        return None  # the data ended inside a quoted field: pandas says so
    table = table.slice(0, table.num_rows - 1)
    columns = {}
    for n in names:
        columns[n] = pd.array(table.column(n), dtype="str")
    del table
    return pd.DataFrame(columns)
