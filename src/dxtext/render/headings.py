"""The stable English names of the columns and sheets dxtext writes, marked for the catalog.

Tables for people are written in the interface language (``dxtext --lang ja``: 語, 出現回数, 文書頻度 …); scripts
read the English names listed here, which never change: the DataFrames of ``RunResult.tables`` carry them, and
each run's ``metadata.json`` has ``"columns": {file: {heading: English name}}``. The Japanese of each name is in
``src/dxtext/locale/ja/LC_MESSAGES/dxtext.po`` (context "column" / "sheet"). A column not listed here (an
attribute of the corpus such as 人口規模, a theme or topic name) is written as it is.
"""

from __future__ import annotations

from ..i18n import NC_, NS_

COLUMNS = (
    # freq
    NC_("docs"), NC_("rank"), NC_("word"), NC_("word_class"), NC_("tf"), NC_("df"), NC_("df_pct"),
    # kwic
    NC_("doc_id"), NC_("left"), NC_("right"), NC_("lemma"), NC_("start"), NC_("question"),
    # topics
    NC_("topic"), NC_("weight"), NC_("relevance"), NC_("label"), NC_("theme"), NC_("main_topic"),
    NC_("main_label"), NC_("share"), NC_("text"), NC_("documents"), NC_("main_topic_docs"),
    NC_("main_topic_pct"), NC_("mean_share"), NC_("k"), NC_("coherence"), NC_("coherence_min"),
    NC_("stability"), NC_("stability_min"), NC_("stable"), NC_("chosen"), NC_("item"), NC_("value"),
    NC_("top_words"),
    # network
    NC_("frequency"), NC_("community"), NC_("betweenness"), NC_("degree_centrality"), NC_("eigenvector"),
    NC_("degree"), NC_("word1"), NC_("word2"), NC_("count"), NC_("coefficient"), NC_("community1"),
    NC_("community2"), NC_("same_community"), NC_("backbone"), NC_("size"), NC_("words"), NC_("kind"),
    NC_("group"), NC_("lift"),
    # themes and the report
    NC_("percent"), NC_("chi2"), NC_("dof"), NC_("p"), NC_("cramers_v"), NC_("low_expected"), NC_("theme_a"),
    NC_("theme_b"), NC_("jaccard"), NC_("lemmas"), NC_("how"), NC_("in_theme"), NC_("line"), NC_("with_theme"),
    NC_("adjusted_residual"), NC_("mark"), NC_("docs_in"), NC_("pct_in"), NC_("pct_out"), NC_("log_odds"),
    NC_("z"), NC_("atom"), NC_("source"), NC_("parameter"), NC_("exact p"),  # the last: the terminal's crosstab
    # the ledger
    NC_("path"), NC_("format"), NC_("encoding"), NC_("sha256"), NC_("rows_read"), NC_("used"), NC_("empty"),
    NC_("non_answer"), NC_("too_short"),
)  # fmt: skip

SHEETS = (
    NS_("about"), NS_("topics"), NS_("doc_topics"), NS_("representative"), NS_("prevalence"),
    NS_("k_selection"), NS_("nodes"), NS_("edges"), NS_("communities"), NS_("twomode_nodes"),
    NS_("twomode_edges"), NS_("themes"), NS_("crosstab"), NS_("crosstab_counts"), NS_("crosstab_percent"),
    NS_("crosstab_residuals"), NS_("crosstab_long"), NS_("chi2"), NS_("characteristic_words"),
    NS_("rule_words"), NS_("rule_atoms"), NS_("quotes"), NS_("theme_pairs"), NS_("topic_quotes"),
    NS_("topics_crosstab"), NS_("ledger"), NS_("parameters"), NS_("documents"), NS_("cooccurrence"),
    NS_("cooccurrence_pairs"), NS_("words"),
)  # fmt: skip
