"""report.docx: python-docx reads it back with the report's headings, tables, images and masked quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dxtext.runs as r
from conftest import SAMPLE_SURVEY


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("docx")
    return r.report(str(SAMPLE_SURVEY), by="人口規模", topics=4, seed=3, out=out)


def test_docx_has_the_headings_tables_images_and_quotes_of_the_report(built) -> None:  # type: ignore[no-untyped-def]
    import docx

    path = built.folder / "report.docx"
    assert "report.docx" in built.files and path.is_file()
    d = docx.Document(str(path))
    md = (built.folder / "report.md").read_text(encoding="utf-8")

    md_headings = [
        re.sub(r"\\(.)", r"\1", line.lstrip("#").strip()) for line in md.splitlines() if line.startswith("#")
    ]
    docx_headings = [p.text for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert docx_headings == md_headings and len(docx_headings) > 10

    assert len(d.tables) == sum(1 for line in md.splitlines() if re.match(r"^\|( -+:? \|)+$", line)) >= 3
    header = [c.text for c in d.tables[0].rows[0].cells]
    assert all(header)

    md_images = len(re.findall(r"(?m)^!\[", md))
    assert len(d.inline_shapes) == md_images > 0

    quotes = [p.text for p in d.paragraphs if p.style.name == "Quote"]
    md_quotes = md.count("\n> — ")
    assert len(quotes) == md_quotes > 0
    # masked as in the Markdown: the same quote text
    first_md_quote = re.search(r"(?m)^> (.+)$", md).group(1).replace("\\", "")  # type: ignore[union-attr]
    assert any(q.startswith(first_md_quote[:15]) for q in quotes)


def test_docx_is_in_a_japanese_font_and_reproducible(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(str(built.folder / "report.docx"))
    fonts = d.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Yu Gothic" and fonts.get(qn("w:ascii")) == "Yu Gothic"
    assert d.core_properties.created.year == 2000  # fixed: no time stamp in the file
    again = r.report(str(SAMPLE_SURVEY), by="人口規模", topics=4, seed=3, out=tmp_path)
    assert (again.folder / "report.docx").read_bytes() == (built.folder / "report.docx").read_bytes()
