"""Tokens and their cache: :class:`Token` (one morpheme of ``Tokenizer.analyze``), the word class of a token (a
lemma met in several classes, suffix-joined words), :class:`TokenizedCorpus` and the token cache on disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .compounds import HONORIFIC, OTHER
from .scan import WORD_CLASS_LABELS, _id_table, _tagger_args, clean_lemma
from .wordforms import HONORIFIC_FORMS

#: Word class of the parts of a compound particle in ``Tokenizer.analyze`` (について's に, つい …).
COMPOUND_CLASS = "複合辞"

if TYPE_CHECKING:
    from .tokenize import Tokenizer


@dataclass(frozen=True)
class Token:
    """One morpheme with its place in the text (for KWIC and masking)."""

    surface: str
    lemma: str
    word_class: str
    start: int
    end: int
    kept: bool
    known: bool = True  # False: an unknown word (not in any dictionary; MeCab guessed its class)


def analyze_text(tok: Tokenizer, text: str) -> list[Token]:
    """``tok.analyze(text)``: every morpheme with surface, lemma, word class, offsets and whether it is kept."""
    if getattr(tok, "_analysis_tagger", None) is None:
        import fugashi

        tok._analysis_tagger = fugashi.GenericTagger(_tagger_args(tok.user_dic, with_surface=True))
    table = _id_table()
    tokens: list[Token] = []
    pos = 0
    prev_aux = prev_noun = False
    prev_lead = pend = 0
    pend_at = -1
    from .tokenize import split_long_text  # MeCab crashes on one very long input: parse it in pieces

    output = "\n".join(tok._analysis_tagger.parse(piece) for piece in split_long_text(text))
    for line in output.split("\n"):
        if not line:
            continue
        surface, _, key = line.partition("\t")
        r = tok._memo.get(key) or tok._classify(key)
        lemma, free, aux, suffix, noun, code = r
        start = text.find(surface, pos)
        if start < 0:
            start = pos
        pos = start + len(surface)
        if pend:
            if (code >> 16) & pend:
                _mark_compound(tokens, pend_at)
            pend = 0
        if suffix and prev_noun:
            last = tokens[-1]
            word = last.lemma + suffix
            if code & HONORIFIC:
                word = HONORIFIC_FORMS.get(word)  # type: ignore[assignment]
            if word is not None:
                tokens[-1] = Token(
                    last.surface + text[last.end : pos], word, last.word_class, last.start, pos, True
                )
                prev_aux, prev_noun, prev_lead = aux, True, 0
                continue
        info = table.get(key.partition("\t")[0])
        shown = lemma if lemma is not None else clean_lemma(key.split("\t")[1] or surface)
        if (code >> 4) & 15 & prev_lead:
            _mark_compound(tokens, len(tokens) - 1)  # the lead particle
            pend = (code >> 8) & 255
            if not pend:  # a compound complete with this morpheme: a function word
                tokens.append(Token(surface, shown, COMPOUND_CLASS, start, pos, False))
                prev_aux, prev_noun, prev_lead = aux, False, 0
                continue
            pend_at = len(tokens)
        kept = lemma is not None and not (free and prev_aux)
        known = key.split("\t", 2)[1:2] != [""]
        tokens.append(Token(surface, shown, info.label if info else "", start, pos, kept, known))
        prev_noun = kept and noun
        prev_aux = aux
        prev_lead = code & 15
    if pend & OTHER:
        _mark_compound(tokens, pend_at)
    return tokens


def _mark_compound(tokens: list[Token], at: int) -> None:
    """The token at ``at`` is part of a compound particle: a function word, not counted."""
    if 0 <= at < len(tokens):
        t = tokens[at]
        tokens[at] = Token(t.surface, t.lemma, COMPOUND_CLASS, t.start, t.end, False)


# A lemma met in several word classes is shown in the first of these (the most general reading: 石川 as a place
# rather than a surname, 一目 as a noun rather than a サ変 noun).
_CLASS_ORDER = ("名詞", "サ変名詞", "地名", "固有名詞", "人名", "形容動詞", "動詞", "形容詞")
_CLASS_RANK = {
    c: i for i, c in enumerate((*_CLASS_ORDER, *(c for c in WORD_CLASS_LABELS if c not in _CLASS_ORDER)))
}


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
    """Token lists aligned with ``corpus.used`` (after too-short documents were marked). ``tokenize_corpus``
    gives them as a :class:`~dxtext.text.tokenlists.TokenLists` (word ids; reads as lists of strings); any
    sequence of lists of strings is accepted."""

    doc_ids: list[str]
    tokens: Sequence[list[str]]
    word_classes: dict[str, str]
    cache_key: str
    from_cache: bool

    def __len__(self) -> int:
        return len(self.tokens)


def default_cache_dir() -> Path:
    """$DXTEXT_CACHE, else ~/.cache/dxtext (used by the CLI; the library caches only where it is told)."""
    env = os.environ.get("DXTEXT_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "dxtext"


def _load_cache(cache_dir: Path, key: str, doc_ids: list[str] | None = None) -> Any:
    """Cached (doc_ids, token lists, word classes) under ``key``, or None: the Parquet token cache
    (:mod:`dxtext.text.tokencache`; a bit flip, a truncated, edited or swapped file is a miss) of the documents
    asked for (``doc_ids``)."""
    from .tokencache import load_tokens

    return load_tokens(cache_dir, key, doc_ids)


def _save_cache(cache_dir: Path, key: str, value: Any) -> None:
    from .tokencache import save_tokens

    doc_ids, lists, classes = value
    save_tokens(cache_dir, key, doc_ids, lists, classes)


def release_taggers(tok: Tokenizer) -> None:
    """Close ``tok``'s MeCab taggers and dictionary maps; they are opened again when next needed (the same
    files: the same tokens). Their pages of the system dictionary (about 160 MiB of UniDic's sys.dic and
    matrix.bin) stay resident in the process otherwise — a run calls this where a stage that parsed text ends."""
    from .privacy import _place_lookup

    _place_lookup.cache_clear()  # its keys hold the dictionary maps
    for name in ("_tagger", "_analysis_tagger", "_key_tagger", "_dics"):
        if name in tok.__dict__:
            setattr(tok, name, None)
