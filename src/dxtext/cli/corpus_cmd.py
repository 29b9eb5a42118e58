"""``dxtext corpus info``: what dxtext reads from a file — units, attributes, and the ledger."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from . import common as c

corpus_app = typer.Typer(help="Look at a corpus before analysing it.", no_args_is_help=True)


@corpus_app.command("info")
def info(
    path: c.CorpusArg,
    text_col: c.TextCol = None,
    id_col: c.IdCol = None,
    attrs: c.AttrsFile = None,
    on: c.OnKey = None,
    encoding: c.Encoding = None,
    sheet: c.Sheet = None,
    unit: c.Unit = None,
    non_answers: c.NonAnswers = None,
    top: Annotated[int, typer.Option("--top", help="Values shown per attribute.")] = 12,
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as JSON.")] = False,
) -> None:
    """Show the documents, attributes with their value counts, and the ledger (rows read = used + empty +
    non-answers + too short), per file."""
    corpus = c.load_corpus(
        path,
        text_col=text_col,
        id_col=id_col,
        attrs=attrs,
        on=on,
        encoding=encoding,
        sheet=sheet,
        unit=unit,
        non_answers=non_answers,
    )
    summary = summarize(corpus, top=top)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(render(summary))


def summarize(corpus, *, top: int = 12) -> dict:  # type: ignore[no-untyped-def]
    docs = corpus.docs
    out: dict = {
        "name": corpus.name,
        "options": {k: v for k, v in corpus.options.items() if v},
        "ledger": corpus.ledger.to_dict(),
        "content_hash": corpus.content_hash,
        "attributes": {},
    }
    for a in corpus.attributes:
        counts = docs[a].replace("", "(空欄)").value_counts()
        out["attributes"][a] = {
            "distinct": len(counts),
            "top": {str(k): int(v) for k, v in counts.head(top).items()},
        }
    if "unit" in corpus.options and corpus.options.get("unit"):
        unit = corpus.options["unit"]
        label_col = _unit_label_column(corpus, unit)
        units = []
        for rec in docs.itertuples(index=False):
            d = rec._asdict()
            label = d.get(label_col, "") if label_col else ""
            units.append(
                {
                    "doc_id": d["doc_id"],
                    "line": int(d["row"]),
                    "label": label,
                    "bullets": d.get("bullets", ""),
                    "status": d["status"],
                    "chars": len(d["text"]),
                    "text": " ".join(d["text"].split())[:60],
                }
            )
        out["units"] = units
    return out


def _unit_label_column(corpus, unit: str) -> str | None:  # type: ignore[no-untyped-def]
    for col in (unit, "section", "speaker", "subsection", "part"):
        if col in corpus.attributes:
            return col
    return None


def render(summary: dict) -> str:
    lines = [f"corpus: {summary['name']}"]
    for k, v in summary["options"].items():
        lines.append(f"  {k}: {v}")
    led = summary["ledger"]
    lines.append("")
    lines.append("ledger (documents = used + empty + non_answer + too_short):")
    header = f"  {'file':<48} {'format':<12} {'encoding':<10} {'rows':>7} {'docs':>7} {'used':>7} {'empty':>6} {'non-ans':>7} {'short':>6}"
    lines.append(header)
    for f in led["files"]:
        name = f["path"] if len(f["path"]) <= 48 else "…" + f["path"][-47:]
        lines.append(
            f"  {name:<48} {f['format']:<12} {f['encoding']:<10} {f['rows_read']:>7,} {f['documents']:>7,} "
            f"{f['used']:>7,} {f['empty']:>6,} {f['non_answer']:>7,} {f['too_short']:>6,}"
        )
    t = led["totals"]
    lines.append(
        f"  {'total':<48} {'':<12} {'':<10} {t['rows_read']:>7,} {t['documents']:>7,} {t['used']:>7,} "
        f"{t['empty']:>6,} {t['non_answer']:>7,} {t['too_short']:>6,}"
        + ("  ✓ balanced" if led["balanced"] else "  ✗ NOT balanced")
    )
    for w in led["warnings"]:
        lines.append(f"  warning: {w}")
    if summary.get("units"):
        lines.append("")
        lines.append(f"units ({len(summary['units'])}):")
        for u in summary["units"]:
            extra = f" [{u['bullets']} bullets]" if u.get("bullets") not in ("", None) else ""
            label = f"{u['label']}{extra}  " if u["label"] else ""
            status = "" if u["status"] == "used" else f" ({u['status']})"
            lines.append(f"  {u['doc_id']:>5} l.{u['line']:<4} {label}{u['text']}{status}")
    lines.append("")
    lines.append("attributes:")
    for a, info in summary["attributes"].items():
        shown = ", ".join(f"{k} {v:,}" for k, v in info["top"].items())
        more = f" … ({info['distinct']:,} distinct)" if info["distinct"] > len(info["top"]) else ""
        lines.append(f"  {a}: {shown}{more}")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")
