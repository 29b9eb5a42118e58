"""``--where``: keep the documents whose attributes match, after reading (KH Coder's 外部変数で絞り込み).

A condition is one of::

    年代=20代                 the attribute equals the value (年代= : the value is blank)
    question!=Q7              differs from it
    人口規模 in 5万人未満,5〜20万人   one of the values (comma-separated)
    人口規模 not in 5万人未満     none of them

Several conditions must all hold. Documents left out get the ledger status ``filtered`` (so the ledger still
balances: documents = used + empty + non_answer + too_short + filtered), and the ledger lists the
conditions. An attribute or a value that does not exist is an error naming the closest ones: a misspelt filter
must never silently keep nothing, or everything.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import CorpusError
from .normalize import nfkc

if TYPE_CHECKING:
    from .corpus import Corpus

_IN_RE = re.compile(r"^(?P<attr>.+?)\s+(?P<not>not\s+)?in\s+(?P<values>.*)$", re.IGNORECASE)
_EQ_RE = re.compile(r"^(?P<attr>[^=!]+?)\s*(?P<op>!=|==|=)\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Condition:
    """One ``--where`` condition: ``attribute op values`` (op: ``=``, ``!=``, ``in``, ``not in``)."""

    attribute: str
    op: str
    values: tuple[str, ...]

    def __str__(self) -> str:
        if self.op in ("in", "not in"):
            return f"{self.attribute} {self.op} {','.join(self.values)}"
        return f"{self.attribute}{self.op}{self.values[0]}"


def parse_where(text: str) -> Condition:
    """``'年代=20代'`` → Condition; a clear error for anything else."""
    s = nfkc(str(text)).strip()
    m = _IN_RE.match(s)
    if m:
        values = tuple(v.strip() for v in m.group("values").split(","))
        if not any(values):
            raise CorpusError(f"--where {text}: no values after 'in'; write --where '属性 in 値1,値2'.")
        op = "not in" if m.group("not") else "in"
        return Condition(m.group("attr").strip(), op, tuple(v for v in values if v))
    m = _EQ_RE.match(s)
    if m and m.group("attr").strip():
        op = "!=" if m.group("op") == "!=" else "="
        return Condition(m.group("attr").strip(), op, (m.group("value").strip(),))
    raise CorpusError(
        f"--where {text}: not a condition; write 属性=値, 属性!=値 or '属性 in 値1,値2' (e.g. --where 年代=20代)."
    )


def parse_all(where: str | Sequence[str] | None) -> list[Condition]:
    if not where:
        return []
    items = [where] if isinstance(where, str) else list(where)
    return [w if isinstance(w, Condition) else parse_where(w) for w in items]


def _close(word: str, names: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(names), n=3, cutoff=0.4)
    if close:
        return f"did you mean {', '.join(close)}?"
    shown = list(names)[:12]
    more = " …" if len(names) > 12 else ""
    return f"the choices are {', '.join(shown)}{more}."


def _attribute(corpus: Corpus, name: str, shown: str) -> str:
    if name in corpus.attributes:
        return name
    by_key = {nfkc(a).strip(): a for a in corpus.attributes}
    if nfkc(name) in by_key:
        return by_key[nfkc(name)]
    raise CorpusError(
        f"--where {shown}: {corpus.name} has no attribute {name!r}; {_close(name, corpus.attributes)}"
    )


def apply_where(corpus: Corpus, where: str | Sequence[str] | Sequence[Condition] | None) -> Corpus:
    """A copy of ``corpus`` where documents not matching every condition have the status ``filtered``
    (counted per file in the ledger, which records the conditions). ``corpus`` itself is not changed."""
    conditions = parse_all(where)  # type: ignore[arg-type]
    if not conditions:
        return corpus
    docs = corpus.docs.copy()
    keep = docs["status"] != "filtered"
    for cond in conditions:
        attr = _attribute(corpus, cond.attribute, str(cond))
        column = docs[attr].fillna("").astype(str).str.strip()
        present = set(column.tolist())
        by_key: dict[str, list[str]] = {}
        for v in present:
            by_key.setdefault(nfkc(v), []).append(v)
        wanted: set[str] = set()
        for value in cond.values:
            if value in present:
                wanted.add(value)
            elif nfkc(value) in by_key:
                wanted.update(by_key[nfkc(value)])
            else:
                shown = sorted(v if v else "(空欄)" for v in present)
                raise CorpusError(
                    f"--where {cond}: no document has {attr}={value or '(空欄)'}; {_close(value, shown)}"
                )
        hit = column.isin(wanted)
        keep &= ~hit if cond.op in ("!=", "not in") else hit
    out = ~keep
    ledger = dataclasses.replace(
        corpus.ledger,
        files=[dataclasses.replace(f, counts=dict(f.counts)) for f in corpus.ledger.files],
        warnings=list(corpus.ledger.warnings),
        where=[*corpus.ledger.where, *(str(c) for c in conditions)],
    )
    newly = out & (docs["status"] != "filtered")
    for (source, status), k in docs.loc[newly, ["source", "status"]].value_counts().items():
        for f in ledger.files:
            if f.path == source and f.format != "attributes":
                f.counts[str(status)] -= int(k)
                f.counts["filtered"] += int(k)
    docs.loc[newly, "status"] = "filtered"
    options = {**corpus.options, "where": list(ledger.where)}
    result = dataclasses.replace(corpus, docs=docs, ledger=ledger, options=options)
    result.__dict__.pop("_hash_memo", None)
    return result
