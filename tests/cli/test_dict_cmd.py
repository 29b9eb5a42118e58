"""`dxtext dict list | add | remove | check | build | suggest` on a temporary copy of the shipped dictionary.

Every test here points DXTEXT_DICTIONARY at a copy; the shipped file is checked to be untouched afterwards.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dxtext.cli.app import app
from dxtext.errors import DictionaryError
from dxtext.io.corpus import read_corpus
from dxtext.text.dictionary import DictEntry, compile_dictionary, load_entries

SHIPPED = Path(__file__).resolve().parents[2] / "dictionaries" / "municipal_dx.tsv"
runner = CliRunner()


@pytest.fixture(autouse=True)
def dic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the shipped dictionary, used by in-process and subprocess commands alike."""
    before = hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    copy = tmp_path / "dic" / "municipal_dx.tsv"
    copy.parent.mkdir()
    shutil.copy2(SHIPPED, copy)
    monkeypatch.setenv("DXTEXT_DICTIONARY", str(copy))
    yield copy
    assert hashlib.sha256(SHIPPED.read_bytes()).hexdigest() == before, (
        "a test modified the shipped dictionary"
    )


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def dxtext(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dxtext", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


# ------------------------------------------------------------------------------------------------ list


def test_list_shows_every_entry_and_filters_by_tag(dic: Path) -> None:
    n = len(load_entries(dic))
    result = invoke("dict", "list")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{dic}: {n} entries"
    assert len(result.stdout.splitlines()) == n + 3  # title, header, rule
    tagged = invoke("dict", "list", "--tag", "人材")
    lines = tagged.stdout.splitlines()
    assert "with tag 人材" in lines[0]
    assert any(line.startswith("キャリアパス ") for line in lines)
    assert not any(line.startswith("マイナンバーカード ") for line in lines)


def test_list_rejects_an_unknown_tag() -> None:
    result = invoke("dict", "list", "--tag", "観光")
    assert isinstance(result.exception, DictionaryError) and "--tag 観光: unknown tag" in str(
        result.exception
    )


# ------------------------------------------------------------------------------------------------ add


def test_add_writes_a_backup_compiles_and_checks_the_new_word(dic: Path) -> None:
    before = dic.read_bytes()
    result = invoke("dict", "add", "姫路市", "--class", "地名", "--reading", "ヒメジシ", "--tags", "広域")
    assert result.exit_code == 0, result.output
    assert "姫路市: one token, lemma 姫路市 ✓" in result.stderr
    assert dic.with_suffix(".tsv.bak").read_bytes() == before
    entries = load_entries(dic)
    assert entries[-1] == DictEntry("姫路市", "姫路市", "地名", "ヒメジシ", None, ("広域",))
    assert dic.read_text(encoding="utf-8").endswith("姫路市\t\t地名\tヒメジシ\t\t広域\n")


def test_add_a_variant_maps_to_its_canonical(dic: Path, tmp_path: Path) -> None:
    assert invoke("dict", "add", "マイナンバカード", "--canonical", "マイナンバーカード").exit_code == 0
    from dxtext.text.tokenize import Tokenizer

    assert Tokenizer(dictionary=dic)("マイナンバカードを作った") == ["マイナンバーカード", "作る"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["恐竜博物館", "--class", "形容詞"],
            "dict add: unknown class '形容詞' — use one of: 普通名詞, サ変名詞",
        ),
        (["DX"], "'DX' is already in the dictionary (→ DX, 普通名詞) — use --replace"),
        (["マイナカード"], "'マイナカード' is already in the dictionary (→ マイナンバーカード"),
        (["恐竜\t博物館"], "surface '恐竜\\t博物館' contains a tab"),
        (["恐竜,博物館"], "contains a comma"),
        (['"恐竜"'], "contains a double quote"),
        (["恐竜 博物館"], "contains a space"),
        (["ＡＩ戦略"], "is not NFKC-normalised"),
        (["恐竜博物館", "--reading", "きょうりゅう"], "is not katakana"),
        (["恐竜博物館", "--cost", "99999"], "cost 99999 is out of range"),
        (["恐竜博物館", "--tags", "観光"], "unknown tag '観光'"),
        (["恐竜博物館", "--canonical", "マイナカード"], "itself a variant of 'マイナンバーカード'"),
        ([], "give either a SURFACE to add or --from FILE"),
    ],
)
def test_add_refuses_bad_entries_and_leaves_the_file_alone(dic: Path, args: list[str], message: str) -> None:
    before = dic.read_bytes()
    result = invoke("dict", "add", *args)
    assert isinstance(result.exception, DictionaryError), result.output
    assert message in str(result.exception)
    assert dic.read_bytes() == before
    assert not dic.with_suffix(".tsv.bak").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dict", "add", "恐竜博物館", "--class", "形容詞"], "error: dict add: unknown class '形容詞'"),
        (["dict", "add", "DX"], "'DX' is already in the dictionary"),
        (["dict", "remove", "マイナンバカード"], "no entry 'マイナンバカード' — did you mean"),
    ],
)
def test_bad_dict_commands_give_one_line_and_exit_1(args: list[str], message: str) -> None:
    proc = dxtext(*args)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ")
    assert message in proc.stderr


def test_replace_changes_an_existing_entry(dic: Path) -> None:
    assert (
        invoke("dict", "add", "キャリアパス", "--cost", "300", "--tags", "人材", "--replace").exit_code == 0
    )
    entry = next(e for e in load_entries(dic) if e.surface == "キャリアパス")
    assert entry.cost == 300 and entry.tags == ("人材",)


def test_a_failing_compile_restores_the_previous_file(dic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dxtext.text.dictionary as dictionary

    before = dic.read_bytes()

    def broken(path, *, cache_dir=None):  # type: ignore[no-untyped-def]
        raise DictionaryError("mecab-dict-index failed (exit 1): simulated")

    monkeypatch.setattr(dictionary, "compile_dictionary", broken)
    result = invoke("dict", "add", "恐竜博物館")
    assert isinstance(result.exception, DictionaryError)
    assert "the change was undone" in str(result.exception)
    assert dic.read_bytes() == before


def test_add_then_freq_counts_the_new_word_without_a_manual_rebuild(
    dic: Path, shared_minutes, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    env = {"DXTEXT_CACHE": str(tmp_path / "cache")}
    texts = read_corpus(shared_minutes).texts
    expected = sum(t.count("姫路市") for t in texts)
    assert expected > 0

    def words() -> dict[str, int]:
        out = tmp_path / "freq.csv"
        proc = dxtext("freq", str(shared_minutes), "--top", "0", "--csv", str(out), env=env)
        assert proc.returncode == 0, proc.stderr
        rows = csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())
        return {r["word"]: int(r["tf"]) for r in rows}

    assert "姫路市" not in words()  # split into 姫路 + 市 before
    added = dxtext("dict", "add", "姫路市", "--class", "地名", env=env)
    assert added.returncode == 0, added.stderr
    after = words()
    assert after["姫路市"] == expected


_KILL_SCRIPT = """
import os, sys, time
from pathlib import Path
target = Path(os.environ["DXTEXT_DICTIONARY"]).resolve()
marker, phase = Path(sys.argv[1]), sys.argv[2]
real_replace = os.replace

def slow_replace(src, dst, *args, **kwargs):
    if Path(dst).resolve() == target:  # the temp file is complete; the rename has not happened
        marker.write_text("in replace")
        time.sleep(120)
    return real_replace(src, dst, *args, **kwargs)

def slow_fsync(fd):  # the temp file is written but not yet on disk
    marker.write_text("in fsync")
    time.sleep(120)

if phase == "replace":
    os.replace = slow_replace
else:
    os.fsync = slow_fsync
sys.argv = ["dxtext", "dict", "add", "恐竜博物館", "--class", "固有名詞"]
from dxtext.cli.app import main
main()
"""


@pytest.mark.parametrize("phase", ["fsync", "replace"])
def test_killing_dict_add_mid_write_leaves_the_old_dictionary_loadable(
    dic: Path, tmp_path: Path, phase: str
) -> None:
    before_bytes = dic.read_bytes()
    before = load_entries(dic)
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, str(marker), phase],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "dict add never reached the write"
            time.sleep(0.05)
        temps = list(dic.parent.glob(f".{dic.name}.*.tmp"))
        assert len(temps) == 1  # the new version exists only as a temporary file
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    # the dictionary is the old one, whole, and it loads and compiles
    assert dic.read_bytes() == before_bytes
    assert load_entries(dic) == before
    assert compile_dictionary(dic, cache_dir=tmp_path / "dic-cache").is_file()
    # the killed save left its temporary file; a save right now keeps it (it could be another save's, running)
    (leftover,) = dic.parent.glob(f".{dic.name}.*.tmp")
    result = invoke("dict", "add", "恐竜博物館", "--class", "固有名詞")
    assert result.exit_code == 0, result.output
    assert load_entries(dic)[-1].surface == "恐竜博物館"
    assert leftover.exists()
    # once it is older than any save could take, the next save removes it
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    assert invoke("dict", "remove", "恐竜博物館").exit_code == 0
    assert not leftover.exists()
    assert list(dic.parent.glob(f".{dic.name}.*.tmp")) == []


# ------------------------------------------------------------------------------------------------ add --from


SUGGESTIONS = """\
# Suggested user-dictionary entries (dxtext dict suggest), best first.
surface\tcanonical\tclass\treading\tcost\ttags\ttf\tdf\tscore\tparts\tcontext1\tcontext2
恐竜博物館\t\t固有名詞\tキョウリュウハクブツカン\t\t\t1091\t1062\t1724.5\t恐竜|博物|館\t【恐竜博物館】に行った\t
# 観光地\t\t普通名詞\t\t\t\t506\t483\t503.9\t観光|地\t\t
ソースカツ丼\t\t普通名詞\t\t\t\t417\t404\t415.4\tソース|カツ丼\t\t
"""


def test_add_from_an_edited_suggestion_file(dic: Path, tmp_path: Path) -> None:
    file = tmp_path / "suggestions.tsv"
    file.write_text(SUGGESTIONS, encoding="utf-8")
    result = invoke("dict", "add", "--from", str(file))
    assert result.exit_code == 0, result.output
    assert [e.surface for e in load_entries(dic)[-2:]] == ["恐竜博物館", "ソースカツ丼"]
    assert "観光地" not in {e.surface for e in load_entries(dic)}  # commented out by the user
    # the same file again: duplicates named with file:line, or skipped on request
    again = invoke("dict", "add", "--from", str(file))
    assert isinstance(again.exception, DictionaryError)
    assert f"{file}:3: '恐竜博物館' is already in {dic} (and 1 more)" in str(again.exception)
    skipped = invoke("dict", "add", "--from", str(file), "--skip-existing")
    assert skipped.exit_code == 0 and "nothing to add" in skipped.stderr


def test_add_from_reports_file_and_line_of_a_malformed_row(dic: Path, tmp_path: Path) -> None:
    file = tmp_path / "suggestions.tsv"
    file.write_text(
        SUGGESTIONS.replace("ソースカツ丼\t\t普通名詞", "ソースカツ丼\t\t食べ物"), encoding="utf-8"
    )
    result = invoke("dict", "add", "--from", str(file))
    assert isinstance(result.exception, DictionaryError)
    assert str(result.exception).startswith(f"{file}:5: unknown class '食べ物'")


# ------------------------------------------------------------------------------------------------ remove, build


def test_remove_deletes_the_entry_with_a_backup(dic: Path) -> None:
    result = invoke("dict", "remove", "ガバクラ")
    assert result.exit_code == 0 and "removed ガバクラ (→ ガバメントクラウド" in result.stderr
    assert "ガバクラ" not in {e.surface for e in load_entries(dic)}
    assert "ガバクラ" in {e.surface for e in load_entries(dic.with_suffix(".tsv.bak"))}


def test_build_compiles_now_and_prints_the_compiled_path(dic: Path) -> None:
    first = invoke("dict", "build")
    path = Path(first.stdout.strip())
    assert first.exit_code == 0 and path.is_file() and path.suffix == ".dic"
    stamp = path.stat().st_mtime_ns
    time.sleep(0.01)
    again = invoke("dict", "build")
    assert Path(again.stdout.strip()) == path and path.stat().st_mtime_ns != stamp  # rebuilt, not reused
    invoke("dict", "add", "恐竜博物館")
    assert Path(invoke("dict", "build").stdout.strip()) != path  # a new source, a new compiled file


# ------------------------------------------------------------------------------------------------ check


def test_check_passes_on_the_shipped_entries(dic: Path, tmp_path: Path) -> None:
    out = tmp_path / "check.csv"
    result = invoke("dict", "check", "--csv", str(out))
    n = len(load_entries(dic))
    assert result.exit_code == 0, result.output
    assert f"all {n} entries come out as one token with their canonical lemma" in result.stdout
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == n and {r["status"] for r in rows} == {"ok"}


def test_check_flags_entries_that_lose_and_suggests_a_cost(dic: Path, tmp_path: Path) -> None:
    invoke("dict", "add", "キャリアパス", "--cost", "8000", "--replace")
    invoke("dict", "add", "マイナンバーカード", "--cost", "9000", "--replace")
    out = tmp_path / "check.csv"
    result = invoke("dict", "check", "--csv", str(out))
    assert result.exit_code == 1
    rows = {r["surface"]: r for r in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())}
    assert (rows["キャリアパス"]["status"], rows["キャリアパス"]["tokens"]) == ("split", "キャリア|パス")
    assert (rows["マイナンバーカード"]["status"], rows["マイナンバーカード"]["tokens"]) == (
        "split",
        "マイナンバー|カード",
    )
    for word in ("キャリアパス", "マイナンバーカード"):
        assert rows[word]["suggested_cost"] != "" and int(rows[word]["suggested_cost"]) < 8000
    assert rows["都道府県"]["status"] == "ok" and rows["都道府県"]["suggested_cost"] == ""
    assert "2 of" in result.stdout and "entries fail (2 with a suggested cost" in result.stdout
    # the suggested cost really works
    cost = rows["キャリアパス"]["suggested_cost"]
    assert invoke("dict", "add", "キャリアパス", "--cost", cost, "--replace").exit_code == 0
    fixed = invoke(
        "dict",
        "add",
        "マイナンバーカード",
        "--cost",
        rows["マイナンバーカード"]["suggested_cost"],
        "--replace",
    )
    assert fixed.exit_code == 0
    assert invoke("dict", "check").exit_code == 0


# ------------------------------------------------------------------------------------------------ suggest


def test_suggest_writes_a_file_that_dict_add_takes_back(dic: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "answers.csv"
    rows = ["id,text"] + [
        f"{i},{text}"
        for i, text in enumerate(
            ["恐竜博物館が楽しかった", "恐竜博物館に行きたい", "ソースカツ丼を食べた", "ソースカツ丼が美味しい",
             "恐竜博物館とソースカツ丼", "マイナンバーカードで払った", "マイナンバーカードが便利"]
        )
    ]  # fmt: skip
    corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "suggestions.tsv"
    result = invoke("dict", "suggest", str(corpus), "--out", str(out), "--min-count", "2")
    assert result.exit_code == 0, result.output
    suggested = load_entries(out, extra_columns=True)
    assert [e.surface for e in suggested] == [
        "恐竜博物館",
        "ソースカツ丼",
    ]  # マイナンバーカード is in the dictionary
    header = next(line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    assert header.split("\t") == ["surface", "canonical", "class", "reading", "cost", "tags", "tf", "df", "score",
                                  "parts", "context1", "context2"]  # fmt: skip
    assert "dxtext dict add --from" in result.stderr
    added = invoke("dict", "add", "--from", str(out))
    assert added.exit_code == 0, added.output
    from dxtext.text.tokenize import Tokenizer

    assert Tokenizer(dictionary=dic)("恐竜博物館でソースカツ丼") == ["恐竜博物館", "ソースカツ丼"]
