"""crosstab.html (dxtext themes) and the crosstab of report.html in headless Chromium, networking blocked: a real
mouse click on a cell lists exactly that cell's documents; corpus text with markup stays inert text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chromium import CHROMIUM, Chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="headless Chromium not installed (apt-get install chromium)"
    ),
]

ATTACK = '<img src=x onerror="window.__pwned=1">'
# Answers written for this test: (部署, text); themes from the rules below.
ANSWERS = [
    ("市民課", "窓口の手続きをオンラインにしたい。" + ATTACK),
    ("市民課", "窓口が混雑している。"),
    ("市民課", "研修を増やしたい。"),
    ("情報政策課", "職員の研修が足りない。"),
    ("情報政策課", "研修と窓口の両方が課題だ。"),
    ("情報政策課", "データを共有したい。"),
]
RULES = "*窓口\n窓口\n*研修\n研修\n"


@pytest.fixture
def survey(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "answers.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["回答ID", "部署", "自由記述"])
        for k, (dept, text) in enumerate(ANSWERS, 1):
            w.writerow([f"A{k}", dept, text])
    rules = tmp_path / "rules.txt"
    rules.write_text(RULES, encoding="utf-8")
    return path, rules


def _click_cell(browser: Chromium, table: str, group: str, theme: str) -> list[str]:
    pos = browser.js(
        f"""(() => {{
        const t = document.querySelector('table[data-crosstab="{table}"]');
        const col = [...t.tHead.rows[0].cells].findIndex(c => c.textContent === {theme!r});
        const row = [...t.tBodies[0].rows].find(r => r.cells[0].textContent === {group!r});
        const r = row.cells[col].getBoundingClientRect();
        row.cells[col].scrollIntoView();
        const q = row.cells[col].getBoundingClientRect();
        return {{x: q.left + q.width / 2, y: q.top + q.height / 2}};
    }})()"""
    )
    browser.click(pos["x"], pos["y"])
    return browser.js(f"[...document.querySelectorAll('#ctdocs-{table} li')].map(li => li.textContent)")


def test_themes_crosstab_cells_list_their_documents(browser: Chromium, survey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import dxtext.runs as r

    path, rules = survey
    res = r.themes(
        str(path),
        rules=rules,
        by="部署",
        text_col="自由記述",
        id_col="回答ID",
        mask=False,
        out=tmp_path / "out",
    )
    html = res.folder / "crosstab.html"
    assert 'onerror="window' not in html.read_text(encoding="utf-8")
    browser.open(html.as_uri())
    listed = _click_cell(browser, "1", "市民課", "窓口")
    assert listed == ["A1：" + ANSWERS[0][1], "A2：" + ANSWERS[1][1]]  # the <img> answer as text
    listed = _click_cell(browser, "1", "情報政策課", "研修")
    assert listed == ["A4：" + ANSWERS[3][1], "A5：" + ANSWERS[4][1]]
    assert browser.js("document.querySelector('#ctdocs-1 h4').textContent").startswith(
        "情報政策課 × 研修 — 2 件"
    )
    browser.pump(0.3)
    assert browser.js("window.__pwned === undefined")
    assert browser.problems() == []


def test_report_crosstab_is_clickable(browser: Chromium, survey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import dxtext.runs as r

    path, rules = survey
    res = r.report(
        str(path),
        rules=rules,
        by="部署",
        text_col="自由記述",
        id_col="回答ID",
        topics=0,
        network=False,
        out=tmp_path / "out",
    )
    browser.open((res.folder / "report.html").as_uri())
    listed = _click_cell(browser, "report", "情報政策課", "窓口")
    assert listed == ["A5：" + ANSWERS[4][1]]
    browser.pump(0.3)
    assert browser.js("window.__pwned === undefined")
    assert browser.problems() == []


HOSTILE = [
    # (部署, text): a script end tag, quotes, markup and an entity in the answers; a person's name to be masked
    ('企画<i>課</i>"A"', "窓口で山田太郎さんに聞いた。</script><script>window.__pwned=2</script>"),
    ('企画<i>課</i>"A"', "窓口の \"案内\" と 'は' <b>太字</b> &amp; です。"),
    ("市民課", "研修が</SCRIPT >足りない。<!-- 窓口 -->"),
    ("市民課", "窓口が混雑している。"),
]


def test_hostile_text_stays_text_masked_and_offline(browser: Chromium, tmp_path: Path) -> None:
    """Corpus text with </script>, quotes and markup, group labels and a theme name with markup: all shown as
    text, the name masked by default, nothing fetched, no script of the corpus run."""
    import dxtext.runs as r

    path = tmp_path / "answers.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["回答ID", "部署", "自由記述"])
        for k, (dept, text) in enumerate(HOSTILE, 1):
            w.writerow([f"A{k}", dept, text])
    rules = tmp_path / "rules.txt"
    rules.write_text('*窓口<b>"x"</b>\n窓口\n*研修\n研修\n', encoding="utf-8")
    res = r.themes(
        str(path), rules=rules, by="部署", text_col="自由記述", id_col="回答ID", out=tmp_path / "out"
    )
    html = (res.folder / "crosstab.html").read_text(encoding="utf-8")
    assert html.count("</script>") == html.count("<script")  # only our own script elements are closed
    assert "<script>window.__pwned" not in html and "</SCRIPT" not in html
    assert "山田太郎" not in html  # masked by default
    assert "http://" not in html and "https://" not in html
    browser.open((res.folder / "crosstab.html").as_uri())
    theme = '窓口<b>"x"</b>'
    group = '企画<i>課</i>"A"'
    headers = browser.js("[...document.querySelectorAll('table[data-crosstab] th')].map(t => t.textContent)")
    assert theme in headers and group in headers
    listed = _click_cell(browser, "1", group, theme)
    assert len(listed) == 2
    assert listed[0].startswith("A1：窓口で") and "</script><script>window.__pwned=2</script>" in listed[0]
    assert "山田太郎" not in listed[0]
    assert listed[1] == "A2：" + HOSTILE[1][1].replace("&amp;", "&")  # the entity decoded once, shown as text
    assert browser.js(
        "document.querySelectorAll('#ctdocs-1 b, #ctdocs-1 i, #ctdocs-1 script').length"
    ) == len(listed)  # only the doc_id labels are elements
    listed = _click_cell(browser, "1", "市民課", "研修")
    assert listed == ["A3：研修が</SCRIPT >足りない。<!-- 窓口 -->"]
    browser.pump(0.3)
    assert browser.js("window.__pwned === undefined")
    assert browser.problems() == []
