"""How every user-dictionary entry tokenizes now, and which cost would make a failing entry win.

An entry works when, inside ordinary sentences, MeCab returns it as exactly one token whose lemma is the
entry's canonical form. It fails when the system dictionary (unidic-lite) offers a cheaper path: the word
comes out split (マイ|ナンバー|カード), swallowed by a longer token, or as a system word with another lemma.
For failing entries, :func:`check_dictionary` compiles temporary copies of the dictionary with those entries
at lower and lower costs and reports the highest cost at which each one wins in every carrier sentence.
"""

from __future__ import annotations

import csv
import dataclasses
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .dictionary import (
    DEFAULT_COST,
    DictEntry,
    compile_dictionary,
    load_entries,
    make_tagger,
    save_entries,
)

__all__ = ["CARRIERS", "CHECK_COLUMNS", "COST_LADDER", "check_dictionary", "check_entry"]

#: Sentences that keep a word apart from its neighbours: a particle before, a particle after.
CARRIERS: tuple[str, ...] = ("今年度は{}について検討した。", "{}の導入を進める。")
#: Costs tried, in this order, for an entry that fails (the first that works is suggested).
COST_LADDER: tuple[int, ...] = (300, 0, -500, -1000, -2000, -4000, -8000)
#: Columns of :func:`check_dictionary`.
CHECK_COLUMNS = ("surface", "canonical", "class", "cost", "status", "tokens", "suggested_cost")

STATUS_OK = "ok"
STATUS_SPLIT = "split"  # no token with the surface: the system dictionary's words won
STATUS_MERGED = "merged"  # the surface is inside a longer token
STATUS_LEMMA = "wrong lemma"  # one token, but its lemma is not the canonical


def _lemma(node: Any) -> str:
    fields = next(csv.reader([node.feature_raw]))
    return fields[7] if len(fields) > 7 else ""


def check_entry(tagger: Any, entry: DictEntry, carriers: Sequence[str] = CARRIERS) -> tuple[str, str]:
    """``(status, tokens)`` of one entry: ``ok`` or how it fails, and the tokens covering it in the first
    carrier sentence where it fails (``マイ|ナンバー|カード``; the lemma after ``/`` when it is wrong)."""
    for carrier in carriers:
        before = carrier.index("{}")
        text = carrier.format(entry.surface)
        lo, hi = before, before + len(entry.surface)
        covering: list[tuple[str, str]] = []
        pos = 0
        for node in tagger(text):
            start = text.find(node.surface, pos) if node.surface else pos
            start = pos if start < 0 else start
            end = start + len(node.surface)
            pos = end
            if end > lo and start < hi:
                covering.append((node.surface, _lemma(node)))
        if len(covering) == 1 and covering[0][0] == entry.surface:
            if covering[0][1] == entry.canonical:
                continue
            return STATUS_LEMMA, f"{covering[0][0]}/{covering[0][1]}"
        shown = "|".join(surface for surface, _ in covering)
        if len(covering) == 1:
            return STATUS_MERGED, shown
        return STATUS_SPLIT, shown
    return STATUS_OK, entry.surface


def check_dictionary(
    path: Path,
    *,
    carriers: Sequence[str] = CARRIERS,
    costs: Sequence[int] = COST_LADDER,
    cache_dir: Path | None = None,
) -> pd.DataFrame:
    """Check every entry of the dictionary source ``path`` in each of ``carriers``.

    Returns one row per entry (file order) with ``surface, canonical, class, cost, status, tokens,
    suggested_cost``: ``status`` is ``ok``, ``split``, ``merged`` or ``wrong lemma``; ``cost`` the cost in use;
    ``suggested_cost`` (failing entries only) the first cost of ``costs`` at which the entry is one token with
    its canonical lemma in every carrier, found by compiling temporary copies of the dictionary with the
    failing entries at that cost — empty when none of them works (then the class or the spelling needs a
    look). ``cache_dir`` is where the compiled dictionary is cached (default: the usual cache).
    """
    path = Path(path)
    entries = load_entries(path)
    tagger = make_tagger(compile_dictionary(path, cache_dir=cache_dir))
    rows = []
    for entry in entries:
        status, tokens = check_entry(tagger, entry, carriers)
        rows.append(
            {
                "surface": entry.surface,
                "canonical": entry.canonical,
                "class": entry.word_class,
                "cost": DEFAULT_COST if entry.cost is None else entry.cost,
                "status": status,
                "tokens": tokens,
                "suggested_cost": pd.NA,
            }
        )
    frame = pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
    failing = {row["surface"] for row in rows if row["status"] != STATUS_OK}
    if failing:
        suggested = _suggest_costs(entries, failing, carriers, costs)
        frame["suggested_cost"] = frame["surface"].map(suggested).astype("Int64")
    else:
        frame["suggested_cost"] = frame["suggested_cost"].astype("Int64")
    frame["cost"] = frame["cost"].astype("int64")
    return frame


def _suggest_costs(
    entries: list[DictEntry], failing: set[str], carriers: Sequence[str], costs: Sequence[int]
) -> dict[str, int]:
    """The first cost of ``costs`` (lower than the entry's own) at which each failing entry wins."""
    found: dict[str, int] = {}
    todo = set(failing)
    with tempfile.TemporaryDirectory(prefix="dxtext-check-") as tmp:
        folder = Path(tmp)
        for step, cost in enumerate(costs):
            trial = [
                dataclasses.replace(e, cost=cost)
                if e.surface in todo and cost < (DEFAULT_COST if e.cost is None else e.cost)
                else e
                for e in entries
            ]
            tried = {e.surface for e in trial if e.surface in todo and e.cost == cost}
            if not tried:
                continue
            source = folder / f"trial{step}.tsv"
            save_entries(trial, source)
            tagger = make_tagger(compile_dictionary(source, cache_dir=folder / "dic"))
            for entry in trial:
                if entry.surface in tried and check_entry(tagger, entry, carriers)[0] == STATUS_OK:
                    found[entry.surface] = cost
                    todo.discard(entry.surface)
            if not todo:
                break
    return found
