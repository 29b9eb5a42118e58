"""The theme rule language: KH Coder's coding-rule syntax → a syntax tree (:class:`ThemeRules`).

Reading and checking only; evaluating the rules over documents is in :mod:`dxtext.analysis.themes`.

Topics are discovered; themes are asked. A theme is a named rule over the words of a document::

    # comment
    *レガシーシステム・システム更新
    レガシーシステム or 基幹系システム or システム+更新
      or near(システム-老朽化)[5]

Supported (KH Coder's coding-rule subset; see docs/themes.md):

=========================  ===========================================================================
``*name`` / ``＊name``      starts a rule; its expression runs until the next ``*name`` line
``and or not ( )``          also KH Coder's ``& | ! &! |!``; precedence not > and > or
``word``                    a lemma (a surface form is mapped through the tokenizer: 行った → 行く)
``'substring'``             on the normalised text (``''`` inside quotes is one quote)
``word->品詞``              word with that word class (``-->`` accepted too; KH Coder's names mapped)
``a+b``                     consecutive words
``near(a-b)[n]``            all words within n words of each other, any order (default 10)
``seq(a-b)[n]``             the words in this order, each within n words of the previous (default 10)
``<*other>``                another rule (forward references allowed; circles are an error)
``atom >= n``               a count: also ``> <= < == =``
=========================  ===========================================================================

Positions count the kept content words of a document (the tokens dxtext analyses), so ``near`` and ``seq``
distances are in content words, and ``a+b`` means "b is the next content word after a". Anything else
(``lw=``, ``dist(...)``, ``code::``, ``<>`` headings and variables, arithmetic on counts, conjugation forms)
is a :class:`~dxtext.errors.RulesError` naming ``file:line`` and the construct — never ignored.

The package, by seam: ``tree`` (the syntax tree, :class:`Rule`, :class:`ThemeRules`, source locations and the
error helper), ``lexer`` (a line → tokens), ``parser`` (tokens → syntax tree of one rule's expression, with the
word-class names and the default distance) and ``reader`` (a rule file → rules: the ``*name`` blocks, the checks
of names and references, reading files).
"""

from __future__ import annotations

from ...errors import RulesError
from .parser import DEFAULT_DISTANCE, POS_NAMES
from .reader import default_rules_path, load_rules, parse_rules
from .tree import (
    ATOMS,
    And,
    Compare,
    Loc,
    Near,
    Not,
    Or,
    Phrase,
    Ref,
    Rule,
    Substring,
    ThemeRules,
    Word,
    _err,  # noqa: F401  (dxtext.analysis.themes imports it from here)
)

__all__ = [
    "ATOMS",
    "DEFAULT_DISTANCE",
    "POS_NAMES",
    "And",
    "Compare",
    "Loc",
    "Near",
    "Not",
    "Or",
    "Phrase",
    "Ref",
    "Rule",
    "RulesError",
    "Substring",
    "ThemeRules",
    "Word",
    "default_rules_path",
    "load_rules",
    "parse_rules",
]
