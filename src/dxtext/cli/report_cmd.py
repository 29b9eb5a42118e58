"""``dxtext report``: the summary for the study group — Markdown, offline HTML and XLSX in one run folder."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import _
from . import common as c
from .themes_cmd import OutOpt, RulesOpt


def report(
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
    mask: Annotated[
        bool,
        typer.Option(
            "--mask/--no-mask",
            help=_(
                "Mask names, phone numbers, e-mail addresses and 12-digit numbers in quotes (default on)."
            ),
        ),
    ] = True,
    topics: Annotated[
        int | None,
        typer.Option(
            "--topics",
            "-k",
            min=0,
            help=_(
                "Number of topics of the topic section (default: the model and K that dxtext topics chooses "
                "for the same corpus and seed, shared with it; a number fixes K like dxtext topics --k; 0 = no "
                "topic section)."
            ),
        ),
    ] = None,
    quotes: Annotated[
        int, typer.Option("--quotes", min=1, max=10, help=_("Quotes per theme (3–5 read best)."))
    ] = 3,
    network: Annotated[
        bool, typer.Option("--network/--no-network", help=_("A small co-occurrence network PNG per theme."))
    ] = True,
    seed: Annotated[
        int, typer.Option("--seed", help=_("Random seed of the topic model and network layouts."))
    ] = 1,
    title: Annotated[
        str | None, typer.Option("--title", help=_("Title of the report (default: corpus name)."))
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", help=_("A line for the opening, e.g. the data source and licence (出典: …, CC BY 4.0).")
        ),
    ] = None,
    out: OutOpt = None,
    quiet: c.Quiet = False,
) -> None:
    """The summary for the meeting packet. For each theme: how many documents, which groups stand out (--by,
    from χ² and adjusted residuals, in words), characteristic words, a small co-occurrence network and 3–5
    quotes in full with personal data masked; then the discovered topics in one table, the overlap of themes,
    and everything needed to reproduce it (ledger, dictionary and rule hashes, parameters).

    Writes report.md (pastes into a meeting document), report.html (self-contained, works offline),
    report.xlsx (every table), report.docx (Word) and img/*.png into a run folder under --out.
    """
    from ..runs.report import report as run

    c.execute(
        run,
        path,
        rules=rules or "default",
        by=by,
        mask=mask,
        topics=topics,
        quotes=quotes,
        network=network,
        seed=seed,
        title=title,
        note=note,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )


def register(app: typer.Typer) -> None:
    app.command("report")(report)
