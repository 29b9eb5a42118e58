"""``dxtext cluster``: hierarchical clusters and MDS maps of words; clusters of documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c


def cluster(
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
    keep_names: c.KeepNames = False,
    dictionary: c.Dictionary = None,
    no_dictionary: c.NoDictionary = False,
    pos: c.Pos = None,
    stopwords: c.Stopwords = None,
    jobs: c.Jobs = 0,
    words: Annotated[int, typer.Option("--words", help=_("Most frequent words to cluster."))] = 60,
    min_df: Annotated[
        int, typer.Option("--min-df", help=_("Only words in at least this many documents."))
    ] = 2,
    method: Annotated[str, typer.Option("--method", help=_("Linkage: ward, average or complete."))] = "ward",
    clusters: Annotated[int, typer.Option("--clusters", "-k", help=_("Number of word clusters."))] = 8,
    doc_clusters: Annotated[
        int,
        typer.Option(
            "--doc-clusters", help=_("Also cluster the documents into this many clusters (0 = no).")
        ),
    ] = 0,
    doc_method: Annotated[
        str, typer.Option("--doc-method", help=_("Document clustering: kmeans or ward."))
    ] = "kmeans",
    seed: Annotated[int, typer.Option("--seed", help=_("Seed for k-means and the MDS."))] = 0,
    no_mask: Annotated[
        bool, typer.Option("--no-mask", help=_("Do not mask personal data in quoted documents."))
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help=_("Folder for the run folder."))] = None,
    quiet: c.Quiet = False,
) -> None:
    """Hierarchical clustering of the most frequent words on Jaccard distance (Ward by default) with a
    dendrogram PNG coloured by cluster, classical and Kruskal MDS maps of the words, the cluster table as
    data; with --doc-clusters K also clusters of documents (k-means or Ward on TF-IDF) with their sizes,
    characteristic words and representative documents."""
    from ..runs.cluster import cluster as run

    c.execute(
        run,
        path,
        words=words,
        min_df=min_df,
        method=method,
        clusters=clusters,
        doc_clusters=doc_clusters,
        doc_method=doc_method,
        seed=seed,
        mask=not no_mask,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("cluster")(cluster)
