"""network.html in a real headless Chromium with networking disabled.

Chromium (Debian packages ``chromium``) is driven over the Chrome DevTools Protocol through
``--remote-debugging-pipe`` by the tiny client below — no Python dependency, no chromedriver, no download.
The test is skipped when /usr/bin/chromium is absent.

Checks: the graph renders (nodes drawn), no console errors or exceptions, no request other than the file
itself, search finds a word, a real mouse click on a word and on an edge shows the documents, a corpus answer
and an attribute value containing ``<script>`` / ``<img onerror>`` stay inert text; a screenshot is saved in
the run folder (network_screenshot.png).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from chromium import CHROMIUM, Chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="headless Chromium not installed (apt-get install chromium)"
    ),
]


# Answers written for this test (not from any real corpus); two carry markup that must stay inert.
ATTACK_SCRIPT = "<script>window.__pwned=1</script>"
ATTACK_IMG = '<img src=x onerror="window.__pwned=2">'
ATTACK_ATTR = "<img src=x onerror=window.__pwned=3>"
ANSWERS = [
    ("市民課", "窓口の手続きをオンラインで完結できるようにしたい。" + ATTACK_SCRIPT),
    ("市民課", "窓口の手続きが多く、職員の負担が大きい。"),
    ("市民課", "オンライン申請の手続きを増やし、窓口の混雑を減らしたい。"),
    ("市民課", "マイナンバーカードの普及で窓口の手続きが変わる。" + ATTACK_IMG),
    ("市民課", "マイナンバーカードの普及率を上げる取り組みが必要だ。"),
    ("情報政策課", "データを分析して庁内で共有する仕組みを作りたい。"),
    ("情報政策課", "庁内のデータ共有が進まず、分析に時間がかかる。"),
    ("情報政策課", "職員の研修でデータ分析の力を伸ばしたい。"),
    ("情報政策課", "研修を受けた職員が庁内でデータを共有している。"),
    ("情報政策課", "デジタル人材の研修と職員の育成が課題だ。"),
    (ATTACK_ATTR, "職員の研修とデジタル人材の育成を進めたい。"),
    (ATTACK_ATTR, "マイナンバーカードの普及とオンライン申請の手続きを進めたい。"),
    (ATTACK_ATTR, "データ分析の研修を職員に広げたい。"),
    ("市民課", "オンライン申請が増えて窓口の手続きが減った。"),
    ("情報政策課", "庁内のデータを分析して共有する。"),
    ("市民課", "マイナンバーカードで手続きが簡単になる。"),
]


def _build(tmp_path: Path, args: list[str]) -> Path:
    from typer.testing import CliRunner

    from dxtext.cli.app import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["network", *args, "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.iterdir() if p.is_dir() and p.name != "latest"]
    return folder


@pytest.fixture
def attack_run(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["回答ID", "部署", "自由記述"])
        for k, (dept, text) in enumerate(ANSWERS, 1):
            w.writerow([f"A{k:02d}", dept, text])
    return _build(
        tmp_path, [str(path), "--text-col", "自由記述", "--id-col", "回答ID", "--by", "部署", "--min-df", "2"]
    )


def test_graph_renders_searches_and_quotes_offline(browser: Chromium, attack_run: Path) -> None:
    html = attack_run / "network.html"
    text = html.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in text and "<img src=x" not in text  # escaped inside the JSON block
    browser.open(html.as_uri())
    assert browser.js("document.body.dataset.ready") == "1"
    drawn = browser.js("window.dxNetwork.nodesDrawn")
    assert drawn > 5
    assert browser.js("document.getElementById('net').dataset.nodesDrawn") == str(drawn)
    assert browser.js("window.dxNetwork.edgesDrawn") > 3

    # search finds a word; Enter selects it and lists its documents
    browser.type_text("#search", "マイナンバー")
    assert browser.js("document.getElementById('search-count').dataset.matches") == "1"
    assert browser.js("[...document.querySelectorAll('#search-results button')].map(b => b.textContent)") == [
        "マイナンバーカード"
    ]
    browser.press_enter()
    assert browser.js("document.getElementById('sel-title').textContent") == "マイナンバーカード"
    quoted = browser.js("[...document.querySelectorAll('#contexts .ctx-text')].map(p => p.textContent)")
    assert len(quoted) == sum("マイナンバーカード" in t for _, t in ANSWERS)
    assert all("マイナンバーカード" in q for q in quoted)
    assert browser.js(
        "[...document.querySelectorAll('#contexts mark')].every(m => m.textContent === 'マイナンバーカード')"
    )
    # the answer with <img onerror> is shown as text, with its attribute
    assert any(ATTACK_IMG in q for q in quoted)
    assert browser.js(
        f"document.getElementById('contexts').textContent.includes({json.dumps('部署：' + ATTACK_ATTR)})"
    )

    # a real mouse click on a word
    pos = browser.js("window.dxNetwork.screenPos('窓口')")
    browser.click(pos["x"], pos["y"])
    assert browser.js("document.getElementById('sel-title').textContent") == "窓口"
    quoted = browser.js("[...document.querySelectorAll('#contexts .ctx-text')].map(p => p.textContent)")
    assert quoted and all("窓口" in q for q in quoted)
    assert any(ATTACK_SCRIPT in q for q in quoted)  # the <script> answer, as text

    # a click on an edge shows the documents with both words
    pos = browser.js("window.dxNetwork.edgePos('窓口', '手続き')")
    assert pos is not None
    browser.click(pos["x"], pos["y"])
    assert (
        browser.js("document.getElementById('sel-title').textContent") == "窓口 — 手続き"
        or browser.js("document.getElementById('sel-title').textContent") == "手続き — 窓口"
    )
    quoted = browser.js("[...document.querySelectorAll('#contexts .ctx-text')].map(p => p.textContent)")
    assert quoted and all("窓口" in q and "手続き" in q for q in quoted)

    # the slider hides weak edges, the community filter hides words
    browser.js(
        "const s = document.getElementById('threshold'); s.value = s.max; s.dispatchEvent(new Event('input'))"
    )
    assert browser.js("window.dxNetwork.edgesDrawn") >= 1
    assert browser.js("window.dxNetwork.edgesDrawn") < browser.js("window.dxNetwork.edgesDrawn + 1")
    browser.js("const c = document.querySelector('#legend input'); c.click()")
    assert browser.js("window.dxNetwork.nodesDrawn") < drawn
    browser.js("document.getElementById('legend-all').click()")
    assert browser.js("window.dxNetwork.nodesDrawn") == drawn

    # the two-mode graph: the group whose name is markup is a label, not an element
    assert browser.js("window.dxNetwork.show('twomode')") is True
    assert browser.js("window.dxNetwork.nodesDrawn") > 3
    pos = browser.js(f"window.dxNetwork.screenPos({json.dumps('部署=' + ATTACK_ATTR)})")
    browser.click(pos["x"], pos["y"])
    assert browser.js("document.getElementById('sel-title').textContent") == ATTACK_ATTR

    browser.pump(0.3)
    assert browser.js("typeof window.__pwned") == "undefined"
    assert (
        browser.js(
            "document.querySelectorAll('#contexts script, #contexts img, #panel img, #legend img').length"
        )
        == 0
    )
    assert browser.problems() == []
    browser.js("window.dxNetwork.show('all')")
    shot = browser.screenshot(attack_run / "network_screenshot.png")
    assert shot.stat().st_size > 10_000


@pytest.mark.slow
def test_minutes_network_in_browser(browser: Chromium, shared_minutes: Path, tmp_path: Path) -> None:
    folder = _build(tmp_path, [str(shared_minutes), "--unit", "bullet"])
    browser.open((folder / "network.html").as_uri())
    assert browser.js("document.body.dataset.ready") == "1"
    n_nodes = len((folder / "nodes.csv").read_text(encoding="utf-8-sig").splitlines()) - 1
    assert browser.js("window.dxNetwork.nodesDrawn") == n_nodes
    pos = browser.js("window.dxNetwork.screenPos('マイナンバーカード')")
    browser.click(pos["x"], pos["y"])
    assert browser.js("document.getElementById('sel-title').textContent") == "マイナンバーカード"
    assert browser.js("document.querySelectorAll('#contexts .ctx').length") > 0
    assert browser.js("document.querySelectorAll('#contexts mark').length") > 0
    browser.pump(0.3)
    assert browser.problems() == []
    shot = browser.screenshot(folder / "network_screenshot.png")
    assert shot.stat().st_size > 10_000
