"""What a ``dxtext topics`` run says about itself: the terminal summary, the page's information rows, why K is
what it is when it was not chosen here, and the metadata saved beside a fitted model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import Message, _, get_language, in_language


def _per_question_summary(table: Any, attribute: str, notes: list[str]) -> str:
    lines = [_("one model per {attribute} (--per-question), per_question.csv:").format(attribute=attribute)]
    for q, g in table.groupby(attribute, sort=False):
        top = "; ".join(
            f"{r.label} {100 * r.share:.0f}%" for r in g.sort_values("topic").head(4).itertuples()
        )
        lines.append(
            "  "
            + _("{question} (K = {k}, {n:,} answers): {top}").format(
                question=q, k=int(g["k"].iloc[0]), n=int(g["documents"].iloc[0]), top=top
            )
        )
    lines += ["  " + _("note: {message}").format(message=n) for n in notes]
    return "\n".join(lines)


def _model_fingerprint(folder: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    for p in sorted(Path(folder).glob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _model_metadata(corpus: Any, tokenizer: Any, tm: Any, params: dict[str, Any]) -> dict[str, Any]:
    from .folder import versions

    return {
        "corpus": {"name": corpus.name, "content_hash": corpus.content_hash, "options": corpus.options},
        "tokenizer": tokenizer.params(),
        "dictionary_hash": tokenizer.dictionary_hash,
        "command_params": params,
        "k_reason": tm.k_reason_,
        "versions": versions(),
    }


def _load_reason(load: Path, tm: Any, coverage: dict[str, Any] | None) -> Message:
    """What a saved model applied to this corpus covers: stored in English (metadata.json), shown in the
    interface language and in Japanese on the page (like the reason for K of a model fitted here)."""
    meta = getattr(tm, "metadata_", {}) or {}
    source = (meta.get("corpus") or {}).get("name", "?")
    cov = coverage or {}
    return Message(
        "Saved model {load} (K={k}, {model}, fitted on {source}) applied to this corpus: "
        "{n:,} of {total:,} documents ({share:.1f}%) contain words the model knows; "
        "{tokens:.1f}% of the tokens are in its vocabulary (the others are ignored).",
        load=load,
        k=tm.n_topics_,
        model=tm.model_.upper(),
        source=source,
        n=cov.get("documents_with_model_words", 0),
        total=cov.get("documents", 0),
        share=100 * cov.get("document_coverage", 0),
        tokens=100 * cov.get("token_coverage", 0),
    )


def _k_reason(tm: Any, load: Path | None, coverage: dict[str, Any] | None) -> str:
    """Why K is what it is (a :class:`~dxtext.i18n.Message` when made in this run; the English text of a
    model read from disk)."""
    if load is not None:
        return _load_reason(load, tm, coverage)
    return getattr(tm, "k_reason_message_", None) or tm.k_reason_


def _info_rows(
    corpus: Any,
    tm: Any,
    params: dict[str, Any],
    reason: str,
    model_path: Path | None,
    coverage: Any,
    load: Any,
) -> list[tuple[str, str]]:
    from .. import __version__

    t = corpus.ledger.totals
    rows = [
        ("コーパス", corpus.name),
        (
            "文書",
            f"{t.get('documents', 0):,} 件 (分析 {t.get('used', 0):,}・空欄 {t.get('empty', 0):,}・"
            f"非回答 {t.get('non_answer', 0):,}・内容語なし {t.get('too_short', 0):,}"
            + (f"・絞り込みで除外 {t.get('filtered', 0):,}" if t.get("filtered", 0) else "")
            + ")",
        ),
        ("モデル", f"{tm.model_.upper()} ・ K = {tm.n_topics_} ・ seed {params['seed']}"),
        ("語彙", f"{len(tm.vocab_):,} 語 (min_df {tm.min_df_}, max_df {params['max_df']})"),
    ]
    if load is not None:
        rows.append(("適用したモデル", reason))
    if model_path is not None:
        rows.append(("保存したモデル", f"{model_path} (dxtext topics --load で他のコーパスに適用)"))
    if load is not None and coverage:
        rows.append(
            (
                "語彙の適用率",
                f"文書 {100 * coverage['document_coverage']:.1f}% ・ 語 "
                f"{100 * coverage['token_coverage']:.1f}%",
            )
        )
    rows.append(("関連度", "λ·log φ + (1−λ)·log(φ/p), λ = 0.6 (Sievert & Shirley 2014)"))
    rows.append(
        (
            "個人情報",
            "代表的な回答の氏名・電話番号・メール・12桁の番号はマスク済み"
            if params["mask"]
            else "マスクなし (--no-mask)",
        )
    )
    rows.append(("dxtext", __version__))
    return rows


def _summary(
    corpus: Any,
    tm: Any,
    labels: Any,
    overview: dict[int, list[str]],
    reason: str,
    folder: Path,
    model_path: Path | None,
    coverage: Any,
) -> str:
    lines = [
        _("topics: {name} — {model}, K = {k}").format(
            name=corpus.name, model=tm.model_.upper(), k=tm.n_topics_
        ),
        "  " + in_language(reason, get_language()),
    ]
    for r in labels.itertuples(index=False):
        lines.append(
            f"  T{int(r.topic):<2} {100 * float(r.share):5.1f}%  {r.label}: {' '.join(overview[int(r.topic)])}"
        )
    if model_path is not None:
        lines.append(
            _("model saved to {path} (apply it to another corpus with --load)").format(path=model_path)
        )
    lines.append(_("wrote {path}").format(path=folder))
    return "\n".join(lines)
