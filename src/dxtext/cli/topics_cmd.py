"""``dxtext topics``: what respondents write about — topics with K chosen by coherence and stability, their
words, representative answers and prevalence by group; or a saved model applied to another corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c

KOpt = Annotated[
    int | None, typer.Option("--k", "-k", help=_("Number of topics (default: chosen over --k-range)."))
]
KRangeOpt = Annotated[
    str | None,
    typer.Option(
        "--k-range",
        help=_(
            "Range of K to choose from by coherence and stability, LOW..HIGH (default 4..16, clipped to what "
            "the corpus allows)."
        ),
    ),
]
ModelOpt = Annotated[
    str,
    typer.Option(
        "--model",
        help=_(
            "nmf (NMF on TF-IDF), gibbs (LDA by Gibbs sampling, tomotopy), lda (gensim LDA) or auto (the "
            "default: nmf or gibbs, whichever is more coherent on answers held out of the fit; see docs/topics.md)."
        ),
    ),
]
SeedOpt = Annotated[int, typer.Option("--seed", help=_("Seed of every random step (same seed, same files)."))]
LoadOpt = Annotated[
    Path | None,
    typer.Option(
        "--load",
        help=_(
            "Apply a saved model (a folder under models/) to this corpus instead of fitting: topic shares "
            "and prevalence in this corpus, with the vocabulary coverage."
        ),
    ),
]
ModelsOpt = Annotated[
    Path | None,
    typer.Option(
        "--models", help=_("Folder where fitted models are saved (default: $DXTEXT_MODELS or models/).")
    ),
]
NoMaskOpt = Annotated[
    bool,
    typer.Option(
        "--no-mask", help=_("Quote representative answers without masking names, phone numbers, e-mails.")
    ),
]
MinDfOpt = Annotated[
    int | None,
    typer.Option(
        "--min-df",
        help=_("A word must occur in at least this many documents (default: 2, up to 20 for large corpora)."),
    ),
]
MaxDfOpt = Annotated[
    float,
    typer.Option("--max-df", help=_("Drop words that occur in more than this share of documents.")),
]
WordsOpt = Annotated[int, typer.Option("--words", "-w", help=_("Words per topic in topics.csv."))]
RepsOpt = Annotated[int, typer.Option("--representative", help=_("Representative answers per topic (3–10)."))]
PerQuestionOpt = Annotated[
    bool,
    typer.Option(
        "--per-question",
        help=_(
            "Also fit one model per question (question attribute, e.g. several --text-col columns), K chosen "
            "for each, side by side in per_question.csv and topics.xlsx."
        ),
    ),
]
SeedRulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--seed-rules",
        help=_(
            "Guided topics: a KH Coder-style coding-rule file (*name, then an expression); each rule's words "
            "seed one topic (K = the number of rules unless --k adds free topics)."
        ),
    ),
]


def topics(
    path: c.CorpusArg,
    text_col: c.TextCol = None,
    id_col: c.IdCol = None,
    attrs: c.AttrsFile = None,
    on: c.OnKey = None,
    encoding: c.Encoding = None,
    sheet: c.Sheet = None,
    header_row: c.HeaderRow = None,
    unit: c.Unit = None,
    non_answers: c.NonAnswers = None,
    where: c.Where = None,
    keep_procedure: c.KeepProcedure = False,
    role: c.Role = None,
    keep_words: c.KeepWords = None,
    mask_speakers: c.MaskSpeakers = False,
    keep_names: c.KeepNames = False,
    dictionary: c.Dictionary = None,
    no_dictionary: c.NoDictionary = False,
    pos: c.Pos = None,
    stopwords: c.Stopwords = None,
    jobs: c.Jobs = 0,
    out: c.Out = None,  # type: ignore[assignment]
    by: c.By = None,
    quiet: c.Quiet = False,
    k: KOpt = None,
    k_range: KRangeOpt = None,
    model: ModelOpt = "auto",
    seed: SeedOpt = 1,
    load: LoadOpt = None,
    models: ModelsOpt = None,
    no_mask: NoMaskOpt = False,
    min_df: MinDfOpt = None,
    max_df: MaxDfOpt = 0.5,
    words: WordsOpt = 15,
    representative: RepsOpt = 5,
    per_question: PerQuestionOpt = False,
    seed_rules: SeedRulesOpt = None,
) -> None:
    """Topic model of the answers. Without --k, K is chosen over --k-range: the most coherent K (mean NPMI
    of the top words) among those whose topics come back when the model is refitted on subsamples
    (stability). Writes topics.csv (words by weight and relevance, suggested labels), doc_topics.csv,
    representative.csv (masked), k_selection.csv/png, with --by prevalence.csv/png, topics.html (offline
    browser) and topics.xlsx to a run folder, and saves the model under models/. --load MODEL applies a saved
    model to this corpus instead."""
    from ..runs.topics import default_models_dir
    from ..runs.topics import topics as run

    c.execute(
        run,
        path,
        k=k,
        k_range=k_range,
        model=model,
        seed=seed,
        load=load,
        models=models or default_models_dir(),
        mask=not no_mask,
        min_df=min_df,
        max_df=max_df,
        words=words,
        representative=representative,
        by=by,
        per_question=per_question,
        seed_rules=seed_rules,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )


def register(app: typer.Typer) -> None:
    app.command("topics")(topics)
