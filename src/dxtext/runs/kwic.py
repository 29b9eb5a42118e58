"""``dxtext kwic``: concordance — every use of a word with its left and right context."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from ..errors import DxtextError
from ..i18n import _
from ..progress import Progress
from .inputs import SourceOptions, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..io.corpus import Corpus


def kwic(
    corpus: Corpus | str | os.PathLike[str],
    word: str,
    *,
    by: str | Sequence[str] | None = None,
    window: int = 30,
    sort: str = "position",
    mask: bool = True,
    surface: bool = False,
    top: int = 50,
    out: str | os.PathLike[str] | None = None,
    csv: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Concordance of ``word``: document id, left context, the word as written, right context and the
    document's attributes, for every occurrence (``sort``: position, left or right; ``window``: characters
    of context on each side; ``mask``: replace personal data in the contexts; ``top``: lines in the printed
    summary, 0 = all; ``surface``: the query as a plain substring of the text). The summary's first line says
    how the query was read (one lemma, a sequence of morphemes, text).

    Writes ``kwic.csv`` (UTF-8 with BOM) with metadata into a run folder under ``out``, or only the lines into
    ``csv``. A word that does not occur is a :class:`~dxtext.errors.DxtextError` naming close words.
    """
    from ..analysis.kwic import SORTS, close_words, concordance
    from ..render.console import kwic_text
    from ..render.tables import write_csv
    from .folder import folder_options, make_run_dir, run_key, write_metadata

    if sort not in SORTS:
        raise DxtextError(
            _("--sort {sort}: unknown order; use one of {v0}.").format(sort=sort, v0=", ".join(SORTS))
        )
    if window < 1:
        raise DxtextError(_("--window {window}: give at least 1 character of context.").format(window=window))
    inputs = prepare(corpus, dict(source), command="kwic", by=by, progress=progress)
    by = inputs.by
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    assert tokenizer is not None and tokens is not None
    lines = concordance(
        c,
        word,
        tokenizer=tokenizer,
        tokenized=tokens,
        window=window,
        sort=sort,
        by=by,
        mask=mask,
        surface=surface,
    )
    if lines.empty:
        near = close_words(word, set(tokens.word_classes))
        hint = _(" Words close to it: {words}.").format(words=", ".join(near)) if near else ""
        how = lines.attrs.get("query", "")
        raise DxtextError(
            _("{name}: {word!r} ({how}) does not occur in the {v0:,} documents.{hint}").format(
                name=c.name, word=word, how=how, v0=len(tokens), hint=hint
            )
        )
    result = RunResult(
        command="kwic",
        tables={"kwic": lines},
        text=kwic_text(lines, word=word, by=by, window=window, top=top),
        warnings=inputs.warnings,
    )
    params = {"word": word, "by": by, "window": window, "sort": sort, "mask": mask}
    if surface:
        params["surface"] = True
    if csv is not None:
        written = write_csv(lines, Path(csv))
    elif out is not None:
        key = run_key(c.content_hash, tokenizer.fingerprint, params)
        folder = make_run_dir(out, "kwic", c.name, key, **folder_options(params, source, kwic))
        written = write_csv(lines, folder / "kwic.csv")
        write_metadata(folder, command="kwic", corpus=c, params=params, tokenizer=tokenizer)
        result.folder, result.files = folder, ["kwic.csv", "metadata.json", "ledger.json"]
    else:
        return result
    result.open = Path(written)
    result.notes[:0] = inputs.notes
    result.notes.append(_("wrote {path}").format(path=written))
    return result
