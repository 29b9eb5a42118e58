"""One function per command: what ``dxtext <command>`` does, as a Python call.

Each takes a corpus (a path, read with the same options as the command — ``text_col``, ``id_col``,
``attrs``/``on``, ``encoding``, ``sheet``, ``unit``, ``non_answers``, ``dictionary``, ``pos``, ``stopwords``,
``jobs``, ``cache_dir``; or a :class:`~dxtext.io.corpus.Corpus`), the command's options as keyword
arguments, ``progress`` (a callback ``progress(stage, done, total)``) and ``out`` (the folder for run
folders), writes exactly the files the command writes and returns a :class:`RunResult`::

    import dxtext.runs as r
    result = r.topics("corpora/dx_survey_2025.csv", k=6, seed=1, out="outputs")
    result.summary()                 # the text `dxtext topics` prints
    result.tables["topics"]          # the tables as DataFrames
    result.model, result.folder      # the fitted model, the run folder

The command line is a thin shell over these functions: ``dxtext topics FILE --k 6 --seed 1`` calls
``runs.topics(FILE, k=6, seed=1, out="outputs")`` and prints its summary; both save the fitted model under
``$DXTEXT_MODELS`` or ``models/`` (``save_model=False`` in Python to skip that).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .assoc import assoc
    from .ca import ca
    from .cluster import cluster
    from .compare import compare
    from .corpus_info import corpus_info
    from .dictionary import dict_add, dict_build, dict_check, dict_list, dict_remove, dict_suggest
    from .dtm import dtm
    from .freq import freq
    from .kwic import kwic
    from .network import network
    from .outputs import outputs_clean, outputs_list
    from .report import report
    from .result import RunResult
    from .themes import themes
    from .topics import topics

#: each function, by the module that defines it: imported when first used (``dxtext topics`` does not load
#: every other command's modules; measured 0.2 s of a cold start)
_WHERE = {
    "RunResult": "result",
    "assoc": "assoc",
    "ca": "ca",
    "cluster": "cluster",
    "compare": "compare",
    "corpus_info": "corpus_info",
    **dict.fromkeys(
        ("dict_add", "dict_build", "dict_check", "dict_list", "dict_remove", "dict_suggest"), "dictionary"
    ),
    "dtm": "dtm",
    "freq": "freq",
    "kwic": "kwic",
    "network": "network",
    "outputs_clean": "outputs",
    "outputs_list": "outputs",
    "report": "report",
    "themes": "themes",
    "topics": "topics",
}


class _Runs(types.ModuleType):
    """``dxtext.runs.topics`` stays the function even once the module of the same name is imported (the import
    system sets a package's attribute to each submodule it loads), as it was when this package imported every
    function at once."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)

    def __getattr__(self, name: str) -> Any:
        if name not in _WHERE:
            raise AttributeError(name)
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
        types.ModuleType.__setattr__(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *_WHERE})


sys.modules[__name__].__class__ = _Runs

__all__ = [
    "RunResult",
    "assoc",
    "ca",
    "cluster",
    "compare",
    "corpus_info",
    "dict_add",
    "dict_build",
    "dict_check",
    "dict_list",
    "dict_remove",
    "dict_suggest",
    "dtm",
    "freq",
    "kwic",
    "network",
    "outputs_clean",
    "outputs_list",
    "report",
    "themes",
    "topics",
]
