"""Co-occurrence between themes: how often two themes are coded in the same documents."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ...i18n import _


def theme_cooccurrence(
    coded: pd.DataFrame, *, measure: Literal["jaccard", "count"] = "jaccard"
) -> pd.DataFrame:
    """Theme × theme: the Jaccard coefficient (documents with both / documents with either), or counts."""
    if measure not in ("jaccard", "count"):
        raise ValueError(_("measure must be 'jaccard' or 'count', not {measure!r}").format(measure=measure))
    B = coded.to_numpy(dtype=np.int64)
    both = B.T @ B
    if measure == "count":
        return pd.DataFrame(both, index=coded.columns, columns=coded.columns)
    n = np.diag(both)
    either = n[:, None] + n[None, :] - both
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(either > 0, both / np.maximum(either, 1), 0.0)
    return pd.DataFrame(jac, index=coded.columns, columns=coded.columns)


def cooccurrence_pairs(coded: pd.DataFrame) -> pd.DataFrame:
    """theme_a, theme_b, documents with both, Jaccard — strongest first (pairs with no shared document left out)."""
    both = theme_cooccurrence(coded, measure="count")
    jac = theme_cooccurrence(coded)
    rows = []
    names = list(coded.columns)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            k = int(both.loc[a, b])
            if k:
                rows.append(
                    {"theme_a": a, "theme_b": b, "documents": k, "jaccard": round(float(jac.loc[a, b]), 4)}
                )
    frame = pd.DataFrame(rows, columns=["theme_a", "theme_b", "documents", "jaccard"])
    return frame.sort_values(
        ["jaccard", "documents", "theme_a", "theme_b"], ascending=[False, False, True, True]
    ).reset_index(drop=True)
