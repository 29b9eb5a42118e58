"""The lexer of the rule language: one line of an expression → tokens (:class:`_Tok`), after NFKC (full-width
brackets and operators read like ASCII); and the removal of ``#`` comments. Constructs of KH Coder's syntax that
dxtext does not support are refused here when they can be recognised from the characters alone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...io.normalize import nfkc
from .tree import Loc, _err

_COMPARE_OPS = (">=", "<=", "==", ">", "<", "=")


def _strip_comment(line: str, loc: Loc) -> str:
    """Remove a # comment (at the start of the line or after a space, outside quotes)."""
    in_quote = False
    for i, ch in enumerate(line):
        if ch == "'":
            in_quote = not in_quote
        elif ch == "#" and not in_quote and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


# --- tokens -----------------------------------------------------------------------------------------


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
