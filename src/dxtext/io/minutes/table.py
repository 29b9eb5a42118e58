"""Minutes that arrive as a spreadsheet: one utterance per row, as assembly databases and the Diet's API export
them ("○山田委員長 これより会議を開きます。" in the text column, sometimes with the speaker in a column of its own).

Each row is read as a speaker record of one turn, with the same rules as a .txt record: the leading label becomes
``speaker``, ``speaker_name``, ``speaker_title`` and ``role``; stage directions (〔…〕, （拍手）) and time lines go;
each sentence is classified procedural or substantive; a row that only runs the meeting gets the status
``procedural`` (unless procedure is kept) and a mixed row keeps its substantive sentences. Rows without a label
take the speaker from a speaker column when there is one, else stay ``other``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from .procedure import is_time_line
from .roles import SPEAKER_MARKS, parse_label
from .speaker import (
    _SPEAKER_MARK,
    _STAGE_INLINE,
    _STAGE_LINE,
    _classified,
    _parse_speaker,
    _parse_speaker_record,
    _Turn,
    _unit,
)

#: columns that hold the speaker in exports (the Diet API's ``speaker``; assembly systems' 発言者)
SPEAKER_COLUMNS = ("speaker", "発言者", "発言者名", "話者")

ATTRIBUTES = ("speaker", "speaker_name", "speaker_title", "role", "procedure", "procedural_sentences")

#: the share of non-empty rows that must open with a speaker label for a table to be read as minutes by itself
DETECT_SHARE = 0.8
DETECT_MIN_ROWS = 5
_MARKS = frozenset(SPEAKER_MARKS)


def labelled(text: str) -> bool:
    """Whether ``text`` opens with a speaker label (○山田委員長 …, ◆１番（山田太郎君） …)."""
    p = _parse_speaker(text.lstrip())
    return p is not None and p[0] != ""


def _stage_or_time(text: str) -> bool:
    """（「異議なし」と呼ぶ者あり）, 〔拍手〕, 午後３時散会: rows of a record that no speaker says."""
    t = text.strip()
    return bool(_STAGE_LINE.match(t) or _STAGE_INLINE.fullmatch(t) or is_time_line(t))


def looks_like_minutes(texts: Iterable[str], *, marked: int | None = None) -> bool:
    """Most rows (stage directions and time lines aside) open with a speaker label (○/◆/◎ and a name with a
    title): a table of utterances, not of answers.

    A labelled row opens with a mark of :data:`.roles.SPEAKER_MARKS`, so at most ``marked`` rows can be
    labelled (counted here when not given; any number at least that of the rows opening with a mark will do).
    The rows are read in order and the answer is no as soon as the unlabelled ones alone make a share of 80 %
    impossible: a survey of a million answers is told apart by its first rows, with the same answer as reading
    every row."""
    if marked is None:
        texts = list(texts)
        marked = sum(1 for t in texts if t and t.lstrip()[:1] in _MARKS)
    labelled_rows = other = 0
    for t in texts:
        if not t or not t.strip() or _stage_or_time(t):
            continue
        if t.lstrip()[:1] in _MARKS and labelled(t):
            labelled_rows += 1
        else:
            other += 1
            if marked < DETECT_SHARE * (marked + other):  # even with every marked row labelled: no
                return False
    rows = labelled_rows + other
    if rows < DETECT_MIN_ROWS:
        return False
    return labelled_rows >= DETECT_SHARE * rows


def column_looks_like_minutes(texts: pd.Series) -> bool:
    """:func:`looks_like_minutes` on a column of texts: the rows holding a speaker mark anywhere are counted in C
    (at least the rows a label can open; a survey has few), and the texts become Python strings a few
    thousand at a time, as far as the check reads."""
    marked = int(texts.str.contains(f"[{SPEAKER_MARKS}]", regex=True, na=False).sum())
    return looks_like_minutes(_slices(texts), marked=marked)


def _slices(texts: pd.Series, size: int = 2048) -> Iterator[str]:
    for start in range(0, len(texts), size):
        yield from texts.iloc[start : start + size].tolist()


def _from_column(value: str) -> tuple[str, str, str]:
    """A speaker column's value ("山田委員長", "市長（山田太郎君）", "山田太郎") → (speaker, name, title)."""
    value = value.strip()
    if not value:
        return "", "", ""
    parsed = parse_label(value)
    if parsed is None:
        p = _parse_speaker("○" + value + " ")
        if p is not None and p[0]:
            return p[0], p[1], p[2]
        return value, value, ""
    return value, parsed[0], parsed[1]


def read_utterance(
    text: str, speaker_column: str = "", *, keep_procedure: bool = False
) -> tuple[str, dict[str, str]]:
    """One row's text → (the text to analyse, its attributes)."""
    body = text.strip()
    if body and not _SPEAKER_MARK.match(body) and not speaker_column and labelled("○" + body):
        body = "○" + body  # "山田委員長 これより…": a label without its mark
    header, turns = _parse_speaker_record(body)
    if not turns:  # no label: the whole row is one turn of the speaker in the column (or of nobody known)
        speaker, name, title = _from_column(speaker_column)
        turn = _Turn(1, speaker, name, title, paragraphs=header)
    else:
        turn = turns[0]
        turn.paragraphs = [*header, *[p for t in turns for p in t.paragraphs]]
        if not turn.speaker and speaker_column:
            turn.speaker, turn.name, turn.title = _from_column(speaker_column)
    unit = _unit(_classified(turn.paragraphs, turn), turn.line, turn, keep_procedure)
    if unit is None:  # nothing but stage directions
        return "", {
            "speaker": turn.speaker,
            "speaker_name": turn.name,
            "speaker_title": turn.title,
            "role": turn.role or "other",
            "procedure": "procedural",
            "procedural_sentences": "0",
        }
    attrs = {k: unit.attrs[k] for k in ATTRIBUTES}
    if is_time_line(unit.text) and not turn.speaker:
        attrs["procedure"] = "procedural"
    return unit.text, attrs


def apply_minutes(corpus, *, keep_procedure: bool = False) -> int:  # type: ignore[no-untyped-def]
    """Read every row of a survey-shaped ``corpus`` as one utterance (in place): the text loses its label, stage
    directions and (unless ``keep_procedure``) its procedural sentences; the attributes of :data:`ATTRIBUTES`
    are added; rows that only run the meeting move to the status ``procedural``. Returns how many did."""
    docs = corpus.docs
    column = next((c for c in SPEAKER_COLUMNS if c in corpus.attributes), None)
    speakers = docs[column].fillna("").astype(str).tolist() if column else [""] * len(docs)
    texts: list[str] = []
    rows: list[dict[str, str]] = []
    for text, speaker, status in zip(docs["text"].tolist(), speakers, docs["status"].tolist(), strict=True):
        if status == "empty" or not isinstance(text, str):
            texts.append(text)
            rows.append(dict.fromkeys(ATTRIBUTES, ""))
            continue
        t, attrs = read_utterance(text, speaker, keep_procedure=keep_procedure)
        texts.append(t)
        rows.append(attrs)
    docs["text"] = texts
    for name in ATTRIBUTES:
        docs[name] = [r[name] for r in rows]
        if name not in corpus.attributes:
            corpus.attributes.append(name)
    corpus.options["record"] = "minutes"
    corpus.options["keep_procedure"] = keep_procedure
    corpus.__dict__.pop("_hash_memo", None)
    blank = docs["text"].fillna("").str.strip() == ""  # nothing but stage directions: never text to analyse
    procedural = blank if keep_procedure else blank | (docs["procedure"] == "procedural")
    return corpus.mark_used(procedural, "procedural")
