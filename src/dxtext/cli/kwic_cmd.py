"""``dxtext kwic``: concordance — every use of a word with its left and right context."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c


def kwic(
    path: c.CorpusArg,
    word: Annotated[
        str,
        typer.Argument(
            help=_(
                "The word to look up: a lemma (良い, 都道府県) or a written form (マイナカード finds every "
                "マイナンバーカード); several words written together (観光協会) match where they stand side by side."
            ),
            show_default=False,
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
    keep_words: c.KeepWords = None,
    mask_speakers: c.MaskSpeakers = False,
    dictionary: c.Dictionary = None,
    no_dictionary: c.NoDictionary = False,
    pos: c.Pos = None,
    stopwords: c.Stopwords = None,
    jobs: c.Jobs = 0,
    by: Annotated[
        str | None,
        typer.Option("--by", help=_("Attribute to group the lines by (shown as a column), e.g. 年代.")),
    ] = None,
    window: Annotated[
        int, typer.Option("--window", "-w", min=1, help=_("Characters of context on each side."))
    ] = 30,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help=_(
                "Order of the lines: position (corpus order), right (by the text after the word), left (by the "
                "text before it, read backwards from the word)."
            ),
        ),
    ] = "position",
    mask: Annotated[
        bool,
        typer.Option(
            "--mask/--no-mask",
            help=_(
                "Replace names, phone numbers, e-mail addresses and 12-digit numbers in the contexts (default on)."
            ),
        ),
    ] = True,
    surface: Annotated[
        bool,
        typer.Option(
            "--surface",
            help=_(
                "Search WORD as plain text (a substring), not as words; without it a phrase is matched as its "
                "sequence of words (二次交通 = 二 + 次 + 交通) and as text."
            ),
        ),
    ] = False,
    top: Annotated[
        int,
        typer.Option(
            "--top", "-n", min=0, help=_("Lines shown in the terminal (0 = all); the CSV has every line.")
        ),
    ] = 50,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=_("Folder for the run folder (default: outputs/ or $DXTEXT_OUT).")),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv", help=_("Write the lines to this CSV file (UTF-8 with BOM) instead of a run folder.")
        ),
    ] = None,
    quiet: c.Quiet = False,
) -> None:
    """Concordance of WORD: document id, left context, the word as written, right context and the document's
    attributes, for every occurrence.

    Prints the lines and writes kwic.csv (UTF-8 with BOM) with metadata.json and ledger.json into a run folder
    under --out, or only the lines into --csv FILE. Exits with 1 when the word does not occur (close words are
    named).
    """
    from ..runs.kwic import kwic as run

    c.execute(
        run,
        path,
        word,
        by=by,
        window=window,
        sort=sort,
        mask=mask,
        surface=surface,
        top=top,
        out=None if csv is not None else (out or c.default_out()),
        csv=csv,
        quiet=quiet,
        **c.source_from(locals()),
    )


def register(app: typer.Typer) -> None:
    app.command("kwic")(kwic)
