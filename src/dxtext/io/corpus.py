"""Reading survey files and meeting records into a :class:`Corpus`, with a ledger that loses nothing.

A corpus is a table of documents (one answer, or one unit of a record) with their attributes. Every input row
ends in exactly one status, and the ledger counts them per file::

    documents read = used + empty + non_answer + procedural + filtered + too_short

``procedural``: units of a meeting record that only run the meeting (see :mod:`.minutes.procedure`);
``filtered``: left out by a filter (``--role``, ``--where``); ``too_short`` is filled in once tokens exist (a document with
no content word left after filtering).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import CorpusError
from ..i18n import _, get_language
from .compact import encode_columns, plain
from .digest import documents_sha256
from .encoding import ENCODINGS, _check_path, detect_encoding, read_text_file
from .ledger import BASE_COLUMNS, STATUSES, FileLedger, Ledger, Status, _file_sha256
from .normalize import NonAnswerDetector
from .records import WORD_SUFFIXES, minutes_table, read_record, tab_table
from .survey import (
    TEXT_COLUMN_NAMES,
    _join_attributes,
    _survey_docs,
    _unknown_column_message,
    guess_text_columns,
)

# The ledger, reading bytes, survey files and meeting records live in .ledger, .encoding, .survey and .records;
# their public names are importable from here as before.
__all__ = [
    "BASE_COLUMNS",
    "CORPUS_CACHE_VERSION",
    "ENCODINGS",
    "SPREADSHEET_SUFFIXES",
    "STATUSES",
    "TEXT_COLUMN_NAMES",
    "TEXT_SUFFIXES",
    "UNITS",
    "WORD_SUFFIXES",
    "Corpus",
    "FileLedger",
    "Ledger",
    "Status",
    "UnitName",
    "detect_encoding",
    "guess_text_columns",
    "read_corpus",
    "read_text_file",
]

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
        """The documents that go into analysis (attribute columns as plain strings, see :mod:`.compact`)."""
        return plain(self.docs[self.docs["status"] == "used"])

    def used_columns(self, *columns: str) -> pd.DataFrame:
        """The used documents with only these columns: ``used`` copies every column (a million answers with
        their joined respondent attributes: about 0.5 GiB a copy), this copies only the ones asked for."""
        return plain(self.docs.loc[self.docs["status"] == "used", list(dict.fromkeys(columns))])

    @property
    def texts(self) -> list[str]:
        return self.used_columns("text")["text"].tolist()

    @property
    def doc_ids(self) -> list[str]:
        return self.used_columns("doc_id")["doc_id"].tolist()

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
        digest = documents_sha256(self.docs["doc_id"], self.docs["text"], analysable.to_numpy(dtype=bool))
        self.__dict__["_hash_memo"] = (state, digest)
        return digest

    def mark_too_short(self, doc_ids: Sequence[str]) -> int:
        """Mark used documents as ``too_short`` (no content word left after tokenizing); returns how many."""
        ids = set(doc_ids)
        if not ids:
            return 0
        return self.mark_used(self.docs["doc_id"].isin(ids), "too_short")

    def mark_used(self, mask: pd.Series, status: Status) -> int:
        """Move the used documents selected by the boolean ``mask`` to ``status``, keeping the ledger summed;
        returns how many moved."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        mask = (self.docs["status"] == "used") & mask
        n = int(mask.sum())
        if n:
            for source, k in self.docs.loc[mask, "source"].value_counts().items():
                for f in self.ledger.files:
                    if f.path == source:
                        f.counts["used"] -= int(k)
                        f.counts[status] += int(k)
            self.docs.loc[mask, "status"] = status
        return n

    def value_counts(self, attribute: str, *, used_only: bool = True) -> pd.Series:
        if attribute not in self.docs.columns:
            raise CorpusError(_unknown_column_message(attribute, self.attributes, "attribute", self.name))
        values = self.used_columns(attribute)[attribute] if used_only else plain(self.docs[attribute])
        return values.fillna("").replace("", "(空欄)").value_counts()

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
    keep_procedure: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    header_row: int | None = None,
) -> Corpus:
    """Read a survey file (CSV/TSV/XLSX/JSONL) or a meeting record (.txt) into a :class:`Corpus`.

    Survey files: ``text_cols`` names the open-question columns (several → one document per answer with the
    question as the attribute ``question``); without it, a column called text/本文/自由記述 or the columns of
    long, varied text are used. ``id_col`` must be unique per row. ``attrs``/``on`` join a separate
    respondent file on a key column; every answer is kept, matched or not (unmatched ones are counted in a
    warning). Records (.txt/.md): split into ``unit`` (section/bullet/paragraph/sentence/speaker/h1…h5), each
    with its parent headings as attributes. Units of assembly/Diet minutes that only run the meeting get the
    status ``procedural`` unless ``keep_procedure`` (then they are used, and turns keep their procedural
    sentences); the attribute ``procedure`` tells them apart either way.

    ``header_row``: the spreadsheet row (1 = the first line) that holds the column names; by default title
    lines above the header are detected and skipped (the ledger says so).

    ``cache_dir``: keep the parsed corpus there, keyed by the input files' content and every option, so the
    next command on the same files skips parsing and normalising (the CLI passes its cache folder).
    """
    detector = non_answers or NonAnswerDetector()
    if unit is not None and unit not in UNITS:
        raise _unknown_unit(unit)
    if cache_dir is not None:
        _check_path(Path(path))
        if attrs is not None:
            _check_path(Path(attrs))
        key = _cache_key(
            path,
            attrs,
            detector,
            text_cols,
            id_col,
            on,
            encoding,
            sheet,
            unit,
            keep_header,
            keep_procedure,
            header_row,
        )
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
            keep_procedure=keep_procedure,
            header_row=header_row,
        )
        corpus.content_hash  # noqa: B018 (computed once, kept with the cached corpus)
        _save_cached(Path(cache_dir), key, corpus)
        return corpus
    p = Path(path)
    suffix = p.suffix.lower()
    if unit is not None and unit not in UNITS:
        raise _unknown_unit(unit)
    if suffix in (".xls", ".ods", ".numbers"):
        _check_path(p)
        raise CorpusError(
            _("{path}: {suffix} files cannot be read; save the sheet as .xlsx or CSV (UTF-8).").format(
                path=p, suffix=suffix
            )
        )
    table_text = None
    if suffix in WORD_SUFFIXES:
        if header_row is not None or text_cols or id_col:
            raise CorpusError(
                _(
                    "{path}: --header-row/--text-col/--id-col are for tables; a Word record is split with --unit."
                ).format(path=p)
            )
        corpus = read_record(
            p,
            encoding=None,
            unit=unit,
            detector=detector,
            keep_header=keep_header,
            keep_procedure=keep_procedure,
        )
        return _finish(
            corpus, p, attrs=attrs, on=on, encoding=encoding, sheet=sheet, text_cols=None, id_col=None
        )
    if suffix in TEXT_SUFFIXES and unit is None:
        table_text = tab_table(p, encoding)
    record = suffix in TEXT_SUFFIXES or (suffix not in SPREADSHEET_SUFFIXES and unit is not None)
    if header_row is not None and record and table_text is None:
        raise CorpusError(
            _(
                "{path}: --header-row is for tables (CSV, TSV, XLSX); a text record has no header row: leave it out."
            ).format(path=p)
        )
    if table_text is not None:
        corpus = _read_survey(
            p,
            text_cols=text_cols,
            id_col=id_col,
            encoding=encoding,
            sheet=sheet,
            detector=detector,
            header_row=header_row,
            text=table_text,
        )
        minutes_table(corpus, p, unit=None, keep_procedure=keep_procedure)
    elif record:
        if text_cols or id_col:
            raise CorpusError(
                _(
                    "{path}: --text-col/--id-col are for survey files; a text record is split with --unit."
                ).format(path=p)
            )
        corpus = read_record(
            p,
            encoding=encoding,
            unit=unit,
            detector=detector,
            keep_header=keep_header,
            keep_procedure=keep_procedure,
        )
    elif suffix in SPREADSHEET_SUFFIXES:
        if unit not in (None, "speaker"):
            raise CorpusError(
                _(
                    "{path}: --unit {unit} is for text records (.txt); a table has one document per row "
                    "(--unit speaker reads each row as one utterance of a meeting record)."
                ).format(path=p, unit=unit)
            )
        corpus = _read_survey(
            p,
            text_cols=text_cols,
            id_col=id_col,
            encoding=encoding,
            sheet=sheet,
            detector=detector,
            header_row=header_row,
        )
        minutes_table(corpus, p, unit=unit, keep_procedure=keep_procedure)
    else:
        _check_path(p)
        raise CorpusError(
            _(
                "{path}: unknown file type {suffix}; give .csv, .tsv, .xlsx, .jsonl, or a .txt or .docx record."
            ).format(path=p, suffix=suffix or _("(none)"))
        )
    return _finish(
        corpus,
        p,
        attrs=attrs,
        on=on,
        encoding=encoding,
        sheet=sheet,
        text_cols=text_cols,
        id_col=id_col,
        header_row=header_row,
    )


def _finish(
    corpus: Corpus,
    p: Path,
    *,
    attrs: str | os.PathLike[str] | None,
    on: str | None,
    encoding: str | None,
    sheet: str | None,
    text_cols: Sequence[str] | None,
    id_col: str | None,
    header_row: int | None = None,
) -> Corpus:
    """Join the respondent file (``attrs`` on ``on``) and record the reading options."""
    if attrs is not None:
        if on is None:
            raise CorpusError(_("--attrs needs --on KEY: the column that links answers to respondents."))
        _join_attributes(corpus, Path(attrs), on=on, encoding=encoding)
    elif on is not None:
        raise CorpusError(
            _("--on is used with --attrs FILE (the respondent file to join); give both, or leave out --on.")
        )
    # repeated attribute values stored once (dictionary-encoded); the ids and the --on key stay plain
    encode_columns(corpus.docs, corpus.attributes, keep=[on] if on else [])
    corpus.options.update(
        {
            "text_cols": list(text_cols) if text_cols else corpus.options.get("text_cols"),
            "id_col": id_col,
            "attrs": str(attrs) if attrs else None,
            "on": on,
            "encoding": encoding,
            "sheet": sheet,
            "header_row": header_row,
        }
    )
    return corpus


CORPUS_CACHE_VERSION = "8"  # 2: roles and procedure of meeting records; 3: tables of utterances as minutes;
# 4: the ledger lists --where; 5: header rows, per-line encodings; 6: HTML references counted in the ledger;
# 7: rows skipped by --header-row, .docx; 8: repeated attributes dictionary-encoded


def _unknown_unit(unit: str) -> CorpusError:
    return CorpusError(
        _("--unit {unit}: unknown unit; use one of {units}.").format(unit=unit, units=", ".join(UNITS))
    )


def _cache_key(path: Any, attrs: Any, detector: NonAnswerDetector, *options: Any) -> str:
    from .. import __version__

    h = hashlib.sha256()
    h.update(
        json.dumps(
            [
                CORPUS_CACHE_VERSION,
                __version__,
                get_language(),  # the ledger's warnings are in the interface language
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
    """The parsed corpus saved under ``key``; a damaged, truncated or edited entry is a miss (see cache.py)."""
    from ..cache import DiskCache

    value = DiskCache(cache_dir, "corpora").load(
        key, check=lambda c: isinstance(c, Corpus) and c.ledger.balanced() and c.__dict__.get("_key") == key
    )
    return value if isinstance(value, Corpus) else None


def _save_cached(cache_dir: Path, key: str, corpus: Corpus) -> None:
    from ..cache import DiskCache

    corpus.__dict__["_key"] = key
    DiskCache(cache_dir, "corpora").save(key, corpus)


def _read_survey(
    path: Path,
    *,
    text_cols: Sequence[str] | None,
    id_col: str | None,
    encoding: str | None,
    sheet: str | None,
    detector: NonAnswerDetector,
    header_row: int | None = None,
    text: tuple[str, str, list[str]] | None = None,
) -> Corpus:
    warnings: list[str] = list(text[2]) if text is not None else []
    docs, attributes, file_ledger, tcols = _survey_docs(
        path,
        text_cols=text_cols,
        id_col=id_col,
        encoding=encoding,
        sheet=sheet,
        detector=detector,
        header_row=header_row,
        warnings=warnings,
        text=(text[0], text[1]) if text is not None else None,
    )
    return Corpus(
        docs=docs,
        attributes=attributes,
        ledger=Ledger([file_ledger], warnings=warnings),
        name=path.stem,
        options={"text_cols": tcols},
    )
