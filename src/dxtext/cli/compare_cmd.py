"""``dxtext compare``: keyness of the groups of an attribute, and trends over ordered groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c


def compare(
    path: c.CorpusArg,
    by: Annotated[
        str, typer.Option("--by", help=_("Attribute whose groups are compared (e.g. 年代, 人口規模)."))
    ],
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
    order: Annotated[
        str,
        typer.Option(
            "--order", help=_("Order of the groups for trends: auto, none, or the groups comma-separated.")
        ),
    ] = "auto",
    rules: Annotated[
        Path | None, typer.Option("--rules", "-r", help=_("Rule file: also the trend of each theme."))
    ] = None,
    min_count: Annotated[
        int, typer.Option("--min-count", help=_("Test words with at least this many uses."))
    ] = 5,
    top: Annotated[int, typer.Option("--top", help=_("Words listed per group and direction."))] = 20,
    alpha: Annotated[float, typer.Option("--alpha", help=_("Level for the corrected p-values."))] = 0.05,
    panels: Annotated[int, typer.Option("--panels", help=_("Panels in the trend PNG."))] = 12,
    include_missing: Annotated[
        bool, typer.Option("--include-missing", help=_("Keep documents without a value as a group (空欄)."))
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help=_("Folder for the run folder."))] = None,
    quiet: c.Quiet = False,
) -> None:
    """Keyness: for each group the words used more (and less) than in the other documents, with
    log-likelihood G², log ratio and Benjamini–Hochberg corrected p. For ordered groups (年代, 人口規模,
    years) also the trend of each word (and theme, with --rules) and a small-multiples PNG."""
    from ..runs.compare import compare as run

    c.execute(
        run,
        path,
        by=by,
        order=order,
        rules="default" if rules is not None and str(rules) == "default" else rules,
        min_count=min_count,
        top=top,
        alpha=alpha,
        panels=panels,
        include_missing=include_missing,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
