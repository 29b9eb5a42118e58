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

The parsers live in one module per kind of record (:mod:`.outline`, :mod:`.speaker`, :mod:`.khcoder`,
:mod:`.plain`), on the characters, lines and sentences of :mod:`.common`; this module detects the kind and
dispatches.
"""

from __future__ import annotations

from typing import Literal, get_args

from ...errors import CorpusError
from ...i18n import N_, _
from .common import MinutesUnit, _dropped, _tidy, split_sentences
from .khcoder import _KH_HEADING, _khcoder_units
from .outline import _ANSWER, _BULLET, _PART, _SECTION, _outline_units
from .plain import _plain_units
from .speaker import _OPENING, _SPEAKER_MARK, _STAGE_INLINE, _is_speaker_line, _speaker_units

__all__ = ["Markup", "MinutesUnit", "Unit", "detect_markup", "split_minutes", "split_sentences"]

Unit = Literal["section", "bullet", "paragraph", "sentence", "speaker", "h1", "h2", "h3", "h4", "h5"]
Markup = Literal["khcoder", "speaker", "outline", "plain"]

UNITS: tuple[str, ...] = get_args(Unit)
MARKUPS: tuple[str, ...] = get_args(Markup)


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
            elif _OPENING.search(x[1:].strip()):
                continue  # ○理事選任の件, ○特別委員長互選: the agenda of an assembly's opening block
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
# Entry point

_ALLOWED: dict[str, tuple[str, ...]] = {
    "outline": ("section", "bullet", "paragraph", "sentence"),
    "speaker": ("speaker", "paragraph", "sentence", "bullet"),
    "khcoder": ("h1", "h2", "h3", "h4", "h5", "paragraph", "sentence", "bullet"),
    "plain": ("paragraph", "sentence", "bullet"),
}


def _unit_error(markup: str, unit: str) -> CorpusError:
    use = _(
        {
            "outline": N_("--unit section, bullet, paragraph or sentence"),
            "speaker": N_("--unit speaker, paragraph or sentence"),
            "khcoder": N_("--unit h1 … h5, paragraph or sentence"),
            "plain": N_("--unit paragraph or sentence"),
        }[markup]
    )
    if unit == "speaker":
        return CorpusError(_("this record has no ○ speaker lines (○山田委員長 …); use {use}").format(use=use))
    if unit == "section":
        if markup == "speaker":
            return CorpusError(
                _("this record is split by speaker turns and has no section headings; use {use}").format(
                    use=use
                )
            )
        if markup == "khcoder":
            return CorpusError(
                _("this KH Coder record is split by its <h1>…<h5> headings; use {use}").format(use=use)
            )
        return CorpusError(
            _("this record has no headings (1. …, ○ …, ① …) to split into sections; use {use}").format(
                use=use
            )
        )
    return CorpusError(
        _("this record has no <{unit}>…</{unit}> KH Coder heading lines; use {use}").format(
            unit=unit, use=use
        )
    )


def split_minutes(
    text: str, *, unit: Unit = "bullet", markup: Markup | None = None, keep_procedure: bool = False
) -> list[MinutesUnit]:
    """Split a meeting record into document units.

    ``unit``:
      * ``section`` (outline): each lowest-level heading with its bullets joined by newlines; attrs part,
        subsection, section, bullets (count of bullet units), answers (how many of them are "→" answers).
      * ``bullet`` (outline): each ・ bullet and each → answer (turn "answer"; the unit before answers has turn
        "question"). Elsewhere the same as ``paragraph``.
      * ``paragraph``: outline: bullets not separated by a blank line form one paragraph (so roughly a bullet);
        speaker: the paragraphs of a turn; khcoder: each line (KH Coder's 段落); plain: blank-line blocks (see the module notes).
      * ``sentence``: sentences (:func:`split_sentences`) of each bullet/paragraph, never across one.
      * ``speaker`` (speaker records): each turn, attrs speaker (the label), speaker_name, speaker_title, role
        (chair/member/executive/witness/clerk/other, :mod:`.roles`), procedure (procedural/substantive,
        :mod:`.procedure`) and procedural_sentences. Unless ``keep_procedure``, a turn with both kinds of
        sentence keeps only its substantive ones as text; a turn of procedure alone keeps its text and is marked
        ``procedural``. Units ``paragraph`` and ``sentence`` of a speaker record carry the same attributes.
      * ``h1``…``h5`` (khcoder): the text under each heading of that level up to the next heading of the same
        or a higher level (lower headings' own lines are not included); attrs h1…h5 (the unit's heading and its
        parents; deeper levels empty). Text before the first heading of that level is in no unit.

    ``markup`` overrides :func:`detect_markup`. Header units carry ``attrs["kind"] == "header"``.
    Raises :class:`~dxtext.errors.CorpusError` when the unit does not fit the record (with what to use instead).
    """
    if unit not in UNITS:
        raise CorpusError(
            _("--unit {unit}: unknown unit; use one of {units}.").format(unit=unit, units=", ".join(UNITS))
        )
    if markup is not None and markup not in MARKUPS:
        raise CorpusError(
            _("markup {markup!r}: unknown; use one of {names}").format(
                markup=markup, names=", ".join(MARKUPS)
            )
        )
    kind: str = markup or detect_markup(text)
    if unit not in _ALLOWED[kind]:
        raise _unit_error(kind, unit)
    if kind == "outline":
        return _outline_units(text, unit)
    if kind == "speaker":
        return _speaker_units(text, unit, keep_procedure=keep_procedure)
    if kind == "khcoder":
        return _khcoder_units(text, unit)
    return _plain_units(text, unit)
