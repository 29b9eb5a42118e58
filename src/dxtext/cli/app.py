"""The ``dxtext`` command. Each sub-command lives in its own module and is registered here."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .. import __version__
from ..errors import DxtextError

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

    for name in ("corpus", "dict", "freq", "kwic", "topics", "network", "themes", "report"):
        try:
            module = importlib.import_module(f".{name}_cmd", __package__)
        except ModuleNotFoundError as e:
            if e.name == f"{__package__}.{name}_cmd":
                continue  # command not built yet
            raise
        module.register(app)


_register()


def main() -> None:
    """Entry point: a DxtextError becomes one line on stderr and exit code 1 (typer handles usage errors)."""
    try:
        app()
    except DxtextError as e:
        typer.echo(f"error: {e}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
