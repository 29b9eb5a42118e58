"""``dxtext outputs list|clean``: see the run folders and saved models, and remove the ones no longer needed."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from ..errors import DxtextError
from ..i18n import _
from .index import Run, find_runs, folder_size, human_size, update_index, when
from .result import RunResult


def find_models(models: str | os.PathLike[str] | None) -> list[Run]:
    """The saved topic models (folders with a model.json), newest first."""
    base = Path(models) if models is not None else None
    if base is None or not base.is_dir():
        return []
    found = []
    for folder in base.iterdir():
        spec = folder / "model.json"
        if not spec.is_file():
            continue
        try:
            meta = json.loads(spec.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        corpus = ((meta.get("metadata") or {}).get("corpus") or {}) if isinstance(meta, dict) else {}
        found.append(
            Run(
                folder=folder,
                command="model",
                corpus=str(corpus.get("name", "")) if isinstance(corpus, dict) else "",
                options={},
                modified=spec.stat().st_mtime,
                size=folder_size(folder),
                main=None,
            )
        )
    found.sort(key=lambda r: (-r.modified, r.folder.name))
    return found


def _table(runs: list[Run]) -> str:
    import pandas as pd

    from ..render.terminal import render_table

    frame = pd.DataFrame(
        [
            {
                _("when"): when(r.modified),
                _("command"): r.command,
                _("size"): human_size(r.size),
                _("folder"): r.folder.name,
                _("options"): r.options_text(),
            }
            for r in runs
        ]
    )
    return render_table(frame, max_widths={_("folder"): 60, _("options"): 60}, right=[_("size")])


def outputs_list(
    *, out: str | os.PathLike[str] = "outputs", models: str | os.PathLike[str] | None = None
) -> RunResult:
    """The run folders under ``out`` and the saved models under ``models``, newest first, with their size and
    options. ``result.data["runs"]`` and ``["models"]`` hold them."""
    runs, saved = find_runs(out), find_models(models)
    lines = []
    if runs:
        total = sum(r.size for r in runs)
        lines.append(
            _("{n} runs in {folder} ({size}):").format(n=len(runs), folder=out, size=human_size(total))
        )
        lines.append(_table(runs))
    else:
        lines.append(_("no runs in {folder}").format(folder=out))
    if saved:
        total = sum(r.size for r in saved)
        lines.append("")
        lines.append(
            _("{n} saved models in {folder} ({size}):").format(
                n=len(saved), folder=models, size=human_size(total)
            )
        )
        lines.append(_table(saved))
    index = Path(out) / "latest" / "index.html"
    return RunResult(
        command="outputs list",
        text="\n".join(lines),
        open=index if runs and index.is_file() else None,
        data={"runs": runs, "models": saved},
    )


def outputs_clean(
    *,
    out: str | os.PathLike[str] = "outputs",
    models: str | os.PathLike[str] | None = None,
    keep: int | None = None,
    older_than: float | None = None,
    command: str | None = None,
    include_models: bool = False,
    yes: bool = False,
) -> RunResult:
    """Remove run folders (and with ``include_models`` saved models): those beyond the newest ``keep`` of each
    command, and/or those older than ``older_than`` days; ``command``: only runs of that command. Without
    ``yes`` nothing is removed: the result lists what would be. Only folders dxtext wrote (a metadata.json with
    a command, or a model.json) are ever touched."""
    if keep is None and older_than is None:
        raise DxtextError(
            _("outputs clean: say what to remove: --keep N (newest N per command) and/or --older-than DAYS.")
        )
    if keep is not None and keep < 0:
        raise DxtextError(_("--keep {n}: give 0 or more runs to keep per command.").format(n=keep))
    if older_than is not None and older_than < 0:
        raise DxtextError(_("--older-than {n}: give a number of days (0 or more).").format(n=older_than))
    candidates = [r for r in find_runs(out) if command is None or r.command == command]
    if include_models:
        candidates += find_models(models)
    cutoff = time.time() - older_than * 86400 if older_than is not None else None
    seen: dict[str, int] = {}
    doomed = []
    for r in candidates:  # newest first within each command
        seen[r.command] = seen.get(r.command, 0) + 1
        beyond_keep = keep is not None and seen[r.command] > keep
        too_old = cutoff is not None and r.modified < cutoff
        if (keep is None or beyond_keep) and (cutoff is None or too_old):
            doomed.append(r)
    freed = sum(r.size for r in doomed)
    lines = []
    if not doomed:
        lines.append(_("nothing to remove"))
    elif yes:
        for r in doomed:
            shutil.rmtree(r.folder)
        update_index(out)
        lines.append(_("removed {n} folders, {size} freed:").format(n=len(doomed), size=human_size(freed)))
    else:
        lines.append(
            _("would remove {n} folders ({size}); run again with --yes to remove them:").format(
                n=len(doomed), size=human_size(freed)
            )
        )
    if doomed:
        lines.append(_table(doomed))
    return RunResult(
        command="outputs clean", text="\n".join(lines), data={"removed" if yes else "would_remove": doomed}
    )
