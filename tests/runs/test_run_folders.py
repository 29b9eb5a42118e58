"""Outputs people can find: run folders named by their options, the latest/ index, `dxtext outputs list|clean`,
and the last line of each command naming the file to open."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dxtext.runs as r
from conftest import SAMPLE_SURVEY
from dxtext.cli.app import app
from dxtext.runs.folder import options_label

SURVEY = str(SAMPLE_SURVEY)


@pytest.mark.parametrize(
    "options,defaults,expected",
    [
        ({"by": None, "top": 50}, {"by": None, "top": 50}, ""),
        ({"by": "人口規模", "top": 20}, {"by": None, "top": 50}, "by-人口規模_top-20"),
        ({"mask": False, "k": 6}, {"mask": True, "k": None}, "k-6_no-mask"),
        ({"rules": "/a/b/my rules.txt"}, {"rules": None}, "rules-my_rules"),
        ({"title": "x" * 200}, {"title": None}, None),
    ],
)
def test_options_label(options: dict, defaults: dict, expected: str | None) -> None:
    label = options_label(options, defaults)
    if expected is None:
        assert len(label) <= 48 and label.startswith("title-x")
    else:
        assert label == expected


def test_runs_with_different_options_are_told_apart_by_name(tmp_path: Path) -> None:
    out = tmp_path / "out"
    a = r.freq(SURVEY, top=20, out=out)
    b = r.freq(SURVEY, top=20, by="人口規模", out=out)
    again = r.freq(SURVEY, top=20, out=out)
    assert a.folder.name == "freq_dx_survey_2025_top-20"
    assert b.folder.name == "freq_dx_survey_2025_by-人口規模_top-20"
    assert again.folder == a.folder  # same input and options: the same folder, the same bytes
    meta = json.loads((a.folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["run"]["folder"] == a.folder.name and len(meta["run"]["key"]) == 8


def test_another_corpus_of_the_same_name_gets_its_own_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    src = tmp_path / "survey.csv"
    src.write_text("id,text\n1,窓口のデジタル化を進めたい\n2,職員の研修が足りない\n", encoding="utf-8")
    first = r.freq(src, out=out)
    src.write_text("id,text\n1,マイナンバーカードの手続き\n2,システム更新の費用\n", encoding="utf-8")
    second = r.freq(src, out=out)
    assert first.folder != second.folder and second.folder.name == first.folder.name + "_2"
    assert "窓口" in (first.folder / "freq.csv").read_text(encoding="utf-8-sig")  # not overwritten


def test_latest_index_and_outputs_list_and_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, models = tmp_path / "out", tmp_path / "models"
    old = r.freq(SURVEY, top=5, out=out)
    past = time.time() - 10 * 86400
    os.utime(old.folder / "metadata.json", (past, past))
    new = r.kwic(SURVEY, "窓口", out=out)
    newest = r.freq(SURVEY, top=7, out=out)
    index = (out / "latest" / "index.html").read_text(encoding="utf-8")
    for res in (old, new, newest):
        assert res.folder.name in index
    assert index.index(newest.folder.name) < index.index(old.folder.name)  # newest first
    pointer = (out / "latest" / "freq.html").read_text(encoding="utf-8")
    assert f"../{newest.folder.name}/freq.csv" in pointer and 'http-equiv="refresh"' in pointer

    listed = r.outputs_list(out=out, models=models)
    assert [x.folder for x in listed.runs] == [newest.folder, new.folder, old.folder]
    assert "3 runs" in listed.summary()

    dry = r.outputs_clean(out=out, models=models, keep=1, command="freq")
    assert [x.folder for x in dry.would_remove] == [old.folder] and old.folder.exists()
    assert "--yes" in dry.summary()
    aged = r.outputs_clean(out=out, models=models, older_than=5, yes=True)
    assert [x.folder for x in aged.removed] == [old.folder] and not old.folder.exists()
    assert old.folder.name not in (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert new.folder.exists() and newest.folder.exists()

    (out / "not_a_run").mkdir()  # a folder dxtext did not write is never touched
    r.outputs_clean(out=out, keep=0, yes=True)
    assert (out / "not_a_run").exists() and not (out / "latest").exists()

    monkeypatch.setenv("DXTEXT_OUT", str(out))
    cli = CliRunner().invoke(app, ["outputs", "clean"])
    assert cli.exit_code == 1 and "--keep" in str(cli.exception)


@pytest.mark.parametrize(
    "args,opened,how",
    [
        (["freq", SURVEY, "--top", "5"], "freq.csv", "in Excel"),
        (["kwic", SURVEY, "窓口"], "kwic.csv", "in Excel"),
        (["themes", SURVEY], "themes.xlsx", "in Excel"),
    ],
)
def test_the_last_line_names_the_file_to_open(tmp_path: Path, args: list[str], opened: str, how: str) -> None:
    run = CliRunner().invoke(app, [*args, "--out", str(tmp_path), "-q"])
    assert run.exit_code == 0, run.output
    last = run.stdout.rstrip().splitlines()[-1]
    assert last.startswith("→ ") and last.endswith(f"{opened} {how}")
    assert Path(last.removeprefix("→ open ").rsplit(" ", 2)[0]).is_file()
