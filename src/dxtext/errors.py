"""Errors raised by dxtext.

Every message names the file (and row, line or column where there is one) and says what to do.
The CLI turns a :class:`DxtextError` into one line on stderr and exit code 1.
"""

from __future__ import annotations


class DxtextError(Exception):
    """Base class of every error dxtext raises on purpose (bad input, bad options)."""


class CorpusError(DxtextError):
    """A corpus file cannot be read as asked (missing, undecodable, wrong column …)."""


class DictionaryError(DxtextError):
    """The user dictionary source is malformed or cannot be compiled."""


class ModelError(DxtextError):
    """A model cannot be fitted, saved or loaded (too few documents, wrong file …)."""


class RulesError(DxtextError):
    """A theme (coding) rule file is malformed or uses an unsupported construct."""


class OutputError(DxtextError):
    """An output cannot be written (read-only folder, file open in Excel …)."""
