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
