"""The document × word matrix as files R, SPSS, Python and Excel read: a wide CSV (UTF-8 with BOM) for small
matrices, Matrix Market (``.mtx``: R ``Matrix::readMM``, ``scipy.io.mmread``) and Parquet (long: doc_id, word,
count — R ``arrow::read_parquet``, pandas) for large ones. The row and column labels go beside them as CSV."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import scipy.sparse as sp

from ..errors import OutputError
from ..files import atomic_write
from ..i18n import _
from .tables import _defuse, write_csv


def write_wide_csv(
    X: sp.csr_matrix, vocab: list[str], rows: pd.DataFrame, path: str | os.PathLike[str]
) -> Path:
    """``rows`` (doc_id and attributes) then one column of counts per word; word headers defused for Excel, and
    a word spelt like an attribute (地方, question) gets "(語)" so every header is unique."""
    taken = {str(c) for c in rows.columns}
    names = []
    for w in vocab:
        name = str(_defuse(w))
        while name in taken:
            name += "(語)"
        taken.add(name)
        names.append(name)
    counts = pd.DataFrame(X.toarray(), columns=names)
    frame = pd.concat([rows.reset_index(drop=True), counts], axis=1)
    return write_csv(frame, path)


def write_matrix_market(X: sp.csr_matrix, path: str | os.PathLike[str]) -> Path:
    """Coordinate format, integer counts; rows = documents (documents.csv), columns = words (vocabulary.csv)."""
    import scipy.io

    p = Path(path)
    coo = X.tocoo()

    def write(tmp: str) -> None:
        # to an open file: given a name without .mtx, mmwrite would add the suffix and miss the temp file
        with open(tmp, "wb") as f:
            scipy.io.mmwrite(f, coo, comment="dxtext document x word counts", field="integer")

    atomic_write(p, write)
    return p


def write_parquet_long(
    X: sp.csr_matrix, vocab: list[str], doc_ids: list[str], path: str | os.PathLike[str]
) -> Path:
    """Long format: one row per (doc_id, word) with a count above 0, in document then vocabulary order."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise OutputError(
            _("Parquet needs the pyarrow package: pip install pyarrow (or use --format mtx).")
        ) from None
    coo = X.tocoo()
    table = pa.table(
        {
            "doc_id": pa.array([doc_ids[i] for i in coo.row], type=pa.string()),
            "word": pa.array([vocab[j] for j in coo.col], type=pa.string()),
            "count": pa.array(coo.data.astype("int32"), type=pa.int32()),
        }
    )
    p = Path(path)
    atomic_write(p, lambda tmp: pq.write_table(table, tmp, compression="zstd"))
    return p
