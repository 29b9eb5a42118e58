"""The command line: help everywhere, version, quick start, errors as one line."""

from __future__ import annotations

import subprocess
import sys

import typer
from typer.main import get_command
from typer.testing import CliRunner

from dxtext import __version__
from dxtext.cli.app import app

runner = CliRunner()


def _walk(command, path=()):  # type: ignore[no-untyped-def]
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def test_every_command_and_option_has_help() -> None:
    root = get_command(app)
    missing = []
    for path, command in _walk(root):
        if path and not (command.help or command.short_help):
            missing.append(" ".join(path))
        for p in command.params:
            if p.param_type_name == "option" and not getattr(p, "help", None):
                missing.append(f"{' '.join(path)} {p.opts[0]}")
    assert not missing, f"no help text: {missing}"


def test_expected_commands_are_registered() -> None:
    names = set(get_command(app).commands)
    assert {"corpus"} <= names


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"dxtext {__version__}"


def test_help_does_not_import_heavy_libraries() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dxtext", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and "corpus" in proc.stdout
    # heavy libraries are imported only by the commands that need them
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, dxtext.cli.app; print(sorted(m for m in ('gensim','matplotlib','sklearn','networkx') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.strip() == "[]", probe.stdout


def test_usage_error_is_not_a_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dxtext", "corpus", "info"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "Missing argument" in proc.stderr


def test_typer_app_is_a_typer() -> None:
    assert isinstance(app, typer.Typer)


def test_public_api_resolves() -> None:
    import dxtext

    for name in dxtext.__all__:
        assert getattr(dxtext, name) is not None, name


def _boom(exc: BaseException):
    """A stand-in for the run of the command tree (cli.click_messages.run) that fails with ``exc``."""

    def run(*args: object) -> int:
        raise exc

    return run


def test_unexpected_error_is_one_line_and_a_log(monkeypatch, tmp_path, capsys) -> None:
    import pytest

    import dxtext.cli.app as cli_app

    monkeypatch.setenv("DXTEXT_LOG_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["dxtext", "freq", "x.csv"])
    monkeypatch.setattr(cli_app, "run", _boom(RuntimeError("something\nbroke")))
    with pytest.raises(SystemExit) as e:
        cli_app.main()
    assert e.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "RuntimeError: something broke" in err
    logs = list(tmp_path.glob("dxtext-error-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError" in text and "command:" in text


def test_machine_errors_are_one_line(monkeypatch, capsys) -> None:
    import errno

    import pytest

    import dxtext.cli.app as cli_app

    cases = [
        (OSError(errno.ENOSPC, "No space left on device", "out/x.csv"), "disk is full"),
        (PermissionError(errno.EACCES, "Permission denied", "out"), "permission denied"),
        (MemoryError(), "out of memory"),
    ]
    for exc, words in cases:
        monkeypatch.setattr(sys, "argv", ["dxtext", "freq", "x.csv"])
        monkeypatch.setattr(cli_app, "run", _boom(exc))
        with pytest.raises(SystemExit) as e:
            cli_app.main()
        assert e.value.code == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err and "Traceback" not in err
