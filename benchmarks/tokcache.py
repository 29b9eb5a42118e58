"""Benchmark: reading the token cache, Parquet (this tree) against the pickle entry it replaced, same tokens.

    .venv/bin/python benchmarks/tokcache.py [--scale 4] [--repeat 3]

Data: ../shared/corpora/fukui-tourism-survey answers.csv joined with respondents.csv — 福井県観光連盟 (Fukui
Tourism Federation), FTAS open data, licence CC BY 4.0 — scaled as in commands.py (_harness.scaled_corpus).

The corpus is read and tokenized once, as `dxtext` does (all cores); the value the tokenizer hands to the cache
(doc ids, token lists, word classes) is written both ways: the Parquet entry of dxtext.text.tokencache and the
pickle in an integrity-checked DiskCache entry (the layout before, cache key version 1). Each entry is then read
in a fresh process, ``--repeat`` times: wall seconds of the load call (MAC check, parse, Python lists), how far
it raised the peak RSS above the RSS before the call (VmHWM reset through /proc/self/clear_refs) and the RSS
still held after it (the token lists). Printed: size on disk, the best
load time, the median RSS rise, and the ratios Parquet/pickle.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402

_spec = importlib.util.spec_from_file_location("_harness", Path(__file__).with_name("_harness.py"))
h = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(h)  # type: ignore[union-attr]

LOAD = r"""
import json, sys, time
from pathlib import Path
import numpy, pandas, pyarrow, pyarrow.compute, pyarrow.parquet  # loaded in every dxtext run (the corpus is a DataFrame)
from dxtext.cache import DiskCache
from dxtext.text.tokencache import load_tokens
kind, root, key = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
ids = json.loads((root / "ids.json").read_text())
def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
Path("/proc/self/clear_refs").write_text("5")  # peak RSS (VmHWM) reset to the current RSS
before = status("VmRSS")
anon_before = status("RssAnon")
t = time.perf_counter()
if kind == "parquet":
    value = load_tokens(root, key, ids)
else:
    value = DiskCache(root, "pickle").load(key, check=lambda v: list(v[0]) == ids)
seconds = time.perf_counter() - t
after = status("VmHWM")
held = status("VmRSS")
anon = status("RssAnon")
assert value is not None and len(value[1]) == len(ids)
print(json.dumps({"seconds": seconds, "rise": after - before, "held": held - before, "anon": anon - anon_before,
                  "tokens": sum(map(len, value[1]))}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the entries (their folder is printed)")
    a = ap.parse_args()
    from dxtext.cache import DiskCache
    from dxtext.io.corpus import read_corpus
    from dxtext.text import tokenize as tokenize_module
    from dxtext.text.tokencache import save_tokens
    from dxtext.text.tokenize import Tokenizer

    work = Path(tempfile.mkdtemp(prefix="dxtext-bench-tokcache-"))
    answers, respondents = h.scaled_corpus(a.scale, work / "data")
    corpus = read_corpus(answers, text_cols=["text"], attrs=respondents, on="response_no")
    saved: dict[str, object] = {}

    def both(cache_dir: Path, key: str, value: tuple) -> None:  # what tokenize_corpus hands to the cache
        saved["key"] = key
        save_tokens(work, key, *value)
        DiskCache(work, "pickle").save(key, value)
        (work / "ids.json").write_text(json.dumps(list(value[0]), ensure_ascii=False))

    tokenize_module._save_cache = both
    Tokenizer().tokenize_corpus(corpus, cache_dir=work / "unused", n_jobs=0)
    key = str(saved["key"])
    sizes = {
        "parquet": (work / "tokens" / f"{key}.parquet").stat().st_size,
        "pickle": (work / "pickle" / f"{key}.pkl").stat().st_size,
    }
    print(f"machine: {h.machine()}; Fukui answers × {a.scale}, {corpus.used.shape[0]:,} documents")
    rows = {}
    for kind in ("pickle", "parquet"):
        runs = []
        for _ in range(a.repeat):
            out = subprocess.run(
                [sys.executable, "-c", LOAD, kind, str(work), key],
                check=True,
                capture_output=True,
                text=True,
                env=h.env_for(work / "unused"),
            ).stdout
            runs.append(json.loads(out))
        rows[kind] = {
            "size": sizes[kind],
            "seconds": min(r["seconds"] for r in runs),
            "rise": statistics.median(r["rise"] for r in runs),
            "held": statistics.median(r["held"] for r in runs),
            "anon": statistics.median(r["anon"] for r in runs),
            "tokens": runs[0]["tokens"],
        }
        r = rows[kind]
        print(
            f"{kind:<8} {r['size'] / 2**20:8.1f} MiB on disk  load {r['seconds']:6.2f} s  "
            f"peak RSS +{r['rise'] / 2**20:6.1f} MiB, held after +{r['held'] / 2**20:6.1f} MiB "
            f"(anonymous +{r['anon'] / 2**20:6.1f} MiB)  "
            f"({r['tokens']:,} tokens)   [{h.uptime()}]"
        )
    p, q = rows["parquet"], rows["pickle"]
    print(
        f"parquet/pickle: size {p['size'] / q['size']:.2f}, load time {p['seconds'] / q['seconds']:.2f}, "
        f"peak RSS rise {p['rise'] / max(q['rise'], 1):.2f}, held {p['held'] / max(q['held'], 1):.2f}"
    )
    if a.keep:
        print(f"entries kept in {work} (key {key})")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
