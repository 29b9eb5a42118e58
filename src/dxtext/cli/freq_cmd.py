"""``dxtext freq``: word frequencies (term frequency, document frequency, word class), overall or per group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from . import common as c
from .display import render_table


def freq(
    path: c.CorpusArg,
    text_col: c.TextCol = None,
    id_col: c.IdCol = None,
    attrs: c.AttrsFile = None,
    on: c.OnKey = None,
    encoding: c.Encoding = None,
    sheet: c.Sheet = None,
    unit: c.Unit = None,
    non_answers: c.NonAnswers = None,
    dictionary: c.Dictionary = None,
    no_dictionary: c.NoDictionary = False,
    pos: c.Pos = None,
    stopwords: c.Stopwords = None,
    jobs: c.Jobs = 0,
    by: c.By = None,
    top: Annotated[
        int,
        typer.Option(
            "--top", "-n", min=0, help="Most frequent words shown and written, per group (0 = all)."
        ),
    ] = 50,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for the run folder (default: outputs/ or $DXTEXT_OUT)."),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv", help="Write the table to this CSV file (UTF-8 with BOM) instead of a run folder."
        ),
    ] = None,
    quiet: c.Quiet = False,
) -> None:
    """Term frequency (tf: occurrences), document frequency (df: documents containing the word, also as a
    percentage) and word class of every word, most frequent first; per group of an attribute with --by.

    Prints a table and writes freq.csv (UTF-8 with BOM, opens in Excel) with metadata.json and ledger.json
    into a run folder under --out, or only the table into --csv FILE.
    """
    from ..analysis.freq import word_frequencies
    from ..render.tables import write_csv
    from ..runs.folder import make_run_dir, run_key, write_metadata

    corpus = c.load_corpus(
        path,
        text_col=text_col,
        id_col=id_col,
        attrs=attrs,
        on=on,
        encoding=encoding,
        sheet=sheet,
        unit=unit,
        non_answers=non_answers,
    )
    if by is not None:
        corpus.check_attribute(by)  # before the slow part
    tokenizer = c.make_tokenizer(
        dictionary=dictionary, no_dictionary=no_dictionary, pos=pos, stopwords=stopwords
    )
    tokenized = c.tokenize(corpus, tokenizer, jobs=jobs, quiet=quiet, announce=True)
    table = word_frequencies(tokenized, corpus=corpus, by=by, top=top or None)

    typer.echo(render(table, by=by, n_docs=len(tokenized), top=top))
    params = {"by": by, "top": top}
    if csv is not None:
        written = write_csv(table, csv)
    else:
        key = run_key(corpus.content_hash, tokenizer.fingerprint, params)
        folder = make_run_dir(out or c.default_out(), "freq", corpus.name, key)
        written = write_csv(table, folder / "freq.csv")
        write_metadata(folder, command="freq", corpus=corpus, params=params, tokenizer=tokenizer)
    c.info(f"wrote {written}")


def render(table: Any, *, by: str | None, n_docs: int, top: int) -> str:
    """The terminal view: one table, or one block per group."""
    shown = ["rank", "word", "word_class", "tf", "df", "df_pct"]
    widths = {"word": 30}
    if by is None:
        head = f"{n_docs:,} documents, {len(table):,} words shown" + (f" (top {top})" if top else "")
        return head + "\n" + render_table(table[shown].rename(columns={"df_pct": "df%"}), max_widths=widths)
    blocks = []
    for value, frame in table.groupby(by, sort=False):
        docs = int(frame["docs"].iloc[0])
        blocks.append(f"{by} = {value}  ({docs:,} documents)")
        blocks.append(render_table(frame[shown].rename(columns={"df_pct": "df%"}), max_widths=widths))
        blocks.append("")
    return "\n".join(blocks).rstrip()


def register(app: typer.Typer) -> None:
    app.command("freq")(freq)
