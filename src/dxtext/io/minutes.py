"""Meeting records → document units with attributes.

Pure functions on ``str`` (the corpus reader reads and decodes the file). Four kinds of record are recognised
by :func:`detect_markup`:

``outline``
    A 議事概要: title and header lines (日 時, 場 所, 出席者, 議 事 …), numbered parts ("1. …"), "○ …"
    sub-headings, circled-number headings (①…), bullets ("・…", "- ・…"), answers ("→…") and a closing
    "（文責：…）".
``speaker``
    Assembly or Diet minutes: a line "○" + name + title opens a speaker turn ("○山田委員長これより…",
    "○佐藤委員　質問します", "○議長（山田太郎君）").
``khcoder``
    Text marked up for KH Coder with ``<h1>…</h1>`` to ``<h5>…</h5>`` heading lines.
``plain``
    Anything else: paragraphs of prose.

Every unit keeps the input's characters: markers (・, "- ", →, ○+speaker name, heading lines) leave the text,
whitespace is tidied (runs of blanks become one space; lines are joined without a space, as Japanese is written,
except between two ASCII letters or digits). Units never have empty text. Dropped on purpose:

* page numbers ("- 3 -", "－3－", "3", "3/10" on a line of their own) and separator lines ("――――", "-----");
* in speaker records, stage directions "〔…〕" (inline or on their own line) and whole lines like
  "（「異議なし」と呼ぶ者あり）" or "（拍手）".

Header and closing lines (the title, 日 時 / 場 所 / 出席者 / 議 事 items, "（文責：…）", "以上") and the lines
before the first speaker of a speaker record are returned as units with ``attrs["kind"] == "header"``, which
the caller drops unless it wants them; every other unit has ``kind == "body"``.

Outline headings and header
---------------------------
Three heading levels: *part* ("1. …", "１．…", "第1部"), *subsection* ("○ …", also ◯〇■□◆◇●) and *section*
(①…㊿, "（1）…"). A heading line has no "。" and at most 100 characters (a "①…。" line is text). A new part
clears the subsection and section, a new subsection clears the section. ``attrs["section"]`` is always the
lowest heading in force (the ① heading, else the ○ sub-heading, else the part), so every unit can be grouped
by it. Before the first heading or bullet, the first line (if it does not end a sentence) is the title and a
line "日 時：", "場 所：", "出席者：", "議 事：" … starts a header item that takes the lines after it up to a
blank line (so the ○ agenda list under 議 事 is not taken for sub-headings).

Plain text
----------
With blank lines in the text, a paragraph is a blank-line block (its lines glued); a block continues the
previous one when it starts with a non-starter character, or when the previous block does not end a sentence
and its last line is at least 20 characters long (a wrapped line, not a short title such as "はじめに").
Without blank lines, each line is a paragraph, glued to the previous one by the debris rule below. A line
indented with a full-width space always starts a paragraph.

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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, get_args

from ..errors import CorpusError

__all__ = ["Markup", "MinutesUnit", "Unit", "detect_markup", "split_minutes", "split_sentences"]

Unit = Literal["section", "bullet", "paragraph", "sentence", "speaker", "h1", "h2", "h3", "h4", "h5"]
Markup = Literal["khcoder", "speaker", "outline", "plain"]

UNITS: tuple[str, ...] = get_args(Unit)
MARKUPS: tuple[str, ...] = get_args(Markup)


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

_KH_HEADING = re.compile(r"^\s*<[hH]([1-5])>(.*?)</[hH]\1>\s*$")
_STAGE_INLINE = re.compile(r"〔[^〔〕]*〕")
_STAGE_LINE = re.compile(
    r"^[（(][^（()）]*(?:呼ぶ者あり|拍手|異議なし|退場|退席|着席|休憩|再開|速記)[^（()）]*[)）]$"
)

# speaker titles, tried longest first at each position (委員長 before 委員)
_TITLES: tuple[str, ...] = tuple(
    sorted(
        set(
            "委員長 副委員長 委員長代理 議長 副議長 委員 議員 市長 副市長 町長 副町長 村長 副村長 区長 副区長 知事 "
            "副知事 部長 副部長 次長 課長 課長補佐 局長 室長 所長 参事 主幹 主査 係長 教育長 教育委員長 事務局長 "
            "事務局次長 説明員 参考人 君 大臣 国務大臣 副大臣 大臣政務官 政務官 政府参考人 政府特別補佐人 会長 "
            "副会長 座長 副座長 理事 監事 監査委員 代表監査委員 管理者 審議官 長官 総裁 事務局 幹事 構成員".split()
        ),
        key=lambda t: (-len(t), t),
    )
)
_NAME_CHARS = re.compile(
    r"^[^\s0-9０-９、。，,．.「」『』（）()・：:！？!?〔〕]+(?:[ \u3000][^\s0-9０-９、。，,．.「」『』（）()・：:！？!?〔〕]+)?$"
)
_SPEAKER_PAREN = re.compile(
    r"^([^\s（()）、。，,．.！？!?「」〔〕]{1,15})[（(]([^\s（()）、。，,．.！？!?「」〔〕]{1,20})[)）]"
)
_SPEAKER_MARK = re.compile(r"^[○◯〇]")


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
# Detection


def _parse_speaker(line: str) -> tuple[str, str, str, str] | None:
    """'○山田委員長これより…' → (speaker, name, title, rest); None if the line is not a ○ line.

    The title is looked for in the first 16 characters, longest title first at each position; a title
    followed by a space or a bracket is preferred (so '○山田君子委員　…' is 山田君子 委員), otherwise the
    earliest one (glued form '○山田委員長これより…'). '○議長（山田太郎君）' gives title 議長, name 山田太郎.
    Without a title, a first word followed by a space is the speaker (title ''). Otherwise the speaker is ''.
    """
    m = _SPEAKER_MARK.match(line)
    if not m:
        return None
    body = line[m.end() :].lstrip()
    if pm := _SPEAKER_PAREN.match(body):
        title, name = pm.group(1), pm.group(2)
        if title in _TITLES or any(title.endswith(t) for t in _TITLES):
            clean = re.sub(r"(?:君|さん|氏)$", "", name) or name
            return body[: pm.end()], clean, title, body[pm.end() :].strip()
    best: tuple[int, int, str] | None = None  # (not separated, position, title)
    for i in range(min(len(body), 16)):
        if i > 0 and not _NAME_CHARS.match(body[:i]):
            break
        for t in _TITLES:  # longest first
            if body.startswith(t, i):
                after = body[i + len(t) : i + len(t) + 1]
                separated = after == "" or after.isspace() or after in "（("
                if i == 0 and not separated:
                    continue
                cand = (0 if separated else 1, i, t)
                if best is None or cand < best:
                    best = cand
                break
    if best is not None:
        _, i, title = best
        return body[: i + len(title)], body[:i].strip(), title, body[i + len(title) :].strip()
    if wm := re.match(r"^(\S{1,15})[ \u3000]+(\S.*)$", body):
        word = wm.group(1)
        if _NAME_CHARS.match(word):
            return word, word, "", wm.group(2).strip()
    return "", "", "", body.strip()


def _is_speaker_line(line: str) -> bool:
    p = _parse_speaker(line)
    return p is not None and p[2] != ""


def detect_markup(text: str) -> Markup:
    """Which parser fits ``text``: 'khcoder' (<h1>…</h1> lines), 'speaker' (○ name+title turns),
    'outline' (議事概要 bullets and headings) or 'plain'.

    Speaker beats outline when ○ speaker lines (and 〔…〕 stage directions) are at least as many as the outline
    signals (bullets, answers, ①/N. headings, ○ lines that are not speakers).
    """
    lines = [_tidy(x) for x in text.splitlines()]
    if any(_KH_HEADING.match(x) for x in lines):
        return "khcoder"
    n_speaker = 0
    n_outline = 0
    for x in lines:
        if not x or _dropped(x):
            continue
        if _SPEAKER_MARK.match(x):
            if _is_speaker_line(x):
                n_speaker += 1
            elif "。" not in x:
                n_outline += 1
        elif _STAGE_INLINE.fullmatch(x):
            n_speaker += 1
        elif (
            _BULLET.match(x) or _ANSWER.match(x) or ("。" not in x and (_PART.match(x) or _SECTION.match(x)))
        ):
            n_outline += 1
    if n_speaker and n_speaker >= n_outline:
        return "speaker"
    if n_outline:
        return "outline"
    return "plain"


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
                "this record has no headings (1. …, ○ …, ① …) to split into sections; "
                "use --unit bullet, paragraph or sentence"
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


# --------------------------------------------------------------------------------------------------------------
# Speaker parser


@dataclass
class _Turn:
    line: int
    speaker: str
    name: str
    title: str
    paragraphs: list[_Item] = field(default_factory=list)


def _parse_speaker_record(text: str) -> tuple[list[_Item], list[_Turn]]:
    header: list[_Item] = []
    turns: list[_Turn] = []
    head: _Item | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        x = _tidy(raw)
        if not x:
            head = None
            continue
        if _dropped(x) or _STAGE_LINE.match(x):
            continue
        x = _tidy(_STAGE_INLINE.sub("", x))
        if not x:
            continue
        sp = _parse_speaker(x)
        if sp is not None:
            speaker, name, title, rest = sp
            turns.append(_Turn(lineno, speaker, name, title))
            x = rest
        elif not turns:
            if head is None:
                head = _Item("header", lineno, x)
                header.append(head)
            else:
                head.append(x, lineno, "\n")
            continue
        if not x:
            continue
        turn = turns[-1]
        last = turn.paragraphs[-1] if turn.paragraphs else None
        if last is not None and sp is None and (not _ends_sentence(last.text) or _non_starter(x)):
            last.append(x, lineno)
        else:
            turn.paragraphs.append(_Item("paragraph", lineno, x, group=len(turns)))
    return header, turns


def _speaker_units(text: str, unit: str) -> list[MinutesUnit]:
    header, turns = _parse_speaker_record(text)

    def attrs(t: _Turn | None) -> dict[str, str]:
        if t is None:
            return {"kind": "header", "speaker": "", "speaker_name": "", "speaker_title": ""}
        return {"kind": "body", "speaker": t.speaker, "speaker_name": t.name, "speaker_title": t.title}

    out = [MinutesUnit(h.text, h.line, attrs(None)) for h in header]
    for t in turns:
        if unit == "speaker":
            if t.paragraphs:
                out.append(MinutesUnit("\n".join(p.text for p in t.paragraphs), t.line, attrs(t)))
        elif unit == "sentence":
            out.extend(MinutesUnit(s, ln, attrs(t)) for p in t.paragraphs for ln, s in p.sentences())
        else:  # paragraph, bullet
            out.extend(MinutesUnit(p.text, p.line, attrs(t)) for p in t.paragraphs)
    return out


# --------------------------------------------------------------------------------------------------------------
# KH Coder parser


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


# --------------------------------------------------------------------------------------------------------------
# Plain parser


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


# --------------------------------------------------------------------------------------------------------------
# Entry point

_ALLOWED: dict[str, tuple[str, ...]] = {
    "outline": ("section", "bullet", "paragraph", "sentence"),
    "speaker": ("speaker", "paragraph", "sentence", "bullet"),
    "khcoder": ("h1", "h2", "h3", "h4", "h5", "paragraph", "sentence", "bullet"),
    "plain": ("paragraph", "sentence", "bullet"),
}


def _unit_error(markup: str, unit: str) -> CorpusError:
    use = {
        "outline": "--unit section, bullet, paragraph or sentence",
        "speaker": "--unit speaker, paragraph or sentence",
        "khcoder": "--unit h1 … h5, paragraph or sentence",
        "plain": "--unit paragraph or sentence",
    }[markup]
    if unit == "speaker":
        return CorpusError(f"this record has no ○ speaker lines (○山田委員長 …); use {use}")
    if unit == "section":
        if markup == "speaker":
            return CorpusError(
                f"this record is split by speaker turns and has no section headings; use {use}"
            )
        if markup == "khcoder":
            return CorpusError(f"this KH Coder record is split by its <h1>…<h5> headings; use {use}")
        return CorpusError(f"this record has no headings (1. …, ○ …, ① …) to split into sections; use {use}")
    return CorpusError(f"this record has no <{unit}>…</{unit}> KH Coder heading lines; use {use}")


def split_minutes(text: str, *, unit: Unit = "bullet", markup: Markup | None = None) -> list[MinutesUnit]:
    """Split a meeting record into document units.

    ``unit``:
      * ``section`` (outline): each lowest-level heading with its bullets joined by newlines; attrs part,
        subsection, section, bullets (count of bullet units), answers (how many of them are "→" answers).
      * ``bullet`` (outline): each ・ bullet and each → answer (turn "answer"; the unit before answers has turn
        "question"). Elsewhere the same as ``paragraph``.
      * ``paragraph``: outline: bullets not separated by a blank line form one paragraph (so roughly a bullet);
        speaker: the paragraphs of a turn; khcoder: each line (KH Coder's 段落); plain: blank-line blocks (see the module notes).
      * ``sentence``: sentences (:func:`split_sentences`) of each bullet/paragraph, never across one.
      * ``speaker`` (speaker records): each turn, attrs speaker (name+title), speaker_name, speaker_title.
      * ``h1``…``h5`` (khcoder): the text under each heading of that level up to the next heading of the same
        or a higher level (lower headings' own lines are not included); attrs h1…h5 (the unit's heading and its
        parents; deeper levels empty). Text before the first heading of that level is in no unit.

    ``markup`` overrides :func:`detect_markup`. Header units carry ``attrs["kind"] == "header"``.
    Raises :class:`~dxtext.errors.CorpusError` when the unit does not fit the record (with what to use instead).
    """
    if unit not in UNITS:
        raise CorpusError(f"--unit {unit}: unknown unit; use one of {', '.join(UNITS)}")
    if markup is not None and markup not in MARKUPS:
        raise CorpusError(f"markup {markup!r}: unknown; use one of {', '.join(MARKUPS)}")
    kind: str = markup or detect_markup(text)
    if unit not in _ALLOWED[kind]:
        raise _unit_error(kind, unit)
    if kind == "outline":
        return _outline_units(text, unit)
    if kind == "speaker":
        return _speaker_units(text, unit)
    if kind == "khcoder":
        return _khcoder_units(text, unit)
    return _plain_units(text, unit)
