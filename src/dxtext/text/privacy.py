"""Masking personal data in quoted answers: names (UniDic 人名), phone numbers, e-mail addresses, 12-digit
numbers (the length of a My Number).

Reports quote answers in full; the people named in them, and their numbers, must not leak. Masking is on by
default in every command that quotes text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tokenize import Tokenizer

NAME_MASK = "〔氏名〕"
PHONE_MASK = "〔電話番号〕"
EMAIL_MASK = "〔メール〕"
NUMBER_MASK = "〔番号〕"

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# Japanese phone numbers: 03-1234-5678, 090-1234-5678, (03)1234-5678, 0312345678, 0120-123-456
PHONE_RE = re.compile(
    r"(?<!\d)(?:\(0\d{1,4}\)\s?\d{1,4}[-\s]?\d{3,4}|0\d{1,4}[-\s]\d{1,4}[-\s]\d{3,4}|0[5-9]0\d{8}|0\d{9})(?!\d)"
)
TWELVE_RE = re.compile(r"(?<!\d)\d{4}[-\s]?\d{4}[-\s]?\d{4}(?!\d)")


def mask_pii(text: str, tokenizer: Tokenizer | None = None) -> str:
    """Replace e-mail addresses, phone numbers, 12-digit numbers and (with a tokenizer) personal names."""
    text = EMAIL_RE.sub(EMAIL_MASK, text)
    text = TWELVE_RE.sub(NUMBER_MASK, text)
    text = PHONE_RE.sub(PHONE_MASK, text)
    if tokenizer is not None:
        text = _mask_names(text, tokenizer)
    return text


_HIRAGANA_RE = re.compile(r"^[\u3041-\u309f]+$")
_HONORIFIC_RE = re.compile(r"^\s?(?:さん|様|さま|氏|君|くん|ちゃん|先生|殿)")


# A surname that UniDic tags as a place (井田, 豊岡, 諸富 …) is a name when a person's title follows it, as in
# minutes: "豊岡委員、お願いします" (委員会 is a committee, 市長/知事 the office of a place, so not these).
_PERSON_TITLE_RE = re.compile(
    r"^\s?(?:委員(?!会)|部会長|分科会長|委員長|副会長|会長|議員|議長|局長|部長|課長|室長|係長|教授|准教授|講師|先生|さん|様|さま|氏|君|くん|殿)"
)


def _is_name(token: object, text: str) -> bool:
    """UniDic's 人名 tag; a name written only in hiragana counts only before an honorific (ひめじポイント's ひめ
    is tagged 人名 too, but a person written in hiragana is nearly always followed by さん, 様 …); a place name
    right before a person's title (豊岡委員) is a surname."""
    if token.word_class == "地名":  # type: ignore[attr-defined]
        return bool(_PERSON_TITLE_RE.match(text[token.end : token.end + 6]))  # type: ignore[attr-defined]
    if token.word_class != "人名":  # type: ignore[attr-defined]
        return False
    if _HIRAGANA_RE.match(token.surface):  # type: ignore[attr-defined]
        return bool(_HONORIFIC_RE.match(text[token.end : token.end + 4]))  # type: ignore[attr-defined]
    return True


def _mask_names(text: str, tokenizer: Tokenizer) -> str:
    spans = [(t.start, t.end) for t in tokenizer.analyze(text) if _is_name(t, text)]
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in spans:  # 山田 太郎 / 山田太郎 → one mask, not two
        if merged and text[merged[-1][1] : start].strip() == "":
            merged[-1][1] = end
        else:
            merged.append([start, end])
    parts = []
    last = 0
    for start, end in merged:
        parts.append(text[last:start])
        parts.append(NAME_MASK)
        last = end
    parts.append(text[last:])
    return "".join(parts)
