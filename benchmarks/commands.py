"""Benchmark: the commands as the user runs them, end to end, at 1×, 4× and 16× of the Fukui answers.

    .venv/bin/python benchmarks/commands.py [--scales 1,4,16] [--commands corpus,freq,topics,network,themes,report]
                                            [--engine local|dask] [--no-warm] [--json FILE]

Data: ../shared/corpora/fukui-tourism-survey — answers.csv (58,287 answers) joined with respondents.csv on
response_no — 福井県観光連盟 (Fukui Tourism Federation), FTAS open data, licence CC BY 4.0. The 4× and 16× corpora
are copies with unique ids (answer_id and response_no suffixed) and every copy but the first varied (a short
ending appended, a different one per row and copy), written to a temporary folder (see _harness.scaled_corpus).

Each figure is one whole process, ``python -m dxtext COMMAND …`` (start-up, imports, reading, tokenizing,
analysis, every file written):
  cold  a fresh, empty DXTEXT_CACHE (parsed corpus, token cache, compiled dictionary, topic model: none)
  warm  the same command again with the cache the cold run left
Printed: wall seconds, the size on disk of the token cache the cold run left, peak RSS of the largest process (rusage), peak RSS of the process tree (the command and
its tokenizer workers / Dask workers, summed, sampled every 50 ms: pages forked workers share are counted in each),
peak PSS of the tree (shared pages divided among their processes: what the tree really holds), the load average
before the run, and the ratios 4×/1× and 16×/1× of the wall time. The machine is shared: read the load beside each figure.

Commands (the options a user of this survey gives):
  corpus   corpus info --text-col text --attrs respondents.csv --on response_no     (the read stage alone)
  freq     freq …
  topics   topics … --k 10
  network  network …
  themes   themes … --rules docs/examples/fukui_themes.txt --by 年代
  report   report … --by 年代 --rules docs/examples/fukui_themes.txt --note (source)
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

COMMANDS = ("corpus", "freq", "topics", "network", "themes", "report")


def args_for(command: str, answers: Path, respondents: Path, out: Path) -> list[str]:
    src = [str(answers), "--text-col", "text", "--attrs", str(respondents), "--on", "response_no"]
    common = [*src, "--out", str(out), "--quiet"]
    if command == "corpus":
        return ["corpus", "info", *src]
    if command == "freq":
        return ["freq", *common]
    if command == "topics":
        return ["topics", *common, "--k", "10"]
    if command == "network":
        return ["network", *common]
    if command == "themes":
        return ["themes", *common, "--rules", str(h.RULES), "--by", "年代"]
    if command == "report":
        return ["report", *common, "--by", "年代", "--rules", str(h.RULES), "--note", h.NOTE]
    raise SystemExit(f"unknown command {command}")


def _token_cache_bytes(cache: Path) -> int:
    """Bytes on disk of the token cache entries a run left (every file of ``<cache>/tokens``)."""
    folder = cache / "tokens"
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) if folder.is_dir() else 0


def _row(label: str, r: dict) -> str:
    entry = r.get("token_cache_bytes", 0)
    return h.fmt_row(label, r) + (f"  token cache {entry / 2**20:.1f} MiB" if entry else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--commands", default=",".join(COMMANDS))
    ap.add_argument("--engine", default="local", help="local (default) or dask (--engine dask on 2 workers)")
    ap.add_argument("--no-warm", action="store_true", help="cold runs only")
    ap.add_argument(
        "--data", type=Path, default=None, help="folder for the scaled copies (kept between calls)"
    )
    ap.add_argument("--src", type=Path, default=None, help="run the dxtext of this src/ folder (a baseline)")
    ap.add_argument("--json", type=Path, default=None, help="write the figures to this file")
    a = ap.parse_args()
    if not (h.FUKUI / "answers.csv").is_file():
        raise SystemExit(f"{h.FUKUI}: the shared Fukui survey is not there")
    scales = [int(s) for s in a.scales.split(",")]
    commands = [c.strip() for c in a.commands.split(",") if c.strip()]
    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-cmd-"))
    data = a.data or work / "data"
    engine = [] if a.engine == "local" else ["--engine", a.engine]
    print(f"machine: {h.machine()}")
    print(f"dxtext from {a.src or h.REPO / 'src'}")
    print(f"engine: {a.engine}; corpus: Fukui answers (CC BY 4.0, 福井県観光連盟) × {scales}")
    results: dict[str, dict] = {}
    try:
        for factor in scales:
            answers, respondents = h.scaled_corpus(factor, data)
            for command in commands:
                cache, out = work / f"cache-{command}-{factor}", work / f"out-{command}-{factor}"
                argv = args_for(command, answers, respondents, out)
                if command != "corpus":
                    argv += engine
                cmd = h.dxtext_cmd(argv)
                env = h.env_for(cache, src=a.src)
                results[f"{command} {factor}x cold"] = r = h.run(cmd, env)
                r["token_cache_bytes"] = _token_cache_bytes(cache)
                print(_row(f"{command} {factor}x cold", r), flush=True)
                if not a.no_warm and r["exit"] == 0:
                    results[f"{command} {factor}x warm"] = r = h.run(cmd, env)
                    print(h.fmt_row(f"{command} {factor}x warm", r), flush=True)
                shutil.rmtree(cache, ignore_errors=True)
                shutil.rmtree(out, ignore_errors=True)
        print()
        print(h.HEADER)
        for key, r in results.items():
            print(_row(key, r))
        print()
        base = scales[0]
        for command in commands:
            for kind in ("cold", "warm"):
                one = results.get(f"{command} {base}x {kind}")
                if not one or one["exit"]:
                    continue
                parts = []
                for factor in scales[1:]:
                    r = results.get(f"{command} {factor}x {kind}")
                    if r and not r["exit"]:
                        parts.append(f"{factor}×/{base}× = {r['seconds'] / one['seconds']:.2f}")
                if parts:
                    print(f"{command:<8} {kind}: " + ", ".join(parts))
        h.save(results, a.json)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
