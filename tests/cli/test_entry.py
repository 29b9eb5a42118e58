"""The program's entry point (``python -m dxtext``, the ``dxtext`` script): it ends the process without the
interpreter's teardown, but only after the exit handlers ran and the streams were flushed, with main's exit
code; while a thread of its own still runs it exits the normal way."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dxtext.cli.app import _leave

SAMPLE = Path(__file__).resolve().parents[2] / "corpora"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("code", "stdout", "stderr", "exit_code"),
    [
        ("0", "out|handler ran", "", 0),
        ("None", "out|handler ran", "", 0),
        ("3", "out|handler ran", "", 3),
        ("'bye'", "out|handler ran", "bye", 1),  # as sys.exit('bye'): the message on stderr, code 1
    ],
)
def test_leave_runs_handlers_flushes_and_keeps_the_code(
    code: str, stdout: str, stderr: str, exit_code: int
) -> None:
    proc = _python(
        "import atexit, sys\n"
        "from dxtext.cli.app import _leave\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "sys.stdout.write('out|')  # buffered: lost unless flushed before the process ends\n"
        f"_leave({code})\n"
        "print('not reached')\n"
    )
    assert (proc.stdout.strip(), proc.stderr.strip(), proc.returncode) == (stdout, stderr, exit_code)


def test_leave_exits_normally_while_a_thread_runs() -> None:
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        with pytest.raises(SystemExit) as e:
            _leave(4)
        assert e.value.code == 4
    finally:
        stop.set()
        t.join()


def test_a_command_through_the_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dxtext", "freq", str(SAMPLE / "dx_survey_2025.csv"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert "freq.csv" in written and "metadata.json" in written
    assert "documents" in proc.stdout  # the summary line reached the pipe


def test_an_error_through_the_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dxtext", "freq", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stderr.startswith("error:") and "Traceback" not in proc.stderr


def test_under_a_profiler_the_exit_is_the_normal_one(tmp_path: Path) -> None:
    stats = tmp_path / "profile.out"
    proc = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "dxtext", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and stats.is_file(), proc.stderr  # cProfile wrote its file on return
