"""dxtext: text mining of Japanese free text about municipal digital transformation.

The pipeline: files → :class:`Corpus` → normalised text → tokens (:class:`Tokenizer`) → document-term matrix →
topics / networks / themes / KWIC → reports. Heavy modules are imported lazily, so ``import dxtext`` is quick.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("dxtext")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

_LAZY = {
    # corpus → normalise
    "Corpus": "io.corpus",
    "Ledger": "io.corpus",
    "read_corpus": "io.corpus",
    "NonAnswerDetector": "io.normalize",
    "normalize_text": "io.normalize",
    "split_minutes": "io.minutes",
    # tokens → matrix
    "Tokenizer": "text.tokenize",
    "DocTermMatrix": "analysis.matrix",
    "build_dtm": "analysis.matrix",
    # analyses
    "frequency_table": "analysis.freq",
    "concordance": "analysis.kwic",
    "TopicModel": "analysis.topics",
    "cooccurrence_network": "analysis.network",
    "nodes_frame": "analysis.network",
    "edges_frame": "analysis.network",
    "load_rules": "analysis.themes",
    "code_documents": "analysis.themes",
    "crosstab": "analysis.themes",
    "build_report": "runs.report",
    "mask_pii": "text.privacy",
    # errors
    "DxtextError": "errors",
    "CorpusError": "errors",
    "DictionaryError": "errors",
    "ModelError": "errors",
    "RulesError": "errors",
    "OutputError": "errors",
}

__all__ = [
    "Corpus",
    "CorpusError",
    "DictionaryError",
    "DocTermMatrix",
    "DxtextError",
    "Ledger",
    "ModelError",
    "NonAnswerDetector",
    "OutputError",
    "RulesError",
    "Tokenizer",
    "TopicModel",
    "__version__",
    "build_dtm",
    "build_report",
    "code_documents",
    "concordance",
    "cooccurrence_network",
    "crosstab",
    "edges_frame",
    "frequency_table",
    "load_rules",
    "mask_pii",
    "nodes_frame",
    "normalize_text",
    "read_corpus",
    "split_minutes",
]

if TYPE_CHECKING:
    from .analysis.freq import frequency_table
    from .analysis.kwic import concordance
    from .analysis.matrix import DocTermMatrix, build_dtm
    from .analysis.network import cooccurrence_network, edges_frame, nodes_frame
    from .analysis.themes import code_documents, crosstab, load_rules
    from .analysis.topics import TopicModel
    from .errors import CorpusError, DictionaryError, DxtextError, ModelError, OutputError, RulesError
    from .io.corpus import Corpus, Ledger, read_corpus
    from .io.minutes import split_minutes
    from .io.normalize import NonAnswerDetector, normalize_text
    from .runs.report import build_report
    from .text.privacy import mask_pii
    from .text.tokenize import Tokenizer


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'dxtext' has no attribute {name!r}")
