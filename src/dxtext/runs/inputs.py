"""What every run starts from: the corpus (read from a path with the reading options, or given), the tokenizer
and the tokens — with the same caches the command uses.

The options every run accepts besides its own (``**source``):

=================  ===============================================================================================
``text_col``        column(s) with the free text (a name or a list: one document per answer)
``id_col``          column with a unique id per row
``attrs``, ``on``   a respondent file to join, and the key column that links it
``encoding``        utf-8, utf-8-sig, cp932, euc-jp (default: detected)
``sheet``           XLSX sheet name
``unit``            unit of a text record: section, bullet, paragraph, sentence, speaker, h1 … h5
``non_answers``     a file of extra non-answer phrases
``dictionary``      user dictionary source (TSV); ``"default"`` (the default) or ``None`` for unidic-lite alone
``pos``             word classes to keep (a comma-separated string or a list)
``stopwords``       stopword file; ``"default"`` or ``None`` for none
``jobs``            processes for tokenizing (0 = all cores)
``cache_dir``       where parsed corpora and tokens are cached (default: ``$DXTEXT_CACHE`` or ~/.cache/dxtext;
                    ``None``: no cache)
=================  ===============================================================================================

A :class:`~dxtext.io.corpus.Corpus` may be given instead of a path; then the reading options are refused.
"""

from __future__ import annotations

import difflib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .. import progress as prog
from ..errors import DxtextError
from ..i18n import _

if TYPE_CHECKING:
    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus, Tokenizer


class SourceOptions(TypedDict, total=False):
    text_col: str | Sequence[str] | None
    id_col: str | None
    attrs: str | os.PathLike[str] | None
    on: str | None
    encoding: str | None
    sheet: str | None
    unit: str | None
    non_answers: str | os.PathLike[str] | None
    dictionary: str | os.PathLike[str] | None
    pos: str | Sequence[str] | None
    stopwords: str | os.PathLike[str] | None
    jobs: int
    cache_dir: str | os.PathLike[str] | None


READ_OPTIONS = ("text_col", "id_col", "attrs", "on", "encoding", "sheet", "unit", "non_answers")
TOKEN_OPTIONS = ("dictionary", "pos", "stopwords", "jobs")
SOURCE_OPTIONS = frozenset(SourceOptions.__annotations__)
DEFAULT = "default"
_UNSET: Any = object()


def default_out() -> Path:
    """Where the CLI puts run folders: ``$DXTEXT_OUT`` or ``outputs``."""
    return Path(os.environ.get("DXTEXT_OUT", "outputs"))


def check_options(options: dict[str, Any], *, command: str) -> None:
    """Refuse an option name a run does not know, naming the closest ones."""
    for name in options:
        if name not in SOURCE_OPTIONS:
            close = difflib.get_close_matches(name, sorted(SOURCE_OPTIONS), n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise TypeError(
                _("dxtext.runs.{command}() got an unexpected option {name!r}.{hint}").format(
                    command=command, name=name, hint=hint
                )
            )


def cache_dir_of(options: dict[str, Any]) -> Path | None:
    from ..cache import default_cache_dir

    value = options.get("cache_dir", _UNSET)
    if value is _UNSET:
        return default_cache_dir()
    return None if value is None else Path(value)


@dataclass
class Inputs:
    """The corpus, the tokenizer and (when asked for) the tokens of one run, with what to tell the user."""

    corpus: Corpus
    tokenizer: Tokenizer | None = None
    tokens: TokenizedCorpus | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cache_dir: Path | None = None


def read(
    source: Corpus | str | os.PathLike[str], options: dict[str, Any], *, progress: prog.Progress | None = None
) -> tuple[Corpus, list[str]]:
    """The corpus and the ledger's warnings; ``source`` is a path (read with the options) or a Corpus."""
    from ..io.corpus import Corpus, read_corpus
    from ..io.normalize import NonAnswerDetector

    given = {k: v for k, v in options.items() if k in READ_OPTIONS and v not in (None, [], ())}
    if isinstance(source, Corpus):
        if given:
            raise DxtextError(
                _("{v0}: these reading options apply to a file; this corpus is already read.").format(
                    v0=", ".join(sorted(given))
                )
            )
        return source, list(source.ledger.warnings)
    prog.begin(progress, "reading")
    text_col = options.get("text_col")
    if isinstance(text_col, str):
        text_col = [text_col]
    non_answers = options.get("non_answers")
    detector = NonAnswerDetector.from_file(Path(non_answers)) if non_answers else None
    corpus = read_corpus(
        Path(source),
        text_cols=list(text_col) if text_col else None,
        id_col=options.get("id_col"),
        attrs=options.get("attrs"),
        on=options.get("on"),
        encoding=options.get("encoding"),
        sheet=options.get("sheet"),
        unit=options.get("unit"),
        non_answers=detector,
        cache_dir=cache_dir_of(options),
    )
    return corpus, list(corpus.ledger.warnings)


def make_tokenizer(options: dict[str, Any]) -> Tokenizer:
    from ..text.tokenize import DEFAULT_POS, Tokenizer

    pos = options.get("pos")
    if isinstance(pos, str):
        pos = tuple(p.strip() for p in pos.split(",") if p.strip())
    dictionary = options.get("dictionary", DEFAULT)
    stopwords = options.get("stopwords", DEFAULT)
    return Tokenizer(
        dictionary=dictionary if dictionary is not None else None,
        pos=tuple(pos) if pos else DEFAULT_POS,
        stopwords=stopwords,
    )


def prepare(
    source: Corpus | str | os.PathLike[str],
    options: dict[str, Any],
    *,
    command: str,
    tokens: bool = True,
    by: str | Sequence[str] | None = None,
    progress: prog.Progress | None = None,
) -> Inputs:
    """Read (or take) the corpus, check ``by`` before the slow part, make the tokenizer and the tokens."""
    check_options(options, command=command)
    corpus, warnings = read(source, options, progress=progress)
    for attribute in [by] if isinstance(by, str) else list(by or ()):
        corpus.check_attribute(attribute)
    inputs = Inputs(corpus=corpus, warnings=warnings, cache_dir=cache_dir_of(options))
    if not tokens:
        return inputs
    inputs.tokenizer = make_tokenizer(options)
    started = time.perf_counter()
    step = prog.stage(progress, "tokenizing")
    inputs.tokens = inputs.tokenizer.tokenize_corpus(
        corpus, cache_dir=inputs.cache_dir, n_jobs=int(options.get("jobs", 0) or 0), progress=step
    )
    t = inputs.tokens
    if t.from_cache:
        inputs.notes.append(
            _("tokens: from cache ({n:,} documents, key {key})").format(n=len(t), key=t.cache_key[:12])
        )
    else:
        inputs.notes.append(
            _("tokens: tokenized {n:,} documents in {seconds:.1f} s").format(
                n=len(t), seconds=time.perf_counter() - started
            )
        )
    return inputs
