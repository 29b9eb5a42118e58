"""What the analyses of groups share: each document's group (aligned with the tokens), the reading order of the
groups, and the folder-writing steps common to ``ca``, ``cluster``, ``assoc`` and ``compare``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CorpusError
from ..i18n import _

if TYPE_CHECKING:
    import pandas as pd

    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus

#: Tables longer than this go to CSV only (the workbook writer does about 650,000 cells a second).
XLSX_MAX_ROWS = 5000
MISSING = "(空欄)"
#: More groups than this cannot be read on a map or compared one by one (KH Coder stops labelling at 150)
MAX_GROUPS = 200


def doc_groups(
    corpus: Corpus,
    tokens: TokenizedCorpus,
    by: str,
    *,
    include_missing: bool = False,
    max_groups: int | None = MAX_GROUPS,
) -> tuple[list[str], list[str], int]:
    """(group of each tokenized document — "" when it has none and ``include_missing`` is off —, the groups
    in reading order (20代 < 30代; otherwise the largest first), documents without a value). More than
    ``max_groups`` groups is an error (an identifier or free-text column given to --by)."""
    from ..analysis.themes import group_order

    values = corpus.used_columns("doc_id", by).set_index("doc_id")[by]
    raw = values.reindex(tokens.doc_ids).fillna("").astype(str).str.strip().tolist()
    missing = sum(1 for v in raw if not v)
    labels = [v or (MISSING if include_missing else "") for v in raw]
    counts: dict[str, int] = {}
    for v in labels:
        if v:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        raise CorpusError(
            _("--by {by}: no document has a value of {by!r}; choose another attribute.").format(by=by)
        )
    if max_groups is not None and len(counts) > max_groups:
        raise CorpusError(
            _(
                "--by {by}: {v0:,} groups (at most {max_groups:,}; is it an ID or a free-text column?); choose an attribute with fewer values or merge its values in the attribute file."
            ).format(by=by, v0=len(counts), max_groups=max_groups)
        )
    order = group_order([v for v in counts if v != MISSING], counts)
    if MISSING in counts:
        order.append(MISSING)
    return labels, order, 0 if include_missing else missing


def write_tables(
    folder: Path, tables: Mapping[str, pd.DataFrame], *, workbook: str, csv_only: tuple[str, ...] = ()
) -> None:
    """Each table as ``<name>.csv`` (BOM, defused cells) and all that are short enough in one workbook."""
    from ..render.tables import write_csv, write_xlsx

    for name, frame in tables.items():
        write_csv(frame, folder / f"{name}.csv")
    sheets = {n: f for n, f in tables.items() if n not in csv_only and len(f) <= XLSX_MAX_ROWS}
    write_xlsx(sheets, folder / workbook)


def files_of(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


#: columns holding p-values: rounded to significant digits, so that 3e-12 is not written as 0
P_COLUMNS = ("p", "p_bh")


def rounded(frame: pd.DataFrame, decimals: int = 6) -> pd.DataFrame:
    """Floats rounded so that the CSV is the same on every machine (BLAS may differ in the last bits);
    p-values to ``decimals`` significant digits (a p of 1e-40 stays 1e-40, rather than 0)."""
    out = frame.round({c: decimals for c in frame.columns if c not in P_COLUMNS})
    for c in P_COLUMNS:
        if c in out and out[c].dtype.kind == "f":
            out[c] = [float(f"{v:.{decimals}g}") for v in out[c]]
    return out


def params_of(**kwargs: Any) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in kwargs.items()}
