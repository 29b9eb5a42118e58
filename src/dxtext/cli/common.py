"""Options shared by every command that reads a corpus, and the glue from options to library calls."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import DxtextError

CorpusArg = Annotated[
    Path,
    typer.Argument(
        help="Survey file (.csv, .tsv, .xlsx, .jsonl) or meeting record (.txt).", show_default=False
    ),
]
TextCol = Annotated[
    list[str] | None,
    typer.Option(
        "--text-col",
        "-t",
        help="Column with the free text; repeat for several open questions (one document per answer).",
    ),
]
IdCol = Annotated[str | None, typer.Option("--id-col", help="Column with a unique id per row.")]
AttrsFile = Annotated[
    Path | None, typer.Option("--attrs", help="Separate respondent file to join (needs --on).")
]
OnKey = Annotated[str | None, typer.Option("--on", help="Key column that links answers to --attrs.")]
Encoding = Annotated[
    str | None, typer.Option("--encoding", help="utf-8, utf-8-sig, cp932 or euc-jp (default: detected).")
]
Sheet = Annotated[str | None, typer.Option("--sheet", help="XLSX sheet name (default: the first).")]
Unit = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-u",
        help="Document unit of a text record: section, bullet, paragraph, sentence, speaker, h1…h5.",
    ),
]
NonAnswers = Annotated[
    Path | None,
    typer.Option(
        "--non-answers", help="File of extra non-answer phrases (one a line), added to the default list."
    ),
]
Dictionary = Annotated[
    Path | None,
    typer.Option(
        "--dictionary", "-d", help="User dictionary source (TSV). Default: dictionaries/municipal_dx.tsv."
    ),
]
NoDictionary = Annotated[bool, typer.Option("--no-dictionary", help="Tokenize with unidic-lite alone.")]
Pos = Annotated[
    str | None,
    typer.Option(
        "--pos",
        help="Word classes to keep, comma-separated (default: 名詞,サ変名詞,固有名詞,人名,地名,動詞,形容詞,形容動詞).",
    ),
]
Stopwords = Annotated[
    Path | None,
    typer.Option(
        "--stopwords", help="Stopword file (lemmas, one a line). Default: dictionaries/stopwords.txt."
    ),
]
Jobs = Annotated[int, typer.Option("--jobs", "-j", help="Processes for tokenizing (0 = all cores).")]
Out = Annotated[Path, typer.Option("--out", "-o", help="Folder for the run folders.")]
By = Annotated[str | None, typer.Option("--by", help="Attribute to compare groups by (e.g. 人口規模, 年代).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def load_corpus(
    path: Path,
    *,
    text_col: list[str] | None = None,
    id_col: str | None = None,
    attrs: Path | None = None,
    on: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    unit: str | None = None,
    non_answers: Path | None = None,
) -> Any:
    from ..io.corpus import read_corpus
    from ..io.normalize import NonAnswerDetector

    detector = NonAnswerDetector.from_file(non_answers) if non_answers else None
    corpus = read_corpus(
        path,
        text_cols=text_col or None,
        id_col=id_col,
        attrs=attrs,
        on=on,
        encoding=encoding,
        sheet=sheet,
        unit=unit,  # type: ignore[arg-type]
        non_answers=detector,
        cache_dir=_cache_dir(),
    )
    for w in corpus.ledger.warnings:
        warn(w)
    return corpus


def _cache_dir() -> Path:
    from ..text.tokenize import default_cache_dir

    return default_cache_dir()


def make_tokenizer(
    *,
    dictionary: Path | None = None,
    no_dictionary: bool = False,
    pos: str | None = None,
    stopwords: Path | None = None,
) -> Any:
    from ..text.tokenize import DEFAULT_POS, Tokenizer

    return Tokenizer(
        dictionary=None if no_dictionary else (dictionary or "default"),
        pos=tuple(p.strip() for p in pos.split(",") if p.strip()) if pos else DEFAULT_POS,
        stopwords=stopwords or "default",
    )


def tokenize(
    corpus: Any, tokenizer: Any, *, jobs: int = 0, quiet: bool = False, announce: bool = False
) -> Any:
    """Tokenize with the disk cache and a progress bar; every command that needs tokens calls this."""
    import time

    from ..text.tokenize import default_cache_dir

    started = time.perf_counter()
    with progress_bar("tokenizing", quiet=quiet) as cb:
        tokenized = tokenizer.tokenize_corpus(corpus, cache_dir=default_cache_dir(), n_jobs=jobs, progress=cb)
    if not announce:  # commands that may still fail keep stderr to the one error line
        return tokenized
    if tokenized.from_cache:  # said on stderr, so a user (and a test) can see the cache at work
        info(f"tokens: from cache ({len(tokenized):,} documents, key {tokenized.cache_key[:12]})")
    else:
        info(f"tokens: tokenized {len(tokenized):,} documents in {time.perf_counter() - started:.1f} s")
    return tokenized


def default_out() -> Path:
    return Path(os.environ.get("DXTEXT_OUT", "outputs"))


def warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def info(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def progress_bar(label: str, *, quiet: bool = False) -> Iterator[Callable[[int, int], None]]:
    """A callback ``(done, total)`` drawing a bar on stderr (only on a terminal and not --quiet)."""
    if quiet or not sys.stderr.isatty():
        yield lambda done, total: None
        return
    state: dict[str, Any] = {"bar": None, "done": 0}

    def cb(done: int, total: int) -> None:
        if state["bar"] is None:
            state["bar"] = typer.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(done - state["done"])
        state["done"] = done

    try:
        yield cb
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)


def fail(error: DxtextError) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(1)
