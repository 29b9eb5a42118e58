"""Themes: coding rules (:mod:`dxtext.analysis.rules`) evaluated over documents → a document × theme table; theme
co-occurrence; crosstabs with χ² and adjusted residuals; the words that characterise a set of documents.

Evaluation is vectorised: word counts are column sums of a sparse document × lemma matrix, phrases are
shifted boolean masks over one flat array of token ids, and only the candidate documents of ``near``/``seq``
(those containing every word) are scanned position by position.

The package, by seam: ``coder`` (:class:`ThemeCoder`, :func:`code_documents`, :func:`document_table`),
``index`` (the token and text indexes the coder counts with, and the near/seq chain count), ``overlap``
(co-occurrence of themes), ``crosstabs`` (:class:`CrossTab`, :func:`crosstab`, group order, p-values) and
``words`` (characteristic words of a set of documents). The rule language itself is
:mod:`dxtext.analysis.rules`.
"""

from __future__ import annotations

from ..rules import DEFAULT_DISTANCE, POS_NAMES, Rule, ThemeRules, default_rules_path, load_rules, parse_rules
from .coder import ThemeCoder, code_documents, document_table
from .crosstabs import HIGH_MARK, LOW_MARK, MISSING_LABEL, CrossTab, crosstab, format_p, group_order
from .index import _chain_count  # noqa: F401  (tests import it from here)
from .overlap import cooccurrence_pairs, theme_cooccurrence
from .words import characteristic_words

__all__ = [
    "DEFAULT_DISTANCE",
    "HIGH_MARK",
    "LOW_MARK",
    "MISSING_LABEL",
    "POS_NAMES",
    "CrossTab",
    "Rule",
    "ThemeCoder",
    "ThemeRules",
    "characteristic_words",
    "code_documents",
    "cooccurrence_pairs",
    "crosstab",
    "default_rules_path",
    "document_table",
    "format_p",
    "group_order",
    "load_rules",
    "parse_rules",
    "theme_cooccurrence",
]
