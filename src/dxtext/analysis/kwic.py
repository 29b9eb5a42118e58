"""Concordance (KWIC, keyword in context): every place a word is used, with the text to its left and right.

A word is matched by its lemma, the way the tokenizer counts it: 都道府県 finds 都道府県 and a surface such as
マイナカード finds every マイナンバーカード (the dictionary maps both to one lemma); a query the tokenizer splits
into several words (観光協会 → 観光 + 協会) matches them where they stand next to each other. Only kept tokens
match (content words), and the ``word`` column shows the text as written.

Token lists from the cache make it cheap: only documents whose tokens contain the lemma are analysed again
for character offsets.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import pandas as pd

from ..errors import DxtextError
from ..i18n import _

if TYPE_CHECKING:
    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus, Tokenizer

__all__ = ["KWIC_COLUMNS", "SORTS", "close_words", "concordance", "resolve_query"]

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
) -> pd.DataFrame:
    """Every occurrence of ``word`` in the used documents of ``corpus``.

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
    target = resolve_query(word, tokenizer, vocabulary=vocabulary)
    if not target:
        raise DxtextError(
            _(
                "{word!r} has no content word for the tokenizer (a particle, a stopword or a symbol); search for a noun, verb or adjective, or change --pos/--stopwords."
            ).format(word=word)
        )

    used = corpus.used
    texts = dict(zip(used["doc_id"], used["text"], strict=True))
    if tokenized is not None:
        need = set(target)
        candidates = [
            d for d, toks in zip(tokenized.doc_ids, tokenized.tokens, strict=True) if need.issubset(toks)
        ]
    else:
        candidates = list(texts)

    n = len(target)
    rows: list[dict[str, object]] = []
    for doc_id in candidates:
        text = texts.get(doc_id)
        if text is None:
            continue
        kept = [t for t in tokenizer.analyze(text) if t.kept]
        i = 0
        while i <= len(kept) - n:
            span = kept[i : i + n]
            if [t.lemma for t in span] != target or any(
                span[k].end != span[k + 1].start for k in range(n - 1)
            ):
                i += 1
                continue
            start, end = span[0].start, span[-1].end
            if mask:
                lo = max(0, start - window - _MASK_MARGIN)
                left = _flat(mask_pii(text[lo:start], tokenizer))[-window:]
                right = _flat(mask_pii(text[end : end + window + _MASK_MARGIN], tokenizer))[:window]
            else:
                left = _flat(text[max(0, start - window) : start])
                right = _flat(text[end : end + window])
            rows.append(
                {"doc_id": doc_id, "left": left, "word": text[start:end], "right": right,
                 "lemma": "".join(target) if n > 1 else target[0], "start": start}
            )  # fmt: skip
            i += n

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
    return frame.drop(columns=[c for c in ("_doc", "_left") if c in frame.columns])


def close_words(word: str, vocabulary: Sequence[str] | set[str], n: int = 5) -> list[str]:
    """Words of ``vocabulary`` that look like ``word`` (contain it, or are close by spelling)."""
    containing = sorted((w for w in vocabulary if word in w and w != word), key=lambda w: (len(w), w))[:n]
    similar = difflib.get_close_matches(word, list(vocabulary), n=n, cutoff=0.6)
    out: list[str] = []
    for w in [*containing, *similar]:
        if w not in out:
            out.append(w)
    return out[:n]
