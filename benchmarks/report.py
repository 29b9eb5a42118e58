"""Benchmark: `dxtext report` on the full Fukui answers, cold and warm, end to end.

    .venv/bin/python benchmarks/report.py [--repeat-warm 2] [--keep]

Corpus: ../shared/corpora/fukui-tourism-survey/answers.csv (58,287 answers) joined with respondents.csv on
response_no — 福井県観光連盟 (Fukui Tourism Federation), FTAS open data, CC BY 4.0 — with the example rules
docs/examples/fukui_themes.txt and --by 年代: 13 themes, 9 age groups, a network PNG per theme, topics (K=8).

cold  a fresh, empty DXTEXT_CACHE: the user dictionary is compiled, the 58k answers are tokenized, the topic
      model is fitted, every PNG is drawn. Goal: < 90 s and peak memory < 2 GiB on this 2-core machine.
warm  the same command again with that cache (tokens, topic model): the ratio warm / cold is the figure
      (goal ≤ 0.2×).

Each run is `python -m dxtext report …` in a child process. Time is wall clock; memory is the peak resident
set of the largest process (os.wait4's rusage of the child, which covers its tokenizer workers too) and the
peak of the whole process tree summed (sampled from /proc every 50 ms). The report's own stage timings
(metadata.json) are printed for the last cold and warm runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

# this folder holds benchmarks named like stdlib modules (tokenize.py): keep it off the import path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FUKUI = REPO.parent / "shared" / "corpora" / "fukui-tourism-survey"
RULES = REPO / "docs" / "examples" / "fukui_themes.txt"
NOTE = "出典: 福井県観光連盟 観光客入込数・満足度調査 (FTAS オープンデータ), CC BY 4.0"
GOAL_SECONDS = 90.0
GOAL_BYTES = 2 * 1024**3
GOAL_RATIO = 0.2


_spec = importlib.util.spec_from_file_location("_harness", Path(__file__).with_name("_harness.py"))
_h = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(_h)  # type: ignore[union-attr]
_tree_rss = _h._tree_rss  # resident bytes of a process and all its descendants, from /proc


def run_wait4(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Like run(), but reaps the child with os.wait4 to get its own peak RSS (ru_maxrss)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.posix_spawn(
            cmd[0],
            cmd,
            env,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
            ],
        )
        peak_tree = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak_tree
            while not stop.is_set():
                peak_tree = max(peak_tree, _tree_rss(pid))
                stop.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(stderr)
        raise SystemExit(f"dxtext report failed (exit {os.waitstatus_to_exitcode(status)})")
    folder = Path(stdout.strip().splitlines()[-1])
    meta = json.loads(
        (folder / "metadata.json").read_text(encoding="utf-8")
    )  # read now: a re-run rewrites it
    return {
        "seconds": seconds,
        "peak_proc": usage.ru_maxrss
        * 1024,  # Linux: kilobytes; the largest of the child and its reaped workers
        "peak_tree": peak_tree,
        "folder": str(folder),  # type: ignore[dict-item]
        "meta": meta,  # type: ignore[dict-item]
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat-warm", type=int, default=2, help="warm runs (the best is used)")
    ap.add_argument("--keep", action="store_true", help="keep the cache and output folders")
    args = ap.parse_args()
    if not (FUKUI / "answers.csv").is_file():
        raise SystemExit(f"{FUKUI}: the shared Fukui survey is not there")
    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-report-"))
    cache, out = work / "cache", work / "out"
    env = {**os.environ, "DXTEXT_CACHE": str(cache), "PYTHONHASHSEED": "0"}
    cmd = [
        sys.executable,
        "-m",
        "dxtext",
        "report",
        str(FUKUI / "answers.csv"),
        "--text-col",
        "text",
        "--attrs",
        str(FUKUI / "respondents.csv"),
        "--on",
        "response_no",
        "--by",
        "年代",
        "--rules",
        str(RULES),
        "--note",
        NOTE,
        "--out",
        str(out),
        "--quiet",
    ]
    print(f"dxtext report on {FUKUI.name}/answers.csv (58,287 answers), --by 年代, rules {RULES.name}")
    print(f"cpus: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    try:
        cold = run_wait4(cmd, env)
        warms = [run_wait4(cmd, env) for _ in range(args.repeat_warm)]
        warm = min(warms, key=lambda r: r["seconds"])
        gib = 1024**3
        print()
        print(f"{'':<6} {'seconds':>8} {'peak RSS (largest process)':>28} {'peak RSS (process tree)':>25}")
        for name, r in (("cold", cold), ("warm", warm)):
            print(
                f"{name:<6} {r['seconds']:>8.1f} {r['peak_proc'] / gib:>24.2f} GiB {r['peak_tree'] / gib:>21.2f} GiB"
            )
        ratio = warm["seconds"] / cold["seconds"]
        print()
        ok = "✓" if cold["seconds"] < GOAL_SECONDS else "✗"
        print(f"cold end to end: {cold['seconds']:.1f} s (goal < {GOAL_SECONDS:.0f} s) {ok}")
        peak = max(cold["peak_proc"], cold["peak_tree"])
        print(f"cold peak memory: {peak / gib:.2f} GiB (goal < 2 GiB) {'✓' if peak < GOAL_BYTES else '✗'}")
        print(f"warm / cold: {ratio:.2f}× (goal ≤ {GOAL_RATIO}×) {'✓' if ratio <= GOAL_RATIO else '✗'}")
        for name, r in (("cold", cold), ("warm", warm)):
            meta = r["meta"]
            stages = ", ".join(f"{k} {v:.1f}" for k, v in meta.get("timings", {}).items())  # type: ignore[union-attr]
            print(f"{name} stages (s): {stages}; topics from cache: {meta.get('topics_from_cache')}")  # type: ignore[union-attr]
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        print(f"report: {warm['folder']}/report.html" if args.keep else "")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
