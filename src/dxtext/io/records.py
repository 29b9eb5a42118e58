"""Meeting records read into a :class:`~dxtext.io.corpus.Corpus`: a text or Word record split into units, a .txt
that is really a tab-separated table, and a table of utterances read as minutes (one turn a row).

:func:`dxtext.io.corpus.read_corpus` decides which of these a file is; the survey tables are read in :mod:`.survey`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import CorpusError
from ..i18n import _
from .encoding import read_text_file
from .ledger import BASE_COLUMNS, Ledger, _file_ledger, _statuses
from .normalize import NonAnswerDetector, has_entities, normalize_text, remove_controls

if TYPE_CHECKING:
    from .corpus import Corpus, UnitName

WORD_SUFFIXES = {".docx"}  # a Word record: read as text (see :mod:`.docx`)


def minutes_table(corpus: Corpus, path: Path, *, unit: str | None, keep_procedure: bool) -> None:
    """A table of utterances (minutes exported one utterance a row): with ``--unit speaker``, or when most rows
    open with a speaker label, read every row as a turn (label → speaker attributes, procedure apart)."""
    from .minutes.table import apply_minutes, column_looks_like_minutes

    if unit != "speaker":
        if not column_looks_like_minutes(corpus.docs["text"]):
            return
        corpus.ledger.warnings.append(
            _(
                "{file}: most rows open with a speaker label (○山田委員長 …): read as meeting minutes, one "
                "utterance a row, with speaker, role and procedure as attributes"
            ).format(file=path.name)
        )
    n = apply_minutes(corpus, keep_procedure=keep_procedure)
    corpus.options["unit"] = "speaker"
    if n:
        corpus.ledger.warnings.append(
            _(
                "{file}: {n:,} rows only run the meeting (procedural); --keep-procedure analyses them too"
            ).format(file=path.name, n=n)
        )


def tab_table(path: Path, encoding: str | None) -> tuple[str, str, list[str]] | None:
    """A .txt that is a tab-separated table (Excel's "Unicode text" export, UTF-16, or any TSV saved as .txt):
    (text, codec, warnings); None for a record. Most of its first lines have the same number of tabs (≥ 1)."""
    warnings: list[str] = []
    text, codec = read_text_file(path, encoding, warnings=warnings)
    lines = [line for line in text[:65536].split("\n")[:40] if line.strip()]
    if len(lines) < 2:
        return None
    tabs = [line.count("\t") for line in lines]
    first = tabs[0]
    same = sum(1 for t in tabs if t == first)
    if first >= 1 and same >= 0.8 * len(tabs):
        return text, codec, warnings
    return None


def read_record(
    path: Path,
    *,
    encoding: str | None,
    unit: UnitName | None,
    detector: NonAnswerDetector,
    keep_header: bool,
    keep_procedure: bool = False,
) -> Corpus:
    from .corpus import Corpus
    from .minutes import detect_markup, split_minutes

    warnings: list[str] = []
    word = None
    if path.suffix.lower() in WORD_SUFFIXES:
        from .docx import word_text

        word = word_text(path)
        text, codec, kind = word.text, "docx", "docx"
    else:
        text, codec = read_text_file(path, encoding, warnings=warnings)
        kind = "text"
    text = remove_controls(text)
    markup = detect_markup(text)
    if unit is None:
        unit = {"outline": "bullet", "speaker": "speaker"}.get(markup, "paragraph")  # type: ignore[assignment]
    if word is not None and word.section_level and unit == "section":
        unit = f"h{word.section_level}"  # type: ignore[assignment]  # a Word record's sections (see .docx)
    try:
        units = split_minutes(text, unit=unit, keep_procedure=keep_procedure)
    except CorpusError as e:
        raise CorpusError(f"{path}: {e}") from None
    records = []
    references = 0
    for u in units:
        attrs = dict(u.attrs)
        if not keep_header and attrs.get("kind") == "header":
            continue
        row = (
            word.paragraphs[u.line - 1] if word is not None and 0 < u.line <= len(word.paragraphs) else u.line
        )
        references += has_entities(u.text)
        records.append(
            {"doc_id": f"u{len(records) + 1}", "text": normalize_text(u.text), "row": row, **attrs}
        )
    docs = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["doc_id", "text", "row"])
    attributes = [c for c in docs.columns if c not in BASE_COLUMNS]
    for a in attributes:
        docs[a] = docs[a].fillna("").astype(str)
    docs["source"] = str(path)
    docs["status"] = _statuses(docs["text"].tolist(), detector)
    if "procedure" in docs.columns and not keep_procedure:
        docs.loc[(docs["procedure"] == "procedural") & (docs["status"] != "empty"), "status"] = "procedural"
    if not keep_header and "kind" in attributes:
        attributes.remove("kind")  # all "body" once header units are left out
    docs = docs[[*BASE_COLUMNS, *attributes]].reset_index(drop=True)
    file_ledger = _file_ledger(path, f"{kind}/{markup}", codec, len(docs), docs, references)
    ledger = Ledger([file_ledger], warnings=warnings)
    return Corpus(
        docs=docs,
        attributes=attributes,
        ledger=ledger,
        name=path.stem,
        options={
            "unit": unit,
            "markup": markup,
            "keep_procedure": keep_procedure if markup == "speaker" else None,
        },
    )
