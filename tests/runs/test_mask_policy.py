"""Who is masked in quotes: speakers of public minutes kept by default (public record), masked with
--mask-speakers (and shown as 話者01 …); --keep-words keeps listed words; survey answers always masked."""

from __future__ import annotations

from pathlib import Path

import pytest

import dxtext.runs as runs
from conftest import COUNCIL, SAMPLE_SURVEY
from dxtext.errors import DxtextError
from dxtext.text.privacy import NAME_MASK


@pytest.fixture(scope="module")
def council() -> Path:
    if not COUNCIL.is_file():
        pytest.skip("shared corpora not found (set DXTEXT_SHARED_CORPORA): council minutes needed")
    return COUNCIL


def _lines(result) -> str:  # type: ignore[no-untyped-def]
    k = result.tables["kwic"]
    return "\n".join(k["left"] + "|" + k["right"])


def test_speakers_of_public_minutes_are_kept_unless_masked(council: Path, tmp_path: Path) -> None:
    kept = runs.kwic(council, "委員", out=tmp_path / "a", cache_dir=None, top=0)
    masked = runs.kwic(council, "委員", out=tmp_path / "b", cache_dir=None, top=0, mask_speakers=True)
    a, b = _lines(kept), _lines(masked)
    # 崎田 speaks at this meeting: kept by default, masked with --mask-speakers
    assert "崎田" in a and "崎田" not in b and f"{NAME_MASK}委員" in b
    # a member named in the text who does not speak at this meeting is masked either way
    assert "中村委員" not in a and "中村委員" not in b
    assert any("public record" in n for n in kept.notes)
    # the speaker attributes: names by default, 話者NN with --mask-speakers (still one value per speaker)
    k0, k1 = kept.tables["kwic"], masked.tables["kwic"]
    assert k0["speaker_name"].str.contains("崎田").any()
    assert k1["speaker_name"].str.fullmatch(r"話者\d\d").all()
    assert not k1["speaker"].str.contains("崎田").any()
    assert k0["speaker_name"].nunique() == k1["speaker_name"].nunique()


def test_keep_words_file(council: Path, tmp_path: Path) -> None:
    words = tmp_path / "keep.txt"
    words.write_text("# public officials\n中村\n", encoding="utf-8")
    result = runs.kwic(council, "委員", out=tmp_path / "a", cache_dir=None, top=0, keep_words=words)
    assert "中村委員" in _lines(result)
    with pytest.raises(DxtextError, match="not found"):
        runs.kwic(council, "委員", out=tmp_path / "b", cache_dir=None, keep_words=tmp_path / "missing.txt")


def test_survey_answers_are_masked_and_keep_words_applies(tmp_path: Path) -> None:
    survey = tmp_path / "s.csv"
    survey.write_text(
        "id,answer\n1,担当の石田さんに相談したら窓口のDXが進んだ。\n2,山本課長がオンライン申請を説明した。\n",
        encoding="utf-8-sig",
    )
    a = _lines(runs.kwic(survey, "相談", out=tmp_path / "a", cache_dir=None, text_col="answer"))
    assert "石田" not in a and f"{NAME_MASK}さん" in a
    words = tmp_path / "keep.txt"
    words.write_text("山本\n", encoding="utf-8")
    b = _lines(
        runs.kwic(survey, "説明", out=tmp_path / "b", cache_dir=None, text_col="answer", keep_words=words)
    )
    assert "山本課長" in b
    with pytest.raises(TypeError):  # a misspelt option is refused
        runs.kwic(survey, "説明", out=tmp_path / "c", keep_word=words)  # type: ignore[call-arg]
    assert SAMPLE_SURVEY.is_file()


@pytest.mark.parametrize("command", ["kwic", "topics", "network", "themes", "report"])
def test_commands_that_quote_take_the_options(command: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dxtext.cli.app import app

    help_text = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output
    assert "--keep-words" in help_text and "--mask-speakers" in help_text
    missing = tmp_path / "missing.txt"
    args = [command, str(SAMPLE_SURVEY), "--keep-words", str(missing), "-q", "--out", str(tmp_path)]
    if command == "kwic":
        args.insert(2, "窓口")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, DxtextError) and "missing.txt" in str(result.exception)
