"""The syntax tree of theme rules: words, substrings, phrases, near/seq, references, counts compared with a
number, and/or/not; a :class:`Rule` (one theme) and :class:`ThemeRules` (a parsed file). Also where things are
(:class:`Loc`) and the one-line error naming ``file:line`` and the construct (:func:`_err`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...errors import RulesError
from ...i18n import _
from ...io.normalize import normalize_text

# --- where things are ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loc:
    source: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line}"


def _err(loc: Loc, construct: str, what: str, todo: str, **fields: Any) -> RulesError:
    """``file:line: construct: what; todo.`` in the interface language. ``what`` and ``todo`` are English
    templates marked with ``N_()`` at the call (tests/structure/test_messages_marked.py checks it), translated
    here and filled with ``fields`` (``N_("unknown word class {pos!r}"), pos=pos``); the construct is the rule's
    own text and stays as written."""
    return RulesError(
        _("{loc}: {construct}: {what}; {todo}.").format(
            loc=loc, construct=construct, what=_(what).format(**fields), todo=_(todo).format(**fields)
        )
    )


# --- the syntax tree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word (lemma or surface form), optionally restricted to a word class, a conjugation form (``cform``:
    a UniDic cForm name or prefix, KH Coder's IPADIC names mapped) or the form as written (``surface``)."""

    text: str
    pos: str | None
    loc: Loc
    cform: str | None = None
    surface: str | None = None

    def __str__(self) -> str:
        out = self.text
        if self.pos:
            out += f"-->{self.pos}" if (self.cform or self.surface) else f"->{self.pos}"
        if self.cform:
            out += f"->{self.cform}"
        if self.surface:
            out += f"=>{self.surface}"
        return out


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


#: KH Coder's distance of near(...) and seq(...) when no number is given: [b] and [d] keep it too.
DEFAULT_DISTANCE = 10


@dataclass(frozen=True)
class Near:
    words: tuple[Word, ...]
    distance: int  # 0 = no limit
    ordered: bool  # seq(...) when True
    loc: Loc
    scope: str | None = None  # "b": within one sentence, "d": within one paragraph (line)

    def __str__(self) -> str:
        if self.scope:  # [b] is [b10]: written without the default distance
            option = self.scope + ("" if self.distance == DEFAULT_DISTANCE else str(self.distance))
        else:
            option = str(self.distance)
        return f"{'seq' if self.ordered else 'near'}({'-'.join(map(str, self.words))})[{option}]"


@dataclass(frozen=True)
class Attr:
    """``<>変数名-->値``: the document's attribute has this value."""

    name: str
    value: str
    loc: Loc

    def __str__(self) -> str:
        return f"<>{self.name}-->{self.value}"


@dataclass(frozen=True)
class Heading:
    """``<>見出しN-->text``: the document lies under this heading of level N (1–5)."""

    level: int
    text: str
    loc: Loc

    def __str__(self) -> str:
        return f"<>見出し{self.level}-->{self.text}"


@dataclass(frozen=True)
class AttrValue:
    """``<>変数名<>``: the attribute's value as a number (blank or not a number: no value, every comparison false)."""

    name: str
    loc: Loc

    def __str__(self) -> str:
        return f"<>{self.name}<>"


@dataclass(frozen=True)
class Length:
    """``lw`` (the document's length in words: the content words dxtext counts) or ``lc`` (in characters)."""

    kind: str  # "lw" | "lc"
    loc: Loc

    def __str__(self) -> str:
        return self.kind


@dataclass(frozen=True)
class DocNo:
    """``No.``: the document's number (1 = the first document of the corpus, in reading order)."""

    loc: Loc

    def __str__(self) -> str:
        return "No."


@dataclass(frozen=True)
class Num:
    value: float

    def __str__(self) -> str:
        return str(int(self.value)) if float(self.value).is_integer() else str(self.value)


@dataclass(frozen=True)
class Arith:
    """Arithmetic on counts and numbers: ``愛 + 恋 >= 3``, ``lc / lw > 4``."""

    op: str  # + - * /
    left: Any
    right: Any

    def __str__(self) -> str:
        def side(n: Any) -> str:
            return f"( {n} )" if isinstance(n, Arith) else str(n)

        return f"{side(self.left)} {self.op} {side(self.right)}"


@dataclass(frozen=True)
class Ref:
    name: str
    loc: Loc

    def __str__(self) -> str:
        return f"<*{self.name}>"


@dataclass(frozen=True)
class Compare:
    atom: (
        Any  # a count (Word, Substring, Phrase, Near, Ref, Attr, Heading), lw/lc, No., <>var<>, Num or Arith
    )
    op: str  # >= > <= < == !=
    value: Any  # an int, or a numeric node as ``atom``
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


ATOMS = (Word, Substring, Phrase, Near, Ref, Attr, Heading)
#: Leaves that are numbers about the document, not things found in it: they must be compared.
MEASURES = (Length, DocNo, AttrValue)


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
                walk(n.value)
            elif isinstance(n, Arith):
                walk(n.left)
                walk(n.right)
            elif isinstance(n, (Num, int, float)):
                pass
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


def _key(name: str) -> str:
    return normalize_text(name)
