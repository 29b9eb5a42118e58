"""The ``dxtext`` command. Each sub-command lives in its own module and is registered here."""

from __future__ import annotations

import errno
import sys
from typing import Annotated

import typer

from .. import __version__, i18n
from ..crash import silence_stdout, write_crash_log
from ..errors import DxtextError
from ..i18n import _
from .click_messages import install, run
from .console import make_console_safe
from .repeats import check_repeated

# The language is chosen before the command modules are imported: their option help is built at import time.
# ``--lang`` may stand anywhere on the command line; main() takes it out before typer parses the rest.
try:
    i18n.set_language(i18n.argv_language(sys.argv[1:]))
except ValueError:
    pass  # main() reports the bad value

app = typer.Typer(
    name="dxtext",
    help=_(
        "Text mining of Japanese free text about municipal DX: survey answers (自由記述) and meeting minutes."
    ),
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
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version and exit.")),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=_("Language of messages, help and table headings: ja or en (default: the computer's)."),
        ),
    ] = None,
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
        "outputs",
    ):
        try:
            module = importlib.import_module(f".{name}_cmd", __package__)
        except ModuleNotFoundError as e:
            if e.name == f"{__package__}.{name}_cmd":
                continue  # command not built yet
            raise
        module.register(app)
    _translate_help(app)


def _translate_help(group: typer.Typer) -> None:
    """A command's help is its function's docstring, in the interface language (the catalog has each one)."""
    import inspect

    for info in group.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = _(inspect.cleandoc(info.callback.__doc__))
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _translate_help(sub.typer_instance)


_register()


def main() -> None:
    """Entry point. A DxtextError becomes one line on stderr and exit code 1 (typer handles usage errors).
    Anything else is a fault of dxtext or of the machine: the user still gets one line (what happened, what to do)
    and exit code 1, and the traceback goes to a log file whose path that line names -- never to the screen.
    stdout and stderr print any character on any console (a CP932 one shows '～' for '〜', '?' for an emoji)."""
    make_console_safe()
    lang = i18n.argv_language(sys.argv[1:])
    if lang is not None:
        try:
            i18n.set_language(lang)
        except ValueError:
            typer.echo(_("error: --lang {value}: choose ja or en").format(value=lang), err=True)
            sys.exit(2)
    install()
    try:
        args = i18n.strip_lang(sys.argv[1:])
        check_repeated(app, args)
        # the command tree runs in click_messages.run, which prints click's usage errors in the interface language
        code = run(typer.main.get_command(app), args)
    except DxtextError as e:
        typer.echo(_printable(_("error: {message}").format(message=e), sys.stderr), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo(_("interrupted: stopped by the user; outputs of this run may be incomplete"), err=True)
        sys.exit(130)
    except BrokenPipeError:
        # the reader of our stdout went away (``dxtext freq … | head``): not an error of the run
        silence_stdout()
        sys.exit(0)
    except MemoryError:
        typer.echo(
            _("error: out of memory: close other programs, or analyse a part of the corpus (--sample)"),
            err=True,
        )
        sys.exit(1)
    except OSError as e:
        typer.echo(_("error: {message}").format(message=_os_error_line(e)), err=True)
        sys.exit(1)
    except Exception as e:
        log = write_crash_log(e)
        if log:
            line = _(
                "error: dxtext failed unexpectedly ({error}); the details are in {log}; please report it with that file"
            ).format(error=f"{type(e).__name__}: {_short(e)}", log=log)
        else:
            line = _("error: dxtext failed unexpectedly ({error}); please report it").format(
                error=f"{type(e).__name__}: {_short(e)}"
            )
        typer.echo(line, err=True)
        sys.exit(1)
    sys.exit(code)


def entry() -> None:
    """The ``dxtext`` program (the console script and ``python -m dxtext``): :func:`main`, then the process ends
    at once, without the interpreter's teardown. After a large run the teardown frees every object one by one
    (0.6 s after ``dxtext topics`` on 57,000 answers) and writes nothing; exit handlers (logging, child
    processes) still run and the streams are flushed first. While a thread of ours still runs, or under a
    profiler or debugger (``python -m cProfile -m dxtext …`` writes its file after this returns), the exit is
    the normal one."""
    try:
        main()
        code: object = 0
    except SystemExit as e:
        code = e.code
    _leave(code)


def _leave(code: object) -> None:
    import atexit
    import os
    import threading

    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): printed, exit code 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    main_thread = threading.main_thread()
    if any(t is not main_thread and not t.daemon and t.is_alive() for t in threading.enumerate()):
        sys.exit(code)
    if sys.getprofile() is not None or sys.gettrace() is not None:  # a profiler or debugger saves on return
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away, or the stream was closed: nothing left to say
            pass
    os._exit(code)


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
        return _("the disk is full writing{name}: free some space or choose another --out folder").format(
            name=name
        )
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _(
            "permission denied:{name}: choose a folder you can write to (--out) or check the file"
        ).format(name=name or " " + _("a file"))
    if e.errno == errno.ENOENT:
        return _("no such file or folder:{name}: check the path").format(name=name or " " + _("(unnamed)"))
    return _("{error}:{name}: check the file and the disk").format(
        error=e.strerror or type(e).__name__, name=name
    )
