"""Hostile files: encodings decided with evidence, binary and huge files refused from their head."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_helpers import answers
from hostile_helpers import cli as cli  # the fixture

from dxtext.errors import CorpusError
from dxtext.io.corpus import read_corpus
from dxtext.io.encoding import read_text_file


def _rows(texts: list[str]) -> list[str]:
    return [f"{i},{'大都市' if i % 2 else '小規模'},{t}" for i, t in enumerate(texts, 1)]


def _mixed(
    tmp_path: Path, main: str, other: str, other_rows: tuple[int, ...], n: int = 25
) -> tuple[Path, list[str]]:
    texts = answers(n)
    lines = ["id,人口規模,text", *_rows(texts)]
    data = b""
    for i, line in enumerate(lines):
        enc = other if i in other_rows else main
        data += line.encode(enc) + b"\r\n"
    p = tmp_path / "mixed.csv"
    p.write_bytes(data)
    return p, texts


def test_utf8_file_with_one_cp932_row_loses_nothing(tmp_path: Path) -> None:
    p, texts = _mixed(tmp_path, "utf-8", "cp932", (7,))
    c = read_corpus(p)
    assert c.docs["text"].tolist() == texts  # no mojibake, the CP932 row read right too
    assert any("line 8" in w and "CP932" in w for w in c.ledger.warnings), c.ledger.warnings


def test_utf8_file_with_one_euc_row_loses_nothing(tmp_path: Path) -> None:
    p, texts = _mixed(tmp_path, "utf-8", "euc_jp", (3,))
    c = read_corpus(p)
    assert c.docs["text"].tolist() == texts
    assert any("line 4" in w and "EUC-JP" in w for w in c.ledger.warnings), c.ledger.warnings


def test_cp932_file_with_utf8_rows_never_mojibakes_them(tmp_path: Path) -> None:
    p, texts = _mixed(tmp_path, "cp932", "utf-8", (2, 5))
    c = read_corpus(p)
    assert c.docs["text"].tolist() == texts
    assert any("line 3" in w and "line 6" in w for w in c.ledger.warnings), c.ledger.warnings


def test_mixed_file_is_shown_in_the_ledger(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p, _ = _mixed(tmp_path, "utf-8", "cp932", (7,))
    r = cli("corpus", "info", p)
    r.ok()
    assert "line 8" in r.out + r.err


@pytest.mark.parametrize(
    "enc,label", [("cp932", "cp932"), ("euc_jp", "euc_jis_2004"), ("utf-8-sig", "utf-8-sig")]
)
def test_whole_file_in_one_encoding_has_no_warning(tmp_path: Path, enc: str, label: str) -> None:
    texts = answers(12)
    p = tmp_path / "one.csv"
    p.write_bytes(("id,人口規模,text\r\n" + "\r\n".join(_rows(texts)) + "\r\n").encode(enc))
    c = read_corpus(p)
    assert c.docs["text"].tolist() == texts
    assert c.ledger.files[0].encoding == label
    assert not c.ledger.warnings


def test_row_in_no_known_encoding_is_named(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    texts = answers(6)
    data = ("id,人口規模,text\n" + "\n".join(_rows(texts)) + "\n").encode("utf-8")
    data += b"7,x,\x85\x40\x81\x7f\n"
    p = tmp_path / "bad.csv"
    p.write_bytes(data)
    cli("corpus", "info", p).clean_error("line 8", "--encoding")


def test_forced_encoding_that_does_not_fit_names_the_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "s.csv"
    p.write_bytes("id,text\n1,こんにちは\n".encode("cp932"))
    cli("corpus", "info", p, "--encoding", "utf-8").clean_error("line 2")


def test_huge_binary_file_is_refused_from_its_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "huge.csv"
    with open(p, "wb") as f:
        f.write(b"\x00\x01\x02binary")
        f.truncate(2 * 1024**3)  # a sparse 2 GB file
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    with pytest.raises(CorpusError) as e:
        read_text_file(p)
    assert "not a text" in str(e.value) or "binary" in str(e.value)


@pytest.mark.parametrize(
    "head,word",
    [
        (b"PK\x03\x04" + b"\x00" * 40, "xlsx"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, ".xls"),
    ],
)
def test_other_kinds_of_file_saved_as_csv_are_named(tmp_path: Path, cli, head: bytes, word: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "answers.csv"
    p.write_bytes(head + b"x" * 100)
    cli("corpus", "info", p).clean_error(str(p), word)


def test_utf16_without_bom_is_refused_with_advice(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "u16.csv"
    p.write_bytes("id,text\n1,こんにちは\n".encode("utf-16-le"))
    cli("corpus", "info", p).clean_error("UTF-16")
