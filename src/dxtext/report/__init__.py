"""Rendering only: tables (CSV with BOM, XLSX), PNG plots with a Japanese font, offline HTML, run folders."""
