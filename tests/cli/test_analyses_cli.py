"""Bad options of ca, cluster, assoc and compare: one line saying what to do, exit code 1."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_SURVEY
from dxtext.cli.app import app
from dxtext.errors import DxtextError

SURVEY = str(SAMPLE_SURVEY)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ca", SURVEY, "--themes", "dictionaries/themes.txt"], "--themes needs --by"),
        (["ca", SURVEY, "--by", "人口期模"], "人口規模"),
        (["assoc", SURVEY, "*レガシー"], "レガシーシステム・システム更新"),
        (["assoc", SURVEY, "存在しない語彙"], "no document has"),
        (["compare", SURVEY, "--by", "人口規模", "--order", "5万人未満,20〜50万人"], "Missing"),
        (["cluster", SURVEY, "--method", "median"], "ward, average, complete"),
    ],
)
def test_one_clear_line(args: list[str], expected: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run = CliRunner().invoke(app, [*args, "--out", str(tmp_path), "-q"])
    # main() turns a DxtextError into "error: <message>" and exit code 1
    assert run.exit_code == 1, run.output
    assert isinstance(run.exception, DxtextError), repr(run.exception)
    message = str(run.exception)
    assert expected in message and "\n" not in message


def test_every_new_command_has_help() -> None:
    for name in ("ca", "cluster", "assoc", "compare"):
        run = CliRunner().invoke(app, [name, "--help"])
        assert run.exit_code == 0 and "Usage" in run.output
