"""The speaker parser: assembly or Diet minutes, one turn per speaker.

A line "○" + name + title opens a speaker turn ("○山田委員長これより…", "○佐藤委員　質問します",
"○議長（山田太郎君）"); the lines before the first speaker are header units. Stage directions "〔…〕" (inline or
on their own line) and whole lines like "（「異議なし」と呼ぶ者あり）" or "（拍手）" are dropped. Within a turn, a
line is glued to the paragraph before it when that paragraph does not end a sentence or the line starts with a
character that cannot start a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import MinutesUnit, _dropped, _ends_sentence, _Item, _non_starter, _tidy
from .procedure import is_procedural, is_time_line
from .roles import (
    _DISAMBIG_HEAD,
    _NAME_CHAR,
    _NUMBER_LABEL,
    _TITLE_PAREN,
    _TITLE_WORDS,
    SPEAKER_MARKS,
    parse_label,
    role_of,
)

_STAGE_INLINE = re.compile(r"〔[^〔〕]*〕")
_STAGE_LINE = re.compile(
    r"^[（(][^（()）]*(?:呼ぶ者あり|拍手|異議なし|なし|退場|退席|着席|休憩|再開|速記|発言する者)[^（()）]*[)）]$"
)

_SPEAKER_MARK = re.compile(f"^[{SPEAKER_MARKS}]")
_BLANK = re.compile(r"[ \u3000]")
# a ○ line that names an agenda item or a vote, not a speaker (○理事選任の件, ○特別委員長互選, ○日程第１ …)
# ○ lines of an opening block that are no outline heading either (detect_markup does not count them)
_OPENING = re.compile(r"(?:の件|互選|選任)$|^(?:午前|午後)\S*(?:開議|開会)$")
_AGENDA = re.compile(
    r"(?:件|互選|選任|選挙|について|報告|審査|議決|付託|[0-9０-９]+号)$|^日程第|^議案第|^請願|^陳情"
)


def _glued(body: str) -> tuple[str, str, str] | None:
    """A label glued to the speech: '竹内委員長これより…' → ('竹内委員長', '竹内', '委員長')."""
    for pat in (_NUMBER_LABEL, _TITLE_PAREN):
        if m := pat.match(body):
            parsed = parse_label(m.group(0))
            if parsed is not None:
                return m.group(0), *parsed
    if m := _DISAMBIG_HEAD.match(body):  # 山田（太）委員これより…
        rest = body[m.end() :]
        for t in _TITLE_WORDS:
            if rest.startswith(t):
                return m.group(0) + t, m.group(0), t
    for i in range(1, min(len(body), 6)):
        if not _NAME_CHAR.match(body[i - 1]):
            return None
        for t in _TITLE_WORDS:  # longest first
            if body.startswith(t, i):
                return body[: i + len(t)], body[:i], t
    return None


def _parse_speaker(line: str) -> tuple[str, str, str, str] | None:
    """'○山田委員長これより…' → (speaker, name, title, rest); None if the line does not start with a mark.

    The label ends at the first blank when one comes within 25 characters and what stands before it is a
    label (:func:`.roles.parse_label`); otherwise a label glued to the speech is looked for (a bracketed
    label, or a name of at most five characters and the first title word after it). A line that is not a
    speaker's (a time line ○午後１時開会, an agenda item ○理事選任の件) gives speaker ''.
    """
    m = _SPEAKER_MARK.match(line)
    if not m:
        return None
    body = line[m.end() :].lstrip()
    if "。" not in body and _AGENDA.search(body.rstrip("　 ")):
        return "", "", "", body.strip()
    b = _BLANK.search(body[:26])
    if b is not None:
        parsed = parse_label(body[: b.start()])
        if parsed is not None:
            return body[: b.start()], parsed[0], parsed[1], body[b.end() :].strip()
    glued = _glued(body)
    if glued is not None:
        label, name, title = glued
        return label, name.strip(), title, body[len(label) :].strip()
    return "", "", "", body.strip()


def _is_speaker_line(line: str) -> bool:
    p = _parse_speaker(line)
    return p is not None and p[0] != ""


# --------------------------------------------------------------------------------------------------------------
# Speaker parser


@dataclass
class _Turn:
    line: int
    speaker: str
    name: str
    title: str
    paragraphs: list[_Item] = field(default_factory=list)

    @property
    def role(self) -> str:
        if not self.speaker:
            return ""
        if not self.title and self.speaker.endswith("君"):
            return "member"  # ○山田太郎君: a member in an assembly's plenary
        return role_of(self.title)


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
        if sp is not None and not sp[0] and not turns:
            sp = None  # ○ lines of the opening block (agenda, 特別委員長互選, time) are header
        elif sp is None and turns and is_time_line(x):
            sp = (
                "",
                "",
                "",
                x,
            )  # 午後１時００分休憩 between turns: a unit of its own, not the speaker's words
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


_HEADER_ATTRS = {
    "kind": "header",
    "speaker": "",
    "speaker_name": "",
    "speaker_title": "",
    "role": "",
    "procedure": "",
    "procedural_sentences": "0",
}


def _classified(items: list[_Item], t: _Turn) -> list[list[tuple[int, str, bool]]]:
    """(line, sentence, procedural) for the sentences of each paragraph."""
    return [[(ln, s, is_procedural(s, t.role, t.name)) for ln, s in p.sentences()] for p in items]


def _unit(
    paragraphs: list[list[tuple[int, str, bool]]], line: int, t: _Turn, keep_procedure: bool
) -> MinutesUnit | None:
    """One unit from the sentences of its paragraphs: procedural when every sentence is; otherwise, unless
    procedure is kept, only the substantive sentences stay in its text (paragraphs joined by newlines)."""
    flags = [f for p in paragraphs for _, _, f in p]
    if not flags:
        return None
    procedural = all(flags)
    n_proc = sum(flags)
    if procedural or keep_procedure:
        text = "\n".join("".join(s for _, s, _ in p) for p in paragraphs if p)
    else:
        text = "\n".join(
            "".join(s for _, s, f in p if not f) for p in paragraphs if any(not f for _, _, f in p)
        )
    attrs = {
        "kind": "body",
        "speaker": t.speaker,
        "speaker_name": t.name,
        "speaker_title": t.title,
        "role": t.role or "other",
        "procedure": "procedural" if procedural else "substantive",
        "procedural_sentences": str(n_proc),
    }
    return MinutesUnit(text, line, attrs)


def _speaker_units(text: str, unit: str, *, keep_procedure: bool = False) -> list[MinutesUnit]:
    """Units of a speaker record with attributes speaker, speaker_name, speaker_title, role, procedure
    (procedural/substantive) and procedural_sentences (how many sentences of the unit are procedural)."""
    header, turns = _parse_speaker_record(text)
    out = [MinutesUnit(h.text, h.line, dict(_HEADER_ATTRS)) for h in header]
    for t in turns:
        classified = _classified(t.paragraphs, t)
        if unit == "speaker":
            u = _unit(classified, t.line, t, keep_procedure)
            if u is not None:
                out.append(u)
        elif unit == "sentence":
            for p in classified:
                for ln, s, f in p:
                    u = _unit([[(ln, s, f)]], ln, t, True)
                    if u is not None:
                        out.append(u)
        else:  # paragraph, bullet
            for p, item in zip(classified, t.paragraphs, strict=True):
                u = _unit([p], item.line, t, keep_procedure)
                if u is not None:
                    out.append(u)
    return out
