"""Benchmark: is the choice of K robust, and how coherent is the chosen model against its peers?

End to end, as a user runs it: ``dxtext topics FILE`` (the CLI, default options, K chosen) on

* the shared Fukui answers (58,287 answers; 福井県観光連盟 FTAS open data, licence CC BY 4.0) with the shipped
  dictionary, and again with the dictionary plus six tourism words (東尋坊, 恐竜博物館, 永平寺, 越前がに,
  あわら温泉, 北陸新幹線: the edit of issue 17) and plus ten (those and 一乗谷, 三方五湖, 越前大野城, 気比神宮: its
  acceptance) — each with a fresh model cache, so K is chosen again;
* the bundled sample survey (``--no-fukui``: only this one), and the shared council minutes (speaker turns).

For each run: the chosen K, the largest topic's share of the documents, and the share of the first run's
topics found again after the edit (one-to-one matching of top-10 word sets, Jaccard ≥ 0.5).

Then, on the same token lists and at the chosen K, held-out NPMI (top 10 words of a model fitted on 80 % of
the documents, NPMI on the other 20 %, the same function dxtext uses): dxtext's default model (``--model
auto``: NMF or LDA by Gibbs sampling, whichever its own split of the training part finds more coherent; its
words as shown, and by weight alone) vs tomotopy's LDA and PT (a short-text model; Gibbs sampling, 500
iterations, one worker) and gensim LDA (10 passes), each with diversity and stability (a refit on 80 % of the
training part, top-10 sets matched one-to-one, mean Jaccard). On the small corpora (sample survey, minutes) the
comparison with tomotopy's LDA is repeated over 10 splits (mean, and the splits dxtext wins).

With ``--per-question``, the same comparison on the four largest Fukui questions, one model each (K = 8), as
``--per-question`` fits them. Each line also gives topic diversity (distinct top words / all top words).

Run: .venv/bin/python benchmarks/topics_choice.py [--no-fukui] [--no-peers] [--no-edits] [--per-question]
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
MINUTES = REPO.parent / "shared" / "corpora" / "council-minutes" / "env-council-113.txt"
TOSHI = REPO.parent / "shared" / "corpora" / "minutes" / "toshi-center-dx-study-group-02.txt"
PEERS = ("tomotopy", "tomotopy_pt", "gensim")


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
        "model": meta["model"],
        "coherence": float(q["coherence"].mean()),
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


def _split(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    perm = np.random.default_rng(seed).permutation(n)
    return np.sort(perm[: n // 5]), np.sort(perm[n // 5 :])


def _stability(a: list[list[str]], b: list[list[str]]) -> float:
    from dxtext.analysis.topics import topic_stability

    return topic_stability([set(x) for x in a], [set(x) for x in b])


def heldout_npmi(
    tokens: list[list[str]], k: int, seed: int = 1, *, peers: tuple[str, ...] = PEERS, stability: bool = True
) -> dict[str, float | str]:
    """Held-out NPMI (top 10 words, fitted on 80 % of ``tokens``, NPMI on the other 20 %), diversity, fit
    time and stability (top-10 sets of a refit on a seeded 80 % of the training part, matched one-to-one, mean
    Jaccard) of dxtext's default model and of the ``peers``, all on the same token lists at K = ``k``."""
    import warnings

    from dxtext.analysis.matrix import build_dtm
    from dxtext.analysis.topics import TopicModel, default_min_df, npmi_coherence
    from dxtext.analysis.topics.measures import _top_indices

    warnings.simplefilter("ignore")
    test, train = _split(len(tokens), seed)
    tr = [tokens[i] for i in train]
    te_dtm = build_dtm([tokens[i] for i in test], min_df=1)
    B, index = te_dtm.binary(), te_dtm.index()
    sub = [tr[i] for i in _split(len(tr), seed + 100)[1]]  # the stability refit's documents

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

    out: dict[str, float | str] = {}

    def dxtext_words(docs: list[list[str]]) -> tuple[list[list[str]], object]:
        m = TopicModel(n_topics=k, seed=seed).fit(docs)
        return [m.top_words(t, 10) for t in range(1, k + 1)], m

    t0 = time.perf_counter()
    shown, m = dxtext_words(tr)
    out["dxtext_s"] = time.perf_counter() - t0
    out["dxtext"], out["dxtext_div"] = score(shown), diversity(shown)
    out["dxtext_model"] = m.model_
    # the same model's words by weight alone (before the co-occurrence-aware order of the words shown)
    out["dxtext_weight"] = score([[m.vocab_[i] for i in _top_indices(h, 10)] for h in m.components_])
    # and in the order before the first-five rule (ordering.TOGETHER = 0)
    out["dxtext_prev"] = score(_order_without_rule(m))
    if stability:
        out["dxtext_stab"] = _stability(shown, dxtext_words(sub)[0])
    keep = set(build_dtm(tr, min_df=default_min_df(len(tr)), max_df=0.5).vocab)

    def filtered(docs: list[list[str]]) -> list[list[str]]:
        return [d for d in ([w for w in t if w in keep] for t in docs) if d]

    for peer in peers:
        try:
            fit = PEER_FITS[peer]
            t0 = time.perf_counter()
            words = fit(filtered(tr), k, seed)
        except ImportError:
            continue
        out[f"{peer}_s"] = time.perf_counter() - t0
        out[peer], out[f"{peer}_div"] = score(words), diversity(words)
        if stability:
            out[f"{peer}_stab"] = _stability(words, fit(filtered(sub), k, seed))
    return out


def _order_without_rule(m: object) -> list[list[str]]:
    from dxtext.analysis.topics.ordering import ordered

    rel, p = m.relevance(1.0), m.word_pairs_  # type: ignore[attr-defined]
    return [
        [
            m.vocab_[i]  # type: ignore[attr-defined]
            for i in ordered(rel[t], m.topic_word_[t], 10, p.words[t], p.counts[t], p.n_docs, together=0)  # type: ignore[attr-defined]
        ]
        for t in range(m.n_topics_)  # type: ignore[attr-defined]
    ]


def _gensim(docs: list[list[str]], k: int, seed: int) -> list[list[str]]:
    import logging

    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    logging.getLogger("gensim").setLevel(logging.ERROR)
    d = Dictionary(docs)
    lda = LdaModel([d.doc2bow(x) for x in docs], num_topics=k, id2word=d, passes=10, random_state=seed)
    return [[d[i] for i, _ in lda.get_topic_terms(t, topn=10)] for t in range(k)]


def _tomotopy(docs: list[list[str]], k: int, seed: int, *, pt: bool = False) -> list[list[str]]:
    """tomotopy's LDA (Gibbs sampling, 500 iterations, one worker), or its PT model for short texts."""
    import tomotopy as tp

    mdl = tp.PTModel(k=k, seed=seed) if pt else tp.LDAModel(k=k, seed=seed)
    for x in docs:
        mdl.add_doc(x)
    mdl.burn_in = 50
    mdl.train(500, workers=1)
    return [[w for w, _ in mdl.get_topic_words(t, top_n=10)] for t in range(k)]


PEER_FITS = {
    "tomotopy": _tomotopy,
    "tomotopy_pt": lambda docs, k, seed: _tomotopy(docs, k, seed, pt=True),
    "gensim": _gensim,
}
PEER_NAMES = {"tomotopy": "tomotopy LDA", "tomotopy_pt": "tomotopy PT", "gensim": "gensim LDA"}


def peer_line(what: str, h: dict[str, float | str]) -> str:
    def stab(name: str) -> str:
        return f"; stability {h[name + '_stab']:.2f}" if name + "_stab" in h else ""

    line = (
        f"held-out NPMI {what}: dxtext {h['dxtext']:.4f} ({str(h['dxtext_model']).upper()}, "
        f"{h['dxtext_s']:.1f} s; words by weight alone {h['dxtext_weight']:.4f}, in the order before the "
        f"first-five rule {h['dxtext_prev']:.4f}; "
        f"diversity {h['dxtext_div']:.2f}{stab('dxtext')})"
    )
    for peer in PEERS:
        if peer in h:
            line += (
                f" | {PEER_NAMES[peer]} {h[peer]:.4f} ({h[peer + '_s']:.1f} s; diversity "
                f"{h[peer + '_div']:.2f}{stab(peer)}; dxtext − peer {float(h['dxtext']) - float(h[peer]):+.4f})"
            )
    return line


def splits_line(what: str, tokens: list[list[str]], k: int, n: int = 10) -> str:
    """dxtext vs tomotopy LDA over ``n`` splits (seeds 1…n): means and the number of splits won."""
    rows = [heldout_npmi(tokens, k, s, peers=("tomotopy",), stability=s == 1) for s in range(1, n + 1)]
    d = np.array([float(r["dxtext"]) for r in rows])
    prev = np.array([float(r["dxtext_prev"]) for r in rows])
    t = np.array([float(r["tomotopy"]) for r in rows])
    models = sorted({str(r["dxtext_model"]) for r in rows})
    return (
        f"held-out NPMI {what}, {n} splits: dxtext mean {d.mean():.4f} ({'/'.join(models).upper()}; "
        f"diversity {rows[0]['dxtext_div']:.2f}, stability {rows[0]['dxtext_stab']:.2f}) vs tomotopy LDA "
        f"{t.mean():.4f} (diversity {rows[0]['tomotopy_div']:.2f}, stability {rows[0]['tomotopy_stab']:.2f}); "
        f"dxtext ≥ tomotopy on {(d >= t).sum()} of {n} splits; models chosen "
        f"{[str(r['dxtext_model']) for r in rows]}; order before the first-five rule: mean {prev.mean():.4f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-fukui", action="store_true")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument(
        "--no-edits", action="store_true", help="skip the two Fukui runs with an edited dictionary"
    )
    ap.add_argument(
        "--per-question", action="store_true", help="also the four largest Fukui questions, one model each"
    )
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-topics-"))
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start", flush=True)
    try:
        runs: list[tuple[str, list[str]]] = [("sample survey", [str(SAMPLE)])]
        if not a.no_fukui and MINUTES.is_file():
            runs.append(("council minutes", [str(MINUTES)]))
        if not a.no_fukui and TOSHI.is_file():
            runs.append(("toshi minutes", [str(TOSHI)]))
        if not a.no_fukui and FUKUI.is_dir():
            env = dict(os.environ, PYTHONPATH=str(REPO / "src"), DXTEXT_RUN_DIR=str(work))
            env["DXTEXT_CACHE"] = str(work / "cache")
            edited = {}
            for words in () if a.no_edits else (WORDS, WORDS10):
                edited[len(words)] = work / f"dict{len(words)}.tsv"
                shutil.copy(REPO / "dictionaries" / "municipal_dx.tsv", edited[len(words)])
                for w in words:
                    dxtext("dict", "add", w, "--class", "固有名詞", "-d", str(edited[len(words)]), env=env)
            base = [str(FUKUI / "answers.csv"), "--text-col", "text"]
            runs.append(("Fukui, shipped dictionary", base))
            for n in edited:
                runs.append((f"Fukui, + {n} tourism words", [*base, "--dictionary", str(edited[n])]))
        results = {}
        for name, args in runs:
            results[name] = r = run_topics(args, work, str(len(results)))
            print(
                f"{name:28s} K = {r['k']:2d}  model {r['model']}  mean NPMI {r['coherence']:.4f}  "
                f"largest topic {100 * r['max_share']:4.1f}%  ({r['wall']:.0f} s end to end)",
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

        for name, args in runs:
            if name.startswith("Fukui, +"):
                continue
            corpus = read_corpus(args[0], text_cols=args[2:3] or None)
            tokens = Tokenizer().tokenize_corpus(corpus, cache_dir=work / "cache").tokens
            k = results[name]["k"]
            print(peer_line(f"at K = {k}, {name}", heldout_npmi(tokens, k)), flush=True)
            if not name.startswith(
                "Fukui"
            ):  # small corpora: a held-out part of a few dozen documents is noisy
                print(splits_line(f"at K = {k}, {name}", tokens, k), flush=True)
        if a.per_question and FUKUI.is_dir():
            # one model per question (what --per-question fits), K = 8 each, the four largest questions
            corpus = read_corpus(FUKUI / "answers.csv", text_cols=["text"])
            tokens = Tokenizer().tokenize_corpus(corpus, cache_dir=work / "cache").tokens
            questions = corpus.used["question_code"].astype(str).tolist()
            for q in pd.Series(questions).value_counts().index[:4]:
                part = [t for t, x in zip(tokens, questions, strict=True) if x == q]
                h = heldout_npmi(part, 8, stability=False)
                print(peer_line(f"K = 8, Fukui {q} ({len(part)} answers)", h), flush=True)
    finally:
        print(f"load average {os.getloadavg()[0]:.2f} at the end", flush=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
