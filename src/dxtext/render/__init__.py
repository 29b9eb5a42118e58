"""Results → files: CSV with BOM and XLSX tables, PNG plots, offline HTML pages, Markdown. No analysis here."""
