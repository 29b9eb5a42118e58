"""MeCab's output lines and what they mean: the output formats the tokenizer asks MeCab for, texts joined by the
text-boundary entry, the word class of each UniDic context id, the lemma rules, and the per-morpheme scan in
Python (``_scan_py``; the same loop in C is ``_speedups.lemmas``).
"""

from __future__ import annotations

import contextlib
import re
import shlex
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import DxtextError
from .compounds import HONORIFIC, OTHER
from .wordforms import HONORIFIC_FORMS

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
    pos: tuple[str, ...] = ()  # the fields of left-id.def (pos1-pos4, cType, cForm …): compound particles


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
            table[num] = _IdInfo(label, non_indep, aux_ctx, suffix, tuple(pos))
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

_UNKNOWN_LID = ("", False, False, False, False, False, False, ())
# The empty line after the last morpheme: changes nothing but the context (and ends a pending compound).
_NOTHING = (None, False, False, None, False, OTHER << 16)
_END = ("end of text",)  # info value of the boundary line


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
    output: str, info: dict[str, Any], end: str | None, honorific: dict[str, str] = HONORIFIC_FORMS
) -> tuple[list[list[str] | tuple[int, int] | None], set[str]]:
    """The per-morpheme rules over MeCab's key lines (the C version is _speedups.lemmas; same results).

    ``output`` holds one text, or several cut by the ``end`` line. Returns, for each text, its lemmas; None if
    a line maps to None (a homograph); or, if a line is not in ``info`` yet, the (start, end) span of the
    text's lines in ``output``, to scan again once the lines in the returned set are learnt. The rules:

    * a 非自立可能 word right after an auxiliary context is dropped;
    * a joinable suffix right after a kept noun (or a joined suffix) is appended to it; an honorific suffix
      (code bit HONORIFIC) only where the joined word is in ``honorific`` (奥+さん → 奥さん, not 山田+さん);
    * compound particles (compounds.py): a morpheme whose code accepts the lead particle right before it is
      dropped at once (need bits 0), or kept until the next morpheme, and dropped if that one's follower class
      is among the needed ones (について: つく, then て); the end of the text counts as OTHER.
    """
    texts: list[list[str] | tuple[int, int] | None] = []
    missing: set[str] = set()
    toks: list[str] = []
    unknown = homograph = prev_aux = prev_noun = pend_kept = False
    prev_lead = pend = 0
    start = pos = 0
    get = info.get
    for line in output.split("\n"):
        line_start = pos
        pos += len(line) + 1
        r = get(line)
        if r is _END and end is not None:
            if pend & OTHER and pend_kept and toks:
                toks.pop()
            texts.append((start, line_start) if unknown else None if homograph else toks)
            toks = []
            unknown = homograph = prev_aux = prev_noun = pend_kept = False
            prev_lead = pend = 0
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
        lemma, free, aux, suffix, noun, code = r
        if pend:
            if (code >> 16) & pend and pend_kept and toks:
                toks.pop()
            pend = 0
        if suffix and prev_noun:
            if not code & HONORIFIC:
                toks[-1] += suffix
                prev_aux, prev_noun, prev_lead = aux, True, 0
                continue
            joined = honorific.get(toks[-1] + suffix)
            if joined is not None:
                toks[-1] = joined
                prev_aux, prev_noun, prev_lead = aux, True, 0
                continue
        if (code >> 4) & 15 & prev_lead:
            pend = (code >> 8) & 255
            if not pend:  # a compound complete with this morpheme: a function word
                prev_aux, prev_noun, prev_lead = aux, False, 0
                continue
        if lemma is not None and not (free and prev_aux):
            toks.append(lemma)
            prev_noun = noun
            pend_kept = True
        else:
            prev_noun = pend_kept = False
        prev_aux = aux
        prev_lead = code & 15
    if pend & OTHER and pend_kept and toks and not (unknown or homograph):
        toks.pop()
    texts.append((start, len(output)) if unknown else None if homograph else toks)
    return texts, missing


#: the version of _speedups.lemmas this module calls (SCAN_ABI in _speedups.c)
SCAN_ABI = 2

try:
    from . import _speedups
except ImportError:  # built without a C compiler: the same loop in Python
    _speedups = None  # type: ignore[assignment]
if _speedups is None or getattr(_speedups, "SCAN_ABI", None) != SCAN_ABI:
    if _speedups is not None:
        import warnings

        from ..i18n import _

        warnings.warn(
            _(
                "dxtext's C speed-up was built from another version; using the Python loop (same tokens, slower). "
                "Reinstall dxtext (pip install -e .) to rebuild it."
            ),
            RuntimeWarning,
            stacklevel=1,
        )
    _scan_c = None
else:
    _lemmas_c = _speedups.lemmas

    def _scan_c(  # type: ignore[misc]
        output: str, info: dict[str, Any], end: str | None, honorific: dict[str, str] = HONORIFIC_FORMS
    ) -> tuple[list[list[str] | tuple[int, int] | None], set[str]]:
        return _lemmas_c(output, info, end, honorific)  # type: ignore[no-any-return]


_scan = _scan_c or _scan_py


def clean_lemma(lemma: str) -> str:
    """クラウド-crowd → クラウド, 円-助数詞 → 円 (UniDic's sense tags on lemmas); ASCII lemmas (AI-OCR) unchanged."""
    if "-" in lemma:
        m = _GLOSS_RE.match(lemma)
        if m:
            return m.group(1)
    return lemma
