"""Benchmark: single stages of a run, each in a fresh process, at 1×, 4× and 16× of the Fukui answers — to see which
stage is not linear, and the effect of a change on one stage (``--src`` runs another checkout's dxtext: the
code before a change).

    .venv/bin/python benchmarks/stages.py [--scales 1,4,16] [--stages read,coder] [--src OTHER/src]

Data: ../shared/corpora/fukui-tourism-survey (answers.csv joined with respondents.csv) — 福井県観光連盟 (Fukui
Tourism Federation), FTAS open data, licence CC BY 4.0; scaled copies as in benchmarks/commands.py.

  read   read_corpus(answers, text_cols=[text], attrs=respondents, on=response_no), no cache: the CSV read, the
         join, normalisation and the non-answer check (what `dxtext corpus info` does cold); also its process's
         peak resident memory (ru_maxrss) and CPU seconds (less affected by a shared machine's load)
  coder  the theme coder alone: the corpus and tokens from a warm cache (filled first, untimed), then
         ThemeCoder(docs/examples/fukui_themes.txt).fit(tokens, texts=corpus) — its seconds and how far it
         raises the process's resident memory (peak during the fit minus resident before it, sampled every 10 ms)
Printed per stage and scale: seconds, memory, load before; then the ratios 4×/1× and 16×/1×.
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


def _stage(stage: str, answers: Path, respondents: Path, rules: Path) -> None:
    """Run in the child: one stage, print one JSON line."""
    import os
    import threading
    import time

    from dxtext.io.corpus import read_corpus

    page = os.sysconf("SC_PAGE_SIZE")

    def rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * page

    cache = os.environ.get("DXTEXT_CACHE")
    if stage == "read":
        t0 = time.perf_counter()
        corpus = read_corpus(answers, text_cols=["text"], attrs=respondents, on="response_no")
        seconds, cpu = time.perf_counter() - t0, time.process_time()
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # the process's peak (KiB on Linux)
        print(
            json.dumps(
                {"seconds": seconds, "cpu": cpu, "docs": len(corpus.docs), "memory": rss(), "peak": peak}
            )
        )
        return
    from dxtext.analysis.themes import ThemeCoder
    from dxtext.text.tokenize import Tokenizer

    corpus = read_corpus(answers, text_cols=["text"], attrs=respondents, on="response_no", cache_dir=cache)
    tok = Tokenizer()
    tokens = tok.tokenize_corpus(corpus, cache_dir=cache, n_jobs=0)
    import gc

    gc.collect()
    before = rss()
    peak = before
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss())
            stop.wait(0.01)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    t0 = time.perf_counter()
    coder = ThemeCoder(str(rules), tokenizer=tok).fit(tokens, texts=corpus)
    seconds = time.perf_counter() - t0
    stop.set()
    th.join()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "docs": len(coder.coded_),
                "memory": peak - before,
                "from_cache": tokens.from_cache,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--stages", default="read,coder")
    ap.add_argument("--src", type=Path, default=None, help="run the dxtext of this src/ folder (a baseline)")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        _stage(a.child[0], Path(a.child[1]), Path(a.child[2]), Path(a.child[3]))
        return
    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-stages-"))
    scales = [int(s) for s in a.scales.split(",")]
    stages = a.stages.split(",")
    print(f"machine: {h.machine()}")
    print(f"dxtext from {a.src or h.REPO / 'src'}")
    results: dict[str, dict] = {}
    try:
        for factor in scales:
            answers, respondents = h.scaled_corpus(factor, a.data or work / "data")
            cache = work / f"cache-{factor}"
            env = h.env_for(cache, src=a.src)
            for stage in stages:
                cmd = [
                    sys.executable,
                    __file__,
                    "--child",
                    stage,
                    str(answers),
                    str(respondents),
                    str(h.RULES),
                ]
                if stage == "coder":  # fill the cache first (untimed)
                    h.run(cmd, env)
                res = h.run(cmd, env)
                if res["exit"]:
                    print(f"{stage} {factor}x FAILED: {res['stderr'][-500:]}")
                    continue
                got = json.loads(res["stdout"].strip().splitlines()[-1])
                results[f"{stage} {factor}x"] = {**got, "load": res["load"], "process_peak": res["peak_tree"]}
                what = "resident after" if stage == "read" else "raised RSS by"
                extra = (
                    f"peak {got['peak'] / 2**20:.0f} MiB, cpu {got['cpu']:.1f} s  " if stage == "read" else ""
                )
                print(
                    f"{stage:<6} {factor:>3}x  {got['seconds']:>7.2f} s  {what} {got['memory'] / 2**20:>7.0f} MiB  "
                    f"{extra}"
                    f"({got['docs']:,} docs)   [{res['load']}]",
                    flush=True,
                )
            shutil.rmtree(cache, ignore_errors=True)
        print()
        for stage in stages:
            one = results.get(f"{stage} {scales[0]}x")
            if not one:
                continue
            parts = [
                f"{f}×/{scales[0]}× = {results[f'{stage} {f}x']['seconds'] / one['seconds']:.2f}"
                for f in scales[1:]
                if f"{stage} {f}x" in results
            ]
            print(f"{stage}: " + ", ".join(parts))
        if a.json:
            a.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
