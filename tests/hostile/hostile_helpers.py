"""Helpers of the hostile-input suite: the ``cli`` fixture (the real command line run in this process through
``main()``, the same error boundary as the installed ``dxtext``), the outcome of a command, spreadsheets written the way other programs write
them, and Japanese answers to put in them."""

from __future__ import annotations

import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_MINUTES = REPO.parent / "shared" / "corpora" / "minutes" / "toshi-center-dx-study-group-02.txt"


class Outcome:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def clean_error(self, *needles: str) -> None:
        """Exit 1 with one line on stderr that starts with 'error:' and names what it should; no traceback."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert self.code == 1, (self.code, self.out, self.err)
        assert len(lines) == 1, self.err
        assert lines[0].startswith("error: "), self.err
        assert "unexpectedly" not in self.err and "Traceback" not in self.err, self.err
        for n in needles:
            assert n in lines[0], (n, lines[0])

    def ok(self) -> None:
        assert self.code == 0, (self.code, self.out, self.err)
        assert "Traceback" not in self.err and "unexpectedly" not in self.err, self.err


def rewrite_zip_member(path: Path, member_pattern: str, edit: Callable[[bytes], bytes]) -> None:
    """Edit members of an XLSX (a zip) whose names match the pattern, as another program's writer would."""
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if re.fullmatch(member_pattern, info.filename):
                data = edit(data)
            z.writestr(info, data)


ANSWERS = [
    "窓口のオンライン化を進めてほしい",
    "マイナンバーカードの手続きが分かりにくい",
    "職員のデジタル研修を増やすべきだ",
    "システムの標準化が遅れている",
    "電子申請の画面が使いにくいと感じる",
    "庁内の情報共有が紙のままである",
    "データ連携の仕組みを整えてほしい",
    "高齢者向けの説明会を開いてほしい",
    "クラウド移行の費用が心配である",
    "セキュリティ対策をしっかりしてほしい",
]


def answers(n: int) -> list[str]:
    """n distinct Japanese answers (the list above, numbered past its length)."""
    return [ANSWERS[i % len(ANSWERS)] + ("" if i < len(ANSWERS) else f"{i}件目") for i in range(n)]


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
