"""The study-group summary: themes (and, briefly, topics) in Markdown, a self-contained offline HTML page and
an XLSX of every table.

The report is built as a list of blocks (heading, paragraph, list, table, image, quote) and rendered twice:
Markdown that pastes into a meeting document, and HTML where every corpus string is escaped, images are
embedded as data: URIs and a Content-Security-Policy forbids any request. Quotes are masked (names tagged
人名, phone numbers, e-mail addresses, 12-digit numbers) unless ``mask=False``; with masking on, words tagged
人名 are also kept out of word lists, networks and topics.

Layout, meant to be read in five minutes: what was analysed (the ledger, dictionary and rule hashes) → one
overview table → per theme: how many, which groups stand out (in words, from the adjusted residuals),
characteristic words, a small co-occurrence network and 3–5 quotes in full → topics in one table → the
overlap of themes → the parameters to reproduce it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import DxtextError

if TYPE_CHECKING:
    from ..analysis.matrix import DocTermMatrix
    from ..analysis.themes import CrossTab, ThemeRules
    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus, Tokenizer

from ..render.blocks import (
    _Doc,
    render_html,
    render_markdown,
)

__all__ = ["Report", "build_report"]

REPORT_VERSION = "1"
Progress = Callable[[str], None]

#: Topics fitted inside the report: a fixed K (choosing K by coherence fits several models, too slow for a
#: summary; `dxtext topics` does that). 0 leaves the topic section out.
DEFAULT_TOPICS = 8


# --- the report ------------------------------------------------------------------------------------------


@dataclass
class Report:
    """What :func:`build_report` wrote, and the Markdown text."""

    folder: Path
    markdown: Path
    html: Path
    xlsx: Path
    images: list[Path]
    text: str
    sheets: dict[str, pd.DataFrame]
    timings: dict[str, float]
    topics_from_cache: bool = False


def build_report(
    corpus: Corpus,
    tokenized: TokenizedCorpus,
    *,
    out_dir: str | os.PathLike[str],
    tokenizer: Tokenizer,
    rules: ThemeRules | str | os.PathLike[str] = "default",
    by: str | None = None,
    mask: bool = True,
    topics: int = DEFAULT_TOPICS,
    quotes: int = 3,
    network: bool = True,
    seed: int = 0,
    title: str | None = None,
    note: str | None = None,
    command: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Write report.md, report.html (offline, self-contained), report.xlsx and img/*.png into ``out_dir``.

    ``corpus``/``tokenized``: the corpus and its tokens (``tokenizer.tokenize_corpus(corpus)``); ``rules``:
    theme rules (path, "default" or :class:`~dxtext.analysis.themes.ThemeRules`); ``by``: attribute to compare groups
    by; ``mask``: mask personal data in quotes (and keep 人名 out of word lists); ``topics``: number of topics
    (fixed K, 0 = no topic section); ``quotes``: quotes per theme (3–5); ``network``: a co-occurrence network
    PNG per theme; ``note``: a line for the opening (e.g. the source and licence of the data); ``command``:
    the command line shown under "reproduce"; ``cache_dir``: where the fitted topic model is cached (keyed by
    the tokens, K and seed), so a re-run skips the fit.
    """
    from ..analysis.matrix import build_dtm
    from ..analysis.themes import crosstab, load_rules

    if not 1 <= quotes <= 10:
        raise DxtextError(f"--quotes {quotes}: give 1–10 quotes per theme (3–5 read best).")
    if topics < 0:
        raise DxtextError(f"--topics {topics}: give 0 (no topic section) or a number of topics such as 8.")
    if by is not None:
        corpus.check_attribute(by)
    say = progress or (lambda stage: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    folder = Path(out_dir)
    img_dir = folder / "img"
    img_dir.mkdir(parents=True, exist_ok=True)
    rule_set = load_rules(rules)
    n_docs = len(tokenized)
    if n_docs == 0:
        raise DxtextError(
            f"{corpus.name}: no document with words to analyse; check the text column (dxtext corpus info)."
        )

    say("themes")
    coder = _coded_themes(rule_set, tokenized, corpus, tokenizer, cache_dir)
    coded = coder.coded_
    used = corpus.used.set_index(corpus.used["doc_id"].astype(str)).reindex(coded.index)
    texts = used["text"].fillna("").astype(str)
    groups = used[by].fillna("").astype(str) if by else None
    ct = crosstab(coded, groups, attribute=by) if by else None  # type: ignore[arg-type]
    lap("themes")

    say("matrix")
    dtm = build_dtm(tokenized.tokens, doc_ids=tokenized.doc_ids, min_df=1)
    if mask:
        dtm = _without_names(dtm, tokenized.word_classes)
    B = dtm.binary().tocsr()
    lap("matrix")

    masker = _Masker(tokenizer if mask else None)
    images: list[Path] = []
    sheets: dict[str, pd.DataFrame] = {}
    doc = _Doc()
    title = title or f"{corpus.name}: テーマ別の要約"
    doc.h(1, title)

    # -- opening --
    settings = (
        f"比較: {by or 'なし'} / 引用: テーマごとに最大 {quotes} 件 / トピック: "
        + (f"K={topics} (固定)" if topics else "なし")
        + f" / 共起ネットワーク: {'あり' if network else 'なし'} / seed {seed}"
    )
    _opening(
        doc, corpus, tokenizer, rule_set, n_docs=n_docs, by=by, ct=ct, mask=mask, note=note, settings=settings
    )

    # -- per theme analysis --
    say("theme sections")
    theme_info = []
    quoted: set[int] = set()  # documents already quoted under an earlier theme
    nouns = _noun_columns(dtm, tokenized.word_classes)
    for k, name in enumerate(rule_set.names, 1):
        in_theme = coded[name].to_numpy(dtype=bool)
        info = _theme_info(
            name,
            k,
            in_theme,
            coder=coder,
            B=B,
            dtm=dtm,
            ct=ct,
            texts=texts,
            groups=groups,
            used=used,
            by=by,
            quotes=quotes,
            masker=masker,
            quoted=quoted,
            nouns=nouns,
        )
        theme_info.append(info)
    lap("theme analysis")

    pngs = _PngCache(cache_dir, tokenized.cache_key, mask=mask, seed=seed)
    if network:
        say("networks")
        for info in theme_info:
            if info["n"] >= MIN_DOCS_FOR_WORDS:
                path = img_dir / f"theme{info['k']:02d}_network.png"
                made = pngs.get(
                    path,
                    ("network", info["name"], np.packbits(info["mask"]).tobytes()),
                    lambda p, info=info: _network_png(dtm, info["mask"], p, title=info["name"], seed=seed),
                )
                if made is not None:
                    info["network"] = made
                    images.append(made)
        lap("networks")

    heatmap = None
    if ct is not None:
        from ..render.themes_png import crosstab_heatmap

        heatmap = pngs.get(
            img_dir / "crosstab_heatmap.png",
            ("heatmap", ct.attribute, ct.counts.to_json(), ct.tests.to_json()),
            lambda p: crosstab_heatmap(ct, p),
        )
        if heatmap is not None:
            images.append(heatmap)
        lap("heatmap")

    _overview(doc, theme_info, n_docs=n_docs, ct=ct, heatmap=heatmap)
    doc.h(2, "テーマ別の内容", "themes")
    for info in theme_info:
        _theme_section(doc, info, ct=ct)

    # -- topics --
    topics_cached = False
    if topics:
        say("topics")
        try:
            topic_result = _topics(
                tokenized, k=topics, seed=seed, mask=mask, tokenizer=tokenizer, cache_dir=cache_dir
            )
        except ModuleNotFoundError as e:  # dxtext.analysis.topics not installed in this build
            if e.name != "dxtext.analysis.topics":
                raise
            topic_result = None
        lap("topics fit")
        if topic_result is not None:
            topics_cached = bool(topic_result.get("from_cache"))
            _topic_section(doc, topic_result, texts=texts, groups=groups, by=by, masker=masker, sheets=sheets)
        lap("topics section")

    # -- overlap of themes --
    from ..analysis.themes import cooccurrence_pairs

    pairs = cooccurrence_pairs(coded)
    _overlap_section(doc, pairs)

    # -- reproduce --
    params = {
        "by": by,
        "mask": mask,
        "topics": topics,
        "quotes": quotes,
        "network": network,
        "seed": seed,
        "report_version": REPORT_VERSION,
    }
    _reproduce_section(doc, corpus, tokenizer, rule_set, params=params, command=command)

    # -- tables --
    sheets = _sheets(theme_info, coder=coder, ct=ct, pairs=pairs, corpus=corpus, params=params, extra=sheets)

    say("writing")
    from ..render.tables import write_text, write_xlsx

    md_text = render_markdown(doc.blocks, base=folder)
    md_path = write_text(md_text, folder / "report.md")
    html_path = write_text(render_html(doc.blocks, title=title), folder / "report.html")
    xlsx_path = write_xlsx(sheets, folder / "report.xlsx")
    lap("writing")
    return Report(
        folder=folder,
        markdown=md_path,
        html=html_path,
        xlsx=xlsx_path,
        images=images,
        text=md_text,
        sheets=sheets,
        timings=timings,
        topics_from_cache=topics_cached,
    )


# --- pieces ----------------------------------------------------------------------------------------------


class _Masker:
    def __init__(self, tokenizer: Tokenizer | None) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> str:
        if self.tokenizer is None:
            return text
        from ..text.privacy import mask_pii

        return mask_pii(text, self.tokenizer)


def _without_names(dtm: DocTermMatrix, classes: dict[str, str]) -> DocTermMatrix:
    keep = [j for j, w in enumerate(dtm.vocab) if classes.get(w) != "人名"]
    return dtm if len(keep) == len(dtm.vocab) else dtm.select_terms(keep)


#: Word classes shown as characteristic words: nouns and 形容動詞 say what a theme is about; verbs and
#: adjectives (ある, 無い, 思う) rank high by chance in small sets and say little.
CHARACTERISTIC_CLASSES = frozenset({"名詞", "サ変名詞", "固有名詞", "地名", "形容動詞"})
#: A theme needs this many documents before its characteristic words and network are shown.
MIN_DOCS_FOR_WORDS = 5


def _noun_columns(dtm: DocTermMatrix, classes: dict[str, str]) -> frozenset[str]:
    return frozenset(w for w in dtm.vocab if (classes.get(w) or "名詞") in CHARACTERISTIC_CLASSES)


def _pct(x: float) -> str:
    return f"{x:.0f}%" if x >= 1 or x == 0 else f"{x:.1f}%"


def _opening(
    doc: _Doc,
    corpus: Corpus,
    tokenizer: Tokenizer,
    rules: ThemeRules,
    *,
    n_docs: int,
    by: str | None,
    ct: CrossTab | None,
    mask: bool,
    note: str | None,
    settings: str,
) -> None:
    from .. import __version__

    t = corpus.ledger.totals
    doc.h(2, "この資料について", "about")
    sentence = (
        f"{corpus.name} の {t['documents']:,} 件を読み、{n_docs:,} 件を分析しました"
        f" (空欄 {t['empty']:,} 件、「特になし」などの無回答 {t['non_answer']:,} 件、内容語のない短い回答 {t['too_short']:,} 件を除外)。"
    )
    doc.p(sentence)
    doc.p(
        f"テーマは {len(rules)} 個のコーディングルールで判定しました (ルールに書いた語が出てくる文書がそのテーマに該当)。"
        + (f"グループの比較は「{by}」によります。" if by else "")
    )
    ledger = pd.DataFrame(
        [
            {
                "読み込んだ行": t["rows_read"],
                "文書": t["documents"],
                "分析した文書": n_docs,
                "空欄": t["empty"],
                "無回答": t["non_answer"],
                "短すぎ": t["too_short"],
            }
        ]
    )
    doc.table(ledger, right=list(ledger.columns))
    dic = Path(tokenizer.dictionary_path).name if tokenizer.dictionary_path else "(なし)"
    doc.ul(
        [
            f"辞書: {dic} (SHA-256 {tokenizer.dictionary_hash or '—'})",
            f"テーマのルール: {Path(rules.source).name} (SHA-256 {rules.sha256})",
            "データ: "
            + ", ".join(f"{Path(f.path).name} (SHA-256 {f.sha256[:16]})" for f in corpus.ledger.files)
            + f" / dxtext {__version__}",
            f"設定: {settings}",
            "引用中の個人情報 (人名・電話番号・メールアドレス・12桁の番号) は伏せ字にしています。"
            if mask
            else "注意: 個人情報のマスクを外して作成しています (--no-mask)。配布しないでください。",
        ]
    )
    if ct is not None and ct.excluded:
        doc.note(
            f"「{by}」が空欄の {ct.excluded:,} 件はグループ比較から除いています (件数・引用には含みます)。"
        )
    if note:
        doc.note(note)


def _theme_info(
    name: str,
    k: int,
    in_theme: np.ndarray,
    *,
    coder: Any,
    B: Any,
    dtm: DocTermMatrix,
    ct: CrossTab | None,
    texts: pd.Series,
    groups: pd.Series | None,
    used: pd.DataFrame,
    by: str | None,
    quotes: int,
    masker: _Masker,
    quoted: set[int],
    nouns: frozenset[str],
) -> dict[str, Any]:
    from ..analysis.themes import characteristic_words

    n = int(in_theme.sum())
    total = len(in_theme)
    words = coder.words_[coder.words_["theme"] == name]
    rule_lemmas = {lem for x in words["lemmas"] for lem in str(x).split("+") if lem}
    if n >= MIN_DOCS_FOR_WORDS:
        min_docs = max(2, math.ceil(0.01 * n))
        char = characteristic_words(
            B,
            dtm.vocab,
            in_theme,
            top=8,
            min_docs=min_docs,
            exclude=lambda w: w in rule_lemmas or w not in nouns,
        )
    else:
        char = characteristic_words(B, dtm.vocab, np.zeros_like(in_theme))  # empty frame with the columns
    atoms = coder.atoms_[coder.atoms_["theme"] == name]
    hits = (
        atoms[atoms["in_theme"] > 0]
        .sort_values(["in_theme", "line"], ascending=[False, True], kind="stable")
        .head(6)
    )
    info: dict[str, Any] = {
        "name": name,
        "k": k,
        "n": n,
        "pct": n / total * 100 if total else 0.0,
        "mask": in_theme,
        "char": char,
        "hits": hits,
        "network": None,
        "quotes": [],
    }
    if n:
        info["quotes"] = _pick_quotes(
            in_theme,
            coder.counts_[name].to_numpy(),
            coder.evidence_[name].to_numpy(),
            char,
            B=B,
            dtm=dtm,
            texts=texts,
            groups=groups,
            used=used,
            by=by,
            n=quotes,
            masker=masker,
            quoted=quoted,
        )
    return info


def _pick_quotes(
    in_theme: np.ndarray,
    hits: np.ndarray,
    evidence: np.ndarray,
    char: pd.DataFrame,
    *,
    B: Any,
    dtm: DocTermMatrix,
    texts: pd.Series,
    groups: pd.Series | None,
    used: pd.DataFrame,
    by: str | None,
    n: int,
    masker: _Masker,
    quoted: set[int],
) -> list[dict[str, str]]:
    """Representative documents: many different parts of the rule matched (then more hits, then
    characteristic words), a readable length (≈30–250 characters), from different groups where possible,
    not already quoted under an earlier theme, no two that start the same. Deterministic."""
    idx = np.flatnonzero(in_theme)
    lengths = texts.iloc[idx].str.len().to_numpy()
    score = evidence[idx].astype(float) + 0.5 * np.log1p(hits[idx].astype(float))
    if len(char):
        vocab_index = {w: j for j, w in enumerate(dtm.vocab)}
        cols = [vocab_index[w] for w in char["word"] if w in vocab_index]
        if cols:
            weights = np.clip(char["z"].to_numpy(dtype=float)[: len(cols)], 0, None)
            sub = B[idx][:, cols]
            part = np.asarray(sub @ weights).ravel()
            score = score + part / max(float(part.max()), 1e-9)  # at most 1: the rule's evidence comes first
    penalty = np.where(lengths < 30, 0.5, 1.0) / (1.0 + np.maximum(lengths - 250, 0) / 250.0)
    penalty = penalty * np.where(np.isin(idx, list(quoted)), 0.3, 1.0)
    score = score * penalty
    order = sorted(range(len(idx)), key=lambda i: (-score[i], idx[i]))
    picked: list[int] = []
    per_group: dict[str, int] = {}
    starts: set[str] = set()
    # greedy with a penalty for groups already quoted (rescored lazily over the top candidates)
    pool = order[: max(50, n * 10)]
    while pool and len(picked) < n:
        best, best_val = None, -1.0
        for i in pool:
            g = groups.iloc[idx[i]] if groups is not None else ""
            val = score[i] * (0.6 ** per_group.get(g, 0))
            if val > best_val:
                best, best_val = i, val
        assert best is not None
        pool.remove(best)
        text = texts.iloc[idx[best]]
        head = re.sub(r"\s+", "", text)[:25]
        if head in starts:
            continue
        starts.add(head)
        picked.append(best)
        g = groups.iloc[idx[best]] if groups is not None else ""
        per_group[g] = per_group.get(g, 0) + 1
    out = []
    for i in picked:
        quoted.add(int(idx[i]))
        row = used.iloc[idx[i]]
        doc_id = str(used.index[idx[i]])
        out.append({"doc_id": doc_id, "text": masker(texts.iloc[idx[i]]), "cite": _cite(doc_id, row, by)})
    return out


def _cite(doc_id: str, row: pd.Series, by: str | None) -> str:
    parts = [doc_id]
    if str(row.get("source", "")).lower().endswith((".txt", ".md", ".text")) and "row" in row.index:
        parts = [f"{doc_id} ({row['row']}行目)"]  # a unit of a record: say where it starts
    if by and str(row.get(by, "")).strip():
        parts.append(f"{by}: {row[by]}")
    for col in ("question", "question_code", "section"):
        if col != by and col in row.index and str(row[col]).strip():
            value = str(row[col])
            parts.append(value if len(value) <= 40 else value[:39] + "…")
            break
    return " / ".join(parts)


#: A group is called out in words only when the theme's χ² test says the groups differ at this level: with
#: many groups, some cell passes |r| ≥ 1.96 by chance (the heatmap still marks every cell).
ALPHA = 0.05


def _differs(ct: CrossTab, theme: str) -> bool:
    p = ct.tests.set_index("theme").loc[theme, "p"]
    return bool(p == p and float(p) < ALPHA)


def _group_sentence(ct: CrossTab, theme: str) -> str:
    from ..analysis.themes import format_p

    test = ct.tests.set_index("theme").loc[theme]
    if test["chi2"] != test["chi2"]:
        return "グループ比較はできません (該当が少なすぎるか、全文書が該当)"
    chi = f"χ²={test['chi2']:.1f}, {format_p(float(test['p']))}"
    caution = " (件数が少なく参考程度)" if bool(test["low_expected"]) else ""
    if not _differs(ct, theme):
        return f"グループによるはっきりした差はありません ({chi}){caution}"
    high, low = ct.highlights(theme)
    bits = [f"{h['group']}で多い ({_pct(h['percent'])}, 調整済み残差 {h['residual']:+.1f})" for h in high[:3]]
    bits += [
        f"{x['group']}で少ない ({_pct(x['percent'])}, 調整済み残差 {x['residual']:+.1f})" for x in low[:2]
    ]
    if not bits:
        return f"グループ間に差はありますが、特に目立つグループはありません ({chi}){caution}"
    return "、".join(bits) + f"。{chi}{caution}"


def _short_groups(ct: CrossTab, theme: str) -> str:
    if not _differs(ct, theme):
        return "—"
    high, low = ct.highlights(theme)
    bits = [f"{h['group']}▲" for h in high[:2]] + [f"{x['group']}▽" for x in low[:1]]
    return "、".join(bits) if bits else "—"


def _overview(
    doc: _Doc, infos: list[dict[str, Any]], *, n_docs: int, ct: CrossTab | None, heatmap: Path | None
) -> None:
    doc.h(2, "概要", "overview")
    any_theme = np.zeros(n_docs, dtype=bool)
    for info in infos:
        any_theme |= info["mask"]
    ranked = sorted(infos, key=lambda x: -x["n"])
    top = [f"{x['name']} ({x['n']:,}件)" for x in ranked[:3] if x["n"]]
    doc.p(
        f"いずれかのテーマに該当した文書は {int(any_theme.sum()):,} 件 ({_pct(any_theme.mean() * 100)}) です。"
        + (f"多いのは {'、'.join(top)}。" if top else "")
    )
    rows = []
    for info in infos:
        row: dict[str, Any] = {"テーマ": info["name"], "文書数": info["n"], "割合": _pct(info["pct"])}
        if ct is not None:
            row["目立つグループ (▲多い ▽少ない)"] = _short_groups(ct, info["name"]) if info["n"] else "—"
        row["特徴的な語"] = "、".join(info["char"]["word"].head(3)) if len(info["char"]) else "—"
        rows.append(row)
    doc.table(pd.DataFrame(rows), right=["文書数", "割合"])
    if ct is not None:
        doc.note(
            f"▲/▽: その{ct.attribute}でテーマの割合が全体より統計的に高い/低い (調整済み残差 ≥ +1.96 / ≤ −1.96、"
            "おおよそ5%水準)。表と本文では χ² 検定で差がある (p < .05) テーマについてだけ挙げています。"
        )
        if heatmap is not None:
            doc.img(heatmap, f"テーマ × {ct.attribute} の割合と調整済み残差")


def _theme_section(doc: _Doc, info: dict[str, Any], *, ct: CrossTab | None) -> None:
    doc.h(3, f"{info['k']}. {info['name']} — {info['n']:,}件 ({_pct(info['pct'])})", f"theme{info['k']}")
    if not info["n"]:
        doc.p("該当する文書はありませんでした。")
        return
    items = []
    if ct is not None:
        items.append("グループ: " + _group_sentence(ct, info["name"]))
    char = info["char"]
    if len(char):
        items.append(
            "特徴的な語: "
            + "、".join(
                f"{r.word} ({r.pct_in:.0f}% / 他 {r.pct_out:.0f}%)" for r in char.head(6).itertuples()
            )
        )
    hits = info["hits"]
    if len(hits):
        items.append(
            "ルールで当たった語: " + "、".join(f"{r.atom} {r.in_theme}件" for r in hits.itertuples())
        )
    doc.ul(items)
    if len(char):
        doc.note(
            "特徴的な語の%は「このテーマの文書のうちその語を含む割合 / 他の文書での割合」(ルールの語は除く)。"
        )
    if info.get("network") is not None:
        doc.img(info["network"], f"{info['name']} の文書の共起ネットワーク", css="network")
    for q in info["quotes"]:
        doc.quote(q["text"], q["cite"])


def _overlap_section(doc: _Doc, pairs: pd.DataFrame) -> None:
    doc.h(2, "テーマの重なり", "overlap")
    top = pairs.head(5)
    if not len(top):
        doc.p("同じ文書に二つ以上のテーマが現れることはありませんでした。")
        return
    doc.p("同じ文書に一緒に現れやすいテーマの組 (Jaccard 係数 = 両方を含む文書 / どちらかを含む文書)。")
    frame = pd.DataFrame(
        {
            "テーマ": [f"{r.theme_a} × {r.theme_b}" for r in top.itertuples()],
            "両方": [int(r.documents) for r in top.itertuples()],
            "Jaccard": [f"{r.jaccard:.2f}" for r in top.itertuples()],
        }
    )
    doc.table(frame, right=["両方", "Jaccard"])


def _reproduce_section(
    doc: _Doc,
    corpus: Corpus,
    tokenizer: Tokenizer,
    rules: ThemeRules,
    *,
    params: dict[str, Any],
    command: str | None,
) -> None:
    doc.h(2, "再現のための情報", "reproduce")
    rows = []
    for f in corpus.ledger.files:
        rows.append(
            {
                "ファイル": Path(f.path).name,
                "形式": f.format,
                "文字コード": f.encoding,
                "行": f.rows_read,
                "SHA-256": f.sha256[:16],
            }
        )
    doc.table(pd.DataFrame(rows), right=["行"])
    tp = tokenizer.params()
    items = [
        f"トークナイザ: fugashi {tp.get('fugashi')}, unidic-lite {tp.get('unidic_lite')}, 品詞 {'・'.join(tp.get('pos', []))}, "
        f"指紋 {tp.get('fingerprint')}",
        f"ルール: {rules.source} (SHA-256 {rules.sha256})",
        "パラメータ: " + ", ".join(f"{k}={v}" for k, v in params.items()),
    ]
    if corpus.options:
        shown = {k: v for k, v in corpus.options.items() if v not in (None, "", [], {})}
        if shown:
            items.append("読み込みオプション: " + ", ".join(f"{k}={v}" for k, v in shown.items()))
    if command:
        items.append(f"コマンド: {command}")
    doc.ul(items)
    for w in corpus.ledger.warnings:
        doc.note(f"注意: {w}")


def _sheets(
    infos: list[dict[str, Any]],
    *,
    coder: Any,
    ct: CrossTab | None,
    pairs: pd.DataFrame,
    corpus: Corpus,
    params: dict[str, Any],
    extra: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    sheets: dict[str, pd.DataFrame] = {}
    sheets["themes"] = pd.DataFrame(
        {
            "theme": [i["name"] for i in infos],
            "documents": [i["n"] for i in infos],
            "percent": [round(i["pct"], 2) for i in infos],
        }
    )
    if ct is not None:
        sheets["crosstab"] = ct.table()
        sheets.update(ct.frames())
    words = []
    for info in infos:
        for r in info["char"].itertuples(index=False):
            words.append({"theme": info["name"], **r._asdict()})
    sheets["characteristic_words"] = pd.DataFrame(
        words, columns=["theme", "word", "docs_in", "pct_in", "pct_out", "log_odds", "z"]
    )
    sheets["rule_words"] = coder.words_
    sheets["rule_atoms"] = coder.atoms_
    quotes = [
        {"theme": i["name"], "doc_id": q["doc_id"], "text": q["text"], "source": q["cite"]}
        for i in infos
        for q in i["quotes"]
    ]
    sheets["quotes"] = pd.DataFrame(quotes, columns=["theme", "doc_id", "text", "source"])
    sheets["theme_pairs"] = pairs
    sheets.update(extra)
    sheets["ledger"] = pd.DataFrame([f.to_dict() for f in corpus.ledger.files])
    sheets["parameters"] = pd.DataFrame(
        {"parameter": list(params), "value": [str(v) for v in params.values()]}
    )
    return sheets


# --- networks and topics (the teammates' modules; the report only needs small, stable entry points) ------


class _PngCache:
    """Figures are deterministic given their inputs: a re-run copies them from ``cache_dir/report/png`` instead
    of building the networks and starting matplotlib again. The key covers the tokens, the documents drawn,
    the masking, the seed and the versions of dxtext, matplotlib and networkx."""

    def __init__(
        self, cache_dir: str | os.PathLike[str] | None, tokens_key: str, *, mask: bool, seed: int
    ) -> None:
        self.folder = Path(cache_dir) / "report" / "png" if cache_dir else None
        versions = [_package_version(n) for n in ("dxtext", "matplotlib", "networkx")]
        self.base = json.dumps([REPORT_VERSION, tokens_key, mask, seed, versions])

    def get(self, path: Path, parts: tuple[Any, ...], draw: Callable[[Path], Path | None]) -> Path | None:
        h = hashlib.sha256(self.base.encode())
        for part in parts:
            h.update(b"\x1f")
            h.update(part if isinstance(part, bytes) else str(part).encode())
        key = h.hexdigest()[:32]
        if self.folder is not None:
            cached = self.folder / f"{key}.png"
            if cached.is_file():
                shutil.copyfile(cached, path)
                return path
            if (self.folder / f"{key}.none").is_file():
                return None
        made = draw(path)
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                target = self.folder / (f"{key}.png" if made is not None else f"{key}.none")
                tmp = target.with_suffix(f".{os.getpid()}.tmp")
                if made is not None:
                    shutil.copyfile(made, tmp)
                else:
                    tmp.write_bytes(b"")
                os.replace(tmp, target)
            except OSError:
                pass  # a cache that cannot be written only costs time next run
        return made


def _network_png(dtm: DocTermMatrix, mask: np.ndarray, path: Path, *, title: str, seed: int) -> Path | None:
    """A small co-occurrence network (about 30 words, 30 edges) of the documents in ``mask``; None if the
    documents share too few words to draw one."""
    from ..analysis.matrix import DocTermMatrix as DTM
    from ..errors import ModelError

    rows = np.flatnonzero(mask)
    X = dtm.X[rows]
    df = np.diff(X.tocsc().indptr)
    keep = np.flatnonzero(df >= 2)
    if len(keep) < 3:
        return None
    sub = DTM(X[:, keep].tocsr(), [dtm.vocab[j] for j in keep], [dtm.doc_ids[i] for i in rows])
    try:
        from ..analysis.network import cooccurrence_network

        G = cooccurrence_network(sub, words=30, min_df=2, top_edges=30, seed=seed)
    except ModelError:
        return None
    from ..render.network_png import draw_network

    draw_network(G, path, title=f"{title}: 共起ネットワーク ({len(rows):,}件の文書)", legend=False)
    return Path(path)


def _topics(
    tokenized: TokenizedCorpus,
    *,
    k: int,
    seed: int,
    mask: bool,
    tokenizer: Tokenizer,
    cache_dir: str | os.PathLike[str] | None,
) -> dict[str, Any] | None:
    """Fit :class:`~dxtext.analysis.topics.TopicModel` with a fixed K on the token lists (its own frequency filters;
    names left out when masking) and keep what the report shows. The result is cached on disk under a key
    of the tokens, K, seed and masking, so a re-run skips the fit. None when the corpus is too small."""
    classes = tokenized.word_classes
    key_src = json.dumps(
        [
            REPORT_VERSION,
            tokenized.cache_key,
            k,
            seed,
            mask,
            _package_version("dxtext"),
            _package_version("scikit-learn"),
        ]
    )
    key = hashlib.sha256(key_src.encode()).hexdigest()[:24]
    path = Path(cache_dir) / "report" / f"topics-{key}.pkl" if cache_dir else None
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as f:
                result = pickle.load(f)
            if isinstance(result, dict) and result.get("key") == key:
                result["from_cache"] = True
                return result
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError):
            pass
    # imported only when fitting: a cache hit skips it
    from ..analysis.topics import LAMBDA, TopicModel, word_tags_from_dictionary
    from ..errors import ModelError

    lists = tokenized.tokens
    if mask:
        lists = [[w for w in toks if classes.get(w) != "人名"] for toks in lists]
    if sum(1 for t in lists if t) < max(20, 3 * k):
        return None
    try:
        model = TopicModel(n_topics=k, seed=seed).fit(lists, doc_ids=tokenized.doc_ids)
    except ModelError:
        return None
    tags = word_tags_from_dictionary(tokenizer.dictionary_path) if tokenizer.dictionary_path else {}
    labels = model.labels(tags)
    result = {
        "key": key,
        "k": int(model.n_topics_),
        "model": str(model.model_),
        "doc_topic": np.asarray(model.doc_topic_, dtype=np.float32),
        "words": [model.top_words(t, 8, lambda_=LAMBDA) for t in range(1, model.n_topics_ + 1)],
        "labels": labels["label"].tolist(),
        "coherence": [float(x) for x in labels["coherence"]],
        "from_cache": False,
    }
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time next run
    return result


def _package_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # pragma: no cover - an uninstalled source tree
        return ""


def _topic_section(
    doc: _Doc,
    result: dict[str, Any],
    *,
    texts: pd.Series,
    groups: pd.Series | None,
    by: str | None,
    masker: _Masker,
    sheets: dict[str, pd.DataFrame],
) -> None:
    from ..analysis.themes import crosstab

    theta = result["doc_topic"]
    k = result["k"]
    has = theta.sum(axis=1) > 0
    dominant = np.where(has, theta.argmax(axis=1), -1)
    labels = [f"T{i + 1}" for i in range(k)]
    n_with = int(has.sum())
    doc.h(2, f"発見されたトピック (K={k})", "topics")
    doc.p(
        f"テーマ (こちらが決めた問い) とは別に、語の共起からトピックモデル ({result['model'].upper()}) が見つけた話題です。"
        f"各文書を比重の最も大きいトピックに数えています (トピックの語を含む {n_with:,} 件)。"
    )
    coded = pd.DataFrame(
        {lab: (dominant == i).astype(np.int8) for i, lab in enumerate(labels)}, index=texts.index
    )
    ct = None
    if groups is not None:
        ct = crosstab(coded[has], groups[has], attribute=by)
    rows = []
    for i, lab in enumerate(labels):
        n = int((dominant == i).sum())
        row: dict[str, Any] = {
            "トピック": lab,
            "主な語": "、".join(result["words"][i][:6]),
            "文書数": n,
            "割合": _pct(n / n_with * 100 if n_with else 0),
        }
        if ct is not None:
            row["目立つグループ"] = _short_groups(ct, lab)
        rows.append(row)
    doc.table(pd.DataFrame(rows), right=["文書数", "割合"])
    quotes = []
    for i, lab in enumerate(labels):
        members = np.flatnonzero(dominant == i)
        if not len(members):
            continue
        lengths = texts.iloc[members].str.len().to_numpy()
        ok = members[(lengths >= 20) & (lengths <= 160)]
        pool = ok if len(ok) else members
        best = pool[np.lexsort((pool, -theta[pool, i]))[0]]
        quotes.append({"topic": lab, "doc_id": str(texts.index[best]), "text": masker(texts.iloc[best])})
    if quotes:
        doc.p("各トピックの典型的な文書 (トピックの比重が最も大きいもの):")
        doc.ul([f"{q['topic']}: 「{q['text']}」 ({q['doc_id']})" for q in quotes])
    doc.note(
        "トピックは自動で見つけたもので、名前は付けていません。語の並びから内容を読み取ってください (詳細は dxtext topics)。"
    )
    sheets["topics"] = pd.DataFrame(
        {
            "topic": labels,
            "label": result.get("labels", labels),
            "top_words": ["、".join(w) for w in result["words"]],
            "documents": [int((dominant == i).sum()) for i in range(k)],
            "coherence": [round(c, 4) for c in result.get("coherence", [float("nan")] * k)],
        }
    )
    sheets["topic_quotes"] = pd.DataFrame(quotes, columns=["topic", "doc_id", "text"])
    if ct is not None:
        sheets["topics_crosstab"] = ct.table()


@dataclass
class _CodedThemes:
    """The tables of a fitted ThemeCoder that the report reads (kept in the cache instead of the coder)."""

    coded_: pd.DataFrame
    counts_: pd.DataFrame
    evidence_: pd.DataFrame
    words_: pd.DataFrame
    atoms_: pd.DataFrame


def _coded_themes(rule_set: Any, tokenized: Any, corpus: Any, tokenizer: Any, cache_dir: Any) -> Any:
    """Code the documents, or read the result of the same coding from ``cache_dir/report`` (the key covers the
    tokens, the texts that substring rules read, the rules and the tokenizer that maps rule words)."""
    from ..analysis.themes import ThemeCoder

    key = hashlib.sha256(
        json.dumps(
            [
                REPORT_VERSION,
                tokenized.cache_key,
                corpus.content_hash,
                rule_set.sha256,
                rule_set.source,
                tokenizer.fingerprint if tokenizer is not None else "",
            ]
        ).encode()
    ).hexdigest()[:24]
    path = Path(cache_dir) / "report" / f"themes-{key}.pkl" if cache_dir else None
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as f:
                cached = pickle.load(f)
            if isinstance(cached, _CodedThemes):
                return cached
        except (OSError, EOFError, ValueError, AttributeError, pickle.UnpicklingError):
            pass
    coder = ThemeCoder(rule_set, tokenizer=tokenizer).fit(tokenized, texts=corpus)
    result = _CodedThemes(coder.coded_, coder.counts_, coder.evidence_, coder.words_, coder.atoms_)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time next run
    return result
