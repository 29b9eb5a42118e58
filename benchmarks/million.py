"""Benchmark: `dxtext network` and `dxtext themes` on more than a million documents, local and Dask engines.

    .venv/bin/python benchmarks/million.py [--factor 20] [--engines local,dask] [--data DIR] [--json FILE]

Corpus: the Fukui answers ×20 with variation — ../shared/corpora/fukui-tourism-survey (58,287 answers joined with
respondents.csv; 福井県観光連盟 / Fukui Tourism Federation, FTAS open data, CC BY 4.0) copied 20 times with unique
ids (answer_id and response_no suffixed) and every copy but the first varied (a short ending of its own per row
and copy; see _harness.scaled_corpus): 1,165,740 answer rows, written to a temporary folder.

For each engine (local; dask = --engine dask, a LocalCluster of 2 worker processes on this machine):
  network  cold: a fresh DXTEXT_CACHE — read, tokenize every answer, count, pair counts, graph, every file
  themes   with the cache the network run left (the parsed corpus and the tokens are read from it): coding with
           docs/examples/fukui_themes.txt, crosstab by 年代, every file
Printed: wall seconds, peak RSS of the largest process and of the whole process tree (the command, its
tokenizer workers or the Dask scheduler, nannies and workers, summed) and the tree's proportional set size (PSS:
pages shared copy-on-write by forked tokenizer workers counted once), the load average before each run.
Goal: both complete, the memory the tree holds ≤ 4 GiB: the largest process's RSS and the tree's PSS. (The tree's
RSS sum is printed too; it counts a forked worker's shared view of its parent once per worker.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

_spec = importlib.util.spec_from_file_location("_harness", Path(__file__).with_name("_harness.py"))
h = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(h)  # type: ignore[union-attr]

GOAL = 4 * h.GIB


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--factor", type=int, default=20)
    ap.add_argument("--engines", default="local,dask")
    ap.add_argument("--data", type=Path, default=None, help="folder for the scaled copy (kept between calls)")
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    if not (h.FUKUI / "answers.csv").is_file():
        raise SystemExit(f"{h.FUKUI}: the shared Fukui survey is not there")
    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-million-"))
    answers, respondents = h.scaled_corpus(a.factor, a.data or work / "data")
    rows = sum(1 for _ in answers.open(encoding="utf-8")) - 1  # physical lines: multi-line answers count more
    print(f"machine: {h.machine()}")
    print(
        f"corpus: Fukui answers ×{a.factor} with variation ({answers}, {answers.stat().st_size / 1e6:.0f} MB, "
        f"{rows:,} lines); CC BY 4.0, 福井県観光連盟"
    )
    src = [str(answers), "--text-col", "text", "--attrs", str(respondents), "--on", "response_no", "--quiet"]
    results: dict[str, dict] = {}
    try:
        for engine in a.engines.split(","):
            cache, out = work / f"cache-{engine}", work / f"out-{engine}"
            env = h.env_for(cache)
            extra = [] if engine == "local" else ["--engine", engine]
            runs = {
                "network": ["network", *src, "--out", str(out), *extra],
                "themes": [
                    "themes",
                    *src,
                    "--out",
                    str(out),
                    "--rules",
                    str(h.RULES),
                    "--by",
                    "年代",
                    *extra,
                ],
            }
            for name, argv in runs.items():
                label = f"{name} {engine}" + (" (cold)" if name == "network" else " (tokens cached)")
                results[label] = res = h.run(h.dxtext_cmd(argv), env)
                print(h.fmt_row(label, res), flush=True)
                if res["exit"]:
                    print(res["stderr"][-2000:])
                else:
                    notes = [ln for ln in res["stdout"].splitlines() if "tokens:" in ln or "documents" in ln]
                    print("    " + " | ".join(n.strip() for n in notes[:2]))
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
        print()
        print(h.HEADER)
        for key, res in results.items():
            held = max(res.get("peak_proc", 0), res.get("peak_pss", 0))
            ok = "✓" if res["exit"] == 0 and 0 < held <= GOAL else "✗"
            print(h.fmt_row(key, res) + f"  {ok} (largest and tree PSS ≤ 4 GiB)")
        h.save(results, a.json)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
