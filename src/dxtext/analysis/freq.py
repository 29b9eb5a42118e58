"""Word frequencies: term frequency (occurrences), document frequency (documents containing the word) and word
class, for the whole corpus or per group of an attribute.

The input is token lists (lemmas) as the :class:`~dxtext.text.tokenize.Tokenizer` gives them; the output is a
DataFrame ranked by term frequency, then document frequency, then the word (a stable order).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import DxtextError
from ..i18n import _
from ..text.tokenlists import TokenLists

if TYPE_CHECKING:
    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus

__all__ = ["BLANK_GROUP", "FREQ_COLUMNS", "frequency_table", "word_frequencies"]

#: Columns of :func:`frequency_table` (with groups, the group column and ``docs`` come first).
FREQ_COLUMNS = ("rank", "word", "word_class", "tf", "df", "df_pct")
#: How an empty attribute value is shown (as in ``Corpus.value_counts``).
BLANK_GROUP = "(空欄)"


def _count(token_lists: Sequence[Sequence[str]]) -> tuple[Counter[str], Counter[str]]:
    tf: Counter[str] = Counter()
    df: Counter[str] = Counter()
    if isinstance(token_lists, TokenLists):  # word ids: counted by numpy
        import scipy.sparse as sp

        t = token_lists
        n_words = len(t.words)
        cells = sp.csr_matrix(
            (np.ones(len(t.ids), dtype=np.int64), t.ids.copy(), t.bounds), (len(t), n_words)
        )
        cells.sum_duplicates()  # one entry per (document, word)
        counts = np.bincount(t.ids, minlength=n_words)
        docs = np.bincount(cells.indices, minlength=n_words)
        for j in np.flatnonzero(counts).tolist():
            tf[t.words[j]] = int(counts[j])
            df[t.words[j]] = int(docs[j])
        return tf, df
    for tokens in token_lists:
        tf.update(tokens)
        df.update(set(tokens))
    return tf, df


def _ranked(
    tf: Counter[str], df: Counter[str], n_docs: int, classes: Mapping[str, str], top: int | None
) -> pd.DataFrame:
    words = sorted(tf, key=lambda w: (-tf[w], -df[w], w))
    if top:
        words = words[:top]
    frame = pd.DataFrame(
        {
            "rank": range(1, len(words) + 1),
            "word": words,
            "word_class": [classes.get(w, "") for w in words],
            "tf": [tf[w] for w in words],
            "df": [df[w] for w in words],
            "df_pct": [round(100.0 * df[w] / n_docs, 1) if n_docs else 0.0 for w in words],
        }
    )
    return frame.astype({"rank": "int64", "tf": "int64", "df": "int64", "df_pct": "float64"})


def frequency_table(
    token_lists: Sequence[Sequence[str]],
    *,
    word_classes: Mapping[str, str] | None = None,
    groups: Sequence[str] | None = None,
    group_name: str = "group",
    top: int | None = None,
) -> pd.DataFrame:
    """Rank the words of ``token_lists`` (one list of lemmas per document).

    Returns ``rank, word, word_class, tf, df, df_pct`` (``df_pct`` = share of documents in percent), the
    ``top`` most frequent words (``None`` or 0: all). With ``groups`` (one value per document), the ranking
    is made per group and the frame starts with ``<group_name>`` and ``docs`` (documents in the group);
    groups come in sorted order, an empty value is shown as ``(空欄)``.
    """
    if top is not None and top < 0:
        raise DxtextError(_("--top {top}: must be 0 (all words) or a positive number.").format(top=top))
    classes = word_classes or {}
    if groups is None:
        tf, df = _count(token_lists)
        return _ranked(tf, df, len(token_lists), classes, top)
    if len(groups) != len(token_lists):
        raise ValueError(
            _("{v0} group values for {v1} documents").format(v0=len(groups), v1=len(token_lists))
        )
    members: dict[str, list[Sequence[str]]] = {}
    for value, tokens in zip(groups, token_lists, strict=True):
        key = str(value).strip() if value is not None and value == value else ""
        members.setdefault(key or BLANK_GROUP, []).append(tokens)
    frames = []
    for key in sorted(members, key=lambda k: (k == BLANK_GROUP, k)):
        lists = members[key]
        tf, df = _count(lists)
        frame = _ranked(tf, df, len(lists), classes, top)
        frame.insert(0, "docs", len(lists))
        frame.insert(0, group_name, key)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=[group_name, "docs", *FREQ_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def word_frequencies(
    tokenized: TokenizedCorpus,
    *,
    corpus: Corpus | None = None,
    by: str | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """:func:`frequency_table` of a tokenized corpus; ``by`` names an attribute of ``corpus`` to group by.

    Raises :class:`~dxtext.errors.CorpusError` with close names when ``by`` is not an attribute.
    """
    if by is None:
        return frequency_table(tokenized.tokens, word_classes=tokenized.word_classes, top=top)
    if corpus is None:
        raise ValueError(_("by= needs the corpus the tokens come from"))
    corpus.check_attribute(by)
    values = dict(zip(corpus.docs["doc_id"], corpus.docs[by], strict=True))
    groups = [values.get(d, "") for d in tokenized.doc_ids]
    return frequency_table(
        tokenized.tokens, word_classes=tokenized.word_classes, groups=groups, group_name=by, top=top
    )
