"""``dxtext kwic``: concordance — every use of a word with its left and right context."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import DxtextError
from . import common as c
from .display import fit, width


def kwic(
    path: c.CorpusArg,
    word: Annotated[
        str,
        typer.Argument(
            help="The word to look up: a lemma (良い, 都道府県) or a written form (マイナカード finds every "
            "マイナンバーカード); several words written together (観光協会) match where they stand side by side.",
            show_default=False,
        ),
    ],
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
    by: Annotated[
        str | None,
        typer.Option("--by", help="Attribute to group the lines by (shown as a column), e.g. 年代."),
    ] = None,
    window: Annotated[
        int, typer.Option("--window", "-w", min=1, help="Characters of context on each side.")
    ] = 30,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help="Order of the lines: position (corpus order), right (by the text after the word), left (by the "
            "text before it, read backwards from the word).",
        ),
    ] = "position",
    mask: Annotated[
        bool,
        typer.Option(
            "--mask/--no-mask",
            help="Replace names, phone numbers, e-mail addresses and 12-digit numbers in the contexts (default on).",
        ),
    ] = True,
    top: Annotated[
        int,
        typer.Option(
            "--top", "-n", min=0, help="Lines shown in the terminal (0 = all); the CSV has every line."
        ),
    ] = 50,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for the run folder (default: outputs/ or $DXTEXT_OUT)."),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv", help="Write the lines to this CSV file (UTF-8 with BOM) instead of a run folder."
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
    from ..analysis.kwic import SORTS, close_words, concordance
    from ..render.tables import write_csv
    from ..runs.folder import make_run_dir, run_key, write_metadata

    if sort not in SORTS:
        raise DxtextError(f"--sort {sort}: unknown order; use one of {', '.join(SORTS)}.")
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
        corpus.check_attribute(by)
    tokenizer = c.make_tokenizer(
        dictionary=dictionary, no_dictionary=no_dictionary, pos=pos, stopwords=stopwords
    )
    tokenized = c.tokenize(corpus, tokenizer, jobs=jobs, quiet=quiet)
    lines = concordance(
        corpus,
        word,
        tokenizer=tokenizer,
        tokenized=tokenized,
        window=window,
        sort=sort,
        by=by,
        mask=mask,
    )
    if lines.empty:
        near = close_words(word, set(tokenized.word_classes))
        hint = f" Words close to it: {', '.join(near)}." if near else ""
        raise DxtextError(
            f"{corpus.name}: {word!r} does not occur in the {len(tokenized):,} documents.{hint}"
        )

    typer.echo(render(lines, word=word, by=by, window=window, top=top))
    params = {"word": word, "by": by, "window": window, "sort": sort, "mask": mask}
    if csv is not None:
        written = write_csv(lines, csv)
    else:
        key = run_key(corpus.content_hash, tokenizer.fingerprint, params)
        folder = make_run_dir(out or c.default_out(), "kwic", corpus.name, key)
        written = write_csv(lines, folder / "kwic.csv")
        write_metadata(folder, command="kwic", corpus=corpus, params=params, tokenizer=tokenizer)
    c.info(f"wrote {written}")


def render(lines, *, word: str, by: str | None, window: int, top: int) -> str:  # type: ignore[no-untyped-def]
    """Header, then one line per occurrence: the word in a column of its own, contexts aligned to it."""
    docs = lines["doc_id"].nunique()
    lemmas = sorted(set(lines["lemma"]))
    head = f"{word} (lemma {', '.join(lemmas)}): {len(lines):,} occurrences in {docs:,} documents"
    shown = lines if not top else lines.head(top)
    if top and len(lines) > top:
        head += f"; the first {top} shown"
    side = min(2 * window, 40)
    word_w = max(width(w) for w in shown["word"])
    id_w = max(width("doc_id"), *(width(str(d)) for d in shown["doc_id"]))
    out = [head]
    prefix_cols = [("doc_id", id_w)]
    if by is not None:
        by_w = min(20, max(width(by), *(width(str(v)) for v in shown[by])))
        prefix_cols.append((by, by_w))
    rows = []
    for rec in shown.to_dict("records"):
        prefix = "  ".join(fit(str(rec[col]), w) for col, w in prefix_cols)
        rows.append(
            f"{prefix}  {fit(rec['left'], side, align='right')} 【{fit(rec['word'], word_w)}】 {fit(rec['right'], side)}".rstrip()
        )
    header = "  ".join(fit(col, w) for col, w in prefix_cols)
    out.append(f"{header}  {fit('left', side, align='right')} 【{fit('word', word_w)}】 right")
    out.extend(rows)
    return "\n".join(out)


def register(app: typer.Typer) -> None:
    app.command("kwic")(kwic)
