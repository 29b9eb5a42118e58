"""``dxtext dict list/add/remove/build/check/suggest``: look at, extend and check the user dictionary.

Every change is validated first, written atomically (the previous version kept as ``<name>.tsv.bak``), then
compiled at once so an error shows now (and the change is undone when it does not compile).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from ..errors import DictionaryError, DxtextError
from ..i18n import _
from ..progress import Progress
from .inputs import SourceOptions, check_options, read
from .result import RunResult

if TYPE_CHECKING:
    import pandas as pd

    from ..io.corpus import Corpus

PathLike = str | os.PathLike[str]


def dictionary_path(dictionary: PathLike | None = None) -> Path:
    """The dictionary source a verb works on: ``dictionary``, else $DXTEXT_DICTIONARY or the shipped one."""
    from ..text.dictionary import default_dictionary_path

    return Path(dictionary) if dictionary is not None else default_dictionary_path()


def entries_frame(entries: list[Any]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "surface": [e.surface for e in entries],
            "canonical": ["" if e.canonical == e.surface else e.canonical for e in entries],
            "class": [e.word_class for e in entries],
            "reading": [e.reading for e in entries],
            "cost": ["" if e.cost is None else str(e.cost) for e in entries],
            "tags": [";".join(e.tags) for e in entries],
        }
    )


# ------------------------------------------------------------------------------------------------ list


def dict_list(
    *, dictionary: PathLike | None = None, tag: str | None = None, word_class: str | None = None
) -> RunResult:
    """The entries (surface, canonical form — empty when the surface itself —, class, reading, cost, tags),
    optionally only those with a theme ``tag`` or of a ``word_class``. ``result.tables["entries"]``."""
    from ..render.terminal import render_table
    from ..text.dictionary import THEME_TAGS, WORD_CLASSES, load_entries

    path = dictionary_path(dictionary)
    if tag is not None and tag not in THEME_TAGS:
        raise DictionaryError(
            _("--tag {tag}: unknown tag; use one of {v0}.").format(tag=tag, v0=", ".join(THEME_TAGS))
        )
    if word_class is not None and word_class not in WORD_CLASSES:
        raise DictionaryError(
            _("--class {word_class}: unknown class; use one of {v0}.").format(
                word_class=word_class, v0=", ".join(WORD_CLASSES)
            )
        )
    entries = load_entries(path)
    shown = [
        e
        for e in entries
        if (tag is None or tag in e.tags) and (word_class is None or e.word_class == word_class)
    ]
    what = " ".join(
        x
        for x in (
            _("tag {tag}").format(tag=tag) if tag else "",
            _("class {word_class}").format(word_class=word_class) if word_class else "",
        )
        if x
    )
    frame = entries_frame(shown)
    lines = [
        _("{path}: {n:,} entries").format(path=path, n=len(entries))
        + (_(", {n:,} with {what}").format(n=len(shown), what=what) if what else "")
    ]
    if shown:
        lines.append(render_table(frame, max_widths={"surface": 32, "canonical": 24}))
    return RunResult(command="dict list", tables={"entries": frame}, text="\n".join(lines))


# ------------------------------------------------------------------------------------------------ add


def _line_of(path: Path, surface: str) -> int | str:
    """Line number of the row with this surface in a source file ("?" when not found)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return "?"
    for number, line in enumerate(lines, start=1):
        if line.split("\t", 1)[0].strip() == surface and not line.lstrip().startswith("#"):
            return number
    return "?"


def _restore_backup(path: Path) -> None:
    backup = path.with_suffix(".tsv.bak")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        shutil.copy2(backup, tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _compile_or_restore(path: Path, existed: bool) -> Path:
    """Compile now so that an error shows now; if it fails, put the previous file back."""
    from ..text.dictionary import compile_dictionary

    try:
        return compile_dictionary(path)
    except DictionaryError as e:
        if existed and path.with_suffix(".tsv.bak").is_file():
            _restore_backup(path)
            raise DictionaryError(
                _("{e} (the change was undone: {path} is back to its previous version)").format(
                    e=e, path=path
                )
            ) from None
        raise


def _check_new(compiled: Path, entries: list[Any], result: RunResult) -> int:
    """One line per entry: one token with the canonical lemma now, or how it fails and what to do."""
    from ..text.dictcheck import check_entry
    from ..text.dictionary import make_tagger

    tagger = make_tagger(compiled)
    failed = 0
    for entry in entries:
        status, tokens = check_entry(tagger, entry)
        if status == "ok":
            result.notes.append(
                "  "
                + _("{word}: one token, lemma {lemma} ✓").format(word=entry.surface, lemma=entry.canonical)
            )
        else:
            failed += 1
            result.warnings.append(
                _(
                    "{word}: {status} ({tokens}) — the system dictionary wins; run `dxtext dict check` for a "
                    "cost that works and change it with `dxtext dict add {word} --cost N --replace`"
                ).format(word=entry.surface, status=status, tokens=tokens)
            )
    return failed


def dict_add(
    surface: str | None = None,
    *,
    canonical: str | None = None,
    word_class: str = "普通名詞",
    reading: str | None = None,
    cost: int | None = None,
    tags: str | None = None,
    from_file: PathLike | None = None,
    replace: bool = False,
    skip_existing: bool = False,
    dictionary: PathLike | None = None,
) -> RunResult:
    """Add a word (or every row of ``from_file``: a ``dict suggest`` file after editing, or any file in the
    dictionary's format) to the dictionary; compile it; check each new word in sentences.
    ``result.data["added"]``: the entries added."""
    from ..text.dictionary import add_entries, load_entries, make_entry

    path = dictionary_path(dictionary)
    result = RunResult(command="dict add")
    if (surface is None) == (from_file is None):
        raise DictionaryError(_("give either a SURFACE to add or --from FILE (not both, not neither)."))
    if from_file is not None:
        from_file = Path(from_file)
        if any(v is not None for v in (canonical, reading, cost, tags)) or word_class != "普通名詞":
            raise DictionaryError(
                _("--canonical/--class/--reading/--cost/--tags are for one SURFACE, not for --from.")
            )
        new = load_entries(from_file, extra_columns=True)
        if not new:
            raise DictionaryError(
                _("{from_file}: no entries to add (every row is a comment); keep at least one row.").format(
                    from_file=from_file
                )
            )
        known = {e.surface for e in load_entries(path)} if path.exists() else set()
        there = [e.surface for e in new if e.surface in known]
        if there and skip_existing:
            new = [e for e in new if e.surface not in known]
            result.notes.append(
                _("skipped {n} already in the dictionary: {words}").format(
                    n=len(there), words=", ".join(there[:10]) + (" …" if len(there) > 10 else "")
                )
            )
            if not new:
                result.notes.append(_("nothing to add"))
                result.data["added"] = []
                return result
        elif there and not replace:
            raise DictionaryError(
                _(
                    "{file}:{line}: {word!r} is already in {path}{more} — delete the row, or use --skip-existing "
                    "(keep the old entries) or --replace (take the new ones)"
                ).format(
                    file=from_file,
                    line=_line_of(from_file, there[0]),
                    word=there[0],
                    path=path,
                    more=_(" (and {n} more)").format(n=len(there) - 1) if len(there) > 1 else "",
                )
            )
    else:
        assert surface is not None
        new = [
            make_entry(
                surface,
                canonical=canonical or "",
                word_class=word_class,
                reading=reading or "",
                cost=cost,
                tags=tags or "",
                where="dict add",
            )
        ]
    existed = path.exists()
    add_entries(path, new, replace=replace)
    compiled = _compile_or_restore(path, existed)
    result.notes.append(
        (_("added {n} entry to {path}") if len(new) == 1 else _("added {n} entries to {path}")).format(
            n=len(new), path=path
        )
        + (_(" (previous version: {name})").format(name=path.with_suffix(".tsv.bak").name) if existed else "")
    )
    failed = _check_new(compiled, new, result)
    if failed:
        result.warnings.append(
            _("{n} of {total} new entries do not come out as one word yet (see above)").format(
                n=failed, total=len(new)
            )
        )
    result.data["added"] = new
    return result


# ------------------------------------------------------------------------------------------------ remove


def dict_remove(surfaces: list[str] | str, *, dictionary: PathLike | None = None) -> RunResult:
    """Remove entries by surface (atomically; the previous version is kept as <name>.tsv.bak)."""
    from ..text.dictionary import remove_entries

    path = dictionary_path(dictionary)
    removed = remove_entries(path, [surfaces] if isinstance(surfaces, str) else list(surfaces))
    _compile_or_restore(path, True)
    return RunResult(
        command="dict remove",
        notes=[
            _("removed {surface} (→ {canonical}, {word_class})").format(
                surface=e.surface, canonical=e.canonical, word_class=e.word_class
            )
            for e in removed
        ],
        data={"removed": removed},
    )


# ------------------------------------------------------------------------------------------------ build


def dict_build(*, dictionary: PathLike | None = None, cache_dir: PathLike | None = None) -> RunResult:
    """Compile the dictionary now, even when a compiled copy is cached; ``result.data["compiled"]`` is its
    path. Never needed in normal use: every command compiles an edited dictionary by itself."""
    from ..text.compile import _default_cache_dir
    from ..text.dictionary import compile_dictionary, load_entries

    path = dictionary_path(dictionary)
    entries = load_entries(path)
    cache = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
    started = time.perf_counter()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".force-", dir=cache))
    except OSError as e:
        raise DictionaryError(
            _("{cache}: cannot write the dictionary cache ({strerror}); set DXTEXT_CACHE.").format(
                cache=cache, strerror=e.strerror
            )
        ) from None
    try:
        fresh = compile_dictionary(path, cache_dir=work)
        target = cache / fresh.name
        os.replace(fresh, target)  # atomic: a running command sees the old or the new file, never half of one
        digest = fresh.with_name(fresh.name + ".sha256")
        if digest.is_file():  # the checksum that lets the next run trust the cached file
            os.replace(digest, target.with_name(target.name + ".sha256"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RunResult(
        command="dict build",
        text=str(target),
        notes=[
            _("compiled {n:,} entries from {path} in {seconds:.1f} s").format(
                n=len(entries), path=path, seconds=time.perf_counter() - started
            )
        ],
        data={"compiled": target},
    )


# ------------------------------------------------------------------------------------------------ check


def dict_check(
    *, dictionary: PathLike | None = None, csv: PathLike | None = None, show_all: bool = False
) -> RunResult:
    """How every entry tokenizes now, inside sentences: one token with its canonical lemma (ok), or split /
    merged / wrong lemma; for a failing entry, the highest cost that makes it win. ``result.data["ok"]`` is
    False when any entry fails (the command then exits with 1). ``csv``: write the full table there."""
    from ..render.tables import write_csv
    from ..render.terminal import render_table
    from ..text.dictcheck import check_dictionary

    path = dictionary_path(dictionary)
    table = check_dictionary(path)
    bad = table[table["status"] != "ok"]
    shown = table if show_all else bad
    lines = []
    if not shown.empty:
        view = shown.assign(
            suggested_cost=shown["suggested_cost"].map(lambda v: "" if v is None or v != v else str(v))
        )
        lines.append(
            render_table(
                view,
                max_widths={"surface": 30, "canonical": 24, "tokens": 36},
                right=["cost", "suggested_cost"],
            )
        )
    result = RunResult(command="dict check", tables={"check": table}, data={"ok": bad.empty})
    if csv is not None:
        written = write_csv(table.astype({"suggested_cost": "object"}).fillna(""), Path(csv))
        result.notes.append(_("wrote {path}").format(path=written))
    if bad.empty:
        lines.append(
            _("{path}: all {n:,} entries come out as one token with their canonical lemma ✓").format(
                path=path, n=len(table)
            )
        )
    else:
        fixable = int(bad["suggested_cost"].notna().sum())
        lines.append(
            _(
                "{path}: {bad:,} of {n:,} entries fail ({fixable} with a suggested cost: "
                "`dxtext dict add WORD --cost N --replace`)"
            ).format(path=path, bad=len(bad), n=len(table), fixable=fixable)
        )
    result.text = "\n".join(lines)
    return result


# ------------------------------------------------------------------------------------------------ suggest


def dict_suggest(
    corpus: Corpus | PathLike,
    *,
    top: int = 100,
    min_count: int = 3,
    min_df: int = 2,
    show: int = 30,
    mask: bool = True,
    out: PathLike | None = None,
    tsv: PathLike | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Propose new entries: compound words frequent in the corpus, split by the tokenizer today and not in the
    dictionary, ranked by C-value. Writes a TSV in the dictionary's format (plus tf, df, score, parts and two
    example contexts) to ``tsv``, or into a run folder under ``out``; edit it, then ``dict_add(from_file=…)``.
    """
    from ..files import write_text
    from ..progress import stage
    from ..render.tables import write_csv
    from ..render.terminal import render_table
    from ..text.suggest import suggest_entries, suggestions_text
    from .folder import make_run_dir, run_key, write_metadata
    from .inputs import make_tokenizer

    options = dict(source)
    check_options(options, command="dict_suggest")
    c, warnings = read(corpus, options, progress=progress)
    tokenizer = make_tokenizer({"dictionary": dictionary_path(options.get("dictionary"))})
    started = time.perf_counter()
    table = suggest_entries(
        c.texts,
        tokenizer=tokenizer,
        top=top or None,
        min_count=min_count,
        min_df=min_df,
        mask=mask,
        progress=stage(progress, "analysing"),
    )
    from ..text.lemmacheck import suspicious_lemmas

    suspicious = suspicious_lemmas(c.texts, tokenizer)
    result = RunResult(
        command="dict suggest", tables={"suggestions": table, "suspicious": suspicious}, warnings=warnings
    )
    result.notes.append(
        _("analysed {n:,} documents in {seconds:.1f} s").format(
            n=len(c.texts), seconds=time.perf_counter() - started
        )
    )
    if table.empty:
        raise DxtextError(
            _(
                "{name}: no compound word occurs {min_count}+ times in {min_df}+ documents that the dictionary lacks; lower --min-count/--min-df."
            ).format(name=c.name, min_count=min_count, min_df=min_df)
        )
    params = {"top": top, "min_count": min_count, "min_df": min_df, "mask": mask}
    if tsv is not None:
        target = Path(tsv)
    elif out is not None:
        key = run_key(c.content_hash, tokenizer.fingerprint, params)
        folder = make_run_dir(out, "suggest", c.name, key)
        target = folder / "suggestions.tsv"
        write_metadata(folder, command="dict suggest", corpus=c, params=params, tokenizer=tokenizer)
        result.folder, result.files = folder, ["suggestions.tsv", "metadata.json", "ledger.json"]
    else:
        target = None
    written = None
    if target is not None:
        written = write_text(suggestions_text(table, target.name), target)
        result.open = written
    view = table.head(show) if show else table
    if not view.empty:
        view = view.assign(rank=range(1, len(view) + 1))[
            ["rank", "surface", "class", "tf", "df", "score", "parts", "context1"]
        ]
        result.text = render_table(view, max_widths={"surface": 24, "parts": 28, "context1": 56})
    check = suspicious[suspicious["status"] == "check"]
    if not check.empty:
        result.text += (
            "\n\nLemmas to check: UniDic's lemma shares no character with the form this corpus writes (そば as 側)."
            "\nIf the written word is meant, add the pin line to the dictionary (dictionaries/README.md):\n"
        )
        listed = (check.head(show) if show else check).assign(pin=check["pin"].str.replace("\t", "<TAB>"))
        result.text += render_table(listed[["lemma", "written", "uses", "share", "shown", "pin"]])
    if result.folder is not None:
        write_csv(suspicious, result.folder / "suspicious_lemmas.csv")
        result.files.append("suspicious_lemmas.csv")
    if written is not None:
        result.notes.append(_("wrote {n:,} suggestions to {path}").format(n=len(table), path=written))
        result.notes.append(
            _(
                "edit it (delete unwanted rows, check class/canonical), then: dxtext dict add --from {path}"
            ).format(path=written)
        )
    return result
