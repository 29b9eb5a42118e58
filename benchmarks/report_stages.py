"""Benchmark: where the time and the memory of one `dxtext report` go, stage by stage, at a scale of the Fukui
answers (cold: a fresh cache; ``--warm``: run it twice and measure the second).

    .venv/bin/python benchmarks/report_stages.py [--scale 16] [--warm] [--trace topics] [--profile]

Data: ../shared/corpora/fukui-tourism-survey (answers.csv joined with respondents.csv) — 福井県観光連盟 (Fukui
Tourism Federation), FTAS open data, licence CC BY 4.0; scaled copies as in benchmarks/commands.py. The run is
``dxtext.runs.report`` with the options of benchmarks/commands.py (``--by 年代``, the example rules, the note),
in a fresh child process.

Printed per stage (the names the run gives its progress callback: reading, tokenizing, themes, matrix …):
seconds, the cores busy on average (the whole machine's, from /proc/stat: 2.0 on two cores is both working),
resident memory (RSS of the process) when the stage starts and the peak within it (sampled every
10 ms; tokenizer workers are other processes and not counted here — benchmarks/commands.py measures the tree).
``--trace STAGE``: tracemalloc during that stage, its 15 largest allocation sites at the stage's traced peak
(slows the run). ``--profile``: cProfile of the whole run, the 30 functions of most cumulative time.
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

MIB = 2**20


def _child(answers: Path, respondents: Path, out: Path, trace: str | None, profile: bool) -> None:
    import os
    import threading
    import time

    import dxtext.runs as runs

    page = os.sysconf("SC_PAGE_SIZE")

    def rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * page

    stages: list[dict] = []
    peak = [rss()]
    traced: list[str] = []

    def busy() -> int:
        """Jiffies the machine's cores spent busy so far (every process, not only this run's)."""
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return sum(fields) - fields[3] - fields[4]  # all but idle and iowait

    hz = os.sysconf("SC_CLK_TCK")

    def close_stage() -> None:
        if not stages:
            return
        s = stages[-1]
        s["seconds"] = time.perf_counter() - s.pop("t0")
        s["cores"] = (busy() - s.pop("busy0")) / hz / max(s["seconds"], 1e-9)
        s["peak"] = peak[0]
        if trace and s["stage"] == trace:
            import tracemalloc

            snap = tracemalloc.take_snapshot()
            _, traced_peak = tracemalloc.get_traced_memory()
            traced.append(f"traced peak {traced_peak / MIB:.0f} MiB; largest sites still held at the end:")
            for stat in snap.statistics("lineno")[:15]:
                traced.append(f"  {stat.size / MIB:8.1f} MiB  {stat.count:>9,}  {stat.traceback}")
            tracemalloc.stop()

    def progress(stage: str, done: int, total: int) -> None:
        if stages and stages[-1]["stage"] == stage:
            return
        close_stage()
        now = rss()
        peak[0] = now
        if trace and stage == trace:
            import tracemalloc

            tracemalloc.start(3)
        stages.append({"stage": stage, "start": now, "t0": time.perf_counter(), "busy0": busy()})

    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss())
            stop.wait(0.01)

    threading.Thread(target=sample, daemon=True).start()
    kw = dict(
        text_col="text",
        attrs=str(respondents),
        on="response_no",
        by="年代",
        rules=str(h.RULES),
        note=h.NOTE,
        out=str(out),
        progress=progress,
    )
    t0 = time.perf_counter()
    if profile:
        import cProfile
        import io
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        runs.report(answers, **kw)
        pr.disable()
        buf = io.StringIO()
        pstats.Stats(pr, stream=buf).sort_stats("cumulative").print_stats(30)
        traced.append(buf.getvalue())
    else:
        runs.report(answers, **kw)
    close_stage()
    stop.set()
    total = time.perf_counter() - t0
    print(json.dumps({"stages": stages, "total": total, "notes": traced}, ensure_ascii=False))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=16)
    ap.add_argument("--warm", action="store_true", help="measure a second run on the cache of the first")
    ap.add_argument("--trace", default=None, help="tracemalloc during this stage")
    ap.add_argument("--profile", action="store_true", help="cProfile the whole run")
    ap.add_argument("--src", type=Path, default=None, help="run the dxtext of this src/ folder (a baseline)")
    ap.add_argument("--data", type=Path, default=None, help="folder for the scaled copies (kept)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    if a.child:
        _child(Path(a.child[0]), Path(a.child[1]), Path(a.child[2]), a.trace, a.profile)
        return
    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-rstages-"))
    try:
        answers, respondents = h.scaled_corpus(a.scale, a.data or work / "data")
        env = h.env_for(work / "cache", src=a.src)
        cmd = [sys.executable, __file__, "--child", str(answers), str(respondents), str(work / "out")]
        cmd += ["--trace", a.trace] if a.trace else []
        cmd += ["--profile"] if a.profile else []
        print(f"machine: {h.machine()}")
        if a.warm:
            first = h.run(cmd, env)
            if first["exit"]:
                raise SystemExit(first["stderr"][-2000:])
        res = h.run(cmd, env)
        if res["exit"]:
            raise SystemExit(res["stderr"][-2000:])
        got = json.loads(res["stdout"].strip().splitlines()[-1])
        kind = "warm" if a.warm else "cold"
        print(
            f"report {a.scale}x {kind}: {got['total']:.1f} s in the run, {res['seconds']:.1f} s as a process; "
            f"largest {res['peak_proc'] / h.GIB:.2f} GiB, tree RSS {res['peak_tree'] / h.GIB:.2f} GiB, "
            f"tree PSS {res['peak_pss'] / h.GIB:.2f} GiB   [{res['load']}]"
        )
        print(f"{'stage':<22} {'s':>8} {'cores busy':>11} {'RSS at start MiB':>17} {'peak within MiB':>16}")
        for s in got["stages"]:
            print(
                f"{s['stage']:<22} {s['seconds']:>8.1f} {s['cores']:>11.2f} {s['start'] / MIB:>17.0f} "
                f"{s['peak'] / MIB:>16.0f}"
            )
        for n in got["notes"]:
            print(n)
        if a.json:
            a.json.write_text(json.dumps({**got, "process": {k: v for k, v in res.items() if k != "stdout"}}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
