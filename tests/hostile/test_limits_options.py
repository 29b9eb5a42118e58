"""Hostile sizes and options: texts long enough to crash MeCab, --jobs beyond the cores, --by on an attribute
with thousands of values, report --topics larger than the corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_helpers import REPO, answers
from hostile_helpers import cli as cli  # the fixture


def test_split_long_text_keeps_every_character_and_bounds_the_pieces() -> None:
    from dxtext.text.tokenize import split_long_text

    text = ("窓口の改善をお願いします。" * 20000) + ("あ" * 250_000)
    pieces = split_long_text(text, limit=100_000)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= 100_000 for p in pieces)
    assert pieces[0].endswith("。")  # cut after a sentence where there is one


def test_short_text_is_one_piece() -> None:
    from dxtext.text.tokenize import split_long_text

    assert split_long_text("短い回答です。") == ["短い回答です。"]


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=600
    )


def test_two_million_character_answer_does_not_crash_mecab(tmp_path: Path) -> None:
    from dxtext.text.tokenize import MECAB_MAX_CHARS

    assert MECAB_MAX_CHARS < 1_500_000
    p = tmp_path / "long.csv"
    long = "デジタル化の窓口" * 250_000  # 2,000,000 characters, no sentence end
    p.write_text(f"id,text\n1,{long}\n2,窓口の改善をお願いしたい\n3,研修を増やしてほしい\n", encoding="utf-8")
    code = (
        "import sys\nfrom dxtext.io.corpus import read_corpus\nfrom dxtext.text.tokenize import Tokenizer\n"
        "c = read_corpus(sys.argv[1])\nt = Tokenizer(dictionary=None).tokenize_corpus(c)\n"
        "print(len(t.tokens[0]), len(t.tokens))\n"
    )
    done = _run(code, str(p))
    assert done.returncode == 0, done.stderr[-2000:]
    n_first, n_docs = map(int, done.stdout.split())
    assert n_docs == 3 and n_first >= 250_000


def test_three_megabyte_one_line_record_does_not_crash(tmp_path: Path) -> None:
    p = tmp_path / "oneline.txt"
    p.write_text("会議では窓口の改善について議論した" * 60_000, encoding="utf-8")  # about 3 MB, one line
    code = (
        "import sys\nfrom dxtext.io.corpus import read_corpus\nfrom dxtext.text.tokenize import Tokenizer\n"
        "c = read_corpus(sys.argv[1])\nt = Tokenizer(dictionary=None)\nprint(sum(map(len, t.tokenize_many(c.texts))))\n"
        "print(len(t.analyze(c.texts[0])))\n"
    )
    done = _run(code, str(p))
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[0]) > 100_000


@pytest.mark.parametrize("asked,expected", [(64, None), (0, None), (1, 1), (-3, None)])
def test_jobs_are_capped_at_the_cores(asked: int, expected: int | None) -> None:
    from dxtext.text.parallel import effective_jobs

    cores = os.cpu_count() or 1
    assert effective_jobs(asked) == (expected if expected is not None else cores)


def _wide(tmp_path: Path, groups: int) -> Path:
    p = tmp_path / "wide.csv"
    texts = answers(groups)
    p.write_text(
        "id,respondent,text\n" + "\n".join(f"{i},r{i},{t}" for i, t in enumerate(texts, 1)) + "\n",
        encoding="utf-8",
    )
    return p


def test_by_with_5000_groups_is_one_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    cli("freq", _wide(tmp_path, 5000), "--by", "respondent", "--no-dictionary", "-q").clean_error(
        "--by respondent", "5,000"
    )


def test_by_with_5000_groups_in_themes_is_one_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    cli("themes", _wide(tmp_path, 5000), "--by", "respondent", "--no-dictionary", "-q").clean_error(
        "--by respondent"
    )


def test_report_topics_10000_says_why(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "s.csv"
    p.write_text(
        "id,text\n" + "\n".join(f"{i},{t}" for i, t in enumerate(answers(30), 1)) + "\n", encoding="utf-8"
    )
    r = cli("report", p, "--topics", "10000", "--no-dictionary", "-q")
    r.ok()
    assert "10000" in r.out + r.err and "topic" in (r.out + r.err).lower()


def test_report_small_survey_with_default_topics(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    texts = answers(4) * 6  # 24 answers, 4 distinct texts
    p = tmp_path / "small.csv"
    p.write_text("id,text\n" + "\n".join(f"{i},{t}" for i, t in enumerate(texts, 1)) + "\n", encoding="utf-8")
    cli("report", p, "--no-dictionary", "-q").ok()


@pytest.mark.parametrize("seed", ["-5", "99999999999"])
def test_out_of_range_seed_is_one_line_or_works(tmp_path: Path, cli, seed: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "s.csv"
    p.write_text(
        "id,text\n" + "\n".join(f"{i},{t}" for i, t in enumerate(answers(30), 1)) + "\n", encoding="utf-8"
    )
    r = cli("topics", p, "--k", "2", "--seed", seed, "--no-dictionary", "-q")
    if r.code:
        r.clean_error("--seed")
    else:
        r.ok()


@pytest.mark.parametrize("kind", ["missing", "folder", "cp932"])
def test_bad_non_answers_file_is_one_line(tmp_path: Path, cli, kind: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "s.csv"
    p.write_text(
        "id,text\n" + "\n".join(f"{i},{t}" for i, t in enumerate(answers(5), 1)) + "\n", encoding="utf-8"
    )
    na = tmp_path / "na.txt"
    if kind == "folder":
        na.mkdir()
    elif kind == "cp932":
        na.write_bytes("特になし\n該当なし\n".encode("cp932"))
    r = cli("corpus", "info", p, "--non-answers", na)
    if kind == "cp932":
        r.ok()  # read like any other file of the user's: its encoding is detected
    else:
        r.clean_error(str(na))
