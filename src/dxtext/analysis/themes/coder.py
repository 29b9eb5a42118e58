"""Coding documents with theme rules: :class:`ThemeCoder` evaluates the syntax tree of every rule over the
documents (rule words resolved to the corpus's lemmas through the tokenizer), and the document × theme table."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ...i18n import N_, _
from ...io.compact import plain
from ...io.normalize import fold_waves, nfkc, normalize_text
from ..rules import (
    And,
    Compare,
    Near,
    Not,
    Or,
    Phrase,
    Ref,
    Substring,
    ThemeRules,
    Word,
    _err,
    load_rules,
)
from ..rules.parser import cform_matches
from ..rules.tree import MEASURES, Arith, Attr, AttrValue, DocNo, Heading, Length, Num
from .facts import DocFacts
from .index import _chain_count, _Index, _near_entries, _TextIndex, arrow_strings, corpus_rows

if TYPE_CHECKING:
    from ...io.corpus import Corpus
    from ...text.tokenize import TokenizedCorpus, Tokenizer


@dataclass
class _Resolved:
    """A rule word resolved against the corpus: the lemma sequence it stands for (one lemma, or a phrase)."""

    word: Word
    lemmas: tuple[str, ...]  # () when the tokenizer keeps nothing of it
    how: str  # lemma | mapped | split | text | dropped | absent
    needle: str = ""  # how == "text": the word as a substring of the text (二次交通, 駐車場が少ない)


class ThemeCoder:
    """Code documents with theme rules.

    ``ThemeCoder(rules, tokenizer=tok).fit(tokens, texts=..., doc_ids=..., word_classes=...)`` gives

    * ``coded_``: DataFrame, index ``doc_id``, one int8 column (0/1) per theme, in rule-file order;
    * ``counts_``: the same with the number of hits of the rule's atoms (for ranking quotes);
    * ``evidence_``: the same with the number of different atoms of the rule that matched;
    * ``atoms_``: DataFrame theme, atom (word, 'substring', a+b, near(...), seq(...), <*theme>), kind,
      documents, in_theme, line — which parts of a rule matched;
    * ``words_``: DataFrame theme, word, lemmas, how (lemma/mapped/split/text/dropped/absent), documents (in the
      corpus), in_theme (documents of the theme), line.

    ``tokenizer`` maps rule words that are not lemmas of the corpus (行った → 行く, マイナカード →
    マイナンバーカード); a word it splits (システム更新 → システム, 更新) becomes the phrase システム+更新.
    """

    def __init__(
        self,
        rules: ThemeRules | str | os.PathLike[str] = "default",
        *,
        tokenizer: Tokenizer | None = None,
        vocab: frozenset[str] | set[str] | None = None,
    ) -> None:
        self.rules = rules
        self.tokenizer = tokenizer
        # the lemmas rule words are resolved against (default: those of the tokens given to fit); a partition
        # of a larger corpus passes the whole corpus's, so every partition reads a rule word the same way
        self.vocab = vocab

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
        text_index, rows = _text_index(texts, doc_ids) if texts is not None else (None, None)
        if text_index is None and any(isinstance(a, Substring) for r in rules for a in r.atoms()):
            first = next(a for r in rules for a in r.atoms() if isinstance(a, Substring))
            raise _err(
                first.loc,
                str(first),
                N_("a substring rule needs the document texts"),
                N_("pass texts= to code_documents"),
            )
        self._index = index
        self._vocab = self.vocab if self.vocab is not None else index.vocab
        self._texts = text_index
        self._facts = DocFacts(
            doc_ids,
            np.diff(index.offsets),
            text_index,
            texts.docs if texts is not None and hasattr(texts, "docs") else None,
            self.tokenizer,
            rows=rows,
        )
        self._resolved: dict[Word, _Resolved] = {}
        # Per-document state stays compact: atom counts are memoised sparse (the documents with a hit and their
        # counts, int32), rule results are bool, the per-rule tables int32 / uint16 (int64 arrays per atom and
        # rule took about 1 GiB on 930k answers).
        self._memo_count: dict[Any, tuple[np.ndarray, np.ndarray]] = {}
        self._memo_rule: dict[str, np.ndarray] = {}
        coded: dict[str, np.ndarray] = {}
        hits: dict[str, np.ndarray] = {}
        evidence: dict[str, np.ndarray] = {}
        for rule in rules:
            coded[rule.name] = self._rule(rule.name)
            total = np.zeros(index.n, dtype=np.int32)
            distinct = np.zeros(index.n, dtype=np.uint16)
            for atom in {str(a): a for a in rule.atoms() if not isinstance(a, (Ref, *MEASURES))}.values():
                c = self._count(atom)
                total += c
                distinct += c > 0
            total[~coded[rule.name]] = 0
            distinct[~coded[rule.name]] = 0
            hits[rule.name] = total
            evidence[rule.name] = distinct
        idx = pd.Index([str(d) for d in doc_ids], name="doc_id")
        self.coded_ = pd.DataFrame(
            {k: v.astype(np.int8) for k, v in coded.items()}, index=idx, columns=rules.names
        )
        self.counts_ = pd.DataFrame(hits, index=idx, columns=rules.names)
        self.evidence_ = pd.DataFrame(evidence, index=idx, columns=rules.names)
        self.words_ = self._word_report(coded)
        self.atoms_ = self._atom_report(coded)
        self.warnings_ = list(dict.fromkeys(self._facts.warnings))
        del self._memo_count, self._memo_rule
        return self

    # -- word resolution --

    def _resolve(self, w: Word) -> _Resolved:
        r = self._resolved.get(w)
        if r is not None:
            return r
        text = normalize_text(w.text)
        vocab = self._vocab
        if text in vocab:
            r = _Resolved(w, (text,), "lemma")
        elif self.tokenizer is not None:
            morphs = [t for t in self.tokenizer.analyze(text) if t.surface.strip()]
            lemmas = tuple(t.lemma for t in morphs if t.kept)
            if lemmas and len(lemmas) < len(morphs) and self._texts is not None:
                # a word with a morpheme that is not counted (二次交通: the numeral 二次; 駐車場が少ない: が) never
                # shrinks to its content words: it is matched as written (its lemmas serve inside a+b, near)
                r = _Resolved(w, lemmas, "text", needle=re.sub(r"[ \t]+", " ", fold_waves(nfkc(w.text))))
            elif not lemmas:
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
        kinds = {
            Word: "word",
            Substring: "substring",
            Phrase: "phrase",
            Near: "near",
            Ref: "theme",
            Attr: "attribute",
            Heading: "heading",
        }
        for rule in self.rules_:
            seen: set[str] = set()
            for a in rule.atoms():
                if isinstance(a, MEASURES):
                    continue  # lw, lc, No., <>var<>: numbers compared, not things found
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
        got = self._memo_count.get(key) if hasattr(self, "_memo_count") else None
        if got is not None:
            dense = np.zeros(self._index.n, dtype=np.int32)
            dense[got[0]] = got[1]
            return dense
        if isinstance(atom, Word) and (atom.cform or atom.surface):
            c = self._forms(atom)
        elif isinstance(atom, Attr):
            c = self._facts.attr(atom.name, atom.value, atom.loc, str(atom)).astype(np.int64)
        elif isinstance(atom, Heading):
            c = self._facts.heading(atom.level, atom.text, atom.loc, str(atom)).astype(np.int64)
        elif isinstance(atom, Word):
            r = self._resolve(atom)
            if r.how == "text" and self._texts is not None:
                c = self._texts.count(r.needle)
            elif len(r.lemmas) <= 1:
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
        c = np.asarray(c, dtype=np.int32)
        if hasattr(self, "_memo_count"):
            nz = np.flatnonzero(c).astype(np.int32)
            self._memo_count[key] = (nz, c[nz])
        return c

    def _forms(self, w: Word) -> np.ndarray:
        """Occurrences of a word in a conjugation form (word->活用形) or written form (word=>書かれた形): the
        documents that have the lemma are analysed again, with each kept word's UniDic cForm."""
        plain = Word(w.text, w.pos, w.loc)
        r = self._resolve(plain)
        out = np.zeros(self._index.n, dtype=np.int64)
        if len(r.lemmas) != 1:
            return out  # a word the tokenizer splits has no conjugation of its own
        lemma = r.lemmas[0]
        surface = normalize_text(w.surface) if w.surface else None
        for d in np.flatnonzero(self._count(plain) > 0):
            n = 0
            for lem, surf, cls, cform, _ignored in self._facts.morphs(int(d), w.loc, str(w)):
                if lem != lemma or (w.pos is not None and cls != w.pos):
                    continue
                if w.cform is not None and not cform_matches(w.cform, cform):
                    continue
                if surface is not None and surf != surface:
                    continue
                n += 1
            out[d] = n
        return out

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
                known = text in self._vocab or (
                    self.tokenizer is not None
                    and len(lem := self.tokenizer(text)) == 1
                    and lem[0] in self._vocab
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
        for m, _ignored in elements:
            present &= np.bincount(ix.doc_of[m], minlength=ix.n) > 0
        out = np.zeros(ix.n, dtype=np.int64)
        limit = atom.distance if atom.distance > 0 else None
        docs, starts, local, element = _near_entries(ix, [m for m, _ in elements], present)
        for d, lo, hi in zip(docs, starts[:-1], starts[1:], strict=True):
            entries = list(zip(local[lo:hi], element[lo:hi], strict=True))  # (position in document, element)
            if atom.scope is None:
                out[d] = _chain_count(entries, k, limit, atom.ordered)
                continue
            # [b]/[d]: the words must be in one sentence/paragraph; count matches segment by segment
            seg = self._facts.segments(int(d), atom.scope, atom.loc, str(atom))
            groups: dict[int, list[tuple[int, int]]] = {}
            for p, e in entries:
                groups.setdefault(int(seg[p]) if p < len(seg) else -1, []).append((p, e))
            out[d] = sum(_chain_count(g, k, limit, atom.ordered) for g in groups.values())
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

    def _num(self, node: Any) -> np.ndarray:
        return _num_of(self, node)

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
            c = self._num(node.atom)
            v = self._num(node.value)
            with np.errstate(invalid="ignore"):  # no value (nan: blank attribute, x / 0) compares false
                result = {
                    ">=": lambda: c >= v,
                    ">": lambda: c > v,
                    "<=": lambda: c <= v,
                    "<": lambda: c < v,
                    "!=": lambda: (c != v) & ~np.isnan(c) & ~np.isnan(v),
                }.get(node.op, lambda: c == v)()
            return np.broadcast_to(np.asarray(result, dtype=bool), (self._index.n,)).copy()
        if isinstance(node, Ref):
            return self._rule(node.name)
        return self._count(node) > 0


def _num_of(coder: ThemeCoder, node: Any) -> np.ndarray:
    """A numeric node → float array (or scalar): counts, lw/lc, No., <>var<>, numbers and arithmetic."""
    if isinstance(node, (int, float)):
        return np.float64(node)  # type: ignore[return-value]
    if isinstance(node, Num):
        return np.float64(node.value)  # type: ignore[return-value]
    if isinstance(node, Length):
        return coder._facts.length(node.kind, node.loc)
    if isinstance(node, DocNo):
        return coder._facts.number()
    if isinstance(node, AttrValue):
        return coder._facts.attr_value(node.name, node.loc, str(node))
    if isinstance(node, Arith):
        a, b = _num_of(coder, node.left), _num_of(coder, node.right)
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(np.asarray(b) != 0, np.asarray(a, dtype=float) / np.where(b == 0, 1, b), np.nan)
    if isinstance(node, (And, Or, Not, Compare)):  # pragma: no cover - the parser refuses these in a count
        return coder._eval(node).astype(float)
    return coder._count(node).astype(float)


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
        raise ValueError(_("{v0} doc_ids for {v1} token lists").format(v0=len(ids), v1=len(lists)))
    return lists, [str(d) for d in ids], classes


def _is_corpus(texts: Any) -> bool:
    # looked up on the class: ``Corpus.used`` is a property that copies every used row (seconds on 930k rows)
    return hasattr(texts, "docs") and hasattr(type(texts), "used_columns")


def _text_index(texts: Any, doc_ids: list[str]) -> tuple[_TextIndex, np.ndarray | None]:
    """The texts of the documents for substring atoms, and (texts a Corpus) the rows of the documents in its
    frame. A Corpus's text column is searched where it is (Arrow strings), not copied into Python strings."""
    if _is_corpus(texts):  # a Corpus
        docs = texts.docs
        rows = corpus_rows(docs, doc_ids)
        if rows is not None:
            return _TextIndex(column=arrow_strings(docs["text"]), rows=rows), rows
    return _TextIndex(_texts_for(texts, doc_ids)), None


def _texts_for(texts: Any, doc_ids: list[str]) -> list[str]:
    if _is_corpus(texts):  # a Corpus
        docs = texts.docs
        ids = pd.Index(docs["doc_id"].astype(str))
        if ids.is_unique:  # only the texts asked for become Python strings (not a dict of every document)
            rows = ids.get_indexer(pd.Index(doc_ids))
            found = rows >= 0
            picked = docs["text"].take(rows[found]).tolist()
            if found.all():
                return picked
            out = [""] * len(doc_ids)
            for i, t in zip(np.flatnonzero(found).tolist(), picked, strict=True):
                out[i] = t
            return out
        by_id = dict(zip(docs["doc_id"].astype(str).tolist(), docs["text"].tolist(), strict=True))
        return [by_id.get(d, "") for d in doc_ids]
    if isinstance(texts, Mapping):
        return [str(texts.get(d, "")) for d in doc_ids]
    out = [str(t) for t in texts]
    if len(out) != len(doc_ids):
        raise ValueError(_("{v0} texts for {v1} documents").format(v0=len(out), v1=len(doc_ids)))
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
    meta = plain(corpus.docs.set_index(corpus.docs["doc_id"].astype(str))[attrs])
    frame = meta.reindex(coded.index)
    frame.index.name = "doc_id"
    return pd.concat([frame, coded], axis=1).reset_index()
