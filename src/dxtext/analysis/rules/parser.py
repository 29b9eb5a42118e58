"""The parser of the rule language: the tokens of one rule's expression → its syntax tree.

Precedence: not > and > or; an atom (word, 'substring', a+b, near(...), seq(...), <*other>) may be compared
with a whole number. Word-class names after ``->`` are :data:`POS_NAMES`; near/seq without ``[n]`` use
:data:`DEFAULT_DISTANCE`."""

from __future__ import annotations

import re
from typing import Any

from .lexer import _Tok
from .tree import And, Compare, Loc, Near, Not, Or, Phrase, Ref, Substring, Word, _err

#: KH Coder's default distance of near(...) and seq(...) when no [n] is given.
DEFAULT_DISTANCE = 10

#: Word-class names accepted after ``->``: dxtext's labels, and KH Coder's names where they map onto them.
POS_NAMES: dict[str, str] = {
    **{
        label: label
        for label in (
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
    },
    "組織名": "固有名詞",  # UniDic has no organisation subclass; the dictionary's 組織名 are 固有名詞
    "形状詞": "形容動詞",
    "普通名詞": "名詞",
    "名詞B": "名詞",
    "名詞C": "名詞",
    "副詞可能": "名詞",
    "動詞B": "動詞",
    "形容詞B": "形容詞",
    "副詞B": "副詞",
}


class _Parser:
    def __init__(self, tokens: list[_Tok], name: str, loc: Loc) -> None:
        self.toks = tokens
        self.i = 0
        self.name = name
        self.loc = loc

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def parse(self) -> Any:
        if not self.toks:
            raise _err(
                self.loc, f"*{self.name}", "the rule has no expression", "write the words of the theme"
            )
        node = self.parse_or()
        t = self.peek()
        if t is not None:
            if t.kind == ")":
                raise _err(t.loc, ")", "a closing parenthesis without an opening one", "remove it or add (")
            prev = self.toks[self.i - 1]
            raise _err(
                t.loc,
                f"{prev.text} {t.text}",
                "two conditions without and/or between them",
                "join them with and, or (or & |)",
            )
        return node

    def parse_or(self) -> Any:
        items = [self.parse_and()]
        while (t := self.peek()) is not None and t.kind == "or":
            self.take()
            right = self.parse_and()
            items.append(right)
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Any:
        items = [self.parse_unary()]
        while (t := self.peek()) is not None and t.kind == "and":
            self.take()
            right = self.parse_unary()
            items.append(right)
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Any:
        t = self.peek()
        if t is None:
            last = self.toks[-1]
            raise _err(
                last.loc,
                last.text,
                "the expression ends after an operator",
                "add the condition that should follow",
            )
        if t.kind == "not":
            self.take()
            return Not(self.parse_unary())
        return self.parse_primary()

    def parse_primary(self) -> Any:
        t = self.take()
        if t.kind == "(":
            node = self.parse_or()
            close = self.peek()
            if close is None:
                raise _err(t.loc, "(", "the parenthesis is not closed", "add )")
            if close.kind != ")":
                prev = self.toks[self.i - 1]
                raise _err(
                    close.loc,
                    f"{prev.text} {close.text}",
                    "two conditions without and/or between them",
                    "join them with and, or (or & |)",
                )
            self.take()
            nxt = self.peek()
            if nxt is not None and nxt.kind == "cmp":
                raise _err(
                    nxt.loc,
                    f"( … ) {nxt.text}",
                    "a count comparison applies to one word, 'substring', a+b, near(...) or seq(...)",
                    "compare each word on its own, e.g. word >= 2",
                )
            return node
        if t.kind in ("and", "or"):
            raise _err(
                t.loc, t.text, "an operator where a condition should be", "put a word or ( … ) before it"
            )
        if t.kind == ")":
            raise _err(t.loc, ")", "an empty or misplaced parenthesis", "remove it")
        if t.kind == "cmp":
            raise _err(t.loc, t.text, "a comparison without a word on its left", "write word >= n")
        if t.kind == "num":
            raise _err(
                t.loc, t.text, "a number alone is not a condition", "compare a count with it: word >= n"
            )
        atom = self._atom(t)
        nxt = self.peek()
        if nxt is not None and nxt.kind == "cmp":
            self.take()
            num = self.peek()
            if num is None or num.kind != "num":
                raise _err(
                    nxt.loc,
                    f"{t.text} {nxt.text}",
                    "a comparison needs a whole number on its right",
                    "write word >= 2",
                )
            self.take()
            return Compare(atom, nxt.value, int(num.value), t.loc)
        return atom

    def _atom(self, t: _Tok) -> Any:
        if t.kind == "str":
            return Substring(t.value, t.loc)
        if t.kind == "ref":
            return Ref(t.value, t.loc)
        if t.kind == "near":
            return _near(t.value, t.loc)
        return _term(t.value, t.loc)


_BAD_TERM_CHARS = set('[]{}<>=*"/\\,;')


def _term(term: str, loc: Loc) -> Any:
    if "::" in term:
        raise _err(
            loc, term, "KH Coder's code:: construct is not supported", "use <*name> to refer to another theme"
        )
    if "=" in term:
        head = term.split("=", 1)[0]
        raise _err(
            loc,
            term,
            f"unsupported construct {head}=",
            "see docs/themes.md for the supported syntax (word >= n is a count)",
        )
    if term in ("+", "-", "*", "/"):
        raise _err(
            loc, term, "arithmetic on counts is not supported", "compare each word with a number: word >= n"
        )
    if term.startswith("No."):
        raise _err(
            loc,
            term,
            "KH Coder's document-number condition (No.) is not supported",
            "select documents by attribute",
        )
    if "+" in term:
        parts = term.split("+")
        if any(not p for p in parts):
            raise _err(loc, term, "a phrase a+b needs a word on each side of +", "write word1+word2")
        return Phrase(tuple(_word(p, loc, term) for p in parts), loc)
    return _word(term, loc, term)


def _word(text: str, loc: Loc, shown: str) -> Word:
    pos = None
    m = re.match(r"^(.+?)--?>(.*)$", text)
    if m:
        text, label = m.group(1), m.group(2)
        if "->" in label:
            raise _err(
                loc,
                shown,
                "KH Coder's conjugation forms (word-->品詞->活用) are not supported",
                "keep only word->品詞",
            )
        if label not in POS_NAMES:
            raise _err(
                loc,
                shown,
                f"unknown word class {label!r} (KH Coder's conjugation forms are not supported)",
                f"use one of {', '.join(POS_NAMES)}",
            )
        pos = POS_NAMES[label]
    bad = sorted(set(text) & _BAD_TERM_CHARS)
    if bad or not text:
        raise _err(
            loc,
            shown,
            f"unsupported construct (the character {''.join(bad) or '->'} in a word)",
            "see docs/themes.md for the supported syntax",
        )
    return Word(text, pos, loc)


def _near(m: re.Match[str], loc: Loc) -> Near:
    kind = m.group(1).lower()
    inner = m.group(2).strip()
    option = m.group(3)
    ordered = kind == "seq"
    distance = DEFAULT_DISTANCE
    if option is not None:
        option = option.strip()
        if option.isdigit():
            distance = int(option)
        elif re.fullmatch(r"[bdBD]\d*", option):
            raise _err(
                loc,
                m.group(0),
                "the [b]/[d] options (same sentence/paragraph) are not supported",
                "split the corpus into sentences or paragraphs with --unit instead, and give a distance [n]",
            )
        else:
            raise _err(loc, m.group(0), f"the option [{option}] is not a distance", f"write {kind}(a-b)[5]")
    # "-" separates the words; "->"/"-->" inside an element is a word class.
    parts = [p.strip() for p in re.split(r"-(?!-?>)", inner)]
    if len(parts) < 2 or any(not p for p in parts):
        raise _err(
            loc,
            m.group(0),
            f"{kind}(...) needs two or more words separated by -",
            f"write {kind}(word1-word2)[5]",
        )
    words = tuple(_word(p, loc, m.group(0)) for p in parts)
    return Near(words, distance, ordered, loc)
