"""Benchmark: building a co-occurrence network — dxtext against nlplot's ``build_graph`` — in the same run, on
identical token lists from the shared Fukui answers.

Data: ../shared/corpora/fukui-tourism-survey/answers.csv — 福井県観光連盟 (Fukui Tourism Federation), FTAS open
data, licence CC BY 4.0.

What is timed (after one untimed warm-up each, best of ``--repeat``):
  dxtext  build_dtm(token lists) → cooccurrence_network(dtm): binary matrix, BᵀB, Jaccard on every pair,
          top 60 edges among the 75 most frequent words, modularity communities, betweenness, degree and
          eigenvector centrality (layout=False: nlplot computes no layout either; the layout time is printed
          separately).
  nlplot  NLPlot(df).build_graph(min_edge_frequency=10) (its default): per-document word sets, pair counts in
          Python, networkx graph of the pairs seen more than 10 times, betweenness, clustering, greedy modularity.
          Its default keeps over a thousand words (the "hairball"), so it is also timed with the count threshold
          that keeps about 60 pairs, like dxtext's graph: then its Python pair counting is what is measured.
nlplot runs in its own virtual environment (created on first use; ``--venv`` or $DXTEXT_NLPLOT_VENV, default
/tmp/dxtext-nlplot-venv) in a subprocess that reads the token lists this process wrote; only build_graph is
timed there.

Run: .venv/bin/python benchmarks/network.py [--repeat 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this folder holds other benchmarks named like stdlib modules (tokenize.py): keep it off the import path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FUKUI = REPO.parent / "shared" / "corpora" / "fukui-tourism-survey" / "answers.csv"
DEFAULT_VENV = Path(os.environ.get("DXTEXT_NLPLOT_VENV", "/tmp/dxtext-nlplot-venv"))

NLPLOT_RUNNER = r"""
import json, sys, time
import pandas as pd
import nlplot

tokens_path, repeat, min_edge = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(tokens_path, encoding="utf-8") as f:
    tokens = json.load(f)
df = pd.DataFrame({"tokens": tokens})
npt = nlplot.NLPlot(df, target_col="tokens")
times = []
for _ in range(repeat):
    t0 = time.perf_counter()
    npt.build_graph(stopwords=[], min_edge_frequency=min_edge)
    times.append(time.perf_counter() - t0)
print("RESULT " + json.dumps({"times": times, "nodes": int(npt.node_df.shape[0]), "edges": int(npt.edge_df.shape[0])}))
"""


def ensure_nlplot(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv} with nlplot (first run only) …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    check = subprocess.run([str(python), "-c", "import nlplot"], capture_output=True)
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "nlplot"], check=True)
    return python


def tokens_of_fukui() -> tuple[list[str], list[list[str]]]:
    from dxtext.io.corpus import read_corpus
    from dxtext.text.tokenize import Tokenizer, default_cache_dir

    corpus = read_corpus(FUKUI, text_cols=["text"])
    tc = Tokenizer().tokenize_corpus(corpus, cache_dir=default_cache_dir(), n_jobs=0)
    return tc.doc_ids, tc.tokens


def time_dxtext(doc_ids: list[str], tokens: list[list[str]], repeat: int) -> dict:
    from dxtext.analysis.matrix import build_dtm
    from dxtext.analysis.network import cooccurrence_network, set_layout

    def build():  # type: ignore[no-untyped-def]
        dtm = build_dtm(tokens, doc_ids=doc_ids)
        return cooccurrence_network(dtm, layout=False)

    G = build()  # warm-up (imports networkx)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        G = build()
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    set_layout(G, seed=0)
    layout = time.perf_counter() - t0
    return {
        "times": times,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "layout": layout,
        "communities": G.graph["n_communities"],
    }


def count_threshold(doc_ids: list[str], tokens: list[list[str]], n_edges: int) -> int:
    """nlplot keeps pairs seen more than ``min_edge_frequency`` times: the value that keeps about ``n_edges``."""
    import numpy as np
    import scipy.sparse as sp

    from dxtext.analysis.matrix import build_dtm

    B = build_dtm(tokens, doc_ids=doc_ids).binary()
    counts = np.sort(sp.triu((B.T @ B).tocsr(), k=1).data)[::-1]
    return int(counts[min(n_edges, len(counts)) - 1]) - 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of dxtext (best is compared)")
    ap.add_argument("--nlplot-repeat", type=int, default=2, help="timed runs of each nlplot setting")
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="virtual environment for nlplot")
    args = ap.parse_args()
    if not FUKUI.is_file():
        print(
            f"{FUKUI}: not found; the benchmark needs the shared Fukui corpus beside the repository.",
            file=sys.stderr,
        )
        return 1
    python = ensure_nlplot(args.venv)
    doc_ids, tokens = tokens_of_fukui()
    n_tokens = sum(len(t) for t in tokens)
    print(
        f"corpus: Fukui answers (福井県観光連盟, CC BY 4.0): {len(tokens):,} documents, {n_tokens:,} tokens"
    )

    dx = time_dxtext(doc_ids, tokens, args.repeat)

    min_edge_60 = count_threshold(doc_ids, tokens, 60)
    nl: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="dxtext-bench-") as tmp:
        path = Path(tmp) / "tokens.json"
        path.write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
        for min_edge in (10, min_edge_60):
            proc = subprocess.run(
                [str(python), "-c", NLPLOT_RUNNER, str(path), str(args.nlplot_repeat), str(min_edge)],
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                print(proc.stderr[-3000:], file=sys.stderr)
                return 1
            nl[min_edge] = json.loads(
                next(ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT "))[7:]
            )

    best_dx = min(dx["times"])
    print(
        f"dxtext  build_dtm + cooccurrence_network:      best {best_dx:7.3f} s (median {statistics.median(dx['times']):.3f} s)"
        f"  → {dx['nodes']} words, {dx['edges']} edges, {dx['communities']} communities"
        f"  [layout, not timed: {dx['layout']:.3f} s]"
    )
    for min_edge, r in nl.items():
        label = f"nlplot  build_graph(min_edge_frequency={min_edge}):"
        print(
            f"{label:<46} best {min(r['times']):7.3f} s (median {statistics.median(r['times']):.3f} s)"
            f"  → {r['nodes']} words, {r['edges']} edges"
            + ("  (nlplot's default)" if min_edge == 10 else "  (about 60 pairs)")
        )
    ratio = min(nl[10]["times"]) / best_dx
    ratio_60 = min(nl[min_edge_60]["times"]) / best_dx
    print(
        f"ratio   nlplot default / dxtext = {ratio:.1f}×  (goal ≥ 20×: {'met' if ratio >= 20 else 'NOT met'})"
    )
    print(f"ratio   nlplot ~60 pairs / dxtext = {ratio_60:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
