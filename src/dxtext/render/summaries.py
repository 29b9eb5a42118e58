"""What the analysis commands (ca, cluster, assoc, compare) print: short aligned tables for the terminal."""

from __future__ import annotations

from typing import Any

from ..i18n import _, column


def _fmt(x: float, digits: int = 3) -> str:
    return f"{x:+.{digits}f}"


def ca_text(inertia: Any, rows: Any, cols: Any, *, row_name: str, column_name: str, n_scored: int) -> str:
    lines = [
        _("correspondence analysis: {n_rows} {row_name}s × {n_cols} {column_name}").format(
            n_rows=len(rows), row_name=column(row_name), n_cols=len(cols), column_name=column(column_name)
        )
    ]
    lines.append(_("axis  eigenvalue  share   cumulative"))
    for r in inertia.head(5).itertuples(index=False):
        lines.append(
            f"{int(r.dim):>4}  {r.eigenvalue:10.5f}  {r.percent:5.1f}%  {r.cumulative_percent:6.1f}%"
        )
    for d in (1, 2):
        if f"dim{d}" not in rows:
            continue
        ranked = rows.sort_values([f"contrib{d}", row_name], ascending=[False, True]).head(12)
        neg = [w for w, x in zip(ranked[row_name], ranked[f"dim{d}"], strict=True) if x < 0][:6]
        pos = [w for w, x in zip(ranked[row_name], ranked[f"dim{d}"], strict=True) if x > 0][:6]
        lines.append(
            _("axis {d}  −: {neg}   +: {pos}").format(
                d=d, neg="、".join(map(str, neg)) or "-", pos="、".join(map(str, pos)) or "-"
            )
        )
    if len(cols) <= 40:
        lines.append(f"{column_name}: " + "  ".join(
            f"{g} ({_fmt(x, 2)}, {_fmt(y, 2)})"
            for g, x, y in zip(cols[column_name], cols["dim1"], cols.get("dim2", cols["dim1"] * 0), strict=True)
        ))  # fmt: skip
    lines.append(
        _("document scores: {n:,} documents placed on the axes (ca_documents.csv)").format(n=n_scored)
    )
    return "\n".join(lines)


def compare_text(top: Any, groups: Any, trend_words: Any, trend_themes: Any, *, by: str, alpha: float) -> str:
    lines = [
        _("keyness by {by} (log-likelihood G², log ratio; Benjamini–Hochberg p < {alpha}):").format(
            by=by, alpha=alpha
        )
    ]
    for row in groups.itertuples(index=False):
        g = row[0]
        sub = top[(top["group"] == g) & (top["direction"] == "over")].head(10)
        words = "、".join(f"{w} ({lr:+.1f})" for w, lr in zip(sub["word"], sub["log_ratio"], strict=True))
        lines.append(f"  {g} (n={row.documents:,}): {words or _('(no word stands out)')}")
    for name, frame, col in ((_("words"), trend_words, "word"), (_("themes"), trend_themes, "theme")):
        if frame is None:
            continue
        up = frame[frame["direction"] == "rising"].head(8)
        down = frame[frame["direction"] == "falling"].head(8)
        lines.append(_("trend of {name} over {by} (Cochran–Armitage, BH p < 0.05):").format(name=name, by=by))
        lines.append(
            "  "
            + _("rising:  ")
            + ("、".join(f"{w} (z={z:+.1f})" for w, z in zip(up[col], up["z"], strict=True)) or "-")
        )
        lines.append(
            "  "
            + _("falling: ")
            + ("、".join(f"{w} (z={z:+.1f})" for w, z in zip(down[col], down["z"], strict=True)) or "-")
        )
    return "\n".join(lines)


def assoc_text(table: Any, lines: Any, *, label: str, n_target: int, n_docs: int, measure: str) -> str:
    out = [
        _(
            "words associated with {label} ({n_target:,} of {n_docs:,} documents; ranked by {measure}):"
        ).format(label=label, n_target=n_target, n_docs=n_docs, measure=measure)
    ]
    out.append(_("rank  word                  in     out   P(w|T)  P(w)   Jaccard  lift   G²"))
    for r in table.head(20).itertuples(index=False):
        mark = " *" if r.in_rule else ""
        word = f"{r.word}{mark}"
        pad = 20 - sum(2 if ord(ch) > 0x2E80 else 1 for ch in word)
        out.append(
            f"{r.rank:>4}  {word}{' ' * max(pad, 1)}{r.docs_in:>5} {r.docs_out:>6}   {r.p_in:.3f}  {r.p_all:.3f}"
            f"  {r.jaccard:.3f}  {r.lift:5.2f}  {r.G2:7.1f}"
        )
    if table["in_rule"].any():
        out.append("  " + _("* a word of the theme's rule"))
    if len(lines):
        out.append(_("KWIC ({n} lines in kwic.csv):").format(n=len(lines)))
        for r in lines.head(5).itertuples(index=False):
            out.append(f"  {r.left[-20:]:>20} [{r.word}] {r.right[:20]}")
    return "\n".join(out)


def cluster_text(words: Any, docs: Any, *, method: str, stress: float) -> str:
    out = [
        _("word clusters ({method}, Jaccard distance; Kruskal stress-1 {stress:.3f}):").format(
            method=method, stress=stress
        )
    ]
    for k, sub in words.groupby("cluster", sort=True):
        out.append(f"  {int(k)}: " + "、".join(sub["word"].astype(str)))
    if docs is not None:
        out.append(_("document clusters (TF-IDF):"))
        for r in docs.itertuples(index=False):
            out.append(
                "  "
                + _("{cluster}: {n:,} documents ({percent}%)  {words}").format(
                    cluster=r.cluster, n=r.documents, percent=r.percent, words=r.top_words
                )
            )
    return "\n".join(out)
