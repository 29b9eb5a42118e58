"""``dxtext topics``: what respondents write about — topics with K chosen by coherence and stability, their
words, representative answers and prevalence by group; or a saved model applied to another corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from .. import progress as prog
from ..errors import ModelError
from ..i18n import _, english, in_language
from ..io.compact import plain
from .inputs import SourceOptions, check_seed, prepare
from .result import RunResult
from .topics_options import check_documents, check_topic_options, named_options, rule_seeds
from .topics_texts import (
    _info_rows,
    _k_reason,
    _model_fingerprint,
    _model_metadata,
    _per_question_summary,
    _summary,
)

if TYPE_CHECKING:
    from ..io.corpus import Corpus

LAMBDA_HELP = "relevance at λ = 0.6 (Sievert & Shirley 2014)"
#: XLSX gets a compact document sheet above this many cells (the workbook writer does about 650,000 cells a
#: second: dxtext.render.xlsx_writer, benchmarks/xlsx_write.py)
XLSX_DOC_CELLS = 400_000


class _TokenSets(Mapping[str, Any]):
    """doc_id → the set of its words (``size``: their number), made when asked: dicts of every document's
    set held about half a GiB for a million answers, and the representative answers read each once."""

    def __init__(
        self, doc_ids: Sequence[str], tokens: Sequence[Sequence[str]], *, size: bool = False
    ) -> None:
        self._at = {str(d): i for i, d in enumerate(doc_ids)}
        self._tokens, self._size = tokens, size

    def __getitem__(self, doc_id: str) -> Any:
        words = set(self._tokens[self._at[doc_id]])
        return len(words) if self._size else words

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def sizes(self) -> _TokenSets:
        """The same documents' numbers of distinct words (one index of the documents for both)."""
        other = _TokenSets([], self._tokens, size=True)
        other._at = self._at
        return other


def default_models_dir() -> Path:
    """Where the CLI saves fitted models: ``$DXTEXT_MODELS`` or ``models``."""
    return Path(os.environ.get("DXTEXT_MODELS", "models"))


def topics(
    corpus: Corpus | str | os.PathLike[str],
    *,
    k: int | None = None,
    k_range: str | tuple[int, int] | None = None,
    model: str = "auto",
    seed: int = 1,
    load: str | os.PathLike[str] | None = None,
    models: str | os.PathLike[str] | None = None,
    save_model: bool = True,
    mask: bool = True,
    min_df: int | None = None,
    max_df: float = 0.5,
    words: int = 15,
    representative: int = 5,
    by: str | Sequence[str] | None = None,
    per_question: bool = False,
    seed_rules: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    progress: prog.Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Topic model of the answers. Without ``k``, K is chosen over ``k_range`` ("LOW..HIGH", default 4..16):
    the most coherent K (mean NPMI of the top words) among those whose topics come back when the model is
    refitted on subsamples. ``model``: nmf, lda or auto; ``load``: a saved model folder to apply instead of
    fitting; ``models``: where to save the fitted model (default: ``$DXTEXT_MODELS`` or ``models``, as the command
    does); ``save_model=False``: do not save it; ``mask``: mask personal data in
    representative answers; ``by``: prevalence per group of this attribute (default: the question attribute
    when the corpus has one, :func:`~dxtext.runs.topics_questions.question_attribute`); ``per_question``: also
    one model per question, side by side (per_question.csv and sheets of topics.xlsx); ``seed_rules``: a
    KH Coder-style rule file whose rules seed one topic each (guided NMF, docs/topics.md).

    Writes topics.csv, doc_topics.csv, representative.csv, k_selection.csv/png, prevalence.csv/png (with
    ``by``), topics.html (offline browser), topics.xlsx, metadata.json and ledger.json into a run folder under
    ``out`` (default ``outputs``). ``result.model`` is the fitted :class:`~dxtext.analysis.topics.TopicModel`.
    """

    krange = check_topic_options(
        model=model,
        k=k,
        k_range=k_range,
        load=load,
        min_df=min_df,
        representative=representative,
        max_df=max_df,
        words=words,
    )
    check_seed(seed)
    inputs = prepare(corpus, dict(source), command="topics", by=by, progress=progress)
    by = inputs.by
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    check_documents(c, tokens)
    from .topics_questions import QUESTION_ATTRIBUTES, question_attribute

    question = question_attribute(c)
    if per_question and question is None:
        raise ModelError(
            _(
                "--per-question: {name} has no question attribute with two or more questions (looked for {v0}); give several open-question columns with --text-col."
            ).format(name=c.name, v0=", ".join(QUESTION_ATTRIBUTES))
        )
    if per_question and load is not None:
        raise ModelError(_("--per-question fits a model per question; it cannot be combined with --load."))
    seeds, seed_notes, rules_meta = None, [], None
    if seed_rules is not None:
        if load is not None:
            raise ModelError(_("--seed-rules fits guided topics; it cannot be combined with --load."))
        seeds, seed_notes, rules_meta = rule_seeds(seed_rules, tokens, tokenizer)
    if by is None and question is not None and load is None:
        by = question  # respondents answer different things in each question: prevalence per question first
    params = (
        {
            "k": k,
            "k_range": list(krange),
            "model": model,
            "seed": seed,
            "min_df": min_df,
            "max_df": max_df,
            "words": words,
            "representative": representative,
            "mask": mask,
            "by": by,
            "load": str(load) if load else None,
        }
        | ({"per_question": question} if per_question else {})
        | ({"seed_rules": rules_meta, "seed_words": seeds} if seeds is not None else {})
    )
    result = run_topics(
        c,
        tokens,
        tokenizer=tokenizer,
        out=Path(out) if out is not None else Path("outputs"),
        models_dir=(Path(models) if models is not None else default_models_dir()) if save_model else None,
        params=params,
        load=Path(load) if load is not None else None,
        progress=prog.stage(progress, "topics"),
        cache_dir=inputs.cache_dir,
    )
    result.warnings[:0] = inputs.warnings
    if seed_notes:
        result.text += "\n" + "\n".join("  " + _("note: {message}").format(message=n) for n in seed_notes)
    return result


def run_topics(
    corpus: Any,
    tokens: Any,
    *,
    tokenizer: Any,
    out: Path,
    models_dir: Path | None,
    params: dict[str, Any],
    load: Path | None = None,
    progress: Any = None,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """Fit (or load and apply) the model and write every output; returns paths and a printable summary. The
    fitted model is the one :func:`~dxtext.runs.topic_model.shared_topic_model` keeps for these tokens and
    options (``dxtext report`` shows the same)."""
    import pandas as pd

    from ..analysis.topics import (
        LAMBDA,
        TopicModel,
        prevalence,
        quality_warnings,
        representative_docs,
        topic_quality,
        word_tags_from_dictionary,
    )
    from ..child import spare_core, while_waiting
    from ..files import write_in_child
    from ..render import fonts, plots
    from ..render.tables import write_csv, write_text, write_xlsx
    from ..render.topics_html import topics_page
    from ..render.topics_png import plot_k_selection, plot_prevalence
    from ..text.privacy import mask_pii
    from .folder import folder_options, make_run_dir, run_key, write_metadata
    from .topic_model import model_options, shared_topic_model

    by = params["by"]
    load_info: dict[str, Any] | None = None
    if load is not None:
        tm = TopicModel.load(load)
        load_info = {
            "path": str(load),
            "metadata": getattr(tm, "metadata_", {}),
            "model": tm.model_,
            "k": tm.n_topics_,
        }
        key = run_key("topics", corpus.content_hash, tokenizer.fingerprint, params, _model_fingerprint(load))
    else:
        key = run_key("topics", corpus.content_hash, tokenizer.fingerprint, params)
    folder = make_run_dir(
        out, "topics", corpus.name, key, **folder_options(named_options(params), None, topics)
    )

    used = corpus.docs.set_index("doc_id", drop=False)
    attrs = [a for a in corpus.attributes if a != "doc_id"]

    @cache
    def attribute_table() -> pd.DataFrame:
        """The attributes of the modelled documents in their order (the tokens' documents: the model's rows,
        fitted or applied), as plain columns."""
        ids = [str(d) for d in tokens.doc_ids]
        if not attrs:
            return pd.DataFrame(index=range(len(ids)))
        return plain(used.loc[ids, attrs]).reset_index(drop=True)

    if load is None:
        options = model_options(
            k=params["k"],
            k_range=params["k_range"],
            model=params["model"],
            seed=params["seed"],
            min_df=params["min_df"],
            max_df=params["max_df"],
        )
        if params.get("seed_words"):
            options["seed_words"] = params["seed_words"]
        # while the fit waits for its child (the Gibbs candidate): the imports of the drawings (for the drawing
        # child forked later) and of the page's font subsetter, and the attribute columns of the document table
        with while_waiting(plots.preload, fonts.preload, attribute_table):
            tm, _ignored = shared_topic_model(tokens, options, cache_dir=cache_dir, progress=progress)
        doc_topics = tm.doc_topics()
        coverage = None
    else:
        doc_topics = tm.transform(tokens.tokens, doc_ids=tokens.doc_ids)
        coverage = tm.coverage(tokens.tokens)
        if coverage["documents_with_model_words"] == 0:
            raise ModelError(
                _(
                    "{load}: none of the model's {v0:,} words occurs in {name}; is it the same language and tokenizer? Fit a new model instead."
                ).format(load=load, v0=len(tm.vocab_), name=corpus.name)
            )

    tags = word_tags_from_dictionary(tokenizer.dictionary_path) if tokenizer.dictionary_path else {}
    labels = tm.labels(tags)
    names = getattr(tm, "seed_names_", None)
    if names:  # guided topics: the rule that seeded a topic names it
        labels["theme"] = [n or th for n, th in zip(names, labels["theme"], strict=True)]
        labels["label"] = [
            f"【{n}】{lab.split('】')[-1]}" if n else lab
            for n, lab in zip(names, labels["label"], strict=True)
        ]
    topic_cols = tm.topic_columns()
    shares = doc_topics[topic_cols].to_numpy().sum(axis=0)
    total = shares.sum()
    labels["share"] = (shares / total) if total > 0 else shares
    labels["docs"] = [int((doc_topics["main_topic"] == t).sum()) for t in labels["topic"]]
    label_of = dict(zip(labels["topic"].astype(int), labels["label"].astype(str), strict=True))

    topics_df = tm.get_topics(params["words"], lambda_=LAMBDA, word_tags=tags)
    topics_df["label"] = topics_df["topic"].map(label_of)

    ids = doc_topics["doc_id"].tolist()
    attr_frame = attribute_table()
    taken = {*topic_cols, "main_topic", "main_label"}
    attr_frame.columns = [f"{a} (属性)" if a in taken else a for a in attrs]  # a column named T1 stays apart
    full = pd.concat([doc_topics[["doc_id"]], attr_frame, doc_topics[[*topic_cols, "main_topic"]]], axis=1)
    full["main_label"] = [("" if pd.isna(t) else label_of[int(t)]) for t in doc_topics["main_topic"]]

    prev = None
    if by:
        prev = prevalence(doc_topics, used.loc[ids, by].tolist(), by=by, labels=label_of)
    ksel = tm.k_selection_ if load is None else None
    k_title = _("Choosing the number of topics K ({name})").format(name=corpus.name)

    def draw() -> None:  # matplotlib's import and drawing (the same pixels in any process)
        if prev is not None:
            plot_prevalence(prev, folder / "prevalence.png", by=by, labels=label_of)
        if ksel is not None:
            plot_k_selection(ksel, folder / "k_selection.png", title=k_title)

    # the document table (about a second for 57,000 answers) and the drawings in child processes from here on,
    # while this one picks the representative answers, then the workbook in a third; an error in a child is
    # raised at its join below, as an inline write would raise it
    joins = [write_in_child(lambda: write_csv(full, folder / "doc_topics.csv"))]
    try:
        joins.append(write_in_child(draw, background=spare_core()))
        # (lists first: iterating a pandas string column cell by cell takes four times as long)
        texts = dict(zip(used["doc_id"].astype(str).tolist(), used["text"].astype(str).tolist(), strict=True))
        doc_words = _TokenSets(tokens.doc_ids, tokens.tokens)
        counts = doc_words.sizes()
        topic_words = {
            t: sorted(set(tm.top_words(t, 10)) | set(tm.top_words(t, 10, lambda_=LAMBDA)))
            for t in range(1, tm.n_topics_ + 1)
        }
        masker = (lambda s: mask_pii(s, tokenizer)) if params["mask"] else None
        reps = representative_docs(
            doc_topics,
            texts,
            n=params["representative"],
            token_counts=counts,
            mask=masker,
            doc_words=doc_words,
            topic_words=topic_words,
        )
        reps.insert(1, "label", reps["topic"].map(label_of))

        quality = topic_quality(tm, labels)
        pq_table, pq_notes, pq_wide = None, [], None
        if params.get("per_question"):
            from .topics_questions import per_question, side_by_side

            pq_table, pq_notes = per_question(
                corpus,
                tokens,
                attribute=params["per_question"],
                options=options,
                cache_dir=cache_dir,
                word_tags=tags,
            )
            pq_wide = side_by_side(pq_table, params["per_question"])
        model_path = models_dir / folder.name if load is None and models_dir is not None else None
        reason = _k_reason(tm, load, coverage)
        info = _info_rows(corpus, tm, params, in_language(reason, "ja"), model_path, coverage, load)

        sheets: dict[str, pd.DataFrame] = {
            "about": pd.DataFrame(info, columns=["item", "value"]),
            "topics": topics_df,
            "topic_quality": quality,
        }
        cells = len(full) * len(full.columns)
        if cells > XLSX_DOC_CELLS:
            keep = ["doc_id", *([by] if by else []), *topic_cols, "main_topic", "main_label"]
            sheets["doc_topics"] = full[keep]
            sheets["about"] = pd.concat(
                [
                    sheets["about"],
                    pd.DataFrame(
                        [
                            [
                                "doc_topics",
                                _(
                                    "{n:,} documents: this sheet has the topic columns; every attribute is in "
                                    "doc_topics.csv"
                                ).format(n=len(full)),
                            ]
                        ],
                        columns=["item", "value"],
                    ),
                ],
                ignore_index=True,
            )
        else:
            sheets["doc_topics"] = full
        sheets["representative"] = reps
        if prev is not None:
            sheets["prevalence"] = prev
        if ksel is not None:
            sheets["k_selection"] = ksel
        if pq_table is not None:
            sheets["per_question"] = pq_wide
            sheets["per_question_topics"] = pq_table

        joins.append(write_in_child(lambda: write_xlsx(sheets, folder / "topics.xlsx")))
        written: list[str] = []

        def out_csv(frame: pd.DataFrame, name: str) -> None:
            write_csv(frame, folder / name)
            written.append(name)

        out_csv(topics_df, "topics.csv")
        out_csv(quality, "topic_quality.csv")
        out_csv(reps, "representative.csv")
        if prev is not None:
            out_csv(prev, "prevalence.csv")
        if pq_table is not None:
            out_csv(pq_table, "per_question.csv")
        if ksel is not None:
            out_csv(ksel, "k_selection.csv")
        if model_path is not None:
            tm.save(model_path, metadata=_model_metadata(corpus, tokenizer, tm, params))

        overview = {t: tm.top_words(t, 10, lambda_=LAMBDA) for t in range(1, tm.n_topics_ + 1)}
        html = topics_page(
            title=f"トピック: {corpus.name}",
            topics=labels,
            words=tm.word_table(30),
            pairs=tm.pair_table(),
            representative=reps,
            overview=overview,
            info=info,
            k_reason=in_language(reason, "ja"),
            k_selection=ksel,
            prevalence=prev,
            by=by,
            lambda_=LAMBDA,
            masked=params["mask"],
        )
        write_text(html, folder / "topics.html")
        written.append("topics.html")
    except BaseException:
        for j in joins:
            j(quiet=True)
        raise
    for j in joins:
        j()
    written += ["topics.xlsx", "doc_topics.csv", *(["prevalence.png"] if prev is not None else [])]
    written += ["k_selection.png"] if ksel is not None else []

    extra = {
        "topics": {
            "model": tm.model_,
            "k": tm.n_topics_,
            "k_reason": english(reason),
            "k_selection": None if ksel is None else ksel.to_dict(orient="records"),
            "vocabulary": len(tm.vocab_),
            "min_df": tm.min_df_,
            "documents_modelled": len(doc_topics),
            "documents_without_model_words": int(doc_topics["main_topic"].isna().sum()),
            "coherence": [round(float(x), 4) for x in tm.coherence_],
            "quality": quality.to_dict(orient="records"),
            "stability": None if tm.stability_ != tm.stability_ else round(float(tm.stability_), 4),
            "labels": labels[["topic", "label", "theme"]].to_dict(orient="records"),
            "model_saved_to": str(model_path) if model_path else None,
            "loaded_model": load_info,
            "coverage": coverage,
            "relevance": LAMBDA_HELP,
            "per_question": None
            if pq_table is None
            else {
                "attribute": params["per_question"],
                "topics": pq_table.to_dict(orient="records"),
                "notes": pq_notes,
            },
        },
        "outputs": sorted(written),
    }
    write_metadata(folder, command="topics", corpus=corpus, params=params, tokenizer=tokenizer, extra=extra)
    summary = _summary(corpus, tm, labels, overview, reason, folder, model_path, coverage)
    if pq_table is not None:
        summary += "\n" + _per_question_summary(pq_table, params["per_question"], pq_notes)
    warned = quality_warnings(quality)
    labels_of = dict(zip(quality["topic"].astype(int), quality["label"], strict=True))
    summary += "".join(
        "\n  " + _("warning: T{topic} {label}: {warning}").format(topic=t, label=labels_of[t], warning=w)
        for t, w in warned.items()
    )
    result = RunResult(
        command="topics",
        folder=folder,
        files=sorted([*written, "metadata.json", "ledger.json"]),
        tables={
            "topics": topics_df,
            "topic_quality": quality,
            "doc_topics": full,
            "representative": reps,
            "labels": labels,
        }
        | ({"prevalence": prev} if prev is not None else {})
        | ({"k_selection": ksel} if ksel is not None else {})
        | ({"per_question": pq_table} if pq_table is not None else {}),
        text=summary,
        open=folder / "topics.html",
        data={"model": tm, "model_path": model_path, "labels": labels},
    )
    return result
