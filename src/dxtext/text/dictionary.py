"""The user dictionary: source file -> validated entries -> compiled MeCab ``.dic``.

The source is a UTF-8, tab-separated file (``dictionaries/municipal_dx.tsv``) with the columns
``surface  canonical  class  reading  cost  tags``; ``#`` lines are comments. Each entry becomes one
row of a UniDic 2.1.2 (unidic-lite) user dictionary whose *lemma* field is the canonical form, so
spelling variants (マイナカード, 個人番号カード) come out as one word (マイナンバーカード).

Compiling calls MeCab's ``mecab-dict-index`` through :func:`fugashi.build_dictionary`. A failed
build ends the calling process, so the build always runs in a child Python process; the result is
cached by content hash and written under a temporary name, then renamed, so that concurrent
processes never see a half-written file.

The source format and its validation are in :mod:`.dictformat`, compiling in :mod:`.compile`; this module finds,
loads, saves and edits the source file, and its names remain importable from here.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from dxtext.errors import DictionaryError
from dxtext.files import file_lock

from ..i18n import _
from .compile import _BOUNDARY_ROW as _BOUNDARY_ROW
from .compile import TEXT_BOUNDARY as TEXT_BOUNDARY
from .compile import _context_id as _context_id
from .compile import _csv_rows as _csv_rows
from .compile import _default_cache_dir as _default_cache_dir
from .compile import _run_build as _run_build
from .compile import _unidic_dicdir as _unidic_dicdir
from .compile import compile_dictionary, make_tagger
from .dictformat import (
    _FORBIDDEN,
    COLUMNS,
    DEFAULT_COST,
    THEME_TAGS,
    WORD_CLASSES,
    DictEntry,
    _is_comment,
    _parse_header,
    _parse_row,
    _parse_text,
    _read_text,
)
from .dictformat import COST_MAX as COST_MAX
from .dictformat import COST_MIN as COST_MIN

__all__ = [
    "COLUMNS",
    "DEFAULT_COST",
    "THEME_TAGS",
    "WORD_CLASSES",
    "DictEntry",
    "add_entries",
    "compile_dictionary",
    "default_dictionary_path",
    "dictionary_hash",
    "load_entries",
    "make_entry",
    "make_tagger",
    "remove_entries",
    "save_entries",
]


# --------------------------------------------------------------------------------------------
# locating files


def _find_repo_root() -> Path | None:
    for folder in Path(__file__).resolve().parents:
        if (folder / "dictionaries" / "municipal_dx.tsv").is_file():
            return folder
    return None


def default_dictionary_path() -> Path:
    """The shipped dictionary source, or the file named by ``$DXTEXT_DICTIONARY``.

    The default is ``<repo>/dictionaries/municipal_dx.tsv``, the repository root being found by
    walking up from this module.
    """
    override = os.environ.get("DXTEXT_DICTIONARY")
    if override:
        return Path(override).expanduser()
    root = _find_repo_root()
    if root is None:
        raise DictionaryError(
            _(
                "dictionaries/municipal_dx.tsv was not found above {v0} — set DXTEXT_DICTIONARY to the dictionary source file"
            ).format(v0=Path(__file__).resolve().parent)
        )
    return root / "dictionaries" / "municipal_dx.tsv"


def load_entries(path: Path, *, extra_columns: bool = False) -> list[DictEntry]:
    """Read and validate a dictionary source file.

    Raises :class:`~dxtext.errors.DictionaryError` naming ``file:line`` for the first problem. With
    ``extra_columns``, columns other than :data:`COLUMNS` are allowed and ignored (the counts and contexts
    of a ``dxtext dict suggest`` file).
    """
    path = Path(path)
    return _parse_text(_read_text(path), str(path), extra_columns=extra_columns)


def dictionary_hash(path: Path) -> str:
    """First 16 hex digits of the SHA-256 of the file's bytes."""
    path = Path(path)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError as exc:
        raise DictionaryError(
            _("{path}: cannot be read ({strerror}) — check the path").format(path=path, strerror=exc.strerror)
        ) from exc


# --------------------------------------------------------------------------------------------
# saving


def _format_row(entry: DictEntry, names: list[str]) -> str:
    values = {
        "surface": entry.surface,
        "canonical": "" if entry.canonical == entry.surface else entry.canonical,
        "class": entry.word_class,
        "reading": entry.reading,
        "cost": "" if entry.cost is None else str(entry.cost),
        "tags": ";".join(entry.tags),
    }
    return "\t".join(values[name] for name in names).rstrip("\t")


def _render(entries: list[DictEntry], old_text: str | None) -> str:
    """Existing rows keep their place and the comments around them; new entries go at the end."""
    by_surface = {entry.surface: entry for entry in entries}
    out: list[str] = []
    names: list[str] | None = None
    written: set[str] = set()
    if old_text is not None:
        for line in old_text.splitlines():
            if _is_comment(line):
                out.append(line)
                continue
            if names is None:
                try:
                    names = _parse_header("", line)
                except DictionaryError:
                    out, names = [line for line in out if line.strip()], None
                    break
                out.append("\t".join(names))
                continue
            surface = line.split("\t")[names.index("surface")].strip()
            entry = by_surface.get(surface)
            if entry is not None and surface not in written:
                out.append(_format_row(entry, names))
                written.add(surface)
    if names is None:
        names = list(COLUMNS)
        out.append("\t".join(names))
    out.extend(_format_row(e, names) for e in entries if e.surface not in written)
    return "\n".join(out) + "\n"


def save_entries(entries: Iterable[DictEntry], path: Path) -> None:
    """Write ``entries`` to ``path`` atomically, keeping the previous file as ``<name>.tsv.bak``.

    Rows already in the file keep their position and the comments around them; rows whose surface
    is not among ``entries`` are dropped; new entries are appended in the given order. The text is
    validated before anything is written, and the file is replaced in one ``os.replace``, so an
    interrupted save leaves the old file intact.
    """
    path = Path(path)
    entries = list(entries)
    mode = _writable_mode(path)
    old_text = _read_text(path) if path.exists() else None
    text = _render(entries, old_text)
    _parse_text(text, str(path))  # never write a file that load_entries would reject

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise DictionaryError(
            _("{parent}: cannot write here ({strerror}) — check the folder").format(
                parent=path.parent, strerror=exc.strerror
            )
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)  # the file keeps its mode (mkstemp makes 0600)
        if path.exists():
            shutil.copy2(path, path.with_suffix(".tsv.bak"))
        os.replace(tmp, path)
    except OSError as exc:
        raise DictionaryError(
            _(
                "{path}: could not be saved ({v0}) — the previous version is unchanged; check that the file is not open elsewhere and the folder is writable"
            ).format(path=path, v0=exc.strerror or exc)
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    _remove_stale_temp_files(path)


def _writable_mode(path: Path) -> int | None:
    """The file's mode (kept by the save; None for a new file). A file without write permission is one the user
    made read-only on purpose: refused, even for a user (root) whom the system would let write it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    mode = stat.S_IMODE(st.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise DictionaryError(
            _(
                "{path}: the dictionary is read-only; make it writable (or copy it and give the copy with --dictionary) to change it — nothing was changed"
            ).format(path=path)
        )
    return mode


#: A temporary file of a save older than this was left by a save that was killed (a save takes milliseconds).
_STALE_TEMP_SECONDS = 600


def _remove_stale_temp_files(path: Path) -> None:
    """Remove ``.<name>.*.tmp`` files that killed saves left beside ``path`` (recent ones may belong to a save
    running in another process, so only old ones go)."""
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > _STALE_TEMP_SECONDS:
                leftover.unlink()


# --------------------------------------------------------------------------------------------
# editing one entry at a time (``dxtext dict add`` / ``remove``)


def make_entry(
    surface: str,
    *,
    canonical: str = "",
    word_class: str = "普通名詞",
    reading: str = "",
    cost: int | None = None,
    tags: Iterable[str] | str = (),
    where: str = "entry",
) -> DictEntry:
    """Build a :class:`DictEntry` from separate values, validated exactly like a line of the source file.

    ``tags`` is a list or a ``;``-separated string. Raises :class:`~dxtext.errors.DictionaryError`
    starting with ``where``.
    """
    tag_text = tags if isinstance(tags, str) else ";".join(tags)
    values = {
        "surface": surface,
        "canonical": canonical,
        "class": word_class,
        "reading": reading,
        "cost": "" if cost is None else str(cost),
        "tags": tag_text,
    }
    for column, value in values.items():
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            shown = value.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            raise DictionaryError(
                _(
                    "{where}: {column} {shown} holds a broken character (a lone surrogate, from a bad copy or a terminal in another encoding) — type the word again"
                ).format(where=where, column=column, shown=shown)
            )
        for ch in "\t\r\n":
            if ch in value:
                raise DictionaryError(
                    _("{where}: {column} {value!r} contains {v0} — remove it").format(
                        where=where, column=column, value=value, v0=_FORBIDDEN[ch]
                    )
                )
        if value != value.strip():
            raise DictionaryError(
                _("{where}: {column} {value!r} starts or ends with a space — remove it").format(
                    where=where, column=column, value=value
                )
            )
    return _parse_row(where, "\t".join(values[name] for name in COLUMNS), list(COLUMNS))


def add_entries(path: Path, new: Iterable[DictEntry], *, replace: bool = False) -> list[DictEntry]:
    """Append ``new`` to the source file (atomically, with a ``.bak``; see :func:`save_entries`).

    A surface already in the file is an error unless ``replace`` (then the entry is changed in place).
    Returns the entries now in the file.
    """
    path = Path(path)
    with file_lock(path):  # two `dict add` at once take turns: neither loses the other's words
        return _add_entries(path, list(new), replace=replace)


def _add_entries(path: Path, new: list[DictEntry], *, replace: bool) -> list[DictEntry]:
    _writable_mode(path)
    entries = load_entries(path) if path.exists() else []
    index = {entry.surface: i for i, entry in enumerate(entries)}
    seen: set[str] = set()
    for entry in new:
        if entry.surface in seen:
            raise DictionaryError(
                _("{surface!r} is given twice — add each surface once").format(surface=entry.surface)
            )
        seen.add(entry.surface)
        if entry.surface in index:
            if not replace:
                old = entries[index[entry.surface]]
                raise DictionaryError(
                    _(
                        "{path}: {surface!r} is already in the dictionary (→ {canonical}, {word_class}{v0}) — use --replace to change it, or `dxtext dict remove {surface}` first"
                    ).format(
                        path=path,
                        surface=entry.surface,
                        canonical=old.canonical,
                        word_class=old.word_class,
                        v0="" if old.cost is None else f", cost {old.cost}",
                    )
                )
            entries[index[entry.surface]] = entry
        else:
            index[entry.surface] = len(entries)
            entries.append(entry)
    by_surface = {entry.surface: entry for entry in entries}
    for entry in entries:
        target = by_surface.get(entry.canonical)
        if target is not None and target.canonical != target.surface:
            raise DictionaryError(
                _(
                    "canonical {canonical!r} of {surface!r} is itself a variant of {v0!r} in {path} — write {v1!r} as the canonical"
                ).format(
                    canonical=entry.canonical,
                    surface=entry.surface,
                    v0=target.canonical,
                    path=path,
                    v1=target.canonical,
                )
            )
    save_entries(entries, path)
    return entries


def remove_entries(path: Path, surfaces: Iterable[str]) -> list[DictEntry]:
    """Remove the entries with these surfaces (atomically, with a ``.bak``); returns the removed entries.

    An unknown surface is an error that names close surfaces.
    """
    path = Path(path)
    with file_lock(path):
        return _remove_entries(path, surfaces)


def _remove_entries(path: Path, surfaces: Iterable[str]) -> list[DictEntry]:
    import difflib

    _writable_mode(path)
    entries = load_entries(path)
    wanted = list(dict.fromkeys(surfaces))
    known = {entry.surface for entry in entries}
    for surface in wanted:
        if surface not in known:
            close = difflib.get_close_matches(surface, sorted(known), n=3, cutoff=0.5)
            hint = (
                f" — did you mean {', '.join(close)}?" if close else " — `dxtext dict list` shows the entries"
            )
            raise DictionaryError(
                _("{path}: no entry {surface!r}{hint}").format(path=path, surface=surface, hint=hint)
            )
    removed = [entry for entry in entries if entry.surface in wanted]
    remaining = [entry for entry in entries if entry.surface not in wanted]
    if not remaining:
        raise DictionaryError(
            _("{path}: removing {v0} would leave no entry — keep at least one word").format(
                path=path, v0=", ".join(wanted)
            )
        )
    save_entries(remaining, path)
    return removed
