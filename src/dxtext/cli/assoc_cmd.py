"""``dxtext assoc``: 関連語検索 — the words associated with a word, a phrase or a theme (*THEME)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c


def assoc(
    path: c.CorpusArg,
    target: Annotated[
        str,
        typer.Argument(
            help=_("A word or phrase, or *THEME for a theme of the rule file."), show_default=False
        ),
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
    rules: Annotated[
        Path | None,
        typer.Option("--rules", "-r", help=_("Rule file for *THEME. Default: dictionaries/themes.txt.")),
    ] = None,
    measure: Annotated[
        str, typer.Option("--measure", help=_("Ranking: jaccard, conditional, lift or loglik."))
    ] = "jaccard",
    top: Annotated[int, typer.Option("--top", help=_("Words listed (0 = all)."))] = 30,
    min_docs: Annotated[
        int, typer.Option("--min-docs", help=_("Only words in at least this many target documents."))
    ] = 2,
    network_words: Annotated[
        int, typer.Option("--network-words", help=_("Words in the network picture."))
    ] = 15,
    kwic: Annotated[int, typer.Option("--kwic", help=_("KWIC lines written."))] = 30,
    window: Annotated[int, typer.Option("--window", help=_("Characters of context in KWIC lines."))] = 30,
    no_mask: Annotated[
        bool, typer.Option("--no-mask", help=_("Do not mask personal data in KWIC lines."))
    ] = False,
    seed: Annotated[int, typer.Option("--seed", help=_("Seed of the network layout."))] = 0,
    out: Annotated[Path | None, typer.Option("--out", "-o", help=_("Folder for the run folder."))] = None,
    quiet: c.Quiet = False,
) -> None:
    """関連語検索: the words most associated with a word, a phrase or a theme (*THEME), with documents in and
    out, conditional probability, Jaccard, lift and log-likelihood; a small network (PNG, GraphML) and KWIC
    lines. Writes CSV and XLSX into a run folder."""
    from ..runs.assoc import assoc as run

    c.execute(
        run,
        path,
        target,
        rules=rules or "default",
        measure=measure,
        top=top,
        min_docs=min_docs,
        network_words=network_words,
        kwic=kwic,
        window=window,
        mask=not no_mask,
        seed=seed,
        out=out or c.default_out(),
        quiet=quiet,
        **c.source_from(locals()),
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("assoc")(assoc)
