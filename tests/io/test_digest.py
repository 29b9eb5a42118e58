"""The content hash computed by Arrow a slice at a time is the hash of the documents one by one."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxtext.io import digest
from dxtext.io.digest import documents_sha256


def _one_by_one(ids: list, texts: list[str], keep: list[bool]) -> str:
    h = hashlib.sha256()
    for doc_id, text, k in zip(ids, texts, keep, strict=True):
        if k:
            h.update(str(doc_id).encode() + b"\x1f" + text.encode() + b"\x1e")
    return h.hexdigest()


texts_st = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(texts_st, texts_st, st.booleans()), max_size=30), st.sampled_from(["str", object]))
def test_same_digest_as_one_by_one(rows, dtype):
    ids, texts, keep = ([r[i] for r in rows] for i in range(3))
    got = documents_sha256(
        pd.Series(ids, dtype=dtype), pd.Series(texts, dtype=dtype), np.array(keep, dtype=bool)
    )
    assert got == _one_by_one(ids, texts, keep)


@pytest.mark.parametrize(
    "ids, texts",
    [
        ([1, 2, 3], ["a", "東京", ""]),  # ids that are not strings: str(id), row by row
        (["a", "b", "c"], ["x", "y\x00z", "\n"]),  # NUL and line breaks are bytes like any other
    ],
)
def test_other_columns(ids, texts, monkeypatch):
    monkeypatch.setattr(digest, "_SLICE", 2)  # several slices, one of them partly kept
    keep = [True, False, True]
    got = documents_sha256(pd.Series(ids), pd.Series(texts), np.array(keep))
    assert got == _one_by_one(ids, texts, keep)


def test_a_missing_text_still_fails():
    with pytest.raises(AttributeError):
        documents_sha256(pd.Series(["a"]), pd.Series([None], dtype=object), np.array([True]))
