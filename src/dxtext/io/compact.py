"""Attribute columns kept compact in the parsed corpus: dictionary-encoded (pandas ``category``) when they repeat.

A survey joined with a respondent file repeats each respondent's attributes on every answer (16 copies of the
Fukui answers: 15 columns × 932k rows of Arrow strings, about 300 MiB). A column whose distinct values are at
most half its rows is stored as ``category``: one small integer per row and each value once.

The rule (:func:`worth_encoding`): an attribute column (not ``doc_id``, ``text``, ``status``, ``source``,
``row``, nor the ``--on`` key) with ``distinct × 2 ≤ rows``. The categories keep the order in which values
first appear.

Only the storage changes: :meth:`Corpus.used`, :meth:`Corpus.used_columns` and the other readers give the
columns back as plain strings (:func:`plain`), so grouping, counting, sorting and writing see exactly the
values and dtype they saw before (``category`` differs in groupby order, in value_counts listing unused values
and ordering ties, and in ``fillna`` of a value that is not a category).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T", pd.Series, pd.DataFrame)

#: columns never encoded: the text, the ids and the columns the ledger updates in place
KEEP_PLAIN = ("doc_id", "text", "status", "source", "row")


def worth_encoding(distinct: int, rows: int) -> bool:
    """True when a column of ``rows`` values with ``distinct`` different ones is stored as ``category``."""
    return rows > 0 and distinct * 2 <= rows


def encode_column(column: pd.Series) -> pd.Series:
    """``column`` as ``category`` (categories in order of first appearance) when it is worth it, else as is."""
    if isinstance(column.dtype, pd.CategoricalDtype) or column.dtype != "str":
        return column
    codes, uniques = pd.factorize(column, sort=False, use_na_sentinel=True)
    if not worth_encoding(len(uniques), len(column)) or (codes < 0).any():
        return column
    return pd.Series(
        pd.Categorical.from_codes(_small(codes, len(uniques)), categories=uniques),
        index=column.index,
        name=column.name,
    )


def encode_columns(docs: pd.DataFrame, columns: Iterable[str], *, keep: Iterable[str] = ()) -> None:
    """Encode these columns of ``docs`` in place (see :func:`encode_column`), except ``keep`` and the base ones."""
    skip = {*KEEP_PLAIN, *keep}
    for c in columns:
        if c in docs.columns and c not in skip:
            docs[c] = encode_column(docs[c])


def taken(values: pd.Series, rows: np.ndarray, *, fill: str = "") -> pd.Series:
    """``values`` taken at positions ``rows`` (-1: ``fill``), encoded when worth it without building the plain
    column first (a respondent file's column spread over the answers of each respondent)."""
    codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    if (codes < 0).any():
        values = values.fillna(fill)
        codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    return taken_codes(codes, uniques, rows, fill=fill, dtype=values.dtype)


def taken_codes(
    codes: np.ndarray, uniques: pd.Index, rows: np.ndarray, *, fill: str, dtype: object
) -> pd.Series:
    """:func:`taken` of a column already factorized (``codes`` into ``uniques``, in order of first appearance,
    none missing): the column's values at ``rows`` (-1: ``fill``), as ``dtype`` or ``category``."""
    missing = rows < 0
    out_codes = codes[np.where(missing, 0, rows)] if len(codes) else np.zeros(len(rows), dtype=np.intp)
    if missing.any():
        at = np.flatnonzero(uniques == fill) if len(uniques) else np.array([], dtype=np.intp)
        if len(at):
            fill_code = int(at[0])
        else:
            uniques = uniques.append(pd.Index([fill], dtype=uniques.dtype))
            fill_code = len(uniques) - 1
        out_codes = np.where(missing, fill_code, out_codes)
    # only the values some row has, numbered in order of first appearance (a hash pass, no sort)
    rank, used = pd.factorize(out_codes, sort=False)
    if not worth_encoding(len(used), len(rows)):
        return pd.Series(uniques.take(out_codes), dtype=dtype)
    categories = uniques.take(used)
    return pd.Series(pd.Categorical.from_codes(_small(rank, len(categories)), categories=categories))


def _small(codes: np.ndarray, n: int) -> np.ndarray:
    for t in (np.int8, np.int16, np.int32):
        if n < np.iinfo(t).max:
            return codes.astype(t, copy=False)
    return codes


def plain(obj: T) -> T:
    """A frame or column with its ``category`` columns back as plain strings (the dtype of their values)."""
    if isinstance(obj, pd.Series):
        if isinstance(obj.dtype, pd.CategoricalDtype):
            return obj.astype(obj.cat.categories.dtype)
        return obj
    cats = [c for c, d in obj.dtypes.items() if isinstance(d, pd.CategoricalDtype)]
    if not cats:
        return obj
    return obj.astype({c: obj[c].cat.categories.dtype for c in cats})


def arrow_strings(column: pd.Series):  # type: ignore[no-untyped-def]
    """A text column as Arrow large strings (a ``pyarrow.ChunkedArray``): the column's own Arrow data when it has
    it (no copy of the strings), else built from its values; a missing value becomes null."""
    import pyarrow as pa

    try:
        got = (
            pa.chunked_array(column.array.__arrow_array__())
            if hasattr(column.array, "__arrow_array__")
            else None
        )
    except (TypeError, ValueError, pa.ArrowException):
        got = None
    if got is None or not (pa.types.is_string(got.type) or pa.types.is_large_string(got.type)):
        got = pa.chunked_array(
            [pa.array(column.astype(object).where(column.notna(), None).tolist(), pa.large_string())]
        )
    return got.cast(pa.large_string())
