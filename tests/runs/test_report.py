"""The study-group summary: `build_report` and `dxtext report` (Markdown, offline HTML, XLSX)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import FUKUI, REPO, SAMPLE_SURVEY
from dxtext.cli.app import app
from dxtext.io.corpus import read_corpus
from dxtext.render.blocks import md_escape
from dxtext.runs.report import build_report

# Answers written for these tests: made-up people, numbers and addresses (none of them real).
PII_ANSWER = (
    "窓口の件は担当の山田太郎さんに連絡してください。電話は03-1234-5678、"
    "メールはtaro.yamada@example.jpです。マイナンバー1234 5678 9012は書かないでください。"
)
SCRIPT_ANSWER = "窓口の手続きをオンラインにしたい<script>alert('x')</script>と思う。"
ANSWERS = [
    ("A01", "5万人未満", PII_ANSWER),
    ("A02", "5万人未満", SCRIPT_ANSWER),
    ("A03", "5万人未満", "窓口で申請書を書かなくてよいようにしたい。"),
    ("A04", "5万人未満", "窓口の混雑が課題だ。オンライン申請を増やしたい。"),
    ("A05", "5万人未満", "窓口の職員が足りない。"),
    ("A06", "50万人以上", "キャリアパスが見えず、専門の職員が育たない。"),
    ("A07", "50万人以上", "デジタル人材の採用とキャリアパスの設計を進めている。"),
    ("A08", "50万人以上", "人事異動で育てた人材がいなくなる。"),
    ("A09", "50万人以上", "研修を増やしてデジタル人材を育成したい。"),
    ("A10", "50万人以上", "窓口の手続きをオンラインで完結させた。"),
    ("A11", "5万人未満", "県の支援が少ない。"),
    ("A12", "50万人以上", "国の方針が頻繁に変わる。"),
    ("A13", "", "特になし"),
]
RULES = """*窓口
窓口 or 申請
*人材
人材 or キャリアパス or 人事異動 or 研修
*国と県
国 or 県
"""


@pytest.fixture()
def pii_survey(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "survey.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["回答ID", "人口規模", "自由記述"])
        w.writerows(ANSWERS)
    rules = tmp_path / "rules.txt"
    rules.write_text(RULES, encoding="utf-8")
    return path, rules


def _report(tmp_path: Path, survey: Path, rules: Path, *extra: str) -> Path:
    out = tmp_path / "out"
    args = [
        "report",
        str(survey),
        "--id-col",
        "回答ID",
        "--rules",
        str(rules),
        "--out",
        str(out),
        "-q",
        *extra,
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    folders = sorted(out.glob("report_*"), key=lambda p: p.stat().st_mtime)
    return folders[-1]


PII = ["山田", "太郎", "03-1234-5678", "taro.yamada@example.jp", "1234 5678 9012"]


def test_quotes_are_masked_by_default_everywhere(pii_survey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    survey, rules = pii_survey
    folder = _report(tmp_path, survey, rules, "--quotes", "5", "--topics", "0", "--no-network")
    md = (folder / "report.md").read_text(encoding="utf-8")
    html = (folder / "report.html").read_text(encoding="utf-8")
    quotes = pd.read_excel(folder / "report.xlsx", sheet_name="quotes")
    assert "A01" in set(quotes["doc_id"])  # the answer with personal data is quoted …
    for text in (md, html, "\n".join(quotes["text"])):
        for secret in PII:
            assert secret not in text, secret  # … but masked
    for mark in ("〔氏名〕", "〔電話番号〕", "〔メール〕", "〔番号〕"):
        assert mark in md and mark in html
    assert "伏せ字" in md


def test_no_mask_shows_the_quotes_as_written(pii_survey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    survey, rules = pii_survey
    folder = _report(tmp_path, survey, rules, "--quotes", "5", "--topics", "0", "--no-network", "--no-mask")
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "03-1234-5678" in md and "taro.yamada@example.jp" in md
    assert "--no-mask" in md  # the report says so in its opening


def test_html_is_offline_and_escapes_corpus_text(pii_survey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    survey, rules = pii_survey
    folder = _report(tmp_path, survey, rules, "--quotes", "5", "--by", "人口規模", "--topics", "0")
    html = (folder / "report.html").read_text(encoding="utf-8")
    # a Content-Security-Policy that forbids every request
    assert re.search(r'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'', html)
    # nothing that would load: no external URL in any attribute, no <link>, no CSS url() but data:
    for m in re.finditer(r"\b(?:src|href|action|poster|data)\s*=\s*\"([^\"]*)\"", html):
        assert m.group(1).startswith("data:image/png;base64,"), m.group(0)[:80]
    assert "<link" not in html and "@import" not in html
    assert not re.search(r"url\((?!data:)", html)
    assert "http://" not in html and "https://" not in html
    # the corpus's <script> is text; the only scripts are dxtext's clickable crosstab (its data as inert JSON)
    assert "<script>alert" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script type="application/json" id="ctdata-report">', "<script>"]
    assert "\\u003cscript\\u003ealert" in html  # in the JSON of the crosstab's documents
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "\\<script>alert('x')\\</script>" in md
    assert not re.search(r"(?<!\\)<script", md)  # every <script in the Markdown is escaped


def test_report_contents_opening_groups_and_tables(pii_survey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    survey, rules = pii_survey
    folder = _report(tmp_path, survey, rules, "--by", "人口規模", "--topics", "0")
    md = (folder / "report.md").read_text(encoding="utf-8")
    # opening: the ledger, the dictionary and rule hashes
    from dxtext.analysis.themes import load_rules

    assert "13 件を読み、12 件を分析しました" in md
    assert "無回答 1 件" in md
    assert load_rules(rules).sha256 in md
    assert "municipal_dx.tsv (SHA-256 " in md
    # every theme has a section with its count; 人材 is all in 50万人以上
    assert "### 1. 窓口 — 6件 (50%)" in md
    assert "### 2. 人材 — 4件" in md
    # 4 of 6 against 0 of 6: χ² p = .014, but with expected counts of 2 the report reads Fisher's exact p
    # (.061, as Yates's χ² p = .066 that KH Coder's chisq.test gives): no clear difference
    assert "グループによるはっきりした差はありません (χ²=6.0, F p=.061) (件数が少なく参考程度)" in md
    assert "χ²=" in md
    assert "![テーマ × 人口規模 の割合と調整済み残差](img/crosstab_heatmap.png)" in md
    assert (folder / "img" / "crosstab_heatmap.png").is_file()
    sheets = pd.read_excel(folder / "report.xlsx", sheet_name=None)
    assert {"themes", "crosstab", "chi2", "quotes", "rule_atoms", "ledger", "parameters"} <= set(sheets)
    assert sheets["themes"].set_index("theme").loc["窓口", "documents"] == 6
    # 3–5 quotes per theme, each a document of the theme
    quotes = sheets["quotes"]
    assert quotes.groupby("theme").size().max() <= 3


def test_build_report_api_is_deterministic(pii_survey, tmp_path: Path, tokenizer) -> None:  # type: ignore[no-untyped-def]
    survey, rules = pii_survey
    texts = []
    for run in ("a", "b"):
        corpus = read_corpus(survey, id_col="回答ID")
        tok = tokenizer.tokenize_corpus(corpus)
        report = build_report(
            corpus,
            tok,
            out_dir=tmp_path / run,
            tokenizer=tokenizer,
            rules=rules,
            by="人口規模",
            topics=0,
            network=False,
        )
        texts.append(report.markdown.read_text(encoding="utf-8"))
        assert report.html.is_file() and report.xlsx.is_file()
    assert texts[0] == texts[1]


def test_cached_theme_coding_gives_the_same_report(pii_survey, tmp_path: Path, tokenizer) -> None:  # type: ignore[no-untyped-def]
    survey, rules = pii_survey
    outputs = []
    for run in ("cold", "warm"):
        corpus = read_corpus(survey, id_col="回答ID")
        tok = tokenizer.tokenize_corpus(corpus)
        report = build_report(
            corpus,
            tok,
            out_dir=tmp_path / run,
            tokenizer=tokenizer,
            rules=rules,
            by="人口規模",
            topics=0,
            network=False,
            cache_dir=tmp_path / "cache",
        )
        outputs.append((report.markdown.read_bytes(), report.xlsx.read_bytes()))
    assert len(list((tmp_path / "cache" / "report-themes").glob("*.pkl"))) == 1
    assert outputs[0] == outputs[1]


def test_build_report_rejects_bad_options(pii_survey, tmp_path: Path, tokenizer) -> None:  # type: ignore[no-untyped-def]
    from dxtext.errors import CorpusError, DxtextError

    survey, rules = pii_survey
    corpus = read_corpus(survey, id_col="回答ID")
    tok = tokenizer.tokenize_corpus(corpus)
    with pytest.raises(DxtextError, match="--quotes 0"):
        build_report(corpus, tok, out_dir=tmp_path, tokenizer=tokenizer, rules=rules, quotes=0)
    with pytest.raises(CorpusError, match="人口規"):
        build_report(corpus, tok, out_dir=tmp_path, tokenizer=tokenizer, rules=rules, by="人口規")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>x</script>", "\\<script>x\\</script>"),
        ("p<.001", "p<.001"),
        ("a*b*c", "a\\*b\\*c"),
        ("dx_survey_2025", "dx_survey_2025"),
        ("# 見出し", "\\# 見出し"),
        ("- 箇条書き", "\\- 箇条書き"),
        ("1. 番号", "1\\. 番号"),
        ("[link](http://x)", "\\[link]\\(http://x)"),
        ("near(a-b)[5] と [注]", "near(a-b)[5] と [注]"),
        ("![x](y.png)", "![x]\\(y.png)"),  # no image can form
    ],
)
def test_markdown_escaping_keeps_text_readable(text, expected) -> None:  # type: ignore[no-untyped-def]
    assert md_escape(text) == expected


def test_report_on_the_minutes(shared_minutes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["report", str(shared_minutes), "--unit", "bullet", "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    folder = next(out.glob("report_*"))
    md = (folder / "report.md").read_text(encoding="utf-8")
    for theme in (
        "レガシーシステム・システム更新",
        "国・都道府県との関係",
        "デジタル人材・キャリアパス・人事",
    ):
        section = md.split(f". {theme} — ", 1)[1].split("\n### ", 1)[0]
        assert section.count("\n> — u") >= 2, theme  # quoted passages with their unit ids
    assert "## 発見されたトピック" in md
    assert len(md) < 40_000  # a summary, not the minutes again


def test_report_on_the_sample_survey_by_city_size(tmp_path: Path) -> None:
    if not SAMPLE_SURVEY.is_file():
        pytest.skip("sample survey not bundled")
    out = tmp_path / "out"
    args = ["report", str(SAMPLE_SURVEY), "--id-col", "回答ID", "--by", "人口規模", "--out", str(out), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    folder = next(out.glob("report_*"))
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert re.search(r"で多い \(\d+%, 調整済み残差 \+\d\.\d\)", md)
    assert re.search(r"χ²=\d+\.\d, p(<\.001|=\.0[0-4]\d)", md)  # at least one difference at 5%
    assert "▲" in md and "▽" in md
    chi2 = pd.read_excel(folder / "report.xlsx", sheet_name="chi2")
    assert (chi2["p"] < 0.05).any()


@pytest.mark.slow
def test_report_on_the_fukui_survey_by_age(fukui, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    args = [
        "report",
        str(fukui / "answers.csv"),
        "--text-col",
        "text",
        "--attrs",
        str(fukui / "respondents.csv"),
        "--on",
        "response_no",
        "--by",
        "年代",
        "--rules",
        str(REPO / "docs" / "examples" / "fukui_themes.txt"),
        "--note",
        "出典: 福井県観光連盟 観光客入込数・満足度調査 (FTAS), CC BY 4.0",
        "--out",
        str(out),
        "-q",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    folder = next(out.glob("report_*"))
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "出典: 福井県観光連盟" in md
    assert "### 1. 食・グルメ — " in md and "年代" in md
    assert len(md) < 60_000
    assert len(list((folder / "img").glob("theme*_network.png"))) >= 10


def test_html_in_a_browser_makes_no_request(pii_survey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """report.html in headless Chromium with networking blocked: no request but the file, no console error,
    the corpus's <script> never runs, every image decodes."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("headless Chromium not installed")
    from chromium import Chromium

    survey, rules = pii_survey
    folder = _report(tmp_path, survey, rules, "--by", "人口規模", "--quotes", "5", "--topics", "0")
    profile = tmp_path / "profile"
    profile.mkdir()
    browser = Chromium(profile)
    try:
        browser.open((folder / "report.html").as_uri())
        browser.pump(0.5)
        assert browser.problems() == []
        # dxtext's own two (the crosstab's JSON and its click handler); none from the corpus
        assert browser.js("typeof window.alert === 'function' && document.scripts.length") == 2
        assert browser.js("[...document.images].every(i => i.complete && i.naturalWidth > 0)") is True
        assert "<script>alert('x')</script>" in browser.js("document.body.innerText")
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)


def test_fukui_fixture_constant_is_consistent() -> None:
    assert FUKUI.name == "fukui-tourism-survey"


def test_attribute_values_with_markup_stay_text(tmp_path: Path, tokenizer) -> None:  # type: ignore[no-untyped-def]
    """Group names come from the data too: they are escaped in tables and citations like the answers."""
    bad = '<img src=x onerror="alert(1)">'
    path = tmp_path / "survey.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["回答ID", "部署", "自由記述"])
        for k in range(8):
            text = f"窓口の手続き{k}件目をオンラインにしたい。" if k < 6 else f"県の支援{k}"
            w.writerow([f"B{k}", bad if k % 2 else "市民課", text])
    rules = tmp_path / "rules.txt"
    rules.write_text("*窓口\n窓口\n*県\n県\n", encoding="utf-8")
    corpus = read_corpus(path, id_col="回答ID")
    report = build_report(
        corpus,
        tokenizer.tokenize_corpus(corpus),
        out_dir=tmp_path / "r",
        tokenizer=tokenizer,
        rules=rules,
        by="部署",
        topics=0,
        network=False,
    )
    html = report.html.read_text(encoding="utf-8")
    # the clickable crosstab's documents and labels are inert JSON: no "<" in it at all
    data = re.search(r'<script type="application/json" id="ctdata-report">(.*?)</script>', html, re.S)
    assert data is not None and "<" not in data.group(1) and "\\u003cimg src=x" in data.group(1)
    html = html.replace(data.group(0), "")
    assert "<img src=x" not in html and "onerror=" not in html.replace("onerror=&quot;", "")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_heatmap_labels_use_the_japanese_font(tmp_path: Path) -> None:
    from dxtext.analysis.themes import crosstab
    from dxtext.render.plots import font_used_for
    from dxtext.render.themes_png import crosstab_heatmap

    coded = pd.DataFrame({"窓口": [1, 0, 1, 1], "人材": [0, 1, 0, 1]}, index=list("abcd")).astype("int8")
    ct = crosstab(
        coded, pd.Series(["5万人未満", "5万人未満", "50万人以上", "50万人以上"], index=list("abcd"))
    )
    path = crosstab_heatmap(ct, tmp_path / "h.png")
    assert path.read_bytes()[:4] == b"\x89PNG"
    assert font_used_for("テーマ × 人口規模 ▲▽") == "ipaexg.ttf"


def test_group_sentence_names_the_groups_when_the_p_to_read_is_small() -> None:
    from dxtext.analysis.themes import crosstab
    from dxtext.render.report import group_sentence

    ids = [f"d{i}" for i in range(60)]
    coded = pd.DataFrame({"人材": [1] * 20 + [0] * 10 + [1] * 4 + [0] * 26}, index=ids)
    groups = pd.Series(["50万人以上"] * 30 + ["5万人未満"] * 30, index=ids)
    ct = crosstab(coded, groups, attribute="人口規模")
    text = group_sentence(ct, "人材")
    assert text.startswith(
        "50万人以上で多い (67%, 調整済み残差 +4.2)、5万人未満で少ない (13%, 調整済み残差 -4.2)"
    )
    assert "F p<.001" in text and "参考" not in text


def test_report_reads_only_the_columns_it_needs_and_writes_the_same_bytes(
    tmp_path: Path, tokenizer, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # The report copies only the used documents' columns it reads (text, the groups, what a quote cites) instead
    # of the whole frame with every attribute (issue 13: about 1 GiB on a million answers). The folder must be
    # the one the whole frame gives, byte for byte: every file, with topics and networks.
    from dxtext.io.corpus import Corpus

    if not SAMPLE_SURVEY.is_file():
        pytest.skip("sample survey not bundled")
    # With own_corpus (as `dxtext report` runs it) the corpus frame is cut to ids and statuses once the report
    # has its copies: the same bytes again.
    folders = {}
    for how in ("own corpus", "columns", "whole frame"):
        if how == "whole frame":
            monkeypatch.setattr(Corpus, "used_columns", lambda self, *columns: self.used)
        corpus = read_corpus(SAMPLE_SURVEY, id_col="回答ID")
        tok = tokenizer.tokenize_corpus(corpus)
        report = build_report(
            corpus,
            tok,
            out_dir=tmp_path / how,
            tokenizer=tokenizer,
            by="人口規模",
            seed=3,
            own_corpus=how == "own corpus",
        )
        folders[how] = report.folder
        assert (list(corpus.docs.columns) == ["doc_id", "status"]) == (how == "own corpus")
    files = sorted(p.relative_to(folders["columns"]) for p in folders["columns"].rglob("*") if p.is_file())
    assert {"report.md", "report.xlsx", "report.docx"} <= {str(f) for f in files}
    assert any(str(f).startswith("img/") for f in files)
    for other in ("whole frame", "own corpus"):
        for f in files:
            assert (folders["columns"] / f).read_bytes() == (folders[other] / f).read_bytes(), (other, f)
