"""The theme rule language: KH Coder's coding-rule syntax → a syntax tree (:class:`ThemeRules`).

Reading and checking only; evaluating the rules over documents is in :mod:`dxtext.analysis.themes`.

Topics are discovered; themes are asked. A theme is a named rule over the words of a document::

    # comment
    *レガシーシステム・システム更新
    レガシーシステム or 基幹系システム or システム+更新
      or near(システム-老朽化)[5]

Supported (KH Coder's coding-rule subset; see docs/themes.md):

=========================  ===========================================================================
``*name`` / ``＊name``      starts a rule; its expression runs until the next ``*name`` line
``and or not ( )``          also KH Coder's ``& | ! &! |!``; precedence not > and > or
``word``                    a lemma (a surface form is mapped through the tokenizer: 行った → 行く)
``'substring'``             on the normalised text (``''`` inside quotes is one quote)
``word->品詞``              word with that word class (``-->`` accepted too; KH Coder's names mapped)
``a+b``                     consecutive words
``near(a-b)[n]``            all words within n words of each other, any order (default 10)
``seq(a-b)[n]``             the words in this order, each within n words of the previous (default 10)
``<*other>``                another rule (forward references allowed; circles are an error)
``atom >= n``               a count: also ``> <= < == =``
=========================  ===========================================================================

Positions count the kept content words of a document (the tokens dxtext analyses), so ``near`` and ``seq``
distances are in content words, and ``a+b`` means "b is the next content word after a". Anything else
(``lw=``, ``dist(...)``, ``code::``, ``<>`` headings and variables, arithmetic on counts, conjugation forms)
is a :class:`~dxtext.errors.RulesError` naming ``file:line`` and the construct — never ignored.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RulesError
from ..io.normalize import nfkc, normalize_text

__all__ = [
    "DEFAULT_DISTANCE",
    "POS_NAMES",
    "Rule",
    "RulesError",
    "ThemeRules",
    "default_rules_path",
    "load_rules",
    "parse_rules",
]

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

_COMPARE_OPS = (">=", "<=", "==", ">", "<", "=")


# --- where things are ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loc:
    source: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line}"


def _err(loc: Loc, construct: str, what: str, todo: str) -> RulesError:
    return RulesError(f"{loc}: {construct}: {what}; {todo}.")


# --- the syntax tree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word (lemma or surface form), optionally restricted to a word class."""

    text: str
    pos: str | None
    loc: Loc

    def __str__(self) -> str:
        return f"{self.text}->{self.pos}" if self.pos else self.text


@dataclass(frozen=True)
class Substring:
    text: str
    loc: Loc

    def __str__(self) -> str:
        return "'" + self.text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Phrase:
    words: tuple[Word, ...]
    loc: Loc

    def __str__(self) -> str:
        return "+".join(map(str, self.words))


@dataclass(frozen=True)
class Near:
    words: tuple[Word, ...]
    distance: int  # 0 = no limit
    ordered: bool  # seq(...) when True
    loc: Loc

    def __str__(self) -> str:
        return f"{'seq' if self.ordered else 'near'}({'-'.join(map(str, self.words))})[{self.distance}]"


@dataclass(frozen=True)
class Ref:
    name: str
    loc: Loc

    def __str__(self) -> str:
        return f"<*{self.name}>"


@dataclass(frozen=True)
class Compare:
    atom: Any  # Word | Substring | Phrase | Near | Ref
    op: str
    value: int
    loc: Loc

    def __str__(self) -> str:
        return f"{self.atom} {self.op} {self.value}"


@dataclass(frozen=True)
class Not:
    child: Any

    def __str__(self) -> str:
        return f"not {_paren(self.child)}"


@dataclass(frozen=True)
class And:
    children: tuple[Any, ...]

    def __str__(self) -> str:
        return " and ".join(_paren(c) for c in self.children)


@dataclass(frozen=True)
class Or:
    children: tuple[Any, ...]

    def __str__(self) -> str:
        return " or ".join(_paren(c) for c in self.children)


def _paren(node: Any) -> str:
    return f"( {node} )" if isinstance(node, (And, Or)) else str(node)


ATOMS = (Word, Substring, Phrase, Near, Ref)


@dataclass(frozen=True)
class Rule:
    """One theme: its name, its expression (syntax tree) and where it was written."""

    name: str
    expr: Any
    loc: Loc
    text: str  # the expression as written (comments removed), for reports

    def atoms(self) -> list[Any]:
        out: list[Any] = []

        def walk(n: Any) -> None:
            if isinstance(n, (And, Or)):
                for c in n.children:
                    walk(c)
            elif isinstance(n, Not):
                walk(n.child)
            elif isinstance(n, Compare):
                walk(n.atom)
            else:
                out.append(n)

        walk(self.expr)
        return out

    def words(self) -> list[Word]:
        """Every word the rule names (inside phrases, near and seq too), in order."""
        out: list[Word] = []
        for a in self.atoms():
            if isinstance(a, Word):
                out.append(a)
            elif isinstance(a, (Phrase, Near)):
                out.extend(a.words)
        return out

    def refs(self) -> list[Ref]:
        return [a for a in self.atoms() if isinstance(a, Ref)]


@dataclass
class ThemeRules:
    """A parsed rule file: rules in file order, where they came from, and the hash of the file."""

    rules: list[Rule]
    source: str
    sha256: str

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.rules]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, name: str) -> Rule:
        """The rule called ``name`` (compared after NFKC, so <*官民(共創)> finds ＊官民（共創）)."""
        for r in self.rules:
            if r.name == name:
                return r
        key = _key(name)
        for r in self.rules:
            if _key(r.name) == key:
                return r
        raise KeyError(name)

    def metadata(self) -> dict[str, Any]:
        return {"file": self.source, "sha256": self.sha256, "themes": self.names}


# --- reading a rule file -------------------------------------------------------------------------------


def default_rules_path() -> Path:
    """``$DXTEXT_THEMES``, else ``<repo>/dictionaries/themes.txt``."""
    from ..text.dictionary import _find_repo_root

    env = os.environ.get("DXTEXT_THEMES")
    if env:
        return Path(env).expanduser()
    root = _find_repo_root()
    if root is None or not (root / "dictionaries" / "themes.txt").is_file():
        raise RulesError(
            "dictionaries/themes.txt: the default theme rules were not found; give a rule file with --rules "
            "or set DXTEXT_THEMES."
        )
    return root / "dictionaries" / "themes.txt"


def load_rules(path: str | os.PathLike[str] | ThemeRules | None = "default") -> ThemeRules:
    """Read a rule file (UTF-8 with or without BOM; CP932 as KH Coder on Windows saves it)."""
    if isinstance(path, ThemeRules):
        return path
    p = default_rules_path() if path in (None, "default") else Path(path)  # type: ignore[arg-type]
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise RulesError(f"{p}: rule file not found; check the path given to --rules.") from None
    except IsADirectoryError:
        raise RulesError(f"{p}: is a folder; give a rule file (text, one *name line per theme).") from None
    except OSError as e:
        raise RulesError(f"{p}: cannot be read ({e.strerror}); check the file's permissions.") from None
    from ..io.corpus import detect_encoding

    codec = detect_encoding(data)
    if not codec:
        raise RulesError(f"{p}: not UTF-8 or CP932 (Shift_JIS); save the rule file as UTF-8.")
    text = data.decode(codec)
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_rules(text, source=str(p), sha256=hashlib.sha256(data).hexdigest()[:16])


def parse_rules(text: str, *, source: str = "<rules>", sha256: str | None = None) -> ThemeRules:
    """Parse rule text; raises :class:`RulesError` with ``source:line`` at the first problem."""
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    blocks: list[tuple[str, Loc, list[tuple[int, str]]]] = []
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = _strip_comment(raw, Loc(source, n))
        stripped = line.strip().lstrip("\ufeff")
        if not stripped:
            continue
        if stripped[0] in "*＊":
            name = stripped[1:].strip()
            if not name:
                raise _err(Loc(source, n), repr(stripped), "a rule line needs a name after *", "write *name")
            blocks.append((name, Loc(source, n), []))
            continue
        if not blocks:
            raise _err(
                Loc(source, n),
                repr(stripped[:40]),
                "an expression before the first *name line",
                "start each theme with a line *name (or ＊name)",
            )
        blocks[-1][2].append((n, line))
    if not blocks:
        raise RulesError(f"{source}: no rules (a rule starts with a line *name); write at least one theme.")
    rules: list[Rule] = []
    seen: dict[str, Loc] = {}
    for name, loc, lines in blocks:
        if _key(name) in seen:
            first = seen[_key(name)].line
            raise _err(loc, f"*{name}", f"the theme name is used twice (first at line {first})", "rename one")
        seen[_key(name)] = loc
        if not lines:
            raise _err(
                loc, f"*{name}", "the rule has no expression", "write the words of the theme on the next line"
            )
        tokens = [t for n, line in lines for t in _lex(line, Loc(source, n))]
        expr = _Parser(tokens, name, loc).parse()
        rules.append(Rule(name, expr, loc, " ".join(line.strip() for _, line in lines)))
    result = ThemeRules(rules, source, sha256)
    _check_refs(result)
    return result


def _key(name: str) -> str:
    return normalize_text(name)


def _strip_comment(line: str, loc: Loc) -> str:
    """Remove a # comment (at the start of the line or after a space, outside quotes)."""
    in_quote = False
    for i, ch in enumerate(line):
        if ch == "'":
            in_quote = not in_quote
        elif ch == "#" and not in_quote and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


# --- the lexer -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # ( ) and or not cmp num str ref near term
    value: Any
    loc: Loc
    text: str


_NEAR_RE = re.compile(r"(near|seq)\(([^()]*)\)(?:\[([^\]]*)\])?", re.IGNORECASE)
_REF_RE = re.compile(r"<\*([^<>]+)>")
_CMP_RE = re.compile(r">=|<=|==|!=|=>|=<|>|<|=")
_TERM_RE = re.compile(r"(?:-->|->|[^\s()'<>=])+")
_OPS = {
    "and": "and",
    "or": "or",
    "not": "not",
    "&": "and",
    "|": "or",
    "!": "not",
}


def _lex(line: str, loc: Loc) -> list[_Tok]:
    # NFKC so that full-width （ ） ＆ ＞＝ and the ideographic space are read like ASCII. (Not the full
    # normalize_text: it may drop the space between a Japanese word and "or".)
    s = nfkc(line).replace("\t", " ")
    out: list[_Tok] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            out.append(_Tok(ch, ch, loc, ch))
            i += 1
            continue
        if ch == "'":
            j = i + 1
            buf = []
            while True:
                k = s.find("'", j)
                if k < 0:
                    raise _err(loc, s[i:][:40], "the quote is not closed", "end the substring with '")
                buf.append(s[j:k])
                if k + 1 < len(s) and s[k + 1] == "'":  # '' is a quote inside the substring
                    buf.append("'")
                    j = k + 2
                    continue
                i = k + 1
                break
            text = "".join(buf)
            if not text:
                raise _err(
                    loc,
                    "''",
                    "an empty substring matches every document",
                    "write the text between the quotes",
                )
            out.append(_Tok("str", text, loc, "'" + text + "'"))
            continue
        if ch == '"':
            raise _err(
                loc,
                s[i:][:40],
                "double quotes are not part of the rule syntax",
                "write a substring in single quotes: 'text'",
            )
        m = _NEAR_RE.match(s, i)
        if m:
            out.append(_Tok("near", m, loc, m.group(0)))
            i = m.end()
            continue
        m = _REF_RE.match(s, i)
        if m:
            out.append(_Tok("ref", m.group(1).strip(), loc, m.group(0)))
            i = m.end()
            continue
        if ch == "<" and s.startswith("<>", i):
            end = s.find(" ", i)
            raise _err(
                loc,
                s[i : end if end > 0 else len(s)],
                "KH Coder's <>heading and <>variable-->value conditions are not supported",
                "select documents with --by/attributes, or split the corpus with --unit",
            )
        m = _CMP_RE.match(s, i)
        if m:
            op = {"=>": ">=", "=<": "<="}.get(m.group(0), m.group(0))
            if op == "!=":
                raise _err(loc, "!=", "'not equal' is not supported", "write not ( word == n )")
            if op == "=" and out and out[-1].kind == "term" and i > 0 and not s[i - 1].isspace():
                nxt = re.match(r"[^\s()]*", s[i + 1 :])
                raise _err(
                    loc,
                    f"{out[-1].text}={nxt.group(0) if nxt else ''}",
                    f"unsupported construct {out[-1].text}=",
                    "see docs/themes.md for the supported syntax (a count is compared as word >= n)",
                )
            out.append(_Tok("cmp", op, loc, m.group(0)))
            i = m.end()
            continue
        if ch == "!" and i + 1 < len(s) and not s[i + 1].isspace():  # !word: not word
            out.append(_Tok("not", "not", loc, "!"))
            i += 1
            continue
        m = _TERM_RE.match(s, i)
        assert m is not None
        term = m.group(0)
        end = m.end()
        if term.lower() in ("near", "seq") and re.match(r"\s+\(", s[end:]):
            raise _err(
                loc,
                term + " (",
                f"a space between {term} and (",
                f"write {term.lower()}(word1-word2)[n] without a space",
            )
        if end < len(s) and s[end] == "(" and term.lower() in ("and", "or", "not"):
            out.append(_Tok(_OPS[term.lower()], term.lower(), loc, term))
            i = end
            continue
        if term in ("+", "-", "*", "/"):
            raise _err(
                loc,
                term,
                "arithmetic on counts is not supported",
                "compare each word with a number: word >= n",
            )
        if end < len(s) and s[end] == "(":
            close = s.find(")", end)
            shown = s[i : close + 1 if close > 0 else len(s)]
            raise _err(
                loc,
                shown,
                f"unsupported construct {term}(...)",
                "dxtext supports near(a-b)[n] and seq(a-b)[n]; see docs/themes.md for the supported syntax",
            )
        low = term.lower()
        if low in ("&!", "|!"):  # KH Coder writes "and not" / "or not" as &! / |!
            out.append(_Tok("and" if low == "&!" else "or", low[0], loc, term[0]))
            out.append(_Tok("not", "not", loc, "!"))
        elif low in _OPS:
            out.append(_Tok(_OPS[low], low, loc, term))
        elif term.isdigit():
            out.append(_Tok("num", int(term), loc, term))
        else:
            out.append(_Tok("term", term, loc, term))
        i = end
    return out


# --- the parser ----------------------------------------------------------------------------------------


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


def _check_refs(rules: ThemeRules) -> None:
    by_name = {_key(r.name): r for r in rules.rules}
    for r in rules.rules:
        for ref in r.refs():
            if _key(ref.name) not in by_name:
                names = [x.name for x in rules.rules]
                close = difflib.get_close_matches(ref.name, names, n=3, cutoff=0.5)
                hint = (
                    f"check the name (did you mean {', '.join('<*' + c + '>' for c in close)})"
                    if close
                    else f"the themes are: {', '.join(names)}"
                )
                raise _err(ref.loc, str(ref), f"no theme named {ref.name!r}", hint)
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(key: str, path: list[str]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cycle = [by_name[k].name for k in path[path.index(key) :]] + [by_name[key].name]
            rule = by_name[path[-1]]
            ref = next(x for x in rule.refs() if _key(x.name) == key)
            raise _err(
                ref.loc,
                str(ref),
                f"themes refer to each other in a circle ({' → '.join(cycle)})",
                "remove one of the references",
            )
        state[key] = 1
        for ref in by_name[key].refs():
            visit(_key(ref.name), [*path, key])
        state[key] = 2

    for r in rules.rules:
        visit(_key(r.name), [])
