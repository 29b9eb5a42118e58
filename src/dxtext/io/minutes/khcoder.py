"""The KH Coder parser: text marked up with ``<h1>…</h1>`` to ``<h5>…</h5>`` heading lines.

Each non-empty line is a paragraph (KH Coder's 段落) under the headings in force; a unit ``h1``…``h5`` is the
text under each heading of that level up to the next heading of the same or a higher level.
"""

from __future__ import annotations

import re

from ...errors import CorpusError
from .common import MinutesUnit, _sentence_spans, _tidy

_KH_HEADING = re.compile(r"^\s*<[hH]([1-5])>(.*?)</[hH]\1>\s*$")


def _khcoder_units(text: str, unit: str) -> list[MinutesUnit]:
    levels = ["", "", "", "", ""]
    paragraphs: list[tuple[int, str, tuple[str, ...]]] = []  # (line, text, headings h1..h5)
    heads: list[tuple[int, int, tuple[str, ...], int]] = []  # (line, level, headings, index into paragraphs)
    for lineno, raw in enumerate(text.splitlines(), 1):
        if m := _KH_HEADING.match(raw):
            lv = int(m.group(1))
            levels[lv - 1] = _tidy(m.group(2))
            for k in range(lv, 5):
                levels[k] = ""
            heads.append((lineno, lv, tuple(levels), len(paragraphs)))
            continue
        x = _tidy(raw)
        if x:
            paragraphs.append((lineno, x, tuple(levels)))

    def attrs(hs: tuple[str, ...]) -> dict[str, str]:
        return {"kind": "body", **{f"h{k + 1}": hs[k] for k in range(5)}}

    if unit in ("h1", "h2", "h3", "h4", "h5"):
        lv = int(unit[1])
        if not any(h[1] == lv for h in heads):
            found = sorted({f"h{h[1]}" for h in heads})
            raise CorpusError(
                f"this KH Coder record has no <{unit}> headings; use --unit {', '.join(found)}, paragraph or sentence"
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
        return [MinutesUnit(s, ln, attrs(hs)) for ln, x, hs in paragraphs for _, s in _sentence_spans(x)]
    return [MinutesUnit(x, ln, attrs(hs)) for ln, x, hs in paragraphs]
