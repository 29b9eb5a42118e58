"""What every run starts from: the corpus (read from a path with the reading options, or given), the tokenizer
and the tokens — with the same caches the command uses.

The options every run accepts besides its own (``**source``):

=================  ===============================================================================================
``text_col``        column(s) with the free text (a name or a list: one document per answer)
``id_col``          column with a unique id per row
``attrs``, ``on``   a respondent file to join, and the key column that links it
``encoding``        utf-8, utf-8-sig, cp932, euc-jp (default: detected)
``sheet``           XLSX sheet name
``header_row``      the row with the column names (1 = the first line); default: detected below title lines
``unit``            unit of a text record: section, bullet, paragraph, sentence, speaker, h1 … h5
``non_answers``     a file of extra non-answer phrases
``keep_procedure``  meeting records: analyse the units and sentences that only run the meeting too (calling
                    speakers, thanks, 休憩/散会 …); by default they are ``procedural`` in the ledger
``role``            meeting records: keep only turns of these roles (chair, member, executive, witness, clerk,
                    other; a comma-separated string or a list); the others are ``filtered`` in the ledger
``keep_names``      meeting records: keep person names (UniDic 人名 and the speakers' own names) as words of
                    frequencies, topics, networks and themes; by default they are left out (KWIC finds them
                    always)
``keep_words``      a file of words never masked in quoted text (one a line, UTF-8; e.g. a public official's
                    name, a shop called like a surname)
``mask_speakers``   meeting records: mask the speakers' names too. By default they are kept, in quotes and in the
                    speaker attributes: the speakers of public minutes are public record. Masked, each speaker
                    becomes 話者01, 話者02 … (in order of first turn) in ``speaker`` and ``speaker_name``, so
                    ``--by speaker_name`` still groups their turns; names in survey answers are always masked
``where``           keep only documents whose attributes match: ``"年代=20代"``, ``"question!=Q7"``,
                    ``"人口規模 in 5万人未満,5〜20万人"``; a list = all must hold (see :mod:`dxtext.io.where`);
                    applied after reading, also to a given Corpus; the ledger counts the rest as filtered
``dictionary``      user dictionary source (TSV); ``"default"`` (the default) or ``None`` for unidic-lite alone
``pos``             word classes to keep (a comma-separated string or a list)
``stopwords``       stopword file; ``"default"`` or ``None`` for none
``jobs``            processes for tokenizing (0 = all cores)
``cache_dir``       where parsed corpora and tokens are cached (default: ``$DXTEXT_CACHE`` or ~/.cache/dxtext;
                    ``None``: no cache)
``engine``          where partitioned stages run: ``"local"`` (default) or ``"dask"`` (see dxtext.engine)
``scheduler``       address of a running Dask scheduler (default: a LocalCluster of 2 workers)
=================  ===============================================================================================

A :class:`~dxtext.io.corpus.Corpus` may be given instead of a path; then the reading options are refused.

``by`` (the runs that compare groups) may be one attribute or several: ``by=["人口規模", "部署"]`` groups the
documents by the combinations, in an attribute named ``人口規模×部署`` with values like ``5万人未満×情報政策課``
(a document without a value of one of them has none of the crossing).
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
from ..memory import release

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
    header_row: int | None
    unit: str | None
    non_answers: str | os.PathLike[str] | None
    keep_procedure: bool
    role: str | Sequence[str] | None
    keep_names: bool
    keep_words: str | os.PathLike[str] | None
    mask_speakers: bool
    where: str | Sequence[str] | None
    dictionary: str | os.PathLike[str] | None
    pos: str | Sequence[str] | None
    stopwords: str | os.PathLike[str] | None
    jobs: int
    cache_dir: str | os.PathLike[str] | None
    engine: str
    scheduler: str | None


READ_OPTIONS = (
    "text_col",
    "id_col",
    "attrs",
    "on",
    "encoding",
    "sheet",
    "header_row",
    "unit",
    "non_answers",
    "keep_procedure",
    "role",
)
TOKEN_OPTIONS = ("dictionary", "pos", "stopwords", "jobs", "keep_names")
# commands whose words are model words: person names are left out of them in meeting records
_NAMES_OUT = frozenset(
    {"freq", "topics", "network", "themes", "report", "ca", "cluster", "assoc", "compare", "dtm"}
)
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
            hint = _(" Did you mean {names}?").format(names=", ".join(close)) if close else ""
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
    by: str | None = None  # the attribute to group by (A×B when several were given)
    engine: Any = None


def engine_of(options: dict[str, Any]) -> Any:
    """The engine the options name (``engine``, ``scheduler``); the local one by default."""
    from ..engine import get_engine

    return get_engine(options.get("engine") or "local", scheduler=options.get("scheduler") or None)


def read(
    source: Corpus | str | os.PathLike[str], options: dict[str, Any], *, progress: prog.Progress | None = None
) -> tuple[Corpus, list[str]]:
    """The corpus and the ledger's warnings; ``source`` is a path (read with the options) or a Corpus."""
    from ..io.corpus import Corpus, read_corpus
    from ..io.normalize import NonAnswerDetector

    given = {
        k: v for k, v in options.items() if k in READ_OPTIONS and v not in (None, [], ()) and v is not False
    }
    if isinstance(source, Corpus):
        if given:
            raise DxtextError(
                _("{v0}: these reading options apply to a file; this corpus is already read.").format(
                    v0=", ".join(sorted(given))
                )
            )
        return _where(source, options), list(source.ledger.warnings)
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
        header_row=options.get("header_row"),
        unit=options.get("unit"),
        non_answers=detector,
        keep_procedure=bool(options.get("keep_procedure")),
        cache_dir=cache_dir_of(options),
    )
    release()  # what reading a large file frees (decoded text, parser buffers) goes back to the system
    roles = options.get("role")
    if roles:
        select_roles(corpus, roles)
    return _where(corpus, options), list(corpus.ledger.warnings)


def _where(corpus: Corpus, options: dict[str, Any]) -> Corpus:
    from ..io.where import apply_where

    return apply_where(corpus, options.get("where"))


CROSS = "×"


def by_attribute(by: str | Sequence[str] | None) -> str | None:
    """The attribute name a run groups by: ``"A"``, or ``"A×B"`` for ``["A", "B"]``."""
    if by is None or isinstance(by, str):
        return by
    names = [b for b in by if b]
    if not names:
        return None
    return names[0] if len(names) == 1 else CROSS.join(names)


def cross(corpus: Corpus, by: Sequence[str]) -> Corpus:
    """A copy of the corpus with the attribute ``A×B`` (values ``a×b``; blank when a part is blank)."""
    import dataclasses

    name = CROSS.join(by)
    if name in corpus.attributes:
        return corpus
    docs = corpus.docs.copy()
    parts = [docs[b].fillna("").astype(str).str.strip() for b in by]
    value = parts[0]
    blank = parts[0] == ""
    for p in parts[1:]:
        value = value + CROSS + p
        blank |= p == ""
    docs[name] = value.where(~blank, "")
    return dataclasses.replace(corpus, docs=docs, attributes=[*corpus.attributes, name])


#: ``--by`` compares groups: an attribute with more distinct values than this is an id or a free-text column,
#: not a grouping (5,000 groups took 3 minutes and gave tables nobody can read); it is refused at once.
MAX_BY_GROUPS = 1000
#: Commands that show only the largest groups themselves and say so (network: --max-groups; kwic: a column).
GROUPS_CAPPED_BY_COMMAND = frozenset({"network", "kwic"})


def check_groups(corpus: Corpus, attribute: str) -> None:
    """Refuse ``--by`` on an attribute with more than MAX_BY_GROUPS values, naming attributes that would do."""
    values = corpus.used_columns(attribute)[attribute]
    n = int(values.nunique())
    if n <= MAX_BY_GROUPS:
        return
    fits = [
        a for a in corpus.attributes if a != attribute and 2 <= corpus.used_columns(a)[a].nunique() <= 50
    ][:5]
    hint = _(" such as {names}").format(names=", ".join(fits)) if fits else ""
    raise DxtextError(
        _(
            "--by {attribute}: {n:,} different values — too many groups to compare (at most {MAX_BY_GROUPS:,}); choose an attribute with fewer values{hint}, or put the values into groups in the file first."
        ).format(attribute=attribute, n=n, MAX_BY_GROUPS=MAX_BY_GROUPS, hint=hint)
    )


def check_seed(seed: int) -> None:
    """Seeds go to NumPy and scikit-learn, which take 0 … 2**32 - 1; anything else is one clear line."""
    if not isinstance(seed, int) or not 0 <= seed <= 2**32 - 1:
        raise DxtextError(
            _(
                "--seed {seed}: use a whole number from 0 to 4294967295 (the same seed, the same files)."
            ).format(seed=seed)
        )


def select_roles(corpus: Corpus, roles: str | Sequence[str]) -> int:
    """Keep the turns of these speaker roles; the other used units become ``filtered``. Returns how many."""
    from ..io.minutes.roles import ROLES

    wanted = (
        [r.strip() for r in roles.split(",")] if isinstance(roles, str) else [str(r).strip() for r in roles]
    )
    wanted = [r for r in wanted if r]
    if not wanted:
        raise DxtextError(
            _("--role {roles!r}: no role named; use {v0} (comma-separated).").format(
                roles=roles, v0=", ".join(ROLES)
            )
        )
    unknown = [r for r in wanted if r not in ROLES]
    if unknown:
        raise DxtextError(
            _("--role {v0}: unknown role; use {v1} (comma-separated).").format(
                v0=",".join(unknown), v1=", ".join(ROLES)
            )
        )
    if "role" not in corpus.attributes:
        raise DxtextError(
            _(
                "--role: {name} has no speaker roles; it applies to assembly, council and Diet minutes (○ speaker lines, or a table of utterances read with --unit speaker)."
            ).format(name=corpus.name)
        )
    n = corpus.mark_used(~corpus.docs["role"].isin(wanted), "filtered")
    corpus.options["role"] = ",".join(wanted)
    return n


def speaker_names(corpus: Corpus) -> list[str]:
    """The speakers' names of a meeting record as words: 髙橋（清） gives 髙橋; a full name gives itself and,
    when it is four characters or more, its first two (the usual surname)."""
    if "speaker_name" not in corpus.attributes:
        return []
    import re

    out: set[str] = set()
    for name in corpus.docs["speaker_name"].unique().tolist():
        base = re.sub(r"[（(].*", "", str(name)).replace(" ", "").replace("\u3000", "")
        if len(base) >= 1:
            out.add(base)
        if len(base) >= 4:
            out.add(base[:2])
    return sorted(out)


def pseudonymise_speakers(corpus: Corpus) -> int:
    """``--mask-speakers``: every speaker's name becomes 話者01, 話者02 … (in order of first turn) in the
    ``speaker_name`` and ``speaker`` attributes (井上委員 → 話者03委員). Returns how many speakers."""
    docs = corpus.docs
    order = [n for n in dict.fromkeys(docs["speaker_name"].astype(str).tolist()) if n]
    alias = {name: f"話者{i:02d}" for i, name in enumerate(order, 1)}
    if "speaker" in docs.columns:
        docs["speaker"] = [
            str(sp).replace(str(name), alias[str(name)]) if str(name) in alias else sp
            for sp, name in zip(docs["speaker"], docs["speaker_name"], strict=True)
        ]
    docs["speaker_name"] = [alias.get(str(n), n) for n in docs["speaker_name"]]
    corpus.options["mask_speakers"] = True
    return len(alias)


def mask_keep(options: dict[str, Any], speakers: Sequence[str], notes: list[str]) -> frozenset[str]:
    """Words never masked in quotes: the ``keep_words`` file, and the speakers of a meeting record unless
    ``mask_speakers`` (public record)."""
    from ..text.tokenize import read_word_list

    keep: set[str] = set()
    path = options.get("keep_words")
    if path:
        words = read_word_list(Path(path))
        keep.update(words)
        notes.append(
            _("--keep-words {file}: {n:,} words never masked in quotes").format(
                file=Path(path).name, n=len(words)
            )
        )
    if speakers:
        if options.get("mask_speakers"):
            notes.append(
                _("--mask-speakers: {n:,} speakers' names masked (speakers shown as 話者01 …)").format(
                    n=len(speakers)
                )
            )
        else:
            keep.update(speakers)
            notes.append(
                _(
                    "speakers' names ({n:,}) kept in quotes: public minutes are public record "
                    "(--mask-speakers to mask them)"
                ).format(n=len(speakers))
            )
    return frozenset(keep)


def make_tokenizer(options: dict[str, Any], *, names: Sequence[str] | None = None) -> Tokenizer:
    """The tokenizer of the options. ``names`` (the speakers of a meeting record): person names are no words
    — UniDic 人名 leaves the word classes and the names join the stopwords."""
    from ..text.tokenize import DEFAULT_POS, Tokenizer, read_word_list
    from ..text.tokenize import default_stopwords_path as _default_stop

    pos = options.get("pos")
    if isinstance(pos, str):
        pos = tuple(p.strip() for p in pos.split(",") if p.strip())
    dictionary = options.get("dictionary", DEFAULT)
    stopwords = options.get("stopwords", DEFAULT)
    pos = tuple(pos) if pos else DEFAULT_POS
    if names is not None:
        pos = tuple(p for p in pos if p != "人名")
        if stopwords is None:
            base: list[str] = []
        elif isinstance(stopwords, str) and stopwords == DEFAULT:
            found = _default_stop()
            base = list(read_word_list(found)) if found is not None else []
        elif isinstance(stopwords, (str, os.PathLike)):
            base = list(read_word_list(Path(stopwords)))
        else:
            base = list(stopwords)
        stopwords = sorted({*base, *names})
    return Tokenizer(
        dictionary=dictionary if dictionary is not None else None,
        pos=pos,
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
    """Read (or take) the corpus (keeping the documents ``where`` selects), check ``by`` before the slow part
    (several attributes: their crossing, ``inputs.by`` names it), make the tokenizer and the tokens."""
    check_options(options, command=command)
    engine = engine_of(options)  # an unknown engine is refused before the slow part
    corpus, warnings = read(source, options, progress=progress)
    speakers = speaker_names(corpus)  # before --mask-speakers hides them
    if speakers and options.get("mask_speakers"):
        pseudonymise_speakers(corpus)
    names = [by] if isinstance(by, str) else [b for b in (by or ()) if b]
    for attribute in names:
        corpus.check_attribute(attribute)
        if command not in GROUPS_CAPPED_BY_COMMAND:
            check_groups(corpus, attribute)
    if len(names) != len(set(names)):
        raise DxtextError(
            _("--by {v0}: an attribute is given twice; give each once.").format(v0=" --by ".join(names))
        )
    if len(names) > 1:
        corpus = cross(corpus, names)
        if command not in GROUPS_CAPPED_BY_COMMAND:
            check_groups(corpus, by_attribute(by))
    nothing = (
        None
        if command == "corpus_info"
        else corpus.ledger.nothing_used(corpus.name, corpus.options.get("role"))
    )
    if nothing:
        raise DxtextError(nothing)
    inputs = Inputs(
        corpus=corpus, warnings=warnings, cache_dir=cache_dir_of(options), by=by_attribute(by), engine=engine
    )
    if corpus.ledger.where:
        t = corpus.ledger.totals
        inputs.notes.append(
            _(
                "--where {conditions}: {kept:,} of {total:,} documents kept, {filtered:,} left out "
                "(ledger.json: filtered)"
            ).format(
                conditions=" and ".join(corpus.ledger.where),
                kept=t["documents"] - t["filtered"],
                total=t["documents"],
                filtered=t["filtered"],
            )
        )
    inputs.notes.extend(corpus.ledger.notes)  # HTML character references decoded, per file
    if not tokens:
        return inputs
    names = None
    if command in _NAMES_OUT and not options.get("keep_names") and "speaker_name" in corpus.attributes:
        names = speakers
        inputs.notes.append(
            _(
                "names: person names (UniDic 人名 and {n} speakers' names) are not counted as words "
                "(--keep-names to count them)"
            ).format(n=len(names))
        )
    inputs.tokenizer = make_tokenizer(options, names=names)
    inputs.tokenizer.mask_keep = mask_keep(options, speakers, inputs.notes)
    started = time.perf_counter()
    step = prog.stage(progress, "tokenizing")
    inputs.tokens = inputs.tokenizer.tokenize_corpus(
        corpus,
        cache_dir=inputs.cache_dir,
        n_jobs=int(options.get("jobs", 0) or 0),
        progress=step,
        engine=None if inputs.engine.name == "local" else inputs.engine,
    )
    from ..text.tokens import release_taggers

    # MeCab's maps of the dictionary: reopened by the stage that parses again
    release_taggers(inputs.tokenizer)
    release()
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
