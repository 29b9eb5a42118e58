"""Hostile Word files given as records: encrypted, old .doc, damaged, renamed, empty — one line each, exit 1;
a good one through the commands. Every .docx is made here with python-docx (no binary is committed)."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from hostile_helpers import answers
from hostile_helpers import cli as cli  # the fixture

from dxtext.errors import CorpusError
from dxtext.io.corpus import read_corpus


def _good(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("市民意見の整理", level=1)
    for part in ("窓口", "人材"):
        d.add_heading(f"{part}について", level=2)
        for text in answers(6):
            d.add_paragraph(text)
    d.save(path)
    return path


def _ole(names: list[str]) -> bytes:
    """A compound (OLE) file as Word writes an encrypted document: the signature, a header, and a directory
    sector whose entries name the streams (UTF-16LE names of 64 bytes and their length)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    header = header.ljust(512, b"\x00")
    entries = b""
    for name in ["Root Entry", *names]:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + struct.pack("<H", len(raw)) + bytes(62)
    return header + entries.ljust(512, b"\x00") + bytes(4096)


@pytest.mark.parametrize(
    "content,needles",
    [
        (
            _ole(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]),
            ["password-protected", "save it again"],
        ),
        (_ole(["WordDocument", "1Table", "\x05SummaryInformation"]), ["old Word .doc", "save it as"]),
        (b"%PDF-1.7\n" + bytes(200), ["not a Word .docx file"]),
        ("議事録のテキスト".encode(), ["not a Word .docx file"]),
        (b"", ["empty (0 bytes)"]),
    ],
    ids=["encrypted", "doc", "pdf", "text", "empty"],
)
def test_word_files_that_are_not_docx(tmp_path: Path, cli, content: bytes, needles: list[str]) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "議事録.docx"
    p.write_bytes(content)
    cli("freq", p).clean_error(str(p), *needles)


def test_truncated_docx_is_damaged(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _good(tmp_path / "cut.docx")
    p.write_bytes(p.read_bytes()[:3000])  # a download that stopped
    cli("topics", p).clean_error(str(p), "damaged Word file")


def test_broken_xml_inside_is_damaged(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    good = _good(tmp_path / "good.docx")
    p = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(p, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    cli("corpus", "info", p).clean_error(str(p), "damaged Word file")


def test_xlsx_renamed_docx(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    p = tmp_path / "answers.docx"
    Workbook().save(p)
    cli("freq", p).clean_error(str(p), "without word/document.xml")


def test_folder_named_docx(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "minutes.docx"
    p.mkdir()
    cli("freq", p).clean_error(str(p), "is a folder")


def test_document_xml_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dxtext.io.docx as word

    monkeypatch.setattr(word, "MAX_XML_BYTES", 1000)
    with pytest.raises(CorpusError, match="unpacks to"):
        read_corpus(_good(tmp_path / "big.docx"))


def test_table_options_on_a_word_record(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _good(tmp_path / "r.docx")
    cli("freq", p, "--header-row", "2").clean_error("Word record is split with --unit")
    cli("freq", p, "--unit", "speaker").clean_error("no ○ speaker lines")


def test_word_record_through_the_commands(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _good(tmp_path / "r.docx")
    r = cli("freq", p, "--unit", "h2", "--top", "5")
    r.ok()
    run = next(p for p in (tmp_path / "outputs").iterdir() if p.name != "latest")
    ledger = json.loads((run / "ledger.json").read_text(encoding="utf-8"))
    assert ledger["totals"]["documents"] == 2 and ledger["balanced"]
    assert ledger["files"][0]["format"] == "docx/khcoder"
    cli("compare", p, "--unit", "section", "--by", "h2", "--min-count", "1").ok()
    cli("kwic", p, "窓口", "--unit", "paragraph", "--where", "h2=窓口について").ok()
    cli("freq", p, "--where", "h2=財政について").clean_error(
        "no document has h2=財政について", "窓口について"
    )
