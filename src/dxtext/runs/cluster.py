"""``dxtext cluster``: hierarchical clusters and MDS maps of words; clusters of documents."""

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
    from ..io.corpus import Corpus


def cluster(
    corpus: Corpus | str | os.PathLike[str],
    *,
    words: int = 60,
    min_df: int = 2,
    method: str = "ward",
    clusters: int = 8,
    doc_clusters: int = 0,
    doc_method: str = "kmeans",
    seed: int = 0,
    mask: bool = True,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Hierarchical clustering of the ``words`` most frequent words (in at least ``min_df`` documents) on
    Jaccard distance (1 − Jaccard of their documents) with ``method`` ward (KH Coder's default), average or
    complete, cut into ``clusters`` clusters; classical and Kruskal MDS of the same distances.
    ``doc_clusters`` > 0 also clusters the documents (TF-IDF; ``doc_method`` kmeans or ward, seeded): sizes,
    characteristic words and the three documents nearest each centre (masked unless ``mask`` is off).

    Writes dendrogram.png, mds.png, word_clusters.csv (word, cluster, documents, leaf order, MDS
    coordinates), merges.csv (the linkage as data), and with documents doc_clusters.csv,
    doc_cluster_summary.csv, doc_representatives.csv; all also in cluster.xlsx.
    """
    import pandas as pd

    from ..analysis.cluster import LINKAGES, classical_mds, document_clusters, kruskal_mds, word_clusters
    from ..analysis.matrix import build_dtm
    from ..render.cluster_png import draw_dendrogram, draw_mds
    from ..render.summaries import cluster_text
    from .folder import folder_options, make_run_dir, run_key, write_metadata
    from .grouping import files_of, params_of, rounded, write_tables

    if method not in LINKAGES:
        raise DxtextError(
            _("--method {method}: use one of {v0}.").format(method=method, v0=", ".join(LINKAGES))
        )
    if doc_method not in ("kmeans", "ward"):
        raise DxtextError(_("--doc-method {doc_method}: use kmeans or ward.").format(doc_method=doc_method))
    if clusters < 1:
        raise DxtextError(_("--clusters {clusters}: give at least 1.").format(clusters=clusters))
    inputs = prepare(corpus, dict(source), command="cluster", progress=progress)
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    assert tokenizer is not None and tokens is not None
    begin(progress, "clustering")
    dtm = build_dtm(tokens.tokens, doc_ids=tokens.doc_ids)
    df = dtm.document_frequency()
    chosen = [j for j in np.argsort(-df, kind="stable") if df[j] >= min_df][:words]
    if len(chosen) < 3:
        raise DxtextError(
            _("only {v0} words occur in at least {min_df} documents; lower --min-df.").format(
                v0=len(chosen), min_df=min_df
            )
        )
    vocab = [dtm.vocab[j] for j in chosen]
    B = dtm.binary()[:, np.asarray(chosen)]
    wc = word_clusters(B, vocab, method=method, k=clusters)  # type: ignore[arg-type]
    X2, eig = classical_mds(wc.distances)
    K2, stress = kruskal_mds(wc.distances, init=X2, seed=seed)
    leaf_pos = {w: i + 1 for i, w in enumerate(wc.leaves)}
    word_table = pd.DataFrame(
        {"word": vocab, "cluster": wc.clusters, "documents": df[chosen].astype(np.int64),
         "leaf_order": [leaf_pos[i] for i in range(len(vocab))],
         "x_classical": X2[:, 0], "y_classical": X2[:, 1], "x_kruskal": K2[:, 0], "y_kruskal": K2[:, 1]}
    ).sort_values(["leaf_order"]).reset_index(drop=True)  # fmt: skip
    positive = eig[eig > 0]
    mds_fit = pd.DataFrame(
        {"method": ["classical", "classical", "kruskal"], "measure": ["axis1_share", "axis2_share", "stress1"],
         "value": [eig[0] / positive.sum(), eig[1] / positive.sum(), stress]}
    )  # fmt: skip
    tables: dict[str, pd.DataFrame] = {"word_clusters": rounded(word_table), "merges": rounded(wc.merges()),
                                       "mds_fit": rounded(mds_fit)}  # fmt: skip
    doc_summary = None
    if doc_clusters:
        begin(progress, "document clusters")
        labels, doc_summary, reps = document_clusters(
            dtm.X, dtm.vocab, k=doc_clusters, method=doc_method, seed=seed
        )  # type: ignore[arg-type]
        docs = pd.DataFrame({"doc_id": tokens.doc_ids, "cluster": labels})
        texts = c.used_columns("doc_id", "text").set_index("doc_id")["text"]
        reps.insert(2, "doc_id", [tokens.doc_ids[r] for r in reps["row"]])
        shown = [str(texts.get(d, "")) for d in reps["doc_id"]]
        if mask:
            from ..text.privacy import mask_pii

            shown = [mask_pii(t, tokenizer) for t in shown]
        reps["text"] = [" ".join(t.split())[:300] for t in shown]
        tables.update({"doc_clusters": docs, "doc_cluster_summary": doc_summary,
                       "doc_representatives": rounded(reps.drop(columns="row"))})  # fmt: skip

    params = params_of(words=words, min_df=min_df, method=method, clusters=clusters, doc_clusters=doc_clusters,
                       doc_method=doc_method, seed=seed, mask=mask)  # fmt: skip
    key = run_key(c.content_hash, tokenizer.fingerprint, params)
    folder = make_run_dir(
        Path(out) if out is not None else Path("outputs"),
        "cluster",
        c.name,
        key,
        **folder_options(params, source, cluster),
    )
    in_order = word_table.set_index("word").loc[[vocab[i] for i in wc.leaves]]
    draw_dendrogram(wc, df[chosen], folder / "dendrogram.png",
                    title=f"語の階層的クラスター分析（{method}, Jaccard 距離, {wc.clusters.max()} クラスター）: {c.name}")  # fmt: skip
    drawn = draw_mds(word_table, folder / "mds.png", title=f"語の多次元尺度構成法（Jaccard 距離）: {c.name}",
                     stress=stress)  # fmt: skip
    write_tables(folder, tables, workbook="cluster.xlsx")
    write_metadata(folder, command="cluster", corpus=c, params=params, tokenizer=tokenizer)
    warnings = list(inputs.warnings)
    if drawn["overlaps"]:
        warnings.append(
            _("mds.png: {n} label pairs overlap (too crowded); lower --words.").format(n=drawn["overlaps"])
        )
    return RunResult(
        command="cluster",
        folder=folder,
        files=files_of(folder),
        tables=tables,
        text=cluster_text(in_order.reset_index(), doc_summary, method=method, stress=stress),
        notes=[*inputs.notes, _("wrote {path}").format(path=folder)],
        warnings=warnings,
        open=folder / "dendrogram.png",
        data={"word_clusters": wc},
    )
