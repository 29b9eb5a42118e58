"""The Parquet token cache: a round trip gives the same doc ids, tokens and word classes; a damaged, edited or
swapped entry is a miss (recomputed), never a crash or a wrong token; other tools read the file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dxtext.cache import DiskCache
from dxtext.io.corpus import read_corpus
from dxtext.text import tokencache
from dxtext.text.tokencache import load_tokens, save_tokens
from dxtext.text.tokenize import Tokenizer

# doc id → tokens: empty lists, an empty token, Japanese, emoji, a character outside the BMP, repeated tokens
DOCS = [
    ("r1", ["東京", "😀", "東京"]),
    ("r2", []),
    ("日本語の番号", ["マイナンバーカード", "𠮷野家", ""]),
    ("r4", ["a"]),
    ("r5", []),
    ("👍", ["👨‍👩‍👧", "ｶﾀｶﾅ", "東京"]),
    ("r7", ["x"] * 5),
]
CLASSES = {"東京": "地名", "😀": "記号", "マイナンバーカード": "名詞", "x": "名詞", "𠮷野家": "固有名詞"}


def _files(cache: Path) -> list[Path]:
    return sorted((cache / "tokens").glob("*"))


@pytest.mark.parametrize("group", [1, 2, 3, 20_000])
def test_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group: int) -> None:
    monkeypatch.setattr(tokencache, "ROW_GROUP_DOCS", group)
    ids, lists = [d for d, _ in DOCS], [t for _, t in DOCS]
    assert save_tokens(tmp_path, "k", ids, lists, CLASSES)
    got = load_tokens(tmp_path, "k", ids)
    assert got is not None
    assert got == (ids, lists, CLASSES)
    assert list(got[2]) == list(CLASSES)  # the order of the word classes too
    assert all(type(t) is str for toks in got[1] for t in toks)
    f = pq.ParquetFile(tmp_path / "tokens" / "k.parquet")
    assert f.num_row_groups == -(-len(DOCS) // group)


def test_no_documents(tmp_path: Path) -> None:
    assert save_tokens(tmp_path, "k", [], [], {})
    assert load_tokens(tmp_path, "k", []) == ([], [], {})


def test_other_tools_read_the_file(tmp_path: Path) -> None:
    ids, lists = [d for d, _ in DOCS], [t for _, t in DOCS]
    save_tokens(tmp_path, "k", ids, lists, CLASSES)
    frame = pd.read_parquet(tmp_path / "tokens" / "k.parquet")
    assert frame["doc_id"].tolist() == ids
    assert [list(t) for t in frame["tokens"]] == lists
    meta = pq.read_schema(tmp_path / "tokens" / "k.parquet").metadata
    assert json.loads(meta[b"dxtext.word_classes"]) == CLASSES
    assert meta[b"dxtext.format"] == b"dxtext-tokens-1" and meta[b"dxtext.documents"] == b"7"


def test_other_documents_are_a_miss(tmp_path: Path) -> None:
    ids, lists = [d for d, _ in DOCS], [t for _, t in DOCS]
    save_tokens(tmp_path, "k", ids, lists, CLASSES)
    assert load_tokens(tmp_path, "k", ids[:-1]) is None
    assert _files(tmp_path) == []  # removed
    save_tokens(tmp_path, "k", ids, lists, CLASSES)
    assert load_tokens(tmp_path, "k", ids[::-1]) is None
    save_tokens(tmp_path, "k", ids, lists, CLASSES)
    assert load_tokens(tmp_path, "other", ids) is None  # no entry under another key


def _corpus(tmp_path: Path, texts: list[str], name: str = "c.csv") -> object:
    path = tmp_path / name
    pd.DataFrame({"id": [f"q{i}" for i in range(len(texts))], "text": texts}).to_csv(path, index=False)
    return read_corpus(path, text_cols=["text"], id_col="id")


TEXTS = [
    "基幹系システムの更新😀",
    "県との連携",
    "ですます",
    "",
    "キャリアパスの設計と人事異動",
    "福井駅から永平寺へ",
]


def test_tokenize_corpus_reads_what_it_wrote(tmp_path: Path, tokenizer: Tokenizer) -> None:
    cache = tmp_path / "cache"
    first = tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=cache)
    corpus = _corpus(tmp_path, TEXTS)
    second = tokenizer.tokenize_corpus(corpus, cache_dir=cache)
    assert not first.from_cache and second.from_cache
    assert (second.doc_ids, second.tokens) == (first.doc_ids, first.tokens)
    assert dict(second.word_classes) == dict(first.word_classes)
    assert corpus.ledger.totals["too_short"] == 1  # ですます has no token: marked from the cache too
    assert [p.name for p in _files(cache)] == [f"{first.cache_key}.parquet", f"{first.cache_key}.parquet.mac"]


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncate":
        data = data[: len(data) // 2]
    elif how == "truncate-tail":
        data = data[:-1]
    elif how == "flip-start":
        data[4] ^= 0x01
    elif how == "flip-middle":
        data[len(data) // 2] ^= 0x40
    elif how == "flip-footer":
        data[-12] ^= 0x01
    elif how == "empty":
        data = bytearray()
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "how",
    ["truncate", "truncate-tail", "flip-start", "flip-middle", "flip-footer", "empty", "no-mac", "bad-mac"],
)
def test_damaged_entry_is_a_miss(tmp_path: Path, tokenizer: Tokenizer, how: str) -> None:
    cache = tmp_path / "cache"
    first = tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=cache)
    entry = cache / "tokens" / f"{first.cache_key}.parquet"
    if how == "no-mac":
        Path(f"{entry}.mac").unlink()
    elif how == "bad-mac":
        _damage(Path(f"{entry}.mac"), "flip-middle")
    else:
        _damage(entry, how)
    again = tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=cache)
    assert not again.from_cache
    assert (again.doc_ids, again.tokens) == (first.doc_ids, first.tokens)
    assert tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=cache).from_cache  # rebuilt


def test_edited_file_is_a_miss(tmp_path: Path, tokenizer: Tokenizer) -> None:
    """A valid Parquet file with the same layout and key, written by someone else (no MAC of ours): a miss."""
    cache = tmp_path / "cache"
    first = tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=cache)
    entry = cache / "tokens" / f"{first.cache_key}.parquet"
    table = pq.read_table(entry)
    edited = table.set_column(1, "tokens", pa.array([["改竄"]] * table.num_rows, pa.list_(pa.string())))
    pq.write_table(edited.replace_schema_metadata(table.schema.metadata), entry)
    again = tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=cache)
    assert not again.from_cache and again.tokens == first.tokens


def test_the_file_of_another_corpus_is_a_miss(tmp_path: Path, tokenizer: Tokenizer) -> None:
    cache = tmp_path / "cache"
    other_texts = ["県との連携", "基幹系システムの更新😀", "ですます", "", "人事異動", "永平寺"]
    mine = tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=cache)
    other = tokenizer.tokenize_corpus(_corpus(tmp_path, other_texts, "o.csv"), cache_dir=cache)
    folder = cache / "tokens"
    for suffix in (".parquet", ".parquet.mac"):  # the other entry, MAC and all, in place of this one
        (folder / f"{mine.cache_key}{suffix}").write_bytes(
            (folder / f"{other.cache_key}{suffix}").read_bytes()
        )
    again = tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=cache)
    assert not again.from_cache and again.tokens == mine.tokens


def test_a_pickle_entry_of_the_old_layout_is_not_read(tmp_path: Path, tokenizer: Tokenizer) -> None:
    import hashlib

    cache = tmp_path / "cache"
    corpus = _corpus(tmp_path, TEXTS)
    old_key = hashlib.sha256(f"{corpus.content_hash}:{tokenizer.fingerprint}".encode()).hexdigest()[:32]
    ids = corpus.used["doc_id"].tolist()
    DiskCache(cache, "tokens").save(old_key, (ids, [["古い"]] * len(ids), {"古い": "形容詞"}))
    got = tokenizer.tokenize_corpus(corpus, cache_dir=cache)
    assert not got.from_cache and got.cache_key != old_key
    assert "古い" not in {w for t in got.tokens for w in t}


def test_an_unwritable_cache_costs_only_time(tmp_path: Path, tokenizer: Tokenizer) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    got = tokenizer.tokenize_corpus(_corpus(tmp_path, TEXTS), cache_dir=blocker)
    assert not got.from_cache and got.tokens


def test_unencodable_tokens_are_not_cached(tmp_path: Path) -> None:
    """A lone surrogate cannot go into UTF-8 Parquet: no entry, no exception, nothing left behind."""
    assert not save_tokens(tmp_path, "k", ["a"], [["\udcff"]], {})
    assert load_tokens(tmp_path, "k", ["a"]) is None
    assert [p for p in (tmp_path / "tokens").glob("*")] == []


def test_a_file_entry_needs_its_own_mac(tmp_path: Path) -> None:
    """DiskCache file entries: the bytes come back only with the MAC made for this key and suffix."""
    cache = DiskCache(tmp_path, "x")
    assert cache.save_file("k", ".bin", lambda f: f.write(b"payload"))
    assert cache.load_file("k", ".bin") == b"payload"
    assert cache.load_file("k", ".other") is None  # no such entry
    # the same bytes and MAC under another suffix (or a pickle entry's MAC) do not pass
    (tmp_path / "x" / "k.other").write_bytes(b"payload")
    (tmp_path / "x" / "k.other.mac").write_bytes((tmp_path / "x" / "k.bin.mac").read_bytes())
    assert cache.load_file("k", ".other") is None
    assert not (tmp_path / "x" / "k.other").exists()  # removed


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, "x")

    def broken(f: object) -> None:
        f.write(b"half")  # type: ignore[attr-defined]
        raise ValueError("the writer failed")

    assert not cache.save_file("k", ".bin", broken)
    assert [p.name for p in (tmp_path / "x").iterdir()] == []


def test_pickled_entries_with_buffers_still_save(tmp_path: Path) -> None:
    """Pickle protocol 5 writes large arrays as PickleBuffers (no len()): the hashing file takes any buffer
    (the parsed-corpus cache holds Arrow and numpy columns)."""
    import numpy as np

    value = {"a": np.arange(100_000), "s": pd.Series(["東京", "😀"] * 1000, dtype="string[pyarrow]")}
    DiskCache(tmp_path, "x").save("k", value)
    got = DiskCache(tmp_path, "x").load("k")
    assert got is not None and np.array_equal(got["a"], value["a"]) and got["s"].equals(value["s"])
