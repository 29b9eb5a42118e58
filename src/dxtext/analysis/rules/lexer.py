"""The lexer of the rule language: one line of an expression → tokens (:class:`_Tok`), after NFKC (full-width
brackets and operators read like ASCII); and the removal of ``#`` comments. Constructs that are not KH Coder's
syntax are refused here when they can be recognised from the characters alone.

Token kinds: ``( )``, ``and or not``, ``cmp`` (>= > <= < == = !=), ``arith`` (+ - * / between spaces),
``num``, ``str`` ('substring'), ``ref`` (<*name>), ``near`` (near/seq), ``var`` (<>name-->value, <>見出しN-->text,
<>name<>), ``measure`` (lw, lc, No.) and ``term`` (a word, a+b phrase, word->class->form, word=>surface)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...i18n import N_
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
_TERM_RE = re.compile(r"(?:-->|->|=>|[^\s()'<>=])+")
_VAR_RE = re.compile(r"<>([^<>\s()]+?)(?:<>|-->([^\s()]+))")
_QUOTED_VAR_RE = re.compile(r'"(<>(?:[^"]|"")+)"')
_NUM_RE = re.compile(r"^\d+(?:\.\d+)?$")
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
                    raise _err(loc, s[i:][:40], N_("the quote is not closed"), N_("end the substring with '"))
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
                    N_("an empty substring matches every document"),
                    N_("write the text between the quotes"),
                )
            out.append(_Tok("str", text, loc, "'" + text + "'"))
            continue
        m = _QUOTED_VAR_RE.match(s, i)
        if m:  # "<>変数名-->値 with spaces"
            inner = m.group(1).replace('""', '"')
            v = re.fullmatch(r"<>(.+?)(?:<>|-->(.+))", inner)
            if v is None:
                raise _err(
                    loc, m.group(0), N_("not a <>variable-->value condition"), N_('write "<>変数名-->値"')
                )
            out.append(_Tok("var", (v.group(1), v.group(2)), loc, m.group(0)))
            i = m.end()
            continue
        if ch == '"':
            raise _err(
                loc,
                s[i:][:40],
                N_("double quotes are not part of the rule syntax"),
                N_("write a substring in single quotes: 'text'"),
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
            m = _VAR_RE.match(s, i)
            end = m.end() if m else len(s)
            if m is None or (end < len(s) and not s[end].isspace() and s[end] not in "()"):
                stop = s.find(" ", i)
                raise _err(
                    loc,
                    s[i : stop if stop > 0 else len(s)],
                    N_("not a <>variable condition"),
                    N_("write <>変数名-->値, <>見出し1-->見出しの文 or <>変数名<> (a number to compare)"),
                )
            out.append(_Tok("var", (m.group(1), m.group(2)), loc, m.group(0)))
            i = end
            continue
        m = _CMP_RE.match(s, i)
        if m:
            op = {"=>": ">=", "=<": "<="}.get(m.group(0), m.group(0))
            if op == "=" and out and out[-1].kind == "term" and i > 0 and not s[i - 1].isspace():
                nxt = re.match(r"[^\s()]*", s[i + 1 :])
                raise _err(
                    loc,
                    f"{out[-1].text}={nxt.group(0) if nxt else ''}",
                    N_("unsupported construct {term}="),
                    N_("see docs/themes.md for the supported syntax (a count is compared as word >= n)"),
                    term=out[-1].text,
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
                N_("a space between {term} and ("),
                N_("write {near}(word1-word2)[n] without a space"),
                term=term,
                near=term.lower(),
            )
        if end < len(s) and s[end] == "(" and term.lower() in ("and", "or", "not"):
            out.append(_Tok(_OPS[term.lower()], term.lower(), loc, term))
            i = end
            continue
        if term in ("+", "-", "*", "/"):  # between spaces: arithmetic (a+b without spaces is a phrase)
            out.append(_Tok("arith", term, loc, term))
            i = end
            continue
        if end < len(s) and s[end] == "(":
            close = s.find(")", end)
            shown = s[i : close + 1 if close > 0 else len(s)]
            raise _err(
                loc,
                shown,
                N_("unsupported construct {term}(...)"),
                N_(
                    "dxtext supports near(a-b)[n] and seq(a-b)[n]; see docs/themes.md for the supported syntax"
                ),
                term=term,
            )
        low = term.lower()
        if low in ("&!", "|!"):  # KH Coder writes "and not" / "or not" as &! / |!
            out.append(_Tok("and" if low == "&!" else "or", low[0], loc, term[0]))
            out.append(_Tok("not", "not", loc, "!"))
        elif low in _OPS:
            out.append(_Tok(_OPS[low], low, loc, term))
        elif _NUM_RE.match(term):
            out.append(_Tok("num", float(term) if "." in term else int(term), loc, term))
        elif term in ("lw", "lc", "No."):
            out.append(_Tok("measure", term, loc, term))
        else:
            out.append(_Tok("term", term, loc, term))
        i = end
    return out
