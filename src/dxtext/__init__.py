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
    "Corpus": "corpus",
    "Ledger": "corpus",
    "read_corpus": "corpus",
    "NonAnswerDetector": "normalize",
    "normalize_text": "normalize",
    "split_minutes": "minutes",
    # tokens → matrix
    "Tokenizer": "tokenize",
    "DocTermMatrix": "matrix",
    "build_dtm": "matrix",
    # analyses
    "frequency_table": "freq",
    "concordance": "kwic",
    "TopicModel": "topics",
    "cooccurrence_network": "network",
    "nodes_frame": "network",
    "edges_frame": "network",
    "load_rules": "themes",
    "code_documents": "themes",
    "crosstab": "themes",
    "build_report": "report.summary",
    "mask_pii": "privacy",
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
    from .corpus import Corpus, Ledger, read_corpus
    from .errors import CorpusError, DictionaryError, DxtextError, ModelError, OutputError, RulesError
    from .freq import frequency_table
    from .kwic import concordance
    from .matrix import DocTermMatrix, build_dtm
    from .minutes import split_minutes
    from .network import cooccurrence_network, edges_frame, nodes_frame
    from .normalize import NonAnswerDetector, normalize_text
    from .privacy import mask_pii
    from .report.summary import build_report
    from .themes import code_documents, crosstab, load_rules
    from .tokenize import Tokenizer
    from .topics import TopicModel


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'dxtext' has no attribute {name!r}")
