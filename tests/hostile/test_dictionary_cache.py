"""Hostile faults around the dictionary and the caches: concurrent adds, read-only files, modes, tampered,
bit-flipped or corrupt caches, corrupt compiled dictionaries."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_helpers import cli as cli  # the fixture

from dxtext.errors import DictionaryError

HEADER = "surface\tcanonical\tclass\treading\tcost\ttags\n"


def _dictionary(tmp_path: Path) -> Path:
    p = tmp_path / "my.tsv"
    p.write_text(HEADER + "マイナカード\tマイナンバーカード\t固有名詞\t\t\t\n", encoding="utf-8")
    return p


def _add_many(path: str, words: list[str]) -> None:
    from dxtext.text.dictionary import add_entries, make_entry

    for w in words:
        add_entries(Path(path), [make_entry(w)])


def test_concurrent_adds_lose_nothing(tmp_path: Path) -> None:
    p = _dictionary(tmp_path)
    a = [f"テスト語{chr(0x30A2 + i)}ア" for i in range(12)]
    b = [f"テスト語{chr(0x30A2 + i)}イ" for i in range(12)]
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_add_many, args=(str(p), words)) for words in (a, b)]
    for pr in procs:
        pr.start()
    for pr in procs:
        pr.join(60)
    assert all(pr.exitcode == 0 for pr in procs)
    from dxtext.text.dictionary import load_entries

    surfaces = {e.surface for e in load_entries(p)}
    assert set(a) | set(b) <= surfaces


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664])
def test_add_keeps_the_file_mode(tmp_path: Path, mode: int) -> None:
    from dxtext.text.dictionary import add_entries, make_entry

    p = _dictionary(tmp_path)
    os.chmod(p, mode)
    add_entries(p, [make_entry("ガバメントクラウド")])
    assert stat.S_IMODE(p.stat().st_mode) == mode


def test_read_only_dictionary_is_refused_in_one_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _dictionary(tmp_path)
    before = p.read_bytes()
    os.chmod(p, 0o444)
    cli("dict", "add", "ガバメントクラウド", "--dictionary", p).clean_error(str(p), "read-only")
    assert p.read_bytes() == before and stat.S_IMODE(p.stat().st_mode) == 0o444


def test_lone_surrogate_in_dict_add_is_one_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _dictionary(tmp_path)
    cli("dict", "add", "abc\udcff", "--dictionary", p).clean_error()


# --- caches ---------------------------------------------------------------------------------------------


def _survey(tmp_path: Path, texts: list[str]) -> Path:
    p = tmp_path / "s.csv"
    p.write_text("id,text\n" + "\n".join(f"{i},{t}" for i, t in enumerate(texts, 1)) + "\n", encoding="utf-8")
    return p


def _cache_files(cache: Path, sub: str) -> list[Path]:
    return sorted(f for f in (cache / sub).glob("*") if f.is_file())


def test_tampered_corpus_cache_is_not_trusted(tmp_path: Path) -> None:
    from hostile_helpers import answers

    from dxtext.io.corpus import read_corpus

    cache = tmp_path / "cache"
    p = _survey(tmp_path, answers(6))
    read_corpus(p, cache_dir=cache)
    (tmp_path / "x").mkdir()
    other = read_corpus(_survey(tmp_path / "x", answers(3)))
    files = _cache_files(cache, "corpora")
    assert files
    for f in files:  # a valid pickle of another corpus, put in place of the entry
        f.write_bytes(pickle.dumps(other))
    again = read_corpus(p, cache_dir=cache)
    assert again.docs["text"].tolist() == answers(6)


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_damaged_corpus_cache_is_rebuilt(tmp_path: Path, damage: str) -> None:
    from hostile_helpers import answers

    from dxtext.io.corpus import read_corpus

    cache = tmp_path / "cache"
    p = _survey(tmp_path, answers(6))
    read_corpus(p, cache_dir=cache)
    for f in _cache_files(cache, "corpora"):
        data = bytearray(f.read_bytes())
        if damage == "flip":
            data[len(data) // 2] ^= 0x10
        elif damage == "truncate":
            data = data[: len(data) // 3]
        elif damage == "garbage":
            data = bytearray(os.urandom(len(data)))
        else:
            data = bytearray()
        f.write_bytes(bytes(data))
    assert read_corpus(p, cache_dir=cache).docs["text"].tolist() == answers(6)


@pytest.mark.parametrize("damage", ["flip", "tamper"])
def test_damaged_token_cache_is_rebuilt(tmp_path: Path, damage: str) -> None:
    from hostile_helpers import answers

    from dxtext.io.corpus import read_corpus
    from dxtext.text.tokenize import Tokenizer

    cache = tmp_path / "cache"
    tok = Tokenizer(dictionary=None)
    c = read_corpus(_survey(tmp_path, answers(8)))
    first = tok.tokenize_corpus(c, cache_dir=cache).tokens
    for f in _cache_files(cache, "tokens"):
        if damage == "flip":
            data = bytearray(f.read_bytes())
            data[-5] ^= 0x01
            f.write_bytes(bytes(data))
        else:
            f.write_bytes(pickle.dumps((c.doc_ids, [["改竄"]] * len(c.doc_ids), {"改竄": "名詞"})))
    c2 = read_corpus(_survey(tmp_path, answers(8)))
    again = tok.tokenize_corpus(c2, cache_dir=cache)
    assert not again.from_cache and again.tokens == first


def test_corrupt_compiled_dictionary_in_the_cache_is_rebuilt(tmp_path: Path) -> None:
    from dxtext.text.compile import compile_dictionary

    src = _dictionary(tmp_path)
    cache = tmp_path / "dic"
    dic = compile_dictionary(src, cache_dir=cache)
    good = dic.read_bytes()
    data = bytearray(good)
    for i in range(0, len(data), 97):
        data[i] ^= 0xFF
    dic.write_bytes(bytes(data))
    again = compile_dictionary(src, cache_dir=cache)
    assert again.read_bytes() == good


def test_truncated_compiled_dictionary_in_the_cache_is_rebuilt(tmp_path: Path) -> None:
    from dxtext.text.compile import compile_dictionary

    src = _dictionary(tmp_path)
    cache = tmp_path / "dic"
    dic = compile_dictionary(src, cache_dir=cache)
    good = dic.read_bytes()
    dic.write_bytes(good[:100])
    assert compile_dictionary(src, cache_dir=cache).read_bytes() == good


def test_corrupt_dic_given_to_mecab_is_refused_not_a_segfault(tmp_path: Path) -> None:
    bad = tmp_path / "bad.dic"
    bad.write_bytes(os.urandom(4096))
    code = (
        "import sys\nfrom pathlib import Path\nfrom dxtext.errors import DxtextError\n"
        "from dxtext.text.compile import make_tagger\n"
        "try:\n    make_tagger(Path(sys.argv[1]))\nexcept DxtextError as e:\n    print('refused:', e)\n    sys.exit(3)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(bad)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 3, (done.returncode, done.stdout, done.stderr)
    assert str(bad) in done.stdout


def test_corrupt_dic_through_the_mmap_reader_is_refused(tmp_path: Path) -> None:
    from dxtext.text.mecabdic import CompiledDictionary

    bad = tmp_path / "bad.dic"
    bad.write_bytes(b"\x00" * 10)
    with pytest.raises(DictionaryError):
        CompiledDictionary(bad)
