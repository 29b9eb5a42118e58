"""Options shared by every command that reads a corpus, and the glue from options to library calls."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..i18n import N_, _

CorpusArg = Annotated[
    Path,
    typer.Argument(
        help=_("Survey file (.csv, .tsv, .xlsx, .jsonl) or meeting record (.txt, .docx)."), show_default=False
    ),
]
TextCol = Annotated[
    list[str] | None,
    typer.Option(
        "--text-col",
        "-t",
        help=_("Column with the free text; repeat for several open questions (one document per answer)."),
    ),
]
IdCol = Annotated[str | None, typer.Option("--id-col", help=_("Column with a unique id per row."))]
AttrsFile = Annotated[
    Path | None, typer.Option("--attrs", help=_("Separate respondent file to join (needs --on)."))
]
OnKey = Annotated[str | None, typer.Option("--on", help=_("Key column that links answers to --attrs."))]
Encoding = Annotated[
    str | None, typer.Option("--encoding", help=_("utf-8, utf-8-sig, cp932 or euc-jp (default: detected)."))
]
Sheet = Annotated[
    str | None, typer.Option("--sheet", help=_("XLSX sheet name (default: the active sheet, if visible)."))
]
HeaderRow = Annotated[
    int | None,
    typer.Option(
        "--header-row",
        help=_(
            "Row that holds the column names (1 = the first line); default: detected, title lines above it skipped."
        ),
    ),
]
Unit = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-u",
        help=_("Document unit of a text record: section, bullet, paragraph, sentence, speaker, h1…h5."),
    ),
]
NonAnswers = Annotated[
    Path | None,
    typer.Option(
        "--non-answers", help=_("File of extra non-answer phrases (one a line), added to the default list.")
    ),
]
KeepProcedure = Annotated[
    bool,
    typer.Option(
        "--keep-procedure",
        help=_(
            "Meeting records: analyse procedure too (calling speakers, thanks, 休憩, 散会 …); "
            "by default it is counted as 'procedural' in the ledger and left out."
        ),
    ),
]
Role = Annotated[
    str | None,
    typer.Option(
        "--role",
        help=_(
            "Meeting records: only turns of these speaker roles, comma-separated "
            "(chair, member, executive, witness, clerk, other), e.g. --role member,executive."
        ),
    ),
]
KeepNames = Annotated[
    bool,
    typer.Option(
        "--keep-names",
        help=_(
            "Meeting records: count person names (UniDic 人名, the speakers' names) as words; "
            "by default they are left out of frequencies and models (KWIC finds them always)."
        ),
    ),
]
KeepWords = Annotated[
    Path | None,
    typer.Option(
        "--keep-words",
        help=_(
            "A file of words never masked in quoted text, one a line (UTF-8), e.g. a public official's name."
        ),
        show_default=False,
    ),
]
MaskSpeakers = Annotated[
    bool,
    typer.Option(
        "--mask-speakers",
        help=_(
            "Meeting records: mask the speakers' names too (shown as 話者01, 話者02 …); by default they are kept, "
            "as public minutes are public record. Names in survey answers are always masked."
        ),
    ),
]
Dictionary = Annotated[
    Path | None,
    typer.Option(
        "--dictionary", "-d", help=_("User dictionary source (TSV). Default: dictionaries/municipal_dx.tsv.")
    ),
]
NoDictionary = Annotated[bool, typer.Option("--no-dictionary", help=_("Tokenize with unidic-lite alone."))]
Pos = Annotated[
    str | None,
    typer.Option(
        "--pos",
        help=_(
            "Word classes to keep, comma-separated (default: 名詞,サ変名詞,固有名詞,人名,地名,動詞,形容詞,形容動詞)."
        ),
    ),
]
Stopwords = Annotated[
    Path | None,
    typer.Option(
        "--stopwords", help=_("Stopword file (lemmas, one a line). Default: dictionaries/stopwords.txt.")
    ),
]
Jobs = Annotated[int, typer.Option("--jobs", "-j", help=_("Processes for tokenizing (0 = all cores)."))]
Engine = Annotated[
    str,
    typer.Option(
        "--engine",
        help=_(
            "Where tokenizing, counting, co-occurrence and theme coding run: local, or dask (a local cluster "
            "of 2 workers, or --scheduler). Same outputs."
        ),
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler", help=_("Address of a running Dask scheduler (tcp://host:8786); with --engine dask.")
    ),
]
Out = Annotated[Path, typer.Option("--out", "-o", help=_("Folder for the run folders."))]
By = Annotated[
    list[str] | None,
    typer.Option(
        "--by",
        help=_(
            "Attribute to compare groups by (e.g. 人口規模, 年代); repeat to cross two: --by 人口規模 --by 部署."
        ),
    ),
]
Where = Annotated[
    list[str] | None,
    typer.Option(
        "--where",
        help=_(
            "Keep only documents whose attribute matches: 年代=20代, 'question!=Q7', "
            "'人口規模 in 5万人未満,5〜20万人'; repeat for several (all must hold)."
        ),
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=_("No progress bar."))]


def source_options(
    *,
    text_col: list[str] | None = None,
    id_col: str | None = None,
    attrs: Path | None = None,
    on: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    unit: str | None = None,
    non_answers: Path | None = None,
    where: list[str] | None = None,
    keep_procedure: bool = False,
    role: str | None = None,
    keep_names: bool = False,
    keep_words: Path | None = None,
    mask_speakers: bool = False,
    dictionary: Path | None = None,
    no_dictionary: bool = False,
    pos: str | None = None,
    stopwords: Path | None = None,
    jobs: int = 0,
    engine: str = "local",
    scheduler: str | None = None,
) -> dict[str, Any]:
    """The reading and tokenizer options as ``dxtext.runs`` takes them (``**source``)."""
    return {
        **read_options(
            text_col=text_col,
            id_col=id_col,
            attrs=attrs,
            on=on,
            encoding=encoding,
            sheet=sheet,
            header_row=header_row,
            unit=unit,
            non_answers=non_answers,
            where=where,
            keep_procedure=keep_procedure,
            role=role,
        ),
        "keep_names": keep_names,
        **({"keep_words": keep_words} if keep_words is not None else {}),
        **({"mask_speakers": True} if mask_speakers else {}),
        "dictionary": None if no_dictionary else (dictionary or "default"),
        "pos": pos,
        "stopwords": stopwords or "default",
        "jobs": jobs,
        **({"engine": engine} if engine != "local" else {}),
        **({"scheduler": scheduler} if scheduler else {}),
    }


def source_from(params: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`source_options` from a command's parameters (``locals()`` in the command function): every reading
    and tokenizer option the command declares, by name."""
    return source_options(**{k: v for k, v in params.items() if k in _SOURCE_NAMES})


def read_from(params: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`read_options` from a command's parameters (``locals()`` in the command function)."""
    return read_options(**{k: v for k, v in params.items() if k in _READ_NAMES})


def read_options(
    *,
    text_col: list[str] | None = None,
    id_col: str | None = None,
    attrs: Path | None = None,
    on: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    unit: str | None = None,
    non_answers: Path | None = None,
    where: list[str] | None = None,
    keep_procedure: bool = False,
    role: str | None = None,
) -> dict[str, Any]:
    """The reading options as ``dxtext.runs`` takes them."""
    return {
        "text_col": text_col or None,
        "id_col": id_col,
        "attrs": attrs,
        "on": on,
        "encoding": encoding,
        "sheet": sheet,
        "header_row": header_row,
        "unit": unit,
        "non_answers": non_answers,
        "where": list(where) if where else None,
        "keep_procedure": keep_procedure,
        "role": role,
    }


def default_out() -> Path:
    from ..runs.inputs import default_out as out

    return out()


def execute(function: Callable[..., Any], *args: Any, quiet: bool = False, **kwargs: Any) -> Any:
    """Call one ``dxtext.runs`` function inside a progress bar, then print what it says: notes and warnings on
    stderr, its summary on stdout. Returns the result."""
    with progress_bar(quiet=quiet) as cb:
        result = function(*args, progress=cb, **kwargs)
    say(result)
    return result


def say(result: Any) -> None:
    """Warnings and notes on stderr; the summary, then the file to open as the last line, on stdout."""
    for w in result.warnings:
        warn(w)
    for note in result.notes:
        info(note)
    text = result.summary()
    if text:
        typer.echo(text)
    line = open_line(getattr(result, "open", None))
    if line:
        typer.echo(line)


def open_line(path: Any) -> str:
    """The last line of a command: which file to open, and with what."""
    if path is None:
        return ""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm"):
        return _("→ open {path} in a browser").format(path=path)
    if suffix in (".xlsx", ".csv"):
        return _("→ open {path} in Excel").format(path=path)
    if suffix == ".docx":
        return _("→ open {path} in Word").format(path=path)
    return _("→ open {path}").format(path=path)


def warn(message: str) -> None:
    typer.echo(_("warning: {message}").format(message=message), err=True)


def info(message: str) -> None:
    typer.echo(message, err=True)


#: the stage names the runs report (``progress(stage, done, total)``), shown translated
STAGES = (
    N_("reading"),
    N_("tokenizing"),
    N_("analysing"),
    N_("topics"),
    N_("network"),
    N_("networks"),
    N_("themes"),
    N_("theme sections"),
    N_("matrix"),
    N_("writing"),
)


@contextmanager
def progress_bar(*, quiet: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """A ``progress(stage, done, total)`` callback drawing one bar per stage on stderr (only on a terminal and
    not --quiet); a stage of unknown length is named on a line of its own."""
    if quiet or not sys.stderr.isatty():
        yield lambda stage, done, total: None
        return
    state: dict[str, Any] = {"bar": None, "stage": None, "done": 0}

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
            state["bar"] = None

    def cb(stage: str, done: int, total: int) -> None:
        if stage != state["stage"]:
            close()
            state["stage"], state["done"] = stage, 0
            if total <= 0:
                typer.echo(f"{_(stage)} …", err=True)
        if total <= 0:
            return
        if state["bar"] is None:
            state["bar"] = typer.progressbar(length=total, label=_(stage), file=sys.stderr)
            state["bar"].__enter__()
            state["done"] = 0
        state["bar"].update(max(0, done - state["done"]))
        state["done"] = done

    try:
        yield cb
    finally:
        close()


_SOURCE_NAMES = frozenset(inspect.signature(source_options).parameters)
_READ_NAMES = frozenset(inspect.signature(read_options).parameters)
