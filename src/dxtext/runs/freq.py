"""``dxtext freq``: word frequencies (tf, df, word class), overall or per group."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from ..i18n import _
from ..progress import Progress
from .inputs import SourceOptions, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..io.corpus import Corpus


def freq(
    corpus: Corpus | str | os.PathLike[str],
    *,
    by: str | Sequence[str] | None = None,
    top: int = 50,
    out: str | os.PathLike[str] | None = None,
    csv: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Term frequency (tf), document frequency (df, also as a percentage) and word class of every word, most
    frequent first; per group of the attribute ``by``. ``top``: words per group (0 = all).

    Writes ``freq.csv`` (UTF-8 with BOM), ``metadata.json`` and ``ledger.json`` into a run folder under
    ``out``, or only the table into ``csv``; with neither, writes nothing. ``result.tables["freq"]``.
    """
    from ..analysis.freq import word_frequencies
    from ..render.console import freq_text
    from ..render.tables import write_csv
    from .folder import folder_options, make_run_dir, run_key, write_metadata

    inputs = prepare(corpus, dict(source), command="freq", by=by, progress=progress)

    by = inputs.by
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    assert tokenizer is not None and tokens is not None
    table = word_frequencies(tokens, corpus=c, by=by, top=top or None)
    result = RunResult(
        command="freq",
        tables={"freq": table},
        text=freq_text(table, by=by, n_docs=len(tokens), top=top),
        notes=inputs.notes,
        warnings=inputs.warnings,
    )
    params = {"by": by, "top": top}
    if csv is not None:
        written = write_csv(table, Path(csv))
    elif out is not None:
        key = run_key(c.content_hash, tokenizer.fingerprint, params)
        folder = make_run_dir(out, "freq", c.name, key, **folder_options(params, source, freq))
        written = write_csv(table, folder / "freq.csv")
        write_metadata(folder, command="freq", corpus=c, params=params, tokenizer=tokenizer)
        result.folder, result.files = folder, ["freq.csv", "metadata.json", "ledger.json"]
    else:
        return result
    result.open = Path(written)
    result.notes.append(_("wrote {path}").format(path=written))
    return result
