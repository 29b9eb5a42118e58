"""Guided topics: seed words per topic from a KH Coder-style rule file, and NMF started from them.

Each rule (``*name`` then an expression) gives the words it names positively — words under ``not`` are left
out, words inside ``a+b``, ``near(…)`` and ``seq(…)`` count — mapped to the model's vocabulary. A seeded topic
starts (H₀) with its seed words at the largest weight of the TF-IDF matrix, the seed words of the other rules
at 0 and every other word at a small floor, and NMF by multiplicative updates (which keep zeros at zero)
refines it (:func:`fit_seeded`). Topics keep the
order of the rules, so the topic of a rule can be named after it; the words that come with the seeds are what
the answers write next to them. Extra topics (K above the number of rules) start from NNDSVD, to catch what
no rule names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from ...errors import ModelError
from ...i18n import Message, _
from .base import _Fit, _load_numeric_libraries
from .nmf import _nndsvd

#: weight of a non-seed word in a seeded topic's start, relative to the seed words' weight
FLOOR = 1e-3


def rule_seed_words(
    rules: Any, vocab: Sequence[str], lemmas: Callable[[str], list[str]] | None = None
) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """(rule name, its seed words in ``vocab``) for each rule with at least one, and notes for the others.

    ``lemmas(word)`` maps a rule word written in another form to the corpus's lemmas (the tokenizer); a word
    found neither as written nor through it is skipped."""
    from ..rules.tree import And, Compare, Near, Not, Or, Phrase, Word

    known = set(vocab)
    out: list[tuple[str, list[str]]] = []
    notes: list[str] = []

    def positive(node: Any) -> list[Any]:
        if isinstance(node, (And, Or)):
            return [w for c in node.children for w in positive(c)]
        if isinstance(node, Not):
            return []
        if isinstance(node, Compare):
            return positive(node.atom)
        if isinstance(node, Word):
            return [node]
        if isinstance(node, (Phrase, Near)):
            return list(node.words)
        return []  # 'substring' and <*ref>: no word of their own

    for rule in rules:
        words: list[str] = []
        for w in positive(rule.expr):
            cands = (
                [w.text] if w.text in known else [x for x in (lemmas(w.text) if lemmas else []) if x in known]
            )
            words += [c for c in cands if c not in words]
        if words:
            out.append((rule.name, words))
        else:
            notes.append(
                _("rule {name}: none of its words is in the model's vocabulary; no seeded topic").format(
                    name=rule.name
                )
            )
    return out, notes


def seeded_reason(k: int, n_seed: int, dropped: Sequence[str]) -> Message:
    """Why a guided model has K topics (``TopicModel.k_reason_``)."""
    free = Message(" and {n} free topics (--k)", n=k - n_seed) if k > n_seed else ""
    without = Message("; rules without such words: {names}", names=", ".join(dropped)) if dropped else ""
    return Message(
        "K={k}: one topic per rule with words in the vocabulary ({n_seed}){free}{without}.",
        k=k,
        n_seed=n_seed,
        free=free,
        without=without,
    )


def fit_seeded(
    X: sp.csr_matrix, seeds: Sequence[Sequence[int]], k: int, seed: int, max_iter: int, tol: float = 1e-4
) -> _Fit:
    """NMF of ``X`` (documents × words, non-negative) with topic t < len(seeds) anchored on the word indices
    ``seeds[t]``, the others started from NNDSVD.

    Multiplicative updates (Lee & Seung 2001, Frobenius loss) keep an entry that starts at 0 at 0, so a rule's
    seed words start at 0 in every *other* seeded topic and stay out of them: each rule's words can only be
    carried by its own topic, which then gathers the answers that use them and the words those answers write
    with them. Every other word starts at a small positive weight and is free."""
    n_seed = len(seeds)
    V = X.shape[1]
    X = sp.csr_matrix(X, dtype=np.float64)
    top = float(X.max()) if X.nnz else 1.0
    H = np.full((k, V), FLOOR * top)
    for t, idx in enumerate(seeds):
        for u, other in enumerate(seeds):
            if u != t:
                H[t, list(other)] = 0.0
        H[t, list(idx)] = top
    if k > n_seed:
        _w, Hn = _nndsvd(X, k, seed)
        H[n_seed:] = Hn[: k - n_seed] + FLOOR * top
    eps = 1e-12
    XT = sp.csr_matrix(X.T)
    W = np.maximum(np.asarray(X @ H.T) / (np.linalg.norm(H, axis=1) ** 2 + eps), 0.0) + FLOOR * top
    prev = np.inf
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        H *= np.asarray(XT @ W).T / (W.T @ W @ H + eps)
        W *= np.asarray(X @ H.T) / (W @ (H @ H.T) + eps)
        if n_iter % 10 == 0:
            # squared error ‖X − WH‖² without forming WH: ‖X‖² − 2 tr(Hᵀ Wᵀ X) + tr(WᵀW H Hᵀ)
            err = float(
                X.multiply(X).sum() - 2 * np.sum(np.asarray(XT @ W).T * H) + np.sum((W.T @ W) * (H @ H.T))
            )
            if prev - err <= tol * max(prev, eps):
                break
            prev = err
    return _Fit(W=W, H=H, n_iter=n_iter)


def fit_guided(tm: Any, k: int | None) -> tuple[int, _Fit]:
    """The guided fit of a TopicModel being fitted (``tm``: its vocabulary, training matrix and seed words):
    the rules' words in the vocabulary (``tm._seeded``), K (``k`` or the number of rules), the fit, and
    ``k_selection_``, ``stability_`` and the reason set on ``tm``."""
    index = {w: i for i, w in enumerate(tm.vocab_)}
    tm._seeded = [(n, [index[w] for w in ws if w in index]) for n, ws in tm.seed_words or ()]
    dropped = [n for n, ix in tm._seeded if not ix]
    tm._seeded = [(n, ix) for n, ix in tm._seeded if ix]
    if not tm._seeded:
        raise ModelError(
            _(
                "--seed-rules: no rule has a word in the model's vocabulary (words in at least {min_df_} documents); check the rule words or lower --min-df."
            ).format(min_df_=tm.min_df_)
        )
    n_seed = len(tm._seeded)
    if k is not None and k < n_seed:
        raise ModelError(
            _("--k {k}: fewer topics than seeded rules ({n_seed}); use --k {n_seed} or more.").format(
                k=k, n_seed=n_seed
            )
        )
    k = k or n_seed
    if tm.model_ != "nmf":
        raise ModelError(_("--seed-rules guides NMF topics; use --model nmf (or auto)."))
    _load_numeric_libraries("nmf")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        fit = fit_seeded(tm._X, [ix for _, ix in tm._seeded], k, tm.seed, tm.max_iter)
    tm.k_selection_, tm.stability_ = None, float("nan")
    reason = seeded_reason(k, n_seed, dropped)
    tm.k_reason_message_, tm.k_reason_ = reason, reason.english()
    return k, fit
