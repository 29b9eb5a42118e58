"""The runs of an outputs folder: listed for people (``<out>/latest/index.html`` and a page per command that
opens its newest run), for the terminal (``dxtext outputs list``) and pruned (``dxtext outputs clean``).

A run folder is any folder of ``<out>`` with a metadata.json written by dxtext; a saved topic model is a
folder of the models folder with a model.json. Nothing else is ever listed or removed.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import write_text
from ..i18n import _

#: the file a person opens first, by command (the first one present)
MAIN_FILES = (
    "report.html",
    "topics.html",
    "network.html",
    "themes.xlsx",
    "freq.csv",
    "kwic.csv",
    "suggestions.tsv",
)
LATEST = "latest"


@dataclass
class Run:
    folder: Path
    command: str
    corpus: str
    options: dict[str, Any]
    modified: float
    size: int
    main: str | None

    def options_text(self) -> str:
        return " ".join(
            f"{k}={_short(v)}" for k, v in sorted(self.options.items()) if v not in (None, False, [], "")
        )


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def folder_size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                pass
    return total


def find_runs(out: str | os.PathLike[str]) -> list[Run]:
    """The run folders of ``out``, newest first."""
    runs = []
    base = Path(out)
    if not base.is_dir():
        return []
    for folder in base.iterdir():
        meta_path = folder / "metadata.json"
        if folder.name == LATEST or not meta_path.is_file():
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(meta, dict) or "command" not in meta:
            continue
        corpus = meta.get("corpus") or {}
        main = next((name for name in MAIN_FILES if (folder / name).is_file()), None)
        runs.append(
            Run(
                folder=folder,
                command=str(meta["command"]),
                corpus=str(corpus.get("name", "")) if isinstance(corpus, dict) else "",
                options=meta.get("parameters") or {},
                modified=meta_path.stat().st_mtime,
                size=folder_size(folder),
                main=main,
            )
        )
    runs.sort(key=lambda r: (-r.modified, r.folder.name))
    return runs


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def when(t: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(t))


def update_index(out: str | os.PathLike[str]) -> Path | None:
    """Rewrite ``<out>/latest/index.html`` and ``<out>/latest/<command>.html``; returns the index (None when
    ``out`` holds no run)."""
    from ..render.outputs_page import index_page, pointer_page

    runs = find_runs(out)
    latest = Path(out) / LATEST
    if not runs:
        if latest.is_dir():
            import shutil

            shutil.rmtree(latest)
        return None
    latest.mkdir(exist_ok=True)
    rows = [
        {
            "folder": r.folder.name,
            "command": r.command,
            "corpus": r.corpus,
            "options": r.options_text(),
            "when": when(r.modified),
            "size": human_size(r.size),
            "open": f"../{r.folder.name}/{r.main}" if r.main else "",
        }
        for r in runs
    ]
    index = latest / "index.html"
    write_text(
        index_page(rows, title=_("dxtext runs in {folder}").format(folder=Path(out).resolve().name)), index
    )
    newest: dict[str, Run] = {}
    for r in runs:
        newest.setdefault(r.command.replace(" ", "_"), r)
    for command, r in newest.items():
        target = f"../{r.folder.name}/{r.main or ''}"
        write_text(pointer_page(target, title=f"{command}: {r.folder.name}"), latest / f"{command}.html")
    return index
