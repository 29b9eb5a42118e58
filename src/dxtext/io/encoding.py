"""Reading bytes: checks that a path is a readable, non-empty file, detection of the encoding (UTF-8, CP932,
EUC-JP, UTF-16 with BOM) and decoding with errors that name the line and byte and suggest ``--encoding``."""

from __future__ import annotations

import codecs
import difflib
import os
from pathlib import Path

from ..errors import CorpusError
from ..i18n import _

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


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(data: bytes) -> str:
    """Name of the codec that decodes ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, CP932, EUC-JP.

    UTF-8 is tried first and strictly (a CP932 or EUC-JP file with Japanese text is practically never valid
    UTF-8). When both CP932 and EUC-JP decode, charset-normalizer chooses. Returns "" when none fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
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


def read_text_file(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file; returns (text, codec). Undecodable input names the line and byte and suggests --encoding."""
    _check_path(path)
    data = path.read_bytes()
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
    else:
        if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            off = data.index(b"\x00")
            raise CorpusError(
                _(
                    "{path}: line {v0}, byte {off}: NUL bytes — this is not a text/CSV file (a binary file, or UTF-16 without a BOM); export it again as CSV (UTF-8 or CP932)."
                ).format(path=path, v0=_line_of(data, off), off=off)
            )
        codec = detect_encoding(data)
        if not codec:
            off = _first_bad_byte(data)
            raise CorpusError(
                _(
                    "{path}: line {v0}, byte {off}: not UTF-8, CP932 (Shift_JIS) or EUC-JP; if you know the encoding, give it with --encoding."
                ).format(path=path, v0=_line_of(data, off), off=off)
            )
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        raise CorpusError(
            _(
                "{path}: line {v0}, byte {start}: cannot be decoded as {codec}; try another --encoding (utf-8, cp932, euc-jp) or leave it out to detect it."
            ).format(path=path, v0=_line_of(data, e.start), start=e.start, codec=codec)
        ) from None
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


def _first_bad_byte(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start
    return 0
