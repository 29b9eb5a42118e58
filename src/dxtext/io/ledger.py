"""The ledger that loses nothing: what became of every document of every input file.

Every input row ends in exactly one status, and the ledger counts them per file::

    documents read = used + empty + non_answer + procedural + filtered + too_short

``procedural``: a unit of a meeting record that only runs the meeting (calling the next speaker, thanks, 休憩,
散会 …; kept with ``--keep-procedure``); ``filtered``: left out by a filter the user asked for (``--role``, ``--where``: the ledger lists the conditions);
``too_short`` is filled in once tokens exist (a document with no content word left after filtering).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from .normalize import NonAnswerDetector

Status = Literal["used", "empty", "non_answer", "procedural", "filtered", "too_short"]
STATUSES: tuple[Status, ...] = ("used", "empty", "non_answer", "procedural", "filtered", "too_short")

# Internal columns of Corpus.docs; everything else is an attribute.
BASE_COLUMNS = ("doc_id", "text", "status", "source", "row")


@dataclass
class FileLedger:
    """What happened to the rows of one input file."""

    path: str
    format: str
    encoding: str
    rows_read: int  # data rows of a spreadsheet, or units of a record
    documents: int  # rows × text columns (one document per answer)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    sha256: str = ""
    html_references: int = 0  # documents whose text had HTML character references (&hellip; &amp;), decoded

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "encoding": self.encoding,
            "sha256": self.sha256,
            "rows_read": self.rows_read,
            "documents": self.documents,
            **{k: int(v) for k, v in self.counts.items()},
            "html_references": int(self.html_references),
        }


@dataclass
class Ledger:
    files: list[FileLedger]
    warnings: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)  # --where conditions (documents left out: filtered)

    @property
    def totals(self) -> dict[str, int]:
        out = {"rows_read": 0, "documents": 0, **dict.fromkeys(STATUSES, 0)}
        for f in self.files:
            if f.format == "attributes":
                continue
            out["rows_read"] += f.rows_read
            out["documents"] += f.documents
            for k in STATUSES:
                out[k] += f.counts[k]
        return out

    @property
    def notes(self) -> list[str]:
        """What normalisation changed beyond width and spaces, per file (not silently)."""
        return [
            f"{Path(f.path).name}: HTML character references (&hellip; &amp; &#NNNN; …) decoded in "
            f"{f.html_references:,} document{'s' if f.html_references != 1 else ''}"
            for f in self.files
            if f.html_references
        ]

    def balanced(self) -> bool:
        t = self.totals
        return t["documents"] == sum(t[k] for k in STATUSES)

    def nothing_used(self, name: str, role: str | None = None) -> str | None:
        """None when some document is left to analyse; else one line: what became of the documents (the
        ledger's counts) and what to do, by the cause — the filters, procedure only, or no answers."""
        t = self.totals
        if t["used"] or t["too_short"]:
            return None
        counts = ", ".join(
            f"{t[k]:,} {label}"
            for k, label in (
                ("empty", "empty"),
                ("non_answer", "non-answers"),
                ("procedural", "procedural"),
                ("filtered", "left out by the filters"),
            )
            if t[k]
        )
        if not t["documents"]:
            return f"{name}: the file has no answers; export it again with the answers (dxtext corpus info shows the ledger)."
        head = f"{name}: no document left to analyse ({t['documents']:,} documents: {counts})"
        if t["filtered"]:
            filters = [*(f"--where {w}" for w in self.where), *([f"--role {role}"] if role else [])]
            return (
                f"{head}; {' and '.join(filters) or 'the filters'} kept none — loosen them "
                "(dxtext corpus info lists the values of each attribute)."
            )
        if t["procedural"]:
            return f"{head}; every unit only runs the meeting — add --keep-procedure to analyse them."
        return f"{head}; check --text-col (dxtext corpus info shows the columns and the ledger)."

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": self.totals,
            "balanced": self.balanced(),
            "files": [f.to_dict() for f in self.files],
            "warnings": list(self.warnings),
            "notes": self.notes,
            "where": list(self.where),
        }


def _status_of(text: str, detector: NonAnswerDetector) -> Status:
    if not text:
        return "empty"
    if detector(text, normalized=True):
        return "non_answer"
    return "used"


def _statuses(texts: list[str], detector: NonAnswerDetector) -> list[Status]:
    """``_status_of`` of each text, the non-answer check done for all of them at once."""
    from .normalize import NonAnswerDetector

    if not isinstance(detector, NonAnswerDetector):  # any callable with the detector's signature
        return [_status_of(t, detector) for t in texts]
    flags = detector.flags(texts)
    return ["empty" if not t else "non_answer" if f else "used" for t, f in zip(texts, flags, strict=True)]


def _file_ledger(
    path: Path, fmt: str, codec: str, rows_read: int, docs: pd.DataFrame, html_references: int = 0
) -> FileLedger:
    counts = dict.fromkeys(STATUSES, 0)
    for k, v in docs["status"].value_counts().items():
        counts[str(k)] = int(v)
    return FileLedger(
        path=str(path),
        format=fmt,
        encoding=codec,
        rows_read=rows_read,
        documents=len(docs),
        counts=counts,
        sha256=_file_sha256(path),
        html_references=html_references,
    )


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
