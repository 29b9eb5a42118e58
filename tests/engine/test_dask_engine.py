"""The Dask engine gives the local engine's results, byte for byte: tokens and word classes, the document-term
matrix, and the run folders of `dxtext network` and `dxtext themes` — on a LocalCluster of 2 worker processes,
with partitions small enough that every corpus is split into several.

Corpora: the bundled sample survey and seed minutes; the shared Fukui answers (CC BY 4.0, 福井県観光連盟, FTAS
open data) when present beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("distributed", reason="dask[distributed] is not installed")

import dxtext.runs as r
from conftest import SAMPLE_MINUTES, SAMPLE_SURVEY
from dxtext.engine import close_engines, get_engine

REPO = Path(__file__).resolve().parents[2]
FUKUI = next(
    (
        p / "shared" / "corpora" / "fukui-tourism-survey"
        for p in REPO.parents
        if (p / "shared" / "corpora").is_dir()
    ),
    REPO.parent / "shared" / "corpora" / "fukui-tourism-survey",
)
MINUTES = SAMPLE_MINUTES / "dx-study-group-sample-01.txt"


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    eng = get_engine("dask")
    eng.partition_docs = 37  # several partitions even on the sample corpora
    assert len(eng.client.scheduler_info()["workers"]) == 2
    yield eng
    close_engines()


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _same_folders(a: Path, b: Path) -> None:
    ta, tb = _tree(a), _tree(b)
    assert sorted(ta) == sorted(tb)
    assert a.name == b.name
    different = [name for name in ta if ta[name] != tb[name]]
    assert not different, f"local and dask differ: {different}"


def test_tokens_and_word_classes_match(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dxtext.io.corpus import read_corpus
    from dxtext.text.tokenize import Tokenizer

    texts = read_corpus(SAMPLE_SURVEY).used["text"].tolist()
    assert len(texts) > 3 * engine.partition_docs
    local, dask = Tokenizer(), Tokenizer()
    expected = local.tokenize_many(texts, n_jobs=1)
    got = engine.tokenize_many(dask, texts)
    assert got == expected
    words = sorted({w for t in expected for w in t})
    assert [dask.word_class(w) for w in words] == [local.word_class(w) for w in words]


def test_the_token_cache_is_shared_with_the_local_engine(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Dask engine writes the Parquet token cache the local engine reads, and reads the local one (this
    process reads the entry; workers get no cache folder); the tokens are those of an uncached run."""
    from dxtext.io.corpus import read_corpus
    from dxtext.text.tokenize import Tokenizer

    plain = Tokenizer().tokenize_corpus(read_corpus(SAMPLE_SURVEY))
    by_dask = tmp_path / "dask-first"
    cold = Tokenizer().tokenize_corpus(read_corpus(SAMPLE_SURVEY), cache_dir=by_dask, engine=engine)
    warm = Tokenizer().tokenize_corpus(read_corpus(SAMPLE_SURVEY), cache_dir=by_dask)
    assert not cold.from_cache and warm.from_cache
    assert (cold.tokens, cold.doc_ids) == (plain.tokens, plain.doc_ids) == (warm.tokens, warm.doc_ids)
    assert dict(cold.word_classes) == dict(plain.word_classes) == dict(warm.word_classes)
    assert (by_dask / "tokens" / f"{cold.cache_key}.parquet").is_file()
    by_local = tmp_path / "local-first"
    Tokenizer().tokenize_corpus(read_corpus(SAMPLE_SURVEY), cache_dir=by_local)
    again = Tokenizer().tokenize_corpus(read_corpus(SAMPLE_SURVEY), cache_dir=by_local, engine=engine)
    assert again.from_cache and again.tokens == plain.tokens


def test_document_term_matrix_matches(engine) -> None:  # type: ignore[no-untyped-def]
    from dxtext.analysis.matrix import build_dtm

    lists = [["県", "連携", "県"], [], ["データ", "連携"], ["AI", "データ", "データ"]] * 30 + [["ひとつ"]]
    ids = [f"d{i}" for i in range(len(lists))]
    for kw in ({}, {"min_df": 2}, {"min_df": 2, "max_terms": 2}, {"max_df": 0.5}):
        a = build_dtm(lists, doc_ids=ids, **kw)
        b = engine.build_dtm(lists, doc_ids=ids, **kw)
        assert a.vocab == b.vocab and a.doc_ids == b.doc_ids
        assert a.X.dtype == b.X.dtype and a.X.shape == b.X.shape
        for part in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(a.X, part), getattr(b.X, part)), (kw, part)


def test_gram_is_the_sum_over_partitions(engine) -> None:  # type: ignore[no-untyped-def]
    import scipy.sparse as sp

    rng = np.random.default_rng(0)
    B = sp.csr_matrix((rng.random((200, 12)) < 0.2).astype(np.int32))
    assert (engine.gram(B) != (B.T @ B)).nnz == 0


@pytest.mark.parametrize(
    ("source", "options"),
    [
        (SAMPLE_SURVEY, {"by": "人口規模"}),
        (MINUTES, {"unit": "bullet"}),
    ],
    ids=["sample-survey", "seed-minutes"],
)
def test_network_and_themes_folders_match(engine, tmp_path: Path, source: Path, options: dict) -> None:  # type: ignore[no-untyped-def]
    for command in (r.network, r.themes):
        kw = dict(options)
        if command is r.network:
            kw.pop("by", None)
            kw["min_df"] = 1
        local = command(str(source), out=tmp_path / "local", cache_dir=None, **kw)
        dask = command(str(source), out=tmp_path / "dask", cache_dir=None, engine="dask", **kw)
        _same_folders(local.folder, dask.folder)


@pytest.mark.slow
def test_fukui_answers_match(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not (FUKUI / "answers.csv").is_file():
        pytest.skip(f"the shared Fukui answers are not at {FUKUI}")
    engine.partition_docs = 10_000
    try:
        src = {"text_col": "text", "attrs": str(FUKUI / "respondents.csv"), "on": "response_no"}
        rules = REPO / "docs" / "examples" / "fukui_themes.txt"
        for command, kw in ((r.network, {}), (r.themes, {"rules": str(rules), "by": "年代"})):
            local = command(str(FUKUI / "answers.csv"), out=tmp_path / "local", cache_dir=None, **src, **kw)
            dask = command(
                str(FUKUI / "answers.csv"), out=tmp_path / "dask", cache_dir=None, engine="dask", **src, **kw
            )
            _same_folders(local.folder, dask.folder)
    finally:
        engine.partition_docs = 37


def test_unknown_engine_and_scheduler_without_dask_are_refused() -> None:
    from dxtext.errors import DxtextError

    with pytest.raises(DxtextError, match="unknown engine"):
        get_engine("spark")
    with pytest.raises(DxtextError, match="--scheduler needs --engine dask"):
        get_engine("local", scheduler="tcp://127.0.0.1:1")
