"""``dxtext dtm``: the document × word matrix, with the vocabulary and the document attributes, for R, SPSS,
Python or Excel."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Unpack

from ..errors import DxtextError
from ..i18n import _
from ..progress import Progress, begin
from .inputs import SourceOptions, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..io.corpus import Corpus

Format = Literal["auto", "csv", "mtx", "parquet"]
FORMATS = ("auto", "csv", "mtx", "parquet")
#: "auto" writes the wide CSV up to this many cells (documents × words) and Excel's column limit.
CSV_MAX_CELLS = 2_000_000
EXCEL_MAX_COLUMNS = 16_384


def dtm(
    corpus: Corpus | str | os.PathLike[str],
    *,
    format: Format = "auto",
    min_df: int = 1,
    max_terms: int | None = None,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """The document × word count matrix of the analysed documents (the words freq counts: lemmas of the kept
    word classes). ``min_df``: keep words in at least this many documents; ``max_terms``: the most frequent.

    ``format``: ``csv`` — dtm.csv, one row per document (doc_id, the attributes, one column per word; UTF-8
    with BOM for Excel); ``mtx`` — dtm.mtx (Matrix Market, sparse); ``parquet`` — dtm.parquet (long: doc_id,
    word, count); ``auto`` — csv when the matrix is small (≤ 2,000,000 cells and ≤ 16,384 columns), else mtx and
    parquet. Always vocabulary.csv (column, word, word_class, tf, df) and documents.csv (row, doc_id,
    attributes), with metadata.json and ledger.json, in a run folder under ``out`` (default ``outputs``).
    """
    from ..analysis.matrix import build_dtm
    from ..render.matrix_files import write_matrix_market, write_parquet_long, write_wide_csv
    from ..render.tables import write_csv
    from .folder import folder_options, make_run_dir, run_key, write_metadata

    if format not in FORMATS:
        raise DxtextError(
            _("--format {format}: choose one of {v0}.").format(format=format, v0=", ".join(FORMATS))
        )
    if min_df < 1 or (max_terms is not None and max_terms < 1):
        raise DxtextError(_("--min-df and --max-terms must be 1 or more."))
    inputs = prepare(corpus, dict(source), command="dtm", progress=progress)
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    assert tokenizer is not None and tokens is not None
    begin(progress, "matrix")
    m = build_dtm(tokens.tokens, doc_ids=tokens.doc_ids, min_df=min_df, max_terms=max_terms)
    small = m.n_docs * m.n_terms <= CSV_MAX_CELLS and m.n_terms + 1 + len(c.attributes) <= EXCEL_MAX_COLUMNS
    formats = ["csv"] if (format == "csv" or (format == "auto" and small)) else []
    if format in ("mtx", "parquet"):
        formats = [format]
    elif format == "auto" and not small:
        formats = ["mtx", "parquet"]
    if "csv" in formats and m.n_terms + 1 + len(c.attributes) > EXCEL_MAX_COLUMNS:
        inputs.warnings.append(
            _(
                "dtm.csv has {n:,} word columns: more than Excel opens (16,384); use --max-terms or mtx."
            ).format(n=m.n_terms)
        )

    classes = tokens.word_classes
    vocabulary = m.frequencies().rename(columns={"word": "word"})
    vocabulary.insert(0, "column", range(1, m.n_terms + 1))
    vocabulary.insert(2, "word_class", [classes.get(w, "") for w in m.vocab])
    docs = c.docs.set_index(c.docs["doc_id"].astype(str)).reindex(m.doc_ids)
    documents = docs[list(c.attributes)].reset_index()
    documents.insert(0, "row", range(1, m.n_docs + 1))

    params = {"format": format, "min_df": min_df, "max_terms": max_terms}
    key = run_key(c.content_hash, tokenizer.fingerprint, params)
    folder = make_run_dir(
        Path(out) if out is not None else Path("outputs"),
        "dtm",
        c.name,
        key,
        **folder_options(params, source, dtm),
    )
    files = []
    if "csv" in formats:
        write_wide_csv(m.X, m.vocab, documents.drop(columns="row"), folder / "dtm.csv")
        files.append("dtm.csv")
    if "mtx" in formats:
        write_matrix_market(m.X, folder / "dtm.mtx")
        files.append("dtm.mtx")
    if "parquet" in formats:
        write_parquet_long(m.X, m.vocab, m.doc_ids, folder / "dtm.parquet")
        files.append("dtm.parquet")
    write_csv(vocabulary, folder / "vocabulary.csv")
    write_csv(documents, folder / "documents.csv")
    write_metadata(
        folder,
        command="dtm",
        corpus=c,
        params=params,
        tokenizer=tokenizer,
        extra={"matrix": {"documents": m.n_docs, "words": m.n_terms, "nonzero": int(m.X.nnz)}},
    )
    files += ["vocabulary.csv", "documents.csv", "metadata.json", "ledger.json"]
    text = _("{docs:,} documents × {words:,} words ({nonzero:,} non-zero counts): {files}").format(
        docs=m.n_docs,
        words=m.n_terms,
        nonzero=int(m.X.nnz),
        files=", ".join(f for f in files if f.startswith("dtm.")),
    )
    return RunResult(
        command="dtm",
        folder=folder,
        files=files,
        tables={"vocabulary": vocabulary, "documents": documents},
        text=text,
        notes=[*inputs.notes, _("wrote {path}").format(path=folder)],
        warnings=inputs.warnings,
        open=folder / files[0],
        data={"matrix": m},
    )
