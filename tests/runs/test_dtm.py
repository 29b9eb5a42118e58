"""dxtext dtm: the document × word matrix in three formats, read back and compared with the tokens."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from test_runs_match_cli import _same

import dxtext.runs as r
from conftest import SAMPLE_SURVEY

SURVEY = str(SAMPLE_SURVEY)


def test_dtm_run_and_command_write_the_same_folder(tmp_path: Path) -> None:
    res = r.dtm(SURVEY, format="csv", min_df=2, out=tmp_path / "lib")
    _same(["dtm", SURVEY, "--format", "csv", "--min-df", "2"], res, tmp_path / "cli")
    assert sorted(res.files) == sorted(
        ["dtm.csv", "vocabulary.csv", "documents.csv", "metadata.json", "ledger.json"]
    )


@pytest.fixture(scope="module")
def every_format(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("dtm")
    return {f: r.dtm(SURVEY, format=f, out=out / f) for f in ("csv", "mtx", "parquet")}


def _expected(res: r.RunResult) -> dict[tuple[str, str], int]:
    tokens = res.data["matrix"]
    m = tokens
    X = m.X.tocoo()
    return {(m.doc_ids[i], m.vocab[j]): int(v) for i, j, v in zip(X.row, X.col, X.data, strict=True)}


def test_the_three_formats_hold_the_same_counts(every_format, tokenizer) -> None:  # type: ignore[no-untyped-def]
    import scipy.io

    csv_res, mtx_res, pq_res = every_format["csv"], every_format["mtx"], every_format["parquet"]
    # the counts are those of the tokens: recount one document by hand from its token list
    from dxtext.io.corpus import read_corpus

    corpus = read_corpus(SAMPLE_SURVEY)
    doc = corpus.used.iloc[0]
    counts = Counter(tokenizer(doc["text"]))
    expected = _expected(csv_res)
    assert {w: n for (d, w), n in expected.items() if d == doc["doc_id"]} == dict(counts)

    wide = pd.read_csv(csv_res.folder / "dtm.csv", encoding="utf-8-sig", dtype={"回答年度": str})
    vocab = pd.read_csv(csv_res.folder / "vocabulary.csv", encoding="utf-8-sig")
    docs = pd.read_csv(mtx_res.folder / "documents.csv", encoding="utf-8-sig")
    assert list(vocab["column"]) == list(range(1, len(vocab) + 1))
    attrs = ["回答ID", "回答年度", "地方", "人口規模", "部署", "職種", "question"]
    assert list(wide.columns[: 1 + len(attrs)]) == ["doc_id", *attrs]
    words = list(wide.columns[1 + len(attrs) :])
    assert len(words) == len(vocab)
    got_csv = {
        (d, vocab["word"][j]): int(v)
        for d, row in zip(wide["doc_id"], wide[words].to_numpy(), strict=True)
        for j, v in enumerate(row)
        if v
    }
    assert got_csv == expected

    X = scipy.io.mmread(mtx_res.folder / "dtm.mtx").tocoo()
    mvocab = pd.read_csv(mtx_res.folder / "vocabulary.csv", encoding="utf-8-sig")["word"].tolist()
    got_mtx = {(docs["doc_id"][i], mvocab[j]): int(v) for i, j, v in zip(X.row, X.col, X.data, strict=True)}
    assert got_mtx == expected

    long = pd.read_parquet(pq_res.folder / "dtm.parquet")
    assert list(long.columns) == ["doc_id", "word", "count"]
    got_pq = {(d, w): int(n) for d, w, n in long.itertuples(index=False)}
    assert got_pq == expected


def test_same_input_same_bytes(tmp_path: Path) -> None:
    a = r.dtm(SURVEY, format="parquet", out=tmp_path / "a")
    b = r.dtm(SURVEY, format="parquet", out=tmp_path / "b")
    for name in a.files:
        assert (a.folder / name).read_bytes() == (b.folder / name).read_bytes(), name


def test_auto_and_where(tmp_path: Path) -> None:
    res = r.dtm(SURVEY, where="部署=企画", out=tmp_path)
    assert "dtm.csv" in res.files  # small: the wide CSV
    docs = pd.read_csv(res.folder / "documents.csv", encoding="utf-8-sig")
    assert set(docs["部署"]) == {"企画"}


def test_bad_format_is_one_clear_error(tmp_path: Path) -> None:
    from dxtext.errors import DxtextError

    with pytest.raises(DxtextError, match="--format xls: choose one of auto, csv, mtx, parquet"):
        r.dtm(SURVEY, format="xls", out=tmp_path)  # type: ignore[arg-type]


@pytest.mark.slow
def test_fukui_auto_writes_sparse_formats(fukui: Path, tmp_path: Path) -> None:
    """Fukui tourism answers (CC BY 4.0, 福井県観光連盟): too large for a wide CSV."""
    res = r.dtm(fukui / "answers.csv", text_col="text", id_col="answer_id", out=tmp_path)
    assert {"dtm.mtx", "dtm.parquet"} <= set(res.files) and "dtm.csv" not in res.files
    m = res.data["matrix"]
    assert m.n_docs > 50_000


def test_files_read_back_as_r_reads_them(every_format, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What R's Matrix::readMM, read.csv(fileEncoding = "UTF-8-BOM") and arrow::read_parquet rely on: the Matrix
    Market banner and size line, the BOM, the Parquet column types; and every format byte-identical on a rerun."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    mtx = every_format["mtx"]
    lines = (mtx.folder / "dtm.mtx").read_text(encoding="ascii").splitlines()
    assert lines[0] == "%%MatrixMarket matrix coordinate integer general"
    size = next(ln for ln in lines[1:] if not ln.startswith("%"))
    m = mtx.data["matrix"]
    assert size.split() == [str(m.n_docs), str(m.n_terms), str(m.X.nnz)]
    docs = pd.read_csv(mtx.folder / "documents.csv", encoding="utf-8-sig")
    assert list(docs["row"]) == list(range(1, m.n_docs + 1))  # row i of the matrix is row i here
    entries = [tuple(map(int, ln.split())) for ln in lines[lines.index(size) + 1 :]]
    assert all(1 <= i <= m.n_docs and 1 <= j <= m.n_terms and v >= 1 for i, j, v in entries)  # 1-based
    for name in ("dtm.csv", "vocabulary.csv", "documents.csv"):
        folder = every_format["csv"].folder if name == "dtm.csv" else mtx.folder
        assert (folder / name).read_bytes()[:3] == b"\xef\xbb\xbf", name
    schema = pq.read_schema(every_format["parquet"].folder / "dtm.parquet")
    assert schema.names == ["doc_id", "word", "count"]
    assert [schema.field(n).type for n in schema.names] == [pa.string(), pa.string(), pa.int32()]
    for fmt in ("csv", "mtx"):
        again = r.dtm(SURVEY, format=fmt, out=tmp_path / fmt)  # type: ignore[arg-type]
        for name in again.files:
            assert (again.folder / name).read_bytes() == (every_format[fmt].folder / name).read_bytes(), name
