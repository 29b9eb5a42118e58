"""``dxtext network``: co-occurrence network of a corpus, its communities and centralities, as tables,
Gephi files, a PNG and an offline graph browser; with ``--by`` a words × groups network and per-group networks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import DxtextError
from . import common as c

MeasureOpt = Annotated[
    str,
    typer.Option(
        "--measure",
        "-m",
        help="Association of two words: jaccard (KH Coder's default), dice, simpson, cosine, npmi.",
    ),
]
WordsOpt = Annotated[
    int, typer.Option("--words", "-w", help="Candidate words: the most frequent N (KH Coder draws about 75).")
]
MinDfOpt = Annotated[
    int, typer.Option("--min-df", help="Candidate words must occur in at least this many documents.")
]
TopEdgesOpt = Annotated[
    int | None,
    typer.Option(
        "--top-edges",
        "-e",
        help="Draw the N strongest pairs (default 60; no limit when only --min-coef is given).",
    ),
]
MinCoefOpt = Annotated[
    float | None, typer.Option("--min-coef", help="Draw only pairs whose coefficient is at least this.")
]
BackboneOpt = Annotated[
    bool, typer.Option("--backbone", help="Keep only the maximum spanning tree of the drawn pairs.")
]
CommunitiesOpt = Annotated[
    str,
    typer.Option(
        "--communities",
        help="Community detection: modularity (greedy, KH Coder's default) or louvain (seeded).",
    ),
]
CentralityOpt = Annotated[
    str,
    typer.Option(
        "--centrality",
        help="Centrality to emphasise: betweenness (default), degree, eigenvector (all three are in nodes.csv).",
    ),
]
SeedOpt = Annotated[
    int,
    typer.Option("--seed", help="Seed of the layout and of Louvain communities (same seed, same picture)."),
]
PerGroupOpt = Annotated[
    bool, typer.Option("--per-group", help="With --by: also one network per group, side by side.")
]
GroupWordsOpt = Annotated[
    int, typer.Option("--group-words", help="With --by: words linked to each group in the two-mode network.")
]
TwomodeWordsOpt = Annotated[
    int,
    typer.Option(
        "--twomode-words", help="With --by: candidate words of the two-mode network (most frequent N)."
    ),
]
MaxGroupsOpt = Annotated[
    int, typer.Option("--max-groups", help="With --by: at most this many groups (the largest).")
]
ContextsOpt = Annotated[
    int, typer.Option("--contexts", help="Documents quoted per word or pair in network.html.")
]
NoMaskOpt = Annotated[
    bool, typer.Option("--no-mask", help="Quote documents without masking names, phone numbers and e-mails.")
]

#: attributes with at most this many distinct values are shown beside quoted documents (ids and dates are not)
CONTEXT_ATTR_MAX_VALUES = 50


def network(
    path: c.CorpusArg,
    text_col: c.TextCol = None,
    id_col: c.IdCol = None,
    attrs: c.AttrsFile = None,
    on: c.OnKey = None,
    encoding: c.Encoding = None,
    sheet: c.Sheet = None,
    unit: c.Unit = None,
    non_answers: c.NonAnswers = None,
    dictionary: c.Dictionary = None,
    no_dictionary: c.NoDictionary = False,
    pos: c.Pos = None,
    stopwords: c.Stopwords = None,
    jobs: c.Jobs = 0,
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
        raise DxtextError("--per-group needs --by ATTR (the attribute whose groups get a network each).")
    if group_words < 1 or twomode_words < 2 or max_groups < 2 or contexts < 0:
        raise DxtextError(
            "--group-words ≥ 1, --twomode-words ≥ 2, --max-groups ≥ 2 and --contexts ≥ 0 are required."
        )
    corpus = c.load_corpus(
        path,
        text_col=text_col,
        id_col=id_col,
        attrs=attrs,
        on=on,
        encoding=encoding,
        sheet=sheet,
        unit=unit,
        non_answers=non_answers,
    )
    if by:
        corpus.check_attribute(by)
    tokenizer = c.make_tokenizer(
        dictionary=dictionary, no_dictionary=no_dictionary, pos=pos, stopwords=stopwords
    )
    tokens = c.tokenize(corpus, tokenizer, jobs=jobs, quiet=quiet)
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
    result = run_network(
        corpus,
        tokens,
        tokenizer=tokenizer,
        out=out or c.default_out(),
        options=options,
        grouping=grouping,
        contexts=contexts,
        mask=not no_mask,
    )
    typer.echo(result["summary"])


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
) -> dict[str, Any]:
    """Build the networks and write every output; returns {"folder", "summary", "graph", ...}."""
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
    from ..runs.folder import make_run_dir, run_key, write_metadata

    by = grouping.get("by")
    dtm = build_dtm(tokens.tokens, doc_ids=tokens.doc_ids)
    docs = corpus.used.set_index("doc_id").loc[tokens.doc_ids].reset_index()
    G = cooccurrence_network(dtm, **options)
    params = {**options, **grouping, "contexts": contexts, "mask": mask}
    key = run_key(corpus.content_hash, tokenizer.fingerprint, params)
    folder = make_run_dir(out, "network", corpus.name, key)

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
        f"co-occurrence network: {sum(1 for _ in G.nodes)} words, {G.number_of_edges()} pairs, "
        f"{G.graph['n_communities']} communities (modularity {G.graph['modularity']:.3f}) from {dtm.n_docs:,} documents"
    ]
    for row in community_summary(G, top=8).itertuples(index=False):
        lines.append(f"  {row.community:>2} ({row.size:>2} words)  {row.words}")
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
            c.warn(
                f"--by {by}: only the {grouping['max_groups']} largest groups are shown; left out: {dropped} (raise --max-groups)."
            )
        lines.append(f"{by} × words (characteristic words of each group, by {options['measure']}):")
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
                    c.warn(f"--per-group: no network for {by}={v}: {H.graph.get('skipped')}.")
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
    lines.append(f"wrote {folder}/ ({', '.join(files)}, metadata.json, ledger.json)")
    return {"folder": folder, "summary": "\n".join(lines), "graph": G, "twomode": twomode, "per_group": per}


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
        f"（空欄 {led['empty']:,}・無回答 {led['non_answer']:,}・語なし {led['too_short']:,}）。"
        "共起は文書単位の有無（2値）で数え、頻出語の組ごとに係数を計算して上位の組を線で結んでいます。"
        "破線はコミュニティをまたぐ共起です。位置は乱数の種を固定した配置で、同じ入力からは同じ図になります。</p>"
        f"{table(p)}</section>"
    )


def register(app: typer.Typer) -> None:
    app.command("network")(network)
