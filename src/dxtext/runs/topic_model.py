"""One topic model per corpus and options: ``dxtext topics`` and ``dxtext report`` (and any later command that
shows topics) get their model here, so one dataset shows one set of topics.

The fitted :class:`~dxtext.analysis.topics.TopicModel` is kept in the integrity-checked
:class:`~dxtext.cache.DiskCache` under a key of the token lists (their cache key covers the corpus, the
tokenizer and the dictionary), the model options and the versions of dxtext and scikit-learn: the second
command reads the model the first one fitted instead of fitting its own.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from ..cache import DiskCache

#: part of the key: a change of how models are fitted or chosen invalidates the cached models
MODEL_VERSION = "6"


def model_options(
    *,
    k: int | None = None,
    k_range: tuple[int, int] | list[int] | None = None,
    model: str = "auto",
    seed: int = 1,
    min_df: int | None = None,
    max_df: float = 0.5,
) -> dict[str, Any]:
    """The options that define a fitted model (the defaults are those of ``dxtext topics``)."""
    from ..analysis.topics import DEFAULT_K_RANGE

    return {
        "k": k,
        "k_range": list(k_range or DEFAULT_K_RANGE),
        "model": model,
        "seed": seed,
        "min_df": min_df,
        "max_df": max_df,
    }


def model_key(tokens_key: str, options: dict[str, Any]) -> str:
    """The cache key of the model fitted on the tokens ``tokens_key`` with ``options``."""
    from .report_steps import package_version

    parts = [
        MODEL_VERSION,
        tokens_key,
        options,
        *(package_version(p) for p in ("dxtext", "scikit-learn", "tomotopy")),
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]


def shared_topic_model(
    tokens: Any,
    options: dict[str, Any],
    *,
    cache_dir: str | os.PathLike[str] | None,
    progress: Any = None,
) -> tuple[Any, bool]:
    """The fitted model of ``tokens`` (a TokenizedCorpus) with ``options`` (:func:`model_options`), from the
    cache when another command fitted it already; returns (model, read from the cache)."""
    from ..analysis.topics import TopicModel

    key = model_key(getattr(tokens, "cache_key", "") or _tokens_hash(tokens), options)
    cache = DiskCache(cache_dir, "topic-models")
    ids = [str(d) for d in tokens.doc_ids]
    cached = cache.load(
        key, check=lambda v: isinstance(v, TopicModel) and [str(d) for d in v.doc_ids_] == ids
    )
    if cached is not None:
        return cached, True
    tm = TopicModel(
        n_topics=options["k"],
        model=options["model"],
        k_range=tuple(options["k_range"]),
        seed=options["seed"],
        min_df=options["min_df"],
        max_df=options["max_df"],
        seed_words=options.get("seed_words"),
    )
    tm.fit(tokens.tokens, doc_ids=tokens.doc_ids, progress=progress)
    cache.save(key, tm)
    return tm, False


def _tokens_hash(tokens: Any) -> str:
    h = hashlib.sha256()
    for d, t in zip(tokens.doc_ids, tokens.tokens, strict=True):
        h.update(str(d).encode())
        h.update(b"\x1e")
        h.update("\x1f".join(t).encode())
        h.update(b"\x1d")
    return h.hexdigest()
