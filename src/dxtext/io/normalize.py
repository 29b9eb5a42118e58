"""Text normalisation: pure ``str -> str`` steps and non-answer detection.

Choices (documented in the README too):

* **NFKC** folds full-width ASCII (ＡＩ→AI, １２→12) and half-width katakana (ｼｽﾃﾑ→システム), so
  spelling variants of the same word meet before the tokenizer sees them.
* **Circled numbers** (①…⑳, ㉑…㊿) are *kept*: NFKC would turn ① into "1", but in Japanese documents they
  are structural markers (section headings), not numbers.
* **Waves**: 〜 (U+301C), ～ (U+FF5E) and ~ between non-ASCII characters become 〜, one range mark.
* **Quotes and brackets** are left alone (「」『』“” are removed later as symbols by the tokenizer).
* **Whitespace**: the ideographic space becomes a normal space (NFKC); runs of spaces and tabs become one
  space; CR LF and CR become LF; lines are stripped; more than one blank line becomes one.
* **Spaces between Japanese and ASCII** (``2021 年度``, ``DX に``: debris of PDF extraction and of
  typesetting) are removed; spaces between two Japanese or two ASCII words are kept.
* **Control characters** other than LF and TAB are removed (they come from broken exports and would break
  CSV/XLSX outputs), and so are zero-width characters and the bidirectional controls (U+202A–202E,
  U+2066–2069, U+200E/200F, U+061C), which could make a quoted answer display differently from what it says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

_CIRCLED = (
    {chr(c) for c in range(0x2460, 0x2474)}
    | {chr(c) for c in range(0x3251, 0x3260)}
    | {chr(c) for c in range(0x32B1, 0x32C0)}
)
_CIRCLED_RE = re.compile("[" + "".join(sorted(_CIRCLED)) + "]")
# C0/C1 controls (not LF, TAB), zero-width characters, line/paragraph separators, BOMs, and the bidirectional
# controls (embeddings, overrides, isolates, marks) that can make text display in another order than it is stored
# (Trojan-Source-style spoofing in a table or a report).
_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")
_BLANKS_RE = re.compile(r"\n{3,}")
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_MIXED_SPACE_RE = re.compile(rf"(?<=[{_CJK}]) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?=[{_CJK}])")
_WAVE_RE = re.compile(r"(?<=[^\x00-\x7f])~|~(?=[^\x00-\x7f])|[\uff5e\u301c]")


def nfkc(text: str) -> str:
    """NFKC, except that circled numbers (structural markers) are kept as they are."""
    if not _CIRCLED_RE.search(text):
        return unicodedata.normalize("NFKC", text)
    parts = []
    last = 0
    for m in _CIRCLED_RE.finditer(text):
        parts.append(unicodedata.normalize("NFKC", text[last : m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(unicodedata.normalize("NFKC", text[last:]))
    return "".join(parts)


# Characters whose NFKC is one plain character or a short string, replaced by their compatibility decomposition
# (NFKD) in one regular-expression pass: full-width ASCII (！（）？１Ａ …), the ideographic space and the
# half-width 。「」、. NFKC(replaced) == NFKC(text) (a character and its NFKD decompose alike), and most
# Japanese answers that are not NFKC already are after it, so the slow general NFKC runs only on the rest
# (a regular expression with a lookup is faster than str.translate on non-ASCII text).
_WIDTH = {
    chr(c): unicodedata.normalize("NFKD", chr(c))
    for c in (*range(0xFF01, 0xFF5F), *range(0xFF61, 0xFF65), 0x3000)
}
_WIDTH_RE = re.compile("[\uff01-\uff5e\uff61-\uff64\u3000]")


def _width(m: re.Match[str]) -> str:
    return _WIDTH[m.group()]


def _nfkc_fast(text: str) -> str:
    """``nfkc(text)``, common full-width characters replaced first (the same result, faster)."""
    text = _WIDTH_RE.sub(_width, text)
    return text if unicodedata.is_normalized("NFKC", text) else nfkc(text)


def remove_controls(text: str) -> str:
    """Drop control characters except LF and TAB (and zero-width spaces, BOMs)."""
    return _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def fold_waves(text: str) -> str:
    """Make 〜, ～ and a ~ next to Japanese text one range mark, 〜."""
    if "~" not in text and "\uff5e" not in text and "\u301c" not in text:
        return text  # nothing to fold (most texts): three scans in C instead of a regular expression
    return _WAVE_RE.sub("〜", text)


def _tidy_line(line: str) -> str:
    if not line.isprintable() or "  " in line:  # else no blank but single spaces: nothing to shorten
        line = _SPACES_RE.sub(" ", line)
    return (_MIXED_SPACE_RE.sub("", line) if " " in line else line).strip()


def tidy_whitespace(text: str) -> str:
    """One space for runs of blanks, stripped lines, at most one blank line, no outer whitespace."""
    if "\n" not in text:
        return _tidy_line(text)  # one line (most answers): already stripped, no blank line to shorten
    text = "\n".join([_tidy_line(line) for line in text.split("\n")])
    return (_BLANKS_RE.sub("\n\n", text) if "\n\n\n" in text else text).strip()


# An HTML character reference as web survey systems export them: &hellip; &hArr; &amp; &#12354; &#x3042;
ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def decode_entities(text: str) -> str:
    """HTML character references decoded (&hellip; → …, &amp; → &), to a fixed point so that the result is
    the same however often it is applied (&amp;hellip; → …); text without a reference is returned as is."""
    if "&" not in text:
        return text
    import html

    while True:
        decoded = ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
        if decoded == text:
            return text
        text = decoded


def has_entities(text: str) -> bool:
    """Whether normalisation will decode an HTML character reference in ``text`` (counted in the ledger)."""
    return "&" in text and ENTITY_RE.search(text) is not None


def normalize_text(text: str) -> str:
    """The full normalisation used for every document (idempotent).

    Its steps are each skipped when it cannot change the text (a million
    answers are mostly one printable line already in NFKC): a printable text has no control character, CR or
    zero-width character to remove, and an NFKC text holds no circled number to keep apart
    (tests/io/test_normalize_fast.py compares it with every step applied, on hostile strings)."""
    if "&" in text:
        text = decode_entities(text)
    if not text.isprintable():
        text = remove_controls(text)
    if "~" in text or "\uff5e" in text or "\u301c" in text:
        text = _WAVE_RE.sub("〜", text)
    if not _is_normalized("NFKC", text):
        text = _nfkc_fast(text)
        if "~" in text or "\uff5e" in text or "\u301c" in text:
            text = _WAVE_RE.sub("〜", text)
    elif "~" in text:  # fold_waves again: a ~ next to a 〜 made by the first fold (a~~～ → a~〜〜 → a〜〜〜)
        text = _WAVE_RE.sub("〜", text)
    if "\n" not in text:
        return _tidy_line(text)
    return tidy_whitespace(text)


_is_normalized = unicodedata.is_normalized


# --- non-answers -------------------------------------------------------------------------------------

DEFAULT_NON_ANSWERS: tuple[str, ...] = (
    "特になし",
    "特に無し",
    "特にない",
    "特に無い",
    "特にありません",
    "特に有りません",
    "特にございません",
    "特になし です",
    "特になし です",
    "特に思いつかない",
    "特に思いつきません",
    "特には",
    "特に",
    "なし",
    "無し",
    "ない",
    "無い",
    "ありません",
    "ございません",
    "無回答",
    "未回答",
    "回答なし",
    "同上",
    "同じ",
    "上記",
    "上記と同じ",
    "上に同じ",
    "前に同じ",
    "わからない",
    "分からない",
    "判らない",
    "わかりません",
    "分かりません",
    "不明",
    "知らない",
    "該当なし",
    "該当無し",
    "該当しない",
    "該当ありません",
    "とくになし",
    "とくにない",
    "とくにありません",
    "none",
    "nothing",
    "no",
    "na",
    "n/a",
    "nil",
    "なしです",
    "無しです",
    "ないです",
    "特にないです",
    "特になしです",
    "特に意見なし",
    "意見なし",
    "意見はありません",
    "特に意見はありません",
    "コメントなし",
    "特にコメントなし",
)

_STRIP_RE = re.compile(r"[\s。、．，.,!！?？・…‥ー\-―─－~〜()（）「」『』\"'“”‘’*＊#＃/]+")


class NonAnswerDetector:
    """Tells whether an answer says nothing (特になし, 同上, ー …).

    The answer is normalised, punctuation and spaces are stripped, and the rest is compared with the list
    (case-insensitive). An answer made only of symbols ("ー", "-", "・・・") is a non-answer too.
    """

    def __init__(self, phrases: Iterable[str] = DEFAULT_NON_ANSWERS) -> None:
        self.phrases = frozenset(self.key(p) for p in phrases if self.key(p))

    @staticmethod
    def key(text: str) -> str:
        return _STRIP_RE.sub("", normalize_text(text)).lower()

    def __call__(self, text: str, *, normalized: bool = False) -> bool:
        """Whether ``text`` says nothing; ``normalized=True`` when it is already ``normalize_text``'s output
        (the reader's case: each text is then normalised once, not twice)."""
        if len(text) > 40:  # a long answer is never a non-answer, and this keeps the check cheap
            return False
        k = _STRIP_RE.sub("", text).lower() if normalized else self.key(text)
        if not k:
            return bool(text.strip())  # symbols only; an empty text is "empty", not a non-answer
        return k in self.phrases

    def flags(self, texts: Iterable[str]) -> list[bool]:
        """``self(t, normalized=True)`` for each of the texts (already normalised), with the check inlined for a
        million answers; a subclass with its own ``__call__`` is asked one text at a time."""
        if type(self).__call__ is not NonAnswerDetector.__call__:
            return [self(t, normalized=True) for t in texts]
        strip, phrases = _STRIP_RE.sub, self.phrases
        # a character that is neither stripped nor (in any case) in a phrase stays in the key, which then is no
        # phrase: one search that mostly stops at the first character of an answer
        chars = "".join(sorted({c for p in phrases for c in p}))
        other = re.compile(f"[^{_STRIP_RE.pattern[1:-2]}{re.escape(chars)}]", re.IGNORECASE).search
        out = []
        for t in texts:
            if len(t) > 40 or other(t):
                out.append(False)
                continue
            k = strip("", t).lower()
            out.append(k in phrases if k else bool(t.strip()))
        return out

    @classmethod
    def from_file(cls, path: Path, *, extend_default: bool = True) -> NonAnswerDetector:
        """One phrase a line (UTF-8, ``#`` comments) — the users' own list, added to the default one."""
        from .encoding import read_text_file

        text, _ = read_text_file(Path(path))  # missing, a folder, binary: one line; CP932 or UTF-8: detected
        phrases = [
            line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
        ]
        return cls((*DEFAULT_NON_ANSWERS, *phrases) if extend_default else phrases)
