"""Tokenizing in several processes, and the garbage-collector pause used while tokenizing.

Each distinct text is tokenized once (:func:`tokenize_distinct`: answers repeat — 9 % of the Fukui answers
are another answer's exact copy). Worker processes run MeCab over pieces of the texts (:func:`tokenize_parallel`);
the calling process turns their output into token lists. Workers get their functions from this module — forked ones inherit the tokenizer and the
texts through its globals ``_WORKER`` and ``_WORKER_TEXTS``, spawned ones import it and get the tokenizer pickled.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np

from .tokenlists import TokenLists, TokenListsBuilder

if TYPE_CHECKING:
    from .tokenize import Progress, Tokenizer

_CHUNK = 4000  # texts between two progress calls in one process (about 0.1 s)
_PIECE_MIN, _PIECE_MAX = 500, 4000  # texts per piece of work with several processes (12–100 ms)
_PARALLEL_MIN = 8000  # below this many texts, starting processes costs more than it saves


def effective_jobs(n_jobs: int) -> int:
    """Worker processes for ``--jobs N``: all usable cores for 0 or less, never more than the cores (``--jobs 64``
    on a 2-core PC would start 64 processes that only compete for the same cores and memory)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    cores = max(1, min(cores, os.cpu_count() or cores))
    return cores if n_jobs <= 0 else min(n_jobs, cores)


def _piece_bounds(total: int, workers: int) -> list[int]:
    """Boundaries of pieces of ``total`` texts for ``workers`` processes, each a quarter of what is left per
    worker (within _PIECE_MIN.._PIECE_MAX texts): large pieces first (less overhead per text), small ones last,
    so that no process waits long for another's last piece."""
    bounds = [0]
    while bounds[-1] < total:
        left = total - bounds[-1]
        bounds.append(bounds[-1] + min(left, max(_PIECE_MIN, min(_PIECE_MAX, left // (4 * workers)))))
    return bounds


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while tokenizing: it allocates hundreds of thousands of lists that
    hold no reference cycles (reference counting frees them), and each full collection would walk the whole
    heap — about 0.1 s of 1.7 s on the Fukui answers when measured."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_WORKER: Tokenizer | None = None
_WORKER_TEXTS: Sequence[str] = ()  # the texts, inherited by forked workers
_WORKER_NICE = 5


def _worker_init(tok: Tokenizer | None) -> None:
    """``tok`` pickled (spawned workers), or None when the forked worker already has it in _WORKER."""
    global _WORKER
    if tok is not None:
        _WORKER = tok
    assert _WORKER is not None
    if _WORKER_NICE and hasattr(os, "nice"):
        # The workers yield the CPU to the process that turns their output into tokens, so it keeps up with
        # them instead of being left with a backlog when they finish.
        with contextlib.suppress(OSError):
            os.nice(_WORKER_NICE)


def _worker_parse(task: list[str] | tuple[int, int]) -> list[tuple[int, str, bool]]:
    """MeCab's output for the texts of ``task`` (or _WORKER_TEXTS[start:stop]), see Tokenizer._parse_groups."""
    assert _WORKER is not None
    texts = _WORKER_TEXTS[task[0] : task[1]] if isinstance(task, tuple) else task
    return _WORKER._parse_groups(texts)


def tokenize_parallel(
    tok: Tokenizer, texts: Sequence[str], workers: int, progress: Progress | None
) -> TokenLists:
    """``workers`` processes run MeCab over pieces of the texts, large first and small last (so none waits
    long for another's last piece); this process turns their output into token lists as it arrives. So each
    new morpheme is looked up and classified once, here, instead of once in every worker."""
    import multiprocessing

    global _WORKER, _WORKER_TEXTS
    total = len(texts)
    out = TokenListsBuilder()  # each piece's lists become ids as they come (not all documents' lists at once)
    # Forked workers inherit the tokenizer and the texts and get only (start, stop); spawned ones get both
    # pickled.
    forked = multiprocessing.get_start_method() == "fork"
    _WORKER, _WORKER_TEXTS = (tok, texts) if forked else (None, ())
    ex = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_init, initargs=(None if forked else tok,)
    )
    try:
        spans = list(itertools.pairwise(_piece_bounds(total, workers)))
        tasks = ((a, b) if forked else list(texts[a:b]) for a, b in spans)
        for (a, b), groups in zip(spans, ex.map(_worker_parse, tasks), strict=True):
            out.add(tok._resolve(texts[a:b], groups))
            if progress:
                progress(b, total)
    finally:
        # Every result is in: the worker processes may wind down in the background (waiting for them to
        # exit costs 30-40 ms); after an error, pieces not started are cancelled.
        ex.shutdown(wait=False, cancel_futures=True)
        _WORKER, _WORKER_TEXTS = None, ()
    return out.build()


class ArrowTexts(Sequence[str]):
    """Texts held as an Arrow string array (a corpus's text column, no missing value): a Python string exists
    only for the piece asked for. Tokenizing 930k answers held them all as Python strings beside the Arrow
    column (some 140 MiB), and forked workers copied the pages of those they touched."""

    def __init__(self, array: Any) -> None:
        self.array = array  # an Array or ChunkedArray (its chunks are not combined: that would copy the text)

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self.array))
            if step != 1:
                return self.array.to_pylist()[i]
            return self.array.slice(start, max(0, stop - start)).to_pylist()
        return self.array[i].as_py()

    def __iter__(self) -> Iterator[str]:
        for a in range(0, len(self.array), _CHUNK):
            yield from self[a : a + _CHUNK]


def distinct_texts(texts: Sequence[str]) -> tuple[Sequence[str], np.ndarray]:
    """The texts without repeats, in order of first appearance (``texts`` itself when none repeats), and for
    every text the index of its own among them (int64: no Python int per text while the workers run)."""
    if isinstance(texts, ArrowTexts):  # encoded by Arrow: no Python string per text
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(texts.array)  # indices in order of first appearance
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.unify_dictionaries()  # (the kernel gives every chunk the same one already)
            chunks = encoded.chunks
        else:
            chunks = [encoded]
        if not chunks or len(chunks[0].dictionary) == len(texts):
            return texts, np.arange(len(texts), dtype=np.int64)
        owner = np.concatenate([c.indices.to_numpy(zero_copy_only=False).astype(np.int64) for c in chunks])
        return ArrowTexts(chunks[0].dictionary), owner
    index: dict[str, int] = {}
    owner = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=len(texts))
    return (texts if len(index) == len(owner) else list(index)), owner


def tokenize_distinct(
    tok: Tokenizer, texts: Sequence[str], n_jobs: int, progress: Progress | None
) -> TokenLists:
    """Token lists of ``texts`` (each at most MECAB_MAX_CHARS long), every distinct text tokenized once — in
    this process or, above _PARALLEL_MIN distinct texts, in ``n_jobs`` processes. A text and its copies get the
    same tokens (MeCab's analysis of a text depends on the text alone); returned as word ids (TokenLists). ``progress``
    counts the texts given (done in proportion to the distinct texts done)."""
    distinct, owner = distinct_texts(texts)
    total = len(distinct)
    if progress is not None and total < len(owner):
        given, shown = len(owner), progress

        def progress(done: int, _total: int) -> None:
            shown(given if done >= total else done * given // total, given)

    jobs = effective_jobs(n_jobs)
    if jobs == 1 or total < _PARALLEL_MIN:
        built = TokenListsBuilder()
        for i in range(0, total, _CHUNK):
            built.add(tok._lemmas_batch(distinct[i : i + _CHUNK]))
            if progress:
                progress(min(i + _CHUNK, total), total)
        lists = built.build()
    else:
        lists = tokenize_parallel(tok, distinct, jobs, progress)
    if total == len(owner):
        return lists
    # every copy of a text gets its tokens; a text's copies come after its first appearance, so the words first
    # occur in the same order
    return lists.take(owner, same_order=True)


def text_sequence(column: Any) -> Sequence[str]:
    """A corpus's text column (pandas) for :func:`tokenize_distinct`: its Arrow strings when it has no missing
    value (:class:`ArrowTexts`), else its values as a list."""
    from ..io.compact import arrow_strings

    arrow = arrow_strings(column)
    return column.tolist() if arrow.null_count else ArrowTexts(arrow)


def longer_than(texts: Sequence[str], limit: int) -> bool:
    """Whether a text of ``texts`` has more than ``limit`` characters."""
    if isinstance(texts, ArrowTexts):
        import pyarrow.compute as pc

        longest = pc.max(pc.utf8_length(texts.array)).as_py()
        return longest is not None and longest > limit
    return any(len(t) > limit for t in texts)
