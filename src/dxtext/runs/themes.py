"""``dxtext themes``: code documents with theme rules (KH Coder syntax), count them, crosstab them by a group."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from ..i18n import _
from ..progress import Progress, begin
from .inputs import SourceOptions, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..analysis.rules import ThemeRules
    from ..io.corpus import Corpus

#: Larger document tables go to documents.csv only (the workbook writer does about 650,000 cells a second).
XLSX_MAX_ROWS = 5000


def rule_word_messages(words: Any) -> tuple[list[str], list[str]]:
    """Warnings about rule words the tokenizer never keeps (a stopword, a particle …: they can never match),
    and a note about rule words absent from the corpus."""
    warnings = [
        _(
            "theme {theme!r}, line {line}: {word!r} is not a content word after tokenizing "
            "(stopword or word class not kept), so it never matches; use a 'substring' instead."
        ).format(theme=rec.theme, line=rec.line, word=rec.word)
        for rec in words[words["how"] == "dropped"].itertuples(index=False)
    ]
    absent = words[(words["documents"] == 0) & (words["how"] != "dropped")]
    notes = (
        [
            _("{n} of {total} rule words do not occur in this corpus (listed in words.csv).").format(
                n=len(absent), total=len(words)
            )
        ]
        if len(absent)
        else []
    )
    return warnings, notes


def themes(
    corpus: Corpus | str | os.PathLike[str],
    *,
    rules: ThemeRules | str | os.PathLike[str] | None = None,
    by: str | Sequence[str] | None = None,
    include_missing: bool = False,
    mask: bool = True,
    seed: int = 0,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Code every document with the theme rules (``rules``: a file in KH Coder's coding-rule syntax, default
    dictionaries/themes.txt): a document × theme table (0/1), and per theme the number and share of
    documents. With ``by``: a crosstab (counts, row %, χ² with p-value, adjusted residuals) and a heatmap PNG
    (``include_missing``: documents without a value as a group), with Pearson and adjusted residuals as data,
    Fisher's exact test for two groups and a Monte Carlo χ² (seeded by ``seed``) when expected counts are small,
    and crosstab.html, where a click on a cell lists its documents (personal data masked unless ``mask`` is
    False). ``by`` may name two attributes: their combinations are the groups. Also the co-occurrence of themes
    (Jaccard).

    Writes CSV (UTF-8 with BOM) and themes.xlsx into a run folder under ``out`` (default ``outputs``).
    """
    from ..analysis.themes import (
        ThemeCoder,
        cooccurrence_pairs,
        crosstab,
        document_table,
        load_rules,
        theme_cooccurrence,
    )
    from ..render.console import themes_text
    from ..render.tables import write_csv, write_xlsx
    from .folder import folder_options, make_run_dir, run_key, write_metadata

    rule_set = load_rules(rules or "default")  # rule errors before the slow part
    inputs = prepare(corpus, dict(source), command="themes", by=by, progress=progress)
    by = inputs.by
    corpus, tokenizer, tokenized = inputs.corpus, inputs.tokenizer, inputs.tokens
    begin(progress, "themes")
    if inputs.engine.name == "local":
        coder = ThemeCoder(rule_set, tokenizer=tokenizer).fit(tokenized, texts=corpus)
    else:  # partitions coded where the engine runs them; the same tables
        coder = inputs.engine.code_themes(rule_set, tokenizer=tokenizer, tokens=tokenized, texts=corpus)
    coded = coder.coded_
    warnings, notes = rule_word_messages(coder.words_)
    warnings += coder.warnings_

    summary = theme_summary(coded)
    docs = document_table(corpus, coded)
    jaccard = theme_cooccurrence(coded)
    pairs = cooccurrence_pairs(coded)
    ct = None
    group_values = corpus.used_columns("doc_id", by).set_index("doc_id")[by] if by is not None else None
    if group_values is not None:
        ct = crosstab(coded, group_values, attribute=by, include_missing=include_missing, seed=seed)

    params = {
        "rules": rule_set.source,
        "rules_sha256": rule_set.sha256,
        "by": by,
        "include_missing": include_missing,
        **({"mask": mask, "seed": seed} if by is not None else {}),
    }
    key = run_key(corpus.content_hash, tokenizer.fingerprint, rule_set.sha256, params)
    folder = make_run_dir(
        Path(out) if out is not None else Path("outputs"),
        "themes",
        corpus.name,
        key,
        **folder_options(
            {**params, "rules": None if rules in (None, "default") else rule_set.source}, source, themes
        ),
    )
    write_csv(docs, folder / "documents.csv")
    write_csv(summary, folder / "themes.csv")
    write_csv(jaccard.round(4).rename_axis("theme").reset_index(), folder / "cooccurrence.csv")
    write_csv(pairs, folder / "cooccurrence_pairs.csv")
    write_csv(coder.words_, folder / "words.csv")
    sheets: dict[str, Any] = {
        "themes": summary,
        # a workbook of tens of thousands of rows takes a minute to write: large tables only as CSV
        **({"documents": docs} if len(docs) <= XLSX_MAX_ROWS else {}),
        "cooccurrence": jaccard.round(4).rename_axis("theme").reset_index(),
        "cooccurrence_pairs": pairs,
        "words": coder.words_,
    }
    if ct is not None:
        from ..render.themes_png import crosstab_heatmap

        frames = ct.frames()
        for name in (
            "crosstab_counts",
            "crosstab_percent",
            "crosstab_residuals",
            "crosstab_pearson_residuals",
            "crosstab_long",
            "chi2",
        ):
            write_csv(frames[name], folder / f"{name}.csv")
        from ..analysis.profiles import Masker
        from ..render.crosstab_html import write_crosstab_html

        assert group_values is not None
        used = corpus.used_columns("doc_id", "text")
        write_crosstab_html(
            ct,
            ct.cell_documents(coded, group_values),
            dict(zip(used["doc_id"].astype(str), used["text"], strict=True)),
            folder / "crosstab.html",
            title=f"{corpus.name}: テーマ × {by}",
            mask=Masker(tokenizer) if mask else None,
        )
        sheets = {
            "themes": summary,
            "crosstab": ct.table(),
            **frames,
            **{k: v for k, v in sheets.items() if k != "themes"},
        }
        crosstab_heatmap(ct, folder / "crosstab_heatmap.png")
    write_xlsx(sheets, folder / "themes.xlsx")
    write_metadata(
        folder,
        command="themes",
        corpus=corpus,
        params=params,
        tokenizer=tokenizer,
        extra={"rules": rule_set.metadata(), "documents_coded": len(coded)},
    )

    notes_after = [*inputs.notes, *notes]
    if len(docs) > XLSX_MAX_ROWS:
        notes_after.append(
            _("documents.csv has the {n:,} documents (too many rows for themes.xlsx).").format(n=len(docs))
        )
    notes_after.append(_("wrote {path}").format(path=folder))
    tables = {"themes": summary, "documents": docs, "cooccurrence_pairs": pairs, "words": coder.words_}
    if ct is not None:
        tables["crosstab"] = ct.table()
    return RunResult(
        command="themes",
        folder=folder,
        files=sorted(p.name for p in folder.iterdir() if p.is_file()),
        tables=tables,
        text=themes_text(summary, ct, n_docs=len(coded)),
        notes=notes_after,
        warnings=[*inputs.warnings, *warnings, *(ct.notes if ct is not None else [])],
        open=folder / "themes.xlsx",
        data={"coded": coded, "crosstab": ct, "rules": rule_set},
    )


def theme_summary(coded: Any) -> Any:
    import pandas as pd

    n = len(coded)
    counts = coded.sum(axis=0)
    return pd.DataFrame(
        {
            "theme": list(coded.columns),
            "documents": [int(counts[t]) for t in coded.columns],
            "percent": [round(float(counts[t]) / n * 100, 1) if n else 0.0 for t in coded.columns],
        }
    )
