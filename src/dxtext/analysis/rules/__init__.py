"""The theme rule language: KH Coder's coding-rule syntax → a syntax tree (:class:`ThemeRules`).

Reading and checking only; evaluating the rules over documents is in :mod:`dxtext.analysis.themes`.

Topics are discovered; themes are asked. A theme is a named rule over the words of a document::

    # comment
    *レガシーシステム・システム更新
    レガシーシステム or 基幹系システム or システム+更新
      or near(システム-老朽化)[5]

The complete language of KH Coder's manual (see docs/themes.md):

=============================  ======================================================================
``*name`` / ``＊name``          starts a rule; its expression runs until the next ``*name`` line
``and or not ( )``              also KH Coder's ``& | ! &! |!``; precedence not > and > or
``word``                        a lemma (a surface form is mapped through the tokenizer: 行った → 行く)
``'substring'``                 on the normalised text (``''`` inside quotes is one quote)
``word->品詞`` / ``-->``        word with that word class (KH Coder's names mapped)
``word->活用形``                a conjugation form: UniDic's cForm (連用形, 連用形-促音便 …) or KH Coder's
                                IPADIC names (基本形, 連用タ接続, 未然ウ接続 …) mapped onto it; ``word-->品詞->活用形``
``word=>書かれた形``            the word in this written form (買う=>買わ)
``a+b``                         consecutive words
``near(a-b)[n]``                the words in any order, each within n words of the previous one found (default
                                10, ``[0]`` no limit); ``[b]`` in one sentence, ``[d]`` in one paragraph (and
                                within 10, as in KH Coder), ``[b3]`` within 3, ``[b0]`` anywhere in it
``seq(a-b)[n]``                 the words in this order, each within n words of the previous (same options)
``<*other>``                    another rule (forward references allowed; circles are an error)
``<>変数名-->値``               the document's attribute (外部変数) has this value (``"<>…"`` when it has spaces)
``<>見出しN-->文``              the document is under this heading (KH Coder records h1–h5, outlines 1–3)
``<>変数名<>``                  the attribute as a number, to compare
``lw`` / ``lc``                 the document's length in words (content words) / characters, to compare
``No.``                         the document's number (reading order, from 1), to compare
``x >= n``                      counts compared: ``> <= < == = !=``; counts add up and divide between spaces:
                                ``愛 + 恋 >= 3``, ``lc / lw > 4``
=============================  ======================================================================

Positions count the kept content words of a document (the tokens dxtext analyses), so ``near`` and ``seq``
distances are in content words, and ``a+b`` means "b is the next content word after a". Anything else
(``dist(...)``, ``code::``, an unknown word class or form, a measure that is not compared) is a
:class:`~dxtext.errors.RulesError` naming ``file:line`` and the construct — never ignored.

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
