"""The token cache on disk: one Parquet file per tokenized corpus, readable by other tools.

``<cache>/tokens/<key>.parquet`` holds one row per used document, in the corpus's order:

* ``doc_id`` — string;
* ``tokens`` — list<string>, the document's tokens in order (an empty list for a document left with none);

written in row groups of :data:`ROW_GROUP_DOCS` documents (a reader can take it partition by partition), the
strings dictionary-encoded and zstd-compressed by the Parquet writer. The file's key-value metadata holds
``dxtext.format`` (:data:`FORMAT`), ``dxtext.key`` (the cache key), ``dxtext.documents`` and
``dxtext.word_classes`` (a JSON object lemma → word class, in the tokenizer's order). docs/performance.md ("The
token cache") shows how pandas and R read it.

The file is a file entry of :class:`~dxtext.cache.DiskCache`: its MAC (of the key, suffix and file bytes) sits in
``<key>.parquet.mac`` and is checked on the bytes that are then parsed, so a truncated, bit-flipped, edited or
swapped file is a miss (recomputed), never a wrong token. The entry must also name the documents asked for.

Reading builds the token lists straight from the dictionary-encoded columns, without a DataFrame, as a
:class:`~dxtext.text.tokenlists.TokenLists` (word ids; each distinct token one Python string).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .tokenlists import TokenLists

FORMAT = "dxtext-tokens-1"
SUFFIX = ".parquet"
#: documents per row group (as the Dask engine's partitions)
ROW_GROUP_DOCS = 20_000
_NAMESPACE = "tokens"
_TOKENS_LEAF = "tokens.list.element"


def save_tokens(
    cache_dir: Path, key: str, doc_ids: Sequence[str], lists: Sequence[Sequence[str]], classes: dict[str, str]
) -> bool:
    """Write the entry ``key``; False when it could not be written (only time is lost)."""
    from ..cache import DiskCache

    if len(doc_ids) != len(lists):
        return False

    def write(f: Any) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        meta = {
            "dxtext.format": FORMAT,
            "dxtext.key": key,
            "dxtext.documents": str(len(doc_ids)),
            "dxtext.word_classes": json.dumps(classes, ensure_ascii=False, separators=(",", ":")),
        }
        schema = pa.schema([("doc_id", pa.string()), ("tokens", pa.list_(pa.string()))], metadata=meta)
        with pq.ParquetWriter(f, schema, compression="zstd") as writer:
            for a in range(0, max(len(doc_ids), 1), ROW_GROUP_DOCS):
                b = min(a + ROW_GROUP_DOCS, len(doc_ids))
                ids = [d if isinstance(d, str) else str(d) for d in doc_ids[a:b]]
                part = pa.table(
                    {"doc_id": pa.array(ids, pa.string()), "tokens": _list_array(lists, a, b)},
                    schema=schema,
                )
                writer.write_table(part, row_group_size=ROW_GROUP_DOCS)

    return DiskCache(cache_dir, _NAMESPACE).save_file(key, SUFFIX, write)


def _list_array(lists: Sequence[Sequence[str]], a: int, b: int) -> Any:
    """The token lists of documents ``a:b`` as an Arrow list<string> array (from the ids of a TokenLists,
    without a Python list per document)."""
    import numpy as np
    import pyarrow as pa

    if not isinstance(lists, TokenLists):
        return pa.array(lists[a:b], pa.list_(pa.string()))
    lo, hi = int(lists.bounds[a]), int(lists.bounds[b])
    values = pa.array(lists.words, pa.string()).take(pa.array(lists.ids[lo:hi]))
    offsets = pa.array((lists.bounds[a : b + 1] - lo).astype(np.int32))
    return pa.ListArray.from_arrays(offsets, values)


def load_tokens(
    cache_dir: Path, key: str, doc_ids: Sequence[str] | None = None
) -> tuple[list[str], TokenLists, dict[str, str]] | None:
    """(doc_ids, token lists, word classes) of the entry ``key``, or None: no entry, a damaged one (removed),
    or one for other documents than ``doc_ids``."""
    from ..cache import DiskCache

    cache = DiskCache(cache_dir, _NAMESPACE)
    data = cache.load_file(key, SUFFIX)
    if data is None:
        return None
    asked = None if doc_ids is None else list(map(str, doc_ids))
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of new lists of strings (no cycles): the collector halved the speed
    try:
        value = _parse(data, key, asked)
    except Exception:  # a file of another format version that still carries a good MAC: a miss
        value = None
    finally:
        if collecting:
            gc.enable()
    del data
    if value is not None and doc_ids is not None:
        value = (list(doc_ids), value[1], value[2])
    if value is None:
        cache.drop_file(key, SUFFIX)
    return value


def _parse(
    data: bytes, key: str, asked: list[str] | None
) -> tuple[list[str], TokenLists, dict[str, str]] | None:
    """The entry's content, or None when it is not the entry ``key`` or names other documents than ``asked``.

    Memory: the doc ids are compared as Arrow strings (no Python string per id); each row group's token
    dictionary is matched against the words already met in Arrow (``index_in``), so a word becomes one Python
    string once for the whole file (the word-class keys are those same strings), and the tokens stay ids."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(pa.BufferReader(data), read_dictionary=[_TOKENS_LEAF])
    meta = pf.schema_arrow.metadata or {}
    if meta.get(b"dxtext.format") != FORMAT.encode() or meta.get(b"dxtext.key") != key.encode():
        return None
    n = pf.metadata.num_rows
    if str(n).encode() != meta.get(b"dxtext.documents") or (asked is not None and len(asked) != n):
        return None
    classes: dict[str, str] = json.loads(meta[b"dxtext.word_classes"].decode("utf-8"))
    words: list[str] = list(classes)  # every Python string of a token, each once
    known = pa.array(words, pa.string())
    ids: list[str] = []
    codes: list[np.ndarray] = []  # per list chunk, the ids (into words) of its tokens
    lengths: list[np.ndarray] = []
    done = 0
    for g in range(pf.num_row_groups):
        part = pf.read_row_group(g, columns=["doc_id", "tokens"], use_threads=False)
        column = part["doc_id"]
        if asked is None:
            ids.extend(column.to_pylist())
        elif not column.equals(pa.chunked_array([asked[done : done + part.num_rows]], pa.string())):
            return None
        done += part.num_rows
        for chunk in part["tokens"].chunks:
            values = chunk.values  # dictionary<int32, string> (read_dictionary)
            where = pc.index_in(values.dictionary, value_set=known)
            new = where.is_null()
            if pc.any(new).as_py():  # a token that is no word-class key (not written by dxtext): add it
                fresh = values.dictionary.filter(new)
                words.extend(fresh.to_pylist())
                known = pa.concat_arrays([known, fresh.cast(pa.string())])
                where = pc.index_in(values.dictionary, value_set=known)
            code = where.to_numpy().astype(np.int32)
            offsets = chunk.offsets.to_numpy()
            codes.append(code[values.indices.to_numpy()[offsets[0] : offsets[-1]]])
            lengths.append(np.diff(offsets).astype(np.int64))
        del part
    pa.default_memory_pool().release_unused()  # Arrow's allocator keeps freed buffers otherwise
    n_lists = sum(len(x) for x in lengths)
    if done != n or n_lists != n:
        return None
    bounds = np.zeros(n + 1, dtype=np.int64)
    if lengths:
        np.cumsum(np.concatenate(lengths), out=bounds[1:])
    flat = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int32)
    lists = TokenLists.from_ids(words, flat, bounds)
    return (ids if asked is None else asked), lists, classes
