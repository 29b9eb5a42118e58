"""``dxtext compare``: the words that characterise each group (keyness), and trends over ordered groups."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

import numpy as np

from ..errors import DxtextError
from ..i18n import _
from ..progress import Progress, begin
from .inputs import SourceOptions, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..analysis.rules import ThemeRules
    from ..io.corpus import Corpus


def compare(
    corpus: Corpus | str | os.PathLike[str],
    *,
    by: str | Sequence[str],
    order: str = "auto",
    rules: ThemeRules | str | os.PathLike[str] | None = None,
    min_count: int = 5,
    top: int = 20,
    alpha: float = 0.05,
    panels: int = 12,
    include_missing: bool = False,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Keyness per group of the attribute ``by``: for every group the words over- and under-represented
    against all other documents — log-likelihood G², log ratio (effect size, log2 of the ratio of relative
    frequencies), p corrected by Benjamini–Hochberg; words with at least ``min_count`` occurrences are tested,
    ``top`` per group and direction with p_bh < ``alpha`` are listed.

    When the groups are ordered (``order="auto"``: every label has a number, as 10代 … 70代, 5万人未満 …, or
    a year; ``order="a,b,c"`` gives the order; ``"none"`` turns it off): the trend of each word (and each
    theme of ``rules``) over the order — Cochran–Armitage test on the share of documents, slope in
    percentage points per step, BH-corrected — and small-multiples PNGs of the strongest trends.

    Writes keyness.csv (every tested word), keyness_top.csv, groups.csv, trend_words.csv/png,
    trend_themes.csv/png (with ``rules``) and compare.xlsx into a run folder under ``out``.
    """
    from ..analysis.ca import group_table
    from ..analysis.keyness import keyness, trend
    from ..analysis.matrix import build_dtm
    from ..render.compare_png import draw_trends
    from ..render.summaries import compare_text
    from .folder import folder_options, make_run_dir, run_key, write_metadata
    from .grouping import doc_groups, files_of, params_of, rounded, write_tables

    if min_count < 1:
        raise DxtextError(_("--min-count {min_count}: must be at least 1.").format(min_count=min_count))
    if not 0 < alpha < 1:
        raise DxtextError(_("--alpha {alpha}: give a level between 0 and 1, e.g. 0.05.").format(alpha=alpha))
    rule_set = None
    if rules is not None:
        from ..analysis.themes import load_rules

        rule_set = load_rules(rules)
    inputs = prepare(corpus, dict(source), command="compare", by=by, progress=progress)
    by = inputs.by
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    assert tokenizer is not None and tokens is not None
    begin(progress, "keyness")
    labels, groups, missing = doc_groups(c, tokens, by, include_missing=include_missing)
    groups, ordered = _order(groups, order, by)
    if len(groups) < 2:
        raise DxtextError(
            _("--by {by}: only one group ({v0}); keyness needs at least two.").format(by=by, v0=groups[0])
        )
    notes: list[str] = []
    if missing:
        notes.append(
            _("{n:,} documents without a value of {by} are left out (--include-missing keeps them).").format(
                n=missing, by=by
            )
        )
    dtm = build_dtm(tokens.tokens, doc_ids=tokens.doc_ids)
    key_table = keyness(dtm.X, dtm.vocab, labels, groups, min_count=min_count)
    sig = key_table[key_table["p_bh"] < alpha]
    top_table = (
        sig.groupby(["group", "direction"], sort=False, group_keys=False).head(top).reset_index(drop=True)
    )
    lab = np.asarray(labels, dtype=object)
    group_sizes = {g: int((lab == g).sum()) for g in groups}
    tok_per_doc = np.asarray(dtm.X.sum(axis=1)).ravel()
    import pandas as pd

    group_frame = pd.DataFrame(
        {by: groups, "documents": [group_sizes[g] for g in groups],
         "tokens": [int(tok_per_doc[lab == g].sum()) for g in groups]}
    )  # fmt: skip
    tables: dict[str, Any] = {
        "groups": group_frame,
        "keyness": rounded(key_table),
        "keyness_top": rounded(top_table),
    }
    trend_words = trend_themes = None
    params = params_of(by=by, order=order, groups=groups, ordered=ordered, rules=rule_set.source if rule_set else None,
                       min_count=min_count, top=top, alpha=alpha, panels=panels, include_missing=include_missing)  # fmt: skip
    key = run_key(c.content_hash, tokenizer.fingerprint, rule_set.sha256 if rule_set else None, params)
    folder = make_run_dir(
        Path(out) if out is not None else Path("outputs"),
        "compare",
        c.name,
        key,
        **folder_options(params, source, compare),
    )
    if ordered:
        begin(progress, "trends")
        counts, sizes = group_table(dtm.binary(), dtm.vocab, labels, groups)
        trend_words = trend(counts, sizes, kind="word", min_docs=min_count)
        tables["trend_words"] = rounded(trend_words)
        shown = _strongest(trend_words, panels)
        draw_trends(shown, folder / "trend_words.png", kind="word", attribute=by,
                    title=f"語の増減: {c.name}")  # fmt: skip
        if rule_set is not None:
            import scipy.sparse as sp

            from ..analysis.themes import ThemeCoder

            coded = ThemeCoder(rule_set, tokenizer=tokenizer).fit(tokens, texts=c).coded_
            coded = coded.reindex(tokens.doc_ids).fillna(0).astype(int)
            tcounts, tsizes = group_table(
                sp.csr_matrix(coded.to_numpy()), list(coded.columns), labels, groups
            )
            trend_themes = trend(tcounts, tsizes, kind="theme", min_docs=1)
            tables["trend_themes"] = rounded(trend_themes)
            draw_trends(trend_themes.head(max(panels, 1)), folder / "trend_themes.png", kind="theme",
                        attribute=by, title=f"テーマの増減: {c.name}")  # fmt: skip
    elif rule_set is not None:
        notes.append(
            _("--rules: the groups of {by} have no order, so there is no theme trend; give --order.").format(
                by=by
            )
        )
    write_tables(folder, tables, workbook="compare.xlsx")
    write_metadata(folder, command="compare", corpus=c, params=params, tokenizer=tokenizer,
                   extra={"rules": rule_set.metadata() if rule_set else None})  # fmt: skip
    if len(key_table) > 5000:
        notes.append(
            _("keyness.csv has all {n:,} tests (compare.xlsx has keyness_top).").format(n=len(key_table))
        )
    notes.append(_("wrote {path}").format(path=folder))
    return RunResult(
        command="compare",
        folder=folder,
        files=files_of(folder),
        tables=tables,
        text=compare_text(top_table, group_frame, trend_words, trend_themes, by=by, alpha=alpha),
        notes=[*inputs.notes, *notes],
        warnings=inputs.warnings,
        open=folder / "compare.xlsx",
    )


_NUMBER = re.compile(r"\d")


def _order(groups: list[str], order: str, by: str) -> tuple[list[str], bool]:
    """The groups in their order and whether they are ordered (see :func:`compare`)."""
    spec = (order or "auto").strip()
    if spec == "none":
        return groups, False
    if spec == "auto":
        real = [g for g in groups if g != "(空欄)"]
        return groups, len(real) >= 3 and all(_NUMBER.search(g) for g in real)
    wanted = [g.strip() for g in re.split(r"[,、]", spec) if g.strip()]
    unknown = [g for g in wanted if g not in groups]
    left = [g for g in groups if g not in wanted]
    if unknown or left:
        import difflib

        hints = [
            _("{name!r} (close: {close})").format(
                name=u, close=", ".join(difflib.get_close_matches(u, groups, n=2, cutoff=0.4)) or "-"
            )
            for u in unknown
        ]
        raise DxtextError(
            _("--order: list every group of {by} once.").format(by=by)
            + (" " + _("Not groups: {names}.").format(names="; ".join(hints)) if unknown else "")
            + (" " + _("Missing: {names}.").format(names=", ".join(left)) if left else "")
        )
    return wanted, True


def _strongest(trends: Any, panels: int) -> Any:
    """The strongest rising and falling items (half each when both exist), strongest first."""
    sig = trends[trends["direction"] != "none"]
    if sig.empty:
        return trends.head(panels)
    rising = sig[sig["z"] > 0].head((panels + 1) // 2)
    falling = sig[sig["z"] < 0].head(panels - len(rising))
    import pandas as pd

    return pd.concat([rising, falling], ignore_index=True)
