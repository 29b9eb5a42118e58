"""``dxtext themes``: code documents with theme rules (KH Coder syntax), count them, crosstab them by a group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c

RulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        "-r",
        help=_(
            "Theme rule file in KH Coder's coding-rule syntax (see docs/themes.md). Default: dictionaries/themes.txt."
        ),
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help=_("Folder for the run folder (default: outputs/ or $DXTEXT_OUT).")),
]


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
    keep_procedure: c.KeepProcedure = False,
    role: c.Role = None,
    keep_names: c.KeepNames = False,
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
            "--include-missing", help=_("With --by: keep documents without a value as a group (空欄).")
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
    from ..runs.themes import themes as run

    c.execute(
        run,
        path,
        rules=rules or "default",
        by=by,
        include_missing=include_missing,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_options(
            text_col=text_col,
            id_col=id_col,
            attrs=attrs,
            on=on,
            encoding=encoding,
            sheet=sheet,
            unit=unit,
            non_answers=non_answers,
            keep_procedure=keep_procedure,
            role=role,
            keep_names=keep_names,
            dictionary=dictionary,
            no_dictionary=no_dictionary,
            pos=pos,
            stopwords=stopwords,
            jobs=jobs,
        ),
    )


def register(app: typer.Typer) -> None:
    app.command("themes")(themes)
