"""Reading bytes: checks that a path is a readable, non-empty text file (its head is sniffed before anything
else is read, so a 2 GB binary file is refused at once), detection of the encoding with evidence, and decoding
with errors that name the line and byte and suggest ``--encoding``.

The encoding is decided per file, line by line: UTF-8 validity first. A line that is valid UTF-8 and holds
Japanese text (a three-byte sequence) is never decoded otherwise, so valid UTF-8 never turns into mojibake; the
lines that are not valid UTF-8 are decoded as CP932 or EUC-JP (whichever the evidence of those lines supports),
and the lines where that happened are named in a warning of the ledger.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
from pathlib import Path

from ..errors import CorpusError
from ..i18n import N_, _

ENCODINGS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-8 bom": "utf-8-sig",
    "cp932": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    # EUC-JIS-2004 decodes every EUC-JP file and also the circled numbers (①) that real EUC-JP exports carry
    "euc-jp": "euc_jis_2004",
    "euc_jp": "euc_jis_2004",
    "eucjp": "euc_jis_2004",
    "euc_jis_2004": "euc_jis_2004",
    "utf-16": "utf-16",
}
_LABEL = {"cp932": "CP932 (Shift_JIS)", "euc_jis_2004": "EUC-JP"}

HEAD_BYTES = 1 << 16
# Kinds of file that users save or rename as .csv/.txt by mistake, told apart by their first bytes.
_MAGIC = (
    (
        b"PK\x03\x04",
        N_("a zip archive (an Excel .xlsx workbook, or a .docx); give it the right extension (.xlsx)"),
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        N_("an old Excel .xls (or Word .doc) file; save it as .xlsx or CSV"),
    ),
    (b"%PDF", N_("a PDF; copy its text into a .txt file, or export the table as CSV")),
    (b"\x89PNG", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"\x1f\x8b", N_("a gzip archive; unpack it first")),
)


def _check_path(path: Path) -> None:
    if not path.exists():
        near = ""
        if path.parent.is_dir():
            names = [p.name for p in path.parent.iterdir()]
            close = difflib.get_close_matches(path.name, names, n=3, cutoff=0.6)
            if close:
                near = _(" Did you mean: {names}?").format(names=", ".join(close))
        raise CorpusError(_("{path}: file not found.{near} Check the path.").format(path=path, near=near))
    if path.is_dir():
        raise CorpusError(
            _("{path}: is a folder; give one file (.csv, .tsv, .xlsx, .jsonl or a .txt record).").format(
                path=path
            )
        )
    if not os.access(path, os.R_OK):
        raise CorpusError(
            _("{path}: cannot be read (permission denied); check the file's permissions.").format(path=path)
        )
    if path.stat().st_size == 0:
        raise CorpusError(
            _("{path}: the file is empty (0 bytes); export the survey again.").format(path=path)
        )


def sniff_head(path: Path) -> bytes:
    """The first 64 KiB of a text file; refuses binary files (named by kind where known) before reading more."""
    _check_path(path)
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise CorpusError(
                _("{path}: this is {what}, not a text/CSV file.").format(path=path, what=_(what))
            )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head
    if b"\x00" in head:
        off = head.index(b"\x00")
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 4 and min(even, odd) < max(even, odd) // 4:
            raise CorpusError(
                _(
                    "{path}: looks like UTF-16 text without a byte-order mark; save it again as CSV UTF-8 "
                    "(or as Excel's 'Unicode text', which has the mark)."
                ).format(path=path)
            )
        raise CorpusError(
            _(
                "{path}: line {line}, byte {byte}: NUL bytes — this is not a text file but a binary one; "
                "export it again as CSV (UTF-8 or CP932)."
            ).format(path=path, line=_line_of(head, off), byte=off)
        )
    return head


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(data: bytes) -> str:
    """Name of the codec that decodes ``data`` as a whole: UTF-8 (with or without BOM), UTF-16 with BOM, CP932,
    EUC-JP; "" when none fits. (A file that mixes UTF-8 lines with others is read by :func:`decode_bytes`.)"""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return _legacy_codec(data)


def _legacy_codec(data: bytes) -> str:
    fits = []
    for enc in ("cp932", "euc_jis_2004"):
        try:
            data.decode(enc)
            fits.append(enc)
        except UnicodeDecodeError:
            pass
    if len(fits) == 1:
        return fits[0]
    if not fits:
        return ""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["cp932", "euc_jp", "shift_jis", "euc_jis_2004"]).best()
    if best is not None and best.encoding in ("euc_jp", "euc_jis_2004"):
        return "euc_jis_2004"
    return "cp932"


_WIDE_UTF8 = re.compile(rb"[\xe0-\xf4][\x80-\xbf]{2}")  # a three- or four-byte UTF-8 sequence (kana, kanji …)


def decode_bytes(data: bytes, where: str) -> tuple[str, str, list[str]]:
    """Decode a file's bytes with evidence: (text, codec, warnings). See the module's docstring."""
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8", []
    except UnicodeDecodeError:
        pass
    lines = body.split(b"\n")
    utf8_lines: list[bool] = []
    evidence = 0
    foreign = []
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            utf8_lines.append(False)
            foreign.append(line)
            continue
        evidence += _WIDE_UTF8.search(line) is not None
        utf8_lines.append(True)
    legacy = _legacy_codec(b"\n".join(foreign))
    if not legacy:
        bad = [i for i, ok in enumerate(utf8_lines) if not ok]
        worst = next((i for i in bad if not _decodes(lines[i])), bad[0])
        off = sum(len(x) + 1 for x in lines[:worst]) + (3 if bom else 0)
        raise CorpusError(
            _(
                "{where}: line {line}, byte {byte}: not UTF-8, CP932 (Shift_JIS) or EUC-JP (or lines in several "
                "of them); if you know the encoding, give it with --encoding, or save the file again in one "
                "encoding."
            ).format(where=where, line=worst + 1, byte=off)
        )
    if not evidence and not bom:  # no line is Japanese UTF-8: the whole file is in the legacy encoding
        return body.decode(legacy, errors="strict"), legacy, []
    out = []
    odd = []
    wide = []
    for i, (line, ok) in enumerate(zip(lines, utf8_lines, strict=True)):
        if ok:
            out.append(line.decode("utf-8"))
            if not line.isascii():
                wide.append(i + 1)
        else:
            out.append(line.decode(legacy))
            odd.append(i + 1)

    def shown(numbers: list[int]) -> str:
        more = _(" and {n} more").format(n=len(numbers) - 10) if len(numbers) > 10 else ""
        return ", ".join(_("line {n}").format(n=n) for n in numbers[:10]) + more

    if len(odd) <= len(wide):
        warning = _(
            "{where}: {n} of {total} lines are not valid UTF-8 and were read as {codec}, "
            "the rest as UTF-8 ({lines}); check those rows, and save the file again in one encoding."
        ).format(where=where, n=len(odd), total=len(lines), codec=_LABEL[legacy], lines=shown(odd))
    else:
        warning = _(
            "{where}: the file is {codec} but {n} of its {total} lines are UTF-8 and were "
            "read as UTF-8 ({lines}); check those rows, and save the file again in one encoding."
        ).format(where=where, codec=_LABEL[legacy], n=len(wide), total=len(lines), lines=shown(wide))
    return "\n".join(out), f"utf-8+{legacy}", [warning]


def _decodes(line: bytes) -> bool:
    for enc in ("utf-8", "cp932", "euc_jis_2004"):
        try:
            line.decode(enc)
            return True
        except UnicodeDecodeError:
            pass
    return False


def read_text_file(
    path: Path, encoding: str | None = None, *, warnings: list[str] | None = None
) -> tuple[str, str]:
    """Decode a file; returns (text, codec). Undecodable input names the line and byte and suggests --encoding.
    Lines read in another encoding than the rest are named in ``warnings`` (when given)."""
    head = sniff_head(path)
    if encoding:
        codec = ENCODINGS.get(encoding.lower().strip())
        if codec is None:
            try:
                codec = codecs.lookup(encoding).name
            except LookupError:
                raise CorpusError(
                    _(
                        "--encoding {encoding}: unknown encoding; use utf-8, utf-8-sig, cp932 or euc-jp."
                    ).format(encoding=encoding)
                ) from None
    data = path.read_bytes() if len(head) == HEAD_BYTES else head
    if encoding:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            raise CorpusError(
                _(
                    "{path}: line {line}, byte {byte}: cannot be decoded as {codec}; "
                    "try another --encoding (utf-8, cp932, euc-jp) or leave it out to detect it."
                ).format(path=path, line=_line_of(data, e.start), byte=e.start, codec=codec)
            ) from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            raise CorpusError(
                _("{path}: byte {byte}: broken UTF-16 (the file is cut or damaged); export it again.").format(
                    path=path, byte=e.start
                )
            ) from None
    else:
        if b"\x00" in data:
            off = data.index(b"\x00")
            raise CorpusError(
                _(
                    "{path}: line {line}, byte {byte}: NUL bytes — this file is damaged or binary; "
                    "export it again as CSV (UTF-8 or CP932)."
                ).format(path=path, line=_line_of(data, off), byte=off)
            )
        text, codec, notes = decode_bytes(data, str(path))
        if warnings is not None:
            warnings.extend(notes)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CorpusError(
            _("{path}: line {line}: NUL characters in the text; this file is damaged or binary.").format(
                path=path, line=line
            )
        )
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > max(20, len(text[:100_000]) // 100):
        raise CorpusError(
            _(
                "{path}: {controls} control characters in the first 100,000 characters — this looks like a binary file, not text; give a CSV, XLSX or text file."
            ).format(path=path, controls=controls)
        )
    return text, codec
