"""Survey files → documents: CSV/TSV, XLSX and JSONL read into frames of strings, header checks, the guess of
which columns hold the answers, one document per answer, and the join of a separate respondent file."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..i18n import N_, _
from .compact import taken, taken_codes, worth_encoding
from .encoding import _check_path, read_text_file
from .frames import _check_header, _csv_bytes, _frame_from_bytes, _frame_from_jsonl
from .ledger import BASE_COLUMNS, STATUSES, FileLedger, _file_ledger, _file_sha256, _statuses
from .normalize import NonAnswerDetector, has_entities, normalize_text
from .xlsx import frame_from_xlsx

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


TEXT_COLUMN_NAMES = ("text", "本文", "回答", "自由記述", "answer", "comment", "意見", "テキスト")


def guess_text_columns(frame: pd.DataFrame, exclude: Sequence[str] = ()) -> list[str]:
    """Columns that hold free text: a column named like 'text'/'自由記述', else long, varied string columns."""
    cols = [c for c in frame.columns if c not in exclude]
    for c in cols:
        if str(c).strip().lower() in TEXT_COLUMN_NAMES:
            return [c]
    picked = []
    sample = frame.head(2000)
    for c in cols:  # plain Python on the sample: a frame may have thousands of columns
        filled = [v for v in map(str, sample[c].tolist()) if v.strip()]
        if len(filled) < 3:
            continue
        long_share = sum(len(v) >= 12 for v in filled) / len(filled)
        unique_share = len(set(filled)) / len(filled)
        numeric = sum(bool(_NUMERIC.fullmatch(v)) for v in filled) / len(filled)
        if long_share >= 0.3 and unique_share >= 0.5 and numeric < 0.5:
            picked.append(c)
    return picked


_NUMERIC = re.compile(r"[\d\s.,:/\-]+")


def _survey_docs(
    path: Path,
    *,
    text_cols: Sequence[str] | None,
    id_col: str | None,
    encoding: str | None,
    sheet: str | None,
    detector: NonAnswerDetector,
    header_row: int | None = None,
    warnings: list[str] | None = None,
    text: tuple[str, str] | None = None,
) -> tuple[pd.DataFrame, list[str], FileLedger, list[str]]:
    """The documents of a survey file: (docs, attributes, the file's ledger line, the text columns).
    ``text``: the file already decoded (text, codec) — a .txt that is a tab-separated table."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _check_path(path)
        frame = frame_from_xlsx(path, sheet, header_row=header_row, warnings=warnings)
        _check_header(
            path, [str(c) for c in frame.columns], csv_like=False, header_line=int(frame.index[0]) + 1
        )
        codec, fmt = "xlsx", "xlsx"
    else:
        if text is None:
            text = read_text_file(path, encoding, warnings=warnings)
        body, codec = text
        text = None  # the decoded file is freed once parsed (a million answers: some 100 MiB of str)
        if suffix in (".jsonl", ".ndjson"):
            frame, fmt = _frame_from_jsonl(path, body), "jsonl"
            del body
        else:
            fmt = (
                "csv"
                if suffix == ".csv"
                else "tsv"
                if suffix in (".tsv", ".tab") or "\t" in body[:4096]
                else "csv"
            )
            located = _csv_bytes(
                path, body, "\t" if fmt == "tsv" else ",", header_row=header_row, warnings=warnings
            )
            del body  # the decoded text is not needed to parse the bytes
            frame = _frame_from_bytes(path, located)
            del located
    if not len(frame.columns):
        raise CorpusError(_("{path}: no columns; put a header row first.").format(path=path))
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
                _(
                    "{path}: cannot tell which column holds the answers; name it with --text-col. "
                    "Columns are: {columns}."
                ).format(path=path, columns=", ".join(repr(c) for c in columns[:30]))
            )
    if id_col and id_col in tcols:
        raise CorpusError(
            _("{path}: {id_col!r} is both --id-col and --text-col; choose another id column.").format(
                path=path, id_col=id_col
            )
        )
    rows = (frame.index.to_numpy() + 2).tolist()  # spreadsheet row numbers: header is row 1
    if id_col:
        ids = frame[id_col].astype(str).str.strip()
        blank = ids == ""
        if blank.any():
            r = rows[int(blank.to_numpy().argmax())]
            raise CorpusError(
                _("{path}: row {row}: the id column {id_col!r} is empty; every row needs an id.").format(
                    path=path, row=r, id_col=id_col
                )
            )
        dup = ids.duplicated(keep=False)
        if dup.any():
            first = ids[dup].iloc[0]
            where = [rows[i] for i in range(len(ids)) if ids.iloc[i] == first][:5]
            raise CorpusError(
                _(
                    "{path}: duplicate id {id!r} in column {id_col!r} (rows {rows}); "
                    "ids must be unique — fix them or leave out --id-col to number rows."
                ).format(path=path, id=first, id_col=id_col, rows=", ".join(map(str, where)))
            )
        base_ids = ids.tolist()
    else:
        base_ids = [f"r{r}" for r in rows]
    attributes = [c for c in columns if c not in tcols and c != id_col]
    # every attribute column cleaned once per distinct value, and the frame built in one go (a column at a time
    # is quadratic: 2,000 columns took 36 s); repeated values stay dictionary-encoded (.compact)
    values = {a: _clean_attribute(frame[a]) for a in attributes}
    pieces = []
    multi = len(tcols) > 1
    references = 0
    n_rows = len(frame)
    for q, col in enumerate(tcols, 1):
        texts, statuses, refs = _normalised(frame[col], detector)
        references += refs
        frame = frame.drop(columns=[col])  # the raw answers are let go once normalised
        piece = pd.DataFrame(
            {
                "doc_id": [f"{i}#{q}" for i in base_ids] if multi else base_ids,
                "text": texts,
                "status": statuses,
                "source": str(path),
                "row": rows,
                **values,
                **({"question": col} if multi else {}),
            }
        )
        del texts, statuses
        pieces.append(piece)
    del frame
    docs = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
    if multi:
        # keep a respondent's answers together, in file order
        docs = docs.assign(
            _q=[i // n_rows for i in range(len(docs))], _r=[i % n_rows for i in range(len(docs))]
        )
        docs = docs.sort_values(["_r", "_q"], kind="stable").drop(columns=["_q", "_r"]).reset_index(drop=True)
        attributes = [*attributes, "question"]
    docs = docs[[*BASE_COLUMNS, *attributes]]
    return docs, attributes, _file_ledger(path, fmt, codec, n_rows, docs, references), tcols


def _normalised(column: pd.Series, detector: NonAnswerDetector, size: int = 1 << 16) -> tuple[Any, Any, int]:
    """A column of answers normalised, with their statuses and how many held HTML references.

    A slice at a time: the Python strings of one slice exist at once, not those of a million answers (the raw
    and the normalised ones: some 250 MiB); the texts and statuses come back as Arrow string columns of the
    dtype a list of strings would give (a list for an empty column, as before)."""
    if not len(column):
        raw = column.astype(str).tolist()
        texts = [normalize_text(t) for t in raw]
        return texts, _statuses(texts, detector), sum(map(has_entities, raw))
    text_parts, status_parts = [], []
    references = 0
    for start in range(0, len(column), size):
        raw = column.iloc[start : start + size].astype(str).tolist()  # Python strings once per slice
        references += sum(map(has_entities, raw))
        texts = [normalize_text(t) for t in raw]
        del raw
        text_parts.append(_str_column(texts))
        status_parts.append(_str_column(_statuses(texts, detector)))
        del texts
    return (
        pd.concat(text_parts, ignore_index=True),
        pd.concat(status_parts, ignore_index=True),
        references,
    )


def _str_column(values: list[str]) -> pd.Series:
    """``pd.Series(values, dtype="str")`` for a list of strings (never None), built by Arrow directly (pandas
    checks each value first: 3x slower)."""
    import pyarrow as pa

    return pd.Series(pd.array(pa.array(values, type=pa.large_string()), dtype="str"))


def _clean_attr(v: str) -> str:
    return normalize_text(v) if v else ""


_PLAIN_ASCII = re.compile(r"[!-~]+(?: [!-~]+)*")


def _clean_column(column: pd.Series) -> pd.Series:
    """``_clean_attr`` on each distinct value once (attribute columns repeat a few values: 年代, 性別 …);
    printable ASCII with single inner spaces (ids, dates) is already normal and kept as it is."""
    codes, uniques = _distinct(column)
    if uniques is None:
        return pd.Series(_clean_values(column.tolist()), index=column.index, dtype=column.dtype)
    cleaned = _clean_uniques(uniques)
    if cleaned is uniques:
        return column
    return pd.Series(
        pd.Index(cleaned, dtype=column.dtype).take(codes), index=column.index, dtype=column.dtype
    )


def _distinct(column: pd.Series) -> tuple[np.ndarray, pd.Index | None]:
    """(codes, distinct values) of a column of strings without a missing value; (codes, None) otherwise."""
    if column.dtype != "str" or column.hasnans:
        return np.empty(0, dtype=np.intp), None
    codes, uniques = pd.factorize(column, sort=False)
    return codes, uniques


def _clean_uniques(uniques: pd.Index) -> pd.Index | list[str]:
    """Distinct strings cleaned: ``uniques`` itself when all are plain ASCII (checked in C), else a list."""
    plain_ascii = uniques.str.fullmatch(_PLAIN_ASCII.pattern)
    if bool(plain_ascii.all()):
        return uniques
    return [v if ok else _clean_attr(v) for v, ok in zip(uniques.tolist(), plain_ascii.tolist(), strict=True)]


def _clean_attribute(column: pd.Series) -> pd.Series:
    """An attribute column of a survey file, each distinct value cleaned once (``_clean_values``), without a
    Python string per row; ``category`` when its values repeat (see :mod:`.compact`)."""
    codes, distinct = _distinct(column)
    if distinct is not None and _clean_uniques(distinct) is distinct:  # ids, codes, dates: nothing to clean
        values = distinct
    else:
        codes, uniques = pd.factorize(column, sort=False, use_na_sentinel=False)
        cleaned = _clean_values([v if isinstance(v, str) else str(v) for v in uniques.tolist()])
        # two raw values may clean to the same one: number the cleaned values again
        codes2, values = pd.factorize(pd.Index(cleaned, dtype="str"), sort=False)
        codes = codes2[codes] if len(codes) else codes
    if worth_encoding(len(values), len(codes)):
        return pd.Series(pd.Categorical.from_codes(codes, categories=values))
    return pd.Series(values.take(codes), dtype="str")


def _clean_values(values: list[str]) -> list[str]:
    cleaned: dict[str, str] = {}
    for v in values:
        if v not in cleaned:
            cleaned[v] = v if _PLAIN_ASCII.fullmatch(v) else _clean_attr(v)
    return [cleaned[v] for v in values]


def _spread(column: pd.Series, rows: np.ndarray) -> pd.Series:
    """A respondent column cleaned (``_clean_column``) and spread over the answers (``taken``), factorized
    once: its distinct values are cleaned, and two that clean to the same value numbered again."""
    codes, uniques = _distinct(column)
    if uniques is None:
        return taken(_clean_column(column), rows, fill="")
    cleaned = _clean_uniques(uniques)
    if cleaned is not uniques:
        again, uniques = pd.factorize(pd.Index(cleaned, dtype=column.dtype), sort=False)
        codes = again[codes]
    return taken_codes(codes, uniques, rows, fill="", dtype=column.dtype)


def _join_attributes(corpus: Corpus, path: Path, *, on: str, encoding: str | None) -> None:
    if on not in corpus.docs.columns:
        raise CorpusError(_unknown_column_message(on, corpus.attributes, "--on key column", corpus.name))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _check_path(path)
        frame = frame_from_xlsx(path, None)
    elif suffix in (".jsonl", ".ndjson"):
        text, _ignored = read_text_file(path, encoding)
        frame = _frame_from_jsonl(path, text)
    else:
        text, _ignored = read_text_file(path, encoding)
        located = _csv_bytes(path, text, "\t" if suffix in (".tsv", ".tab") else ",")
        del text
        frame = _frame_from_bytes(path, located)
    if on not in frame.columns:
        raise CorpusError(_unknown_column_message(on, list(frame.columns), "--on key column", str(path)))
    keys = frame[on].astype(str).str.strip()
    dup = keys.duplicated()
    if dup.any():
        k = keys[dup].iloc[0]
        raise CorpusError(
            _(
                "{path}: key {key!r} appears in more than one row of column {on!r}; a respondent file needs one row "
                "per respondent (joining would duplicate answers)."
            ).format(path=path, key=k, on=on)
        )
    new_cols = [c for c in frame.columns if c != on]
    clash = [c for c in new_cols if c in corpus.docs.columns]
    rename = {c: f"{c}_{path.stem}" for c in clash}
    table = frame.rename(columns=rename).astype(str)
    table[on] = keys
    rows_read = len(frame)
    del frame
    left_keys = corpus.docs[on].astype(str).str.strip()
    rows = pd.Index(keys).get_indexer(left_keys)  # a left join on unique keys: each answer's respondent row
    missing = rows < 0
    before = len(corpus.docs)
    # the respondent columns are spread over the answers column by column, dictionary-encoded when they repeat
    # (.compact): never a merged copy of the whole frame, nor the plain 932k-row strings of every column
    docs = corpus.docs.assign(**{on: left_keys}).reset_index(drop=True)
    added = [rename.get(c, c) for c in new_cols]
    for c in added:
        docs[c] = _spread(table[c], rows)
    assert len(docs) == before
    corpus.docs = docs
    corpus.attributes = [*corpus.attributes, *added]
    if missing.any():
        n = int(missing.sum())
        example = left_keys.iloc[int(np.argmax(missing))]
        corpus.ledger.warnings.append(
            _(
                "{n} of {total} documents have a {on} not found in {file} (e.g. {example!r}); "
                "they are kept, with empty respondent attributes."
            ).format(n=n, total=before, on=on, file=path.name, example=example)
        )
    corpus.ledger.files.append(
        FileLedger(
            path=str(path),
            format="attributes",
            encoding="",
            rows_read=rows_read,
            documents=0,
            counts=dict.fromkeys(STATUSES, 0),
            sha256=_file_sha256(path),
        )
    )
