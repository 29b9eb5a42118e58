"""From MeCab's key lines to token lists: the part of the :class:`~dxtext.text.tokenize.Tokenizer` that parses
texts in batches and reads what each morpheme line means.

MeCab prints the left-context id, the surface and the word cost of each morpheme (``scan._tagger_args(key=True)``).
A line not seen before is learnt once: its entry is found in the compiled dictionaries (``mecabdic``) and
classified (word class from the id, the display form, the stopwords); the per-morpheme rules then run over the
lines in ``scan._scan``. Texts go to MeCab ``_BATCH`` at a time joined by the text-boundary entry. A line that
cannot tell homographs apart sends its text down the reference path (``_lemmas``: MeCab prints the lemma).

``KeyLines`` is a mixin: it reads the tokenizer's set-up (``_lids``, ``_info``, ``_memo``, ``stopwords``,
``user_dic``) and calls its ``display_form``, ``_set_class`` and ``_new_tagger``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .compounds import HONORIFIC, compound_code
from .scan import (
    _BATCH,
    _END,
    _JUNK_RE,
    _KATAKANA_RE,
    _NO_JOIN_SUFFIX,
    _NOTHING,
    _UNKNOWN_LID,
    _boundary_ok,
    _scan,
    _tagger_args,
    clean_lemma,
)
from .wordforms import HONORIFIC_SUFFIXES

#: Nouns (not suffixes, in UniDic) that make one word with a noun glued before them: 満足度, 重要度, 認知度,
#: 利用率, 回答率. After anything else they stay apart (この度, 一度 and 30度 follow no kept noun).
_MEASURE_NOUNS = frozenset({"度", "率"})

#: MeCab crashes the process (a segfault, not an exception) on one input of about 1.5 million characters; longer
#: texts are cut into pieces of at most this many characters (after a sentence or line end where there is one)
#: and their tokens put back together.
MECAB_MAX_CHARS = 100_000
_CUTS = ("\n", "。", "．", "！", "？", "!", "?", "、", "，", " ", "\u3000")


def split_long_text(text: str, *, limit: int = MECAB_MAX_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters that join back to it, each cut after the last sentence
    end (else line end, comma or space) of its window; a window without any is cut at the limit."""
    if len(text) <= limit:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for mark in _CUTS:
            at = window.rfind(mark)
            if at >= limit // 2:
                cut = at + 1
                break
        if cut <= 0:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


class KeyLines:
    """MeCab key lines → token lists (mixed into Tokenizer; see the module docstring)."""

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
        per MeCab call. (Worker processes do only this; see parallel.tokenize_parallel.)"""
        from .compile import TEXT_BOUNDARY

        parse = (self._key_tagger or self.key_tagger).parse
        joiner = f" {TEXT_BOUNDARY} "
        step = _BATCH if self._boundary_line("0") else 1
        groups: list[tuple[int, str, bool]] = []
        for i in range(0, len(texts), step):
            group = texts[i : i + step]
            if len(group) > 1 and sum(map(len, group)) > MECAB_MAX_CHARS:  # one MeCab input stays bounded
                groups.extend((1, parse(text), False) for text in group)
                continue
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
        for (n, output, _ignored), (lists, _ignored) in zip(groups, scanned, strict=True):
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
        # One dict look-up per morpheme: MeCab's line "left-id<TAB>lemma<TAB>orthBase" is the memo key; the
        # rules are those of the fast path (the same scan over these lines).
        output = (self._tagger or self.tagger).parse(text)
        memo, classify = self._memo, self._classify
        info: dict[str, Any] = {"": _NOTHING}
        for line in set(output.split("\n")):
            if line:
                info[line] = memo.get(line) or classify(line)
        lists, _ignored = _scan(output, info, None)
        return lists[0]  # type: ignore[return-value]

    def _classify(self, line: str) -> tuple[str | None, bool, bool, str | None, bool, int]:
        """(kept word or None, 非自立可能, makes an auxiliary context, joinable suffix lemma, joinable noun, code
        of compounds.py). The word is the lemma in its familiar form (wordforms.familiar)."""
        lid, _ignored, rest = line.partition("\t")
        lemma, _ignored, orth = rest.partition("\t")
        label, free, aux, suffix_id, keep, noun, proper, fields = self._lids.get(lid, _UNKNOWN_LID)
        lemma = lemma or orth
        if "-" in lemma:
            lemma = clean_lemma(lemma)
        if proper and orth and _KATAKANA_RE.match(lemma) and not _KATAKANA_RE.match(orth):
            lemma = orth  # UniDic gives proper nouns a katakana lemma (福井 → フクイ): show the written form
        code = compound_code(fields, lemma, orth)
        if suffix_id and lemma in HONORIFIC_SUFFIXES:
            suffix: str | None = lemma
            code |= HONORIFIC
        elif lemma in _MEASURE_NOUNS and label == "名詞":
            suffix = lemma  # 満足+度, 利用+率: UniDic's nouns 度/率 glued to a noun make one word (満足度)
        else:
            suffix = lemma if suffix_id and lemma not in _NO_JOIN_SUFFIX else None
        word = self.display_form(lemma, orth)
        stop = self.stopwords
        kept = keep and lemma not in stop and word not in stop and not _JUNK_RE.match(word)
        r = (word if kept else None, free, aux, suffix, kept and noun, code)
        if len(self._memo) < 500_000:
            self._memo[line] = r
        if kept:
            self._set_class(word, label)
        return r
