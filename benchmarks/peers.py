"""Benchmark: `dxtext topics --k 10` against gensim LdaModel(passes=5) on the same tokens, both end to end as
whole processes, at 1× (and more with --scales) of the Fukui answers.

    .venv/bin/python benchmarks/peers.py [--scales 1] [--json FILE]

Data: ../shared/corpora/fukui-tourism-survey (answers.csv joined with respondents.csv) — 福井県観光連盟 (Fukui
Tourism Federation), FTAS open data, licence CC BY 4.0; scaled copies as in benchmarks/commands.py.

  dxtext  python -m dxtext topics answers.csv … --k 10   (read, tokenize, fit, every file: CSV, XLSX, HTML, PNG)
  gensim  python benchmarks/peers.py --gensim …           (read with dxtext.read_corpus and tokenize with the same
          Tokenizer — the same tokens, from the same token cache when warm — then Dictionary, doc2bow,
          LdaModel(num_topics=10, passes=5, random_state=1), and write the topic words and the document × topic
          table as CSV: the least a user needs from a topic model)
cold = a fresh DXTEXT_CACHE for each; warm = the same command again (tokens cached for both). Printed: wall, peak
RSS (largest process, process tree), load before, and the ratio dxtext / gensim (goal ≤ 0.3 at 1×). The gensim
process also prints the mean NPMI of its topics (dxtext's npmi_coherence, top 10 words, all tokens as reference),
and so does dxtext's run (its metadata), so coherence is compared on the same measure.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

_spec = importlib.util.spec_from_file_location("_harness", Path(__file__).with_name("_harness.py"))
h = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(h)  # type: ignore[union-attr]


def gensim_run(answers: Path, respondents: Path, out: Path) -> None:
    """The peer process: same reading and tokens as dxtext, then gensim's LDA, then two CSV files."""
    import os

    import pandas as pd
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    from dxtext.analysis.matrix import build_dtm
    from dxtext.analysis.topics import npmi_coherence
    from dxtext.io.corpus import read_corpus
    from dxtext.text.tokenize import Tokenizer

    cache = Path(os.environ["DXTEXT_CACHE"])
    corpus = read_corpus(answers, text_cols=["text"], attrs=respondents, on="response_no", cache_dir=cache)
    tokens = Tokenizer().tokenize_corpus(corpus, cache_dir=cache, n_jobs=0)
    dictionary = Dictionary(tokens.tokens)
    bows = [dictionary.doc2bow(t) for t in tokens.tokens]
    lda = LdaModel(bows, id2word=dictionary, num_topics=10, passes=5, random_state=1)
    out.mkdir(parents=True, exist_ok=True)
    tops = [[dictionary[i] for i, _ in lda.get_topic_terms(k, topn=10)] for k in range(10)]
    pd.DataFrame({"topic": range(1, 11), "words": [" ".join(t) for t in tops]}).to_csv(
        out / "topics.csv", index=False, encoding="utf-8-sig"
    )
    rows = [dict(lda.get_document_topics(b, minimum_probability=0.0)) for b in bows]
    table = pd.DataFrame(
        [[r.get(k, 0.0) for k in range(10)] for r in rows], columns=[f"t{k + 1}" for k in range(10)]
    )
    table.insert(0, "doc_id", tokens.doc_ids)
    table.to_csv(out / "doc_topics.csv", index=False, encoding="utf-8-sig")
    ref = build_dtm(tokens.tokens)
    col = ref.index()
    scores = npmi_coherence(ref.binary(), [[col[w] for w in t if w in col] for t in tops])
    print(json.dumps({"npmi": round(float(scores.mean()), 4)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--gensim", nargs=3, metavar=("ANSWERS", "RESPONDENTS", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.gensim:
        gensim_run(Path(a.gensim[0]), Path(a.gensim[1]), Path(a.gensim[2]))
        return
    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-peers-"))
    print(f"machine: {h.machine()}")
    results: dict[str, dict] = {}
    try:
        for factor in [int(s) for s in a.scales.split(",")]:
            answers, respondents = h.scaled_corpus(factor, a.data or work / "data")
            src = [str(answers), "--text-col", "text", "--attrs", str(respondents), "--on", "response_no"]
            cmds = {
                "dxtext topics --k 10": h.dxtext_cmd(
                    ["topics", *src, "--k", "10", "--quiet", "--out", str(work / "o1")]
                ),
                "gensim LdaModel passes=5": [
                    sys.executable,
                    __file__,
                    "--gensim",
                    str(answers),
                    str(respondents),
                    str(work / "o2"),
                ],
            }
            for name, cmd in cmds.items():
                cache = work / f"cache-{factor}-{len(results)}"
                env = h.env_for(cache)
                for kind in ("cold", "warm"):
                    label = f"{name} {factor}x {kind}"
                    results[label] = res = h.run(cmd, env)
                    print(h.fmt_row(label, res), flush=True)
                    if "gensim" in name and res["exit"] == 0:
                        print("    " + res["stdout"].strip().splitlines()[-1])
                shutil.rmtree(cache, ignore_errors=True)
            for kind in ("cold", "warm"):
                d = results.get(f"dxtext topics --k 10 {factor}x {kind}")
                g = results.get(f"gensim LdaModel passes=5 {factor}x {kind}")
                if d and g and not d["exit"] and not g["exit"]:
                    print(f"{factor}x {kind}: dxtext / gensim = {d['seconds'] / g['seconds']:.2f}")
        h.save(results, a.json)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
