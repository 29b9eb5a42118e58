"""Themes: coding rules (:mod:`dxtext.analysis.rules`) evaluated over documents → a document × theme table; theme
co-occurrence; crosstabs with χ² and adjusted residuals; the words that characterise a set of documents.

Evaluation is vectorised: word counts are column sums of a sparse document × lemma matrix, phrases are
shifted boolean masks over one flat array of token ids, and only the candidate documents of ``near``/``seq``
(those containing every word) are scanned position by position.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import CorpusError
from ..io.normalize import fold_waves, nfkc, normalize_text
from .rules import (
    DEFAULT_DISTANCE,
    POS_NAMES,
    And,
    Compare,
    Near,
    Not,
    Or,
    Phrase,
    Ref,
    Rule,
    Substring,
    ThemeRules,
    Word,
    _err,
    default_rules_path,
    load_rules,
    parse_rules,
)

if TYPE_CHECKING:
    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus, Tokenizer

__all__ = [
    "DEFAULT_DISTANCE",
    "POS_NAMES",
    "CrossTab",
    "Rule",
    "ThemeCoder",
    "ThemeRules",
    "characteristic_words",
    "code_documents",
    "crosstab",
    "default_rules_path",
    "document_table",
    "load_rules",
    "parse_rules",
    "theme_cooccurrence",
]
# --- evaluation ----------------------------------------------------------------------------------------


class _Index:
    """Kept lemmas of every document as one flat id array, and a sparse document × lemma count matrix."""

    def __init__(self, tokens: Sequence[Sequence[str]], word_classes: Mapping[str, str]) -> None:
        n = len(tokens)
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=n)
        total = int(lengths.sum())
        vocab: dict[str, int] = {}
        flat = np.fromiter(
            (vocab.setdefault(w, len(vocab)) for toks in tokens for w in toks), dtype=np.int32, count=total
        )
        self.n = n
        self.vocab = vocab
        self.words = list(vocab)
        self.flat = flat
        self.offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.doc_of = np.repeat(np.arange(n, dtype=np.int32), lengths)
        # copies: scipy sorts the index arrays of a CSR matrix in place
        X = sp.csr_matrix(
            (np.ones(total, dtype=np.int32), flat.copy(), self.offsets.copy()), shape=(n, len(vocab))
        )
        X.sum_duplicates()
        self.Xc = X.tocsc()
        self.df = np.diff(self.Xc.indptr)
        # Suffix-joined compounds (駐車+場 → 駐車場) have no class of their own in the token cache: they are nouns.
        self.classes = np.array([word_classes.get(w) or "名詞" for w in self.words], dtype=object)

    def ids(self, lemmas: Sequence[str], pos: str | None) -> np.ndarray:
        ids = [self.vocab[w] for w in lemmas if w in self.vocab]
        if pos is not None:
            ids = [i for i in ids if self.classes[i] == pos]
        return np.asarray(sorted(set(ids)), dtype=np.int64)

    def counts(self, ids: np.ndarray) -> np.ndarray:
        if len(ids) == 0:
            return np.zeros(self.n, dtype=np.int64)
        return np.asarray(self.Xc[:, ids].sum(axis=1)).ravel().astype(np.int64)

    def mask(self, ids: np.ndarray) -> np.ndarray:
        if len(ids) == 0:
            return np.zeros(len(self.flat), dtype=bool)
        if len(ids) == 1:
            return self.flat == ids[0]
        return np.isin(self.flat, ids)


@dataclass
class _Resolved:
    """A rule word resolved against the corpus: the lemma sequence it stands for (one lemma, or a phrase)."""

    word: Word
    lemmas: tuple[str, ...]  # () when the tokenizer keeps nothing of it
    how: str  # lemma | mapped | split | dropped | absent


class ThemeCoder:
    """Code documents with theme rules.

    ``ThemeCoder(rules, tokenizer=tok).fit(tokens, texts=..., doc_ids=..., word_classes=...)`` gives

    * ``coded_``: DataFrame, index ``doc_id``, one int8 column (0/1) per theme, in rule-file order;
    * ``counts_``: the same with the number of hits of the rule's atoms (for ranking quotes);
    * ``evidence_``: the same with the number of different atoms of the rule that matched;
    * ``atoms_``: DataFrame theme, atom (word, 'substring', a+b, near(...), seq(...), <*theme>), kind,
      documents, in_theme, line — which parts of a rule matched;
    * ``words_``: DataFrame theme, word, lemmas, how (lemma/mapped/split/dropped/absent), documents (in the
      corpus), in_theme (documents of the theme), line.

    ``tokenizer`` maps rule words that are not lemmas of the corpus (行った → 行く, マイナカード →
    マイナンバーカード); a word it splits (システム更新 → システム, 更新) becomes the phrase システム+更新.
    """

    def __init__(
        self, rules: ThemeRules | str | os.PathLike[str] = "default", *, tokenizer: Tokenizer | None = None
    ) -> None:
        self.rules = rules
        self.tokenizer = tokenizer

    def fit(
        self,
        tokens: Sequence[Sequence[str]] | TokenizedCorpus,
        *,
        texts: Sequence[str] | Corpus | None = None,
        doc_ids: Sequence[str] | None = None,
        word_classes: Mapping[str, str] | None = None,
    ) -> ThemeCoder:
        rules = load_rules(self.rules)  # type: ignore[arg-type]
        token_lists, doc_ids, word_classes = _unpack(tokens, doc_ids, word_classes)
        self.rules_ = rules
        index = _Index(token_lists, word_classes)
        text_list = _texts_for(texts, doc_ids) if texts is not None else None
        if text_list is None and any(isinstance(a, Substring) for r in rules for a in r.atoms()):
            first = next(a for r in rules for a in r.atoms() if isinstance(a, Substring))
            raise _err(
                first.loc,
                str(first),
                "a substring rule needs the document texts",
                "pass texts= to code_documents",
            )
        self._index = index
        self._texts = _TextIndex(text_list) if text_list is not None else None
        self._resolved: dict[Word, _Resolved] = {}
        self._memo_count: dict[Any, np.ndarray] = {}
        self._memo_rule: dict[str, np.ndarray] = {}
        coded: dict[str, np.ndarray] = {}
        hits: dict[str, np.ndarray] = {}
        evidence: dict[str, np.ndarray] = {}
        for rule in rules:
            coded[rule.name] = self._rule(rule.name)
            total = np.zeros(index.n, dtype=np.int64)
            distinct = np.zeros(index.n, dtype=np.int64)
            for atom in {str(a): a for a in rule.atoms() if not isinstance(a, Ref)}.values():
                c = self._count(atom)
                total += c
                distinct += c > 0
            hits[rule.name] = np.where(coded[rule.name], total, 0)
            evidence[rule.name] = np.where(coded[rule.name], distinct, 0)
        idx = pd.Index([str(d) for d in doc_ids], name="doc_id")
        self.coded_ = pd.DataFrame(
            {k: v.astype(np.int8) for k, v in coded.items()}, index=idx, columns=rules.names
        )
        self.counts_ = pd.DataFrame(hits, index=idx, columns=rules.names)
        self.evidence_ = pd.DataFrame(evidence, index=idx, columns=rules.names)
        self.words_ = self._word_report(coded)
        self.atoms_ = self._atom_report(coded)
        del self._memo_count, self._memo_rule
        return self

    # -- word resolution --

    def _resolve(self, w: Word) -> _Resolved:
        r = self._resolved.get(w)
        if r is not None:
            return r
        text = normalize_text(w.text)
        vocab = self._index.vocab
        if text in vocab:
            r = _Resolved(w, (text,), "lemma")
        elif self.tokenizer is not None:
            lemmas = tuple(self.tokenizer(text))
            if not lemmas:
                r = _Resolved(w, (), "dropped")
            elif len(lemmas) == 1:
                how = "absent" if lemmas[0] not in vocab else ("mapped" if lemmas[0] != text else "lemma")
                r = _Resolved(w, lemmas, how)
            else:
                r = _Resolved(w, lemmas, "split")
        else:
            r = _Resolved(w, (text,), "absent")
        self._resolved[w] = r
        return r

    def _word_report(self, coded: Mapping[str, np.ndarray]) -> pd.DataFrame:
        rows = []
        for rule in self.rules_:
            words: list[Word] = []
            for a in rule.atoms():
                if isinstance(a, Word):
                    words.append(a)
                elif isinstance(a, Phrase):
                    words.extend(a.words)
                elif isinstance(a, Near):
                    words.extend(self._merge_hyphens(a.words))
            seen: set[str] = set()
            for w in words:
                if str(w) in seen:
                    continue
                seen.add(str(w))
                r = self._resolve(w)
                has = self._count(w) > 0
                docs = int(has.sum())
                rows.append(
                    {
                        "theme": rule.name,
                        "word": str(w),
                        "lemmas": "+".join(r.lemmas),
                        "how": r.how,
                        "documents": docs,
                        "in_theme": int((has & coded[rule.name]).sum()),
                        "line": w.loc.line,
                    }
                )
        return pd.DataFrame(rows, columns=["theme", "word", "lemmas", "how", "documents", "in_theme", "line"])

    def _atom_report(self, coded: Mapping[str, np.ndarray]) -> pd.DataFrame:
        rows = []
        kinds = {Word: "word", Substring: "substring", Phrase: "phrase", Near: "near", Ref: "theme"}
        for rule in self.rules_:
            seen: set[str] = set()
            for a in rule.atoms():
                label = str(a)
                if isinstance(a, Near) and a.ordered:
                    kind = "seq"
                else:
                    kind = kinds[type(a)]
                if label in seen:
                    continue
                seen.add(label)
                has = self._count(a) > 0
                rows.append(
                    {
                        "theme": rule.name,
                        "atom": label,
                        "kind": kind,
                        "documents": int(has.sum()),
                        "in_theme": int((has & coded[rule.name]).sum()),
                        "line": a.loc.line,
                    }
                )
        return pd.DataFrame(rows, columns=["theme", "atom", "kind", "documents", "in_theme", "line"])

    # -- counts of atoms --

    def _count(self, atom: Any) -> np.ndarray:
        key = atom
        c = self._memo_count.get(key) if hasattr(self, "_memo_count") else None
        if c is not None:
            return c
        if isinstance(atom, Word):
            r = self._resolve(atom)
            if len(r.lemmas) <= 1:
                c = self._index.counts(self._index.ids(r.lemmas, atom.pos))
            else:
                c = self._phrase(
                    [(lem,) for lem in r.lemmas],
                    [atom.pos if i == len(r.lemmas) - 1 else None for i in range(len(r.lemmas))],
                )
        elif isinstance(atom, Substring):
            assert self._texts is not None
            # the text's character normalisation (NFKC, 〜), but spaces kept as written: 'w10 ' ≠ 'w10'
            needle = re.sub(r"[ \t]+", " ", fold_waves(nfkc(atom.text)))
            c = self._texts.count(needle)
        elif isinstance(atom, Phrase):
            seqs, poss = self._flatten(atom.words)
            c = self._phrase(seqs, poss)
        elif isinstance(atom, Near):
            c = self._near(atom)
        elif isinstance(atom, Ref):
            c = self._rule(atom.name).astype(np.int64)
        else:  # pragma: no cover - the parser makes only the nodes above
            raise TypeError(atom)
        if hasattr(self, "_memo_count"):
            self._memo_count[key] = c
        return c

    def _flatten(self, words: Sequence[Word]) -> tuple[list[tuple[str, ...]], list[str | None]]:
        """Words of a phrase → one lemma set per position (a split word contributes several positions)."""
        seqs: list[tuple[str, ...]] = []
        poss: list[str | None] = []
        for w in words:
            r = self._resolve(w)
            lemmas = r.lemmas or (normalize_text(w.text),)
            for i, lem in enumerate(lemmas):
                seqs.append((lem,))
                poss.append(w.pos if i == len(lemmas) - 1 else None)
        return seqs, poss

    def _phrase(self, seqs: Sequence[tuple[str, ...]], poss: Sequence[str | None]) -> np.ndarray:
        ix = self._index
        k = len(seqs)
        total = len(ix.flat)
        if total < k:
            return np.zeros(ix.n, dtype=np.int64)
        ok = np.ones(total - k + 1, dtype=bool)
        for i, (lemmas, pos) in enumerate(zip(seqs, poss, strict=True)):
            ok &= ix.mask(ix.ids(lemmas, pos))[i : total - k + 1 + i]
            if not ok.any():
                return np.zeros(ix.n, dtype=np.int64)
        starts = np.flatnonzero(ok)
        starts = starts[ix.doc_of[starts] == ix.doc_of[starts + k - 1]]
        return np.bincount(ix.doc_of[starts], minlength=ix.n).astype(np.int64)

    def _merge_hyphens(self, words: Sequence[Word]) -> list[Word]:
        """near(AI-OCR-RPA): "-" separates words, but AI-OCR is one lemma — rejoin parts that form a known word."""
        out: list[Word] = []
        i = 0
        while i < len(words):
            taken = 1
            for j in range(len(words), i + 1, -1):
                if any(w.pos for w in words[i : j - 1]):
                    continue
                cand = "-".join(w.text for w in words[i:j])
                text = normalize_text(cand)
                known = text in self._index.vocab or (
                    self.tokenizer is not None
                    and len(lem := self.tokenizer(text)) == 1
                    and lem[0] in self._index.vocab
                )
                if known:
                    out.append(Word(cand, words[j - 1].pos, words[i].loc))
                    taken = j - i
                    break
            else:
                out.append(words[i])
            i += taken
        return out

    def _near(self, atom: Near) -> np.ndarray:
        ix = self._index
        elements: list[tuple[np.ndarray, int]] = []  # (id array, span in positions)
        for w in self._merge_hyphens(atom.words):
            r = self._resolve(w)
            if len(r.lemmas) > 1:  # a split word: its phrase start positions stand for it
                seqs, poss = self._flatten([w])
                elements.append((self._phrase_mask(seqs, poss), len(seqs)))
            else:
                elements.append((ix.mask(ix.ids(r.lemmas, w.pos)), 1))
        k = len(elements)
        if k < 2:
            return np.bincount(ix.doc_of[elements[0][0]], minlength=ix.n).astype(np.int64)
        present = np.ones(ix.n, dtype=bool)
        for m, _ in elements:
            present &= np.bincount(ix.doc_of[m], minlength=ix.n) > 0
        out = np.zeros(ix.n, dtype=np.int64)
        limit = atom.distance if atom.distance > 0 else None
        for d in np.flatnonzero(present):
            a, b = ix.offsets[d], ix.offsets[d + 1]
            entries = sorted((int(p), e) for e, (m, _) in enumerate(elements) for p in np.flatnonzero(m[a:b]))
            out[d] = _chain_count(entries, k, limit, atom.ordered)
        return out

    def _phrase_mask(self, seqs: Sequence[tuple[str, ...]], poss: Sequence[str | None]) -> np.ndarray:
        ix = self._index
        k = len(seqs)
        total = len(ix.flat)
        mask = np.zeros(total, dtype=bool)
        if total < k:
            return mask
        ok = np.ones(total - k + 1, dtype=bool)
        for i, (lemmas, pos) in enumerate(zip(seqs, poss, strict=True)):
            ok &= ix.mask(ix.ids(lemmas, pos))[i : total - k + 1 + i]
        starts = np.flatnonzero(ok)
        starts = starts[ix.doc_of[starts] == ix.doc_of[starts + k - 1]]
        mask[starts] = True
        return mask

    # -- boolean evaluation --

    def _rule(self, name: str) -> np.ndarray:
        got = self._memo_rule.get(name)
        if got is None:
            got = self._eval(self.rules_.get(name).expr)
            self._memo_rule[name] = got
        return got

    def _eval(self, node: Any) -> np.ndarray:
        if isinstance(node, Or):
            out = self._eval(node.children[0]).copy()
            for c in node.children[1:]:
                out |= self._eval(c)
            return out
        if isinstance(node, And):
            out = self._eval(node.children[0]).copy()
            for c in node.children[1:]:
                out &= self._eval(c)
            return out
        if isinstance(node, Not):
            return ~self._eval(node.child)
        if isinstance(node, Compare):
            c = self._count(node.atom)
            op = node.op
            v = node.value
            if op == ">=":
                return c >= v
            if op == ">":
                return c > v
            if op == "<=":
                return c <= v
            if op == "<":
                return c < v
            return c == v
        if isinstance(node, Ref):
            return self._rule(node.name)
        return self._count(node) > 0


class _TextIndex:
    """All texts in one string (NUL-separated), so that a substring is searched once, not once per document."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.n = len(texts)
        self.joined = "\x00".join(t.replace("\x00", " ") for t in texts)
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=self.n)
        self.starts = (
            np.concatenate([[0], np.cumsum(lengths)[:-1]]) if self.n else np.zeros(0, dtype=np.int64)
        )

    def count(self, needle: str) -> np.ndarray:
        """Non-overlapping occurrences of ``needle`` per document (as ``str.count``)."""
        if not needle or "\x00" in needle:
            return np.zeros(self.n, dtype=np.int64)
        hits = np.fromiter((m.start() for m in re.finditer(re.escape(needle), self.joined)), dtype=np.int64)
        docs = np.searchsorted(self.starts, hits, side="right") - 1
        return np.bincount(docs, minlength=self.n).astype(np.int64)


def _chain_count(entries: list[tuple[int, int]], k: int, limit: int | None, ordered: bool) -> int:
    """Matches of near/seq in one document. ``entries``: (position, element) sorted by position.

    From each occurrence (not followed directly by the same element), scan forward: an element not yet seen
    counts when it lies within ``limit`` positions of the previous counted one (for seq: only the next
    element in order counts). A start from which all ``k`` elements are counted is one match.
    """
    count = 0
    m = len(entries)
    for s in range(m):
        pos0, e0 = entries[s]
        if ordered and e0 != 0:
            continue
        if s + 1 < m and entries[s + 1][1] == e0:
            continue
        seen = {e0}
        last = pos0
        want = 1
        for t in range(s + 1, m):
            pos, e = entries[t]
            if limit is not None and pos - last > limit:
                break
            if ordered:
                if e != want:
                    continue
                want += 1
            elif e in seen:
                continue
            seen.add(e)
            last = pos
            if len(seen) == k:
                count += 1
                break
    return count


def _unpack(
    tokens: Any, doc_ids: Sequence[str] | None, word_classes: Mapping[str, str] | None
) -> tuple[Sequence[Sequence[str]], list[str], Mapping[str, str]]:
    if hasattr(tokens, "tokens") and hasattr(tokens, "doc_ids"):
        lists = tokens.tokens
        ids = list(doc_ids) if doc_ids is not None else list(tokens.doc_ids)
        classes = word_classes if word_classes is not None else getattr(tokens, "word_classes", {}) or {}
    else:
        lists = tokens
        ids = list(doc_ids) if doc_ids is not None else [str(i) for i in range(len(tokens))]
        classes = word_classes or {}
    if len(ids) != len(lists):
        raise ValueError(f"{len(ids)} doc_ids for {len(lists)} token lists")
    return lists, [str(d) for d in ids], classes


def _texts_for(texts: Any, doc_ids: list[str]) -> list[str]:
    if hasattr(texts, "docs") and hasattr(texts, "used"):  # a Corpus
        by_id = dict(zip(texts.docs["doc_id"].astype(str).tolist(), texts.docs["text"].tolist(), strict=True))
        return [by_id.get(d, "") for d in doc_ids]
    if isinstance(texts, Mapping):
        return [str(texts.get(d, "")) for d in doc_ids]
    out = [str(t) for t in texts]
    if len(out) != len(doc_ids):
        raise ValueError(f"{len(out)} texts for {len(doc_ids)} documents")
    return out


def code_documents(
    tokens: Sequence[Sequence[str]] | TokenizedCorpus,
    *,
    texts: Sequence[str] | Corpus | Mapping[str, str] | None = None,
    rules: ThemeRules | str | os.PathLike[str] = "default",
    doc_ids: Sequence[str] | None = None,
    word_classes: Mapping[str, str] | None = None,
    tokenizer: Tokenizer | None = None,
) -> pd.DataFrame:
    """Document × theme table: index ``doc_id``, one 0/1 (int8) column per theme, in rule-file order.

    ``tokens``: token lists (kept lemmas) or a :class:`~dxtext.text.tokenize.TokenizedCorpus` (which brings doc
    ids and word classes). ``texts``: the normalised texts for ``'substring'`` atoms — a sequence aligned
    with the tokens, a mapping doc_id → text, or the Corpus. ``rules``: a :class:`ThemeRules`, a path, or
    "default" (dictionaries/themes.txt).
    """
    return (
        ThemeCoder(rules, tokenizer=tokenizer)
        .fit(tokens, texts=texts, doc_ids=doc_ids, word_classes=word_classes)
        .coded_
    )


def document_table(
    corpus: Corpus, coded: pd.DataFrame, *, attributes: Sequence[str] | None = None
) -> pd.DataFrame:
    """doc_id, the corpus attributes, and the 0/1 theme columns (the table users open in Excel)."""
    attrs = list(corpus.attributes if attributes is None else attributes)
    meta = corpus.docs.set_index(corpus.docs["doc_id"].astype(str))[attrs]
    frame = meta.reindex(coded.index)
    frame.index.name = "doc_id"
    return pd.concat([frame, coded], axis=1).reset_index()


# --- co-occurrence between themes ----------------------------------------------------------------------


def theme_cooccurrence(
    coded: pd.DataFrame, *, measure: Literal["jaccard", "count"] = "jaccard"
) -> pd.DataFrame:
    """Theme × theme: the Jaccard coefficient (documents with both / documents with either), or counts."""
    if measure not in ("jaccard", "count"):
        raise ValueError(f"measure must be 'jaccard' or 'count', not {measure!r}")
    B = coded.to_numpy(dtype=np.int64)
    both = B.T @ B
    if measure == "count":
        return pd.DataFrame(both, index=coded.columns, columns=coded.columns)
    n = np.diag(both)
    either = n[:, None] + n[None, :] - both
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(either > 0, both / np.maximum(either, 1), 0.0)
    return pd.DataFrame(jac, index=coded.columns, columns=coded.columns)


def cooccurrence_pairs(coded: pd.DataFrame) -> pd.DataFrame:
    """theme_a, theme_b, documents with both, Jaccard — strongest first (pairs with no shared document left out)."""
    both = theme_cooccurrence(coded, measure="count")
    jac = theme_cooccurrence(coded)
    rows = []
    names = list(coded.columns)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            k = int(both.loc[a, b])
            if k:
                rows.append(
                    {"theme_a": a, "theme_b": b, "documents": k, "jaccard": round(float(jac.loc[a, b]), 4)}
                )
    frame = pd.DataFrame(rows, columns=["theme_a", "theme_b", "documents", "jaccard"])
    return frame.sort_values(
        ["jaccard", "documents", "theme_a", "theme_b"], ascending=[False, False, True, True]
    ).reset_index(drop=True)


# --- crosstabs -----------------------------------------------------------------------------------------

MISSING_LABEL = "(空欄)"
HIGH_MARK = "▲"
LOW_MARK = "▽"


@dataclass
class CrossTab:
    """Themes by the groups of one attribute.

    ``counts``: groups × (文書数, themes) plus a 合計 row; ``percent``: the share of a group's documents
    with the theme (row %); ``residuals``: adjusted standardised residuals of the "has the theme" cell of
    each group (|r| ≥ 1.96 is notable at about the 5% level); ``tests``: per theme χ², degrees of freedom,
    p-value, Cramér's V, and whether some expected counts are below 5 (then read p with care).
    """

    attribute: str
    groups: list[str]
    themes: list[str]
    counts: pd.DataFrame
    percent: pd.DataFrame
    residuals: pd.DataFrame
    tests: pd.DataFrame
    excluded: int = 0  # documents without a value of the attribute
    threshold: float = 1.96
    notes: list[str] = field(default_factory=list)

    def marks(self, threshold: float | None = None) -> pd.DataFrame:
        t = self.threshold if threshold is None else threshold
        r = self.residuals
        return r.map(lambda v: HIGH_MARK if v >= t else (LOW_MARK if v <= -t else ""))

    def highlights(
        self, theme: str, *, threshold: float | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(groups notably high, groups notably low) for a theme, strongest first: group, percent, residual, n."""
        t = self.threshold if threshold is None else threshold
        high, low = [], []
        for g in self.groups:
            r = float(self.residuals.loc[g, theme])
            item = {
                "group": g,
                "percent": float(self.percent.loc[g, theme]),
                "residual": r,
                "count": int(self.counts.loc[g, theme]),
                "n": int(self.counts.loc[g, "文書数"]),
            }
            if r >= t:
                high.append(item)
            elif r <= -t:
                low.append(item)
        high.sort(key=lambda x: -x["residual"])
        low.sort(key=lambda x: x["residual"])
        return high, low

    def table(self, *, decimals: int = 1) -> pd.DataFrame:
        """One readable table: per group its documents and, per theme, "count (pct%)▲" (▲/▽ = residual ≥/≤ ±1.96)."""
        marks = self.marks()
        rows = []
        for g in [*self.groups, "合計"]:
            row: dict[str, Any] = {self.attribute: g, "文書数": int(self.counts.loc[g, "文書数"])}
            for th in self.themes:
                mark = marks.loc[g, th] if g in marks.index else ""
                row[th] = f"{int(self.counts.loc[g, th])} ({self.percent.loc[g, th]:.{decimals}f}%){mark}"
            rows.append(row)
        out = pd.DataFrame(rows)
        p_row: dict[str, Any] = {self.attribute: "χ² (p)", "文書数": ""}
        for th in self.themes:
            t = self.tests.set_index("theme").loc[th]
            p_row[th] = "" if pd.isna(t["chi2"]) else f"{t['chi2']:.1f} ({format_p(t['p'])})"
        return pd.concat([out, pd.DataFrame([p_row])], ignore_index=True)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Tables for CSV/XLSX: counts, row percent, residuals (with marks) and the tests."""
        counts = self.counts.rename_axis(self.attribute).reset_index()
        percent = self.percent.round(2).rename_axis(self.attribute).reset_index()
        resid = self.residuals.round(3).rename_axis(self.attribute).reset_index()
        marks = self.marks().rename_axis(self.attribute).reset_index()
        long = []
        for g in self.groups:
            for th in self.themes:
                long.append(
                    {
                        self.attribute: g,
                        "theme": th,
                        "documents": int(self.counts.loc[g, "文書数"]),
                        "with_theme": int(self.counts.loc[g, th]),
                        "percent": round(float(self.percent.loc[g, th]), 2),
                        "adjusted_residual": round(float(self.residuals.loc[g, th]), 3),
                        "mark": marks.set_index(self.attribute).loc[g, th],
                    }
                )
        return {
            "crosstab_counts": counts,
            "crosstab_percent": percent,
            "crosstab_residuals": resid,
            "crosstab_long": pd.DataFrame(long),
            "chi2": self.tests.round({"chi2": 3, "p": 6, "cramers_v": 3}),
        }


def format_p(p: float) -> str:
    if p != p:  # NaN
        return "p=—"
    if p < 0.001:
        return "p<.001"
    return f"p={p:.3f}".replace("0.", ".", 1)


_NUM_IN_LABEL = re.compile(r"(\d+(?:\.\d+)?)")


def group_order(values: Sequence[str], counts: Mapping[str, int] | None = None) -> list[str]:
    """Order group labels for reading: by their first number when every label has one (20代 < 30代;
    5万人未満 < 5〜10万人 < 10万人以上, 万 counted), otherwise by size (largest first), then label."""
    labels = list(dict.fromkeys(values))
    if labels and all(_NUM_IN_LABEL.search(v) for v in labels):

        def key(v: str) -> tuple[float, int, str]:
            m = _NUM_IN_LABEL.search(v)
            assert m is not None
            x = float(m.group(1))
            rest = v[m.end() :]
            nxt = re.match(r"\s*(?:[〜~\-–－]\s*\d+(?:\.\d+)?)?\s*(万|千|億)?", rest)
            unit = (nxt.group(1) if nxt else None) or ""
            x *= {"万": 1e4, "千": 1e3, "億": 1e8}.get(unit, 1)
            tie = -1 if ("未満" in v or "以下" in v) else (1 if ("以上" in v or "超" in v) else 0)
            return (x, tie, v)

        return sorted(labels, key=key)
    c = counts or {}
    return sorted(labels, key=lambda v: (-c.get(v, 0), v))


def crosstab(
    coded: pd.DataFrame,
    groups: pd.Series | Sequence[str],
    *,
    attribute: str | None = None,
    themes: Sequence[str] | None = None,
    include_missing: bool = False,
    order: Sequence[str] | None = None,
    threshold: float = 1.96,
) -> CrossTab:
    """Crosstab of themes by an attribute, with Pearson's χ² test per theme.

    For each theme the table is groups × (with the theme, without it). χ² is Pearson's without continuity
    correction, so that it agrees with the residuals (with two groups χ² is exactly r²; Yates's correction
    would call a cell with |r| ≥ 1.96 "not significant"); the adjusted
    standardised residual of group i is (O − E) / √(E · (1 − nᵢ/N) · (1 − m/N)), where nᵢ is the group's
    documents and m the documents with the theme. ``groups`` is aligned with ``coded`` (a Series indexed by
    doc_id is aligned by index). Documents without a value are left out unless ``include_missing``.
    """
    # χ² by hand with scipy.special: the same numbers as scipy.stats.chi2_contingency(table, correction=False)
    # (tests compare them), without importing scipy.stats, which takes a second.
    from scipy.special import chdtrc

    themes = list(coded.columns if themes is None else themes)
    if isinstance(groups, pd.Series):
        name = attribute or str(groups.name or "group")
        if groups.index.astype(str).isin(coded.index).all() and len(groups.index.unique()) == len(groups):
            g = pd.Series(groups.to_numpy(), index=groups.index.astype(str)).reindex(coded.index)
        else:
            g = pd.Series(groups.to_numpy(), index=coded.index)
    else:
        name = attribute or "group"
        g = pd.Series(list(groups), index=coded.index)
    if len(g) != len(coded):
        raise ValueError(f"{len(g)} group values for {len(coded)} documents")
    g = g.fillna("").astype(str).str.strip()
    missing = g == ""
    excluded = 0
    if include_missing:
        g = g.where(~missing, MISSING_LABEL)
    else:
        excluded = int(missing.sum())
        g = g[~missing]
    data = coded.loc[g.index, themes].astype(np.int64)
    sizes = g.value_counts()
    labels = list(order) if order is not None else group_order(g.tolist(), sizes.to_dict())
    labels = [x for x in labels if x in sizes.index]
    if not labels:
        raise CorpusError(f"--by {name}: no document has a value of {name!r}; choose another attribute.")
    sums = data.groupby(g).sum().reindex(labels).fillna(0).astype(np.int64)
    n_i = sizes.reindex(labels).astype(np.int64)
    counts = sums.copy()
    counts.insert(0, "文書数", n_i)
    total = counts.sum(axis=0)
    counts.loc["合計"] = total
    counts.index.name = name
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = counts[themes].div(counts["文書数"].replace(0, np.nan), axis=0) * 100
    percent = percent.fillna(0.0)
    N = float(n_i.sum())
    resid = pd.DataFrame(0.0, index=labels, columns=themes)
    tests = []
    notes = []
    for th in themes:
        O1 = sums[th].to_numpy(dtype=float)
        m = O1.sum()
        table = np.column_stack([O1, n_i.to_numpy(dtype=float) - O1])
        E1 = n_i.to_numpy(dtype=float) * m / N if N else np.zeros_like(O1)
        denom = np.sqrt(E1 * (1 - n_i.to_numpy(dtype=float) / N) * (1 - m / N)) if N else np.zeros_like(O1)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(denom > 0, (O1 - E1) / denom, 0.0)
        resid[th] = r
        if len(labels) < 2 or m == 0 or m == N:
            tests.append(
                {
                    "theme": th,
                    "chi2": np.nan,
                    "dof": 0,
                    "p": np.nan,
                    "cramers_v": np.nan,
                    "low_expected": False,
                }
            )
            continue
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
        stat = float(((table - expected) ** 2 / expected).sum())
        dof = (table.shape[0] - 1) * (table.shape[1] - 1)
        low = bool((expected < 5).mean() > 0.2)
        v = float(np.sqrt(stat / (N * (min(table.shape) - 1))))
        tests.append(
            {
                "theme": th,
                "chi2": stat,
                "dof": int(dof),
                "p": float(chdtrc(dof, stat)),
                "cramers_v": v,
                "low_expected": low,
            }
        )
    if any(t["low_expected"] for t in tests):
        notes.append(
            "some themes have expected counts below 5 in more than 20% of cells: read their p-values with care"
        )
    resid.index.name = name
    percent.index.name = name
    return CrossTab(
        attribute=name,
        groups=labels,
        themes=themes,
        counts=counts,
        percent=percent,
        residuals=resid,
        tests=pd.DataFrame(tests, columns=["theme", "chi2", "dof", "p", "cramers_v", "low_expected"]),
        excluded=excluded,
        threshold=threshold,
        notes=notes,
    )


# --- words that characterise a set of documents ---------------------------------------------------------


def characteristic_words(
    binary: sp.csr_matrix,
    vocab: Sequence[str],
    mask: np.ndarray,
    *,
    top: int = 10,
    min_docs: int = 2,
    exclude: Callable[[str], bool] | None = None,
) -> pd.DataFrame:
    """Words whose share of documents is highest inside ``mask`` compared with outside it.

    Ranked by the z-score of the log odds ratio (0.5 added to every cell): word, docs_in, pct_in, pct_out,
    log_odds, z. Only words in at least ``min_docs`` documents of the set; ``exclude(word)`` drops words
    (e.g. the rule's own words).
    """
    mask = np.asarray(mask, dtype=bool)
    n_in = int(mask.sum())
    n_out = int((~mask).sum())
    cols = ["word", "docs_in", "pct_in", "pct_out", "log_odds", "z"]
    if n_in == 0:
        return pd.DataFrame(columns=cols)
    df_all = np.asarray(binary.sum(axis=0)).ravel().astype(float)
    df_in = np.asarray(binary[mask].sum(axis=0)).ravel().astype(float)
    df_out = df_all - df_in
    a, b = df_in + 0.5, n_in - df_in + 0.5
    c, d = df_out + 0.5, n_out - df_out + 0.5
    lor = np.log(a / b) - np.log(c / d)
    z = lor / np.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    keep = df_in >= min_docs
    if exclude is not None:
        keep &= np.array([not exclude(w) for w in vocab], dtype=bool)
    idx = np.flatnonzero(keep & (lor > 0))
    order = np.asarray(sorted(idx.tolist(), key=lambda i: (-z[i], -df_in[i], vocab[i]))[:top], dtype=np.int64)
    return pd.DataFrame(
        {
            "word": [vocab[i] for i in order],
            "docs_in": df_in[order].astype(int),
            "pct_in": np.round(df_in[order] / n_in * 100, 1),
            "pct_out": np.round(df_out[order] / max(n_out, 1) * 100, 1),
            "log_odds": np.round(lor[order], 3),
            "z": np.round(z[order], 2),
        },
        columns=cols,
    )
