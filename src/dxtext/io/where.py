"""``--where``: keep the documents whose attributes match, after reading (KH Coder's 外部変数で絞り込み).

A condition is one of::

    年代=20代                 the attribute equals the value (年代= : the value is blank)
    question!=Q7              differs from it
    人口規模 in 5万人未満,5〜20万人   one of the values (comma-separated)
    人口規模 not in 5万人未満     none of them

A value is compared as the corpus stores attributes (the text normalisation: full width, spaces between
Japanese characters), and a number matches the same number however it is written (2024 = 2024.0 = ２０２４).
A value with a comma inside goes in double quotes after ``in`` (``'世帯年収 in "1,000万円以上1,200万円未満",100万円未満'``);
unquoted, pieces that are not values on their own are joined back (1,000万円… is one value).

Several conditions must all hold. Documents left out get the ledger status ``filtered`` (so the ledger still
balances: documents = used + empty + non_answer + too_short + filtered), and the ledger lists the
conditions. An attribute or a value that does not exist is an error naming the closest ones: a misspelt filter
must never silently keep nothing, or everything.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import CorpusError
from ..i18n import _
from .compact import plain
from .normalize import nfkc, normalize_text

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
            shown = (f'"{v}"' if "," in v else v for v in self.values)
            return f"{self.attribute} {self.op} {','.join(shown)}"
        return f"{self.attribute}{self.op}{self.values[0]}"


def parse_where(text: str) -> Condition:
    """``'年代=20代'`` → Condition; a clear error for anything else."""
    s = nfkc(str(text)).strip()
    m = _IN_RE.match(s)
    if m:
        values = _split_values(m.group("values"))
        if not any(values):
            raise CorpusError(
                _("--where {text}: no values after 'in'; write --where '属性 in 値1,値2'.").format(text=text)
            )
        op = "not in" if m.group("not") else "in"
        return Condition(m.group("attr").strip(), op, tuple(v for v in values if v))
    m = _EQ_RE.match(s)
    if m and m.group("attr").strip():
        op = "!=" if m.group("op") == "!=" else "="
        return Condition(m.group("attr").strip(), op, (m.group("value").strip(),))
    raise CorpusError(
        _(
            "--where {text}: not a condition; write 属性=値, 属性!=値 or '属性 in 値1,値2' (e.g. --where 年代=20代)."
        ).format(text=text)
    )


def _split_values(text: str) -> tuple[str, ...]:
    """``a,b`` → (a, b); ``"a,1",b`` → (a,1, b): a value with a comma in double quotes (as in a CSV line)."""
    if '"' not in text:
        return tuple(v.strip() for v in text.split(","))
    try:
        row = next(csv.reader([text], skipinitialspace=True))
    except (csv.Error, StopIteration):
        return tuple(v.strip() for v in text.split(","))
    return tuple(v.strip() for v in row)


def value_key(value: object) -> str:
    """An attribute value as the corpus stores it (normalize_text), for comparing."""
    return normalize_text(str(value)).strip()


def as_number(value: object) -> float | None:
    """The number a value writes (2024, 2024.0, ２０２４, 1,200), else None."""
    text = nfkc(str(value)).strip().replace(",", "")
    if not text or not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", text):
        return None
    x = float(text)
    return x if math.isfinite(x) else None


def matching_values(present: Iterable[str], value: str) -> set[str]:
    """The stored values ``value`` stands for: the same text, the same text after normalisation, or else the
    same number (2024 finds 2024.0). Empty when none."""
    present = list(present)
    if value in present:
        return {value}
    key = value_key(value)
    hits = {v for v in present if value_key(v) == key}
    if hits:
        return hits
    x = as_number(value)
    if x is None:
        return set()
    return {v for v in present if as_number(v) == x}


def parse_all(where: str | Sequence[str] | None) -> list[Condition]:
    if not where:
        return []
    items = [where] if isinstance(where, str) else list(where)
    return [w if isinstance(w, Condition) else parse_where(w) for w in items]


def _close(word: str, names: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(names), n=3, cutoff=0.4)
    if close:
        return _("did you mean {names}?").format(names=", ".join(close))
    shown = list(names)[:12]
    more = " …" if len(names) > 12 else ""
    return _("the choices are {names}{more}.").format(names=", ".join(shown), more=more)


def _attribute(corpus: Corpus, name: str, shown: str) -> str:
    if name in corpus.attributes:
        return name
    by_key = {nfkc(a).strip(): a for a in corpus.attributes}
    if nfkc(name) in by_key:
        return by_key[nfkc(name)]
    raise CorpusError(
        _("--where {condition}: {corpus} has no attribute {name!r}; {hint}").format(
            condition=shown, corpus=corpus.name, name=name, hint=_close(name, corpus.attributes)
        )
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
        column = plain(docs[attr]).fillna("").astype(str).str.strip()
        present = set(column.tolist())
        wanted: set[str] = set()
        pieces = list(cond.values)
        i = 0
        while i < len(pieces):
            # a value with commas written without quotes: join pieces until they name a value
            for j in range(i + 1, len(pieces) + 1):
                hits = matching_values(present, ",".join(pieces[i:j]))
                if hits:
                    wanted.update(hits)
                    i = j
                    break
            else:
                value = pieces[i]
                shown = sorted(v if v else "(空欄)" for v in present)
                quote = (
                    _(' (a value with a comma goes in double quotes: in "a,b",c)')
                    if cond.op in ("in", "not in") and any("," in v for v in present)
                    else ""
                )
                raise CorpusError(
                    _("--where {condition}: no document has {attribute}={value}; {hint}{quote}").format(
                        condition=cond,
                        attribute=attr,
                        value=value or "(空欄)",
                        hint=_close(value, shown),
                        quote=quote,
                    )
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
