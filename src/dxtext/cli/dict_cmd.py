"""``dxtext dict``: look at, extend and check the user dictionary (dictionaries/municipal_dx.tsv)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c

dict_app = typer.Typer(
    help=_(
        "The user dictionary: words that must stay one token (マイナンバーカード) and the lemma each maps to. "
        "Changes are picked up by the next command by themselves (no manual rebuild)."
    ),
    no_args_is_help=True,
)

DictPath = Annotated[
    Path | None,
    typer.Option(
        "--dictionary",
        "-d",
        help=_("Dictionary source (TSV). Default: dictionaries/municipal_dx.tsv, or $DXTEXT_DICTIONARY."),
    ),
]


# ------------------------------------------------------------------------------------------------ list


@dict_app.command("list")
def list_(
    dictionary: DictPath = None,
    tag: Annotated[
        str | None, typer.Option("--tag", help=_("Only entries with this theme tag (e.g. 人材)."))
    ] = None,
    word_class: Annotated[
        str | None, typer.Option("--class", help=_("Only entries of this class (普通名詞, 固有名詞 …)."))
    ] = None,
) -> None:
    """List the entries: surface, canonical form (empty = the surface itself), class, reading, cost, tags."""
    from ..runs.dictionary import dict_list

    c.say(dict_list(dictionary=dictionary, tag=tag, word_class=word_class))


# ------------------------------------------------------------------------------------------------ add


@dict_app.command("add")
def add(
    surface: Annotated[
        str | None,
        typer.Argument(
            help=_("The word as written (NFKC: half-width ASCII, full-width katakana)."), show_default=False
        ),
    ] = None,
    canonical: Annotated[
        str | None,
        typer.Option("--canonical", help=_("The lemma it maps to (for a variant; default: the word).")),
    ] = None,
    word_class: Annotated[
        str, typer.Option("--class", help=_("普通名詞, サ変名詞, 固有名詞, 組織名, 地名 or 人名."))
    ] = "普通名詞",
    reading: Annotated[
        str | None, typer.Option("--reading", help=_("Reading in katakana (optional)."))
    ] = None,
    cost: Annotated[
        int | None, typer.Option("--cost", help=_("MeCab word cost (default 500; lower wins more often)."))
    ] = None,
    tags: Annotated[
        str | None, typer.Option("--tags", help=_("Theme tags separated by ; (e.g. 人材;国県)."))
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help=_(
                "Add every row of this file (a `dxtext dict suggest` file after editing, or any file in the "
                "dictionary's format); extra columns are ignored."
            ),
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help=_("Change an entry that is already there."))
    ] = False,
    skip_existing: Annotated[
        bool,
        typer.Option("--skip-existing", help=_("With --from: skip rows whose surface is already there.")),
    ] = False,
    dictionary: DictPath = None,
) -> None:
    """Add a word (or every row of --from FILE) to the dictionary.

    The entry is validated first (known class, no duplicate surface, nothing that breaks the TSV); the file is
    written atomically (temporary file + rename) and the previous version kept as <name>.tsv.bak; then the
    dictionary is compiled, so an error shows now, and each new word is checked in sentences.
    """
    from ..runs.dictionary import dict_add

    c.say(
        dict_add(
            surface,
            canonical=canonical,
            word_class=word_class,
            reading=reading,
            cost=cost,
            tags=tags,
            from_file=from_file,
            replace=replace,
            skip_existing=skip_existing,
            dictionary=dictionary,
        )
    )


# ------------------------------------------------------------------------------------------------ remove


@dict_app.command("remove")
def remove(
    surfaces: Annotated[list[str], typer.Argument(help=_("Surface(s) to remove."), show_default=False)],
    dictionary: DictPath = None,
) -> None:
    """Remove entries by surface (atomically; the previous version is kept as <name>.tsv.bak)."""
    from ..runs.dictionary import dict_remove

    c.say(dict_remove(surfaces, dictionary=dictionary))


# ------------------------------------------------------------------------------------------------ build


@dict_app.command("build")
def build(dictionary: DictPath = None) -> None:
    """Compile the dictionary now, even when a compiled copy is cached, and print the compiled file's path.

    Never needed in normal use: every command compiles an edited dictionary by itself.
    """
    from ..runs.dictionary import dict_build

    c.say(dict_build(dictionary=dictionary))


# ------------------------------------------------------------------------------------------------ check


@dict_app.command("check")
def check(
    dictionary: DictPath = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help=_("Write the full table (every entry) to this CSV file."))
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=_("Show every entry, not only the failing ones."))
    ] = False,
) -> None:
    """Check how every entry tokenizes now, inside sentences: one token with its canonical lemma (ok), or
    split / merged / wrong lemma because the system dictionary wins. For a failing entry, temporary copies of
    the dictionary are compiled with lower costs and the highest cost that makes it win is suggested.

    Exit code: 0 when every entry is ok, 1 when any entry fails (so it can guard a CI job).
    """
    from ..runs.dictionary import dict_check

    result = dict_check(dictionary=dictionary, csv=csv, show_all=show_all)
    c.say(result)
    if not result.ok:
        raise typer.Exit(1)


# ------------------------------------------------------------------------------------------------ suggest


@dict_app.command("suggest")
def suggest(
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
    dictionary: DictPath = None,
    top: Annotated[int, typer.Option("--top", "-n", min=0, help=_("Suggestions written (0 = all)."))] = 100,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help=_("Minimum occurrences of a suggestion."))
    ] = 3,
    min_df: Annotated[
        int, typer.Option("--min-df", min=1, help=_("Minimum documents a suggestion occurs in."))
    ] = 2,
    show: Annotated[int, typer.Option("--show", min=0, help=_("Suggestions printed in the terminal."))] = 30,
    mask: Annotated[
        bool,
        typer.Option(
            "--mask/--no-mask", help=_("Mask names, phone numbers and e-mail addresses in the examples.")
        ),
    ] = True,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=_("Write the suggestions to this TSV file (default: a run folder under outputs/)."),
        ),
    ] = None,
    quiet: c.Quiet = False,
) -> None:
    """Propose new entries: compound words (runs of nouns, unknown words, katakana and Latin-letter words,
    prefix + noun, noun + suffix) that are frequent in the corpus, split by the tokenizer today, and not yet in
    the dictionary. Ranked by C-value (frequency × length, minus the occurrences owed to longer candidates).

    Writes a TSV in the dictionary's own format plus tf, df, score, parts and two example contexts: delete the
    rows you do not want, check class and canonical, then run `dxtext dict add --from FILE`.
    """
    from ..runs.dictionary import dict_suggest

    c.execute(
        dict_suggest,
        path,
        top=top,
        min_count=min_count,
        min_df=min_df,
        show=show,
        mask=mask,
        out=None if out is not None else c.default_out(),
        tsv=out,
        quiet=quiet,
        **c.read_from(locals()),
        dictionary=dictionary,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(dict_app, name="dict")
