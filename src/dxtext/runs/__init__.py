"""One function per command: what ``dxtext <command>`` does, as a Python call.

Each takes a corpus (a path, read with the same options as the command — ``text_col``, ``id_col``,
``attrs``/``on``, ``encoding``, ``sheet``, ``unit``, ``non_answers``, ``dictionary``, ``pos``, ``stopwords``,
``jobs``, ``cache_dir``; or a :class:`~dxtext.io.corpus.Corpus`), the command's options as keyword
arguments, ``progress`` (a callback ``progress(stage, done, total)``) and ``out`` (the folder for run
folders), writes exactly the files the command writes and returns a :class:`RunResult`::

    import dxtext.runs as r
    result = r.topics("corpora/dx_survey_2025.csv", k=6, seed=1, out="outputs")
    print(result.summary())          # what `dxtext topics` prints
    result.tables["topics"]          # the tables as DataFrames
    result.model, result.folder      # the fitted model, the run folder

The command line is a thin shell over these functions: ``dxtext topics FILE --k 6 --seed 1`` calls
``runs.topics(FILE, k=6, seed=1, out="outputs")`` and prints its summary; both save the fitted model under
``$DXTEXT_MODELS`` or ``models/`` (``save_model=False`` in Python to skip that).
"""

from __future__ import annotations

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
