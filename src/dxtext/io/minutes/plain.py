"""The plain parser: paragraphs of prose (anything that is not an outline, a speaker record or KH Coder text).

With blank lines in the text, a paragraph is a blank-line block (its lines glued); a block continues the
previous one when it starts with a non-starter character, or when the previous block does not end a sentence
and its last line is at least 20 characters long (a wrapped line, not a short title such as "はじめに").
Without blank lines, each line is a paragraph, glued to the previous one by the debris rule (see
:mod:`.outline`). A line indented with a full-width space always starts a paragraph.
"""

from __future__ import annotations

from .common import MinutesUnit, _dropped, _ends_sentence, _Item, _non_starter, _tidy


def _plain_items(text: str) -> list[_Item]:
    """Paragraphs of prose.

    With blank lines between text: a paragraph is a blank-line block (its lines glued), and a block continues
    the previous one when it starts with a non-starter character, or when the previous block does not end a
    sentence and its last line is at least 20 characters long (a wrapped line, not a short title).
    Without blank lines: each line is a paragraph, glued to the previous one by the debris rule.
    A line indented with a full-width space starts a paragraph in both cases.
    """
    raw_lines = text.splitlines()
    stripped = [x.strip() for x in raw_lines]
    nonblank = [k for k, x in enumerate(stripped) if x]
    blocks_mode = any(not stripped[k] for k in range(nonblank[0], nonblank[-1])) if nonblank else False
    items: list[_Item] = []
    prev: _Item | None = None
    last_len = 0
    blank = False
    for lineno, raw in enumerate(raw_lines, 1):
        x = _tidy(raw)
        if not x:
            blank = True
            continue
        if _dropped(x):
            continue
        indented = raw.startswith("\u3000")
        if prev is None or indented:
            glue = False
        elif blocks_mode:
            glue = not blank or _non_starter(x) or (not _ends_sentence(prev.text) and last_len >= 20)
        else:
            glue = not _ends_sentence(prev.text) or _non_starter(x)
        if glue and prev is not None:
            prev.append(x, lineno)
        else:
            prev = _Item("paragraph", lineno, x, blank_before=blank)
            items.append(prev)
        last_len = len(x)
        blank = False
    return items


def _plain_units(text: str, unit: str) -> list[MinutesUnit]:
    items = _plain_items(text)
    if unit == "sentence":
        return [MinutesUnit(s, ln, {"kind": "body"}) for it in items for ln, s in it.sentences()]
    return [MinutesUnit(it.text, it.line, {"kind": "body"}) for it in items]
