"""Characters, lines and sentences shared by the record parsers, and the units they return.

Lines are tidied (runs of blanks become one space) and pieces of one sentence are joined without a space, as
Japanese is written, except between two ASCII letters or digits. Page numbers ("- 3 -", "－3－", "3", "3/10" on
a line of their own) and separator lines ("――――", "-----") are dropped. A unit *ends a sentence* when its text
ends with one of 。．！？!?」』）)】〕; a line starting with a character that cannot start a sentence
(、。」）ゃっー…) continues the unit before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class MinutesUnit:
    """One document unit of a record.

    ``text``: the unit's text (debris joined, whitespace tidied, original characters otherwise).
    ``line``: 1-based line of the input where the unit starts (for a section or hN unit: its heading line).
    ``attrs``: parent headings and more; all units of one call have the same keys.
    """

    text: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------------------
# Characters and line patterns

_TERMINALS = "。．！？!?"
_SENTENCE_END = _TERMINALS + "」』）)】〕"
# characters that cannot start a sentence (kinsoku): a line starting with one continues the previous unit
_NON_STARTERS = set(
    "、。，,．.）)」』】〕］｝}〉》！？!?ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶーゝゞヽヾ々…‥：:；;"
)
_OPEN = "「『（(【〔［"
_CLOSE = "」』）)】〕］"
_PAIR = dict(zip(_CLOSE, _OPEN, strict=True))

_WS_RUN = re.compile(r"[ \t\u3000\u00a0]{2,}|\t")
_PAGE_NUMBER = re.compile(
    r"^(?:[-－‐―ー]\s*[0-9０-９]{1,4}\s*[-－‐―ー]|[0-9０-９]{1,4}|[0-9０-９]{1,4}\s*/\s*[0-9０-９]{1,4})$"
)
_SEPARATOR = re.compile(r"^[-－‐―─━=＝＊*_~〜・･\s]{3,}$")


def _tidy(s: str) -> str:
    """Strip and collapse runs of blanks to one space (tabs become a space)."""
    return _WS_RUN.sub(" ", s.strip())


def _join(a: str, b: str) -> str:
    """Glue two pieces of one sentence: no space (Japanese), except between two ASCII letters/digits."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1:] in tuple(_SENTENCE_END)


def _non_starter(text: str) -> bool:
    return bool(text) and text[0] in _NON_STARTERS


def _dropped(line: str) -> bool:
    """Page numbers and separator lines (input already tidied)."""
    return bool(_PAGE_NUMBER.match(line) or _SEPARATOR.match(line))


# --------------------------------------------------------------------------------------------------------------
# Sentences


def _protected(text: str) -> list[bool]:
    """True for positions strictly inside a matched pair of brackets (「…」, （…） …)."""
    depth = [0] * (len(text) + 1)
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if c in _OPEN:
            stack.append((c, i))
        elif c in _CLOSE:
            want = _PAIR[c]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == want:
                    start = stack[k][1]
                    del stack[k:]
                    depth[start + 1] += 1
                    depth[i] -= 1
                    break
    out: list[bool] = []
    level = 0
    for i in range(len(text)):
        level += depth[i]
        out.append(level > 0)
    return out


def _sentence_spans(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs: split after 。！？!? outside matched brackets; closers after the end stay."""
    inside = _protected(text)
    n = len(text)
    start = 0
    i = 0
    while i < n:
        if text[i] in "。！？!?" and not inside[i]:
            j = i + 1
            while j < n and (text[j] in "。！？!?" or (text[j] in _CLOSE and not inside[j])):
                j += 1
            piece = text[start:j]
            if piece.strip():
                yield start + len(piece) - len(piece.lstrip()), piece.strip()
            start = i = j
        else:
            i += 1
    piece = text[start:]
    if piece.strip():
        yield start + len(piece) - len(piece.lstrip()), piece.strip()


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences on 。！？ (and !?), never inside 「…」, 『…』 or （…）.

    >>> split_sentences("「はい。そうです。」と答えた。次に進む。")
    ['「はい。そうです。」と答えた。', '次に進む。']
    """
    return [s for _, s in _sentence_spans(text)]


# --------------------------------------------------------------------------------------------------------------
# Items: bullets, answers, paragraphs with the lines they came from


@dataclass
class _Item:
    kind: str  # bullet | answer | paragraph | header
    line: int
    text: str
    ctx: tuple[str, str, str] = ("", "", "")  # part, subsection, section (outline records)
    group: int = 0  # heading block (outline) or speaker turn (speaker)
    blank_before: bool = False
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, input line)
    turn: str = ""

    def __post_init__(self) -> None:
        if not self.starts:
            self.starts = [(0, self.line)]

    def append(self, piece: str, line: int, sep: str | None = None) -> None:
        joined = self.text + sep + piece if sep is not None else _join(self.text, piece)
        self.starts.append((len(joined) - len(piece), line))
        self.text = joined

    def line_at(self, offset: int) -> int:
        line = self.line
        for off, ln in self.starts:
            if off <= offset:
                line = ln
        return line

    def sentences(self) -> Iterator[tuple[int, str]]:
        for off, s in _sentence_spans(self.text):
            yield self.line_at(off), s
