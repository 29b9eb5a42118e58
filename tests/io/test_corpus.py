"""Reading survey files and records: formats, encodings, joins, the ledger, and bad input."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxtext.errors import CorpusError, OutputError
from dxtext.io.corpus import detect_encoding, read_corpus
from dxtext.io.normalize import normalize_text

ROWS = [
    ("A01", "5万人未満", "基幹系システムの標準化でベンダーの対応が遅い。"),
    ("A02", "50万人以上", "特になし"),
    ("A03", "5〜20万人", ""),
    ("A04", "5万人未満", "県の支援がほしい。ガバメントクラウドの費用も心配です。"),
    ("A05", "20〜50万人", "ー"),
    ("A06", "50万人以上", "デジタル人材のキャリアパスを人事課と一緒に考えている"),
]


def survey_frame() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["回答ID", "人口規模", "自由記述"])


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "dxtext", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit code 1, one line on stderr starting with 'error:', no traceback."""
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    for f in fragments:
        assert f in lines[0], (f, lines[0])


# --- formats and the ledger ---------------------------------------------------------------------------


def test_csv_ledger_counts_every_row(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    survey_frame().to_csv(path, index=False, encoding="utf-8-sig")
    c = read_corpus(path, text_cols=["自由記述"], id_col="回答ID")
    t = c.ledger.totals
    assert (t["rows_read"], t["documents"], t["used"], t["empty"], t["non_answer"]) == (6, 6, 3, 1, 2)
    assert c.ledger.balanced()
    assert c.attributes == ["人口規模"]
    assert c.used["doc_id"].tolist() == ["A01", "A04", "A06"]
    assert c.docs.loc[c.docs.doc_id == "A03", "row"].item() == 4  # spreadsheet row: header is row 1


def test_several_text_columns_give_one_document_per_answer(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "id": ["1", "2"],
            "地方": ["関東", "九州"],
            "問1": ["システムが古い", "なし"],
            "問2": ["県と連携したい", ""],
        }
    )
    path = tmp_path / "wide.csv"
    frame.to_csv(path, index=False)
    c = read_corpus(path, text_cols=["問1", "問2"], id_col="id")
    assert c.docs["doc_id"].tolist() == ["1#1", "1#2", "2#1", "2#2"]
    assert c.docs["question"].tolist() == ["問1", "問2", "問1", "問2"]
    assert c.docs["status"].tolist() == ["used", "used", "non_answer", "empty"]
    assert c.ledger.totals["documents"] == 4 and c.ledger.totals["rows_read"] == 2
    assert "question" in c.attributes and "地方" in c.attributes


def test_text_column_guessed_when_not_given(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    survey_frame().to_csv(path, index=False)
    c = read_corpus(path)
    assert c.options["text_cols"] == ["自由記述"]


def test_join_respondent_file_keeps_every_answer(tmp_path: Path) -> None:
    answers = pd.DataFrame(
        {"no": ["1", "2", "3"], "q": ["Q1", "Q1", "Q2"], "text": ["駅が遠い", "蕎麦がうまい", "海がきれい"]}
    )
    resp = pd.DataFrame({"no": ["1", "2"], "年代": ["50代", "20代"]})
    answers.to_csv(tmp_path / "a.csv", index=False)
    resp.to_csv(tmp_path / "r.csv", index=False)
    c = read_corpus(tmp_path / "a.csv", text_cols=["text"], attrs=tmp_path / "r.csv", on="no")
    assert len(c.docs) == 3
    assert c.docs["年代"].tolist() == ["50代", "20代", ""]
    assert c.attributes == ["no", "q", "年代"]
    assert any("1 of 3 documents" in w for w in c.ledger.warnings)


def test_fukui_with_respondents(fukui: Path) -> None:
    c = read_corpus(
        fukui / "answers.csv", text_cols=["text"], attrs=fukui / "respondents.csv", on="response_no"
    )
    t = c.ledger.totals
    assert t["rows_read"] == 58287 == t["documents"]
    assert t["used"] + t["empty"] + t["non_answer"] + t["too_short"] == 58287
    assert t["non_answer"] > 300
    for a in ("question_code", "性別", "年代", "都道府県", "満足度"):
        assert a in c.attributes
    assert c.value_counts("年代").sum() == t["used"]
    assert set(c.docs["性別"]) >= {"女", "男"}


def test_fukui_cli_info(fukui: Path) -> None:
    proc = run_cli(
        "corpus",
        "info",
        str(fukui / "answers.csv"),
        "--text-col",
        "text",
        "--attrs",
        str(fukui / "respondents.csv"),
        "--on",
        "response_no",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    t = info["ledger"]["totals"]
    assert t["rows_read"] == 58287 and info["ledger"]["balanced"]
    assert "年代" in info["attributes"] and info["attributes"]["年代"]["top"]["50代"] > 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "euc_jp"])
def test_encodings_give_identical_documents(tmp_path: Path, encoding: str) -> None:
    frame = survey_frame()
    reference = tmp_path / "ref.csv"
    frame.to_csv(reference, index=False, encoding="utf-8")
    path = tmp_path / f"s-{encoding}.csv"
    frame.to_csv(path, index=False, encoding=encoding)
    expected = read_corpus(reference, text_cols=["自由記述"], id_col="回答ID").docs.drop(columns="source")
    got = read_corpus(path, text_cols=["自由記述"], id_col="回答ID")
    pd.testing.assert_frame_equal(got.docs.drop(columns="source"), expected)
    assert got.ledger.files[0].encoding == {"euc_jp": "euc_jis_2004"}.get(encoding, encoding)


def test_xlsx_gives_identical_documents(tmp_path: Path) -> None:
    frame = survey_frame()
    frame.to_csv(tmp_path / "s.csv", index=False)
    frame.to_excel(tmp_path / "s.xlsx", index=False)
    a = read_corpus(tmp_path / "s.csv", text_cols=["自由記述"], id_col="回答ID").docs.drop(columns="source")
    b = read_corpus(tmp_path / "s.xlsx", text_cols=["自由記述"], id_col="回答ID").docs.drop(columns="source")
    pd.testing.assert_frame_equal(a, b)


def test_minutes_in_every_encoding_give_identical_documents(tmp_path: Path, shared_minutes: Path) -> None:
    text = shared_minutes.read_text(encoding="utf-8")
    ref = read_corpus(shared_minutes, unit="bullet").docs.drop(columns="source")
    for enc in ("utf-8-sig", "cp932", "euc_jis_2004"):
        path = tmp_path / f"m-{enc}.txt"
        path.write_bytes(text.encode(enc))
        got = read_corpus(path, unit="bullet").docs.drop(columns="source")
        pd.testing.assert_frame_equal(got, ref)


def test_tsv_and_jsonl(tmp_path: Path) -> None:
    frame = survey_frame()
    frame.to_csv(tmp_path / "s.tsv", index=False, sep="\t")
    frame.to_json(tmp_path / "s.jsonl", orient="records", lines=True, force_ascii=False)
    a = read_corpus(tmp_path / "s.tsv", text_cols=["自由記述"], id_col="回答ID").docs.drop(
        columns=["source", "row"]
    )
    b = read_corpus(tmp_path / "s.jsonl", text_cols=["自由記述"], id_col="回答ID").docs.drop(
        columns=["source", "row"]
    )
    pd.testing.assert_frame_equal(a, b)


def test_detect_encoding_table() -> None:
    s = "自治体のデジタル化・ＤＸについて"
    assert detect_encoding(s.encode("utf-8")) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + s.encode("utf-8")) == "utf-8-sig"
    assert detect_encoding(s.encode("cp932")) == "cp932"
    assert detect_encoding(s.encode("euc_jp")) == "euc_jis_2004"
    assert detect_encoding("①基幹系システム".encode("euc_jis_2004")) == "euc_jis_2004"


# --- bad input: one clear line, exit 1, never a traceback -------------------------------------------


def _bad_inputs(tmp: Path) -> list[tuple[str, list[str], tuple[str, ...]]]:
    """(case, argv after 'corpus info', fragments expected in the error line)."""
    good = tmp / "good.csv"
    survey_frame().to_csv(good, index=False)
    cases: list[tuple[str, list[str], tuple[str, ...]]] = []
    cases.append(("missing file", [str(tmp / "nothere.csv")], ("nothere.csv", "not found")))
    (tmp / "adir").mkdir()
    cases.append(("directory", [str(tmp / "adir")], ("is a folder",)))
    (tmp / "empty.csv").write_bytes(b"")
    cases.append(("empty file", [str(tmp / "empty.csv")], ("empty",)))
    (tmp / "image.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    cases.append(("binary file", [str(tmp / "image.csv")], ("PNG image", "not a text")))
    (tmp / "nul.csv").write_bytes("id,text\n1,あい\x00う\n".encode())
    cases.append(("NUL bytes", [str(tmp / "nul.csv")], ("NUL", "line 2")))
    (tmp / "ctrl.csv").write_bytes(
        b"id,text\n" + b"".join(b"%d,\x01\x02\x03\x04\x05\x06\n" % i for i in range(40))
    )
    cases.append(("control characters", [str(tmp / "ctrl.csv")], ("control characters",)))
    cases.append(
        (
            "misspelt text column",
            [str(good), "--text-col", "自由記載"],
            ("自由記載", "Did you mean", "自由記述"),
        )
    )
    cases.append(
        (
            "missing text column",
            [str(good), "--text-col", "answer"],
            ("no --text-col column 'answer'", "Columns are"),
        )
    )
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", None, "text"])
    ws.append(["1", "x", "回答です"])
    wb.save(tmp / "blank_header.xlsx")
    cases.append(("xlsx blank header cell", [str(tmp / "blank_header.xlsx")], ("B1", "blank")))
    dup = survey_frame()
    dup.loc[3, "回答ID"] = "A01"
    dup.to_csv(tmp / "dup.csv", index=False)
    cases.append(
        ("duplicate ids", [str(tmp / "dup.csv"), "--id-col", "回答ID"], ("duplicate id 'A01'", "rows 2, 5"))
    )
    pd.DataFrame({"ID": ["A01"], "年代": ["50代"]}).to_csv(tmp / "resp.csv", index=False)
    cases.append(
        (
            "join key missing from respondent file",
            [str(good), "--attrs", str(tmp / "resp.csv"), "--on", "回答ID"],
            ("resp.csv", "no --on key column '回答ID'", "ID"),
        )
    )
    pd.DataFrame({"回答ID": ["A01", "A01"], "年代": ["50代", "40代"]}).to_csv(tmp / "resp2.csv", index=False)
    cases.append(
        (
            "duplicate join key",
            [str(good), "--attrs", str(tmp / "resp2.csv"), "--on", "回答ID"],
            ("more than one row",),
        )
    )
    (tmp / "broken.csv").write_text('id,text\n1,"unclosed\n2,ok,extra,fields\n', encoding="utf-8")
    cases.append(("malformed csv", [str(tmp / "broken.csv")], ("malformed CSV",)))
    (tmp / "latin.csv").write_bytes(b"id,text\n1,\x80\x81\xff\xfe\xfd\n")
    cases.append(("undecodable", [str(tmp / "latin.csv")], ("line 2", "--encoding")))
    (tmp / "sjis.csv").write_bytes("id,text\n1,システムが古い\n".encode("cp932"))
    cases.append(
        (
            "wrong --encoding",
            [str(tmp / "sjis.csv"), "--encoding", "utf-8"],
            ("line 2", "cannot be decoded as utf-8"),
        )
    )
    cases.append(("unknown --encoding", [str(good), "--encoding", "klingon"], ("unknown encoding",)))
    (tmp / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    cases.append(("old .xls", [str(tmp / "old.xls")], (".xlsx or CSV",)))
    (tmp / "bad.jsonl").write_text('{"id": 1, "text": "ok"}\n{"id": 2, text: bad}\n', encoding="utf-8")
    cases.append(("bad jsonl line", [str(tmp / "bad.jsonl")], ("line 2",)))
    cases.append(("--attrs without --on", [str(good), "--attrs", str(tmp / "resp.csv")], ("--on",)))
    cases.append(("unknown unit", [str(good.with_suffix(".txt")), "--unit", "chapter"], ("unknown unit",)))
    (tmp / "noheader.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    cases.append(("broken xlsx", [str(tmp / "noheader.xlsx")], ("Excel workbook",)))
    return cases


def test_bad_inputs_are_one_clear_line(tmp_path: Path) -> None:
    cases = _bad_inputs(tmp_path)
    assert len(cases) >= 15
    for name, argv, fragments in cases:
        proc = run_cli("corpus", "info", *argv)
        try:
            assert_clean_error(proc, *fragments)
        except AssertionError as e:
            raise AssertionError(f"case {name!r}: {e}") from None


def test_few_control_characters_are_removed_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,text\n1,システム\x0cが\x07古い\n2,県との連携\n", encoding="utf-8")
    c = read_corpus(path, text_cols=["text"])
    assert c.docs["text"].tolist() == ["システムが古い", "県との連携"]


def test_emoji_and_non_bmp_work(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("id,text\n1,窓口が便利になった😊👍\n2,𠮷野家の近く𩸽\n", encoding="utf-8")
    c = read_corpus(path, text_cols=["text"])
    assert c.docs["text"].tolist() == ["窓口が便利になった😊👍", "𠮷野家の近く𩸽"]
    proc = run_cli("corpus", "info", str(path))
    assert proc.returncode == 0, proc.stderr


def test_one_megabyte_answer_works(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    big = "基幹系システムの更新について。" * 70_000  # ~1 MB of UTF-8
    pd.DataFrame({"id": ["1", "2"], "text": [big, "短い回答"]}).to_csv(path, index=False)
    assert path.stat().st_size > 1_000_000
    c = read_corpus(path, text_cols=["text"])
    assert len(c.docs["text"][0]) == len(big)
    proc = run_cli("corpus", "info", str(path), "--text-col", "text")
    assert proc.returncode == 0, proc.stderr


def test_non_ascii_path_works(tmp_path: Path) -> None:
    folder = tmp_path / "調査 データ（2025年）"
    folder.mkdir()
    path = folder / "自由記述 回答.csv"
    survey_frame().to_csv(path, index=False, encoding="cp932")
    proc = run_cli("corpus", "info", str(path), "--text-col", "自由記述")
    assert proc.returncode == 0, proc.stderr
    assert "自由記述 回答" in proc.stdout


def test_read_only_output_folder(tmp_path: Path) -> None:
    from dxtext.runs.folder import make_run_dir

    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(OutputError, match="read-only"):
            make_run_dir(ro, "freq", "s", "abc")
    finally:
        ro.chmod(stat.S_IRWXU)


def test_library_raises_corpus_error_not_traceback(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        read_corpus(tmp_path / "x.csv")


# --- property tests ---------------------------------------------------------------------------------

_ENCODINGS = ["utf-8", "utf-8-sig", "cp932", "euc_jp"]
_JP = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Lo", "Nd", "Po", "Zs"),
    exclude_characters="\x00\r",
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(st.text(_JP, min_size=0, max_size=40), min_size=1, max_size=8),
    encoding=st.sampled_from(_ENCODINGS),
)
def test_any_text_in_any_encoding_reads_back(tmp_path: Path, texts: list[str], encoding: str) -> None:
    encodable = []
    for t in texts:
        try:
            t.encode(encoding)
            encodable.append(t)
        except UnicodeEncodeError:
            continue
    if not encodable:
        return
    path = tmp_path / f"p-{encoding}.csv"
    frame = pd.DataFrame({"id": [str(i) for i in range(len(encodable))], "text": encodable})
    frame.to_csv(path, index=False, encoding=encoding)
    c = read_corpus(
        path, text_cols=["text"], id_col="id", encoding=None if encoding != "euc_jp" else "euc-jp"
    )
    assert c.docs["text"].tolist() == [normalize_text(t) for t in encodable]
    assert c.ledger.balanced()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


# --- records ----------------------------------------------------------------------------------------


def test_minutes_sections_via_cli(shared_minutes: Path) -> None:
    proc = run_cli("corpus", "info", str(shared_minutes), "--unit", "section", "--json")
    assert proc.returncode == 0, proc.stderr
    units = json.loads(proc.stdout)["units"]
    labels = [(u["label"], int(u["bullets"])) for u in units]
    assert labels[:8] == [
        ("①姫路市の特性と課題", 2),
        ("②デジタル化・DXに関する市の計画・戦略", 2),
        ("③行政手続き・窓口サービスのデジタル化・DX", 3),
        ("④マイナンバー制度の推進", 2),
        ("⑤データ利活用の推進", 4),
        ("⑥デジタルを活用した業務改革", 1),
        ("⑦デジタル人材の育成・確保", 3),
        ("⑧デジタル分野における広域連携", 3),
    ]
    assert [lab for lab, _ in labels[8:14]] == [
        "①マイナンバーカード普及のための取り組みについて",
        "②マイナンバーカード活用の可能性について",
        "③データと課題発見・課題設定の関係について",
        "④広域連携を通じたオープンデータ推進の意義について",
        "⑤デジタル分野における県との関係・連携について",
        "⑥デジタル化・DXを推進していくための中核的な人材の育成について",
    ]
    assert [lab for lab, _ in labels[14:]] == [
        "○ 調査の趣旨について",
        "○ 調査の実施手順等について",
        "○ 質問項目について",
        "3. その他",
    ]
    human = run_cli("corpus", "info", str(shared_minutes), "--unit", "section")
    assert "⑧デジタル分野における広域連携 [3 bullets]" in human.stdout


def test_minutes_bullets_keep_their_section(shared_minutes: Path) -> None:
    c = read_corpus(shared_minutes, unit="bullet")
    assert c.ledger.totals["documents"] == 54 and c.ledger.balanced()
    assert (c.docs["section"] != "").all()
    assert c.docs["doc_id"].iloc[0] == "u1"
    # no bullet glued to the next: a bullet marker never follows a sentence end inside a unit
    assert not c.docs["text"].str.contains(r"[。」]\s*・").any()
    ans = c.docs[c.docs["turn"] == "answer"]
    assert len(ans) == 15


def test_parsed_corpus_cache(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    survey_frame().to_csv(path, index=False)
    cache = tmp_path / "cache"
    first = read_corpus(path, text_cols=["自由記述"], cache_dir=cache)
    assert len(list((cache / "corpora").glob("*.pkl"))) == 1
    second = read_corpus(path, text_cols=["自由記述"], cache_dir=cache)
    pd.testing.assert_frame_equal(first.docs, second.docs)
    assert second.ledger.to_dict() == first.ledger.to_dict()
    # other options or other content: another entry, never a stale corpus
    read_corpus(path, text_cols=["自由記述"], id_col="回答ID", cache_dir=cache)
    assert len(list((cache / "corpora").glob("*.pkl"))) == 2
    frame = survey_frame()
    frame.loc[0, "自由記述"] = "書き換えた回答"
    frame.to_csv(path, index=False)
    third = read_corpus(path, text_cols=["自由記述"], cache_dir=cache)
    assert third.docs["text"].iloc[0] == "書き換えた回答"
