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

__all__ = [
    "Corpus",
    "CorpusError",
    "DictionaryError",
    "DxtextError",
    "Ledger",
    "NonAnswerDetector",
    "Tokenizer",
    "__version__",
    "normalize_text",
    "read_corpus",
]

_LAZY = {
    "Corpus": "corpus",
    "Ledger": "corpus",
    "read_corpus": "corpus",
    "Tokenizer": "tokenize",
    "NonAnswerDetector": "normalize",
    "normalize_text": "normalize",
    "DxtextError": "errors",
    "CorpusError": "errors",
    "DictionaryError": "errors",
}

if TYPE_CHECKING:
    from .corpus import Corpus, Ledger, read_corpus
    from .errors import CorpusError, DictionaryError, DxtextError
    from .normalize import NonAnswerDetector, normalize_text
    from .tokenize import Tokenizer


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'dxtext' has no attribute {name!r}")
