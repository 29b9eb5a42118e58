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
    header_row: c.HeaderRow = None,
    unit: c.Unit = None,
    non_answers: c.NonAnswers = None,
    where: c.Where = None,
    keep_procedure: c.KeepProcedure = False,
    role: c.Role = None,
    keep_words: c.KeepWords = None,
    mask_speakers: c.MaskSpeakers = False,
    keep_names: c.KeepNames = False,
    dictionary: c.Dictionary = None,
    no_dictionary: c.NoDictionary = False,
    pos: c.Pos = None,
    stopwords: c.Stopwords = None,
    jobs: c.Jobs = 0,
    engine: c.Engine = "local",
    scheduler: c.Scheduler = None,
    rules: RulesOpt = None,
    by: c.By = None,
    include_missing: Annotated[
        bool,
        typer.Option(
            "--include-missing", help=_("With --by: keep documents without a value as a group (空欄).")
        ),
    ] = False,
    no_mask: Annotated[
        bool,
        typer.Option(
            "--no-mask", help=_("Do not mask personal data in crosstab.html (names, phone numbers).")
        ),
    ] = False,
    seed: Annotated[
        int, typer.Option("--seed", help=_("Seed of the Monte Carlo χ² test (small counts)."))
    ] = 0,
    out: OutOpt = None,
    quiet: c.Quiet = False,
) -> None:
    """Code every document with the theme rules: a document × theme table (0/1), and per theme the number and
    share of documents. With --by ATTR: a crosstab (counts, row %, χ² with p-value, adjusted standardised
    residuals, ▲ ≥ +1.96 / ▽ ≤ −1.96, Pearson residuals, Fisher's exact test or a Monte Carlo χ² when counts are
    small), a heatmap PNG and crosstab.html (click a cell to read its documents). Repeat --by to cross two
    attributes. Also the co-occurrence of themes (Jaccard).

    Writes CSV (UTF-8 with BOM) and themes.xlsx into a run folder with metadata.json (rule file hash included).
    """
    from ..runs.themes import themes as run

    c.execute(
        run,
        path,
        rules=rules or "default",
        by=by,
        include_missing=include_missing,
        mask=not no_mask,
        seed=seed,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )


def register(app: typer.Typer) -> None:
    app.command("themes")(themes)
