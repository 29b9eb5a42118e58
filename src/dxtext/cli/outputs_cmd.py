"""``dxtext outputs``: see the run folders and saved models, and prune them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import _
from . import common as c

outputs_app = typer.Typer(help=_("See and prune run folders and saved models."), no_args_is_help=True)

OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help=_("Folder of the run folders (default: outputs/ or $DXTEXT_OUT).")),
]
ModelsOpt = Annotated[
    Path | None,
    typer.Option("--models", help=_("Folder of the saved models (default: $DXTEXT_MODELS or models/).")),
]


@outputs_app.command("list")
def list_(out: OutOpt = None, models: ModelsOpt = None) -> None:
    """List the run folders (newest first, with their size and options) and the saved topic models."""
    from ..runs.outputs import outputs_list
    from ..runs.topics import default_models_dir

    c.say(outputs_list(out=out or c.default_out(), models=models or default_models_dir()))


@outputs_app.command("clean")
def clean(
    out: OutOpt = None,
    models: ModelsOpt = None,
    keep: Annotated[
        int | None,
        typer.Option("--keep", help=_("Keep the newest N runs of each command; remove the others.")),
    ] = None,
    older_than: Annotated[
        float | None, typer.Option("--older-than", help=_("Remove runs older than this many days."))
    ] = None,
    command: Annotated[
        str | None, typer.Option("--command", help=_("Only runs of this command (topics, network …)."))
    ] = None,
    include_models: Annotated[
        bool, typer.Option("--models-too", help=_("Also remove saved topic models by the same rules."))
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=_("Remove for real (without it: only show)."))
    ] = False,
) -> None:
    """Remove old run folders: beyond the newest --keep N of each command and/or older than --older-than DAYS.
    Shows what it would remove; --yes removes. Only folders dxtext wrote are touched."""
    from ..runs.outputs import outputs_clean
    from ..runs.topics import default_models_dir

    c.say(
        outputs_clean(
            out=out or c.default_out(),
            models=models or default_models_dir(),
            keep=keep,
            older_than=older_than,
            command=command,
            include_models=include_models,
            yes=yes,
        )
    )


def register(app: typer.Typer) -> None:
    app.add_typer(outputs_app, name="outputs")
