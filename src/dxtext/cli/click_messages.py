"""The messages of click and typer (usage lines, section titles, usage errors) in the interface language.

Two ways, because typer comes in two kinds:

* click (and the typer of before 0.2x, which uses it) marks its messages with the standard library's
  ``gettext.gettext`` and looks them up in the default domain; dxtext's catalog carries the ones a user meets
  (listed below, so ``scripts/i18n.py extract`` collects them), and :func:`install` points the ``_`` of click's
  and typer's modules at :func:`dxtext.i18n._`.
* newer typer carries its own copy of click (``typer._click``) whose usage line, "Try … for help." hint and
  usage errors are plain English f-strings, with nothing to hook. :func:`run` therefore runs the command tree
  with click's public ``standalone_mode=False`` (click raises the usage error instead of printing it) and prints
  the error itself, in click's layout, with the words translated (:func:`translate`, which reads click's
  English message); :func:`localise` gives every command a ``context_class`` (click's documented way to
  change a command's context) whose help formatter writes the "Usage:" of help pages and errors.

In English nothing changes: the same lines, byte for byte, as click prints them.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

from ..i18n import N_, _, get_language

MESSAGES = (
    N_("Show this message and exit."),
    N_("Usage:"),
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("required"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("file"),
    N_("directory"),
    N_("path"),
)

#: the packages whose modules mark messages with gettext's ``_`` (typer carries a copy of click in typer._click)
PACKAGES = ("click", "typer", "typer._click")


def install() -> None:
    """Have click and typer speak the interface language (nothing to do in English)."""
    if get_language() == "en":
        return
    import gettext
    import pkgutil

    for package_name in PACKAGES:
        try:
            package = importlib.import_module(package_name)
        except ImportError:
            continue
        names = [info.name for info in pkgutil.iter_modules(getattr(package, "__path__", []))]
        for name in names:
            if name.startswith("__") or name in ("testing", "rich_utils", "cli", "_completion_classes"):
                continue
            try:
                module = importlib.import_module(f"{package_name}.{name}")
            except Exception:
                continue
            if getattr(module, "_", None) is gettext.gettext:
                module._ = _  # type: ignore[attr-defined]


# ---- typer with its own copy of click -----------------------------------------------------------------------

#: click's English usage errors (typer's copy and click itself) → the catalog's message; the groups fill the
#: placeholders. Matched on the whole message, first match wins; anything else is shown as click wrote it.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (r"(?P<message>.+?)\.? Did you mean (?P<names>.+)\?", N_("{message} Did you mean {names}?")),
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<names>.+)\)",
            N_("No such option: {name} (possible options: {names})"),
        ),
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (r"No such command (?P<name>'.*')\.", N_("No such command {name}.")),
        (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
        (r"Missing parameter (?P<name>.+)\.", N_("Missing parameter {name}.")),
        (r"Missing command\.", N_("Missing command.")),
        (r"Option (?P<name>'.+') requires an argument\.", N_("Option {name} requires an argument.")),
        (
            r"Option (?P<name>'.+') requires (?P<n>\d+) arguments\.",
            N_("Option {name} requires {n} arguments."),
        ),
        (r"Option (?P<name>'.+') does not take a value\.", N_("Option {name} does not take a value.")),
        (
            r"Got unexpected extra arguments? \((?P<args>.*)\)",
            N_("Got unexpected extra argument(s) ({args})"),
        ),
        (r"Invalid value for (?P<name>.+?): (?P<message>.*)", N_("Invalid value for {name}: {message}")),
        (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
        (r"Input should be a valid integer\b.*", N_("Input should be a valid integer")),
        (r"Input should be a valid number\b.*", N_("Input should be a valid number")),
        (r"Input should be a valid boolean\b.*", N_("Input should be a valid boolean")),
        (r"(?P<value>.+) is not one of (?P<names>.+)\.", N_("{value} is not one of {names}.")),
        (r"(?P<value>.+) is not in the range (?P<range>.+)\.", N_("{value} is not in the range {range}.")),
    )
)


def translate(message: str) -> str:
    """One of click's English usage errors in the interface language (unchanged in English, and when click
    wrote it in words not listed here)."""
    if get_language() == "en":
        return message
    for pattern, template in _PATTERNS:
        m = pattern.fullmatch(message)
        if m:
            fields = m.groupdict()
            if "message" in fields:
                fields["message"] = translate(fields["message"])
            return _(template).format(**fields)
    return message


def localise(command: Any) -> None:
    """Give ``command`` and its sub-commands a context whose help formatter writes "Usage:" in the interface
    language (click's ``Command.context_class`` and ``Context.formatter_class``). Nothing to do in English."""
    if get_language() == "en":
        return
    base = command.context_class
    command.context_class = _localised_context(base)
    for sub in getattr(command, "commands", {}).values():
        localise(sub)


_CONTEXTS: dict[type, type] = {}
#: option help that click writes itself (in MESSAGES above)
_CLICK_HELP = frozenset({"Show this message and exit."})


def _localised_context(base: type) -> type:
    if base in _CONTEXTS or getattr(base, "_dxtext_localised", False):
        return _CONTEXTS.get(base, base)
    formatter_base: Any = base.formatter_class  # type: ignore[attr-defined]

    class Formatter(formatter_base):  # type: ignore[misc,valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, _("Usage:") + " " if prefix is None else prefix)

        def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
            # the help of click's own --help option
            rows = [(term, _(text) if text in _CLICK_HELP else text) for term, text in rows]
            super().write_dl(rows, *args, **kwargs)

    class Context(base):  # type: ignore[misc,valid-type]
        formatter_class = Formatter
        _dxtext_localised = True

    _CONTEXTS[base] = Context
    return Context


def _is_usage_error(e: BaseException) -> bool:
    """click's ClickException and its kin (UsageError …), from click or from typer's copy of it."""
    return (
        callable(getattr(e, "format_message", None))
        and callable(getattr(e, "show", None))
        and isinstance(getattr(e, "exit_code", None), int)
    )


def show(e: Any) -> None:
    """Print a click usage error as click does (usage line, "Try … for help.", "Error: …" on stderr), in the
    interface language."""
    import typer

    if type(e).__name__ == "NoArgsIsHelpError":  # the help page itself, written by the localised formatter
        e.show()
        return
    ctx = getattr(e, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = (
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
                + "\n"
            )
        typer.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    typer.echo(_("Error: {message}").format(message=translate(e.format_message())), err=True)


def run(command: Any, args: list[str] | None = None) -> int:
    """Run the click command tree ``command`` (``typer.main.get_command(app)``) on ``args`` (default
    ``sys.argv[1:]``) and return the exit code; usage errors and "Aborted!" are printed here, in the interface
    language. Anything else the command raises (DxtextError …) is the caller's."""
    import typer

    localise(command)
    try:
        rv = command.main(args=sys.argv[1:] if args is None else args, standalone_mode=False)
    except typer.Abort:
        typer.echo(_("Aborted!"), err=True)
        return 1
    except Exception as e:
        if not _is_usage_error(e):
            raise
        show(e)
        return int(e.exit_code)  # type: ignore[attr-defined]
    return rv if isinstance(rv, int) and not isinstance(rv, bool) else 0
