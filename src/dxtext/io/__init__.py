"""Files → :class:`~dxtext.io.corpus.Corpus`: encodings, survey spreadsheets, meeting records, normalisation,
non-answers and the ledger that accounts for every input row."""
