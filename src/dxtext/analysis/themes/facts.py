"""What the rule conditions beyond words look at, per document: its length (``lw``, ``lc``), its number
(``No.``), its attributes (``<>変数名-->値``, ``<>変数名<>``) and headings (``<>見出しN-->…``), and — for the few
documents that contain the word — each kept word's conjugation form and form as written (``word->活用形``,
``word=>書かれた形``) and its sentence or paragraph (``near(...)[b]``/``[d]``)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ...i18n import N_, _
from ...io.compact import plain
from ...io.normalize import nfkc
from ..rules import _err

if TYPE_CHECKING:
    from ...text.tokenize import Tokenizer

#: Outline records (議事概要) have three heading levels as attributes; KH Coder records have h1 … h5.
OUTLINE_HEADINGS = {1: "part", 2: "subsection", 3: "section"}
_SENTENCE_END = re.compile(r"[。．！？!?]+|\n+")
_PARAGRAPH_END = re.compile(r"\n+")


class DocFacts:
    """Per-document facts for one coding run (documents in the coder's order)."""

    def __init__(
        self,
        doc_ids: Sequence[str],
        lengths: np.ndarray,
        texts: Sequence[str] | None,
        docs: pd.DataFrame | None,
        tokenizer: Tokenizer | None,
        *,
        rows: np.ndarray | None = None,
    ) -> None:
        self.doc_ids = list(doc_ids)
        self.lengths = lengths
        self.texts = texts
        self.tokenizer = tokenizer
        self.warnings: list[str] = []
        # The corpus frame is read where a condition asks for a column, never copied whole (with the joined
        # respondent attributes of a million answers, a copy and its reindexed copy took about 1 GiB); the rows
        # of the documents in it (``rows``, when the caller has them) are found when a condition needs them.
        self._docs = docs
        self._rows = rows
        self._morphs: dict[int, list[tuple[str, str, str, str, int]]] = {}

    # -- measures --

    def length(self, kind: str, loc: Any) -> np.ndarray:
        if kind == "lw":
            return self.lengths.astype(float)
        if self.texts is None:
            raise _err(loc, "lc", N_("the length in characters needs the document texts"), N_("pass texts="))
        return np.array([len(re.sub(r"\s+", "", t)) for t in self.texts], dtype=float)

    def _positions(self) -> np.ndarray:
        """The row of each document in the corpus frame (-1: not there)."""
        if self._rows is None:
            assert self._docs is not None
            ids = pd.Index(self._docs["doc_id"].astype(str))
            self._rows = ids.get_indexer(pd.Index(self.doc_ids))
        return self._rows

    def number(self) -> np.ndarray:
        if self._docs is None:
            return np.arange(1, len(self.doc_ids) + 1, dtype=float)
        rows = self._positions()
        # reading order among all documents (1-based); NaN for a document not in the frame
        return np.where(rows >= 0, rows + 1, np.nan).astype(float)

    # -- attributes and headings --

    def _frame(self, loc: Any, what: str) -> pd.DataFrame:
        if self._docs is None:
            raise _err(loc, what, N_("an attribute condition needs the corpus"), N_("pass texts=corpus"))
        return self._docs

    def _column(self, name: str, loc: Any, shown: str) -> pd.Series:
        frame = self._frame(loc, shown)
        attrs = [c for c in frame.columns if c not in ("doc_id", "text", "status", "source", "row", "_no")]
        if name not in attrs:
            by_key = {nfkc(a): a for a in attrs}
            if nfkc(name) not in by_key:
                close = difflib.get_close_matches(name, attrs, n=3, cutoff=0.4)
                hint = N_("did you mean {close}") if close else N_("the attributes are {names}")
                raise _err(
                    loc,
                    shown,
                    N_("the corpus has no attribute {name!r}"),
                    hint,
                    name=name,
                    close=", ".join(close),
                    names=", ".join(attrs),
                )
            name = by_key[nfkc(name)]
        rows = self._positions()
        column = plain(frame[name]).iloc[np.where(rows >= 0, rows, 0)].reset_index(drop=True)
        return column.where(pd.Series(rows >= 0)) if (rows < 0).any() else column

    def attr(self, name: str, value: str, loc: Any, shown: str) -> np.ndarray:
        """Documents whose attribute has this value: compared as the corpus stores values (normalize_text:
        奥 越 is 奥越), and a number as a number (<>回答年度-->2024 finds 2024.0) — as ``--where`` does."""
        from ...io.where import matching_values

        column = self._column(name, loc, shown).fillna("").astype(str).str.strip()
        wanted = matching_values(set(column.tolist()), value)
        hit = column.isin(wanted).to_numpy()
        if not hit.any():
            present = sorted(set(column) - {""})
            close = difflib.get_close_matches(value, present, n=3, cutoff=0.4)
            hint = (
                _("did you mean {names}?").format(names=", ".join(close))
                if close
                else _("values: {names}").format(names=", ".join(present[:10]))
            )
            self.warnings.append(
                _("{loc}: {condition}: no document has this value; {hint}").format(
                    loc=loc, condition=shown, hint=hint
                )
            )
        return hit

    def heading(self, level: int, text: str, loc: Any, shown: str) -> np.ndarray:
        frame = self._frame(loc, shown)
        name = f"h{level}" if f"h{level}" in frame.columns else OUTLINE_HEADINGS.get(level)
        if name is None or name not in frame.columns:
            raise _err(
                loc,
                shown,
                N_("this corpus has no headings of level {level}"),
                N_("headings come from a KH Coder record (<h1>…</h1>) or a 議事概要 outline (levels 1–3)"),
                level=level,
            )
        return self.attr(name, text, loc, shown)

    def attr_value(self, name: str, loc: Any, shown: str) -> np.ndarray:
        column = self._column(name, loc, shown)
        numbers = pd.to_numeric(column.astype(str).map(nfkc).str.replace(",", ""), errors="coerce")
        if numbers.notna().sum() == 0:
            raise _err(
                loc,
                shown,
                N_("the attribute {name!r} has no numeric values"),
                N_("use <>{name}-->値"),
                name=name,
            )
        return numbers.to_numpy(dtype=float)

    # -- the words of one document, with their forms --

    def morphs(self, d: int, loc: Any, shown: str) -> list[tuple[str, str, str, str, int]]:
        """Kept words of document ``d``: (lemma, surface, word class, cForm, start offset)."""
        got = self._morphs.get(d)
        if got is not None:
            return got
        if self.tokenizer is None or self.texts is None:
            raise _err(
                loc,
                shown,
                N_("conjugation forms, written forms and [b]/[d] need the texts and the tokenizer"),
                N_("run dxtext themes"),
            )
        from ...text.forms import conjugation_forms

        text = self.texts[d]
        forms = conjugation_forms(self.tokenizer, text)
        got = [
            (t.lemma, t.surface, t.word_class, forms.get(t.start, ""), t.start)
            for t in self.tokenizer.analyze(text)
            if t.kept
        ]
        self._morphs[d] = got
        return got

    def segments(self, d: int, scope: str, loc: Any, shown: str) -> np.ndarray:
        """Sentence (``b``) or paragraph (``d``) number of each kept word of document ``d``."""
        morphs = self.morphs(d, loc, shown)
        assert self.texts is not None
        ends = [m.end() for m in (_SENTENCE_END if scope == "b" else _PARAGRAPH_END).finditer(self.texts[d])]
        starts = np.array([m[4] for m in morphs], dtype=np.int64)
        return np.searchsorted(np.array(ends, dtype=np.int64), starts, side="right")
