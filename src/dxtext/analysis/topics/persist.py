"""Saving and loading a fitted :class:`~dxtext.analysis.topics.TopicModel`: ``model.json`` (parameters,
vocabulary, K selection, metadata) and one ``.npy`` file per array, written without pickle (byte-identical for
the same fit) and read with ``allow_pickle=False``."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ...errors import ModelError
from ...i18n import _, from_json, to_json
from .ordering import TopicPairCounts

if TYPE_CHECKING:
    from .model import TopicModel

FORMAT = "dxtext-topic-model-1"


def save(model: TopicModel, folder: str | Path, *, metadata: Mapping[str, Any] | None = None) -> Path:
    """Write the model to ``folder`` (created): model.json and .npy arrays, byte-identical for the same fit.

    ``metadata`` (corpus hash, tokenizer and dictionary hashes, versions …) is stored with it."""
    from ...files import write_text

    model._check_fitted()
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ModelError(
            _("{folder}: cannot create the model folder ({strerror}); choose another --models.").format(
                folder=folder, strerror=e.strerror
            )
        ) from None
    arrays: dict[str, np.ndarray] = {
        "components": model.components_,
        "term_freq": model.term_freq_,
        "coherence": model.coherence_,
        "exclusivity": model.exclusivity_,
        "topic_stability": model.topic_stability_,
        "train_shares": model.topic_shares(),
    }
    if model.idf_ is not None:
        arrays["idf"] = model.idf_
    if getattr(model, "word_pairs_", None) is not None:
        arrays.update(model.word_pairs_.arrays())
    if getattr(model, "gibbs_alpha_", None) is not None:
        arrays["gibbs_alpha"] = model.gibbs_alpha_
    if model.lda_params_ is not None:
        arrays.update({f"lda_{k}": v for k, v in model.lda_params_.items()})
    for name, arr in arrays.items():
        try:
            np.save(folder / f"{name}.npy", np.ascontiguousarray(arr, dtype=np.float64), allow_pickle=False)
        except OSError as e:
            raise ModelError(
                _("{v0}.npy: cannot be written ({strerror}).").format(v0=folder / name, strerror=e.strerror)
            ) from None
    info = {
        "format": FORMAT,
        "model": model.model_,
        "n_topics": model.n_topics_,
        "params": model.get_params(),
        "min_df": model.min_df_,
        "vocab": model.vocab_,
        "arrays": sorted(arrays),
        "n_docs": model.n_docs_,
        "stability": None if math.isnan(model.stability_) else model.stability_,
        "k_reason": model.k_reason_,
        "model_choice": getattr(model, "model_choice_", None),
        "k_reason_message": to_json(getattr(model, "k_reason_message_", None)),
        "k_selection": None if model.k_selection_ is None else model.k_selection_.to_dict(orient="records"),
        "metadata": dict(metadata or {}),
    }
    if (
        getattr(model, "fit_sample_", None) is not None
    ):  # fitted on a sample: its size (absent: all documents)
        info["fit_sample"] = model.fit_sample_
    if getattr(model, "gibbs_sample_", None) is not None:  # Gibbs LDA fitted on a sample of the training rows
        info["gibbs_sample"] = model.gibbs_sample_
    write_text(
        json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True, default=_json_default) + "\n",
        folder / "model.json",
    )
    return folder


def load(cls: type[TopicModel], folder: str | Path) -> TopicModel:
    """Read a model written by :meth:`save`."""
    folder = Path(folder)
    path = folder / "model.json"
    if not path.is_file():
        raise ModelError(
            _(
                "{folder}: no topic model here (model.json missing); give a folder under models/ written by `dxtext topics`."
            ).format(folder=folder)
        )
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelError(
            _("{path}: cannot be read as a topic model ({e}); fit the model again.").format(path=path, e=e)
        ) from None
    if info.get("format") != FORMAT:
        raise ModelError(
            _("{path}: format {v0!r} is not {FORMAT!r}; fit the model again.").format(
                path=path, v0=info.get("format"), FORMAT=FORMAT
            )
        )
    params = dict(info["params"])
    params["k_range"] = tuple(params["k_range"])
    model = cls(**params)
    arrays = {}
    for name in info["arrays"]:
        try:
            arrays[name] = np.load(folder / f"{name}.npy", allow_pickle=False)
        except (OSError, ValueError) as e:
            raise ModelError(
                _("{v0}.npy: cannot be read ({e}); fit the model again.").format(v0=folder / name, e=e)
            ) from None
    model.model_ = info["model"]
    model.n_topics_ = int(info["n_topics"])
    model.vocab_ = list(info["vocab"])
    model.min_df_ = info["min_df"]
    model.components_ = arrays["components"]
    if model.components_.shape != (model.n_topics_, len(model.vocab_)):
        raise ModelError(
            _("{folder}: components.npy does not match model.json; fit the model again.").format(
                folder=folder
            )
        )
    rows = model.components_.sum(axis=1, keepdims=True)
    model.topic_word_ = np.divide(
        model.components_, rows, out=np.zeros_like(model.components_), where=rows > 0
    )
    model.term_freq_ = arrays["term_freq"]
    model.term_prob_ = model.term_freq_ / model.term_freq_.sum()
    model.coherence_ = arrays["coherence"]
    model.exclusivity_ = arrays.get("exclusivity", np.full(model.n_topics_, np.nan))
    model.topic_stability_ = arrays.get("topic_stability", np.full(model.n_topics_, np.nan))
    model.train_shares_ = arrays.get("train_shares")
    model.idf_ = arrays.get("idf")
    model.word_pairs_ = TopicPairCounts.from_arrays(arrays)
    model.gibbs_alpha_ = arrays.get("gibbs_alpha")
    model.lda_params_ = (
        {k: arrays[f"lda_{k}"] for k in ("lambda", "alpha", "eta")} if "lda_lambda" in arrays else None
    )
    model.n_docs_ = info["n_docs"]
    model.fit_sample_ = info.get("fit_sample")
    model.gibbs_sample_ = info.get("gibbs_sample")
    model.stability_ = float("nan") if info["stability"] is None else float(info["stability"])
    model.k_reason_ = info["k_reason"]
    model.model_choice_ = info.get("model_choice")
    # the reason as a message, to show in the interface language (a model saved before has only its English)
    model.k_reason_message_ = from_json(info.get("k_reason_message"))
    model.k_selection_ = None if info["k_selection"] is None else pd.DataFrame(info["k_selection"])
    model.metadata_ = info["metadata"]
    model.doc_ids_ = []
    model.doc_topic_ = np.zeros((0, model.n_topics_))
    model.doc_weight_ = model.doc_topic_
    model.n_iter_ = 0
    model.n_empty_docs_ = 0
    return model


def _json_default(o: Any) -> Any:
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, np.bool_):
        return bool(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)
