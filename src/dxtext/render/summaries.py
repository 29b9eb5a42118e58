"""What the analysis commands (ca, cluster, assoc, compare) print: short aligned tables for the terminal."""

from __future__ import annotations

from typing import Any


def _fmt(x: float, digits: int = 3) -> str:
    return f"{x:+.{digits}f}"


def ca_text(inertia: Any, rows: Any, cols: Any, *, row_name: str, column_name: str, n_scored: int) -> str:
    lines = [f"correspondence analysis: {len(rows)} {row_name}s × {len(cols)} {column_name}"]
    lines.append("axis  eigenvalue  share   cumulative")
    for r in inertia.head(5).itertuples(index=False):
        lines.append(f"{int(r.dim):>4}  {r.eigenvalue:10.5f}  {r.percent:5.1f}%  {r.cumulative_percent:6.1f}%")
    for d in (1, 2):
        if f"dim{d}" not in rows:
            continue
        ranked = rows.sort_values([f"contrib{d}", row_name], ascending=[False, True]).head(12)
        neg = [w for w, x in zip(ranked[row_name], ranked[f"dim{d}"], strict=True) if x < 0][:6]
        pos = [w for w, x in zip(ranked[row_name], ranked[f"dim{d}"], strict=True) if x > 0][:6]
        lines.append(f"axis {d}  −: {'、'.join(map(str, neg)) or '-'}   +: {'、'.join(map(str, pos)) or '-'}")
    if len(cols) <= 40:
        lines.append(f"{column_name}: " + "  ".join(
            f"{g} ({_fmt(x, 2)}, {_fmt(y, 2)})"
            for g, x, y in zip(cols[column_name], cols["dim1"], cols.get("dim2", cols["dim1"] * 0), strict=True)
        ))  # fmt: skip
    lines.append(f"document scores: {n_scored:,} documents placed on the axes (ca_documents.csv)")
    return "\n".join(lines)


def compare_text(top: Any, groups: Any, trend_words: Any, trend_themes: Any, *, by: str, alpha: float) -> str:
    lines = [f"keyness by {by} (log-likelihood G², log ratio; Benjamini–Hochberg p < {alpha}):"]
    for row in groups.itertuples(index=False):
        g = row[0]
        sub = top[(top["group"] == g) & (top["direction"] == "over")].head(10)
        words = "、".join(f"{w} ({lr:+.1f})" for w, lr in zip(sub["word"], sub["log_ratio"], strict=True))
        lines.append(f"  {g} (n={row.documents:,}): {words or '(no word stands out)'}")
    for name, frame, col in (("words", trend_words, "word"), ("themes", trend_themes, "theme")):
        if frame is None:
            continue
        up = frame[frame["direction"] == "rising"].head(8)
        down = frame[frame["direction"] == "falling"].head(8)
        lines.append(f"trend of {name} over {by} (Cochran–Armitage, BH p < 0.05):")
        lines.append("  rising:  " + ("、".join(f"{w} (z={z:+.1f})" for w, z in zip(up[col], up["z"], strict=True)) or "-"))
        lines.append("  falling: " + ("、".join(f"{w} (z={z:+.1f})" for w, z in zip(down[col], down["z"], strict=True)) or "-"))
    return "\n".join(lines)
