"""The parser of the rule language: the tokens of one rule's expression → its syntax tree.

Precedence: not > and > or > comparison > + - > * /. A count (word, 'substring', a+b, near(...), seq(...),
<*other>, <>var-->value, <>見出しN-->text), a measure (lw, lc, No., <>var<>) and numbers combine with + - * /
(between spaces) and compare with >= > <= < == != (KH Coder's 出現数, 文書長, 文書番号 conditions); a measure must
be compared. Word-class names after ``->`` are :data:`POS_NAMES`, conjugation forms :data:`CFORM_NAMES` (UniDic's
cForm, and KH Coder's IPADIC names mapped onto them); near/seq without ``[n]`` use :data:`DEFAULT_DISTANCE`."""

from __future__ import annotations

import re
from typing import Any

from ...i18n import N_
from .lexer import _Tok
from .tree import (
    DEFAULT_DISTANCE,
    MEASURES,
    And,
    Arith,
    Attr,
    AttrValue,
    Compare,
    DocNo,
    Heading,
    Length,
    Loc,
    Near,
    Not,
    Num,
    Or,
    Phrase,
    Ref,
    Substring,
    Word,
    _err,
)

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


#: UniDic's conjugation forms (cForm, before the "-": a name alone means every subtype, 連用形 = 連用形-一般,
#: 連用形-促音便 …), and KH Coder's IPADIC names, mapped to the UniDic forms they stand for.
CFORM_BASES = (
    "語幹",
    "未然形",
    "連用形",
    "終止形",
    "連体形",
    "仮定形",
    "已然形",
    "命令形",
    "意志推量形",
    "ク語法",
)
CFORM_NAMES: dict[str, tuple[str, ...]] = {
    **{b: (b,) for b in CFORM_BASES},
    "基本形": ("終止形", "連体形"),
    "連用タ接続": ("連用形-促音便", "連用形-撥音便", "連用形-イ音便"),
    "連用テ接続": ("連用形",),
    "連用ゴザイ接続": ("連用形-ウ音便",),
    "未然ウ接続": ("意志推量形",),
    "未然ヌ接続": ("未然形",),
    "未然レル接続": ("未然形",),
    "仮定縮約1": ("仮定形-融合",),
    "仮定縮約2": ("仮定形-融合",),
    "体言接続": ("連体形",),
    "体言接続特殊": ("連体形",),
    "ガル接続": ("語幹",),
    "命令e": ("命令形",),
    "命令i": ("命令形",),
    "命令ro": ("命令形",),
    "命令yo": ("命令形",),
    "音便基本形": ("終止形",),
    "文語基本形": ("終止形",),
}
_CFORM_FULL = re.compile(r"^(?:" + "|".join(CFORM_BASES) + r")-[^\s]+$")


def cform_patterns(label: str) -> tuple[str, ...]:
    """The UniDic cForm names or prefixes a conjugation label stands for (() when it is none)."""
    if label in CFORM_NAMES:
        return CFORM_NAMES[label]
    if _CFORM_FULL.match(label):
        return (label,)
    return ()


def cform_matches(label: str, cform: str) -> bool:
    """Whether a morpheme's UniDic cForm (連用形-促音便) is of the form a rule names (連用タ接続, 連用形, …)."""
    return any(cform == p or cform.startswith(p + "-") for p in cform_patterns(label))


_NUMERIC = (Length, DocNo, AttrValue, Num, Arith)


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
                self.loc,
                f"*{self.name}",
                N_("the rule has no expression"),
                N_("write the words of the theme"),
            )
        node = self.parse_or()
        t = self.peek()
        if t is not None:
            if t.kind == ")":
                raise _err(
                    t.loc, ")", N_("a closing parenthesis without an opening one"), N_("remove it or add (")
                )
            raise _juxtaposed(self.toks[self.i - 1], t)
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
                N_("the expression ends after an operator"),
                N_("add the condition that should follow"),
            )
        if t.kind == "not":
            self.take()
            return Not(self.parse_unary())
        return self.parse_comparison()

    def parse_comparison(self) -> Any:
        first = self.peek()
        assert first is not None
        if first.kind == "cmp":
            raise _err(
                first.loc, first.text, N_("a comparison without a word on its left"), N_("write word >= n")
            )
        left = self.parse_sum()
        nxt = self.peek()
        if nxt is not None and nxt.kind == "cmp":
            self.take()
            if self.peek() is None:
                raise _err(
                    nxt.loc,
                    f"{first.text} {nxt.text}",
                    N_("a comparison needs a number or a count on its right"),
                    N_("write word >= 2"),
                )
            right = self.parse_sum()
            self._countable(left, first)
            self._countable(right, nxt)
            op = "==" if nxt.value == "=" else nxt.value
            value = int(right.value) if isinstance(right, Num) and float(right.value).is_integer() else right
            return Compare(left, op, value, first.loc)
        if isinstance(left, Num):
            raise _err(
                first.loc,
                first.text,
                N_("a number alone is not a condition"),
                N_("compare a count with it: word >= n"),
            )
        if isinstance(left, MEASURES) or (
            isinstance(left, Arith) and any(isinstance(a, MEASURES) for a in _leaves(left))
        ):
            raise _err(
                first.loc,
                str(left),
                N_("{measure} is a number about the document, not a condition"),
                N_("compare it, e.g. {measure} <= 10"),
                measure=left,
            )
        if isinstance(left, Arith):  # a sum of counts alone: true when it is not zero (as in KH Coder)
            return Compare(left, "!=", 0, first.loc)
        return left

    def _countable(self, node: Any, tok: Any) -> None:
        if isinstance(node, (And, Or, Not, Compare)):
            raise _err(
                tok.loc,
                f"( … ) {tok.text}" if tok.kind == "cmp" else tok.text,
                N_(
                    "a count comparison applies to one word, 'substring', a+b, near(...) or seq(...), lw, lc, "
                    "No. or a sum of them"
                ),
                N_("compare each word on its own, e.g. word >= 2, or add counts: ( a + b ) >= 2"),
            )

    def parse_sum(self) -> Any:
        node = self.parse_product()
        while (t := self.peek()) is not None and t.kind == "arith" and t.value in "+-":
            self.take()
            right = self.parse_product()
            self._countable(node, t)
            self._countable(right, t)
            node = Arith(t.value, node, right)
        return node

    def parse_product(self) -> Any:
        node = self.parse_primary()
        while (t := self.peek()) is not None and t.kind == "arith" and t.value in "*/":
            self.take()
            right = self.parse_primary()
            self._countable(node, t)
            self._countable(right, t)
            node = Arith(t.value, node, right)
        return node

    def parse_primary(self) -> Any:
        if self.peek() is None:
            last = self.toks[-1]
            raise _err(
                last.loc,
                last.text,
                N_("the expression ends after an operator"),
                N_("add the condition that should follow"),
            )
        t = self.take()
        if t.kind == "(":
            node = self.parse_or()
            close = self.peek()
            if close is None:
                raise _err(t.loc, "(", N_("the parenthesis is not closed"), N_("add )"))
            if close.kind != ")":
                raise _juxtaposed(self.toks[self.i - 1], close)
            self.take()
            nxt = self.peek()
            if nxt is not None and nxt.kind in ("cmp", "arith"):
                if isinstance(node, Compare) and node.op == "!=" and node.value == 0:
                    return node.atom  # ( a + b ) >= 2: the sum, not "sum != 0"
                self._countable(node, nxt)
            return node
        if t.kind in ("and", "or"):
            raise _err(
                t.loc,
                t.text,
                N_("an operator where a condition should be"),
                N_("put a word or ( … ) before it"),
            )
        if t.kind == ")":
            raise _err(t.loc, ")", N_("an empty or misplaced parenthesis"), N_("remove it"))
        if t.kind == "cmp":
            raise _err(t.loc, t.text, N_("a comparison without a word on its left"), N_("write word >= n"))
        if t.kind == "arith":
            raise _err(
                t.loc,
                t.text,
                N_("an arithmetic operator without a count on its left"),
                N_("write a + b >= 2"),
            )
        if t.kind == "num":
            return Num(t.value)
        if t.kind == "measure":
            return DocNo(t.loc) if t.value == "No." else Length(t.value, t.loc)
        if t.kind == "var":
            name, value = t.value
            if value is None:
                return AttrValue(name, t.loc)
            m = re.fullmatch(r"(?:見出し|heading)([1-5])", name, re.IGNORECASE)
            if m:
                return Heading(int(m.group(1)), value, t.loc)
            return Attr(name, value, t.loc)
        return self._atom(t)

    def _atom(self, t: _Tok) -> Any:
        if t.kind == "str":
            return Substring(t.value, t.loc)
        if t.kind == "ref":
            return Ref(t.value, t.loc)
        if t.kind == "near":
            return _near(t.value, t.loc)
        return _term(t.value, t.loc)


def _juxtaposed(prev: _Tok, tok: _Tok) -> Exception:
    """Two conditions side by side. After <>変数名-->値 the space was most likely part of the value (奥 越,
    an ideographic space read as a space): say how to write that."""
    if prev.kind == "var" and prev.value[1] is not None and tok.kind in ("term", "num"):
        name, value = prev.value
        return _err(
            tok.loc,
            f"{prev.text} {tok.text}",
            N_("a space ends the value of <>変数名-->値"),
            N_(
                'a value with spaces goes in double quotes: "<>{name}-->{value} {next}"; otherwise join the two '
                "conditions with and, or"
            ),
            name=name,
            value=value,
            next=tok.text,
        )
    return _err(
        tok.loc,
        f"{prev.text} {tok.text}",
        N_("two conditions without and/or between them"),
        N_("join them with and, or (or & |)"),
    )


def _leaves(node: Any) -> list[Any]:
    if isinstance(node, Arith):
        return [*_leaves(node.left), *_leaves(node.right)]
    return [node]


_BAD_TERM_CHARS = set('[]{}<>=*"/\\,;')


def _term(term: str, loc: Loc) -> Any:
    if "::" in term:
        raise _err(
            loc,
            term,
            N_("KH Coder's code:: construct is not supported"),
            N_("use <*name> to refer to another theme"),
        )
    if "=" in term.replace("=>", ""):
        head = term.split("=", 1)[0]
        raise _err(
            loc,
            term,
            N_("unsupported construct {term}="),
            N_("see docs/themes.md for the supported syntax (word >= n is a count)"),
            term=head,
        )
    if term in ("+", "-", "*", "/"):
        raise _err(
            loc,
            term,
            N_("arithmetic on counts is not supported"),
            N_("compare each word with a number: word >= n"),
        )
    if term.startswith("No."):
        raise _err(
            loc,
            term,
            N_("the document number No. is compared on its own"),
            N_("write No. >= 3 (with spaces)"),
        )
    if "+" in term:
        parts = term.split("+")
        if any(not p for p in parts):
            raise _err(loc, term, N_("a phrase a+b needs a word on each side of +"), N_("write word1+word2"))
        return Phrase(tuple(_word(p, loc, term) for p in parts), loc)
    return _word(term, loc, term)


def _word(text: str, loc: Loc, shown: str) -> Word:
    """``word``, ``word->品詞`` / ``word-->品詞``, ``word->活用形``, ``word-->品詞->活用形``, ``word=>書かれた形``
    and ``word-->品詞=>書かれた形``."""
    pos = cform = surface = None
    if "=>" in text:
        text, surface = text.split("=>", 1)
        if not surface or "=>" in surface or "->" in surface:
            raise _err(loc, shown, N_("=> needs the form as written after it"), N_("write 買う=>買わ"))
    m = re.match(r"^(.+?)(-->|->)(.*)$", text)
    if m:
        text, arrow, rest = m.group(1), m.group(2), m.group(3)
        labels = re.split(r"-->|->", rest)
        if len(labels) > 2 or any(not x for x in labels):
            raise _err(loc, shown, N_("too many -> in a word"), N_("write word-->品詞->活用形"))
        if len(labels) == 2:
            pos, cform = labels
            if pos not in POS_NAMES:
                raise _err(
                    loc,
                    shown,
                    N_("unknown word class {pos!r}"),
                    N_("use one of {names}"),
                    pos=pos,
                    names=", ".join(POS_NAMES),
                )
        elif labels[0] in POS_NAMES:
            pos = labels[0]
        elif arrow == "->" and cform_patterns(labels[0]):
            cform = labels[0]
        else:
            raise _err(
                loc,
                shown,
                N_("unknown word class or conjugation form {label!r}"),
                N_(
                    "use a word class ({pos_names} …) or a conjugation form ({cform_names} …; see docs/themes.md)"
                ),
                label=labels[0],
                pos_names=", ".join(list(POS_NAMES)[:8]),
                cform_names=", ".join(list(CFORM_NAMES)[:8]),
            )
        if cform is not None and not cform_patterns(cform):
            raise _err(
                loc,
                shown,
                N_("unknown conjugation form {cform!r}"),
                N_("use one of {names} or a UniDic form such as 連用形-促音便"),
                cform=cform,
                names=", ".join(CFORM_NAMES),
            )
        if pos is not None:
            pos = POS_NAMES[pos]
    bad = sorted(set(text) & _BAD_TERM_CHARS)
    if bad or not text:
        raise _err(
            loc,
            shown,
            N_("unsupported construct (the character {chars} in a word)"),
            N_("see docs/themes.md for the supported syntax"),
            chars="".join(bad) or "->",
        )
    return Word(text, pos, loc, cform, surface)


def _near(m: re.Match[str], loc: Loc) -> Near:
    kind = m.group(1).lower()
    inner = m.group(2).strip()
    option = m.group(3)
    ordered = kind == "seq"
    distance = DEFAULT_DISTANCE
    scope = None
    if option is not None:
        option = option.strip()
        if option.isdigit():
            distance = int(option)
        elif re.fullmatch(r"[bdBD]\d*", option):
            # [b]: in one sentence, [d]: in one paragraph — and, as in KH Coder, still within the default 10
            # words; [b3]: within 3; [b0]: anywhere in the sentence
            scope = option[0].lower()
            distance = int(option[1:]) if option[1:] else DEFAULT_DISTANCE
        else:
            raise _err(
                loc,
                m.group(0),
                N_("the option [{option}] is not a distance"),
                N_("write {kind}(a-b)[5], [b] (one sentence) or [d] (one paragraph)"),
                option=option,
                kind=kind,
            )
    # "-" separates the words; "->"/"-->" inside an element is a word class.
    parts = [p.strip() for p in re.split(r"-(?!-?>)", inner)]
    if len(parts) < 2 or any(not p for p in parts):
        raise _err(
            loc,
            m.group(0),
            N_("{kind}(...) needs two or more words separated by -"),
            N_("write {kind}(word1-word2)[5]"),
            kind=kind,
        )
    words = tuple(_word(p, loc, m.group(0)) for p in parts)
    return Near(words, distance, ordered, loc, scope)
