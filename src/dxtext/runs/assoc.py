"""``dxtext assoc``: 関連語検索 — the words most associated with a word, a phrase or a theme."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

import numpy as np

from ..errors import DxtextError
from ..i18n import _
from ..progress import Progress, begin
from .inputs import SourceOptions, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..analysis.rules import ThemeRules
    from ..io.corpus import Corpus


def assoc(
    corpus: Corpus | str | os.PathLike[str],
    target: str,
    *,
    rules: ThemeRules | str | os.PathLike[str] | None = "default",
    measure: str = "jaccard",
    top: int = 30,
    min_docs: int = 2,
    network_words: int = 15,
    kwic: int = 30,
    window: int = 30,
    mask: bool = True,
    seed: int = 0,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """The words most associated with ``target``: a word or phrase (matched by lemma, as ``kwic`` does), or
    ``*THEME`` — the documents coded with that theme of ``rules`` (default dictionaries/themes.txt).

    For every word: documents with it inside and outside the target's documents, P(word | target), P(word),
    Jaccard, lift and log-likelihood G² with a Benjamini–Hochberg corrected p; ranked by ``measure``
    (jaccard, conditional, lift or loglik); words in at least ``min_docs`` target documents. Also a network
    of the target and its ``network_words`` strongest words (PNG and GraphML), and KWIC lines (``kwic`` lines,
    ``window`` characters, personal data masked unless ``mask`` is off): of the word, or for a theme of its
    five strongest words inside the theme's documents.

    Writes assoc.csv, assoc_network.png/.graphml, assoc_edges.csv, kwic.csv and assoc.xlsx into a run folder.
    """
    import pandas as pd

    from ..analysis.assoc import MEASURES, association_network, associations, phrase_mask
    from ..analysis.kwic import close_words, concordance, resolve_query
    from ..analysis.matrix import build_dtm
    from ..render.assoc_png import draw_association
    from ..render.graph_files import write_graphml
    from ..render.summaries import assoc_text
    from ..text.tokens import TokenizedCorpus
    from .folder import folder_options, make_run_dir, run_key, write_metadata
    from .grouping import files_of, params_of, rounded, write_tables

    if measure not in MEASURES:
        raise DxtextError(
            _("--measure {measure}: use one of {v0}.").format(measure=measure, v0=", ".join(MEASURES))
        )
    target = " ".join(str(target).split())
    if not target:
        raise DxtextError(_("give a word, a phrase or *THEME to search for."))
    is_theme = target[0] in "*＊"
    rule_set = theme = None
    if is_theme:
        from ..analysis.themes import load_rules

        rule_set = load_rules(rules if rules is not None else "default")
        theme = _theme_name(rule_set, target[1:])
    inputs = prepare(corpus, dict(source), command="assoc", progress=progress)
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    assert tokenizer is not None and tokens is not None
    begin(progress, "association")
    dtm = build_dtm(tokens.tokens, doc_ids=tokens.doc_ids)
    B = dtm.binary()
    flag: set[str] = set()
    exclude: set[str] = set()
    if is_theme:
        from ..analysis.themes import ThemeCoder

        coder = ThemeCoder(rule_set, tokenizer=tokenizer).fit(tokens, texts=c)
        coded = coder.coded_.reindex(tokens.doc_ids).fillna(0)
        in_target = coded[theme].to_numpy() > 0
        words_of_rule = coder.words_[coder.words_["theme"] == theme]
        for lem in words_of_rule["lemmas"]:
            flag.update(str(lem).replace("+", " ").split())
        label = f"*{theme}"
    else:
        lemmas = resolve_query(target, tokenizer, vocabulary=set(dtm.vocab))
        if not lemmas:
            raise DxtextError(
                _(
                    "{target!r} has no content word for the tokenizer; search for a noun, verb or adjective."
                ).format(target=target)
            )
        in_target = phrase_mask(tokens.tokens, lemmas)
        exclude = set(lemmas)
        label = target
    n_t = int(in_target.sum())
    if n_t == 0:
        near = close_words(target.lstrip("*＊"), set(dtm.vocab)) if not is_theme else []
        hint = _(" Words close to it: {words}.").format(words=", ".join(near)) if near else ""
        raise DxtextError(
            _("{name}: no document has {target!r} (of {v0:,} documents).{hint}").format(
                name=c.name, target=target, v0=len(tokens), hint=hint
            )
        )
    table = associations(
        B, dtm.vocab, in_target, measure=measure, min_docs=min_docs, exclude=exclude, flag=flag
    )  # type: ignore[arg-type]
    listed = table.head(top) if top else table
    G = association_network(B, dtm.vocab, table, target=label, n_target_docs=n_t, words=network_words,
                            measure=measure)  # type: ignore[arg-type]  # fmt: skip

    begin(progress, "kwic")
    ids = np.asarray(tokens.doc_ids, dtype=object)
    frames = []
    if is_theme:
        per_word = max(3, kwic // 5)
        for w in listed["word"].head(5):
            frames.append(_kwic(c, w, tokenizer, tokens, in_target & (B[:, dtm.index()[w]].toarray().ravel() > 0),
                                per_word, window, mask, concordance, TokenizedCorpus, ids))  # fmt: skip
    else:
        frames.append(_kwic(c, target, tokenizer, tokens, in_target, kwic, window, mask, concordance,
                            TokenizedCorpus, ids))  # fmt: skip
    lines = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    params = params_of(target=target, rules=rule_set.source if rule_set else None, measure=measure, top=top,
                       min_docs=min_docs, network_words=network_words, kwic=kwic, window=window, mask=mask, seed=seed)  # fmt: skip
    key = run_key(c.content_hash, tokenizer.fingerprint, rule_set.sha256 if rule_set else None, params)
    folder = make_run_dir(
        Path(out) if out is not None else Path("outputs"),
        "assoc",
        c.name,
        key,
        **folder_options(params, source, assoc),
    )
    drawn = draw_association(G, folder / "assoc_network.png", title=f"関連語: {label}（{c.name}）",
                             subtitle=f"{n_t:,} / {len(tokens):,} 文書; 上位 {network_words} 語, 指標 {measure}; "
                             "点線: 語どうしの共起 (Jaccard)", seed=seed)  # fmt: skip
    write_graphml(G, folder / "assoc_network.graphml")
    edges = pd.DataFrame(
        [{"source": u, "target": v, "kind": d.get("kind"), "weight": d.get("weight"),
          "cooccurrence": d.get("cooccurrence")} for u, v, d in G.edges(data=True)]
    )  # fmt: skip
    nodes = pd.DataFrame([{"node": n, **d} for n, d in G.nodes(data=True)])
    tables = {"assoc": rounded(table), "assoc_nodes": nodes, "assoc_edges": edges, "kwic": lines}
    write_tables(folder, tables, workbook="assoc.xlsx")
    write_metadata(folder, command="assoc", corpus=c, params=params, tokenizer=tokenizer,
                   extra={"rules": rule_set.metadata() if rule_set else None, "target_documents": n_t})  # fmt: skip
    warnings = list(inputs.warnings)
    if drawn["overlaps"]:
        warnings.append(
            _("assoc_network.png: {n} label pairs overlap; lower --network-words.").format(
                n=drawn["overlaps"]
            )
        )
    return RunResult(
        command="assoc",
        folder=folder,
        files=files_of(folder),
        tables=tables,
        text=assoc_text(listed, lines, label=label, n_target=n_t, n_docs=len(tokens), measure=measure),
        notes=[*inputs.notes, _("wrote {path}").format(path=folder)],
        warnings=warnings,
        open=folder / "assoc.xlsx",
        data={"graph": G},
    )


def _theme_name(rule_set: ThemeRules, name: str) -> str:
    import difflib

    try:
        return rule_set.get(name.strip()).name
    except (KeyError, LookupError):
        pass
    close = difflib.get_close_matches(name, rule_set.names, n=3, cutoff=0.3)
    hint = _(" Close: {names}.").format(names=", ".join("*" + x for x in close)) if close else ""
    raise DxtextError(
        _("{source}: no theme {name!r}; the themes are {v0}.{hint}").format(
            source=rule_set.source, name=name, v0=", ".join(rule_set.names), hint=hint
        )
    )


def _kwic(c, word, tokenizer, tokens, docs_mask, limit, window, mask, concordance, TokenizedCorpus, ids):  # type: ignore[no-untyped-def]
    """KWIC lines of ``word`` in the first documents of ``docs_mask`` (corpus order), at most ``limit``."""
    chosen = np.flatnonzero(docs_mask)[: max(limit, 1) * 2]
    sub = TokenizedCorpus(doc_ids=[ids[i] for i in chosen], tokens=[tokens.tokens[i] for i in chosen],
                          word_classes=tokens.word_classes, cache_key="", from_cache=False)  # fmt: skip
    frame = concordance(c, word, tokenizer=tokenizer, tokenized=sub, window=window, mask=mask)
    frame = frame[frame["doc_id"].isin(set(sub.doc_ids))].head(limit)
    frame.insert(0, "query", word)
    return frame
