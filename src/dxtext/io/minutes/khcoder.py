"""The KH Coder parser: text marked up with ``<h1>…</h1>`` to ``<h5>…</h5>`` heading lines.

Units as KH Coder makes them (checked against KH Coder's preprocessing, mysql_ready.pm ``hyosobun``):

* **paragraph** (段落): each non-empty line that is not a heading, under the headings in force;
* **sentence** (文): a line is cut after *every* 。 — also inside 「」 and other brackets, so
  ``「はい。」と答えた。`` is the two sentences ``「はい。`` and ``」と答えた。`` — and a line break always ends a
  sentence; ！, ？, ! and ? do not end one, nor does ．. A heading line is one sentence (a 。 inside a heading
  does not cut it) and no paragraph. Pieces with no character but blanks are no sentence;
* **h1**…**h5**: the text under each heading of that level up to the next heading of the same or a higher
  level.

Sentence units carry the attribute ``heading`` (h1…h5 for a heading's own sentence, empty otherwise), so a
heading can be left out with ``--where heading=`` (KH Coder counts it among the sentences).
"""

from __future__ import annotations

import re

from ...errors import CorpusError
from ...i18n import _
from .common import MinutesUnit, _tidy

_KH_HEADING = re.compile(r"^\s*<[hH]([1-5])>(.*?)</[hH]\1>\s*$")


def _khcoder_units(text: str, unit: str) -> list[MinutesUnit]:
    levels = ["", "", "", "", ""]
    lines: list[tuple[int, str, tuple[str, ...], str]] = []  # (line, text, headings, heading level or '')
    paragraphs: list[tuple[int, str, tuple[str, ...]]] = []  # (line, text, headings h1..h5)
    heads: list[tuple[int, int, tuple[str, ...], int]] = []  # (line, level, headings, index into paragraphs)
    for lineno, raw in enumerate(text.splitlines(), 1):
        if m := _KH_HEADING.match(raw):
            lv = int(m.group(1))
            levels[lv - 1] = _tidy(m.group(2))
            for k in range(lv, 5):
                levels[k] = ""
            heads.append((lineno, lv, tuple(levels), len(paragraphs)))
            if levels[lv - 1]:
                lines.append((lineno, levels[lv - 1], tuple(levels), f"h{lv}"))
            continue
        x = _tidy(raw)
        if x:
            paragraphs.append((lineno, x, tuple(levels)))
            lines.append((lineno, x, tuple(levels), ""))

    def attrs(hs: tuple[str, ...]) -> dict[str, str]:
        return {"kind": "body", **{f"h{k + 1}": hs[k] for k in range(5)}}

    if unit in ("h1", "h2", "h3", "h4", "h5"):
        lv = int(unit[1])
        if not any(h[1] == lv for h in heads):
            found = sorted({f"h{h[1]}" for h in heads})
            raise CorpusError(
                _(
                    "this KH Coder record has no <{unit}> headings; use --unit {found}, paragraph or sentence"
                ).format(unit=unit, found=", ".join(found))
            )
        out = []
        for k, (line, hlv, hs, start) in enumerate(heads):
            if hlv != lv:
                continue
            end = len(paragraphs)
            for later in heads[k + 1 :]:
                if later[1] <= lv:
                    end = later[3]
                    break
            body = "\n".join(p[1] for p in paragraphs[start:end])
            if body:
                out.append(MinutesUnit(body, line, attrs(hs)))
        return out
    if unit == "sentence":
        return [
            MinutesUnit(s, ln, {**attrs(hs), "heading": head})
            for ln, x, hs, head in lines
            for s in ([x] if head else kh_sentences(x))
        ]
    return [MinutesUnit(x, ln, attrs(hs)) for ln, x, hs in paragraphs]


def kh_sentences(line: str) -> list[str]:
    """KH Coder's sentences of one line: cut after every 。 (inside brackets too); ！？ do not cut.

    >>> kh_sentences("「はい。そうです。」と答えた。本当か！そうだ")
    ['「はい。', 'そうです。', '」と答えた。', '本当か！そうだ']
    """
    out = []
    for piece in re.split(r"(?<=。)", line):
        piece = _tidy(piece)
        if piece:
            out.append(piece)
    return out
