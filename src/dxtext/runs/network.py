"""``dxtext network``: co-occurrence network of a corpus, its communities and centralities, as tables,
Gephi files, a PNG and an offline graph browser; with ``by`` a words × groups network and per-group networks."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from ..errors import DxtextError
from ..i18n import _
from ..progress import Progress, begin
from .inputs import SourceOptions, check_seed, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..io.corpus import Corpus

#: attributes with at most this many distinct values are shown beside quoted documents (ids and dates are not)
CONTEXT_ATTR_MAX_VALUES = 50


def network(
    corpus: Corpus | str | os.PathLike[str],
    *,
    measure: str = "jaccard",
    words: int = 75,
    min_df: int = 2,
    top_edges: int | None = None,
    min_coef: float | None = None,
    backbone: bool = False,
    communities: str = "modularity",
    centrality: str = "betweenness",
    seed: int = 0,
    by: str | Sequence[str] | None = None,
    per_group: bool = False,
    group_words: int = 10,
    twomode_words: int = 150,
    max_groups: int = 12,
    contexts: int = 30,
    mask: bool = True,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Co-occurrence network (KH Coder's defaults: binary co-occurrence per document, Jaccard, the top 60 pairs
    among 75 frequent words, modularity communities, betweenness). ``measure``: jaccard, dice, simpson, cosine
    or npmi; ``top_edges``/``min_coef``: which pairs are drawn; ``backbone``: only the maximum spanning tree;
    ``by``: also a words × groups network, and with ``per_group`` one network per group; ``contexts``:
    documents quoted per word or pair in network.html; ``mask``: mask personal data in them.

    Writes nodes.csv, edges.csv, network.xlsx, network.graphml, network.gexf (Gephi), network.png and
    network.html (offline browser) into a run folder under ``out`` (default ``outputs``).
    ``result.graph`` is the networkx graph.
    """
    from ..analysis.network import check_options

    if top_edges is None and min_coef is None:
        top_edges = 60
    check_options(
        measure=measure,
        communities=communities,
        centrality=centrality,
        words=words,
        min_df=min_df,
        top_edges=top_edges,
        min_coef=min_coef,
    )
    if per_group and not by:
        raise DxtextError(_("--per-group needs --by ATTR (the attribute whose groups get a network each)."))
    if group_words < 1 or twomode_words < 2 or max_groups < 2 or contexts < 0:
        raise DxtextError(
            _("--group-words ≥ 1, --twomode-words ≥ 2, --max-groups ≥ 2 and --contexts ≥ 0 are required.")
        )
    check_seed(seed)
    inputs = prepare(corpus, dict(source), command="network", by=by, progress=progress)
    by = inputs.by
    options = {
        "measure": measure,
        "words": words,
        "min_df": min_df,
        "top_edges": top_edges,
        "min_coef": min_coef,
        "backbone": backbone,
        "communities": communities,
        "centrality": centrality,
        "seed": seed,
    }
    grouping = {
        "by": by,
        "per_group": per_group,
        "group_words": group_words,
        "twomode_words": twomode_words,
        "max_groups": max_groups,
    }
    begin(progress, "network")
    result = run_network(
        inputs.corpus,
        inputs.tokens,
        tokenizer=inputs.tokenizer,
        out=Path(out) if out is not None else Path("outputs"),
        options=options,
        grouping=grouping,
        contexts=contexts,
        mask=mask,
        engine=inputs.engine,
    )
    result.warnings[:0] = inputs.warnings
    return result


def run_network(
    corpus: Any,
    tokens: Any,
    *,
    tokenizer: Any,
    out: Path,
    options: dict[str, Any],
    grouping: dict[str, Any],
    contexts: int = 30,
    mask: bool = True,
    engine: Any = None,
) -> RunResult:
    """Build the networks and write every output (``engine``: where the matrix and pair counts are computed,
    see dxtext.engine; the same outputs)."""
    warnings: list[str] = []
    from ..analysis.matrix import build_dtm
    from ..analysis.network import (
        community_summary,
        cooccurrence_network,
        edges_frame,
        group_networks,
        nodes_frame,
        twomode_network,
    )
    from ..analysis.network import contexts as find_contexts
    from ..render.graph_files import write_gexf, write_graphml
    from ..render.network_html import GraphView, network_page
    from ..render.network_png import draw_network, draw_panels, subtitle_for
    from ..render.tables import write_csv, write_text, write_xlsx
    from .folder import folder_options, make_run_dir, run_key, write_metadata

    by = grouping.get("by")
    if engine is None or engine.name == "local":
        dtm = build_dtm(tokens.tokens, doc_ids=tokens.doc_ids)
        G = cooccurrence_network(dtm, **options)
    else:
        dtm = engine.build_dtm(tokens.tokens, doc_ids=tokens.doc_ids)
        G = cooccurrence_network(dtm, **options, gram=engine.gram)
    docs = corpus.used.set_index("doc_id").loc[tokens.doc_ids].reset_index()
    params = {**options, **grouping, "contexts": contexts, "mask": mask}
    key = run_key(corpus.content_hash, tokenizer.fingerprint, params)
    folder = make_run_dir(
        out,
        "network",
        corpus.name,
        key,
        **folder_options(
            {**params, "top_edges": None if params.get("top_edges") == 60 else params.get("top_edges")},
            None,
            network,
        ),
    )

    nodes, edges = nodes_frame(G), edges_frame(G)
    write_csv(nodes, folder / "nodes.csv")
    write_csv(edges, folder / "edges.csv")
    write_graphml(G, folder / "network.graphml")
    write_gexf(G, folder / "network.gexf")
    title = f"共起ネットワーク: {corpus.name}"
    fonts = draw_network(G, folder / "network.png", title=title, subtitle=subtitle_for(G))
    sheets = {"nodes": nodes, "edges": edges, "communities": community_summary(G, top=20)}
    files = [
        "nodes.csv",
        "edges.csv",
        "network.xlsx",
        "network.graphml",
        "network.gexf",
        "network.png",
        "network.html",
    ]

    groups = docs[by].fillna("").astype(str).tolist() if by else None
    nd, ed = find_contexts(dtm, G, limit=contexts)
    views = [GraphView("all", "全体の共起ネットワーク", G, nd, ed, subtitle=subtitle_for(G))]
    lines = [
        _(
            "co-occurrence network: {words} words, {pairs} pairs, {communities} communities (modularity "
            "{modularity:.3f}) from {docs:,} documents"
        ).format(
            words=G.number_of_nodes(),
            pairs=G.number_of_edges(),
            communities=G.graph["n_communities"],
            modularity=G.graph["modularity"],
            docs=dtm.n_docs,
        )
    ]
    for row in community_summary(G, top=8).itertuples(index=False):
        size = _("({n:>2} words)").format(n=row.size)
        lines.append(f"  {row.community:>2} {size}  {row.words}")
    stats: dict[str, Any] = {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "modularity": G.graph["modularity"],
        "communities": community_summary(G, top=20).to_dict(orient="records"),
        "png_fonts": sorted(fonts),
    }
    twomode = None
    per: dict[str, Any] = {}
    if by and groups is not None:
        twomode = twomode_network(
            dtm,
            groups,
            attribute=by,
            measure=options["measure"],
            words=grouping["twomode_words"],
            min_df=options["min_df"],
            per_group=grouping["group_words"],
            max_groups=grouping["max_groups"],
            centrality=options["centrality"],
            seed=options["seed"],
        )
        tn, te = nodes_frame(twomode), edges_frame(twomode)
        write_csv(tn, folder / "twomode_nodes.csv")
        write_csv(te, folder / "twomode_edges.csv")
        write_graphml(twomode, folder / "twomode.graphml")
        write_gexf(twomode, folder / "twomode.gexf")
        draw_network(
            twomode, folder / "twomode.png", title=f"{by} × 語: {corpus.name}", subtitle=subtitle_for(twomode)
        )
        sheets.update({"twomode_nodes": tn, "twomode_edges": te})
        files += ["twomode_nodes.csv", "twomode_edges.csv", "twomode.graphml", "twomode.gexf", "twomode.png"]
        nd, ed = find_contexts(dtm, twomode, groups=groups, limit=contexts)
        views.append(
            GraphView("twomode", f"{by} × 語（2モード）", twomode, nd, ed, subtitle=subtitle_for(twomode))
        )
        dropped = twomode.graph.get("groups_dropped")
        if dropped:
            warnings.append(
                _(
                    "--by {by}: only the {n} largest groups are shown; left out: {dropped} (raise --max-groups)."
                ).format(by=by, n=grouping["max_groups"], dropped=dropped)
            )
        lines.append(
            _("{by} × words (characteristic words of each group, by {measure}):").format(
                by=by, measure=options["measure"]
            )
        )
        order = [d["label"] for _, d in twomode.nodes(data=True) if d.get("kind") == "group"]
        characteristic = {g: te.loc[te["group"] == g, "word"].tolist() for g in order}
        for g, ws in characteristic.items():
            lines.append(f"  {g}: {'、'.join(ws)}")
        stats["twomode"] = {
            "nodes": twomode.number_of_nodes(),
            "edges": twomode.number_of_edges(),
            "groups": characteristic,
        }
        if grouping.get("per_group"):
            per = group_networks(dtm, groups, max_groups=grouping["max_groups"], **options)
            sub_nodes, sub_edges = [], []
            (folder / "per_group").mkdir(exist_ok=True)
            rows_of = {v: [k for k, g in enumerate(groups) if g == v] for v in per}
            for v, H in per.items():
                if len(H) == 0:
                    warnings.append(
                        _("--per-group: no network for {by}={value}: {why}.").format(
                            by=by, value=v, why=H.graph.get("skipped")
                        )
                    )
                    continue
                hn, he = nodes_frame(H), edges_frame(H)
                name = _file_part(v)
                write_csv(hn, folder / "per_group" / f"{name}_nodes.csv")
                write_csv(he, folder / "per_group" / f"{name}_edges.csv")
                sub_nodes.append(hn.assign(**{by: v}))
                sub_edges.append(he.assign(**{by: v}))
                nd, ed = find_contexts(dtm, H, rows=rows_of[v], limit=contexts)
                views.append(GraphView(f"group:{v}", f"{by} = {v}", H, nd, ed, subtitle=subtitle_for(H)))
            draw_panels(per, folder / "per_group.png", title=f"{by}別の共起ネットワーク: {corpus.name}")
            files += ["per_group.png", "per_group/"]
            if sub_nodes:
                import pandas as pd

                sheets["group_nodes"] = pd.concat(sub_nodes, ignore_index=True)
                sheets["group_edges"] = pd.concat(sub_edges, ignore_index=True)
            stats["per_group"] = {
                v: {"nodes": len(H), "edges": H.number_of_edges(), "skipped": H.graph.get("skipped", "")}
                for v, H in per.items()
            }
    write_xlsx(sheets, folder / "network.xlsx")

    shown_attrs = _context_attributes(corpus, docs, by)
    about = _about_html(corpus, G, params, dtm.n_docs)
    html = network_page(
        views,
        docs,
        attrs=shown_attrs,
        tokenizer=tokenizer,
        mask=mask,
        title=title,
        about_html=about,
        limit=contexts,
    )
    write_text(html, folder / "network.html")
    write_metadata(
        folder,
        command="network",
        corpus=corpus,
        params=params,
        tokenizer=tokenizer,
        extra={"network": stats, "outputs": files, "documents_in_matrix": dtm.n_docs},
    )
    lines.append(_("wrote {path}").format(path=f"{folder}/ ({', '.join(files)}, metadata.json, ledger.json)"))
    return RunResult(
        command="network",
        folder=folder,
        files=[*files, "metadata.json", "ledger.json"],
        tables={"nodes": nodes, "edges": edges},
        text="\n".join(lines),
        warnings=warnings,
        open=folder / "network.html",
        data={"graph": G, "twomode": twomode, "per_group": per},
    )


def _file_part(value: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", value).strip("._")[:60] or "group"


def _context_attributes(corpus: Any, docs: Any, by: str | None) -> list[str]:
    """Attributes to print beside quoted documents: categories (few distinct values) and --by; not ids or dates."""
    out = []
    for a in corpus.attributes:
        if a == by or (a in docs.columns and docs[a].nunique(dropna=True) <= CONTEXT_ATTR_MAX_VALUES):
            out.append(a)
    return out


def _about_html(corpus: Any, G: Any, params: dict[str, Any], n_docs: int) -> str:
    import pandas as pd

    from ..render.html import esc, table

    led = corpus.ledger.totals
    p = pd.DataFrame([{"parameter": k, "value": "" if v is None else str(v)} for k, v in params.items()])
    return (
        "<section><h2>このネットワークについて</h2>"
        f"<p>コーパス {esc(corpus.name)}：読み込んだ文書 {led['documents']:,} 件のうち分析 {n_docs:,} 件"
        f"（空欄 {led['empty']:,}・無回答 {led['non_answer']:,}・語なし {led['too_short']:,}"
        + (f"・絞り込みで除外 {led['filtered']:,}" if led.get("filtered") else "")
        + "）。"
        "共起は文書単位の有無（2値）で数え、頻出語の組ごとに係数を計算して上位の組を線で結んでいます。"
        "破線はコミュニティをまたぐ共起です。位置は乱数の種を固定した配置で、同じ入力からは同じ図になります。</p>"
        f"{table(p)}</section>"
    )
