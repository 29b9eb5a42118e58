"""``dxtext ca``: correspondence analysis (対応分析) of words or themes × groups, or words × documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c


def ca(
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
    keep_names: c.KeepNames = False,
    dictionary: c.Dictionary = None,
    no_dictionary: c.NoDictionary = False,
    pos: c.Pos = None,
    stopwords: c.Stopwords = None,
    jobs: c.Jobs = 0,
    by: c.By = None,
    themes: Annotated[
        Path | None,
        typer.Option("--themes", help=_("Rule file: analyse themes × groups instead of words (needs --by).")),
    ] = None,
    words: Annotated[
        int, typer.Option("--words", help=_("Words in the analysis (the most uneven over the groups)."))
    ] = 60,
    min_df: Annotated[
        int, typer.Option("--min-df", help=_("Only words in at least this many documents."))
    ] = 5,
    count: Annotated[
        str,
        typer.Option(
            "--count",
            help=_(
                "What a cell counts: frequency (occurrences, χ² against the group's words: KH Coder's way) "
                "or documents (documents with the word)."
            ),
        ),
    ] = "frequency",
    dims: Annotated[int, typer.Option("--dims", help=_("Axes written to the tables."))] = 5,
    include_missing: Annotated[
        bool, typer.Option("--include-missing", help=_("Keep documents without a value as a group (空欄)."))
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help=_("Folder for the run folder."))] = None,
    quiet: c.Quiet = False,
) -> None:
    """Correspondence analysis as KH Coder draws it: with --by ATTR the words whose spread over the groups
    differs most (χ²), with --themes RULES the themes, and without --by the words × documents. Writes a map
    PNG with labels that do not overlap, and the inertia per axis, coordinates, contributions, squared
    cosines and each document's score as CSV and XLSX."""
    from ..runs.ca import ca as run

    c.execute(
        run,
        path,
        by=by,
        themes="default" if themes is not None and str(themes) == "default" else themes,
        words=words,
        min_df=min_df,
        count=count,
        dims=dims,
        include_missing=include_missing,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("ca")(ca)
