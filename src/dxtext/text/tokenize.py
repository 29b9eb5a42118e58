"""The tokenizer: MeCab (fugashi) + unidic-lite + the municipal-DX user dictionary → lemmas of content words.

``Tokenizer`` is a callable ``str -> list[str]``, so it plugs into scikit-learn's vectorizers. It returns UniDic
lemmas (語彙素: spelling variants meet, e.g. 良い/よい/いい → 良い; user-dictionary entries give their canonical
form, e.g. マイナカード → マイナンバーカード), English glosses removed (クラウド-crowd → クラウド).

Word classes kept by default: 名詞, サ変名詞, 固有名詞 (人名, 地名), 動詞, 形容詞, 形容動詞 (UniDic 形状詞).
Dropped: numerals, pronouns, particles, auxiliaries, symbols, prefixes/suffixes, and non-independent uses:
UniDic marks words such as 見る, いく, ない, 良い as 非自立可能 in the lexicon, so dxtext drops them only where
they are used as auxiliaries (right after a verb, adjective, auxiliary or the conjunctive particle て/で, as in
書いて・ある, 見て・いく, 良く・ない) and keeps them elsewhere (駐車場が・ない, 景色が・良い). Light verbs and formal
nouns are in the stopword file (dictionaries/stopwords.txt).

Speed: MeCab prints only the left-context id, the surface and the word cost of each morpheme (no feature
fields: printing those costs MeCab about a quarter of its parse time). Those three identify the dictionary entry;
its lemma is read from the compiled dictionaries once per distinct morpheme line (``mecabdic``) and classified
once (word class from the id, through a table built from unidic-lite's left-id.def). Texts go to MeCab 32 at a
time, joined by the text-boundary entry (exactly the analysis of each text alone), and the per-morpheme rules run
in C (``_speedups``, optional) or in Python (``_scan_py``); texts with a homograph that the three fields cannot
tell apart take the reference path (``_lemmas``: MeCab prints the lemma itself).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import os
import pickle
import re
import shlex
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DxtextError

if TYPE_CHECKING:
    from ..io.corpus import Corpus

# 2: classes of suffix-joined words (事業者) cached; 3: glosses with hyphens removed; 4: a lemma's word class no
# longer depends on the order of the texts
TOKENIZER_VERSION = "4"
Progress = Callable[[int, int], None]  # (done, total)

# Word-class labels (what users see) and the UniDic POS they come from.
WORD_CLASS_LABELS = (
    "名詞",
    "サ変名詞",
    "固有名詞",
    "人名",
    "地名",
    "動詞",
    "形容詞",
    "形容動詞",
    "副詞",
    "感動詞",
    "数詞",
    "代名詞",
    "接頭辞",
    "接尾辞",
    "連体詞",
    "接続詞",
    "助詞",
    "助動詞",
    "記号",
)
DEFAULT_POS: tuple[str, ...] = ("名詞", "サ変名詞", "固有名詞", "人名", "地名", "動詞", "形容詞", "形容動詞")
_AUX_CONTEXT_POS = ("動詞", "形容詞", "助動詞")


def _label(pos: list[str]) -> str:
    p1 = pos[0]
    p2 = pos[1] if len(pos) > 1 else "*"
    p3 = pos[2] if len(pos) > 2 else "*"
    if p1 == "名詞":
        if p2 == "固有名詞":
            return {"人名": "人名", "地名": "地名"}.get(p3, "固有名詞")
        if p2 == "数詞":
            return "数詞"
        if p2 == "助動詞語幹":
            return "助動詞"
        if p3 in ("サ変可能", "サ変形状詞可能"):
            return "サ変名詞"
        return "名詞"
    if p1 == "形状詞":
        return "形容動詞" if p2 == "一般" else "助動詞"
    if p1 in ("補助記号", "記号", "空白"):
        return "記号"
    if p1 == "BOS/EOS":
        return ""
    return p1


@dataclass(frozen=True)
class _IdInfo:
    label: str
    non_independent: bool  # UniDic 非自立可能
    aux_context: bool  # a following 非自立可能 word is used as an auxiliary
    joinable_suffix: bool  # 接尾辞,名詞的,一般/サ変可能: joined to the noun before it (駐車+場 → 駐車場)


@lru_cache(maxsize=1)
def _id_table() -> dict[str, _IdInfo]:
    import unidic_lite

    table: dict[str, _IdInfo] = {}
    with open(Path(unidic_lite.DICDIR) / "left-id.def", encoding="utf-8") as f:
        for line in f:
            num, _, feat = line.rstrip("\n").partition(" ")
            pos = feat.split(",")
            label = _label(pos)
            non_indep = len(pos) > 1 and pos[1] == "非自立可能"
            aux_ctx = pos[0] in _AUX_CONTEXT_POS or (
                pos[0] == "助詞" and len(pos) > 1 and pos[1] == "接続助詞"
            )
            suffix = (
                pos[0] == "接尾辞" and len(pos) > 2 and pos[1] == "名詞的" and pos[2] in ("一般", "サ変可能")
            )
            table[num] = _IdInfo(label, non_indep, aux_ctx, suffix)
    return table


def _tagger_args(user_dic: Path | None, *, with_surface: bool = False, key: bool = False) -> str:
    import unidic_lite

    dicdir = Path(unidic_lite.DICDIR)
    args = [
        "-r",
        shlex.quote(str(dicdir / "mecabrc")),
        "-d",
        shlex.quote(str(dicdir)),
    ]
    if user_dic is not None:
        args += ["-u", shlex.quote(str(user_dic))]
    # One morpheme a line: [surface,] left-context id, lemma, written base form (unknown words: the surface).
    # %F\t[7,10] prints the same as %f[7]\t%f[10] but splits the feature string once instead of twice.
    # key=True: left-context id, surface, word cost (unknown words: "U"), which identify the entry (see mecabdic).
    if key:
        args += ['-O ""', r"-F %phl\\t%m\\t%pw\\n", r"-U %phl\\t%m\\tU\\n", r"-E \\n"]
    elif with_surface:
        args += ['-O ""', r"-F %m\\t%phl\\t%F\\t[7,10]\\n", r"-U %m\\t%phl\\t\\t%m\\n", r"-E \\n"]
    else:
        args += ['-O ""', r"-F %phl\\t%F\\t[7,10]\\n", r"-U %phl\\t\\t%m\\n", r"-E \\n"]
    return " ".join(args)


_GLOSS_RE = re.compile(r"^([^\x00-\x7f]+)-.+$")  # スタートアップ-start-up, 円-助数詞
_KATAKANA_RE = re.compile(r"^[\u30a0-\u30ff]+$")
# Suffixes that stay apart: honorifics and plural/collective markers (山田+さん is not one word).
_NO_JOIN_SUFFIX = frozenset(
    {"さん", "様", "君", "ちゃん", "氏", "殿", "達", "等", "ら", "方", "共", "たち", "ども", "屋"}
)
_JUNK_RE = re.compile(r"^(?:[\u3041-\u309f\u30a1-\u30ff]|[\d\W_]+)$")

_UNKNOWN_LID = ("", False, False, False, False, False, False)
_NOTHING = (None, False, False, None, False)  # the empty line after the last morpheme: changes nothing
_END = ("end of text",)  # info value of the boundary line

# A lemma met in several word classes is shown in the first of these (the most general reading: 石川 as a place
# rather than a surname, 一目 as a noun rather than a サ変 noun).
_CLASS_ORDER = ("名詞", "サ変名詞", "地名", "固有名詞", "人名", "形容動詞", "動詞", "形容詞")
_CLASS_RANK = {
    c: i for i, c in enumerate((*_CLASS_ORDER, *(c for c in WORD_CLASS_LABELS if c not in _CLASS_ORDER)))
}

# Texts are handed to MeCab several at a time, joined by " ﷐ " (compile.TEXT_BOUNDARY between spaces): one
# call per batch instead of one per text saves 5-10% of the parse (measured 1.16 s -> 1.03-1.09 s on Fukui). The
# boundary entry has MeCab's sentence end/start context ids, so the tokens are exactly those of parsing each text
# alone (mecabdic.boundary_problem lists the conditions; they are checked once per compiled dictionary). A batch
# in which a text holds the boundary character or NUL is parsed text by text.
_BATCH = 32


@lru_cache(maxsize=8)
def _boundary_ok(user_dic: str) -> bool:
    """Whether texts may be joined with the boundary for ``user_dic`` (the verdict is kept beside the .dic)."""
    import unidic_lite

    from .compile import TEXT_BOUNDARY
    from .mecabdic import boundary_problem

    sidecar = Path(f"{user_dic}.boundary")
    try:
        return sidecar.read_text(encoding="utf-8") == "ok"
    except OSError:
        pass
    dicdir = Path(unidic_lite.DICDIR)
    try:
        problem = boundary_problem(dicdir / "sys.dic", Path(user_dic), dicdir / "char.bin", TEXT_BOUNDARY)
    except DxtextError as e:
        problem = str(e)
    with contextlib.suppress(OSError):
        sidecar.write_text(problem or "ok", encoding="utf-8")
    return problem is None


def _scan_py(
    output: str, info: dict[str, Any], end: str | None
) -> tuple[list[list[str] | tuple[int, int] | None], set[str]]:
    """The per-morpheme rules over MeCab's key lines (the C version is _speedups.lemmas; same results).

    ``output`` holds one text, or several cut by the ``end`` line. Returns, for each text, its lemmas; None if
    a line maps to None (a homograph); or, if a line is not in ``info`` yet, the (start, end) span of the
    text's lines in ``output``, to scan again once the lines in the returned set are learnt. A 非自立可能 word
    right after an auxiliary context is dropped; a joinable suffix right after a kept noun (or a joined
    suffix) is appended to it.
    """
    texts: list[list[str] | tuple[int, int] | None] = []
    missing: set[str] = set()
    toks: list[str] = []
    unknown = homograph = prev_aux = prev_noun = False
    start = pos = 0
    get = info.get
    for line in output.split("\n"):
        line_start = pos
        pos += len(line) + 1
        r = get(line)
        if r is _END and end is not None:
            texts.append((start, line_start) if unknown else None if homograph else toks)
            toks = []
            unknown = homograph = prev_aux = prev_noun = False
            start = pos
            continue
        if r is None:
            if line not in info:
                missing.add(line)
                unknown = True
            else:
                homograph = True
            continue
        if unknown or homograph:
            continue
        if r is _END:  # the boundary character inside a text parsed alone: the reference path handles it
            homograph = True
            continue
        lemma, free, aux, suffix, noun = r
        if suffix and prev_noun:
            toks[-1] += suffix
            prev_aux, prev_noun = aux, True
            continue
        if lemma is not None and not (free and prev_aux):
            toks.append(lemma)
            prev_noun = noun
        else:
            prev_noun = False
        prev_aux = aux
    texts.append((start, len(output)) if unknown else None if homograph else toks)
    return texts, missing


try:
    from ._speedups import lemmas as _scan_c
except ImportError:  # built without a C compiler: the same loop in Python
    _scan_c = None

_scan = _scan_c or _scan_py


def clean_lemma(lemma: str) -> str:
    """クラウド-crowd → クラウド, 円-助数詞 → 円 (UniDic's sense tags on lemmas); ASCII lemmas (AI-OCR) unchanged."""
    if "-" in lemma:
        m = _GLOSS_RE.match(lemma)
        if m:
            return m.group(1)
    return lemma


def default_stopwords_path() -> Path | None:
    from .dictionary import _find_repo_root

    env = os.environ.get("DXTEXT_STOPWORDS")
    if env:
        return Path(env)
    root = _find_repo_root()
    if root is not None and (root / "dictionaries" / "stopwords.txt").is_file():
        return root / "dictionaries" / "stopwords.txt"
    return None


def read_word_list(path: Path) -> list[str]:
    """One word a line, UTF-8 (BOM allowed), '#' comments."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DxtextError(f"{path}: word list not found; check the path.") from None
    except UnicodeDecodeError:
        raise DxtextError(f"{path}: not UTF-8; save the word list as UTF-8.") from None
    return [w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")]


@dataclass(frozen=True)
class Token:
    """One morpheme with its place in the text (for KWIC and masking)."""

    surface: str
    lemma: str
    word_class: str
    start: int
    end: int
    kept: bool


class Tokenizer:
    """``str -> list[str]`` of content-word lemmas.

    Parameters
    ----------
    dictionary:
        the user dictionary source (TSV): "default" for dictionaries/municipal_dx.tsv (or $DXTEXT_DICTIONARY),
        a path, or None for unidic-lite alone. It is compiled (and cached) on first use, so an edited
        dictionary is picked up by the next run without a manual rebuild.
    pos:
        word-class labels to keep (see ``WORD_CLASS_LABELS``).
    stopwords:
        "default" (dictionaries/stopwords.txt), a path, a list of lemmas, or None.
    """

    def __init__(
        self,
        *,
        dictionary: str | os.PathLike[str] | None = "default",
        pos: Sequence[str] = DEFAULT_POS,
        stopwords: str | os.PathLike[str] | Sequence[str] | None = "default",
        dic_cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        from . import dictionary as dictmod
        from .compile import compile_dictionary

        unknown = [p for p in pos if p not in WORD_CLASS_LABELS]
        if unknown:
            raise DxtextError(
                f"--pos {','.join(unknown)}: unknown word class; use {', '.join(WORD_CLASS_LABELS)}."
            )
        self.pos = tuple(pos)
        if dictionary == "default":
            dictionary = dictmod.default_dictionary_path()
        self.dictionary_path = Path(dictionary) if dictionary is not None else None
        if self.dictionary_path is not None:
            self.dictionary_hash = dictmod.dictionary_hash(self.dictionary_path)
            self.user_dic: Path | None = compile_dictionary(
                self.dictionary_path, cache_dir=Path(dic_cache_dir) if dic_cache_dir else None
            )
        else:
            self.dictionary_hash = ""
            self.user_dic = None
        if isinstance(stopwords, str) and stopwords == "default":
            sw_path = default_stopwords_path()
            words = read_word_list(sw_path) if sw_path else []
        elif stopwords is None:
            words = []
        elif isinstance(stopwords, (str, os.PathLike)):
            words = read_word_list(Path(stopwords))
        else:
            words = list(stopwords)
        self.stopwords = frozenset(words)
        self._tagger: Any = None
        self._setup()

    # -- set-up ---------------------------------------------------------------------------------------------

    def _setup(self) -> None:
        table = _id_table()
        self._keep_labels = frozenset(self.pos)
        # left id → (label, 非自立可能, auxiliary context, joinable suffix, class kept, noun, proper noun)
        self._lids = {
            k: (
                v.label,
                v.non_independent,
                v.aux_context,
                v.joinable_suffix,
                v.label in self._keep_labels,
                v.label in ("名詞", "サ変名詞"),
                v.label in ("固有名詞", "人名", "地名"),
            )
            for k, v in table.items()
        }
        self._memo: dict[str, tuple[str | None, bool, bool, str | None, bool]] = {}
        # key line (id, surface, cost) → the same tuple; None for homographs the key cannot tell apart
        self._info: dict[str, tuple[str | None, bool, bool, str | None, bool] | None] = {"": _NOTHING}
        self._dics: list[Any] | None = None
        self._key_tagger: Any = None
        self._classes: dict[str, str] = {}  # lemma → word class (see _set_class)

    @property
    def tagger(self) -> Any:
        """MeCab printing id, lemma and written base form per morpheme (homographs; see _lemmas)."""
        if self._tagger is None:
            self._tagger = self._new_tagger(_tagger_args(self.user_dic))
        return self._tagger

    def _new_tagger(self, args: str) -> Any:
        import fugashi

        try:
            return fugashi.GenericTagger(args)
        except RuntimeError as e:
            raise DxtextError(
                f"MeCab could not start with the user dictionary {self.user_dic} ({str(e).strip()[:80]}); "
                "run `dxtext dict build` to rebuild it."
            ) from None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tagger"] = None
        state["_analysis_tagger"] = None  # MeCab taggers cannot be pickled (worker processes under spawn)
        state["_key_tagger"] = None
        state["_dics"] = None  # memory maps are reopened where they are used
        return state

    @property
    def fingerprint(self) -> str:
        """Hash of everything that decides the tokens: dictionary, word classes, stopwords, versions."""
        from importlib.metadata import version

        payload = {
            "v": TOKENIZER_VERSION,
            "dic": self.dictionary_hash,
            "pos": sorted(self.pos),
            "stop": sorted(self.stopwords),
            "fugashi": version("fugashi"),
            "unidic_lite": version("unidic-lite"),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[
            :20
        ]

    def params(self) -> dict[str, Any]:
        from importlib.metadata import version

        return {
            "dictionary": str(self.dictionary_path) if self.dictionary_path else None,
            "dictionary_hash": self.dictionary_hash,
            "pos": list(self.pos),
            "stopwords": len(self.stopwords),
            "fingerprint": self.fingerprint,
            "fugashi": version("fugashi"),
            "unidic_lite": version("unidic-lite"),
        }

    # -- tokenizing -----------------------------------------------------------------------------------------

    def __call__(self, text: str) -> list[str]:
        return self._lemmas_batch([text])[0]

    @property
    def key_tagger(self) -> Any:
        """MeCab printing id, surface and word cost per morpheme (the fast path)."""
        if self._key_tagger is None:
            self._key_tagger = self._new_tagger(_tagger_args(self.user_dic, key=True))
        return self._key_tagger

    def _boundary_line(self, cost_or_lemma: str) -> str | None:
        """The output line of the text-boundary entry (None: parse every text alone)."""
        from .compile import TEXT_BOUNDARY

        if self.user_dic is None or not _boundary_ok(str(self.user_dic)):
            return None
        return f"0\t{TEXT_BOUNDARY}\t{cost_or_lemma}\n"

    def _dictionaries(self) -> list[Any]:
        if self._dics is None:
            import unidic_lite

            from .mecabdic import CompiledDictionary

            paths = [Path(unidic_lite.DICDIR) / "sys.dic"] + ([self.user_dic] if self.user_dic else [])
            self._dics = [CompiledDictionary(p) for p in paths]
        return self._dics

    def _lemmas_batch(self, texts: Sequence[str]) -> list[list[str]]:
        """Token lists of ``texts``: one MeCab call per ``_BATCH`` texts, one dictionary look-up per morpheme."""
        return self._resolve(texts, self._parse_groups(texts))

    def _parse_groups(self, texts: Sequence[str]) -> list[tuple[int, str, bool]]:
        """MeCab's key lines for ``texts``: (number of texts, output, whether they are cut by the boundary line)
        per MeCab call. (Worker processes do only this; see _tokenize_parallel.)"""
        from .compile import TEXT_BOUNDARY

        parse = (self._key_tagger or self.key_tagger).parse
        joiner = f" {TEXT_BOUNDARY} "
        step = _BATCH if self._boundary_line("0") else 1
        groups: list[tuple[int, str, bool]] = []
        for i in range(0, len(texts), step):
            group = texts[i : i + step]
            if len(group) == 1:
                groups.append((1, parse(group[0]), False))
                continue
            joined = joiner.join(group)
            if joined.count(TEXT_BOUNDARY) == len(group) - 1 and "\x00" not in joined:
                groups.append((len(group), parse(joined), True))
            else:  # a text holds the boundary character or NUL: parse each alone
                groups.extend((1, parse(text), False) for text in group)
        return groups

    def _resolve(self, texts: Sequence[str], groups: list[tuple[int, str, bool]]) -> list[list[str]]:
        """Token lists from MeCab's output for ``texts`` (see _parse_groups). Lines not seen before are learnt
        together for all of them (one batch of dictionary look-ups); the texts that had them are scanned again."""
        boundary = self._boundary_line("0")
        end = boundary[:-1] if boundary else None
        info = self._info
        if end is not None and end not in info:
            info[end] = _END
        scanned = [_scan(output, info, end if cut else None) for _, output, cut in groups]
        missing = set().union(*(m for _, m in scanned))
        if missing:
            self._learn(missing)
        out: list[list[str]] = []
        at = 0
        for (n, output, _), (lists, _) in zip(groups, scanned, strict=True):
            group = texts[at : at + n]
            at += n
            if len(lists) != n:  # cannot happen when the boundary checks passed; stay exact anyway
                parse = (self._key_tagger or self.key_tagger).parse
                out.extend(self._resolve(group, [(1, parse(text), False) for text in group]))
                continue
            for toks, text in zip(lists, group, strict=True):
                if toks.__class__ is tuple:  # had lines learnt just now: scan its span again
                    toks = _scan(output[toks[0] : toks[1]], info, None)[0][0]  # type: ignore[index]
                # None: a line that does not tell homographs apart; MeCab prints the lemma for that text.
                out.append(toks if toks.__class__ is list else self._lemmas(text))  # type: ignore[arg-type]
        if len(info) > 1_000_000:  # bound the memory of a very long run; the next batch learns again
            self._info = {"": _NOTHING}
        return out

    def _learn(self, lines: set[str]) -> None:
        """What MeCab key lines not seen before mean, from the compiled dictionaries, in one batch."""
        import numpy as np

        from .mecabdic import find_entries, split_feature

        todo = [line for line in lines if line.count("\t") == 2]
        for line in lines.difference(
            todo
        ):  # without its three fields (never printed by MeCab): reference path
            self._adopt(line, None)
        if not todo:
            return
        fields = "\t".join(todo).split("\t")
        lids, surfaces, costs = fields[0::3], fields[1::3], fields[2::3]
        known = [i for i, cost in enumerate(costs) if cost != "U"]
        if len(known) < len(todo):  # unknown words: the lemma is the surface
            for i in set(range(len(todo))).difference(known):
                self._adopt(todo[i], f"{lids[i]}\t\t{surfaces[i]}")
            todo, lids, surfaces, costs = ([x[i] for i in known] for x in (todo, lids, surfaces, costs))
        if not todo:
            return
        try:
            lid_numbers = np.array(lids).astype(np.int64)
            cost_numbers = np.array(costs).astype(np.int64)
        except ValueError:  # never printed by MeCab; such lines take the reference path
            for line in todo:
                self._adopt(line, None)
            return
        keys = [surface.encode("utf-8") for surface in surfaces]
        found, features = find_entries(self._dictionaries(), keys, lid_numbers, cost_numbers)
        # The line MeCab prints for "%phl\t%F\t[7,10]": the id, then the lemma and the written base form, each
        # only if it does not start with "*" (what _classify reads). Homographs: several different lines.
        printed: dict[int, str | None] = {}
        for i, feature in zip(found, features, strict=True):
            parts = feature.split(",", 11) if '"' not in feature else split_feature(feature)
            if len(parts) <= 10:
                printed[i] = None
                continue
            lemma, orth = parts[7], parts[10]
            if lemma[:1] == "*" or orth[:1] == "*":
                one = "\t".join([lids[i], *(f for f in (lemma, orth) if f[:1] != "*")])
            else:
                one = f"{lids[i]}\t{lemma}\t{orth}"
            printed[i] = one if printed.get(i, one) == one else None
        info, memo, classify, get = self._info, self._memo, self._classify, printed.get
        for i, line in enumerate(todo):
            one = get(i)
            info[line] = None if one is None else (memo.get(one) or classify(one))

    def _adopt(self, line: str, printed: str | None) -> None:
        """Remember what a key line means; None (homographs with the same id and cost): parse such texts again."""
        self._info[line] = None if printed is None else (self._memo.get(printed) or self._classify(printed))

    def _lemmas(self, text: str) -> list[str]:
        """The reference path: MeCab prints the lemma itself (used for homographs the key lines cannot tell)."""
        # One dict look-up per morpheme: MeCab's line "left-id<TAB>lemma<TAB>orthBase" is the memo key.
        memo = self._memo
        out: list[str] = []
        prev_aux = False
        prev_noun = False
        for line in (self._tagger or self.tagger).parse(text).split("\n"):
            r = memo.get(line)
            if r is None:
                if not line:
                    continue
                r = self._classify(line)
            lemma, free, aux, suffix, noun = r
            if suffix and prev_noun:
                out[-1] += suffix
                prev_aux, prev_noun = aux, True
                continue
            if lemma is not None and not (free and prev_aux):
                out.append(lemma)
                prev_noun = noun
            else:
                prev_noun = False
            prev_aux = aux
        return out

    def _classify(self, line: str) -> tuple[str | None, bool, bool, str | None, bool]:
        """(kept lemma or None, 非自立可能, makes an auxiliary context, joinable suffix lemma, joinable noun)."""
        lid, _, rest = line.partition("\t")
        lemma, _, orth = rest.partition("\t")
        label, free, aux, suffix_id, keep, noun, proper = self._lids.get(lid, _UNKNOWN_LID)
        lemma = lemma or orth
        if "-" in lemma:
            lemma = clean_lemma(lemma)
        if proper and orth and _KATAKANA_RE.match(lemma) and not _KATAKANA_RE.match(orth):
            lemma = orth  # UniDic gives proper nouns a katakana lemma (福井 → フクイ): show the written form
        suffix = lemma if suffix_id and lemma not in _NO_JOIN_SUFFIX else None
        kept = keep and lemma not in self.stopwords and not _JUNK_RE.match(lemma)
        r = (lemma if kept else None, free, aux, suffix, kept and noun)
        if len(self._memo) < 500_000:
            self._memo[line] = r
        if kept:
            self._set_class(lemma, label)
        return r

    def _set_class(self, lemma: str, label: str) -> None:
        """A lemma met in several word classes gets the first of _CLASS_ORDER, whatever the order of the texts
        (or of the processes) that met them."""
        old = self._classes.get(lemma)
        if old is None or _CLASS_RANK.get(label, 99) < _CLASS_RANK.get(old, 99):
            self._classes[lemma] = label

    @property
    def word_classes(self) -> Mapping[str, str]:
        """Word class of every token seen so far, suffix-joined words (事業+者) included (see word_class)."""
        return _WordClasses(self._classes)

    def word_class(self, word: str) -> str:
        """The word class of a token: its own, or for a suffix-joined word (駐車+場) that of its longest head."""
        return _WordClasses(self._classes).get(word) or "名詞"

    def analyze(self, text: str) -> list[Token]:
        """Every morpheme of ``text`` with surface, lemma, word class, character offsets and whether it is kept.

        The same rules as ``__call__`` (suffixes joined the same way): the lemmas of the kept tokens are
        exactly ``self(text)``.
        """
        if getattr(self, "_analysis_tagger", None) is None:
            import fugashi

            self._analysis_tagger = fugashi.GenericTagger(_tagger_args(self.user_dic, with_surface=True))
        table = _id_table()
        tokens: list[Token] = []
        pos = 0
        prev_aux = False
        prev_noun = False
        for line in self._analysis_tagger.parse(text).split("\n"):
            if not line:
                continue
            surface, _, key = line.partition("\t")
            r = self._memo.get(key) or self._classify(key)
            lemma, free, aux, suffix, noun = r
            start = text.find(surface, pos)
            if start < 0:
                start = pos
            pos = start + len(surface)
            if suffix and prev_noun:
                last = tokens[-1]
                tokens[-1] = Token(
                    last.surface + text[last.end : pos],
                    last.lemma + suffix,
                    last.word_class,
                    last.start,
                    pos,
                    True,
                )
                prev_aux, prev_noun = aux, True
                continue
            kept = lemma is not None and not (free and prev_aux)
            info = table.get(key.partition("\t")[0])
            shown = lemma if lemma is not None else clean_lemma(key.split("\t")[1] or surface)
            tokens.append(Token(surface, shown, info.label if info else "", start, pos, kept))
            prev_noun = kept and noun
            prev_aux = aux
        return tokens

    def tokenize_many(
        self, texts: Sequence[str], *, n_jobs: int = 1, progress: Progress | None = None
    ) -> list[list[str]]:
        """Tokenize many texts, in ``n_jobs`` processes (1 = this process; 0 or negative = all cores).

        With several processes, ``n_jobs`` worker processes run MeCab over the texts in pieces, large first and
        small last (so none waits long for another's last piece), and this process turns their output into
        token lists as it comes (each new morpheme is looked up and classified once, here). The tokens and word
        classes are the same as in one process.
        """
        with _gc_paused():
            return self._tokenize_many(texts, n_jobs, progress)

    def _tokenize_many(self, texts: Sequence[str], n_jobs: int, progress: Progress | None) -> list[list[str]]:
        total = len(texts)
        if n_jobs <= 0:
            n_jobs = os.cpu_count() or 1
        if n_jobs == 1 or total < _PARALLEL_MIN:
            out: list[list[str]] = []
            for i in range(0, total, _CHUNK):
                out.extend(self._lemmas_batch(texts[i : i + _CHUNK]))
                if progress:
                    progress(min(i + _CHUNK, total), total)
            return out

        return self._tokenize_parallel(texts, n_jobs, progress)

    def _tokenize_parallel(
        self, texts: Sequence[str], workers: int, progress: Progress | None
    ) -> list[list[str]]:
        """``workers`` processes run MeCab over pieces of the texts, large first and small last (so none waits
        long for another's last piece); this process turns their output into token lists as it arrives. So each
        new morpheme is looked up and classified once, here, instead of once in every worker."""
        import multiprocessing

        global _WORKER
        total = len(texts)
        out: list[list[str]] = []
        # Forked workers inherit the tokenizer and the texts and get only (start, stop); spawned ones get both
        # pickled.
        forked = multiprocessing.get_start_method() == "fork"
        _WORKER, _WORKER_TEXTS[:] = (self, texts) if forked else (None, [])
        ex = ProcessPoolExecutor(
            max_workers=workers, initializer=_worker_init, initargs=(None if forked else self,)
        )
        try:
            spans = list(itertools.pairwise(_piece_bounds(total, workers)))
            tasks = ((a, b) if forked else list(texts[a:b]) for a, b in spans)
            for (a, b), groups in zip(spans, ex.map(_worker_parse, tasks), strict=True):
                out.extend(self._resolve(texts[a:b], groups))
                if progress:
                    progress(b, total)
        finally:
            # Every result is in: the worker processes may wind down in the background (waiting for them to
            # exit costs 30-40 ms); after an error, pieces not started are cancelled.
            ex.shutdown(wait=False, cancel_futures=True)
            _WORKER, _WORKER_TEXTS[:] = None, []
        return out

    def tokenize_corpus(
        self,
        corpus: Corpus,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        n_jobs: int = 1,
        progress: Progress | None = None,
    ) -> TokenizedCorpus:
        """Token lists for the corpus's used documents; documents left with no token become ``too_short``.

        With ``cache_dir``, token lists are stored under a key made of the corpus content hash and the
        tokenizer fingerprint, and the next call on the same corpus reads them instead of tokenizing.
        """
        used = corpus.used
        key = hashlib.sha256(f"{corpus.content_hash}:{self.fingerprint}".encode()).hexdigest()[:32]
        cached = _load_cache(Path(cache_dir), key) if cache_dir else None
        if cached is not None:
            doc_ids, lists, classes = cached
            from_cache = True
        else:
            lists = self.tokenize_many(used["text"].tolist(), n_jobs=n_jobs, progress=progress)
            word_class = self.word_class
            classes = {w: word_class(w) for w in sorted(set(chain.from_iterable(lists)))}
            doc_ids = used["doc_id"].tolist()
            from_cache = False
            if cache_dir:
                _save_cache(Path(cache_dir), key, (doc_ids, lists, classes))
        empty = [d for d, toks in zip(doc_ids, lists, strict=True) if not toks]
        corpus.mark_too_short(empty)
        pairs = [(d, t) for d, t in zip(doc_ids, lists, strict=True) if t]
        return TokenizedCorpus(
            doc_ids=[d for d, _ in pairs],
            tokens=[t for _, t in pairs],
            word_classes=classes,
            cache_key=key,
            from_cache=from_cache,
        )


class _WordClasses(Mapping[str, str]):
    """Lemma → word class; a suffix-joined word (事業者) that is not a lemma itself takes the class of its
    longest head that is one (事業). Iterating gives the lemmas only."""

    def __init__(self, classes: dict[str, str]) -> None:
        self._classes = classes

    def __getitem__(self, word: str) -> str:
        found = self._classes.get(word)
        if found is not None:
            return found
        for cut in range(len(word) - 1, 0, -1):
            found = self._classes.get(word[:cut])
            if found is not None:
                return found
        raise KeyError(word)

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)


@dataclass
class TokenizedCorpus:
    """Token lists aligned with ``corpus.used`` (after too-short documents were marked)."""

    doc_ids: list[str]
    tokens: list[list[str]]
    word_classes: dict[str, str]
    cache_key: str
    from_cache: bool

    def __len__(self) -> int:
        return len(self.tokens)


# --- processes -----------------------------------------------------------------------------------------

_CHUNK = 4000  # texts between two progress calls in one process (about 0.1 s)
_PIECE_MIN, _PIECE_MAX = 500, 4000  # texts per piece of work with several processes (12–100 ms)
_PARALLEL_MIN = 8000  # below this many texts, starting processes costs more than it saves


def _piece_bounds(total: int, workers: int) -> list[int]:
    """Boundaries of pieces of ``total`` texts for ``workers`` processes, each a quarter of what is left per
    worker (within _PIECE_MIN.._PIECE_MAX texts): large pieces first (less overhead per text), small ones last,
    so that no process waits long for another's last piece."""
    bounds = [0]
    while bounds[-1] < total:
        left = total - bounds[-1]
        bounds.append(bounds[-1] + min(left, max(_PIECE_MIN, min(_PIECE_MAX, left // (4 * workers)))))
    return bounds


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while tokenizing: it allocates hundreds of thousands of lists that
    hold no reference cycles (reference counting frees them), and each full collection would walk the whole
    heap — about 0.1 s of 1.7 s on the Fukui answers when measured."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_WORKER: Tokenizer | None = None
_WORKER_TEXTS: list[Any] = []  # the texts, inherited by forked workers
_WORKER_NICE = 5


def _worker_init(tok: Tokenizer | None) -> None:
    """``tok`` pickled (spawned workers), or None when the forked worker already has it in _WORKER."""
    global _WORKER
    if tok is not None:
        _WORKER = tok
    assert _WORKER is not None
    if _WORKER_NICE and hasattr(os, "nice"):
        # The workers yield the CPU to the process that turns their output into tokens, so it keeps up with
        # them instead of being left with a backlog when they finish.
        with contextlib.suppress(OSError):
            os.nice(_WORKER_NICE)


def _worker_parse(task: list[str] | tuple[int, int]) -> list[tuple[int, str, bool]]:
    """MeCab's output for the texts of ``task`` (or _WORKER_TEXTS[start:stop]), see Tokenizer._parse_groups."""
    assert _WORKER is not None
    texts = _WORKER_TEXTS[task[0] : task[1]] if isinstance(task, tuple) else task
    return _WORKER._parse_groups(texts)


# --- the token cache -------------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """$DXTEXT_CACHE, else ~/.cache/dxtext (used by the CLI; the library caches only where it is told)."""
    env = os.environ.get("DXTEXT_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "dxtext"


def _load_cache(cache_dir: Path, key: str) -> Any:
    path = cache_dir / "tokens" / f"{key}.pkl"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        return None


def _save_cache(cache_dir: Path, key: str, value: Any) -> None:
    folder = cache_dir / "tokens"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pkl")
    except OSError:
        pass  # a cache that cannot be written only costs time next run
