"""Benchmark: is the choice of K robust, and how coherent is the chosen model against its peers?

End to end, as a user runs it: ``dxtext topics FILE`` (the CLI, default options, K chosen) on

* the shared Fukui answers (58,287 answers; 福井県観光連盟 FTAS open data, licence CC BY 4.0) with the shipped
  dictionary, and again with the dictionary plus six tourism words (東尋坊, 恐竜博物館, 永平寺, 越前がに,
  あわら温泉, 北陸新幹線: the edit of issue 17) and plus ten (those and 一乗谷, 三方五湖, 越前大野城, 気比神宮: its
  acceptance) — each with a fresh model cache, so K is chosen again;
* the bundled sample survey (``--fukui`` off: only this one).

For each run: the chosen K, the largest topic's share of the documents, and the share of the first run's
topics found again after the edit (one-to-one matching of top-10 word sets, Jaccard ≥ 0.5).

Then, on the same token lists and at the chosen K, held-out NPMI (top 10 words of a model fitted on 80 % of
the documents, NPMI on the other 20 %, the same function dxtext uses): dxtext's model (its words as shown, and
by weight alone) vs gensim LDA (10
passes) and tomotopy LDA (Gibbs sampling, 500 iterations; ``pip install dxtext[bench]``, skipped when absent),
printed with the ratio to dxtext.

With ``--per-question``, the same comparison on the four largest Fukui questions, one model each (K = 8), as
``--per-question`` fits them. Each line also gives topic diversity (distinct top words / all top words).

Run: .venv/bin/python benchmarks/topics_choice.py [--no-fukui] [--no-peers] [--per-question]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FUKUI = REPO.parent / "shared" / "corpora" / "fukui-tourism-survey"
if not FUKUI.is_dir():
    FUKUI = Path("/work/shared/corpora/fukui-tourism-survey")
SAMPLE = REPO / "corpora" / "dx_survey_2025.csv"
WORDS = ["東尋坊", "恐竜博物館", "永平寺", "越前がに", "あわら温泉", "北陸新幹線"]
#: the acceptance's ten words: the six above and four more places of the survey
WORDS10 = [*WORDS, "一乗谷", "三方五湖", "越前大野城", "気比神宮"]


def dxtext(*args: str, env: dict[str, str]) -> None:
    cmd = [sys.executable, "-m", "dxtext", *args]
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, cwd=env["DXTEXT_RUN_DIR"])


def run_topics(args: list[str], work: Path, name: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), DXTEXT_RUN_DIR=str(work))
    env["DXTEXT_CACHE"] = str(work / "cache")
    out = work / f"out-{name}"
    t0 = time.perf_counter()
    dxtext("topics", *args, "--out", str(out), "--models", str(work / "models"), env=env)
    wall = time.perf_counter() - t0
    folder = next(out.glob("topics_*"))
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))["topics"]
    import pandas as pd

    words = pd.read_csv(folder / "topics.csv", encoding="utf-8-sig")
    q = pd.read_csv(folder / "topic_quality.csv", encoding="utf-8-sig")
    tops = [set(g.sort_values("rank")["word"].head(10)) for _, g in words.groupby("topic")]
    return {
        "k": meta["k"],
        "max_share": float(q["docs_share"].max()),
        "tops": tops,
        "wall": wall,
        "folder": folder,
    }


def matched(a: list[set[str]], b: list[set[str]]) -> float:
    from scipy.optimize import linear_sum_assignment

    J = np.array([[len(x & y) / len(x | y) for y in b] for x in a])
    r, c = linear_sum_assignment(-J)
    return float((J[r, c] >= 0.5).sum() / max(len(a), len(b)))


def diversity(words: list[list[str]]) -> float:
    """Topic diversity (Dieng et al. 2020): distinct words among the topics' top words / all top words."""
    return len({w for ws in words for w in ws}) / max(1, sum(len(ws) for ws in words))


def heldout_npmi(tokens: list[list[str]], k: int, seed: int = 1) -> dict[str, float]:
    import warnings

    from dxtext.analysis.matrix import build_dtm
    from dxtext.analysis.topics import TopicModel, default_min_df, npmi_coherence
    from dxtext.analysis.topics.measures import _top_indices

    warnings.simplefilter("ignore")
    rng = np.random.default_rng(seed)
    n = len(tokens)
    perm = rng.permutation(n)
    test, train = np.sort(perm[: n // 5]), np.sort(perm[n // 5 :])
    tr = [tokens[i] for i in train]
    te_dtm = build_dtm([tokens[i] for i in test], min_df=1)
    B, index = te_dtm.binary(), te_dtm.index()

    def score(words: list[list[str]]) -> float:
        # a word absent from the held-out part has no co-occurrence there: its pairs score -1 (as in dxtext)
        cols = [[index.get(w, -1) for w in ws] for ws in words]
        vals = []
        for ws, cs in zip(words, cols, strict=True):
            known = [c for c in cs if c >= 0]
            v = float(npmi_coherence(B, [known])[0]) if len(known) >= 2 else -1.0
            pairs, kp = len(ws) * (len(ws) - 1) / 2, len(known) * (len(known) - 1) / 2
            vals.append((v * kp - (pairs - kp)) / pairs if pairs else 0.0)
        return float(np.mean(vals))

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    m = TopicModel(n_topics=k, seed=seed).fit(tr)
    shown = [m.top_words(t, 10) for t in range(1, k + 1)]
    out["dxtext"] = score(shown)
    out["dxtext_div"] = diversity(shown)
    out["dxtext_s"] = time.perf_counter() - t0
    # the same model's words by weight alone (before the co-occurrence-aware order of the words shown)
    out["dxtext_weight"] = score([[m.vocab_[i] for i in _top_indices(h, 10)] for h in m.components_])
    min_df = default_min_df(len(tr))
    dtm = build_dtm(tr, min_df=min_df, max_df=0.5)
    keep = set(dtm.vocab)
    docs = [[w for w in t if w in keep] for t in tr]
    docs = [d for d in docs if d]
    import logging

    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    logging.getLogger("gensim").setLevel(logging.ERROR)
    t0 = time.perf_counter()
    d = Dictionary(docs)
    lda = LdaModel([d.doc2bow(x) for x in docs], num_topics=k, id2word=d, passes=10, random_state=seed)
    words = [[d[i] for i, _ in lda.get_topic_terms(t, topn=10)] for t in range(k)]
    out["gensim"], out["gensim_div"] = score(words), diversity(words)
    out["gensim_s"] = time.perf_counter() - t0
    try:
        import tomotopy as tp
    except ImportError:
        return out
    t0 = time.perf_counter()
    mdl = tp.LDAModel(k=k, seed=seed)
    for x in docs:
        mdl.add_doc(x)
    mdl.burn_in = 50
    mdl.train(500, workers=1)
    words = [[w for w, _ in mdl.get_topic_words(t, top_n=10)] for t in range(k)]
    out["tomotopy"], out["tomotopy_div"] = score(words), diversity(words)
    out["tomotopy_s"] = time.perf_counter() - t0
    return out


def peer_line(what: str, h: dict[str, float]) -> str:
    line = (
        f"held-out NPMI {what}: dxtext {h['dxtext']:.4f} ({h['dxtext_s']:.1f} s; words by weight alone "
        f"{h['dxtext_weight']:.4f}; diversity {h['dxtext_div']:.2f})"
    )
    for peer in ("gensim", "tomotopy"):
        if peer in h:
            line += f" | {peer} LDA {h[peer]:.4f} ({h[peer + '_s']:.1f} s; diversity {h[peer + '_div']:.2f}"
            line += f"; dxtext/peer {h['dxtext'] / h[peer]:.2f}×)" if h[peer] > 0 else ")"
    return line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-fukui", action="store_true")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument(
        "--per-question", action="store_true", help="also the four largest Fukui questions, one model each"
    )
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-topics-"))
    try:
        runs: list[tuple[str, list[str]]] = [("sample survey", [str(SAMPLE)])]
        if not a.no_fukui and FUKUI.is_dir():
            env = dict(os.environ, PYTHONPATH=str(REPO / "src"), DXTEXT_RUN_DIR=str(work))
            env["DXTEXT_CACHE"] = str(work / "cache")
            edited = {}
            for words in (WORDS, WORDS10):
                edited[len(words)] = work / f"dict{len(words)}.tsv"
                shutil.copy(REPO / "dictionaries" / "municipal_dx.tsv", edited[len(words)])
                for w in words:
                    dxtext("dict", "add", w, "--class", "固有名詞", "-d", str(edited[len(words)]), env=env)
            base = [str(FUKUI / "answers.csv"), "--text-col", "text"]
            runs += [
                ("Fukui, shipped dictionary", base),
                ("Fukui, + 6 tourism words", [*base, "--dictionary", str(edited[6])]),
                ("Fukui, + 10 tourism words", [*base, "--dictionary", str(edited[10])]),
            ]
        results = {}
        for name, args in runs:
            results[name] = r = run_topics(args, work, str(len(results)))
            print(
                f"{name:28s} K = {r['k']:2d}  largest topic {100 * r['max_share']:4.1f}%  ({r['wall']:.0f} s end to end)",
                flush=True,
            )
        for n in (6, 10):
            if f"Fukui, + {n} tourism words" not in results:
                continue
            a0, b0 = results["Fukui, shipped dictionary"], results[f"Fukui, + {n} tourism words"]
            print(
                f"dictionary edit (+{n} words): K {a0['k']} -> {b0['k']} (|ΔK| = {abs(a0['k'] - b0['k'])}), "
                f"topics matched {100 * matched(a0['tops'], b0['tops']):.0f}%"
            )
        if a.no_peers:
            return
        import pandas as pd

        from dxtext.io.corpus import read_corpus
        from dxtext.text.tokenize import Tokenizer

        for name, args in runs[:2]:
            corpus = read_corpus(args[0], text_cols=args[2:3] or None)
            tokens = Tokenizer().tokenize_corpus(corpus, cache_dir=work / "cache").tokens
            k = results[name]["k"]
            h = heldout_npmi(tokens, k)
            print(peer_line(f"at K = {k}, {name}", h), flush=True)
        if a.per_question and FUKUI.is_dir():
            # one model per question (what --per-question fits), K = 8 each, the four largest questions
            corpus = read_corpus(FUKUI / "answers.csv", text_cols=["text"])
            tokens = Tokenizer().tokenize_corpus(corpus, cache_dir=work / "cache").tokens
            questions = corpus.used["question_code"].astype(str).tolist()
            for q in pd.Series(questions).value_counts().index[:4]:
                part = [t for t, x in zip(tokens, questions, strict=True) if x == q]
                print(peer_line(f"K = 8, Fukui {q} ({len(part)} answers)", heldout_npmi(part, 8)), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
