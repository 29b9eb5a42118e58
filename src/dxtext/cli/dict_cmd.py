"""``dxtext dict``: look at, extend and check the user dictionary (dictionaries/municipal_dx.tsv)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import DictionaryError, DxtextError
from ..render.terminal import render_table
from . import common as c

dict_app = typer.Typer(
    help="The user dictionary: words that must stay one token (マイナンバーカード) and the lemma each maps to. "
    "Changes are picked up by the next command by themselves (no manual rebuild).",
    no_args_is_help=True,
)

DictPath = Annotated[
    Path | None,
    typer.Option(
        "--dictionary",
        "-d",
        help="Dictionary source (TSV). Default: dictionaries/municipal_dx.tsv, or $DXTEXT_DICTIONARY.",
    ),
]


def _path(dictionary: Path | None) -> Path:
    from ..text.dictionary import default_dictionary_path

    return Path(dictionary) if dictionary is not None else default_dictionary_path()


def _entries_frame(entries: list[Any]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "surface": [e.surface for e in entries],
            "canonical": ["" if e.canonical == e.surface else e.canonical for e in entries],
            "class": [e.word_class for e in entries],
            "reading": [e.reading for e in entries],
            "cost": ["" if e.cost is None else str(e.cost) for e in entries],
            "tags": [";".join(e.tags) for e in entries],
        }
    )


# ------------------------------------------------------------------------------------------------ list


@dict_app.command("list")
def list_(
    dictionary: DictPath = None,
    tag: Annotated[
        str | None, typer.Option("--tag", help="Only entries with this theme tag (e.g. 人材).")
    ] = None,
    word_class: Annotated[
        str | None, typer.Option("--class", help="Only entries of this class (普通名詞, 固有名詞 …).")
    ] = None,
) -> None:
    """List the entries: surface, canonical form (empty = the surface itself), class, reading, cost, tags."""
    from ..text.dictionary import THEME_TAGS, WORD_CLASSES, load_entries

    path = _path(dictionary)
    if tag is not None and tag not in THEME_TAGS:
        raise DictionaryError(f"--tag {tag}: unknown tag; use one of {', '.join(THEME_TAGS)}.")
    if word_class is not None and word_class not in WORD_CLASSES:
        raise DictionaryError(f"--class {word_class}: unknown class; use one of {', '.join(WORD_CLASSES)}.")
    entries = load_entries(path)
    shown = [
        e
        for e in entries
        if (tag is None or tag in e.tags) and (word_class is None or e.word_class == word_class)
    ]
    what = " ".join(
        x for x in (f"tag {tag}" if tag else "", f"class {word_class}" if word_class else "") if x
    )
    typer.echo(f"{path}: {len(entries):,} entries" + (f", {len(shown):,} with {what}" if what else ""))
    if shown:
        typer.echo(render_table(_entries_frame(shown), max_widths={"surface": 32, "canonical": 24}))


# ------------------------------------------------------------------------------------------------ add


def _line_of(path: Path, surface: str) -> int | str:
    """Line number of the row with this surface in a source file ("?" when not found)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return "?"
    for number, line in enumerate(lines, start=1):
        if line.split("\t", 1)[0].strip() == surface and not line.lstrip().startswith("#"):
            return number
    return "?"


def _restore_backup(path: Path) -> None:
    backup = path.with_suffix(".tsv.bak")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        shutil.copy2(backup, tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _compile_or_restore(path: Path, existed: bool) -> Path:
    """Compile now so that an error shows now; if it fails, put the previous file back."""
    from ..text.dictionary import compile_dictionary

    try:
        return compile_dictionary(path)
    except DictionaryError as e:
        if existed and path.with_suffix(".tsv.bak").is_file():
            _restore_backup(path)
            raise DictionaryError(
                f"{e} (the change was undone: {path} is back to its previous version)"
            ) from None
        raise


def _report_entries(path: Path, compiled: Path, entries: list[Any]) -> int:
    """One line per entry: one token with the canonical lemma now, or how it fails and a cost to try."""
    from ..text.dictcheck import check_entry
    from ..text.dictionary import make_tagger

    tagger = make_tagger(compiled)
    failed = 0
    for entry in entries:
        status, tokens = check_entry(tagger, entry)
        if status == "ok":
            c.info(f"  {entry.surface}: one token, lemma {entry.canonical} ✓")
        else:
            failed += 1
            c.warn(
                f"{entry.surface}: {status} ({tokens}) — the system dictionary wins; run `dxtext dict check` for a "
                f"cost that works and change it with `dxtext dict add {entry.surface} --cost N --replace`"
            )
    return failed


@dict_app.command("add")
def add(
    surface: Annotated[
        str | None,
        typer.Argument(
            help="The word as written (NFKC: half-width ASCII, full-width katakana).", show_default=False
        ),
    ] = None,
    canonical: Annotated[
        str | None,
        typer.Option("--canonical", help="The lemma it maps to (for a variant; default: the word)."),
    ] = None,
    word_class: Annotated[
        str, typer.Option("--class", help="普通名詞, サ変名詞, 固有名詞, 組織名, 地名 or 人名.")
    ] = "普通名詞",
    reading: Annotated[str | None, typer.Option("--reading", help="Reading in katakana (optional).")] = None,
    cost: Annotated[
        int | None, typer.Option("--cost", help="MeCab word cost (default 500; lower wins more often).")
    ] = None,
    tags: Annotated[
        str | None, typer.Option("--tags", help="Theme tags separated by ; (e.g. 人材;国県).")
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Add every row of this file (a `dxtext dict suggest` file after editing, or any file in the "
            "dictionary's format); extra columns are ignored.",
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Change an entry that is already there.")
    ] = False,
    skip_existing: Annotated[
        bool, typer.Option("--skip-existing", help="With --from: skip rows whose surface is already there.")
    ] = False,
    dictionary: DictPath = None,
) -> None:
    """Add a word (or every row of --from FILE) to the dictionary.

    The entry is validated first (known class, no duplicate surface, nothing that breaks the TSV); the file is
    written atomically (temporary file + rename) and the previous version kept as <name>.tsv.bak; then the
    dictionary is compiled, so an error shows now, and each new word is checked in sentences.
    """
    from ..text.dictionary import add_entries, load_entries, make_entry

    path = _path(dictionary)
    if (surface is None) == (from_file is None):
        raise DictionaryError("give either a SURFACE to add or --from FILE (not both, not neither).")
    if from_file is not None:
        if any(v is not None for v in (canonical, reading, cost, tags)) or word_class != "普通名詞":
            raise DictionaryError(
                "--canonical/--class/--reading/--cost/--tags are for one SURFACE, not for --from."
            )
        new = load_entries(from_file, extra_columns=True)
        if not new:
            raise DictionaryError(
                f"{from_file}: no entries to add (every row is a comment); keep at least one row."
            )
        known = {e.surface for e in load_entries(path)} if path.exists() else set()
        there = [e.surface for e in new if e.surface in known]
        if there and skip_existing:
            new = [e for e in new if e.surface not in known]
            c.info(
                f"skipped {len(there)} already in the dictionary: {', '.join(there[:10])}"
                + (" …" if len(there) > 10 else "")
            )
            if not new:
                c.info("nothing to add")
                return
        elif there and not replace:
            raise DictionaryError(
                f"{from_file}:{_line_of(from_file, there[0])}: {there[0]!r} is already in {path}"
                + (f" (and {len(there) - 1} more)" if len(there) > 1 else "")
                + " — delete the row, or use --skip-existing (keep the old entries) or --replace (take the new ones)"
            )
    else:
        assert surface is not None
        new = [
            make_entry(
                surface,
                canonical=canonical or "",
                word_class=word_class,
                reading=reading or "",
                cost=cost,
                tags=tags or "",
                where="dict add",
            )
        ]
    existed = path.exists()
    add_entries(path, new, replace=replace)
    compiled = _compile_or_restore(path, existed)
    c.info(
        f"added {len(new)} entr{'y' if len(new) == 1 else 'ies'} to {path}"
        + (f" (previous version: {path.with_suffix('.tsv.bak').name})" if existed else "")
    )
    failed = _report_entries(path, compiled, new)
    if failed:
        c.warn(f"{failed} of {len(new)} new entries do not come out as one word yet (see above)")


# ------------------------------------------------------------------------------------------------ remove


@dict_app.command("remove")
def remove(
    surfaces: Annotated[list[str], typer.Argument(help="Surface(s) to remove.", show_default=False)],
    dictionary: DictPath = None,
) -> None:
    """Remove entries by surface (atomically; the previous version is kept as <name>.tsv.bak)."""
    from ..text.dictionary import remove_entries

    path = _path(dictionary)
    removed = remove_entries(path, surfaces)
    _compile_or_restore(path, True)
    for e in removed:
        c.info(f"removed {e.surface} (→ {e.canonical}, {e.word_class})")


# ------------------------------------------------------------------------------------------------ build


@dict_app.command("build")
def build(dictionary: DictPath = None) -> None:
    """Compile the dictionary now, even when a compiled copy is cached, and print the compiled file's path.

    Never needed in normal use: every command compiles an edited dictionary by itself.
    """
    from ..text.dictionary import _default_cache_dir, compile_dictionary, load_entries

    path = _path(dictionary)
    entries = load_entries(path)
    cache = _default_cache_dir()
    started = time.perf_counter()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".force-", dir=cache))
    except OSError as e:
        raise DictionaryError(
            f"{cache}: cannot write the dictionary cache ({e.strerror}); set DXTEXT_CACHE."
        ) from None
    try:
        fresh = compile_dictionary(path, cache_dir=work)
        target = cache / fresh.name
        os.replace(fresh, target)  # atomic: a running command sees the old or the new file, never half of one
    finally:
        shutil.rmtree(work, ignore_errors=True)
    c.info(f"compiled {len(entries):,} entries from {path} in {time.perf_counter() - started:.1f} s")
    typer.echo(str(target))


# ------------------------------------------------------------------------------------------------ check


@dict_app.command("check")
def check(
    dictionary: DictPath = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="Write the full table (every entry) to this CSV file.")
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every entry, not only the failing ones.")
    ] = False,
) -> None:
    """Check how every entry tokenizes now, inside sentences: one token with its canonical lemma (ok), or
    split / merged / wrong lemma because the system dictionary wins. For a failing entry, temporary copies of
    the dictionary are compiled with lower costs and the highest cost that makes it win is suggested.

    Exit code: 0 when every entry is ok, 1 when any entry fails (so it can guard a CI job).
    """
    from ..render.tables import write_csv
    from ..text.dictcheck import check_dictionary

    path = _path(dictionary)
    table = check_dictionary(path)
    bad = table[table["status"] != "ok"]
    shown = table if show_all else bad
    if not shown.empty:
        view = shown.assign(
            suggested_cost=shown["suggested_cost"].map(lambda v: "" if v is None or v != v else str(v))
        )
        typer.echo(
            render_table(
                view,
                max_widths={"surface": 30, "canonical": 24, "tokens": 36},
                right=["cost", "suggested_cost"],
            )
        )
    if csv is not None:
        written = write_csv(table.astype({"suggested_cost": "object"}).fillna(""), csv)
        c.info(f"wrote {written}")
    if bad.empty:
        typer.echo(f"{path}: all {len(table):,} entries come out as one token with their canonical lemma ✓")
        return
    fixable = int(bad["suggested_cost"].notna().sum())
    typer.echo(
        f"{path}: {len(bad):,} of {len(table):,} entries fail ({fixable} with a suggested cost: "
        f"`dxtext dict add WORD --cost N --replace`)"
    )
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
    unit: c.Unit = None,
    non_answers: c.NonAnswers = None,
    dictionary: DictPath = None,
    top: Annotated[int, typer.Option("--top", "-n", min=0, help="Suggestions written (0 = all).")] = 100,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Minimum occurrences of a suggestion.")
    ] = 3,
    min_df: Annotated[
        int, typer.Option("--min-df", min=1, help="Minimum documents a suggestion occurs in.")
    ] = 2,
    show: Annotated[int, typer.Option("--show", min=0, help="Suggestions printed in the terminal.")] = 30,
    mask: Annotated[
        bool,
        typer.Option(
            "--mask/--no-mask", help="Mask names, phone numbers and e-mail addresses in the examples."
        ),
    ] = True,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the suggestions to this TSV file (default: a run folder under outputs/).",
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
    from ..runs.folder import make_run_dir, run_key, write_metadata
    from ..text.suggest import suggest_entries, write_suggestions

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
    tokenizer = c.make_tokenizer(dictionary=_path(dictionary))
    started = time.perf_counter()
    with c.progress_bar("analysing", quiet=quiet) as cb:
        table = suggest_entries(
            corpus.texts,
            tokenizer=tokenizer,
            top=top or None,
            min_count=min_count,
            min_df=min_df,
            mask=mask,
            progress=cb,
        )
    c.info(f"analysed {len(corpus.texts):,} documents in {time.perf_counter() - started:.1f} s")
    if table.empty:
        raise DxtextError(
            f"{corpus.name}: no compound word occurs {min_count}+ times in {min_df}+ documents that the dictionary "
            "lacks; lower --min-count/--min-df."
        )
    params = {"top": top, "min_count": min_count, "min_df": min_df, "mask": mask}
    if out is None:
        key = run_key(corpus.content_hash, tokenizer.fingerprint, params)
        folder = make_run_dir(c.default_out(), "suggest", corpus.name, key)
        target = folder / "suggestions.tsv"
        write_metadata(folder, command="dict suggest", corpus=corpus, params=params, tokenizer=tokenizer)
    else:
        target = out
    written = write_suggestions(table, target)
    view = table.head(show) if show else table
    if not view.empty:
        view = view.assign(rank=range(1, len(view) + 1))[
            ["rank", "surface", "class", "tf", "df", "score", "parts", "context1"]
        ]
        typer.echo(render_table(view, max_widths={"surface": 24, "parts": 28, "context1": 56}))
    c.info(f"wrote {len(table):,} suggestions to {written}")
    c.info(f"edit it (delete unwanted rows, check class/canonical), then: dxtext dict add --from {written}")


def register(app: typer.Typer) -> None:
    app.add_typer(dict_app, name="dict")
