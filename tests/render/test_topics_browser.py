"""topics.html in headless Chromium, networking blocked: the word list of every topic at the page's λ is the
order of topics.csv (relevance adjusted towards words that occur together), and moving the slider to λ = 1
gives the order of the model's top words by weight with the same adjustment."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from chromium import CHROMIUM, Chromium
from conftest import SAMPLE_SURVEY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="headless Chromium not installed (apt-get install chromium)"
    ),
]


def _words_on_page(browser: Chromium, topic: int) -> list[str]:
    browser.js(
        "(function(){var bs=document.querySelectorAll('#topic-list button');"
        f"for(var i=0;i<bs.length;i++){{if(bs[i].textContent.indexOf('T{topic} ')>=0){{bs[i].click();}}}}}})()"
    )
    browser.pump(0.1)
    rows = browser.js(
        "JSON.stringify(Array.prototype.map.call(document.querySelectorAll('#topic-detail table.words tbody tr'),"
        "function(tr){return tr.children[1].textContent;}))"
    )
    return json.loads(rows)


def test_topic_words_on_the_page_follow_topics_csv(browser: Chromium, tmp_path: Path) -> None:
    import dxtext.runs as r

    result = r.topics(str(SAMPLE_SURVEY), out=tmp_path / "out", save_model=False)
    page = result.folder / "topics.html"
    browser.open(page.as_uri())
    browser.pump(0.5)
    browser.js("document.getElementById('browser').hidden=false")
    words = pd.read_csv(result.folder / "topics.csv", encoding="utf-8-sig")
    model = result.model
    for t, g in words.groupby("topic"):
        expected = g.sort_values("rank")["word"].tolist()
        shown = _words_on_page(browser, int(t))
        n = min(len(expected), len(shown))
        assert n >= 10
        assert shown[:n] == expected[:n]
        assert shown[:10] == model.top_words(int(t), 10, lambda_=0.6)
    # λ = 1: the page's order is the model's own at λ = 1
    browser.js(
        "(function(){var s=document.getElementById('lambda');s.value='1';"
        "s.dispatchEvent(new Event('input'));})()"
    )
    browser.pump(0.1)
    for t in range(1, model.n_topics_ + 1):
        assert _words_on_page(browser, t)[:10] == model.top_words(t, 10, lambda_=1.0)
    assert browser.problems() == []
