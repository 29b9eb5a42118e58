"""What a run returns: the folder it wrote, its tables, and the text the command prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class RunResult:
    """The outcome of one run.

    ``folder``: the run folder (None when the run wrote none, e.g. ``freq(..., out=None)``); ``files``: the
    files written, relative to it; ``tables``: the main tables as DataFrames; ``open``: the file a person
    opens first; ``notes`` and ``warnings``: what the command says on stderr; :meth:`summary`: what it prints.
    """

    command: str
    folder: Path | None = None
    files: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    text: str = ""
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    open: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """The text the command prints on standard output."""
        return self.text

    def __getattr__(self, name: str) -> Any:
        # run-specific results (graph, model, report paths …) live in ``data``
        data = self.__dict__.get("data")
        if data is not None and name in data:
            return data[name]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __repr__(self) -> str:
        where = f" → {self.folder}" if self.folder else ""
        tables = f" tables={sorted(self.tables)}" if self.tables else ""
        return f"<RunResult {self.command}{where}{tables}>"
