"""Survey files → documents: CSV/TSV, XLSX and JSONL read into frames of strings, header checks, the guess of
which columns hold the answers, one document per answer, and the join of a separate respondent file."""

from __future__ import annotations

import difflib
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import CorpusError
from ..i18n import N_, _
from .encoding import _check_path, read_text_file
from .ledger import BASE_COLUMNS, STATUSES, FileLedger, _file_ledger, _file_sha256, _status_of
from .normalize import NonAnswerDetector, normalize_text

if TYPE_CHECKING:
    from .corpus import Corpus


#: what an unknown name was asked as (translated in the message)
_KINDS = (N_("sheet"), N_("attribute"), N_("--id-col column"), N_("--text-col column"), N_("--on key column"))


def _unknown_column_message(name: str, columns: Sequence[str], what: str, where: str) -> str:
    close = difflib.get_close_matches(name, [str(c) for c in columns], n=3, cutoff=0.4)
    hint = _(" Did you mean {names}?").format(names=", ".join(repr(c) for c in close)) if close else ""
    shown = ", ".join(repr(str(c)) for c in list(columns)[:30])
    return _("{where}: no {what} {name!r}.{hint} Columns are: {shown}.").format(
        where=where, what=_(what), name=name, hint=hint, shown=shown
    )


def _frame_from_csv(path: Path, text: str, sep: str) -> pd.DataFrame:
    first = text.split("\n", 1)[0]
    if sep == "," and "\t" in first and "," not in first:
        sep = "\t"
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_filter=False, engine="c"
        )
    except pd.errors.EmptyDataError:
        raise CorpusError(
            f"{path}: no header and no rows; export the survey again with a header row."
        ) from None
    except pd.errors.ParserError as e:
        msg = str(e).strip().splitlines()[0]
        raise CorpusError(
            f"{path}: malformed CSV ({msg}); a field with a comma or line break must be in double quotes — "
            "open and save it again in Excel, or check that line."
        ) from None
    _check_header(path, [str(c) for c in frame.columns], csv_like=True)
    return frame


def _check_header(path: Path, header: list[str], *, csv_like: bool) -> None:
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        letter = _column_letter(i)
        if csv_like and name.startswith("Unnamed: "):
            raise CorpusError(f"{path}: header cell {letter}1 is blank; give every column a name in row 1.")
        base = name.rsplit(".", 1)[0] if csv_like and name.rsplit(".", 1)[-1].isdigit() else name
        if base in seen and base in header[:i]:
            raise CorpusError(
                f"{path}: column name {base!r} appears twice (cells {_column_letter(seen[base])}1 and {letter}1); "
                "rename one of them."
            )
        seen.setdefault(name, i)


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _frame_from_xlsx(path: Path, sheet: str | None) -> pd.DataFrame:
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a broken file
        raise CorpusError(
            f"{path}: cannot be opened as an Excel workbook ({type(e).__name__}); save it again as .xlsx or CSV."
        ) from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet not in wb.sheetnames:
            raise CorpusError(_unknown_column_message(sheet, wb.sheetnames, "sheet", str(path)))
        else:
            ws = wb[sheet]
        rows = ws.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None or all(v is None for v in header_row):
            raise CorpusError(f"{path}: the sheet {ws.title!r} is empty; put a header in row 1.")
        while header_row and header_row[-1] is None:
            header_row = header_row[:-1]
        header = []
        for i, v in enumerate(header_row):
            if v is None or str(v).strip() == "":
                raise CorpusError(
                    f"{path}: header cell {_column_letter(i)}1 of sheet {ws.title!r} is blank; "
                    "give every column a name in row 1."
                )
            header.append(str(v).strip())
        _check_header(path, header, csv_like=False)
        width = len(header)
        data = []
        for values in rows:
            cells = list(values[:width]) + [None] * (width - len(values))
            data.append(["" if v is None else _cell_text(v) for v in cells])
    finally:
        wb.close()
    return pd.DataFrame(data, columns=header, dtype=str)


def _cell_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _frame_from_jsonl(path: Path, text: str) -> pd.DataFrame:
    records = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise CorpusError(
                f"{path}: line {n}, column {e.colno}: not valid JSON ({e.msg}); one object a line."
            ) from None
        if not isinstance(obj, dict):
            raise CorpusError(f"{path}: line {n}: expected a JSON object {{…}} on each line.")
        obj["__line__"] = n
        records.append(obj)
    if not records:
        raise CorpusError(f'{path}: no JSON objects; one object a line, e.g. {{"id": 1, "text": "…"}}.')
    frame = pd.DataFrame.from_records(records)
    lines = frame.pop("__line__").astype(int)
    frame = frame.fillna("").astype(str)
    frame.index = pd.Index(lines - 2)  # so that row = index + 2 gives the line number
    return frame


TEXT_COLUMN_NAMES = ("text", "本文", "回答", "自由記述", "answer", "comment", "意見", "テキスト")


def guess_text_columns(frame: pd.DataFrame, exclude: Sequence[str] = ()) -> list[str]:
    """Columns that hold free text: a column named like 'text'/'自由記述', else long, varied string columns."""
    cols = [c for c in frame.columns if c not in exclude]
    for c in cols:
        if str(c).strip().lower() in TEXT_COLUMN_NAMES:
            return [c]
    picked = []
    sample = frame.head(2000)
    for c in cols:
        s = sample[c].astype(str)
        filled = s[s.str.strip() != ""]
        if len(filled) < 3:
            continue
        long_share = (filled.str.len() >= 12).mean()
        unique_share = filled.nunique() / len(filled)
        numeric = filled.str.fullmatch(r"[\d\s.,:/\-]+").mean()
        if long_share >= 0.3 and unique_share >= 0.5 and numeric < 0.5:
            picked.append(c)
    return picked


def _survey_docs(
    path: Path,
    *,
    text_cols: Sequence[str] | None,
    id_col: str | None,
    encoding: str | None,
    sheet: str | None,
    detector: NonAnswerDetector,
) -> tuple[pd.DataFrame, list[str], FileLedger, list[str]]:
    """The documents of a survey file: (docs, attributes, the file's ledger line, the text columns)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _check_path(path)
        frame = _frame_from_xlsx(path, sheet)
        codec, fmt = "xlsx", "xlsx"
    else:
        text, codec = read_text_file(path, encoding)
        if suffix in (".jsonl", ".ndjson"):
            frame, fmt = _frame_from_jsonl(path, text), "jsonl"
        else:
            fmt = "tsv" if suffix in (".tsv", ".tab") else "csv"
            frame = _frame_from_csv(path, text, "\t" if fmt == "tsv" else ",")
    if not len(frame.columns):
        raise CorpusError(f"{path}: no columns; put a header row first.")
    columns = [str(c) for c in frame.columns]
    if id_col is not None and id_col not in columns:
        raise CorpusError(_unknown_column_message(id_col, columns, "--id-col column", str(path)))
    if text_cols:
        for c in text_cols:
            if c not in columns:
                raise CorpusError(_unknown_column_message(c, columns, "--text-col column", str(path)))
        tcols = list(dict.fromkeys(text_cols))
    else:
        tcols = guess_text_columns(frame, exclude=[id_col] if id_col else [])
        if not tcols:
            raise CorpusError(
                f"{path}: cannot tell which column holds the answers; name it with --text-col. "
                f"Columns are: {', '.join(repr(c) for c in columns[:30])}."
            )
    if id_col and id_col in tcols:
        raise CorpusError(f"{path}: {id_col!r} is both --id-col and --text-col; choose another id column.")
    rows = (frame.index.to_numpy() + 2).tolist()  # spreadsheet row numbers: header is row 1
    if id_col:
        ids = frame[id_col].astype(str).str.strip()
        blank = ids == ""
        if blank.any():
            r = rows[int(blank.to_numpy().argmax())]
            raise CorpusError(f"{path}: row {r}: the id column {id_col!r} is empty; every row needs an id.")
        dup = ids.duplicated(keep=False)
        if dup.any():
            first = ids[dup].iloc[0]
            where = [rows[i] for i in range(len(ids)) if ids.iloc[i] == first][:5]
            raise CorpusError(
                f"{path}: duplicate id {first!r} in column {id_col!r} (rows {', '.join(map(str, where))}); "
                "ids must be unique — fix them or leave out --id-col to number rows."
            )
        base_ids = ids.tolist()
    else:
        base_ids = [f"r{r}" for r in rows]
    attributes = [c for c in columns if c not in tcols and c != id_col]
    pieces = []
    multi = len(tcols) > 1
    for q, col in enumerate(tcols, 1):
        raw = frame[col].astype(str)
        piece = pd.DataFrame(
            {
                "doc_id": [f"{i}#{q}" for i in base_ids] if multi else base_ids,
                "text": [normalize_text(t) for t in raw],
                "source": str(path),
                "row": rows,
            }
        )
        for a in attributes:
            piece[a] = _clean_column(frame[a].astype(str)).to_numpy()
        if multi:
            piece["question"] = col
        pieces.append(piece)
    docs = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
    if multi:
        # keep a respondent's answers together, in file order
        docs = docs.assign(
            _q=[i // len(frame) for i in range(len(docs))], _r=[i % len(frame) for i in range(len(docs))]
        )
        docs = docs.sort_values(["_r", "_q"], kind="stable").drop(columns=["_q", "_r"]).reset_index(drop=True)
        attributes = [*attributes, "question"]
    docs.insert(2, "status", [_status_of(t, detector) for t in docs["text"]])
    docs = docs[[*BASE_COLUMNS, *attributes]]
    return docs, attributes, _file_ledger(path, fmt, codec, len(frame), docs), tcols


def _clean_attr(v: str) -> str:
    return normalize_text(v) if v else ""


_PLAIN_ASCII = re.compile(r"[!-~]+(?: [!-~]+)*")


def _clean_column(column: pd.Series) -> pd.Series:
    """``_clean_attr`` on each distinct value once (attribute columns repeat a few values: 年代, 性別 …);
    printable ASCII with single inner spaces (ids, dates) is already normal and kept as it is."""
    cleaned = {v: v if _PLAIN_ASCII.fullmatch(v) else _clean_attr(v) for v in column.unique()}
    return column.map(cleaned)


def _join_attributes(corpus: Corpus, path: Path, *, on: str, encoding: str | None) -> None:
    if on not in corpus.docs.columns:
        raise CorpusError(_unknown_column_message(on, corpus.attributes, "--on key column", corpus.name))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _check_path(path)
        frame = _frame_from_xlsx(path, None)
    elif suffix in (".jsonl", ".ndjson"):
        text, _ignored = read_text_file(path, encoding)
        frame = _frame_from_jsonl(path, text)
    else:
        text, _ignored = read_text_file(path, encoding)
        frame = _frame_from_csv(path, text, "\t" if suffix in (".tsv", ".tab") else ",")
    if on not in frame.columns:
        raise CorpusError(_unknown_column_message(on, list(frame.columns), "--on key column", str(path)))
    keys = frame[on].astype(str).str.strip()
    dup = keys.duplicated()
    if dup.any():
        k = keys[dup].iloc[0]
        raise CorpusError(
            f"{path}: key {k!r} appears in more than one row of column {on!r}; a respondent file needs one row per "
            "respondent (joining would duplicate answers)."
        )
    new_cols = [c for c in frame.columns if c != on]
    clash = [c for c in new_cols if c in corpus.docs.columns]
    rename = {c: f"{c}_{path.stem}" for c in clash}
    table = frame.rename(columns=rename).astype(str)
    table[on] = keys
    for c in table.columns:
        if c != on:
            table[c] = _clean_column(table[c])
    left_keys = corpus.docs[on].astype(str).str.strip()
    missing = ~left_keys.isin(set(keys))
    before = len(corpus.docs)
    merged = corpus.docs.assign(**{on: left_keys}).merge(
        table, on=on, how="left", validate="many_to_one", sort=False
    )
    assert len(merged) == before  # a left join on unique keys never changes the row count
    added = [rename.get(c, c) for c in new_cols]
    for c in added:
        merged[c] = merged[c].fillna("")
    corpus.docs = merged
    corpus.attributes = [*corpus.attributes, *added]
    if missing.any():
        n = int(missing.sum())
        example = left_keys[missing].iloc[0]
        corpus.ledger.warnings.append(
            f"{n} of {before} documents have a {on} not found in {path.name} (e.g. {example!r}); "
            "they are kept, with empty respondent attributes."
        )
    corpus.ledger.files.append(
        FileLedger(
            path=str(path),
            format="attributes",
            encoding="",
            rows_read=len(frame),
            documents=0,
            counts=dict.fromkeys(STATUSES, 0),
            sha256=_file_sha256(path),
        )
    )
