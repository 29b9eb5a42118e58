"""``dxtext corpus info``: what dxtext reads from a file — units, attributes, and the ledger."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..i18n import _
from . import common as c

corpus_app = typer.Typer(help=_("Look at a corpus before analysing it."), no_args_is_help=True)


@corpus_app.command("info")
def info(
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
    top: Annotated[int, typer.Option("--top", help=_("Values shown per attribute."))] = 12,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print everything as JSON."))] = False,
) -> None:
    """Show the documents, attributes with their value counts, and the ledger (rows read = used + empty +
    non-answers + too short), per file."""
    from ..runs.corpus_info import corpus_info

    result = corpus_info(
        path,
        top=top,
        **c.read_from(locals()),
    )
    if as_json:
        typer.echo(json.dumps(result.info, ensure_ascii=False, indent=2))
        return
    c.say(result)


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")
