"""The ``dxtext`` command. Each sub-command lives in its own module and is registered here."""

from __future__ import annotations

import errno
import sys
from typing import Annotated

import typer

from .. import __version__
from ..crash import silence_stdout, write_crash_log
from ..errors import DxtextError
from .console import make_console_safe
from .repeats import check_repeated

app = typer.Typer(
    name="dxtext",
    help="Text mining of Japanese free text about municipal DX: survey answers (自由記述) and meeting minutes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dxtext {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """dxtext: topics, co-occurrence networks, themes and reports from Japanese free text."""


def _register() -> None:
    import importlib

    for name in (
        "corpus",
        "dict",
        "freq",
        "kwic",
        "topics",
        "network",
        "themes",
        "report",
        "ca",
        "cluster",
        "assoc",
        "compare",
        "dtm",
    ):
        try:
            module = importlib.import_module(f".{name}_cmd", __package__)
        except ModuleNotFoundError as e:
            if e.name == f"{__package__}.{name}_cmd":
                continue  # command not built yet
            raise
        module.register(app)


_register()


def main() -> None:
    """Entry point. A DxtextError becomes one line on stderr and exit code 1 (typer handles usage errors).
    Anything else is a fault of dxtext or of the machine: the user still gets one line (what happened, what to do)
    and exit code 1, and the traceback goes to a log file whose path that line names -- never to the screen.
    stdout and stderr print any character on any console (a CP932 one shows '～' for '〜', '?' for an emoji)."""
    make_console_safe()
    try:
        check_repeated(app, sys.argv[1:])
        app()
    except DxtextError as e:
        typer.echo(_printable(f"error: {e}", sys.stderr), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted: stopped by the user; outputs of this run may be incomplete", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # the reader of our stdout went away (``dxtext freq … | head``): not an error of the run
        silence_stdout()
        sys.exit(0)
    except MemoryError:
        typer.echo(
            "error: out of memory: close other programs, or analyse a part of the corpus (--sample)", err=True
        )
        sys.exit(1)
    except OSError as e:
        typer.echo(f"error: {_os_error_line(e)}", err=True)
        sys.exit(1)
    except Exception as e:
        log = write_crash_log(e)
        where = f"; the details are in {log}" if log else ""
        typer.echo(
            f"error: dxtext failed unexpectedly ({type(e).__name__}: {_short(e)}){where}; "
            "please report it with that file",
            err=True,
        )
        sys.exit(1)


def _printable(text: str, stream: object) -> str:
    """``text`` as the stream can print it: characters its encoding lacks (a CP932 console) and lone surrogates
    are escaped rather than ending the error message in a UnicodeEncodeError."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        return text.encode(encoding, "backslashreplace").decode(encoding, "replace")


def _short(e: BaseException, limit: int = 160) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _os_error_line(e: OSError) -> str:
    name = f" {e.filename}" if getattr(e, "filename", None) else ""
    if e.errno == errno.ENOSPC:
        return f"the disk is full writing{name}: free some space or choose another --out folder"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"permission denied:{name or ' a file'}: choose a folder you can write to (--out) or check the file"
    if e.errno == errno.ENOENT:
        return f"no such file or folder:{name or ' (unnamed)'}: check the path"
    return f"{e.strerror or type(e).__name__}:{name}: check the file and the disk"
