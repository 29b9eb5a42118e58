"""Reading survey files and meeting records into a :class:`Corpus`, with a ledger that loses nothing.

A corpus is a table of documents (one answer, or one unit of a record) with their attributes. Every input row
ends in exactly one status, and the ledger counts them per file::

    documents read = used + empty + non_answer + too_short

``too_short`` is filled in once tokens exist (a document with no content word left after filtering).
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import io
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import CorpusError
from .normalize import NonAnswerDetector, normalize_text, remove_controls

Status = Literal["used", "empty", "non_answer", "too_short"]
STATUSES: tuple[Status, ...] = ("used", "empty", "non_answer", "too_short")
UnitName = Literal["section", "bullet", "paragraph", "sentence", "speaker", "h1", "h2", "h3", "h4", "h5"]
UNITS: tuple[str, ...] = (
    "section",
    "bullet",
    "paragraph",
    "sentence",
    "speaker",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
)

SPREADSHEET_SUFFIXES = {".csv", ".tsv", ".tab", ".xlsx", ".xlsm", ".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".md", ".text"}
ENCODINGS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-8 bom": "utf-8-sig",
    "cp932": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    # EUC-JIS-2004 decodes every EUC-JP file and also the circled numbers (①) that real EUC-JP exports carry
    "euc-jp": "euc_jis_2004",
    "euc_jp": "euc_jis_2004",
    "eucjp": "euc_jis_2004",
    "euc_jis_2004": "euc_jis_2004",
    "utf-16": "utf-16",
}

# Internal columns of Corpus.docs; everything else is an attribute.
BASE_COLUMNS = ("doc_id", "text", "status", "source", "row")


# --- the ledger -----------------------------------------------------------------------------------------


@dataclass
class FileLedger:
    """What happened to the rows of one input file."""

    path: str
    format: str
    encoding: str
    rows_read: int  # data rows of a spreadsheet, or units of a record
    documents: int  # rows × text columns (one document per answer)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "encoding": self.encoding,
            "sha256": self.sha256,
            "rows_read": self.rows_read,
            "documents": self.documents,
            **{k: int(v) for k, v in self.counts.items()},
        }


@dataclass
class Ledger:
    files: list[FileLedger]
    warnings: list[str] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        out = {"rows_read": 0, "documents": 0, **dict.fromkeys(STATUSES, 0)}
        for f in self.files:
            if f.format == "attributes":
                continue
            out["rows_read"] += f.rows_read
            out["documents"] += f.documents
            for k in STATUSES:
                out[k] += f.counts[k]
        return out

    def balanced(self) -> bool:
        t = self.totals
        return t["documents"] == sum(t[k] for k in STATUSES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": self.totals,
            "balanced": self.balanced(),
            "files": [f.to_dict() for f in self.files],
            "warnings": list(self.warnings),
        }


# --- the corpus -----------------------------------------------------------------------------------------


@dataclass
class Corpus:
    """Documents with attributes, their status, and the ledger.

    ``docs`` has the columns ``doc_id, text, status, source, row`` and one column per attribute. ``text`` is
    the normalised text; ``row`` is the spreadsheet row (header = row 1) or the line where a unit starts.
    """

    docs: pd.DataFrame
    attributes: list[str]
    ledger: Ledger
    name: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def used(self) -> pd.DataFrame:
        """The documents that go into analysis."""
        return self.docs[self.docs["status"] == "used"]

    @property
    def texts(self) -> list[str]:
        return self.used["text"].tolist()

    @property
    def doc_ids(self) -> list[str]:
        return self.used["doc_id"].tolist()

    @property
    def content_hash(self) -> str:
        """SHA-256 of the ids and texts of the documents that go to the tokenizer (used, and those later found
        too short): the key of token caches and model metadata. Marking documents too short does not change
        it, so it is computed once per corpus (and kept in the parsed-corpus cache)."""
        status = self.docs["status"]
        analysable = status.isin(("used", "too_short"))
        state = (len(self.docs), int(analysable.sum()))
        cached = self.__dict__.get("_hash_memo")
        if cached is not None and cached[0] == state:
            return cached[1]
        frame = self.docs[analysable]
        h = hashlib.sha256()
        for doc_id, text in zip(frame["doc_id"].tolist(), frame["text"].tolist(), strict=True):
            h.update(str(doc_id).encode())
            h.update(b"\x1f")
            h.update(text.encode())
            h.update(b"\x1e")
        digest = h.hexdigest()
        self.__dict__["_hash_memo"] = (state, digest)
        return digest

    def mark_too_short(self, doc_ids: Sequence[str]) -> int:
        """Mark used documents as ``too_short`` (no content word left after tokenizing); returns how many."""
        ids = set(doc_ids)
        if not ids:
            return 0
        mask = (self.docs["status"] == "used") & self.docs["doc_id"].isin(ids)
        n = int(mask.sum())
        if n:
            for source, k in self.docs.loc[mask, "source"].value_counts().items():
                for f in self.ledger.files:
                    if f.path == source:
                        f.counts["used"] -= int(k)
                        f.counts["too_short"] += int(k)
            self.docs.loc[mask, "status"] = "too_short"
        return n

    def value_counts(self, attribute: str, *, used_only: bool = True) -> pd.Series:
        if attribute not in self.docs.columns:
            raise CorpusError(_unknown_column_message(attribute, self.attributes, "attribute", self.name))
        frame = self.used if used_only else self.docs
        return frame[attribute].fillna("").replace("", "(空欄)").value_counts()

    def check_attribute(self, attribute: str) -> None:
        """Raise a CorpusError with close names when ``attribute`` is not an attribute of the corpus."""
        if attribute not in self.attributes:
            raise CorpusError(_unknown_column_message(attribute, self.attributes, "attribute", self.name))

    def metadata(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "content_hash": self.content_hash,
            "attributes": list(self.attributes),
            "options": self.options,
            "ledger": self.ledger.to_dict(),
        }


# --- reading bytes --------------------------------------------------------------------------------------


def _check_path(path: Path) -> None:
    if not path.exists():
        near = ""
        if path.parent.is_dir():
            names = [p.name for p in path.parent.iterdir()]
            close = difflib.get_close_matches(path.name, names, n=3, cutoff=0.6)
            if close:
                near = f" Did you mean: {', '.join(close)}?"
        raise CorpusError(f"{path}: file not found.{near} Check the path.")
    if path.is_dir():
        raise CorpusError(f"{path}: is a folder; give one file (.csv, .tsv, .xlsx, .jsonl or a .txt record).")
    if not os.access(path, os.R_OK):
        raise CorpusError(f"{path}: cannot be read (permission denied); check the file's permissions.")
    if path.stat().st_size == 0:
        raise CorpusError(f"{path}: the file is empty (0 bytes); export the survey again.")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(data: bytes) -> str:
    """Name of the codec that decodes ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, CP932, EUC-JP.

    UTF-8 is tried first and strictly (a CP932 or EUC-JP file with Japanese text is practically never valid
    UTF-8). When both CP932 and EUC-JP decode, charset-normalizer chooses. Returns "" when none fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    fits = []
    for enc in ("cp932", "euc_jis_2004"):
        try:
            data.decode(enc)
            fits.append(enc)
        except UnicodeDecodeError:
            pass
    if len(fits) == 1:
        return fits[0]
    if not fits:
        return ""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["cp932", "euc_jp", "shift_jis", "euc_jis_2004"]).best()
    if best is not None and best.encoding in ("euc_jp", "euc_jis_2004"):
        return "euc_jis_2004"
    return "cp932"


def read_text_file(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file; returns (text, codec). Undecodable input names the line and byte and suggests --encoding."""
    _check_path(path)
    data = path.read_bytes()
    if encoding:
        codec = ENCODINGS.get(encoding.lower().strip())
        if codec is None:
            try:
                codec = codecs.lookup(encoding).name
            except LookupError:
                raise CorpusError(
                    f"--encoding {encoding}: unknown encoding; use utf-8, utf-8-sig, cp932 or euc-jp."
                ) from None
    else:
        if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            off = data.index(b"\x00")
            raise CorpusError(
                f"{path}: line {_line_of(data, off)}, byte {off}: NUL bytes — this is not a text/CSV file "
                "(a binary file, or UTF-16 without a BOM); export it again as CSV (UTF-8 or CP932)."
            )
        codec = detect_encoding(data)
        if not codec:
            off = _first_bad_byte(data)
            raise CorpusError(
                f"{path}: line {_line_of(data, off)}, byte {off}: not UTF-8, CP932 (Shift_JIS) or EUC-JP; "
                "if you know the encoding, give it with --encoding."
            )
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        raise CorpusError(
            f"{path}: line {_line_of(data, e.start)}, byte {e.start}: cannot be decoded as {codec}; "
            "try another --encoding (utf-8, cp932, euc-jp) or leave it out to detect it."
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CorpusError(f"{path}: line {line}: NUL characters in the text; this file is damaged or binary.")
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > max(20, len(text[:100_000]) // 100):
        raise CorpusError(
            f"{path}: {controls} control characters in the first 100,000 characters — this looks like a binary "
            "file, not text; give a CSV, XLSX or text file."
        )
    return text, codec


def _first_bad_byte(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start
    return 0


# --- spreadsheets ----------------------------------------------------------------------------------------


def _unknown_column_message(name: str, columns: Sequence[str], what: str, where: str) -> str:
    close = difflib.get_close_matches(name, [str(c) for c in columns], n=3, cutoff=0.4)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    shown = ", ".join(repr(str(c)) for c in list(columns)[:30])
    return f"{where}: no {what} {name!r}.{hint} Columns are: {shown}."


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


# --- reading a corpus ------------------------------------------------------------------------------------


def read_corpus(
    path: str | os.PathLike[str],
    *,
    text_cols: Sequence[str] | None = None,
    id_col: str | None = None,
    attrs: str | os.PathLike[str] | None = None,
    on: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    unit: UnitName | None = None,
    non_answers: NonAnswerDetector | None = None,
    keep_header: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Corpus:
    """Read a survey file (CSV/TSV/XLSX/JSONL) or a meeting record (.txt) into a :class:`Corpus`.

    Survey files: ``text_cols`` names the open-question columns (several → one document per answer with the
    question as the attribute ``question``); without it, a column called text/本文/自由記述 or the columns of
    long, varied text are used. ``id_col`` must be unique per row. ``attrs``/``on`` join a separate
    respondent file on a key column; every answer is kept, matched or not (unmatched ones are counted in a
    warning). Records (.txt/.md): split into ``unit`` (section/bullet/paragraph/sentence/speaker/h1…h5), each
    with its parent headings as attributes.

    ``cache_dir``: keep the parsed corpus there, keyed by the input files' content and every option, so the
    next command on the same files skips parsing and normalising (the CLI passes its cache folder).
    """
    detector = non_answers or NonAnswerDetector()
    if unit is not None and unit not in UNITS:
        raise CorpusError(f"--unit {unit}: unknown unit; use one of {', '.join(UNITS)}.")
    if cache_dir is not None:
        _check_path(Path(path))
        if attrs is not None:
            _check_path(Path(attrs))
        key = _cache_key(path, attrs, detector, text_cols, id_col, on, encoding, sheet, unit, keep_header)
        cached = _load_cached(Path(cache_dir), key)
        if cached is not None:
            return cached
        corpus = read_corpus(
            path,
            text_cols=text_cols,
            id_col=id_col,
            attrs=attrs,
            on=on,
            encoding=encoding,
            sheet=sheet,
            unit=unit,
            non_answers=detector,
            keep_header=keep_header,
        )
        corpus.content_hash  # noqa: B018 (computed once, kept with the cached corpus)
        _save_cached(Path(cache_dir), key, corpus)
        return corpus
    p = Path(path)
    suffix = p.suffix.lower()
    if unit is not None and unit not in UNITS:
        raise CorpusError(f"--unit {unit}: unknown unit; use one of {', '.join(UNITS)}.")
    if suffix in (".xls", ".ods", ".numbers"):
        _check_path(p)
        raise CorpusError(f"{p}: {suffix} files cannot be read; save the sheet as .xlsx or CSV (UTF-8).")
    if suffix in TEXT_SUFFIXES or (suffix not in SPREADSHEET_SUFFIXES and unit is not None):
        if text_cols or id_col:
            raise CorpusError(
                f"{p}: --text-col/--id-col are for survey files; a text record is split with --unit."
            )
        corpus = _read_record(p, encoding=encoding, unit=unit, detector=detector, keep_header=keep_header)
    elif suffix in SPREADSHEET_SUFFIXES:
        if unit is not None:
            raise CorpusError(
                f"{p}: --unit is for text records (.txt); a survey file has one document per answer."
            )
        corpus = _read_survey(
            p, text_cols=text_cols, id_col=id_col, encoding=encoding, sheet=sheet, detector=detector
        )
    else:
        _check_path(p)
        raise CorpusError(
            f"{p}: unknown file type {suffix or '(none)'}; give .csv, .tsv, .xlsx, .jsonl, or a .txt record."
        )
    if attrs is not None:
        if on is None:
            raise CorpusError("--attrs needs --on KEY: the column that links answers to respondents.")
        _join_attributes(corpus, Path(attrs), on=on, encoding=encoding)
    elif on is not None:
        raise CorpusError("--on is used with --attrs FILE (the respondent file to join).")
    corpus.options.update(
        {
            "text_cols": list(text_cols) if text_cols else corpus.options.get("text_cols"),
            "id_col": id_col,
            "attrs": str(attrs) if attrs else None,
            "on": on,
            "encoding": encoding,
            "sheet": sheet,
        }
    )
    return corpus


CORPUS_CACHE_VERSION = "1"


def _cache_key(path: Any, attrs: Any, detector: NonAnswerDetector, *options: Any) -> str:
    from .. import __version__

    h = hashlib.sha256()
    h.update(
        json.dumps(
            [
                CORPUS_CACHE_VERSION,
                __version__,
                str(path),
                str(attrs),
                [list(o) if isinstance(o, (list, tuple)) else o for o in options],
            ],
            ensure_ascii=False,
        ).encode()
    )
    h.update("\x1f".join(sorted(detector.phrases)).encode())
    for f in (path, attrs):
        if f is not None:
            h.update(_file_sha256(Path(f)).encode())
    return h.hexdigest()[:32]


def _load_cached(cache_dir: Path, key: str) -> Corpus | None:
    import pickle

    try:
        with open(cache_dir / "corpora" / f"{key}.pkl", "rb") as f:
            corpus = pickle.load(f)
    except (OSError, EOFError, ValueError, AttributeError, ImportError, pickle.UnpicklingError):
        return None
    return corpus if isinstance(corpus, Corpus) else None


def _save_cached(cache_dir: Path, key: str, corpus: Corpus) -> None:
    import pickle
    import tempfile

    folder = cache_dir / "corpora"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(corpus, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pkl")
    except OSError:
        pass  # a cache that cannot be written only costs time next run


def _status_of(text: str, detector: NonAnswerDetector) -> Status:
    if not text:
        return "empty"
    if detector(text):
        return "non_answer"
    return "used"


def _read_survey(
    path: Path,
    *,
    text_cols: Sequence[str] | None,
    id_col: str | None,
    encoding: str | None,
    sheet: str | None,
    detector: NonAnswerDetector,
) -> Corpus:
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
    ledger = Ledger([_file_ledger(path, fmt, codec, len(frame), docs)])
    return Corpus(
        docs=docs, attributes=attributes, ledger=ledger, name=path.stem, options={"text_cols": tcols}
    )


def _clean_attr(v: str) -> str:
    return normalize_text(v) if v else ""


_PLAIN_ASCII = re.compile(r"[!-~]+(?: [!-~]+)*")


def _clean_column(column: pd.Series) -> pd.Series:
    """``_clean_attr`` on each distinct value once (attribute columns repeat a few values: 年代, 性別 …);
    printable ASCII with single inner spaces (ids, dates) is already normal and kept as it is."""
    cleaned = {v: v if _PLAIN_ASCII.fullmatch(v) else _clean_attr(v) for v in column.unique()}
    return column.map(cleaned)


def _file_ledger(path: Path, fmt: str, codec: str, rows_read: int, docs: pd.DataFrame) -> FileLedger:
    counts = dict.fromkeys(STATUSES, 0)
    for k, v in docs["status"].value_counts().items():
        counts[str(k)] = int(v)
    return FileLedger(
        path=str(path),
        format=fmt,
        encoding=codec,
        rows_read=rows_read,
        documents=len(docs),
        counts=counts,
        sha256=_file_sha256(path),
    )


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _read_record(
    path: Path, *, encoding: str | None, unit: UnitName | None, detector: NonAnswerDetector, keep_header: bool
) -> Corpus:
    from .minutes import detect_markup, split_minutes

    text, codec = read_text_file(path, encoding)
    text = remove_controls(text)
    markup = detect_markup(text)
    if unit is None:
        unit = {"outline": "bullet", "speaker": "speaker"}.get(markup, "paragraph")  # type: ignore[assignment]
    try:
        units = split_minutes(text, unit=unit)
    except CorpusError as e:
        raise CorpusError(f"{path}: {e}") from None
    records = []
    for u in units:
        attrs = dict(u.attrs)
        if not keep_header and attrs.get("kind") == "header":
            continue
        records.append(
            {"doc_id": f"u{len(records) + 1}", "text": normalize_text(u.text), "row": u.line, **attrs}
        )
    docs = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["doc_id", "text", "row"])
    attributes = [c for c in docs.columns if c not in BASE_COLUMNS]
    for a in attributes:
        docs[a] = docs[a].fillna("").astype(str)
    docs["source"] = str(path)
    docs["status"] = [_status_of(t, detector) for t in docs["text"]]
    if not keep_header and "kind" in attributes:
        attributes.remove("kind")  # all "body" once header units are left out
    docs = docs[[*BASE_COLUMNS, *attributes]].reset_index(drop=True)
    ledger = Ledger([_file_ledger(path, f"text/{markup}", codec, len(docs), docs)])
    return Corpus(
        docs=docs,
        attributes=attributes,
        ledger=ledger,
        name=path.stem,
        options={"unit": unit, "markup": markup},
    )


def _join_attributes(corpus: Corpus, path: Path, *, on: str, encoding: str | None) -> None:
    if on not in corpus.docs.columns:
        raise CorpusError(_unknown_column_message(on, corpus.attributes, "--on key column", corpus.name))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _check_path(path)
        frame = _frame_from_xlsx(path, None)
    elif suffix in (".jsonl", ".ndjson"):
        text, _ = read_text_file(path, encoding)
        frame = _frame_from_jsonl(path, text)
    else:
        text, _ = read_text_file(path, encoding)
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
