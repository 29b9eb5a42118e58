"""Tokens → results: the document-term matrix, frequencies, KWIC, topics, co-occurrence networks, themes and
the rule language. Data in, DataFrames / graphs / arrays out; nothing is written here."""
