"""The hostile-input suite runs the real command line in this process (through ``main()``, the same error
boundary as the installed ``dxtext``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import Outcome


@pytest.fixture()
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., Outcome]:
    from dxtext.cli.app import main

    monkeypatch.setenv("DXTEXT_OUT", str(tmp_path / "outputs"))

    def run(*args: str | Path) -> Outcome:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["dxtext", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as e:
            code = int(e.code or 0) if not isinstance(e.code, str) else 1
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run
