"""``dxtext network``: co-occurrence network of a corpus, its communities and centralities, as tables,
Gephi files, a PNG and an offline graph browser; with ``--by`` a words × groups network and per-group networks."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import _
from . import common as c

MeasureOpt = Annotated[
    str,
    typer.Option(
        "--measure",
        "-m",
        help=_("Association of two words: jaccard (KH Coder's default), dice, simpson, cosine, npmi."),
    ),
]
WordsOpt = Annotated[
    int,
    typer.Option("--words", "-w", help=_("Candidate words: the most frequent N (KH Coder draws about 75).")),
]
MinDfOpt = Annotated[
    int, typer.Option("--min-df", help=_("Candidate words must occur in at least this many documents."))
]
TopEdgesOpt = Annotated[
    int | None,
    typer.Option(
        "--top-edges",
        "-e",
        help=_("Draw the N strongest pairs (default 60; no limit when only --min-coef is given)."),
    ),
]
MinCoefOpt = Annotated[
    float | None, typer.Option("--min-coef", help=_("Draw only pairs whose coefficient is at least this."))
]
BackboneOpt = Annotated[
    bool, typer.Option("--backbone", help=_("Keep only the maximum spanning tree of the drawn pairs."))
]
CommunitiesOpt = Annotated[
    str,
    typer.Option(
        "--communities",
        help=_("Community detection: modularity (greedy, KH Coder's default) or louvain (seeded)."),
    ),
]
CentralityOpt = Annotated[
    str,
    typer.Option(
        "--centrality",
        help=_(
            "Centrality to emphasise: betweenness (default), degree, eigenvector (all three are in nodes.csv)."
        ),
    ),
]
SeedOpt = Annotated[
    int,
    typer.Option(
        "--seed", help=_("Seed of the layout and of Louvain communities (same seed, same picture).")
    ),
]
PerGroupOpt = Annotated[
    bool, typer.Option("--per-group", help=_("With --by: also one network per group, side by side."))
]
GroupWordsOpt = Annotated[
    int,
    typer.Option("--group-words", help=_("With --by: words linked to each group in the two-mode network.")),
]
TwomodeWordsOpt = Annotated[
    int,
    typer.Option(
        "--twomode-words", help=_("With --by: candidate words of the two-mode network (most frequent N).")
    ),
]
MaxGroupsOpt = Annotated[
    int, typer.Option("--max-groups", help=_("With --by: at most this many groups (the largest)."))
]
ContextsOpt = Annotated[
    int, typer.Option("--contexts", help=_("Documents quoted per word or pair in network.html."))
]
NoMaskOpt = Annotated[
    bool,
    typer.Option("--no-mask", help=_("Quote documents without masking names, phone numbers and e-mails.")),
]


def network(
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
    engine: c.Engine = "local",
    scheduler: c.Scheduler = None,
    out: c.Out = None,  # type: ignore[assignment]
    by: c.By = None,
    quiet: c.Quiet = False,
    measure: MeasureOpt = "jaccard",
    words: WordsOpt = 75,
    min_df: MinDfOpt = 2,
    top_edges: TopEdgesOpt = None,
    min_coef: MinCoefOpt = None,
    backbone: BackboneOpt = False,
    communities: CommunitiesOpt = "modularity",
    centrality: CentralityOpt = "betweenness",
    seed: SeedOpt = 0,
    per_group: PerGroupOpt = False,
    group_words: GroupWordsOpt = 10,
    twomode_words: TwomodeWordsOpt = 150,
    max_groups: MaxGroupsOpt = 12,
    contexts: ContextsOpt = 30,
    no_mask: NoMaskOpt = False,
) -> None:
    """Co-occurrence network (KH Coder's defaults: binary co-occurrence per document, Jaccard, top 60 pairs
    among 75 frequent words, modularity communities, betweenness). Writes nodes.csv, edges.csv, network.xlsx,
    network.graphml and network.gexf (Gephi), network.png and network.html (offline browser: search, filter,
    threshold, click a word for its documents) to a run folder. With --by ATTR: a words × groups network
    (twomode_*), and with --per-group one network per group."""
    from ..runs.network import network as run

    c.execute(
        run,
        path,
        measure=measure,
        words=words,
        min_df=min_df,
        top_edges=top_edges,
        min_coef=min_coef,
        backbone=backbone,
        communities=communities,
        centrality=centrality,
        seed=seed,
        by=by,
        per_group=per_group,
        group_words=group_words,
        twomode_words=twomode_words,
        max_groups=max_groups,
        contexts=contexts,
        mask=not no_mask,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )


def register(app: typer.Typer) -> None:
    app.command("network")(network)
