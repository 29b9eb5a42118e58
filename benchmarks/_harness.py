"""Shared pieces of the end-to-end benchmarks: scaled copies of the Fukui answers, running a command as a whole
process (wall time, peak RSS of the largest process and of the process tree), the machine's load, ratios.

Data: ../shared/corpora/fukui-tourism-survey (answers.csv, respondents.csv) — 福井県観光連盟 (Fukui Tourism
Federation), FTAS open data, licence CC BY 4.0. The scaled copies are written to a temporary folder, never into
the repository.

Loaded by the benchmark scripts with importlib (this folder holds scripts named like stdlib modules, so it is kept
off sys.path).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _corpora() -> Path:
    """../shared/corpora from the repository (a worktree may sit one level deeper: /work/wt/NAME)."""
    env = os.environ.get("DXTEXT_CORPORA")
    if env:
        return Path(env)
    for up in REPO.parents:
        if (up / "shared" / "corpora").is_dir():
            return up / "shared" / "corpora"
    return REPO.parent / "shared" / "corpora"


CORPORA = _corpora()
FUKUI = CORPORA / "fukui-tourism-survey"
RULES = REPO / "docs" / "examples" / "fukui_themes.txt"
NOTE = "出典: 福井県観光連盟 観光客入込数・満足度調査 (FTAS オープンデータ), CC BY 4.0"
GIB = 1024**3

# Short endings written for this benchmark (not corpus text): copy r of an answer gets one of them, chosen by
# row and copy, so no two rows are the same text and the tokens vary a little (new words, new pairs).
VARIANTS = (
    "",
    "また来たいです。",
    "次は家族で訪れたい。",
    "駐車場がもう少し広いと助かります。",
    "天気が良くて景色がきれいでした。",
    "案内の表示が分かりにくかった。",
    "お土産の種類が多くて楽しめた。",
    "スタッフの対応が丁寧でした。",
    "食事の量がちょうど良かった。",
    "混雑していて少し待ちました。",
    "季節を変えてまた行きたい。",
    "写真をたくさん撮りました。",
    "交通の便がもっと良ければ嬉しい。",
)


def scaled_corpus(factor: int, folder: Path) -> tuple[Path, Path]:
    """answers.csv and respondents.csv of the Fukui survey, ``factor`` copies of every row: ids made unique
    (``-r{copy}`` suffix on answer_id and response_no) and every copy but the first varied (one of VARIANTS
    appended, a different one per row and copy), so caches and duplicate folding cannot shrink the work."""
    folder.mkdir(parents=True, exist_ok=True)
    answers, respondents = folder / f"answers_x{factor}.csv", folder / f"respondents_x{factor}.csv"
    if answers.is_file() and respondents.is_file():
        return answers, respondents
    csv.field_size_limit(1 << 30)
    with (FUKUI / "answers.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    ia, ir, it = head.index("answer_id"), head.index("response_no"), head.index("text")
    with answers.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for r in range(factor):
            for i, row in enumerate(body):
                row = list(row)
                if r:
                    row[ia] = f"{row[ia]}-r{r}"
                    row[ir] = f"{row[ir]}-r{r}"
                    v = VARIANTS[1 + (i * 7 + r) % (len(VARIANTS) - 1)]
                    row[it] = f"{row[it]}{v}" if row[it].strip() else row[it]
                w.writerow(row)
    with (FUKUI / "respondents.csv").open(encoding="utf-8", newline="") as f:
        rrows = list(csv.reader(f))
    rhead, rbody = rrows[0], rrows[1:]
    ik = rhead.index("response_no")
    with respondents.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(rhead)
        for r in range(factor):
            for row in rbody:
                row = list(row)
                if r:
                    row[ik] = f"{row[ik]}-r{r}"
                w.writerow(row)
    return answers, respondents


def uptime() -> str:
    """The load averages as `uptime` prints them (1, 5, 15 minutes)."""
    a, b, c = os.getloadavg()
    return f"load {a:.2f} {b:.2f} {c:.2f}"


def _tree_pss(root: int) -> int:
    """Proportional set size of ``root`` and its descendants (shared pages divided among the processes that
    share them: forked workers' copy-on-write pages are counted once, unlike a sum of RSS)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
        todo.extend(p for p, pp in parents.items() if pp == pid)
    return total


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * page
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(p for p, pp in parents.items() if pp == pid)
    return total


def run(cmd: list[str], env: dict[str, str], *, timeout: float = 3600) -> dict[str, Any]:
    """Run ``cmd`` as a whole process; wall seconds, peak RSS of the largest process (rusage of the child and
    its reaped children), of the whole process tree summed (sampled from /proc every 50 ms; counts pages that
    forked workers share once per process) and the tree's peak PSS (shared pages divided among their
    processes: the memory the tree really holds; every 200 ms), and the load average before."""
    load = uptime()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        peak_tree = peak_pss = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak_tree, peak_pss
            n = 0
            while not stop.is_set():
                peak_tree = max(peak_tree, _tree_rss(proc.pid))
                if n % 4 == 0:  # smaps_rollup walks the page tables: every 200 ms
                    peak_pss = max(peak_pss, _tree_pss(proc.pid))
                n += 1
                stop.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        deadline = time.monotonic() + timeout
        usage = None
        status = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return {
        "seconds": seconds,
        "peak_proc": usage.ru_maxrss * 1024 if usage else 0,
        "peak_tree": max(peak_tree, usage.ru_maxrss * 1024 if usage else 0),
        "peak_pss": peak_pss,
        "exit": proc.returncode,
        "stdout": stdout,
        "stderr": stderr,
        "load": load,
    }


def dxtext_cmd(command: list[str], *args: str) -> list[str]:
    return [sys.executable, "-m", "dxtext", *command, *args]


def env_for(cache: Path, extra: dict[str, str] | None = None, *, src: Path | None = None) -> dict[str, str]:
    """Environment of a benchmarked command: its own DXTEXT_CACHE, and ``src`` (default this checkout's src/;
    another checkout's to measure the code before a change) first on PYTHONPATH."""
    env = {**os.environ, "DXTEXT_CACHE": str(cache), "PYTHONHASHSEED": "0"}
    src = str(src or REPO / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra or {})
    return env


def fmt_row(label: str, r: dict[str, Any]) -> str:
    if r.get("exit", 0) != 0:
        last = (r.get("stderr") or "").strip().splitlines()[-1:] or ["?"]
        return f"{label:<28} FAILED exit {r['exit']}: {last[0][:100]}   [{r['load']}]"
    return (
        f"{label:<28} {r['seconds']:>8.1f} s  {r['peak_proc'] / GIB:>6.2f} GiB  {r['peak_tree'] / GIB:>6.2f} GiB"
        f"  {r.get('peak_pss', 0) / GIB:>6.2f} GiB   [{r['load']}]"
    )


HEADER = (
    f"{'':<28} {'wall':>10}  {'largest':>10}  {'tree RSS':>10}  {'tree PSS':>10}   [load before: 1 5 15 min]"
)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {sys.version.split()[0]}; "
        f"speed probe {speed_probe():.2f} s"
    )


def speed_probe() -> float:
    """Seconds of a fixed pure-Python loop in a fresh interpreter (best of three): how fast one core of this
    machine is right now. The machine's speed moves from day to day (a virtual machine on a shared host): a
    figure taken on another day compares only after scaling by the two days' probes."""
    code = "import time\nt=time.perf_counter()\ns=0\nfor i in range(10_000_000): s+=i\nprint(time.perf_counter()-t)"
    return min(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    )


def save(results: dict[str, Any], path: Path | None) -> None:
    if path is None:
        return
    clean = {
        k: {kk: vv for kk, vv in v.items() if kk not in ("stdout", "stderr")} for k, v in results.items()
    }
    path.write_text(json.dumps(clean, indent=1, ensure_ascii=False), encoding="utf-8")
