"""--where: documents kept by their attributes; the ledger counts the rest; misspellings name the close ones."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import dxtext.runs as r
from conftest import SAMPLE_SURVEY
from dxtext.cli.app import app
from dxtext.errors import CorpusError
from dxtext.io.corpus import read_corpus
from dxtext.io.where import Condition, apply_where, parse_where

# condition text → (attribute, op, values)
PARSED = [
    ("年代=20代", ("年代", "=", ("20代",))),
    ("年代 = 20代", ("年代", "=", ("20代",))),
    ("年代＝２０代", ("年代", "=", ("20代",))),  # full-width, as typed on a Japanese keyboard
    ("question!=Q7", ("question", "!=", ("Q7",))),
    ("人口規模 in 5万人未満,5〜20万人", ("人口規模", "in", ("5万人未満", "5〜20万人"))),
    ("人口規模 not in 5万人未満", ("人口規模", "not in", ("5万人未満",))),
    ("部署=", ("部署", "=", ("",))),  # blank value
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse_where(text: str, expected: tuple[str, str, tuple[str, ...]]) -> None:
    c = parse_where(text)
    assert (c.attribute, c.op, c.values) == expected


@pytest.mark.parametrize("text", ["年代", "=20代", "年代 in ", ""])
def test_parse_where_refuses_what_is_not_a_condition(text: str) -> None:
    with pytest.raises(CorpusError, match="--where"):
        parse_where(text)


@pytest.fixture()
def corpus(tmp_path: Path):  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f"],
            "年代": ["20代", "30代", "20代", "40代", "", "30代"],
            "地域": ["北", "南", "南", "北", "北", "南"],
            "自由記述": ["駐車場が狭い", "景色が良い", "特になし", "トイレが汚い", "案内が少ない", ""],
        }
    )
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return read_corpus(path, text_cols=["自由記述"], id_col="id")


# conditions → doc ids kept (status not filtered)
KEPT = [
    (["年代=20代"], ["a", "c"]),
    (["年代!=20代"], ["b", "d", "e", "f"]),
    (["年代 in 20代,40代"], ["a", "c", "d"]),
    (["年代 not in 20代,40代"], ["b", "e", "f"]),
    (["年代=20代", "地域=南"], ["c"]),  # several: all must hold
    (["年代="], ["e"]),
]


@pytest.mark.parametrize(("where", "kept"), KEPT)
def test_apply_where_keeps_the_matching_documents_and_the_ledger_balances(
    corpus, where: list[str], kept: list[str]
) -> None:  # type: ignore[no-untyped-def]
    before = corpus.docs["status"].tolist()
    out = apply_where(corpus, where)
    assert corpus.docs["status"].tolist() == before  # the given corpus is not changed
    assert out.docs.loc[out.docs.status != "filtered", "doc_id"].tolist() == kept
    t = out.ledger.totals
    assert t["filtered"] == 6 - len(kept)
    assert out.ledger.balanced()
    assert out.ledger.where == where
    assert out.options["where"] == where
    # c is a non-answer, f is empty: they keep that status when kept, and are "filtered" otherwise
    assert set(out.used["doc_id"]) == set(kept) - {"c", "f"}


def test_where_changes_the_content_hash(corpus) -> None:  # type: ignore[no-untyped-def]
    assert apply_where(corpus, ["地域=北"]).content_hash != corpus.content_hash


@pytest.mark.parametrize(
    ("where", "fragments"),
    [
        ("年台=20代", ["no attribute '年台'", "did you mean 年代"]),
        ("年代=20台", ["no document has 年代=20台", "did you mean 20代"]),
        ("年代 in 20代,50代", ["no document has 年代=50代"]),
    ],
)
def test_misspelt_attribute_or_value_names_the_closest(corpus, where: str, fragments: list[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CorpusError) as e:
        apply_where(corpus, [where])
    for f in fragments:
        assert f in str(e.value)


def test_condition_round_trips_as_text() -> None:
    assert str(Condition("人口規模", "in", ("a", "b"))) == "人口規模 in a,b"
    assert str(parse_where("年代!=20代")) == "年代!=20代"


# --- every command takes --where -------------------------------------------------------------------------

SURVEY = str(SAMPLE_SURVEY)


def test_freq_with_where_writes_the_filtered_ledger(tmp_path: Path) -> None:
    res = r.freq(SURVEY, where="人口規模=5万人未満", out=tmp_path)
    assert res.folder is not None
    ledger = json.loads((res.folder / "ledger.json").read_text(encoding="utf-8"))
    assert ledger["where"] == ["人口規模=5万人未満"]
    t = ledger["totals"]
    # the sample survey: 100 respondents × 5 questions, 27 of them in cities under 50,000 people
    assert t["documents"] == 500 and t["filtered"] == 365
    assert ledger["balanced"]
    assert any("365 left out" in n for n in res.notes)


def test_every_command_has_the_where_option() -> None:
    runner = CliRunner()
    for command in (
        ["corpus", "info"],
        ["freq"],
        ["kwic"],
        ["topics"],
        ["network"],
        ["themes"],
        ["report"],
        ["ca"],
        ["cluster"],
        ["assoc"],
        ["compare"],
        ["dtm"],
    ):
        out = runner.invoke(app, [*command, "--help"], terminal_width=200)
        assert "--where" in out.output, command
    out = runner.invoke(app, ["dict", "suggest", "--help"], terminal_width=200)
    assert "--where" in out.output


def test_cli_misspelt_where_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "dxtext", "corpus", "info", SURVEY, "--where", "人口規摸=5万人未満"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 1
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: --where 人口規摸=5万人未満")
    assert "did you mean 人口規模" in lines[0]


@pytest.mark.slow
def test_fukui_where_question_restricts_every_command(fukui: Path, tmp_path: Path) -> None:
    """Fukui tourism answers (CC BY 4.0, 福井県観光連盟): one question of seven."""
    src = {
        "text_col": "text",
        "id_col": "answer_id",
        "attrs": fukui / "respondents.csv",
        "on": "response_no",
        "where": "question_code=Q_inconvenience",
    }
    questions = pd.read_csv(fukui / "questions.csv")
    total = int(questions["answers"].sum())
    wanted = int(questions.set_index("question_code").loc["Q_inconvenience", "answers"])
    info = r.corpus_info(fukui / "answers.csv", **src)
    t = info.data["info"]["ledger"]["totals"]
    assert t["documents"] == total
    assert t["filtered"] == total - wanted
    assert set(info.data["corpus"].used["question_code"]) == {"Q_inconvenience"}
    res = r.freq(fukui / "answers.csv", by="年代", top=5, out=tmp_path, **src)
    assert res.folder is not None
    ledger = json.loads((res.folder / "ledger.json").read_text(encoding="utf-8"))
    assert ledger["totals"]["filtered"] == total - wanted
