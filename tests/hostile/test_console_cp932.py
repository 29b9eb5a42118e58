"""A CP932 console (a Japanese Windows console, or an output redirected there, or PYTHONIOENCODING=cp932): every
command prints what it can and exits as it would on UTF-8, never a UnicodeEncodeError at the end of the work."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_helpers import REPO

from dxtext.cli.console import SUBSTITUTES, make_console_safe

SURVEY = REPO / "corpora" / "dx_survey_2025.csv"

# Every command on the sample survey, with the options it needs and a small K for the models.
COMMANDS = [
    ["corpus", "info", SURVEY],
    ["freq", SURVEY],
    ["kwic", SURVEY, "標準化"],
    ["topics", SURVEY, "--k", "4"],
    ["network", SURVEY],
    ["themes", SURVEY, "--by", "人口規模"],
    ["report", SURVEY, "--topics", "4"],
    ["dict", "list"],
    ["ca", SURVEY, "--by", "人口規模"],
    ["cluster", SURVEY],
    ["assoc", SURVEY, "標準化"],
    ["compare", SURVEY, "--by", "人口規模"],
    ["dtm", SURVEY],
]


def _dxtext(
    args: list[str | Path], tmp_path: Path, encoding: str = "cp932"
) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "PYTHONIOENCODING": encoding,
        "DXTEXT_OUT": str(tmp_path / "outputs"),
        "DXTEXT_LOG_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "dxtext", *map(str, args)],
        capture_output=True,
        env=env,
        timeout=900,
    )


def _clean(done: subprocess.CompletedProcess[bytes], tmp_path: Path) -> tuple[str, str]:
    out, err = done.stdout.decode("cp932"), done.stderr.decode("cp932")  # all of it is valid CP932
    assert done.returncode == 0, err[-2000:]
    assert "Traceback" not in err and "unexpectedly" not in err, err[-2000:]
    assert not list(tmp_path.glob("dxtext-error-*.log"))
    return out, err


@pytest.mark.parametrize(
    "args", COMMANDS, ids=lambda a: " ".join(str(x) for x in a[:2] if not isinstance(x, Path))
)
def test_every_command_runs_on_a_cp932_console(args: list[str | Path], tmp_path: Path) -> None:
    _clean(_dxtext(args, tmp_path), tmp_path)


@pytest.mark.parametrize("command", sorted({str(a[0]) for a in COMMANDS}))
def test_every_help_prints_on_a_cp932_console(command: str, tmp_path: Path) -> None:
    out, _ = _clean(_dxtext([command, "--help"], tmp_path), tmp_path)
    assert "Usage:" in out


def test_corpus_info_shows_the_cp932_spelling_of_the_wave_dash(tmp_path: Path) -> None:
    out, _ = _clean(_dxtext(["corpus", "info", SURVEY], tmp_path), tmp_path)
    assert "5～20万人" in out  # the file has U+301C; CP932 has the same JIS character, read back as U+FF5E
    assert "○ balanced" in out  # '✓' is not in CP932


def test_emoji_of_the_corpus_print_as_question_marks(tmp_path: Path) -> None:
    p = tmp_path / "emoji.csv"
    rows = [f"{i},5〜20万人,窓口の改善をお願いしたい😀 −1 ‖ 〜{i}" for i in range(1, 6)]
    p.write_text("id,人口規模,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out, _ = _clean(_dxtext(["kwic", p, "窓口"], tmp_path), tmp_path)
    assert "お願いしたい? －1 ∥ ～" in out
    out, _ = _clean(_dxtext(["corpus", "info", p], tmp_path), tmp_path)
    assert "5～20万人" in out


def test_utf8_console_is_unchanged(tmp_path: Path) -> None:
    done = _dxtext(["corpus", "info", SURVEY], tmp_path, encoding="utf-8")
    assert done.returncode == 0
    out = done.stdout.decode("utf-8")
    assert "5〜20万人" in out and "✓ balanced" in out


def test_a_strict_cp932_stream_in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The stream a Japanese Windows PC gives a redirected output: CP932, strict, and the error line too."""
    from dxtext.cli.app import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="cp932", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="cp932", errors="strict")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("DXTEXT_OUT", str(tmp_path / "outputs"))
    missing = tmp_path / "回答😀.csv"
    monkeypatch.setattr(sys, "argv", ["dxtext", "corpus", "info", str(missing)])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 1
    err.flush()
    line = err.buffer.getvalue().decode("cp932")  # type: ignore[attr-defined]
    assert line.startswith("error: ") and "回答\\U0001f600.csv" in line and line.count("\n") == 1
    monkeypatch.setattr(sys, "argv", ["dxtext", "corpus", "info", str(SURVEY)])
    with pytest.raises(SystemExit) as ended:
        main()
    out.flush()
    assert ended.value.code in (0, None)
    assert "○ balanced" in out.buffer.getvalue().decode("cp932")  # type: ignore[attr-defined]


def test_every_substitute_prints_in_cp932() -> None:
    for ch, shown in SUBSTITUTES.items():
        shown.encode("cp932")
        with pytest.raises(UnicodeEncodeError):
            ch.encode("cp932")


def test_a_lenient_stream_keeps_its_own_handler() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="backslashreplace")
    make_console_safe(stream)
    assert stream.errors == "backslashreplace"


@pytest.mark.parametrize(
    "text,shown",
    [
        ("✓ balanced", "○ balanced"),
        ("χ² p ≤ 0.05", "χ2 p ≦ 0.05"),
        ("A — B – C", "A ― B - C"),
        ("👍🎉", "??"),
    ],
)
def test_what_a_cp932_console_shows(text: str, shown: str) -> None:
    from dxtext.cli.console import HANDLER, register

    register()
    assert text.encode("cp932", HANDLER).decode("cp932") == shown
