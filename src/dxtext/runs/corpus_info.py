"""``dxtext corpus info``: what dxtext reads from a file — units, attributes and the ledger. Writes nothing."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Unpack

from ..io.compact import plain
from ..progress import Progress
from .inputs import SourceOptions, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..io.corpus import Corpus


def corpus_info(
    corpus: Corpus | str | os.PathLike[str],
    *,
    top: int = 12,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Documents, attributes with their most frequent values (``top`` per attribute), the units of a record,
    the ledger (documents = used + empty + non-answers + procedural + filtered + too short), per file, and for
    meeting records the units per speaker role.

    ``result.data["info"]`` is the same as ``dxtext corpus info --json`` prints; ``result.summary()`` the text.
    """
    from ..render.console import corpus_text

    inputs = prepare(corpus, dict(source), command="corpus_info", tokens=False, progress=progress)
    info = summarize(inputs.corpus, top=top)
    return RunResult(
        command="corpus info",
        text=corpus_text(info),
        warnings=inputs.warnings,
        data={"info": info, "corpus": inputs.corpus},
    )


def summarize(corpus: Corpus, *, top: int = 12) -> dict[str, Any]:
    docs = corpus.docs
    if corpus.ledger.where:  # --where: what is left
        docs = docs[docs["status"] != "filtered"]
    out: dict[str, Any] = {
        "name": corpus.name,
        "options": {k: v for k, v in corpus.options.items() if v},
        "ledger": corpus.ledger.to_dict(),
        "content_hash": corpus.content_hash,
        "attributes": {},
    }
    for a in corpus.attributes:
        counts = plain(docs[a]).replace("", "(空欄)").value_counts()
        out["attributes"][a] = {
            "distinct": len(counts),
            "top": {str(k): int(v) for k, v in counts.head(top).items()},
        }
    if "role" in corpus.attributes:
        out["roles"] = role_table(corpus)
    if corpus.options.get("unit"):
        label_col = _unit_label_column(corpus, corpus.options["unit"])
        units = []
        for rec in docs.itertuples(index=False):
            d = rec._asdict()
            units.append(
                {
                    "doc_id": d["doc_id"],
                    "line": int(d["row"]),
                    "label": d.get(label_col, "") if label_col else "",
                    "bullets": d.get("bullets", ""),
                    "status": d["status"],
                    "chars": len(d["text"]),
                    "text": " ".join(d["text"].split())[:60],
                }
            )
        out["units"] = units
    return out


def _unit_label_column(corpus: Corpus, unit: str) -> str | None:
    for col in (unit, "section", "speaker", "subsection", "part"):
        if col in corpus.attributes:
            return col
    return None


def role_table(corpus: Corpus) -> dict[str, dict[str, int]]:
    """Units of a meeting record per speaker role (chair, member, executive, witness, clerk, other): how many,
    how many speakers, and how many are used, procedural or in another state (filtered, empty …)."""
    from ..io.minutes.roles import ROLES

    docs = corpus.docs
    out: dict[str, dict[str, int]] = {}
    for role in ROLES:
        part = docs[docs["role"] == role]
        if part.empty:
            continue
        used = int((part["status"] == "used").sum())
        procedural = int((part["status"] == "procedural").sum())
        out[role] = {
            "units": len(part),
            "speakers": int(part.loc[part["speaker"] != "", "speaker"].nunique()),
            "used": used,
            "procedural": procedural,
            "other": len(part) - used - procedural,
        }
    return out
