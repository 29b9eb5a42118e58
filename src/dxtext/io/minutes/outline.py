"""The 議事概要 (outline) parser: headings, header lines, bullets, answers, and the debris of PDF extraction.

A 議事概要: title and header lines (日 時, 場 所, 出席者, 議 事 …), numbered parts ("1. …"), "○ …"
sub-headings, circled-number headings (①…), bullets ("・…", "- ・…"), answers ("→…") and a closing
"（文責：…）".

Outline headings and header
---------------------------
Three heading levels: *part* ("1. …", "１．…", "第1部"), *subsection* ("○ …", also ◯〇■□◆◇●) and *section*
(①…㊿, "（1）…"). A heading line has no "。" and at most 100 characters (a "①…。" line is text). A new part
clears the subsection and section, a new subsection clears the section. ``attrs["section"]`` is always the
lowest heading in force (the ① heading, else the ○ sub-heading, else the part), so every unit can be grouped
by it. Before the first heading or bullet, the first line (if it does not end a sentence) is the title and a
line "日 時：", "場 所：", "出席者：", "議 事：" … starts a header item that takes the lines after it up to a
blank line (so the ○ agenda list under 議 事 is not taken for sub-headings).

Debris joining (text extracted from PDF)
----------------------------------------
A line that does not start with a marker (・, - ・, "- ", →, ○, ①…⑳, "N.", a heading) is a *continuation* and
is glued to the previous unit without a space when the previous unit's text does not end a sentence
(。．！？!?」』）)】〕) or when the line starts with a character that cannot start a sentence (、。」）ゃっー…).
Blank lines between the two do not matter (page breaks leave them). Otherwise the line is a new paragraph
unit. Continuations never cross a heading.

A new "・" always starts a new bullet, also in the middle of a line right after a sentence end ("…。・次に…"),
and likewise "→" after a sentence end starts a new answer ("…事実。→その一方で…"). A "・" elsewhere (as in
"デジタル化・DX") is a 中黒 and stays.

A line "- …" without ・ (a list item whose bullet glyph was lost) is a continuation when the rule above says
so; otherwise it is its own unit: an *answer* when the unit before it is a question (its text ends with
"か。", "？" or "?") or an answer, and a plain bullet otherwise. In the shared 議事概要, "- イベント的に…"
follows the question "…どのような取り組みを行っているか。" and "- ただし…" follows that reply: both are
answers, each its own unit.

Questions and answers
---------------------
"→…" units have ``turn == "answer"``; the unit directly before one or more answers (under the same heading)
has ``turn == "question"``; every other unit has ``turn == ""``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import CorpusError
from ...i18n import _
from .common import MinutesUnit, _dropped, _ends_sentence, _Item, _non_starter, _tidy

_CIRCLED = "\u2460-\u2473\u3251-\u325f\u32b1-\u32bf"

_BULLET = re.compile(r"^(?:[-‐－]\s*)?[・･•]\s*")
_ANSWER = re.compile(r"^[→⇒➡]\s*")
_DASH = re.compile(r"^[-‐－]\s+(?=\S)")
_PART = re.compile(r"^(?:[0-9０-９]{1,3}[.．](?![0-9０-９])\s*\S|第[0-9０-９一二三四五六七八九十]+[部章])")
_SUBSECTION = re.compile(r"^[○◯〇■□◆◇●]\s*\S")
_SECTION = re.compile(rf"^(?:[{_CIRCLED}]|[（(][0-9０-９]{{1,2}}[)）])\s*\S")
_HEADER_LABEL = re.compile(
    r"^(?:日\s*時|日\s*程|開催日時?|場\s*所|会\s*場|出\s*席\s*者?|欠\s*席\s*者?|議\s*事|議\s*題|次\s*第|"
    r"配\s*付\s*資\s*料|資\s*料)\s*[：:]"
)
_FOOTER = re.compile(r"^(?:[（(]\s*(?:文責|記録|作成|記)\s*[：:].*[)）]|以\s*上)$")
# mid-line: a bullet or an answer right after a sentence end
_MIDLINE = re.compile(r"(?<=[。．！？!?])\s*(?=[・･•→⇒➡])")
_QUESTION = re.compile(r"(?:か[。．]?|[？?][。]?)$")


def _midline_pieces(content: str) -> list[tuple[str, str]]:
    """Split a line at bullets/answers glued after a sentence end: [(marker kind, text)]; first kind is ''."""
    parts = _MIDLINE.split(content)
    out: list[tuple[str, str]] = [("", parts[0])]
    for p in parts[1:]:
        if m := _BULLET.match(p):
            out.append(("bullet", p[m.end() :]))
        elif m := _ANSWER.match(p):
            out.append(("answer", p[m.end() :]))
        else:  # pragma: no cover - the split only happens before a marker
            out.append(("", p))
    return out


# --------------------------------------------------------------------------------------------------------------
# Outline parser


@dataclass
class _Heading:
    line: int
    ctx: tuple[str, str, str]
    group: int


def _heading_kind(x: str) -> str:
    """'part', 'subsection', 'section' or '' for a tidied line. A heading has no 。 and at most 100 characters."""
    if "。" in x or len(x) > 100:
        return ""
    if _PART.match(x):
        return "part"
    if _SUBSECTION.match(x):
        return "subsection"
    if _SECTION.match(x):
        return "section"
    return ""


def _parse_outline(text: str) -> tuple[list[_Item], list[_Heading]]:
    items: list[_Item] = []
    headings: list[_Heading] = []
    ctx: tuple[str, str, str] = ("", "", "")
    group = 0
    prev: _Item | None = None  # last body item under the current heading (continuations attach to it)
    blank = False
    preamble = True
    header: _Item | None = None  # header item being extended by contiguous lines

    for lineno, raw in enumerate(text.splitlines(), 1):
        x = _tidy(raw)
        if not x:
            blank = True
            header = None
            continue
        if _dropped(x):
            blank = True
            continue
        hk = _heading_kind(x)
        is_bullet = bool(_BULLET.match(x))
        is_answer = bool(_ANSWER.match(x))
        is_dash = bool(_DASH.match(x)) and not is_bullet
        if preamble:
            if header is not None and not _HEADER_LABEL.match(x):
                header.append(x, lineno, "\n")
                continue
            if _HEADER_LABEL.match(x) or (
                not items and not hk and not _ends_sentence(x) and not (is_bullet or is_answer or is_dash)
            ):
                header = _Item("header", lineno, x)
                items.append(header)
                continue
            if hk or is_bullet or is_answer or is_dash:
                preamble = False
        if _FOOTER.match(x):
            items.append(_Item("header", lineno, x))
            prev = None
            blank = False
            continue
        if hk:
            part, sub, _ = ctx
            ctx = {"part": (x, "", ""), "subsection": (part, x, ""), "section": (part, sub, x)}[hk]
            group += 1
            headings.append(_Heading(lineno, ctx, group))
            prev = None
            blank = False
            continue

        if is_bullet:
            first_kind, content = "bullet", x[_BULLET.match(x).end() :]  # type: ignore[union-attr]
        elif is_answer:
            first_kind, content = "answer", x[_ANSWER.match(x).end() :]  # type: ignore[union-attr]
        elif is_dash:
            first_kind, content = "dash", x[_DASH.match(x).end() :]  # type: ignore[union-attr]
        else:
            first_kind, content = "text", x
        pieces = _midline_pieces(content)
        for n, (mk, piece) in enumerate(pieces):
            piece = piece.strip()
            kind = mk if n else first_kind
            if kind in ("dash", "text"):
                if prev is not None and piece and (not _ends_sentence(prev.text) or _non_starter(piece)):
                    prev.append(piece, lineno)
                    continue
                if kind == "dash":
                    asked = prev is not None and (
                        prev.kind == "answer" or (prev.kind != "header" and bool(_QUESTION.search(prev.text)))
                    )
                    kind = "answer" if asked else "bullet"
                else:
                    kind = "paragraph"
            if not piece:
                continue
            item = _Item(kind, lineno, piece, ctx, group, blank_before=blank and n == 0)
            items.append(item)
            prev = item
        blank = False

    # turns: answers, and the unit right before answers under the same heading
    body = [it for it in items if it.kind != "header"]
    for k, it in enumerate(body):
        if it.kind == "answer":
            it.turn = "answer"
        elif k + 1 < len(body) and body[k + 1].kind == "answer" and body[k + 1].group == it.group:
            it.turn = "question"
    return items, headings


def _lowest(ctx: tuple[str, str, str]) -> str:
    return ctx[2] or ctx[1] or ctx[0]


def _outline_attrs(it: _Item, kind: str = "body") -> dict[str, str]:
    part, sub, sec = it.ctx if it.kind != "header" else ("", "", "")
    return {
        "kind": "header" if it.kind == "header" else kind,
        "part": part,
        "subsection": sub,
        "section": _lowest((part, sub, sec)),
        "turn": it.turn,
    }


def _outline_units(text: str, unit: str) -> list[MinutesUnit]:
    items, headings = _parse_outline(text)
    if unit == "section":
        if not headings:
            raise CorpusError(
                _(
                    "this record has no headings (1. …, ○ …, ① …) to split into sections; "
                    "use --unit bullet, paragraph or sentence"
                )
            )
        out: list[tuple[int, MinutesUnit]] = []
        by_group: dict[int, list[_Item]] = {}
        for it in items:
            if it.kind != "header":
                by_group.setdefault(it.group, []).append(it)
        heading_of = {h.group: h for h in headings}
        for it in items:
            if it.kind == "header":
                out.append(
                    (
                        it.line,
                        MinutesUnit(it.text, it.line, {**_outline_attrs(it), "bullets": "0", "answers": "0"}),
                    )
                )
        for g, members in by_group.items():
            h = heading_of.get(g)
            ctx = h.ctx if h else ("", "", "")
            line = h.line if h else members[0].line
            attrs = {
                "kind": "body",
                "part": ctx[0],
                "subsection": ctx[1],
                "section": _lowest(ctx),
                "turn": "",
                "bullets": str(len(members)),
                "answers": str(sum(m.kind == "answer" for m in members)),
            }
            out.append((line, MinutesUnit("\n".join(m.text for m in members), line, attrs)))
        out.sort(key=lambda p: p[0])
        return [u for _, u in out]

    if unit == "bullet":
        return [MinutesUnit(it.text, it.line, _outline_attrs(it)) for it in items]
    if unit == "sentence":
        res: list[MinutesUnit] = []
        for it in items:
            if it.kind == "header":
                res.append(MinutesUnit(it.text, it.line, _outline_attrs(it)))
            else:
                res.extend(MinutesUnit(s, ln, _outline_attrs(it)) for ln, s in it.sentences())
        return res
    # paragraph: consecutive items with no blank line between them, under one heading
    res = []
    current: list[_Item] = []

    def flush() -> None:
        if current:
            res.append(
                MinutesUnit("\n".join(i.text for i in current), current[0].line, _outline_attrs(current[0]))
            )
            current.clear()

    for it in items:
        if it.kind == "header" or not current or it.blank_before or it.group != current[0].group:
            flush()
        current.append(it)
        if it.kind == "header":
            flush()
    flush()
    return res
