"""The study-group report as a document: blocks (headings, paragraphs, tables, images, quotes) built from the
computed theme profiles, crosstabs and topic overview, in Japanese; and the workbook of every table.
:mod:`dxtext.render.blocks` writes the blocks as Markdown and offline HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .blocks import _Doc

if TYPE_CHECKING:
    from ..analysis.rules import ThemeRules
    from ..analysis.themes import CrossTab
    from ..io.corpus import Corpus
    from ..text.tokenize import Tokenizer


def pct(x: float) -> str:
    return f"{x:.0f}%" if x >= 1 or x == 0 else f"{x:.1f}%"


def opening(
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
    if corpus.ledger.where:
        sentence += f" 絞り込み条件 ({' かつ '.join(corpus.ledger.where)}) に合わない {t['filtered']:,} 件も除外しました。"
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
                **({"絞り込みで除外": t["filtered"]} if corpus.ledger.where else {}),
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


#: A group is called out in words only when the theme's χ² test says the groups differ at this level: with
#: many groups, some cell passes |r| ≥ 1.96 by chance (the heatmap still marks every cell).
ALPHA = 0.05


def differs(ct: CrossTab, theme: str) -> bool:
    p, _ = ct.p_value(theme)  # the exact / simulated p when expected counts are small
    return bool(p == p and p < ALPHA)


def group_sentence(ct: CrossTab, theme: str) -> str:
    test = ct.tests.set_index("theme").loc[theme]
    if test["chi2"] != test["chi2"]:
        return "グループ比較はできません (該当が少なすぎるか、全文書が該当)"
    chi = f"χ²={test['chi2']:.1f}, {ct.p_shown(theme)}"
    caution = ""
    if bool(test["low_expected"]):
        caution = (
            " (件数が少ないため p はモンテカルロ法)"
            if test["exact_test"] == "monte_carlo"
            else " (件数が少なく参考程度)"
        )
    if not differs(ct, theme):
        return f"グループによるはっきりした差はありません ({chi}){caution}"
    high, low = ct.highlights(theme)
    bits = [f"{h['group']}で多い ({pct(h['percent'])}, 調整済み残差 {h['residual']:+.1f})" for h in high[:3]]
    bits += [
        f"{x['group']}で少ない ({pct(x['percent'])}, 調整済み残差 {x['residual']:+.1f})" for x in low[:2]
    ]
    if not bits:
        return f"グループ間に差はありますが、特に目立つグループはありません ({chi}){caution}"
    return "、".join(bits) + f"。{chi}{caution}"


def short_groups(ct: CrossTab, theme: str) -> str:
    if not differs(ct, theme):
        return "—"
    high, low = ct.highlights(theme)
    bits = [f"{h['group']}▲" for h in high[:2]] + [f"{x['group']}▽" for x in low[:1]]
    return "、".join(bits) if bits else "—"


def overview(
    doc: _Doc,
    infos: list[dict[str, Any]],
    *,
    n_docs: int,
    ct: CrossTab | None,
    heatmap: Path | None,
    clickable: str | None = None,
) -> None:
    doc.h(2, "概要", "overview")
    any_theme = np.zeros(n_docs, dtype=bool)
    for info in infos:
        any_theme |= info["mask"]
    ranked = sorted(infos, key=lambda x: -x["n"])
    top = [f"{x['name']} ({x['n']:,}件)" for x in ranked[:3] if x["n"]]
    doc.p(
        f"いずれかのテーマに該当した文書は {int(any_theme.sum()):,} 件 ({pct(any_theme.mean() * 100)}) です。"
        + (f"多いのは {'、'.join(top)}。" if top else "")
    )
    rows = []
    for info in infos:
        row: dict[str, Any] = {"テーマ": info["name"], "文書数": info["n"], "割合": pct(info["pct"])}
        if ct is not None:
            row["目立つグループ (▲多い ▽少ない)"] = short_groups(ct, info["name"]) if info["n"] else "—"
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
        if clickable:
            doc.html(clickable)


def theme_section(doc: _Doc, info: dict[str, Any], *, ct: CrossTab | None) -> None:
    doc.h(3, f"{info['k']}. {info['name']} — {info['n']:,}件 ({pct(info['pct'])})", f"theme{info['k']}")
    if not info["n"]:
        doc.p("該当する文書はありませんでした。")
        return
    items = []
    if ct is not None:
        items.append("グループ: " + group_sentence(ct, info["name"]))
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


def overlap_section(doc: _Doc, pairs: pd.DataFrame) -> None:
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


def reproduce_section(
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


def sheets_of(
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


def topic_section(doc: _Doc, ov: dict[str, Any], *, sheets: dict[str, pd.DataFrame]) -> None:
    k, labels, n_with, ct = ov["k"], ov["labels"], ov["with_words"], ov["crosstab"]
    doc.h(2, f"発見されたトピック (K={k})", "topics")
    doc.p(
        f"テーマ (こちらが決めた問い) とは別に、語の共起からトピックモデル ({ov['model'].upper()}) が見つけた話題です。"
        f"各文書を比重の最も大きいトピックに数えています (トピックの語を含む {n_with:,} 件)。"
        " dxtext topics (同じ seed・同じ K の指定) と同じモデル・同じトピックです。"
    )
    if ov.get("k_reason"):
        doc.p(f"K の選び方: {ov['k_reason']}")
    rows = []
    for i, lab in enumerate(labels):
        n = ov["documents"][i]
        row: dict[str, Any] = {
            "トピック": lab,
            "主な語": "、".join(ov["words"][i][:6]),
            "文書数": n,
            "割合": pct(n / n_with * 100 if n_with else 0),
        }
        if ct is not None:
            row["目立つグループ"] = short_groups(ct, lab)
        rows.append(row)
    doc.table(pd.DataFrame(rows), right=["文書数", "割合"])
    quotes = ov["quotes"]
    if quotes:
        doc.p("各トピックの典型的な文書 (トピックの比重が最も大きいもの):")
        doc.ul([f"{q['topic']}: 「{q['text']}」 ({q['doc_id']})" for q in quotes])
    doc.note(
        "トピックは自動で見つけたもので、名前は付けていません。語の並びから内容を読み取ってください (詳細は dxtext topics)。"
    )
    sheets["topics"] = pd.DataFrame(
        {
            "topic": labels,
            "label": ov["names"],
            "top_words": ["、".join(w) for w in ov["words"]],
            "documents": ov["documents"],
            "coherence": [round(c, 4) for c in ov["coherence"]],
        }
    )
    sheets["topic_quotes"] = pd.DataFrame(quotes, columns=["topic", "doc_id", "text"])
    if ct is not None:
        sheets["topics_crosstab"] = ct.table()
