"""The options and inputs of ``dxtext topics`` checked before the slow part (the documents left to model, the
seed words of --seed-rules), and how the options name the run folder."""

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


def rule_seeds(path: Any, tokens: Any, tokenizer: Any) -> tuple[list[list[Any]], list[str], dict[str, Any]]:
    """Seed words per rule of ``path`` among the corpus's lemmas (rule words mapped through the tokenizer)."""
    from ..analysis.rules import load_rules
    from ..analysis.topics.seeded import rule_seed_words
    from ..text.tokenlists import TokenLists

    rules = load_rules(path)
    lists = tokens.tokens
    vocab = set(lists.words) if isinstance(lists, TokenLists) else {w for t in lists for w in t}

    def lemmas(word: str) -> list[str]:
        return [t.lemma for t in tokenizer.analyze(word) if t.kept]

    seeds, notes = rule_seed_words(rules, sorted(vocab), lemmas)
    if not seeds:
        raise ModelError(
            _("--seed-rules {path}: no rule names a word of this corpus; check the rule words.").format(
                path=path
            )
        )
    return [[n, w] for n, w in seeds], notes, rules.metadata()


def check_documents(corpus: Any, tokens: Any) -> None:
    """One clear line when there is nothing (or too little) to model."""
    from ..analysis.topics import MIN_DOCS

    n = len(tokens)
    if n >= MIN_DOCS:
        return
    t = corpus.ledger.totals
    counts = _(
        "{documents:,} documents: {used:,} used, {empty:,} empty, {non_answer:,} non-answers, "
        "{too_short:,} without content words"
    ).format(**{k: t.get(k, 0) for k in ("documents", "used", "empty", "non_answer", "too_short")}) + (
        _(", {n:,} left out by --where").format(n=t.get("filtered", 0)) if t.get("filtered", 0) else ""
    )
    if n == 0:
        docs = t.get("documents", 0)
        why = (
            _("the file has no answers")
            if docs == 0
            else _("--where left every document out")
            if t.get("filtered", 0) == docs
            else _("every answer is empty or a non-answer (特になし, なし …)")
            if t.get("empty", 0) + t.get("non_answer", 0) + t.get("filtered", 0) == docs
            else _("no answer has a content word left")
        )
        raise ModelError(
            _(
                "{name}: no answer to model — {why} ({counts}); check --text-col / --unit (dxtext corpus info shows the ledger)."
            ).format(name=corpus.name, why=why, counts=counts)
        )
    raise ModelError(
        _(
            "{name}: only {n} document{v0} with words ({counts}); a topic model needs at least {MIN_DOCS} — check --text-col / --unit or use a larger corpus."
        ).format(name=corpus.name, n=n, v0="s" if n > 1 else "", counts=counts, MIN_DOCS=MIN_DOCS)
    )
