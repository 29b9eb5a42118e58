"""Concordance (KWIC, keyword in context): every place a word is used, with the text to its left and right.

A query means what the user typed (:func:`plan_query` says how it was read, and the output repeats it):

* one word is matched by its lemma, the way the tokenizer counts it: 都道府県 finds 都道府県 and a surface such
  as マイナカード finds every マイナンバーカード (the dictionary maps both to one lemma);
* a query the tokenizer splits into several morphemes matches that sequence of morphemes, next to each other,
  each by its lemma: 観光協会 = 観光 + 協会, 二次交通 = 二 + 次 + 交通 (never 交通 alone), 駐車場が少ない =
  駐車場 + が + 少ない (also 駐車場が少なく); where the query holds a morpheme that is not a content word (a
  particle, a numeral), places where the text has the query as written are added (a context that tokenizes
  differently still counts);
* ``surface=True`` (``--surface``): the query as a plain substring of the text.

The ``word`` column shows the text as written.

Token lists from the cache make it cheap: only documents whose tokens contain the lemma are analysed again
for character offsets.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from ..errors import DxtextError
from ..i18n import _

if TYPE_CHECKING:
    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus, Tokenizer

__all__ = ["KWIC_COLUMNS", "SORTS", "QueryPlan", "close_words", "concordance", "plan_query", "resolve_query"]

Sort = Literal["position", "left", "right"]
SORTS: tuple[str, ...] = ("position", "left", "right")
#: Leading columns of :func:`concordance`; the corpus attributes follow.
KWIC_COLUMNS = ("doc_id", "left", "word", "right", "lemma", "start")
_MASK_MARGIN = 40  # characters beyond the window given to the masker, so a name at the edge is seen whole


def resolve_query(word: str, tokenizer: Tokenizer, *, vocabulary: Sequence[str] | set[str] = ()) -> list[str]:
    """The lemma sequence ``word`` stands for.

    A lemma already in ``vocabulary`` is taken as it is; otherwise ``word`` is tokenized (a surface such as
    マイナカード gives its canonical マイナンバーカード; 観光協会 gives 観光, 協会). An empty list means the query
    has no content word (a particle, a stopword).
    """
    word = " ".join(word.split())
    if not word:
        return []
    if word in vocabulary:
        return [word]
    return list(tokenizer(word))


@dataclass(frozen=True)
class QueryPlan:
    """How a query is matched: ``mode`` lemma (one word), sequence (morphemes next to each other, each by its
    lemma), text (a substring); ``parts`` the lemmas of the sequence; ``kept`` the content words among them
    (documents without them cannot match); ``also_text``: add places where the text has ``needle``."""

    query: str
    mode: Literal["lemma", "sequence", "text"]
    parts: tuple[str, ...]
    kept: tuple[str, ...]
    needle: str
    also_text: bool

    def describe(self) -> str:
        """How the query was read, e.g. "lemma 都道府県", "二 + 次 + 交通, matched as a sequence and as text"."""
        if self.mode == "text":
            return _("matched as text")
        if self.mode == "lemma":
            return _("lemma {lemmas}").format(lemmas=self.parts[0])
        parts = " + ".join(self.parts)
        if self.also_text:
            return _("{parts}, matched as a sequence and as text").format(parts=parts)
        return _("{parts}, matched as a sequence").format(parts=parts)


def plan_query(
    word: str, tokenizer: Tokenizer, *, vocabulary: Sequence[str] | set[str] = (), surface: bool = False
) -> QueryPlan:
    """How ``word`` will be matched (see the module docstring); never a silent fall-back to one lemma."""
    from ..io.normalize import normalize_text

    word = " ".join(word.split())
    needle = normalize_text(word)
    if surface or not word:
        return QueryPlan(word, "text", (), (), needle, True)
    if word in vocabulary:
        return QueryPlan(word, "lemma", (word,), (word,), needle, False)
    morphs = [t for t in tokenizer.analyze(needle) if t.surface.strip()]
    kept = tuple(t.lemma for t in morphs if t.kept)
    if len(morphs) == 1 and kept:
        return QueryPlan(word, "lemma", kept, kept, needle, False)
    if not kept and len(morphs) <= 1:
        raise DxtextError(
            _(
                "{word!r} has no content word for the tokenizer (a particle, a stopword or a symbol); search for a noun, verb or adjective, change --pos/--stopwords, or use --surface to search it as text."
            ).format(word=word)
        )
    if not kept:  # a phrase without a content word (について, という): the text as written
        return QueryPlan(word, "text", (), (), needle, True)
    parts = tuple(t.lemma for t in morphs)
    return QueryPlan(word, "sequence", parts, kept, needle, len(kept) < len(morphs))


def _flat(text: str) -> str:
    return " ".join(text.split())


def concordance(
    corpus: Corpus,
    word: str,
    *,
    tokenizer: Tokenizer,
    tokenized: TokenizedCorpus | None = None,
    window: int = 30,
    sort: Sort = "position",
    by: str | None = None,
    mask: bool = True,
    surface: bool = False,
) -> pd.DataFrame:
    """Every occurrence of ``word`` in the used documents of ``corpus`` (how the query is read:
    :func:`plan_query`; ``frame.attrs["query"]`` describes it, e.g. "二 + 次 + 交通, matched as a sequence and as
    text"; ``surface``: the query as a substring of the text).

    Returns ``doc_id, left, word, right, lemma, start`` and one column per corpus attribute: ``left`` and
    ``right`` hold up to ``window`` characters of the document on each side (line breaks shown as spaces),
    ``word`` the matched text as written, ``start`` its character offset in the document text. With
    ``mask`` (default) names, phone numbers, e-mail addresses and 12-digit numbers in the contexts are
    replaced (:func:`dxtext.text.privacy.mask_pii`). Rows come in corpus order (``sort="position"``), or sorted by
    the right context, or by the left context read backwards from the word (``"left"``); with ``by``, grouped
    by that attribute first. ``tokenized`` (token lists of the same corpus and tokenizer) restricts the
    analysis to documents that contain the lemma.

    Raises :class:`~dxtext.errors.DxtextError` when the query has no content word, and
    :class:`~dxtext.errors.CorpusError` when ``by`` is not an attribute.
    """
    from ..text.privacy import mask_pii

    if sort not in SORTS:
        raise DxtextError(
            _("--sort {sort}: unknown order; use one of {v0}.").format(sort=sort, v0=", ".join(SORTS))
        )
    if window < 1:
        raise DxtextError(_("--window {window}: must be at least 1 character.").format(window=window))
    if by is not None:
        corpus.check_attribute(by)
    vocabulary = set(tokenized.word_classes) if tokenized is not None else set()
    plan = plan_query(word, tokenizer, vocabulary=vocabulary, surface=surface)
    if not plan.parts and not plan.needle:
        raise DxtextError(_("{word!r}: an empty query; give a word or a phrase.").format(word=word))

    used = corpus.used
    texts = dict(zip(used["doc_id"], used["text"], strict=True))
    if tokenized is not None and plan.mode != "text":
        need = set(plan.kept)
        candidates = {
            d for d, toks in zip(tokenized.doc_ids, tokenized.tokens, strict=True) if need.issubset(toks)
        }
        if plan.also_text:
            candidates.update(d for d, t in texts.items() if plan.needle in t)
        ordered = [d for d in texts if d in candidates]
    else:
        ordered = list(texts)

    label = plan.parts[0] if plan.mode == "lemma" else "".join(plan.parts) if plan.parts else plan.needle
    rows: list[dict[str, object]] = []
    for doc_id in ordered:
        text = texts[doc_id]
        spans = _matches(text, plan, tokenizer)
        for start, end in spans:
            if mask:
                lo = max(0, start - window - _MASK_MARGIN)
                hi = end + window + _MASK_MARGIN  # the whole text: a name found anywhere in it is masked here
                left = _flat(mask_pii(text[lo:start], tokenizer, context=text))[-window:]
                right = _flat(mask_pii(text[end:hi], tokenizer, context=text))[:window]
            else:
                left = _flat(text[max(0, start - window) : start])
                right = _flat(text[end : end + window])
            rows.append(
                {"doc_id": doc_id, "left": left, "word": text[start:end], "right": right,
                 "lemma": label, "start": start}
            )  # fmt: skip

    frame = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    frame["start"] = frame["start"].astype("int64")
    attrs = [a for a in corpus.attributes if a not in KWIC_COLUMNS]
    if attrs:
        table = used.set_index("doc_id")[attrs]
        frame = frame.join(table, on="doc_id")
    order = {d: k for k, d in enumerate(used["doc_id"])}
    frame["_doc"] = frame["doc_id"].map(order)
    keys: list[str] = []
    if by is not None:
        keys.append(by)
    if sort == "right":
        keys.append("right")
    elif sort == "left":
        frame["_left"] = frame["left"].map(lambda s: s[::-1])
        keys.append("_left")
    keys += ["_doc", "start"]
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    frame = frame.drop(columns=[c for c in ("_doc", "_left") if c in frame.columns])
    frame.attrs["query"] = plan.describe()
    return frame


def _matches(text: str, plan: QueryPlan, tokenizer: Tokenizer) -> list[tuple[int, int]]:
    """Character spans of ``plan`` in ``text``, in text order, not overlapping."""
    spans: list[tuple[int, int]] = []
    if plan.mode != "text":
        toks = tokenizer.analyze(text)
        if plan.mode == "lemma":
            toks = [t for t in toks if t.kept]
        else:
            toks = [t for t in toks if t.surface.strip()]
        n = len(plan.parts)
        i = 0
        while i <= len(toks) - n:
            span = toks[i : i + n]
            if any(t.lemma != p for t, p in zip(span, plan.parts, strict=True)) or any(
                span[k].end != span[k + 1].start for k in range(n - 1)
            ):
                i += 1
                continue
            spans.append((span[0].start, span[-1].end))
            i += n
    if plan.also_text and plan.needle:
        at = text.find(plan.needle)
        while at >= 0:
            end = at + len(plan.needle)
            if not any(s < end and at < e for s, e in spans):
                spans.append((at, end))
            at = text.find(plan.needle, end)
        spans.sort()
    return spans


def close_words(word: str, vocabulary: Sequence[str] | set[str], n: int = 5) -> list[str]:
    """Words of ``vocabulary`` that look like ``word`` (contain it, or are close by spelling)."""
    containing = sorted((w for w in vocabulary if word in w and w != word), key=lambda w: (len(w), w))[:n]
    similar = difflib.get_close_matches(word, list(vocabulary), n=n, cutoff=0.6)
    out: list[str] = []
    for w in [*containing, *similar]:
        if w not in out:
            out.append(w)
    return out[:n]
