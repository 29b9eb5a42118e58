"""Where the partitioned stages run: in this process (``local``, the default) or on a Dask cluster (``dask``).

An engine offers the stages that split by document — tokenizing, counting the document-term matrix, the pair
counts of a co-occurrence network (Bᵀ B) and theme coding — with the same results as the local code, byte for
byte (tests/engine compares them). ``get_engine("dask", scheduler=None)`` starts a ``LocalCluster`` of two
worker processes on this machine; ``scheduler="tcp://host:8786"`` uses a running cluster (see docs/performance.md,
"Running on a Dask cluster").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ..errors import DxtextError
from ..i18n import _
from ..progress import Progress

EngineName = Literal["local", "dask"]
ENGINES = ("local", "dask")


class LocalEngine:
    """Every stage in this process (tokenizing in worker processes of its own, as ``--jobs`` says)."""

    name = "local"

    def tokenize_many(
        self, tok: Any, texts: Sequence[str], *, n_jobs: int = 1, progress: Progress | None = None
    ) -> list[list[str]]:
        return tok.tokenize_many(texts, n_jobs=n_jobs, progress=progress)

    def build_dtm(self, token_lists: Sequence[Sequence[str]], **kw: Any) -> Any:
        from ..analysis.matrix import build_dtm

        return build_dtm(token_lists, **kw)

    gram: Any = None  # Bᵀ B in one product (analysis/network's default)

    def code_themes(self, rules: Any, *, tokenizer: Any, tokens: Any, texts: Any) -> Any:
        from ..analysis.themes import ThemeCoder

        return ThemeCoder(rules, tokenizer=tokenizer).fit(tokens, texts=texts)

    def close(self) -> None:
        pass


_ENGINES: dict[tuple[str, str | None], Any] = {}


def get_engine(name: str = "local", *, scheduler: str | None = None, workers: int = 2) -> Any:
    """The engine called ``name`` (one per scheduler address and process; a Dask engine's cluster starts on
    first use and is closed when the process exits)."""
    if name not in ENGINES:
        raise DxtextError(_("--engine {name!r}: unknown engine; use local or dask.").format(name=name))
    if name == "local":
        if scheduler:
            raise DxtextError(
                _("--scheduler needs --engine dask: add --engine dask, or leave --scheduler out.")
            )
        return LocalEngine()
    key = (name, scheduler)
    engine = _ENGINES.get(key)
    if engine is None:
        from .dask import DaskEngine

        engine = _ENGINES[key] = DaskEngine(scheduler=scheduler, workers=workers)
    return engine


def close_engines() -> None:
    """Close every engine this process started (their clusters and clients)."""
    while _ENGINES:
        _, engine = _ENGINES.popitem()
        engine.close()


__all__ = ["ENGINES", "EngineName", "LocalEngine", "close_engines", "get_engine"]
