"""The slow, deterministic steps of the report, cached: theme coding, the topic fit and the figures (under
keys of their inputs, in the integrity-checked :class:`~dxtext.cache.DiskCache`); and the command line that
reproduces a report."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..cache import DiskCache
from ..i18n import _, in_language

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..analysis.network.subsets import SubsetMatrix
    from ..analysis.rules import ThemeRules
    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus, Tokenizer

#: part of every cache key: a change of what the report computes invalidates the cached steps
REPORT_VERSION = "3"
#: the report's default number of topics: None = the model and K of ``dxtext topics`` (chosen from the data;
#: the fitted model is shared, so after ``dxtext topics`` the report does not fit again)
DEFAULT_TOPICS: int | None = None


def reproduce_command(
    corpus: Corpus,
    *,
    rules: ThemeRules,
    source: dict[str, Any],
    **options: Any,
) -> str:
    """The ``dxtext report`` command line that makes the same report (options that differ from the defaults),
    shown under "reproduce": built from the options, so a script and the CLI write the same page."""
    defaults = {
        "by": None,
        "mask": True,
        "topics": DEFAULT_TOPICS,
        "quotes": 3,
        "network": True,
        "seed": 1,
        "title": None,
        "note": None,
    }
    files = [f.path for f in corpus.ledger.files if f.format != "attributes"]
    parts = ["dxtext", "report", *(files[:1] or [corpus.name])]
    for name in (
        "text_col",
        "id_col",
        "attrs",
        "on",
        "encoding",
        "sheet",
        "header_row",
        "unit",
        "non_answers",
        "where",
        "pos",
        "jobs",
    ):
        value = source.get(name)
        if value in (None, "", [], (), 0):
            continue
        for v in value if isinstance(value, (list, tuple)) else [value]:
            parts += [f"--{name.replace('_', '-')}", str(v)]
    dictionary = source.get("dictionary", "default")
    if dictionary is None:
        parts.append("--no-dictionary")
    elif str(dictionary) != "default":
        parts += ["--dictionary", str(dictionary)]
    stopwords = source.get("stopwords", "default")
    if stopwords is not None and str(stopwords) != "default":
        parts += ["--stopwords", str(stopwords)]
    if rules.source and Path(str(rules.source)).name != "themes.txt":
        parts += ["--rules", str(rules.source)]
    for name, value in options.items():
        if value == defaults.get(name):
            continue
        if isinstance(value, bool):
            parts.append(f"--{name}" if value else f"--no-{name}")
        elif isinstance(value, (list, tuple)):
            for v in value:
                parts += [f"--{name}", str(v)]
        else:
            parts += [f"--{name}", str(value)]
    return " ".join(shlex.quote(p) for p in parts)


class PngCache:
    """Figures are deterministic given their inputs: a re-run copies them from the cache instead of building
    the networks and starting matplotlib again. The key covers the tokens, the documents drawn, the masking,
    the seed and the versions of dxtext, matplotlib and networkx; a PNG whose bytes fail the integrity check
    is drawn again."""

    def __init__(
        self, cache_dir: str | os.PathLike[str] | None, tokens_key: str, *, mask: bool, seed: int
    ) -> None:
        self.cache = DiskCache(cache_dir, "report-png")
        versions = [package_version(n) for n in ("dxtext", "matplotlib", "networkx")]
        self.base = json.dumps([REPORT_VERSION, tokens_key, mask, seed, versions])

    def key(self, parts: tuple[Any, ...]) -> str:
        h = hashlib.sha256(self.base.encode())
        for part in parts:
            h.update(b"\x1f")
            h.update(part if isinstance(part, bytes) else str(part).encode())
        return h.hexdigest()[:32]

    def fetch(self, key: str, path: Path) -> tuple[bool, Path | None]:
        """(found, the figure written to ``path`` — or None for "nothing to draw")."""
        cached = self.cache.load(key, check=_png_entry)
        if cached is None:
            return False, None
        if cached["png"] is None:
            return True, None
        from ..files import write_bytes

        write_bytes(cached["png"], path)
        return True, path

    def store(self, key: str, made: Path | None) -> None:
        self.cache.save(key, {"png": Path(made).read_bytes() if made is not None else None})

    def get(self, path: Path, parts: tuple[Any, ...], draw: Callable[[Path], Path | None]) -> Path | None:
        key = self.key(parts)
        found, made = self.fetch(key, path)
        if not found:
            made = draw(path)
            self.store(key, made)
        return made


def _png_entry(value: Any) -> bool:
    """A cached figure: PNG bytes, or None for "the documents share too few words to draw one"."""
    if not isinstance(value, dict) or "png" not in value:
        return False
    png = value["png"]
    return png is None or (isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n"))


#: the words a theme's network draws (about as many edges)
NETWORK_WORDS = 30


def network_png(sub: SubsetMatrix, path: Path, *, title: str, seed: int) -> Path | None:
    """A small co-occurrence network (about 30 words, 30 edges) of a theme's documents (``sub``: their
    matrix over the theme's candidate words, :func:`~dxtext.analysis.network.subsets.subset_matrices`); None
    if the documents share too few words to draw one."""
    from ..errors import ModelError

    if sub.dtm is None or sub.qualified < 3:
        return None
    try:
        from ..analysis.network import cooccurrence_network

        G = cooccurrence_network(sub.dtm, words=NETWORK_WORDS, min_df=2, top_edges=30, seed=seed)
    except ModelError:
        return None
    from ..render.network_png import draw_network

    n_docs = sub.dtm.n_docs
    draw_network(G, path, title=f"{title}: 共起ネットワーク ({n_docs:,}件の文書)", legend=False, fonts=False)
    return Path(path)


#: the figures forked drawing workers draw (set by :func:`draw_networks` just before the fork)
_DRAW_JOBS: list[tuple[SubsetMatrix, Path, str]] = []


def draw_networks(jobs: list[tuple[SubsetMatrix, Path, str]], *, seed: int) -> list[Path | None]:
    """:func:`network_png` of every (matrix, path, title); with two jobs or more and two cores or more, in
    forked processes, the largest first (the same figure in any process: layouts are seeded, matplotlib
    draws the same pixels). Where processes are not forked (Windows, macOS), one after the other: a spawned
    process would import matplotlib again for longer than a figure takes."""
    import gc
    import multiprocessing

    from ..text.parallel import effective_jobs

    workers = min(effective_jobs(0), len(jobs))
    if workers < 2 or multiprocessing.get_start_method() != "fork":
        return [network_png(sub, path, title=title, seed=seed) for sub, path, title in jobs]
    from ..render.plots import setup_matplotlib

    setup_matplotlib()  # imported, with the font registered, once before the fork
    import networkx  # noqa: F401

    order = sorted(
        range(len(jobs)), key=lambda i: -(jobs[i][0].dtm.n_docs if jobs[i][0].dtm is not None else 0)
    )
    _DRAW_JOBS[:] = jobs
    gc.freeze()  # the workers' collector leaves the inherited objects alone (no copy of their pages)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            made = pool.map(_draw_job, [(i, seed) for i in order], chunksize=1)
    finally:
        gc.unfreeze()
        _DRAW_JOBS.clear()
    out: list[Path | None] = [None] * len(jobs)
    for i, m in zip(order, made, strict=True):
        out[i] = m
    return out


def _draw_job(job: tuple[int, int]) -> Path | None:
    i, seed = job
    sub, path, title = _DRAW_JOBS[i]
    return network_png(sub, path, title=title, seed=seed)


def fit_topics(
    tokenized: TokenizedCorpus,
    *,
    k: int | None,
    seed: int,
    mask: bool,
    tokenizer: Tokenizer,
    cache_dir: str | os.PathLike[str] | None,
) -> tuple[dict[str, Any] | None, str]:
    """The topics the report shows: the model of :func:`~dxtext.runs.topic_model.shared_topic_model` — the
    same fitted model, K and labels as ``dxtext topics`` with the same seed (and ``--k k``, or K chosen when
    ``k`` is None). With ``mask``, words tagged 人名 are left out of the word lists shown (not of the model, so
    the topics stay those of ``dxtext topics``). ``(None, why)`` when the corpus cannot carry a topic model."""
    from ..analysis.topics import LAMBDA, word_tags_from_dictionary
    from ..errors import ModelError
    from ..text.tokenlists import with_words
    from .topic_model import model_options, shared_topic_model

    n_with_words = with_words(tokenized.tokens)
    need = max(20, 3 * (k or 2))
    if n_with_words < need:
        return None, _(
            "{n:,} documents with words are too few for a topic model (at least {need:,} are needed); "
            "give --topics 0"
        ).format(n=n_with_words, need=need)
    try:
        model, from_cache = shared_topic_model(tokenized, model_options(k=k, seed=seed), cache_dir=cache_dir)
    except ModelError as e:
        return None, str(e)
    classes = tokenized.word_classes
    tags = word_tags_from_dictionary(tokenizer.dictionary_path) if tokenizer.dictionary_path else {}
    labels = model.labels(tags)
    words = []
    for t in range(1, model.n_topics_ + 1):
        ws = model.top_words(t, 16, lambda_=LAMBDA)
        if mask:
            ws = [w for w in ws if classes.get(w) != "人名"]
        words.append(ws[:8])
    result = {
        "k": int(model.n_topics_),
        "model": str(model.model_),
        # the report is in Japanese; a model read from an older cache has only its English reason
        "k_reason": in_language(getattr(model, "k_reason_message_", None) or model.k_reason_, "ja"),
        "doc_topic": np.asarray(model.doc_topic_, dtype=np.float32),
        "words": words,
        "labels": labels["label"].tolist(),
        "coherence": [float(x) for x in labels["coherence"]],
        "from_cache": from_cache,
    }
    return result, ""


def package_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # pragma: no cover - an uninstalled source tree
        return ""


@dataclass
class _CodedThemes:
    """The tables of a fitted ThemeCoder that the report reads (kept in the cache instead of the coder)."""

    coded_: pd.DataFrame
    counts_: pd.DataFrame
    evidence_: pd.DataFrame
    words_: pd.DataFrame
    atoms_: pd.DataFrame


def coded_themes(rule_set: Any, tokenized: Any, corpus: Any, tokenizer: Any, cache_dir: Any) -> Any:
    """Code the documents, or read the result of the same coding from the cache (the key covers the tokens,
    the texts that substring rules read, the rules and the tokenizer that maps rule words); a cached table
    must cover exactly the documents of the tokens."""
    from ..analysis.themes import ThemeCoder

    key = hashlib.sha256(
        json.dumps(
            [
                REPORT_VERSION,
                tokenized.cache_key,
                corpus.content_hash,
                rule_set.sha256,
                str(rule_set.source),
                tokenizer.fingerprint if tokenizer is not None else "",
            ]
        ).encode()
    ).hexdigest()[:24]
    cache = DiskCache(cache_dir, "report-themes")
    ids = [str(d) for d in tokenized.doc_ids]
    cached = cache.load(
        key, check=lambda v: isinstance(v, _CodedThemes) and [str(i) for i in v.coded_.index] == ids
    )
    if cached is not None:
        return cached
    coder = ThemeCoder(rule_set, tokenizer=tokenizer).fit(tokenized, texts=corpus)
    result = _CodedThemes(coder.coded_, coder.counts_, coder.evidence_, coder.words_, coder.atoms_)
    cache.save(key, result)
    return result
