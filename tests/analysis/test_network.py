"""Co-occurrence networks: coefficients against hand-computed values, edge selection, determinism, files
(GraphML/GEXF read back, PNG with IPAexGothic), two-mode and per-group networks, the command and its errors."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from dxtext.analysis.matrix import build_dtm
from dxtext.analysis.network import (
    coefficients,
    community_summary,
    cooccurrence_network,
    cooccurrence_pairs,
    edges_frame,
    group_networks,
    nodes_frame,
    twomode_network,
)
from dxtext.errors import DxtextError, ModelError
from dxtext.render.graph_files import write_gexf, write_graphml

# --- a tiny corpus, counted by hand ----------------------------------------------------------------------
#   d1 窓口 手続き 電子   d2 窓口 手続き   d3 窓口 電子   d4 手続き 職員   d5 窓口 手続き 職員   d6 研修 職員
# N = 6; documents containing: 窓口 4, 手続き 4, 職員 3, 電子 2, 研修 1
TINY = [
    ["窓口", "手続き", "電子"],
    ["窓口", "手続き", "窓口"],  # a repeated word counts once (binary co-occurrence)
    ["窓口", "電子"],
    ["手続き", "職員"],
    ["窓口", "手続き", "職員"],
    ["研修", "職員"],
]
GROUPS = ["A", "A", "A", "B", "B", "B"]
L = math.log

# pair, documents with both, df of each, then the expected coefficients worked out from those counts
PAIRS = [
    # (w1, w2, a, df1, df2, jaccard, dice, simpson, cosine, npmi)
    ("窓口", "手続き", 3, 4, 4, 3 / 5, 6 / 8, 3 / 4, 3 / 4, L(18 / 16) / -L(3 / 6)),
    ("窓口", "電子", 2, 4, 2, 2 / 4, 4 / 6, 2 / 2, 2 / math.sqrt(8), L(12 / 8) / -L(2 / 6)),
    ("窓口", "職員", 1, 4, 3, 1 / 6, 2 / 7, 1 / 3, 1 / math.sqrt(12), L(6 / 12) / -L(1 / 6)),
    ("手続き", "電子", 1, 4, 2, 1 / 5, 2 / 6, 1 / 2, 1 / math.sqrt(8), L(6 / 8) / -L(1 / 6)),
    ("手続き", "職員", 2, 4, 3, 2 / 5, 4 / 7, 2 / 3, 2 / math.sqrt(12), 0.0),
    ("職員", "研修", 1, 3, 1, 1 / 3, 2 / 4, 1 / 1, 1 / math.sqrt(3), L(6 / 3) / -L(1 / 6)),
]
MEASURES = ["jaccard", "dice", "simpson", "cosine", "npmi"]


@pytest.fixture
def tiny():  # type: ignore[no-untyped-def]
    return build_dtm(TINY, doc_ids=[f"d{k}" for k in range(1, 7)])


@pytest.mark.parametrize("measure", MEASURES)
def test_coefficients_match_hand_computed_table(tiny, measure: str) -> None:  # type: ignore[no-untyped-def]
    table = cooccurrence_pairs(tiny, measure=measure, words=10, min_df=1)  # type: ignore[arg-type]
    got = {frozenset((r.word1, r.word2)): (r.count, r.coefficient) for r in table.itertuples()}
    assert len(got) == len(PAIRS)  # pairs that never share a document are not listed
    k = 5 + MEASURES.index(measure)
    for row in PAIRS:
        count, coef = got[frozenset(row[:2])]
        assert count == row[2]
        assert coef == pytest.approx(row[k], abs=1e-12), (row[:2], measure)
    coefs = table["coefficient"].tolist()
    assert coefs == sorted(coefs, reverse=True)


def test_coefficient_edge_cases() -> None:
    # NPMI is 1 when both words are in every document, -1 when they never meet
    assert coefficients([5], [5], [5], 5, measure="npmi")[0] == 1.0
    assert coefficients([0], [2], [3], 5, measure="npmi")[0] == -1.0
    assert coefficients([2], [2], [2], 5, measure="jaccard")[0] == 1.0


def test_top_edges_and_words(tiny) -> None:  # type: ignore[no-untyped-def]
    G = cooccurrence_network(tiny, words=10, min_df=1, top_edges=2, layout=False)
    assert {frozenset(e) for e in G.edges} == {frozenset(("窓口", "手続き")), frozenset(("窓口", "電子"))}
    assert set(G.nodes) == {"窓口", "手続き", "電子"}  # only words with a drawn edge
    d = G.nodes["窓口"]
    assert (d["frequency"], d["df"]) == (5, 4)  # 窓口 occurs 5 times in 4 documents
    e = G.edges["窓口", "手続き"]
    assert (e["count"], e["coefficient"]) == (3, 0.6)
    # words=3 keeps the three most frequent: 窓口 (5 occurrences), 手続き (4), 職員 (3)
    G = cooccurrence_network(tiny, words=3, min_df=1, top_edges=10, layout=False)
    assert set(G.nodes) == {"窓口", "手続き", "職員"}
    # min_df=3 drops 電子 (2) and 研修 (1)
    G = cooccurrence_network(tiny, words=10, min_df=3, top_edges=10, layout=False)
    assert set(G.nodes) == {"窓口", "手続き", "職員"}


def test_ties_are_broken_by_count(tiny) -> None:  # type: ignore[no-untyped-def]
    # Simpson: 窓口–電子 = 2/2 and 職員–研修 = 1/1; the pair with more shared documents comes first
    G = cooccurrence_network(tiny, measure="simpson", words=10, min_df=1, top_edges=1, layout=False)
    assert list(G.edges) == [("窓口", "電子")] or list(G.edges) == [("電子", "窓口")]


def test_threshold_selection(tiny) -> None:  # type: ignore[no-untyped-def]
    G = cooccurrence_network(tiny, words=10, min_df=1, top_edges=None, min_coef=0.35, layout=False)
    assert sorted(d["coefficient"] for *_, d in G.edges(data=True)) == [0.4, 0.5, 0.6]
    both = cooccurrence_network(tiny, words=10, min_df=1, top_edges=2, min_coef=0.35, layout=False)
    assert both.number_of_edges() == 2
    with pytest.raises(ModelError, match="min-coef"):
        cooccurrence_network(tiny, words=10, min_df=1, min_coef=0.99, top_edges=None)


def test_backbone_is_the_maximum_spanning_tree(tiny) -> None:  # type: ignore[no-untyped-def]
    full = cooccurrence_network(tiny, words=10, min_df=1, top_edges=None, layout=False)
    assert full.number_of_edges() == 6
    marked = {frozenset((u, v)) for u, v, b in full.edges(data="backbone") if b}
    expected = {
        frozenset(p) for p in [("窓口", "手続き"), ("窓口", "電子"), ("手続き", "職員"), ("職員", "研修")]
    }
    assert marked == expected
    tree = cooccurrence_network(tiny, words=10, min_df=1, top_edges=None, backbone=True, layout=False)
    assert {frozenset(e) for e in tree.edges} == expected
    assert nx.is_tree(tree)


def test_node_and_edge_frames(tiny) -> None:  # type: ignore[no-untyped-def]
    G = cooccurrence_network(tiny, words=10, min_df=1, top_edges=None)
    nodes, edges = nodes_frame(G), edges_frame(G)
    assert list(nodes.columns) == [
        "word",
        "frequency",
        "df",
        "community",
        "betweenness",
        "degree_centrality",
        "eigenvector",
        "degree",
    ]
    assert list(edges.columns[:4]) == ["word1", "word2", "count", "coefficient"]
    assert edges.iloc[0][["word1", "word2", "count"]].tolist() == ["窓口", "手続き", 3]  # strongest first
    assert len(nodes) == 5 and len(edges) == 6
    # 職員 bridges 研修 to the rest: the only node besides the hub with betweenness > 0 on that side
    btw = dict(zip(nodes["word"], nodes["betweenness"], strict=True))
    assert btw["研修"] == 0.0 and btw["職員"] > 0.0
    assert set(nodes["community"]) == set(range(1, G.graph["n_communities"] + 1))
    assert (nodes["eigenvector"] >= 0).all() and nodes["eigenvector"].pow(2).sum() == pytest.approx(1.0)
    summary = community_summary(G)
    assert summary["size"].sum() == 5


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"measure": "lift"},
            "--measure 'lift': unknown measure; choose one of jaccard, dice, simpson, cosine, npmi.",
        ),
        ({"communities": "leiden"}, "--communities 'leiden'"),
        ({"centrality": "pagerank"}, "--centrality 'pagerank'"),
        ({"words": 1}, "--words 1"),
        ({"top_edges": 0}, "--top-edges 0"),
        ({"min_coef": 2.0}, "--min-coef 2.0"),
    ],
)
def test_bad_options_raise_clear_errors(tiny, kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DxtextError) as info:
        cooccurrence_network(tiny, **kwargs)
    assert message in str(info.value) and "\n" not in str(info.value)


# --- determinism ------------------------------------------------------------------------------------------


def synthetic_tokens(n_docs: int = 400, seed: int = 7) -> list[list[str]]:
    """Documents drawn from four themes of ten words (plus shared words), seeded."""
    import numpy as np

    rng = np.random.default_rng(seed)
    themes = [[f"{t}{k}" for k in range(10)] for t in ("窓口", "研修", "データ", "県")]
    shared = ["課題", "必要", "推進"]
    docs = []
    for _ in range(n_docs):
        theme = themes[rng.integers(4)]
        words = list(rng.choice(theme, size=rng.integers(2, 6), replace=False))
        words += list(rng.choice(shared, size=rng.integers(0, 2), replace=False))
        docs.append(words)
    return docs


PROBE = """
import json, sys
sys.path.insert(0, {tests!r})
from test_network import synthetic_tokens
from dxtext.analysis.matrix import build_dtm
from dxtext.analysis.network import cooccurrence_network
dtm = build_dtm(synthetic_tokens())
out = {{}}
for method in ("modularity", "louvain"):
    G = cooccurrence_network(dtm, words=40, top_edges=80, communities=method, seed=3)
    out[method] = {{n: [d["community"], d["x"], d["y"], d["betweenness"], d["eigenvector"]] for n, d in G.nodes(data=True)}}
print(json.dumps(out, sort_keys=True, ensure_ascii=False))
"""


def test_same_seed_same_graph_in_every_process() -> None:
    """Communities, layout and centralities do not depend on str hashing (PYTHONHASHSEED) or the run."""
    code = PROBE.format(tests=str(Path(__file__).parent))
    outs = []
    for hashseed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(json.loads(proc.stdout))
    assert outs[0] == outs[1]
    # and the themes come out as communities
    comm = {w: v[0] for w, v in outs[0]["modularity"].items()}
    for t in ("窓口", "研修", "データ", "県"):
        members = {comm[w] for w in comm if w.startswith(t) and w[len(t) :].isdigit()}
        assert len(members) == 1, (t, members)


def test_layout_is_seeded_and_reproducible() -> None:
    dtm = build_dtm(synthetic_tokens())
    a = cooccurrence_network(dtm, words=40, top_edges=80, seed=1)
    b = cooccurrence_network(dtm, words=40, top_edges=80, seed=1)
    c = cooccurrence_network(dtm, words=40, top_edges=80, seed=2)
    pos = lambda G: {n: (d["x"], d["y"]) for n, d in G.nodes(data=True)}  # noqa: E731
    assert pos(a) == pos(b)
    assert pos(a) != pos(c)
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y in pos(a).values())
    la = cooccurrence_network(dtm, words=40, top_edges=80, communities="louvain", seed=5)
    lb = cooccurrence_network(dtm, words=40, top_edges=80, communities="louvain", seed=5)
    assert nx.get_node_attributes(la, "community") == nx.get_node_attributes(lb, "community")


# --- files ------------------------------------------------------------------------------------------------


def test_graphml_and_gexf_read_back(tiny, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    G = cooccurrence_network(tiny, words=10, min_df=1, top_edges=None)
    write_graphml(G, tmp_path / "g.graphml")
    write_gexf(G, tmp_path / "g.gexf")
    R = nx.read_graphml(tmp_path / "g.graphml")
    assert set(R.nodes) == set(G.nodes)
    assert {frozenset(e) for e in R.edges} == {frozenset(e) for e in G.edges}
    for n, d in G.nodes(data=True):
        for k in ("frequency", "df", "community", "betweenness", "x", "y"):
            assert R.nodes[n][k] == d[k], (n, k)
    assert R.edges["窓口", "手続き"]["coefficient"] == 0.6 and R.edges["窓口", "手続き"]["count"] == 3
    assert R.graph["measure"] == "jaccard"
    X = nx.read_gexf(tmp_path / "g.gexf")
    assert {d["label"] for _, d in X.nodes(data=True)} == set(G.nodes)
    label = {n: d["label"] for n, d in X.nodes(data=True)}
    coef = {frozenset((label[u], label[v])): d["coefficient"] for u, v, d in X.edges(data=True)}
    assert coef[frozenset(("職員", "研修"))] == pytest.approx(1 / 3, abs=1e-6)
    viz = next(iter(X.nodes(data=True)))[1]["viz"]
    assert {"color", "size", "position"} <= set(viz)
    # no date in the file: the same graph gives the same bytes
    first = (tmp_path / "g.gexf").read_bytes()
    write_gexf(G, tmp_path / "g.gexf")
    assert (tmp_path / "g.gexf").read_bytes() == first and b"lastmodifieddate" not in first


def test_png_text_is_ipaexgothic_and_has_the_glyphs(tiny, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.ft2font import FT2Font

    from dxtext.render.network_png import draw_network, subtitle_for
    from dxtext.render.plots import font_path, font_used_for

    G = cooccurrence_network(tiny, words=10, min_df=1, top_edges=None, min_coef=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)": that would be tofu
        fonts = draw_network(G, tmp_path / "a.png", title="共起ネットワーク × 窓口", subtitle=subtitle_for(G))
        T = twomode_network(tiny, GROUPS, attribute="部署", words=10, min_df=1, per_group=2)
        assert draw_network(T, tmp_path / "t.png", title="部署 × 語", subtitle=subtitle_for(T)) == {
            "ipaexg.ttf"
        }
    assert fonts == {"ipaexg.ttf"}
    assert font_used_for("窓口・手続き") == "ipaexg.ttf"
    charmap = FT2Font(str(font_path())).get_charmap()
    missing = {ch for n in G.nodes for ch in n if ord(ch) not in charmap}
    assert not missing  # every label character has a glyph: no tofu
    draw_network(G, tmp_path / "b.png", title="共起ネットワーク × 窓口", subtitle=subtitle_for(G))
    png = (tmp_path / "a.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == (tmp_path / "b.png").read_bytes()


# --- two-mode and per-group ---------------------------------------------------------------------------------


def test_twomode_links_words_to_the_groups_they_characterise(tiny) -> None:  # type: ignore[no-untyped-def]
    # A = d1–d3, B = d4–d6. Jaccard(word, group) and lift, by hand:
    #   窓口–A 3/(4+3−3)=3/4 lift 1.5   電子–A 2/3 lift 2   手続き–A 2/5 lift 1.0
    #   職員–B 3/3=1 lift 2             研修–B 1/3 lift 2   手続き–B 2/5 lift 1.0   窓口–B 1/6 lift 0.5
    G = twomode_network(tiny, GROUPS, attribute="dept", words=10, min_df=1, per_group=2)
    e = edges_frame(G)
    got = {(r.word, r.group): (r.coefficient, r.lift) for r in e.itertuples()}
    assert got == {
        ("窓口", "A"): (pytest.approx(3 / 4), 1.5),
        ("電子", "A"): (pytest.approx(2 / 3), 2.0),
        ("職員", "B"): (1.0, 2.0),
        ("研修", "B"): (pytest.approx(1 / 3), 2.0),
    }
    assert G.nodes["dept=A"]["kind"] == "group" and G.nodes["dept=A"]["n_docs"] == 3
    assert G.nodes["窓口"]["community"] == G.nodes["dept=A"]["community"]
    assert G.nodes["研修"]["community"] == G.nodes["dept=B"]["community"]
    # without the over-representation rule, 手続き (lift 1 in both) is linked to both groups
    H = twomode_network(
        tiny, GROUPS, attribute="dept", words=10, min_df=1, per_group=3, overrepresented=False
    )
    assert set(H.neighbors("手続き")) == {"dept=A", "dept=B"}
    assert H.nodes["手続き"]["group"] == "A、B"
    n = nodes_frame(H)
    assert n.iloc[0]["kind"] == "group" and {"kind", "group"} <= set(n.columns)


def test_twomode_needs_two_groups(tiny) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelError, match="at least 2 groups"):
        twomode_network(tiny, ["A"] * 6, attribute="dept", min_df=1)


def test_group_networks(tiny) -> None:  # type: ignore[no-untyped-def]
    nets = group_networks(tiny, GROUPS, min_docs=2, words=10, min_df=1, top_edges=10)
    assert list(nets) == ["A", "B"]
    assert {frozenset(e) for e in nets["A"].edges} == {
        frozenset(p) for p in [("窓口", "手続き"), ("窓口", "電子"), ("手続き", "電子")]
    }
    assert nets["A"].graph["n_docs"] == 3 and nets["A"].graph["group"] == "A"
    small = group_networks(tiny, GROUPS, min_docs=4, words=10, min_df=1)
    assert all(len(G) == 0 and "fewer than 4" in G.graph["skipped"] for G in small.values())


# --- the command ----------------------------------------------------------------------------------------------

SURVEY = [
    ("R01", "市民課", "窓口の手続きをオンライン化したい。"),
    ("R02", "市民課", "窓口の手続きが複雑で時間がかかる。"),
    ("R03", "市民課", "オンライン申請で窓口の混雑が減った。"),
    ("R04", "市民課", "マイナンバーカードの普及で手続きが変わる。山田太郎 090-1234-5678"),
    ("R05", "情報政策課", "庁内のデータを分析して共有したい。"),
    ("R06", "情報政策課", "データ分析の研修を職員に広げたい。"),
    ("R07", "情報政策課", "研修を受けた職員がデータを共有している。"),
    ("R08", "情報政策課", "職員の研修とデジタル人材の育成が課題だ。"),
    ("R09", "市民課", "マイナンバーカードで窓口の手続きが簡単になる。"),
    ("R10", "情報政策課", "庁内のデータ共有と分析の仕組みを作る。"),
]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dxtext", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    path = tmp_path / "survey.csv"
    # each answer twice (new ids), so that each department has the 10 documents a per-group network needs
    rows = SURVEY + [(f"R{10 + k}", dept, text) for k, (_, dept, text) in enumerate(SURVEY, 1)]
    pd.DataFrame(rows, columns=["回答ID", "部署", "自由記述"]).to_csv(path, index=False)
    return path


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in proc.stderr, proc.stderr
    for f in fragments:
        assert f in lines[0]


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["--measure", "foo"], ["--measure 'foo'", "jaccard"]),
        (["--communities", "leiden"], ["--communities 'leiden'", "louvain"]),
        (["--by", "部暑"], ["部暑", "部署"]),  # unknown attribute: the close name is suggested
        (["--per-group"], ["--per-group needs --by"]),
        (["--words", "1"], ["--words 1"]),
        (["--top-edges", "0"], ["--top-edges 0"]),
    ],
)
def test_command_errors_are_one_line(
    survey: Path, tmp_path: Path, args: list[str], fragments: list[str]
) -> None:
    proc = run_cli(
        "network", str(survey), "-t", "自由記述", "--id-col", "回答ID", "-o", str(tmp_path / "o"), *args
    )
    assert_one_line_error(proc, *fragments)


def test_command_writes_every_output_reproducibly(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["network", str(survey), "-t", "自由記述", "--id-col", "回答ID", "--by", "部署", "--per-group",
            "--min-df", "2", "-o", str(out), "-q"]  # fmt: skip
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr
    (folder,) = [p for p in out.iterdir() if p.name != "latest"]
    assert folder.name.startswith("network_survey_")
    expected = {
        "nodes.csv", "edges.csv", "network.xlsx", "network.graphml", "network.gexf", "network.png", "network.html",
        "twomode_nodes.csv", "twomode_edges.csv", "twomode.graphml", "twomode.gexf", "twomode.png",
        "per_group.png", "per_group", "metadata.json", "ledger.json",
    }  # fmt: skip
    assert expected <= {p.name for p in folder.iterdir()}
    raw = (folder / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    nodes = pd.read_csv(folder / "nodes.csv", encoding="utf-8-sig")
    assert {"word", "frequency", "df", "community", "betweenness"} <= set(nodes.columns)
    assert "窓口" in set(nodes["word"])
    edges = pd.read_csv(folder / "edges.csv", encoding="utf-8-sig")
    assert len(edges) <= 60 and edges["coefficient"].is_monotonic_decreasing
    sheets = pd.read_excel(folder / "network.xlsx", sheet_name=None)
    assert {"nodes", "edges", "twomode_nodes", "twomode_edges", "group_nodes", "group_edges"} <= set(sheets)
    two = pd.read_csv(folder / "twomode_edges.csv", encoding="utf-8-sig")
    assert set(two["group"]) == {"市民課", "情報政策課"}
    assert {p.name for p in (folder / "per_group").iterdir()} >= {"市民課_nodes.csv", "情報政策課_edges.csv"}
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["parameters"]["measure"] == "jaccard" and meta["parameters"]["top_edges"] == 60
    assert meta["network"]["png_fonts"] == ["ipaexg.ttf"]
    html = (folder / "network.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "http://" not in html and "https://" not in html
    assert "<script src" not in html
    assert "山田太郎" not in html and "090-1234-5678" not in html  # quoted answers are masked
    assert "〔電話番号〕" in html
    # the summary names the communities and the groups' words
    assert "communities" in proc.stdout and "部署 × words" in proc.stdout
    # same input, same bytes
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert run_cli(*args).returncode == 0
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    differ = sorted(k for k in before if before[k] != after[k] and k != "network.xlsx")
    assert differ == []


def test_no_mask_keeps_the_text(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli(
        "network", str(survey), "-t", "自由記述", "--min-df", "2", "--no-mask", "-o", str(out), "-q"
    )
    assert proc.returncode == 0, proc.stderr
    (folder,) = [p for p in out.iterdir() if p.name != "latest"]
    assert "090-1234-5678" in (folder / "network.html").read_text(encoding="utf-8")


# --- the shared corpora (acceptance) --------------------------------------------------------------------------


@pytest.mark.slow
def test_minutes_communities_separate_the_themes(shared_minutes: Path, tmp_path: Path) -> None:
    proc = run_cli("network", str(shared_minutes), "--unit", "bullet", "-o", str(tmp_path), "-q")
    assert proc.returncode == 0, proc.stderr
    (folder,) = [p for p in tmp_path.iterdir() if p.name != "latest"]
    nodes = pd.read_csv(folder / "nodes.csv", encoding="utf-8-sig")
    comm = dict(zip(nodes["word"], nodes["community"], strict=True))
    # each theme's words stay together …
    themes = {
        "マイナンバーカード": ["マイナンバーカード", "カード"],
        "人材": ["人材育成", "人材", "部門"],  # 職員 also heads the staff-survey talk (アンケート, 業務)
        "県との関係": ["都道府県", "市町村", "県"],
        "データ分析": ["分析", "基盤", "情報"],
    }
    for name, words in themes.items():
        assert len({comm[w] for w in words}) == 1, (name, {w: comm.get(w) for w in words})
    # … and the themes are different communities
    assert len({comm[words[0]] for words in themes.values()}) == len(themes)
    assert len(nodes) >= 40 and nodes["betweenness"].max() > 0


@pytest.mark.slow
def test_fukui_by_age_two_mode(fukui: Path, tmp_path: Path) -> None:
    """Fukui answers (福井県観光連盟, CC BY 4.0): which words belong to which age group."""
    proc = run_cli(
        "network", str(fukui / "answers.csv"), "--text-col", "text", "--attrs", str(fukui / "respondents.csv"),
        "--on", "response_no", "--by", "年代", "-o", str(tmp_path), "-q",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (folder,) = [p for p in tmp_path.iterdir() if p.name != "latest"]
    two = pd.read_csv(folder / "twomode_edges.csv", encoding="utf-8-sig")
    words = {g: set(sub["word"]) for g, sub in two.groupby("group")}
    assert {"20代", "30代", "40代", "50代", "60代", "70代"} <= set(words)
    assert all(len(w) == 10 for w in words.values())
    assert (two["lift"] > 1).all()
    assert {"子供", "恐竜"} & words["30代"]  # families with children
    assert {"温泉", "蕎麦", "蟹", "料理", "食事"} & words["70代"]  # food and hot springs
