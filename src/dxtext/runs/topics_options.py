"""The options of ``dxtext topics`` checked before the slow part, and how they name the run folder."""

from __future__ import annotations

import os
from typing import Any

from ..errors import ModelError
from ..i18n import _


def check_topic_options(
    *,
    model: str,
    k: int | None,
    k_range: str | tuple[int, int] | None,
    load: str | os.PathLike[str] | None,
    min_df: int | None,
    representative: int,
    max_df: float,
    words: int,
) -> tuple[int, int]:
    """A ModelError naming the option and what to give for an option out of range; returns the K range."""
    from ..analysis.topics import DEFAULT_K_RANGE, MODELS, parse_k_range

    if model not in MODELS:
        raise ModelError(
            _("--model {model!r}: unknown model; use one of {v0}.").format(model=model, v0=", ".join(MODELS))
        )
    if k is not None and k_range:
        raise ModelError(
            _("--k and --k-range: give one of them (--k fixes K, --k-range lets dxtext choose).")
        )
    if load is not None and (k is not None or k_range or model != "auto" or min_df is not None):
        raise ModelError(
            _("--load applies a saved model as it is; drop --k, --k-range, --model and --min-df.")
        )
    if k is not None and k < 2:
        raise ModelError(_("--k {k}: the number of topics must be at least 2.").format(k=k))
    if not 3 <= representative <= 10:
        raise ModelError(
            _("--representative {representative}: use 3 to 10 answers per topic.").format(
                representative=representative
            )
        )
    if not 0.0 < max_df <= 1.0:
        raise ModelError(
            _("--max-df {max_df}: use a share of documents between 0 and 1.").format(max_df=max_df)
        )
    if words < 1:
        raise ModelError(_("--words {words}: use at least 1.").format(words=words))
    if isinstance(k_range, str):
        krange = parse_k_range(k_range)
    elif k_range:
        krange = tuple(k_range)
    else:
        krange = DEFAULT_K_RANGE
    return krange


def named_options(params: dict[str, Any]) -> dict[str, Any]:
    """The options as the run folder's name shows them: the default K range is not named."""
    from ..analysis.topics import DEFAULT_K_RANGE

    default_range = params["k"] is not None or tuple(params["k_range"]) == tuple(DEFAULT_K_RANGE)
    return {**params, "k_range": None if default_range else params["k_range"]}
