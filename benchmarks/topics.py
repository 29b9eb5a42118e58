"""Benchmark: dxtext's default topic model against gensim LDA, in the same run, on identical token lists from
the shared Fukui answers; and the full choice of K.

Data: ../shared/corpora/fukui-tourism-survey/answers.csv — 福井県観光連盟 (Fukui Tourism Federation), FTAS open
data, licence CC BY 4.0. Tokens: ``Tokenizer().tokenize_corpus`` (municipal-DX dictionary, default word
classes and stopwords), read from the token cache when present (tokenizing is not timed).

What is timed (wall clock; both start from the same list of token lists):
  dxtext  TopicModel(n_topics=10) — its default model (NMF on TF-IDF) with its own preprocessing: document-term
          matrix with document-frequency filters, TF-IDF, NNDSVD start, coordinate descent.
  gensim  Dictionary(token lists) → doc2bow → LdaModel(num_topics=10, passes=5, random_state=seed), otherwise
          gensim's defaults (single process, like dxtext's LDA, so that a seed fixes the result).
dxtext is timed before and after gensim, to show drift of the machine's load (other jobs share the 2 cores).

Coherence: the same function (dxtext.analysis.topics.npmi_coherence, document co-occurrence) on the same reference
(binary matrix of ALL words of the token lists, no filter), over the top 10 words of each topic by weight
(dxtext: φ; gensim: get_topic_terms).

Then the full choice of K over the default range (4..16): wall and CPU time, the table and the chosen K.

``--table`` adds the model comparison of docs/topics.md: NMF and LDA at K = 5 and 10 (clipped to what the
corpus allows) on the Fukui answers, the bundled sample survey and the shared minutes by bullet and by
paragraph — mean NPMI, stability (4 refits on 80 % subsamples) and fit time.

Run: .venv/bin/python benchmarks/topics.py [--seed 1] [--skip-selection] [--table]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this folder holds other benchmarks named like stdlib modules (tokenize.py): keep it off the import path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpora"
FUKUI = SHARED / "fukui-tourism-survey"
MINUTES = SHARED / "minutes" / "toshi-center-dx-study-group-02.txt"
SAMPLE = REPO / "corpora" / "dx_survey_2025.csv"


def cpu_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs, to report how loaded the machine was during a step."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


class Load:
    def __enter__(self) -> Load:
        self.start = cpu_busy()
        self.own = time.process_time()
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.own
        b1, t1 = cpu_busy()
        busy = (b1 - self.start[0]) / max(1, t1 - self.start[1])
        ncpu = os.cpu_count() or 1
        # share of the machine used by other processes while this step ran
        self.others = max(0.0, busy - self.cpu / max(1e-9, self.wall * ncpu))

    def note(self) -> str:
        return f"wall {self.wall:6.2f} s, CPU {self.cpu:6.2f} s, other jobs used {100 * self.others:3.0f}% of the machine"


def fukui_tokens() -> tuple[list[str], list[list[str]]]:
    from dxtext.io.corpus import read_corpus
    from dxtext.text.tokenize import Tokenizer, default_cache_dir

    corpus = read_corpus(
        FUKUI / "answers.csv", text_cols=["text"], attrs=FUKUI / "respondents.csv", on="response_no"
    )
    tc = Tokenizer().tokenize_corpus(corpus, cache_dir=default_cache_dir(), n_jobs=0)
    return tc.doc_ids, tc.tokens


def reference(tokens: list[list[str]]):  # type: ignore[no-untyped-def]
    from dxtext.analysis.matrix import build_dtm

    dtm = build_dtm(tokens, min_df=1)
    return dtm.binary(), dtm.index()


def npmi_of(words: list[list[str]], binary, index) -> np.ndarray:  # type: ignore[no-untyped-def]
    from dxtext.analysis.topics import npmi_coherence

    return npmi_coherence(binary, [[index[w] for w in ws] for ws in words])


def run_dxtext(tokens: list[list[str]], seed: int) -> tuple[Load, list[list[str]]]:
    from dxtext.analysis.topics import TopicModel

    with Load() as load:
        m = TopicModel(n_topics=10, seed=seed).fit(tokens)
    return load, [m.top_words(t, 10, lambda_=1.0) for t in range(1, 11)]


def run_gensim(tokens: list[list[str]], seed: int, passes: int = 5) -> tuple[Load, list[list[str]]]:
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    logging.getLogger("gensim").setLevel(logging.ERROR)
    with Load() as load:
        dictionary = Dictionary(tokens)
        bow = [dictionary.doc2bow(t) for t in tokens]
        lda = LdaModel(bow, num_topics=10, id2word=dictionary, passes=passes, random_state=seed)
    return load, [[dictionary[i] for i, _ in lda.get_topic_terms(k, topn=10)] for k in range(10)]


def selection(tokens: list[list[str]], seed: int) -> None:
    from dxtext.analysis.topics import TopicModel

    with Load() as load:
        m = TopicModel(seed=seed).fit(tokens)
    print(f"\nK selection over the default range (dxtext default model, {m.model_}): {load.note()}")
    print(f"  goal < 60 s: {'met' if load.wall < 60 else 'NOT met'}")
    print("  " + m.k_selection_.to_string(index=False).replace("\n", "\n  "))
    print(f"  {m.k_reason_}")
    for t in range(1, m.n_topics_ + 1):
        print(f"  T{t:<2} {' '.join(m.top_words(t, 10, lambda_=0.6))}")


def comparison_table(fukui: list[list[str]], seed: int) -> None:
    """NMF against LDA on the corpora of docs/topics.md (fixed K, so both models are compared like for like)."""
    from dxtext.analysis.topics import TopicModel, _max_k, default_min_df
    from dxtext.io.corpus import read_corpus
    from dxtext.text.tokenize import Tokenizer

    tok = Tokenizer()
    corpora: list[tuple[str, list[list[str]]]] = [("Fukui answers (shared)", fukui)]
    if SAMPLE.is_file():
        corpora.append(
            ("sample survey dx_survey_2025 (bundled)", tok.tokenize_corpus(read_corpus(SAMPLE)).tokens)
        )
    if MINUTES.is_file():
        for unit in ("bullet", "paragraph"):
            corpora.append(
                (
                    f"shared minutes, --unit {unit}",
                    tok.tokenize_corpus(read_corpus(MINUTES, unit=unit)).tokens,
                )
            )
    print("\n| corpus | documents | median words | K | model | mean NPMI | stability | fit time (s) |")
    print("|---|---:|---:|---:|---|---:|---:|---:|")
    for name, tokens in corpora:
        n = sum(1 for t in tokens if t)
        median = float(np.median([len(t) for t in tokens if t]))
        from dxtext.analysis.matrix import build_dtm

        n_terms = build_dtm(tokens, min_df=default_min_df(n), max_df=0.5).n_terms
        for k in sorted({min(k, _max_k(n, n_terms)) for k in (5, 10)}):
            for model in ("nmf", "lda"):
                with Load() as load:
                    m = TopicModel(n_topics=k, model=model, seed=seed).fit(tokens)
                stab = _stability(m, tokens, seed)
                print(
                    f"| {name} | {n:,} | {median:g} | {k} | {model} | {float(np.mean(m.coherence_)):.3f} | "
                    f"{stab:.3f} | {load.wall:.1f} |",
                    flush=True,
                )


def _stability(model, tokens: list[list[str]], seed: int) -> float:  # type: ignore[no-untyped-def]
    """Stability of a fixed-K model, measured exactly as in the K selection (4 refits on 80 % subsamples)."""
    from dxtext.analysis.topics import TopicModel

    k = model.n_topics_
    m = TopicModel(k_range=(k, k), model=model.model_, seed=seed).fit(tokens)
    row = m.k_selection_[m.k_selection_["k"] == k]
    return float(row["stability"].iloc[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-selection", action="store_true", help="do not time the full choice of K")
    ap.add_argument("--table", action="store_true", help="also print the NMF/LDA table of docs/topics.md")
    args = ap.parse_args()
    if not (FUKUI / "answers.csv").is_file():
        sys.exit(f"{FUKUI}: the shared Fukui answers are missing")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    t0 = time.perf_counter()
    _ids, tokens = fukui_tokens()
    n_tokens = sum(len(t) for t in tokens)
    print(
        f"Fukui answers: {len(tokens):,} documents with words, {n_tokens:,} tokens "
        f"(median {np.median([len(t) for t in tokens]):g} per answer); loaded in {time.perf_counter() - t0:.1f} s"
    )
    binary, index = reference(tokens)

    # warm-up (imports of scikit-learn / gensim are not what is compared)
    import gensim.models  # noqa: F401
    import sklearn.decomposition  # noqa: F401

    d1, dx_words = run_dxtext(tokens, args.seed)
    g, lda_words = run_gensim(tokens, args.seed)
    d2, dx_words2 = run_dxtext(tokens, args.seed)
    assert dx_words == dx_words2, "dxtext is not deterministic"
    dx = npmi_of(dx_words, binary, index)
    ld = npmi_of(lda_words, binary, index)
    dx_time = (d1.wall + d2.wall) / 2
    print("\nK = 10 on identical token lists:")
    print(f"  dxtext (NMF, default)        run 1: {d1.note()}")
    print(f"  dxtext (NMF, default)        run 2: {d2.note()}")
    print(f"  gensim LdaModel(passes=5)          {g.note()}")
    ratio = dx_time / g.wall
    print(f"  time ratio dxtext / gensim: {ratio:.3f}  (goal ≤ 0.5: {'met' if ratio <= 0.5 else 'NOT met'})")
    print(
        f"  mean NPMI (top 10, document co-occurrence, all words): dxtext {dx.mean():.3f}, gensim {ld.mean():.3f} "
        f"(goal: not lower: {'met' if dx.mean() >= ld.mean() else 'NOT met'})"
    )
    print("  dxtext topics:")
    for i, ws in enumerate(dx_words):
        print(f"    {dx[i]:+.3f}  {' '.join(ws)}")
    print("  gensim topics:")
    for i, ws in enumerate(lda_words):
        print(f"    {ld[i]:+.3f}  {' '.join(ws)}")
    if not args.skip_selection:
        selection(tokens, args.seed)
    if args.table:
        comparison_table(tokens, args.seed)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
