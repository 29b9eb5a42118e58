"""``dxtext themes``: code documents with theme rules (KH Coder syntax), count them, crosstab them by a group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..render.terminal import render_table
from . import common as c

RulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        "-r",
        help="Theme rule file in KH Coder's coding-rule syntax (see docs/themes.md). Default: dictionaries/themes.txt.",
    ),
]
#: Larger document tables go to documents.csv only (openpyxl writes about 30,000 cells a second).
XLSX_MAX_ROWS = 5000

OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Folder for the run folder (default: outputs/ or $DXTEXT_OUT)."),
]


def warn_rule_words(words: Any) -> None:
    """Warn about rule words the tokenizer never keeps (a stopword, a particle …): they can never match."""
    dropped = words[words["how"] == "dropped"]
    for rec in dropped.itertuples(index=False):
        c.warn(
            f"theme {rec.theme!r}, line {rec.line}: {rec.word!r} is not a content word after tokenizing "
            "(stopword or word class not kept), so it never matches; use a 'substring' instead."
        )
    absent = words[(words["documents"] == 0) & (words["how"] != "dropped")]
    if len(absent):
        c.info(f"{len(absent)} of {len(words)} rule words do not occur in this corpus (listed in words.csv).")


def themes(
    path: c.CorpusArg,
    text_col: c.TextCol = None,
    id_col: c.IdCol = None,
    attrs: c.AttrsFile = None,
    on: c.OnKey = None,
    encoding: c.Encoding = None,
    sheet: c.Sheet = None,
    unit: c.Unit = None,
    non_answers: c.NonAnswers = None,
    dictionary: c.Dictionary = None,
    no_dictionary: c.NoDictionary = False,
    pos: c.Pos = None,
    stopwords: c.Stopwords = None,
    jobs: c.Jobs = 0,
    rules: RulesOpt = None,
    by: c.By = None,
    include_missing: Annotated[
        bool,
        typer.Option(
            "--include-missing", help="With --by: keep documents without a value as a group (空欄)."
        ),
    ] = False,
    out: OutOpt = None,
    quiet: c.Quiet = False,
) -> None:
    """Code every document with the theme rules: a document × theme table (0/1), and per theme the number and
    share of documents. With --by ATTR: a crosstab (counts, row %, χ² with p-value, adjusted standardised
    residuals, ▲ ≥ +1.96 / ▽ ≤ −1.96) and a heatmap PNG. Also the co-occurrence of themes (Jaccard).

    Writes CSV (UTF-8 with BOM) and themes.xlsx into a run folder with metadata.json (rule file hash included).
    """
    from ..analysis.themes import (
        ThemeCoder,
        cooccurrence_pairs,
        crosstab,
        document_table,
        load_rules,
        theme_cooccurrence,
    )
    from ..render.tables import write_csv, write_xlsx
    from ..runs.folder import make_run_dir, run_key, write_metadata

    rule_set = load_rules(rules or "default")  # rule errors before the slow part
    corpus = c.load_corpus(
        path,
        text_col=text_col,
        id_col=id_col,
        attrs=attrs,
        on=on,
        encoding=encoding,
        sheet=sheet,
        unit=unit,
        non_answers=non_answers,
    )
    if by is not None:
        corpus.check_attribute(by)
    tokenizer = c.make_tokenizer(
        dictionary=dictionary, no_dictionary=no_dictionary, pos=pos, stopwords=stopwords
    )
    tokenized = c.tokenize(corpus, tokenizer, jobs=jobs, quiet=quiet, announce=True)
    coder = ThemeCoder(rule_set, tokenizer=tokenizer).fit(tokenized, texts=corpus)
    coded = coder.coded_
    warn_rule_words(coder.words_)

    summary = theme_summary(coded)
    docs = document_table(corpus, coded)
    jaccard = theme_cooccurrence(coded)
    pairs = cooccurrence_pairs(coded)
    ct = None
    if by is not None:
        ct = crosstab(
            coded, corpus.used.set_index("doc_id")[by], attribute=by, include_missing=include_missing
        )

    params = {
        "rules": rule_set.source,
        "rules_sha256": rule_set.sha256,
        "by": by,
        "include_missing": include_missing,
    }
    key = run_key(corpus.content_hash, tokenizer.fingerprint, rule_set.sha256, params)
    folder = make_run_dir(out or c.default_out(), "themes", corpus.name, key)
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
        for name in ("crosstab_counts", "crosstab_percent", "crosstab_residuals", "chi2"):
            write_csv(frames[name], folder / f"{name}.csv")
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

    typer.echo(render(summary, ct, n_docs=len(coded)))
    for note in ct.notes if ct is not None else []:
        c.warn(note)
    if len(docs) > XLSX_MAX_ROWS:
        c.info(f"documents.csv has the {len(docs):,} documents (too many rows for themes.xlsx).")
    c.info(f"wrote {folder}")


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


def render(summary: Any, ct: Any, *, n_docs: int) -> str:
    lines = [f"{n_docs:,} documents coded"]
    lines.append(render_table(summary.rename(columns={"percent": "%"}), max_widths={"theme": 36}))
    if ct is not None:
        lines.append("")
        lines.append(
            f"by {ct.attribute} ({len(ct.groups)} groups"
            + (f"; {ct.excluded:,} documents without a value left out" if ct.excluded else "")
            + "): row % with ▲/▽ where the adjusted residual is ≥ +1.96 / ≤ −1.96"
        )
        lines.append(render_table(crosstab_view(ct), max_widths={"theme": 30}))
    return "\n".join(lines)


def crosstab_view(ct: Any) -> Any:
    """Themes as rows (long names read better), one column per group: "42%▲", then χ² and p."""
    import pandas as pd

    from ..analysis.themes import format_p

    marks = ct.marks()
    tests = ct.tests.set_index("theme")
    rows = []
    for th in ct.themes:
        row: dict[str, Any] = {"theme": th}
        for g in ct.groups:
            row[f"{g} (n={int(ct.counts.loc[g, '文書数'])})"] = (
                f"{ct.percent.loc[g, th]:.0f}%{marks.loc[g, th]}"
            )
        row["合計"] = f"{ct.percent.loc['合計', th]:.0f}%"
        chi2 = tests.loc[th, "chi2"]
        row["χ²"] = "" if chi2 != chi2 else f"{chi2:.1f}"
        row["p"] = format_p(float(tests.loc[th, "p"]))
        rows.append(row)
    return pd.DataFrame(rows)


def register(app: typer.Typer) -> None:
    app.command("themes")(themes)
