"""The user-dictionary source format: columns, word classes, theme tags and costs, :class:`DictEntry`, and the
parsing and validation of the tab-separated text (every problem is named by ``file:line``).

The source is a UTF-8, tab-separated file (``dictionaries/municipal_dx.tsv``) with the columns
``surface  canonical  class  reading  cost  tags``; ``#`` lines are comments.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dxtext.errors import DictionaryError

from ..i18n import _

#: Word class (the ``class`` column) -> UniDic 2.1.2 pos1..pos4.
#: UniDic has no organisation subclass (IPAdic's 固有名詞,組織), so 組織名 is 固有名詞,一般.
WORD_CLASSES: dict[str, tuple[str, ...]] = {
    "普通名詞": ("名詞", "普通名詞", "一般", "*"),
    "サ変名詞": ("名詞", "普通名詞", "サ変可能", "*"),
    "固有名詞": ("名詞", "固有名詞", "一般", "*"),
    "組織名": ("名詞", "固有名詞", "一般", "*"),
    "地名": ("名詞", "固有名詞", "地名", "一般"),
    "人名": ("名詞", "固有名詞", "人名", "一般"),
}

#: Theme tags allowed in the ``tags`` column (``;``-separated).
THEME_TAGS: tuple[str, ...] = (
    "レガシー",
    "国県",
    "人材",
    "官民",
    "マイナンバー",
    "データ",
    "窓口",
    "広域",
    "オープンデータ",
    "セキュリティ",
    "効率化",
    "住民参加",
    "行政一般",
)

#: Columns of the source file, in the order :func:`save_entries` writes them.
COLUMNS: tuple[str, ...] = ("surface", "canonical", "class", "reading", "cost", "tags")
_REQUIRED_COLUMNS = ("surface", "canonical", "class")

#: Word cost used when the ``cost`` column is empty. UniDic's own nouns cost about 3000-12000; a
#: compound must cost less than the sum of its parts plus their connection costs to win, and
#: キャリアパス only joins below about 2000. 500 joins every shipped entry with a wide margin while
#: staying positive (negative costs make an entry swallow text around it).
DEFAULT_COST = 500

#: MeCab stores word costs as signed 16-bit integers.
COST_MIN, COST_MAX = -32768, 32767

_FORBIDDEN = {
    ",": "a comma",
    '"': "a double quote",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a line break",
}


@dataclass(frozen=True)
class DictEntry:
    """One word of the user dictionary.

    ``canonical`` is the lemma the surface maps to (equal to ``surface`` when it is not a variant);
    ``reading`` is katakana or empty; ``cost`` ``None`` means :data:`DEFAULT_COST`.
    """

    surface: str
    canonical: str
    word_class: str
    reading: str = ""
    cost: int | None = None
    tags: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# reading and validating


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DictionaryError(
            _("{path}: no such dictionary file — check the path or DXTEXT_DICTIONARY").format(path=path)
        ) from exc
    except OSError as exc:
        raise DictionaryError(
            _("{path}: cannot be read ({strerror}) — check the permissions").format(
                path=path, strerror=exc.strerror
            )
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DictionaryError(
            _("{path}:{line}: not UTF-8 — save the file as UTF-8 (tab-separated)").format(
                path=path, line=line
            )
        ) from exc


def _is_comment(line: str) -> bool:
    """A line that is no entry: blank, a ``#`` comment, or a display pin (``=``, read by :func:`load_pins`)."""
    stripped = line.strip()
    return not stripped or stripped.startswith(("#", PIN_PREFIX))


#: A display pin: ``=LEMMA<TAB>SHOWN`` or ``=LEMMA/WRITTEN<TAB>SHOWN`` — show (and count) UniDic's lemma LEMMA, or
#: only where it is written WRITTEN (its written base form), as SHOWN: ``=側/そば	そば`` (the noodles, not
#: "side"), ``=奇麗	きれい``. Not compiled into MeCab; it changes the word a token stands for.
PIN_PREFIX = "="


def parse_pins(text: str, name: str) -> dict[tuple[str, str], str]:
    """The display pins of a dictionary source: (lemma, written or "") → the word shown."""
    pins: dict[tuple[str, str], str] = {}
    first: dict[tuple[str, str], int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith(PIN_PREFIX):
            continue
        where = f"{name}:{number}"
        key_text, tab, shown = line[1:].rstrip("\r\n").partition("\t")
        lemma, _ignored, written = key_text.strip().partition("/")
        shown = shown.strip()
        if not tab or not lemma.strip() or not shown or "\t" in shown:
            raise DictionaryError(
                _(
                    "{where}: a display pin is =LEMMA<TAB>SHOWN or =LEMMA/WRITTEN<TAB>SHOWN (e.g. =側/そば<TAB>そば)"
                ).format(where=where)
            )
        key = (lemma.strip(), written.strip())
        if key in first:
            raise DictionaryError(
                _("{where}: display pin {key_text!r} again (first on line {v0}) — keep one").format(
                    where=where, key_text=key_text, v0=first[key]
                )
            )
        first[key] = number
        pins[key] = shown
    return pins


def _is_katakana_reading(text: str) -> bool:
    return all("ァ" <= ch <= "ヺ" or ch in "ー・ヽヾ" for ch in text)


def _is_noncharacter(ch: str) -> bool:
    """U+FDD0–U+FDEF and the last two code points of every plane: reserved, never text."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _check_text(where: str, column: str, value: str) -> None:
    for ch, name in _FORBIDDEN.items():
        if ch in value:
            raise DictionaryError(
                _("{where}: {column} {value!r} contains {name} — remove it").format(
                    where=where, column=column, value=value, name=name
                )
            )
    if any(_is_noncharacter(ch) for ch in value):
        raise DictionaryError(
            _("{where}: {column} {value!r} contains a Unicode noncharacter — remove it").format(
                where=where, column=column, value=value
            )
        )
    if any(ch.isspace() for ch in value):
        raise DictionaryError(
            _(
                "{where}: {column} {value!r} contains a space — MeCab never sees spaces inside a word; remove it"
            ).format(where=where, column=column, value=value)
        )
    normalised = unicodedata.normalize("NFKC", value)
    if normalised != value:
        raise DictionaryError(
            _(
                "{where}: {column} {value!r} is not NFKC-normalised (MeCab sees normalised text) — write {normalised!r}"
            ).format(where=where, column=column, value=value, normalised=normalised)
        )


def _parse_header(where: str, line: str, *, extra_columns: bool = False) -> list[str]:
    names = [name.strip().lower() for name in line.rstrip("\r\n").split("\t")]
    expected = "\t".join(COLUMNS)
    unknown = [] if extra_columns else [name for name in names if name not in COLUMNS]
    missing = [name for name in COLUMNS if name not in names]
    if unknown or missing or len(set(names)) != len(names):
        what = []
        if missing:
            what.append("missing " + ", ".join(missing))
        if unknown:
            what.append("unknown " + ", ".join(repr(n) for n in unknown))
        if len(set(names)) != len(names):
            what.append("repeated column names")
        raise DictionaryError(
            _(
                "{where}: bad header ({v0}) — the first non-comment line must be the tab-separated column names: {expected}"
            ).format(where=where, v0="; ".join(what), expected=expected)
        )
    return names


def _parse_row(where: str, line: str, names: list[str]) -> DictEntry:
    fields = [field.strip() for field in line.rstrip("\r\n").split("\t")]
    if len(fields) > len(names):
        raise DictionaryError(
            _(
                "{where}: {v0} columns but the header has {v1} — remove the extra tab or the extra value"
            ).format(where=where, v0=len(fields), v1=len(names))
        )
    row = dict(zip(names, fields, strict=False))
    missing = [name for name in _REQUIRED_COLUMNS if name not in row]
    if missing:
        raise DictionaryError(
            _(
                "{where}: missing column {v0} ({v1} of {v2} columns) — separate the columns {v3} with TAB characters (not spaces)"
            ).format(where=where, v0=", ".join(missing), v1=len(fields), v2=len(names), v3=", ".join(COLUMNS))
        )

    surface = row["surface"]
    if not surface:
        raise DictionaryError(
            _("{where}: empty surface — write the word in the first column or delete the line").format(
                where=where
            )
        )
    _check_text(where, "surface", surface)
    canonical = row["canonical"] or surface
    _check_text(where, "canonical", canonical)

    word_class = row["class"]
    if word_class not in WORD_CLASSES:
        raise DictionaryError(
            _("{where}: unknown class {word_class!r} — use one of: {v0}").format(
                where=where, word_class=word_class, v0=", ".join(WORD_CLASSES)
            )
        )

    reading = row.get("reading", "")
    if reading == "*":
        reading = ""
    if reading and not _is_katakana_reading(reading):
        raise DictionaryError(
            _(
                "{where}: reading {reading!r} is not katakana — write the reading in full-width katakana or leave it empty"
            ).format(where=where, reading=reading)
        )

    cost: int | None = None
    raw_cost = row.get("cost", "")
    if raw_cost:
        try:
            cost = int(raw_cost)
        except ValueError:
            raise DictionaryError(
                _(
                    "{where}: cost {raw_cost!r} is not an integer — write a whole number such as {DEFAULT_COST} or leave it empty for the default"
                ).format(where=where, raw_cost=raw_cost, DEFAULT_COST=DEFAULT_COST)
            ) from None
        if not COST_MIN <= cost <= COST_MAX:
            raise DictionaryError(
                _(
                    "{where}: cost {cost} is out of range — MeCab allows {COST_MIN}..{COST_MAX}; the default is {DEFAULT_COST}"
                ).format(
                    where=where, cost=cost, COST_MIN=COST_MIN, COST_MAX=COST_MAX, DEFAULT_COST=DEFAULT_COST
                )
            )

    tags: list[str] = []
    for tag in (t.strip() for t in row.get("tags", "").replace("；", ";").split(";")):
        if not tag:
            continue
        if tag not in THEME_TAGS:
            raise DictionaryError(
                _("{where}: unknown tag {tag!r} — use tags from: {v0} (separated by ;)").format(
                    where=where, tag=tag, v0=", ".join(THEME_TAGS)
                )
            )
        if tag not in tags:
            tags.append(tag)

    return DictEntry(surface, canonical, word_class, reading, cost, tuple(tags))


def _parse_text(text: str, name: str, *, extra_columns: bool = False) -> list[DictEntry]:
    names: list[str] | None = None
    entries: list[DictEntry] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if _is_comment(line):
            continue
        where = f"{name}:{number}"
        if names is None:
            names = _parse_header(where, line, extra_columns=extra_columns)
            continue
        entry = _parse_row(where, line, names)
        if entry.surface in first_line:
            raise DictionaryError(
                _(
                    "{where}: duplicate surface {surface!r} (first on line {v0}) — keep one line per surface"
                ).format(where=where, surface=entry.surface, v0=first_line[entry.surface])
            )
        first_line[entry.surface] = number
        entries.append(entry)
    if names is None:
        raise DictionaryError(
            _("{name}: no header line — start the file with: {v0}").format(name=name, v0=chr(9).join(COLUMNS))
        )

    by_surface = {entry.surface: entry for entry in entries}
    for entry in entries:
        target = by_surface.get(entry.canonical)
        if target is not None and target.canonical != target.surface:
            raise DictionaryError(
                _(
                    "{name}:{v0}: canonical {canonical!r} of {surface!r} is itself a variant of {v1!r} — write {v2!r} as the canonical"
                ).format(
                    name=name,
                    v0=first_line[entry.surface],
                    canonical=entry.canonical,
                    surface=entry.surface,
                    v1=target.canonical,
                    v2=target.canonical,
                )
            )
    return entries
