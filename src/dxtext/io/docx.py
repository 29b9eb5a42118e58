"""A Word record (.docx) as the text of a record: what :func:`dxtext.io.corpus.read_corpus` splits as a .txt.

* every paragraph is a line, in the order of the document, the paragraphs of tables included: each cell's
  paragraphs are lines (a cell merged over several rows or columns once), nested tables in place;
* a paragraph in a Word heading style (Heading 1…5, 見出し 1…5, or any style or paragraph with outline level
  1…5) becomes a KH Coder heading line ``<hN>…</hN>``, so ``--unit h1`` … ``h5`` split by them and every
  unit keeps its headings as attributes; ``--unit section`` is the top level used more than once (a single
  Heading 1 is the document's title, its Heading 2 parts the sections);
* a record of speaker turns (○山田委員長 …) is read as the same record saved as .txt would be: the speaker
  parser decides, and headings stay lines of text (they are the agenda items of minutes).

Refused in one line, before python-docx reads anything: an encrypted (password-protected) document, which Word
saves as an OLE compound file with an ``EncryptionInfo`` stream; an old Word .doc; a file that is no zip or
whose parts are damaged; a document.xml larger than :data:`MAX_XML_BYTES` once unpacked.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ..i18n import _
from .encoding import _check_path
from .normalize import remove_controls

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: the unpacked main part of a Word file read at most (a zip bomb is refused, not unpacked)
MAX_XML_BYTES = 512 * 1024 * 1024

_HEADING_NAME = re.compile(r"^(?:heading|見出し)\s*([1-9])$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class WordText:
    """The record as lines: ``text`` for the parsers, ``paragraphs[k]`` the Word paragraph (1-based, in
    document order, tables' paragraphs counted) of line ``k + 1``, and the heading levels used."""

    text: str
    paragraphs: list[int]
    levels: tuple[int, ...]
    markup_headings: bool
    section_level: int | None = None


def _refuse_early(path: Path) -> None:
    _check_path(path)
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in head or _ole_has_stream(path, "EncryptionInfo"):
            raise CorpusError(
                _(
                    "{path}: a password-protected (encrypted) Word file; open it in Word, remove the password "
                    "(ファイル → 情報 → 文書の保護 → パスワードを使用して暗号化: empty) and save it again as .docx."
                ).format(path=path)
            )
        raise CorpusError(
            _(
                "{path}: an old Word .doc file (Word 97–2003) with a .docx name; open it in Word and save it as "
                "Word document (.docx)."
            ).format(path=path)
        )
    if not head.startswith(b"PK"):
        raise CorpusError(
            _(
                "{path}: not a Word .docx file (no zip archive inside); open it in Word and save it as .docx, "
                "or save the text as .txt."
            ).format(path=path)
        )


def _ole_has_stream(path: Path, name: str) -> bool:
    """Whether an OLE compound file names a stream (its directory sits anywhere in the file)."""
    needle = name.encode("utf-16-le")
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            if needle in block:
                return True
            f.seek(f.tell() - len(needle))
            if len(block) < (1 << 20):
                break
    return False


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
    except KeyError:
        raise CorpusError(
            _(
                "{path}: a zip archive without word/document.xml — not a Word document (an .xlsx or another "
                "file renamed?); give the .docx that Word saved."
            ).format(path=path)
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CorpusError(
            _(
                "{path}: a damaged Word file ({error}); open it in Word (it offers to repair it) and save it again."
            ).format(path=path, error=e)
        ) from None
    if info.file_size > MAX_XML_BYTES:
        raise CorpusError(
            _(
                "{path}: the document unpacks to {size:,.0f} MB of XML (at most {limit} MB are read); "
                "split it, or save its text as .txt."
            ).format(path=path, size=info.file_size / 2**20, limit=MAX_XML_BYTES // 2**20)
        )


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _refuse_early(path)
    _check_zip(path)
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as e:
        reason = " ".join(str(e).split())[:120] or type(e).__name__
        raise CorpusError(
            _(
                "{path}: not a readable Word document ({reason}); open it in Word and save it again as .docx."
            ).format(path=path, reason=reason)
        ) from None
    except Exception as e:  # lxml's XMLSyntaxError on a damaged part, and kin
        if type(e).__name__ in ("XMLSyntaxError", "ParseError"):
            raise CorpusError(
                _(
                    "{path}: a damaged Word file (broken XML: {error}); open it in Word and save it again."
                ).format(path=path, error=" ".join(str(e).split())[:100])
            ) from None
        raise


def _outline_level(element: Any) -> int | None:
    """w:outlineLvl of a paragraph's or a style's properties (0 = level 1; 9 = body text)."""
    ppr = element.find(f"{_W}pPr")
    if ppr is None:
        return None
    lvl = ppr.find(f"{_W}outlineLvl")
    if lvl is None:
        return None
    try:
        return int(lvl.get(f"{_W}val"))
    except (TypeError, ValueError):
        return None


def heading_level(paragraph: Any) -> int | None:
    """1…9 for a heading paragraph (by its style's name, or the outline level of the paragraph or its style
    and the styles it is based on), None for body text."""
    own = _outline_level(paragraph._p)
    if own is not None:
        return own + 1 if own < 9 else None
    style = paragraph.style
    seen = 0
    while style is not None and seen < 20:
        name = unicodedata.normalize("NFKC", style.name or "").strip()
        if m := _HEADING_NAME.match(name):
            return int(m.group(1))
        lvl = _outline_level(style.element)
        if lvl is not None:
            return lvl + 1 if lvl < 9 else None
        style = style.base_style
        seen += 1
    return None


def _blocks(container: Any) -> Iterator[tuple[Any, bool]]:
    """(paragraph, in a table) in document order; a merged cell once."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            seen: set[Any] = set()  # the cells' elements themselves: kept alive, so never mistaken by id
            for row in item.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    for inner, _ in _blocks(cell):
                        yield inner, True
        else:
            yield item, False


def word_text(path: Path) -> WordText:
    """The record's lines with headings marked (see the module's notes); speaker records unmarked."""
    from .minutes import detect_markup

    document = _open(path)
    plain: list[str] = []
    marked: list[str] = []
    paragraphs: list[int] = []
    levels: dict[int, int] = {}
    for number, (paragraph, in_table) in enumerate(_blocks(document), 1):
        text = remove_controls(paragraph.text.replace("\r", "\n"))
        level = None if in_table else heading_level(paragraph)
        for k, line in enumerate(text.split("\n")):
            if not line.strip():
                continue
            plain.append(line)
            if level is not None and level <= 5 and k == 0:
                marked.append(f"<h{level}>{line.strip()}</h{level}>")
                levels[level] = levels.get(level, 0) + 1
            else:
                marked.append(line)
            paragraphs.append(number)
    speaker = detect_markup("\n".join(plain)) == "speaker"
    use_marks = bool(levels) and not speaker
    text = "\n".join(marked if use_marks else plain)
    if not use_marks:
        return WordText(text, paragraphs, (), False)
    # sections: the top heading level that occurs more than once (a lone Heading 1 is the document's title)
    section = next((lv for lv in sorted(levels) if levels[lv] >= 2), max(levels))
    return WordText(text, paragraphs, tuple(sorted(levels)), True, section)
