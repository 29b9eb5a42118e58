"""What the commands print in a terminal: tables and concordances lined up for Japanese text."""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _, column
from .terminal import fit, render_table, width

#: the ledger's states (ledger.json's keys; shown in the interface language)
STATES = (N_("used"), N_("empty"), N_("non_answer"), N_("procedural"), N_("filtered"), N_("too_short"))


def corpus_text(summary: dict[str, Any]) -> str:
    """The text of ``dxtext corpus info``: options, the ledger per file, units, attributes."""
    lines = [_("corpus: {name}").format(name=summary["name"])]
    for k, v in summary["options"].items():
        lines.append(f"  {k}: {v}")
    led = summary["ledger"]
    lines.append("")
    t = led["totals"]
    # procedure and filters are shown when they occur (meeting records, --role)
    extra = [k for k in ("procedural", "filtered") if t.get(k)]
    names = {"procedural": _("proc."), "filtered": _("filter")}
    lines.append(
        _("ledger (documents = used + empty + non_answer + {extra}too_short):").format(
            extra="".join(_(k) + " + " for k in extra)
        )
    )
    heads = [
        (_("file"), 48, "left"),
        (_("format"), 12, "left"),
        (_("encoding"), 10, "left"),
        (_("rows"), 7, "right"),
        (_("docs"), 7, "right"),
        (_("used"), 7, "right"),
        (_("empty"), 6, "right"),
        (_("non-ans"), 7, "right"),
        *((names[k], 6, "right") for k in extra),
        (_("short"), 6, "right"),
    ]
    lines.append("  " + " ".join(fit(h, w, align=a) for h, w, a in heads))
    for f in led["files"]:
        name = f["path"] if len(f["path"]) <= 48 else "…" + f["path"][-47:]
        lines.append(
            f"  {name:<48} {f['format']:<12} {f['encoding']:<10} {f['rows_read']:>7,} {f['documents']:>7,} "
            f"{f['used']:>7,} {f['empty']:>6,} {f['non_answer']:>7,}"
            + "".join(f" {f.get(k, 0):>6,}" for k in extra)
            + f" {f['too_short']:>6,}"
        )
    lines.append(
        f"  {fit(_('total'), 48)} {'':<12} {'':<10} {t['rows_read']:>7,} {t['documents']:>7,} {t['used']:>7,} "
        f"{t['empty']:>6,} {t['non_answer']:>7,}"
        + "".join(f" {t.get(k, 0):>6,}" for k in extra)
        + f" {t['too_short']:>6,}"
        + ("  " + _("✓ balanced") if led["balanced"] else "  " + _("✗ NOT balanced"))
    )
    for w in led.get("where") or []:
        lines.append(
            "  "
            + _("--where {condition} (documents left out by the filters: {n:,})").format(
                condition=w, n=t.get("filtered", 0)
            )
        )
    for w in led["warnings"]:
        lines.append("  " + _("warning: {message}").format(message=w))
    if summary.get("units"):
        lines.append("")
        lines.append(_("units ({n}):").format(n=len(summary["units"])))
        for u in summary["units"]:
            extra = _(" [{n} bullets]").format(n=u["bullets"]) if u.get("bullets") not in ("", None) else ""
            label = f"{u['label']}{extra}  " if u["label"] else ""
            status = "" if u["status"] == "used" else f" ({_(u['status'])})"
            lines.append(f"  {u['doc_id']:>5} l.{u['line']:<4} {label}{u['text']}{status}")
    if summary.get("roles"):
        lines.append("")
        lines.append(_("speakers by role (units: used / procedural / other states):"))
        for role, r in summary["roles"].items():
            lines.append(
                f"  {role:<10} "
                + _(
                    "{units:>5,} units, {speakers:>3,} speakers: {used:>5,} used, {procedural:>5,} procedural, "
                    "{other:>5,} other"
                ).format(**r)
            )
    lines.append("")
    lines.append(_("attributes:"))
    for a, info in summary["attributes"].items():
        shown = ", ".join(f"{k} {v:,}" for k, v in info["top"].items())
        more = (
            _(" … ({n:,} distinct)").format(n=info["distinct"]) if info["distinct"] > len(info["top"]) else ""
        )
        lines.append(f"  {a}: {shown}{more}")
    return "\n".join(lines)


def freq_text(table: Any, *, by: str | None, n_docs: int, top: int) -> str:
    """The terminal view: one table, or one block per group."""
    shown = ["rank", "word", "word_class", "tf", "df", "df_pct"]
    widths = {"word": 30}
    if by is None:
        head = _("{n:,} documents, {words:,} words shown").format(n=n_docs, words=len(table))
        head += _(" (top {top})").format(top=top) if top else ""
        return head + "\n" + render_table(table[shown].rename(columns={"df_pct": "df%"}), max_widths=widths)
    blocks = []
    for value, frame in table.groupby(by, sort=False):
        docs = int(frame["docs"].iloc[0])
        blocks.append(_("{by} = {value}  ({n:,} documents)").format(by=by, value=value, n=docs))
        blocks.append(render_table(frame[shown].rename(columns={"df_pct": "df%"}), max_widths=widths))
        blocks.append("")
    return "\n".join(blocks).rstrip()


def kwic_text(lines: Any, *, word: str, by: str | None, window: int, top: int) -> str:
    """Header, then one line per occurrence: the word in a column of its own, contexts aligned to it."""
    docs = lines["doc_id"].nunique()
    how = lines.attrs.get("query") or _("lemma {lemmas}").format(
        lemmas=", ".join(sorted(set(lines["lemma"])))
    )
    head = _("{word} ({how}): {n:,} occurrences in {docs:,} documents").format(
        word=word, how=how, n=len(lines), docs=docs
    )
    shown = lines if not top else lines.head(top)
    if top and len(lines) > top:
        head += _("; the first {top} shown").format(top=top)
    side = min(2 * window, 40)
    word_w = max(width(w) for w in shown["word"])
    id_w = max(width(column("doc_id")), *(width(str(d)) for d in shown["doc_id"]))
    out = [head]
    prefix_cols = [("doc_id", id_w)]
    if by is not None:
        by_w = min(20, max(width(column(by)), *(width(str(v)) for v in shown[by])))
        prefix_cols.append((by, by_w))
    rows = []
    for rec in shown.to_dict("records"):
        prefix = "  ".join(fit(str(rec[col]), w) for col, w in prefix_cols)
        rows.append(
            f"{prefix}  {fit(rec['left'], side, align='right')} 【{fit(rec['word'], word_w)}】 {fit(rec['right'], side)}".rstrip()
        )
    header = "  ".join(fit(column(col), w) for col, w in prefix_cols)
    out.append(
        f"{header}  {fit(column('left'), side, align='right')} 【{fit(column('word'), word_w)}】 {column('right')}"
    )
    out.extend(rows)
    return "\n".join(out)


def themes_text(summary: Any, ct: Any, *, n_docs: int) -> str:
    lines = [_("{n:,} documents coded").format(n=n_docs)]
    lines.append(render_table(summary.rename(columns={"percent": "%"}), max_widths={"theme": 36}))
    if ct is not None:
        lines.append("")
        excluded = (
            _("; {n:,} documents without a value left out").format(n=ct.excluded) if ct.excluded else ""
        )
        lines.append(
            _(
                "by {by} ({n} groups{excluded}): row % with ▲/▽ where the adjusted residual is ≥ +1.96 / ≤ −1.96"
            ).format(by=ct.attribute, n=len(ct.groups), excluded=excluded)
        )
        lines.append(render_table(crosstab_view(ct), max_widths={"theme": 30}))
    return "\n".join(lines)


def crosstab_view(ct: Any) -> Any:
    """Themes as rows (long names read better), one column per group: "42%▲", then χ² and p."""
    import pandas as pd

    from ..analysis.themes import format_p

    marks = ct.marks()
    tests = ct.tests.set_index("theme")
    rows = []
    for th in ct.themes:
        row: dict[str, Any] = {"theme": th}
        for g in ct.groups:
            row[f"{g} (n={int(ct.counts.loc[g, '文書数'])})"] = (
                f"{ct.percent.loc[g, th]:.0f}%{marks.loc[g, th]}"
            )
        row["合計"] = f"{ct.percent.loc['合計', th]:.0f}%"
        chi2 = tests.loc[th, "chi2"]
        row["χ²"] = "" if chi2 != chi2 else f"{chi2:.1f}"
        row["p"] = format_p(float(tests.loc[th, "p"]))
        if (tests["exact_test"] != "").any():  # Fisher / Monte Carlo when expected counts are small
            row["exact p"] = ct.p_shown(th) if tests.loc[th, "exact_test"] else ""
        rows.append(row)
    return pd.DataFrame(rows)
