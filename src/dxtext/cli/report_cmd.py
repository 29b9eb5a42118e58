"""``dxtext report``: the summary for the study group — Markdown, offline HTML and XLSX in one run folder."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from . import common as c
from .themes_cmd import OutOpt, RulesOpt, warn_rule_words


def report(
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
    rules: RulesOpt = None,
    by: c.By = None,
    mask: Annotated[
        bool,
        typer.Option(
            "--mask/--no-mask",
            help="Mask names, phone numbers, e-mail addresses and 12-digit numbers in quotes (default on).",
        ),
    ] = True,
    topics: Annotated[
        int,
        typer.Option(
            "--topics",
            "-k",
            min=0,
            help="Number of topics for the short topic section (fixed K, no search; 0 = no topic section).",
        ),
    ] = 8,
    quotes: Annotated[
        int, typer.Option("--quotes", min=1, max=10, help="Quotes per theme (3–5 read best).")
    ] = 3,
    network: Annotated[
        bool, typer.Option("--network/--no-network", help="A small co-occurrence network PNG per theme.")
    ] = True,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed of the topic model and network layouts.")
    ] = 0,
    title: Annotated[
        str | None, typer.Option("--title", help="Title of the report (default: corpus name).")
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", help="A line for the opening, e.g. the data source and licence (出典: …, CC BY 4.0)."
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
    report.xlsx (every table) and img/*.png into a run folder under --out.
    """
    from ..analysis.themes import load_rules
    from ..runs.folder import make_run_dir, run_key, write_metadata
    from ..runs.report import build_report
    from ..text.tokenize import default_cache_dir

    started = time.perf_counter()
    rule_set = load_rules(rules or "default")
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
    tokenized = c.tokenize(corpus, tokenizer, jobs=jobs, quiet=quiet, announce=True)
    params = {
        "rules_sha256": rule_set.sha256,
        "by": by,
        "mask": mask,
        "topics": topics,
        "quotes": quotes,
        "network": network,
        "seed": seed,
        "title": title,
        "note": note,
    }
    key = run_key(corpus.content_hash, tokenizer.fingerprint, params)
    folder = make_run_dir(out or c.default_out(), "report", corpus.name, key)
    # the command line as typed (only when run as dxtext / python -m dxtext, not inside another program)
    launched = Path(sys.argv[0]).name in ("dxtext", "dxtext.exe", "__main__.py")
    command = (
        "dxtext " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if launched and sys.argv[1:] else None
    )

    def progress(stage: str) -> None:
        if not quiet:
            c.info(f"report: {stage} …")

    result = build_report(
        corpus,
        tokenized,
        out_dir=folder,
        tokenizer=tokenizer,
        rules=rule_set,
        by=by,
        mask=mask,
        topics=topics,
        quotes=quotes,
        network=network,
        seed=seed,
        title=title,
        note=note,
        command=command,
        cache_dir=default_cache_dir(),
        progress=progress,
    )
    write_metadata(
        folder,
        command="report",
        corpus=corpus,
        params=params,
        tokenizer=tokenizer,
        extra={
            "rules": rule_set.metadata(),
            "timings": result.timings,
            "topics_from_cache": result.topics_from_cache,
        },
    )
    if not quiet:
        warn_rule_words(_words(result))
    if not mask:
        c.warn("quotes are NOT masked (--no-mask): do not share this report outside the team.")
    c.info(
        f"wrote {result.markdown.name}, {result.html.name}, {result.xlsx.name} in {time.perf_counter() - started:.1f} s"
    )
    typer.echo(str(folder))


def _words(result):  # type: ignore[no-untyped-def]
    return result.sheets["rule_words"]


def register(app: typer.Typer) -> None:
    app.command("report")(report)
