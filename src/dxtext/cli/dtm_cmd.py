"""``dxtext dtm``: the document × word matrix with its vocabulary and document attributes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c


def dtm(
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
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "csv (wide, for Excel), mtx (Matrix Market), parquet (long) or auto (csv when small, else mtx and parquet)."
            ),
        ),
    ] = "auto",
    min_df: Annotated[
        int, typer.Option("--min-df", help=_("Keep words in at least this many documents."))
    ] = 1,
    max_terms: Annotated[
        int | None, typer.Option("--max-terms", help=_("Keep only the most frequent words (default: all)."))
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=_("Folder for the run folder (default: outputs/ or $DXTEXT_OUT).")),
    ] = None,
    quiet: c.Quiet = False,
) -> None:
    """Write the document × word matrix (counts of the analysed words) for R, SPSS, Python or Excel: dtm.csv
    (one row per document with its attributes, UTF-8 with BOM), dtm.mtx (Matrix Market) or dtm.parquet (long:
    doc_id, word, count), with vocabulary.csv and documents.csv, metadata.json and ledger.json.
    """
    from ..runs.dtm import dtm as run

    c.execute(
        run,
        path,
        format=format,
        min_df=min_df,
        max_terms=max_terms,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )


def register(app: typer.Typer) -> None:
    app.command("dtm")(dtm)
