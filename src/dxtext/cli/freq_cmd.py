"""``dxtext freq``: word frequencies (term frequency, document frequency, word class), overall or per group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c


def freq(
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
    engine: c.Engine = "local",
    scheduler: c.Scheduler = None,
    by: c.By = None,
    top: Annotated[
        int,
        typer.Option(
            "--top", "-n", min=0, help=_("Most frequent words shown and written, per group (0 = all).")
        ),
    ] = 50,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=_("Folder for the run folder (default: outputs/ or $DXTEXT_OUT).")),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv", help=_("Write the table to this CSV file (UTF-8 with BOM) instead of a run folder.")
        ),
    ] = None,
    quiet: c.Quiet = False,
) -> None:
    """Term frequency (tf: occurrences), document frequency (df: documents containing the word, also as a
    percentage) and word class of every word, most frequent first; per group of an attribute with --by.

    Prints a table and writes freq.csv (UTF-8 with BOM, opens in Excel) with metadata.json and ledger.json
    into a run folder under --out, or only the table into --csv FILE.
    """
    from ..runs.freq import freq as run

    c.execute(
        run,
        path,
        by=by,
        top=top,
        out=None if csv is not None else (out or c.default_out()),
        csv=csv,
        quiet=quiet,
        **c.source_from(locals()),
    )


def register(app: typer.Typer) -> None:
    app.command("freq")(freq)
