"""Proposing new user-dictionary entries from a corpus: compound words the tokenizer splits today.

How candidates are found
------------------------
Every text is analysed with MeCab (unidic-lite + the current user dictionary). A *run* is a maximal sequence
of adjacent morphemes (no space between them) that can make up a compound noun:

* nouns (普通名詞 incl. サ変/形状詞可能, 固有名詞, 地名), unknown words (MeCab has no entry: new names, brands),
  and Latin-letter words;
* a prefix (接頭辞, e.g. 新, 旧, 全) only before such a word — not the honorific お/ご (lemma 御), which the
  tokenizer drops anyway;
* a noun suffix (接尾辞,名詞的, e.g. 県, 駅, 館, 線, 化) only after such a word — not honorifics or plural
  markers (さん, 様, 達, 等 …).

Numerals, pronouns, personal names (人名 — never propose a person as a dictionary word), adverb-like nouns
(今回, 以外: 副詞可能) and counters right after a number (3年; but 年縞 is a noun) end a run. Every contiguous part of a run that is at least two
morphemes long, starts with a noun or prefix and ends with a noun or suffix is a candidate (up to
``max_parts`` morphemes). Candidates are dropped when the dictionary already has them (as a surface or a
canonical form) or the tokenizer already returns them as one word (a noun + suffix it joins, 駐車+場).

How they are ranked
-------------------
By C-value (Frantzi, Ananiadou & Mima 2000), the usual termhood score for nested multi-word terms::

    C(a) = log2(|a|) · f(a)                                    if a is not part of a longer candidate
    C(a) = log2(|a|) · (f(a) − (1 / |T_a|) · Σ_{b ∈ T_a} f(b))   otherwise

with ``|a|`` the number of morphemes, ``f`` the term frequency and ``T_a`` the longer candidates that contain
``a``. Frequent compounds score high, longer ones a little higher, and a fragment that mostly occurs inside a
longer compound (恐竜博物 inside 恐竜博物館) loses the occurrences it owes to it — so the list proposes whole
names rather than their pieces. C-value averages over all longer candidates, so a fragment nested in one
frequent name and a few rare ones keeps a high score; a candidate is therefore dropped outright when one
longer candidate accounts for ``FRAGMENT_SHARE`` (80 %) or more of its occurrences. Ties go to the higher document frequency. ``min_count`` (term frequency) and
``min_df`` (documents) filter first: a word one respondent repeats is not yet vocabulary.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import DxtextError
from ..i18n import _
from .dictionary import COLUMNS, load_entries

if TYPE_CHECKING:
    from .tokenize import Tokenizer

__all__ = ["EXTRA_COLUMNS", "SUGGEST_COLUMNS", "candidate_runs", "suggest_entries", "write_suggestions"]

#: Columns after the dictionary's own: counts, score, how MeCab splits the word now, two examples.
EXTRA_COLUMNS = ("tf", "df", "score", "parts", "context1", "context2")
SUGGEST_COLUMNS = (*COLUMNS, *EXTRA_COLUMNS)

Progress = Callable[[int, int], None]

#: A candidate whose occurrences lie for this share or more inside ONE longer candidate is a fragment of it.
FRAGMENT_SHARE = 0.8

_NO_SUFFIX = frozenset(
    {
        "さん",
        "様",
        "君",
        "ちゃん",
        "氏",
        "殿",
        "達",
        "等",
        "ら",
        "方",
        "共",
        "たち",
        "ども",
        "さま",
        "くん",
        "どの",
    }
)
_LATIN_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_KATAKANA_RE = re.compile(r"^[\u30a1-\u30fa\u30fc]+$")
_DIGITS_OR_SYMBOLS_RE = re.compile(r"^[\d\W_]+$")

# Kinds of morphemes in a run.
_NOUN, _PREFIX, _SUFFIX, _COUNTER = "N", "P", "S", "C"


@dataclass(frozen=True)
class _Pos:
    pos1: str
    pos2: str
    pos3: str
    pos4: str


@lru_cache(maxsize=1)
def _pos_table() -> dict[str, _Pos]:
    import unidic_lite

    table: dict[str, _Pos] = {}
    with open(Path(unidic_lite.DICDIR) / "left-id.def", encoding="utf-8") as handle:
        for line in handle:
            number, _ignored, feature = line.rstrip("\n").partition(" ")
            parts = [*feature.split(","), "*", "*", "*", "*"][:4]
            table[number] = _Pos(*parts)
    return table


def _kind(pos: _Pos | None, surface: str, lemma: str, unknown: bool) -> tuple[str | None, str]:
    """(N/P/S or None, class hint) of one morpheme."""
    if _DIGITS_OR_SYMBOLS_RE.match(surface):
        return None, ""
    if unknown:
        if pos is not None and pos.pos1 in ("補助記号", "記号", "空白"):
            return (_NOUN, "unknown") if _LATIN_RE.match(surface) else (None, "")
        return _NOUN, "unknown"
    if pos is None:
        return None, ""
    if pos.pos1 == "名詞":
        if pos.pos2 == "固有名詞":
            if pos.pos3 == "人名":
                return None, ""
            return _NOUN, "地名" if pos.pos3 == "地名" else "固有名詞"
        if pos.pos2 == "普通名詞" and pos.pos3 in ("一般", "サ変可能", "形状詞可能", "サ変形状詞可能"):
            return _NOUN, "サ変名詞" if pos.pos3.startswith("サ変") else "普通名詞"
        if pos.pos2 == "普通名詞" and pos.pos3 == "助数詞可能":
            return _COUNTER, "普通名詞"  # a noun unless it counts (年縞 but not 3年)
        return None, ""
    if _LATIN_RE.match(surface):
        return _NOUN, "普通名詞"  # UniDic files some letter words under 記号
    if pos.pos1 == "接頭辞":
        return (None, "") if lemma == "御" else (_PREFIX, "")
    if pos.pos1 == "接尾辞" and pos.pos2 == "名詞的" and pos.pos3 in ("一般", "サ変可能"):
        return (
            (None, "")
            if lemma in _NO_SUFFIX or surface in _NO_SUFFIX
            else (_SUFFIX, "サ変名詞" if pos.pos3 == "サ変可能" else "")
        )
    return None, ""


@dataclass(frozen=True)
class _Morph:
    surface: str
    start: int
    end: int
    kind: str
    hint: str
    reading: str


def _tagger_args(user_dic: Path | None) -> str:
    import shlex

    import unidic_lite

    dicdir = Path(unidic_lite.DICDIR)
    args = ["-r", shlex.quote(str(dicdir / "mecabrc")), "-d", shlex.quote(str(dicdir))]
    if user_dic is not None:
        args += ["-u", shlex.quote(str(user_dic))]
    # surface, left-context id, lemma, reading (kana); unknown words: no lemma, no reading, flag "u"
    args += ['-O ""', r"-F %m\\t%phl\\t%f[7]\\t%f[17]\\t\\n", r"-U %m\\t%phl\\t\\t\\tu\\n", r"-E \\n"]
    return " ".join(args)


def candidate_runs(text: str, tagger: Any) -> list[list[_Morph]]:
    """The runs of compound-noun material in ``text`` (see the module documentation)."""
    table = _pos_table()
    runs: list[list[_Morph]] = []
    current: list[_Morph] = []
    pos = 0
    after_number = False
    from .tokenize import split_long_text  # MeCab crashes on one very long input: parse it in pieces

    for line in "\n".join(tagger.parse(piece) for piece in split_long_text(text)).split("\n"):
        if not line:
            continue
        surface, lid, lemma, reading, flag = [*line.split("\t"), "", "", "", ""][:5]
        start = text.find(surface, pos)
        if start < 0:
            start = pos
        end = start + len(surface)
        info = table.get(lid)
        kind, hint = _kind(info, surface, lemma, flag == "u")
        if kind == _COUNTER:
            kind = None if after_number else _NOUN
        after_number = (info is not None and info.pos2 == "数詞") or surface.isdigit()
        if kind is None or (current and current[-1].end != start):
            if current:
                runs.append(current)
            current = []
        if kind is not None:
            current.append(_Morph(surface, start, end, kind, hint, reading if reading != "*" else ""))
        pos = end
    if current:
        runs.append(current)
    out = []
    for run in runs:
        while run and run[0].kind == _SUFFIX:
            run = run[1:]
        while run and run[-1].kind == _PREFIX:
            run = run[:-1]
        if len(run) >= 2:
            out.append(run)
    return out


_PLACE_SUFFIXES = frozenset("都道府県市区町村郡")


def _class_of(parts: Sequence[_Morph]) -> str:
    hints = [m.hint for m in parts if m.kind == _NOUN]
    head = list(parts)
    while len(head) > 1 and head[-1].surface in _PLACE_SUFFIXES:  # 市, 県 … (a noun or a suffix in UniDic)
        head.pop()
    if all(m.kind == _NOUN and m.hint == "地名" for m in head):
        return "地名"  # 越前大野, 姫路市, 兵庫県
    if any(h in ("固有名詞", "地名") for h in hints):
        return "固有名詞"
    last = parts[-1]
    if last.hint == "サ変名詞":
        return "サ変名詞"
    return "普通名詞"


def _reading_of(parts: Sequence[_Morph]) -> str:
    out = []
    for m in parts:
        if m.reading:
            out.append(m.reading)
        elif _KATAKANA_RE.match(m.surface):
            out.append(m.surface)
        else:
            return ""
    reading = "".join(out)
    return reading if _KATAKANA_RE.match(reading) else ""


def suggest_entries(
    texts: Sequence[str],
    *,
    tokenizer: Tokenizer,
    top: int | None = 100,
    min_count: int = 3,
    min_df: int = 2,
    max_parts: int = 6,
    context: int = 20,
    mask: bool = True,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Rank compound words of ``texts`` that the tokenizer splits and its dictionary does not have yet.

    ``tokenizer`` gives the user dictionary (its entries are not proposed again; the analysis uses it) and
    the test "is it already one word". Returns the ``top`` candidates (``None``: all) with the columns of the
    dictionary source (``surface, canonical, class, reading, cost, tags``: canonical empty, class guessed
    from the parts, reading from UniDic's when every part has one) then ``tf, df, score`` (C-value, rounded),
    ``parts`` (how MeCab splits it now, ``|``-separated) and two example contexts from different documents,
    ``context`` characters each side, the word in 【】 and personal data masked when ``mask``.
    """
    import fugashi

    if min_count < 1 or min_df < 1:
        raise DxtextError(
            _("--min-count {min_count} / --min-df {min_df}: both must be at least 1.").format(
                min_count=min_count, min_df=min_df
            )
        )
    if max_parts < 2:
        raise DxtextError(
            _("max_parts {max_parts}: a compound has at least 2 parts.").format(max_parts=max_parts)
        )
    existing: set[str] = set()
    if tokenizer.dictionary_path is not None:
        for entry in load_entries(tokenizer.dictionary_path):
            existing.update((entry.surface, entry.canonical))
    tagger = fugashi.GenericTagger(_tagger_args(tokenizer.user_dic))

    tf: Counter[str] = Counter()
    df: Counter[str] = Counter()
    length: dict[str, int] = {}
    info: dict[str, tuple[str, ...]] = {}  # surface -> (class, reading, parts)
    examples: dict[str, list[tuple[int, int, int]]] = {}  # surface -> [(text index, start, end)]
    total = len(texts)
    for i, text in enumerate(texts):
        seen_here: set[str] = set()
        for run in candidate_runs(text, tagger):
            n = len(run)
            for a in range(n):
                if run[a].kind == _SUFFIX:
                    continue
                for b in range(a + 2, min(n, a + max_parts) + 1):
                    if run[b - 1].kind == _PREFIX:
                        continue
                    start, end = run[a].start, run[b - 1].end
                    surface = text[start:end]
                    tf[surface] += 1
                    if surface not in seen_here:
                        seen_here.add(surface)
                        df[surface] += 1
                        shown = examples.setdefault(surface, [])
                        if len(shown) < 2:
                            shown.append((i, start, end))
                    if surface not in info:
                        parts = run[a:b]
                        length[surface] = b - a
                        info[surface] = (
                            _class_of(parts),
                            _reading_of(parts),
                            "|".join(m.surface for m in parts),
                        )
        if progress and (i + 1) % 2000 == 0:
            progress(i + 1, total)
    if progress:
        progress(total, total)

    # C-value: nested candidates give up the occurrences they owe to the longer ones containing them.
    nested_sum: Counter[str] = Counter()
    nested_n: Counter[str] = Counter()
    nested_max: Counter[str] = Counter()
    for longer in tf:
        parts = info[longer][2].split("|")
        k = len(parts)
        if k < 3:
            continue
        inner: set[str] = set()
        for a in range(k):
            for b in range(a + 2, k + 1):
                if b - a == k:
                    continue
                sub = "".join(parts[a:b])
                if sub in tf:
                    inner.add(sub)
        for sub in inner:
            nested_sum[sub] += tf[longer]
            nested_n[sub] += 1
            nested_max[sub] = max(nested_max[sub], tf[longer])

    rows = []
    for surface, f in tf.items():
        if f < min_count or df[surface] < min_df or surface in existing:
            continue
        if nested_max[surface] >= FRAGMENT_SHARE * f:
            continue  # a fragment: mostly used inside one longer candidate (恐竜博物 in 恐竜博物館)
        weight = math.log2(length[surface])
        score = weight * (f - nested_sum[surface] / nested_n[surface]) if nested_n[surface] else weight * f
        if score <= 0:
            continue
        rows.append((surface, f, df[surface], score))
    rows.sort(key=lambda r: (-r[3], -r[2], -r[1], r[0]))

    from .privacy import mask_pii

    out = []
    for surface, f, d, score in rows:
        if top and len(out) >= top:
            break
        if len(tokenizer(surface)) <= 1 and surface not in existing:
            # the tokenizer already returns it as one word (noun + joined suffix) or drops it entirely
            continue
        cls, reading, parts = info[surface]
        contexts = []
        for i, start, end in examples[surface]:
            text = texts[i]
            left = text[max(0, start - context - 40) : start]
            right = text[end : end + context + 40]
            if mask:
                left, right = mask_pii(left, tokenizer), mask_pii(right, tokenizer)
            contexts.append(" ".join(f"{left[-context:]}【{text[start:end]}】{right[:context]}".split()))
        contexts += [""] * (2 - len(contexts))
        out.append(
            {"surface": surface, "canonical": "", "class": cls, "reading": reading, "cost": "", "tags": "",
             "tf": f, "df": d, "score": round(score, 1), "parts": parts,
             "context1": contexts[0], "context2": contexts[1]}
        )  # fmt: skip
    return pd.DataFrame(out, columns=list(SUGGEST_COLUMNS))


_HEADER_COMMENT = """\
# Suggested user-dictionary entries (dxtext dict suggest), best first.
# Keep the rows you want, delete the others (or put # in front), check class and canonical
# (the lemma: give a variant the canonical form of the word it spells), then run:
#     dxtext dict add --from {name}
# Columns after tags (tf df score parts context1 context2) are information only; dict add ignores them.
# tf = occurrences, df = documents, score = C-value, parts = how the tokenizer splits the word today.
"""


def suggestions_text(frame: pd.DataFrame, name: str) -> str:
    """Suggestions as a UTF-8 TSV in the dictionary source's format (plus the information columns);
    ``name`` is the file name the header comment tells the user to pass to ``dict add --from``."""
    lines = [_HEADER_COMMENT.format(name=name).rstrip("\n"), "\t".join(SUGGEST_COLUMNS)]
    for record in frame.to_dict("records"):
        cells = []
        for column in SUGGEST_COLUMNS:
            value = record.get(column, "")
            value = "" if value is None or (isinstance(value, float) and value != value) else str(value)
            cells.append(" ".join(unicodedata.normalize("NFC", value).replace("\t", " ").split()))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def write_suggestions(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`suggestions_text` to ``path`` (atomically)."""
    from ..files import write_text

    path = Path(path)
    return write_text(suggestions_text(frame, path.name), path)
