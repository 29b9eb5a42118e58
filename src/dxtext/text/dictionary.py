"""The user dictionary: source file -> validated entries -> compiled MeCab ``.dic``.

The source is a UTF-8, tab-separated file (``dictionaries/municipal_dx.tsv``) with the columns
``surface  canonical  class  reading  cost  tags``; ``#`` lines are comments. Each entry becomes one
row of a UniDic 2.1.2 (unidic-lite) user dictionary whose *lemma* field is the canonical form, so
spelling variants (マイナカード, 個人番号カード) come out as one word (マイナンバーカード).

Compiling calls MeCab's ``mecab-dict-index`` through :func:`fugashi.build_dictionary`. A failed
build ends the calling process, so the build always runs in a child Python process; the result is
cached by content hash and written under a temporary name, then renamed, so that concurrent
processes never see a half-written file.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dxtext.errors import DictionaryError

if TYPE_CHECKING:  # fugashi is imported lazily: importing dxtext must stay cheap
    import fugashi

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

#: Word class (the ``class`` column) -> UniDic 2.1.2 pos1..pos4.
#: UniDic has no organisation subclass (IPAdic's 固有名詞,組織), so 組織名 is 固有名詞,一般.
WORD_CLASSES: dict[str, tuple[str, ...]] = {
    "普通名詞": ("名詞", "普通名詞", "一般", "*"),
    "サ変名詞": ("名詞", "普通名詞", "サ変可能", "*"),
    "固有名詞": ("名詞", "固有名詞", "一般", "*"),
    "組織名": ("名詞", "固有名詞", "一般", "*"),
    "地名": ("名詞", "固有名詞", "地名", "一般"),
    "人名": ("名詞", "固有名詞", "人名", "一般"),
}

#: Theme tags allowed in the ``tags`` column (``;``-separated).
THEME_TAGS: tuple[str, ...] = (
    "レガシー",
    "国県",
    "人材",
    "官民",
    "マイナンバー",
    "データ",
    "窓口",
    "広域",
    "オープンデータ",
    "セキュリティ",
    "効率化",
    "住民参加",
    "行政一般",
)

#: Columns of the source file, in the order :func:`save_entries` writes them.
COLUMNS: tuple[str, ...] = ("surface", "canonical", "class", "reading", "cost", "tags")
_REQUIRED_COLUMNS = ("surface", "canonical", "class")

#: Word cost used when the ``cost`` column is empty. UniDic's own nouns cost about 3000-12000; a
#: compound must cost less than the sum of its parts plus their connection costs to win, and
#: キャリアパス only joins below about 2000. 500 joins every shipped entry with a wide margin while
#: staying positive (negative costs make an entry swallow text around it).
DEFAULT_COST = 500

#: MeCab stores word costs as signed 16-bit integers.
COST_MIN, COST_MAX = -32768, 32767

#: Bump when the CSV row layout changes, so cached ``.dic`` files are rebuilt.
_BUILD_FORMAT = "dxtext-userdic-2"  # 2: the text-boundary entry

#: A Unicode noncharacter (never text; normalisation removes it) that the tokenizer puts between texts it hands
#: to MeCab together. Every compiled user dictionary has one extra entry for it, with left and right context id 0
#: — the ids of MeCab's sentence end and start — so the best path through "text1 ﷐ text2" is the best path of
#: text1 then that of text2, exactly as if each were parsed alone (see tokenize.py).
TEXT_BOUNDARY = "\ufdd0"
_BOUNDARY_ROW = ",".join(
    [
        TEXT_BOUNDARY,
        "0",
        "0",
        "0",
        "補助記号",
        "一般",
        "*",
        "*",
        "*",
        "*",
        "*",
        TEXT_BOUNDARY,
        TEXT_BOUNDARY,
        "*",
    ]
    + [TEXT_BOUNDARY, "*", "記号"]
    + ["*"] * 13
)

_FORBIDDEN = {
    ",": "a comma",
    '"': "a double quote",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a line break",
}


@dataclass(frozen=True)
class DictEntry:
    """One word of the user dictionary.

    ``canonical`` is the lemma the surface maps to (equal to ``surface`` when it is not a variant);
    ``reading`` is katakana or empty; ``cost`` ``None`` means :data:`DEFAULT_COST`.
    """

    surface: str
    canonical: str
    word_class: str
    reading: str = ""
    cost: int | None = None
    tags: tuple[str, ...] = ()


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
            "dictionaries/municipal_dx.tsv was not found above "
            f"{Path(__file__).resolve().parent} — set DXTEXT_DICTIONARY to the dictionary source file"
        )
    return root / "dictionaries" / "municipal_dx.tsv"


def _default_cache_dir() -> Path:
    base = os.environ.get("DXTEXT_CACHE")
    root = Path(base).expanduser() if base else Path.home() / ".cache" / "dxtext"
    return root / "dic"


@cache
def _unidic_dicdir() -> Path:
    try:
        import unidic_lite
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DictionaryError("unidic-lite is not installed — run: pip install unidic-lite==1.0.8") from exc
    return Path(unidic_lite.DICDIR)


# --------------------------------------------------------------------------------------------
# reading and validating


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DictionaryError(
            f"{path}: no such dictionary file — check the path or DXTEXT_DICTIONARY"
        ) from exc
    except OSError as exc:
        raise DictionaryError(f"{path}: cannot be read ({exc.strerror}) — check the permissions") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DictionaryError(f"{path}:{line}: not UTF-8 — save the file as UTF-8 (tab-separated)") from exc


def _is_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _is_katakana_reading(text: str) -> bool:
    return all("ァ" <= ch <= "ヺ" or ch in "ー・ヽヾ" for ch in text)


def _is_noncharacter(ch: str) -> bool:
    """U+FDD0–U+FDEF and the last two code points of every plane: reserved, never text."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _check_text(where: str, column: str, value: str) -> None:
    for ch, name in _FORBIDDEN.items():
        if ch in value:
            raise DictionaryError(f"{where}: {column} {value!r} contains {name} — remove it")
    if any(_is_noncharacter(ch) for ch in value):
        raise DictionaryError(f"{where}: {column} {value!r} contains a Unicode noncharacter — remove it")
    if any(ch.isspace() for ch in value):
        raise DictionaryError(
            f"{where}: {column} {value!r} contains a space — MeCab never sees spaces inside a word; remove it"
        )
    normalised = unicodedata.normalize("NFKC", value)
    if normalised != value:
        raise DictionaryError(
            f"{where}: {column} {value!r} is not NFKC-normalised (MeCab sees normalised text) — "
            f"write {normalised!r}"
        )


def _parse_header(where: str, line: str, *, extra_columns: bool = False) -> list[str]:
    names = [name.strip().lower() for name in line.rstrip("\r\n").split("\t")]
    expected = "\t".join(COLUMNS)
    unknown = [] if extra_columns else [name for name in names if name not in COLUMNS]
    missing = [name for name in COLUMNS if name not in names]
    if unknown or missing or len(set(names)) != len(names):
        what = []
        if missing:
            what.append("missing " + ", ".join(missing))
        if unknown:
            what.append("unknown " + ", ".join(repr(n) for n in unknown))
        if len(set(names)) != len(names):
            what.append("repeated column names")
        raise DictionaryError(
            f"{where}: bad header ({'; '.join(what)}) — the first non-comment line must be the "
            f"tab-separated column names: {expected}"
        )
    return names


def _parse_row(where: str, line: str, names: list[str]) -> DictEntry:
    fields = [field.strip() for field in line.rstrip("\r\n").split("\t")]
    if len(fields) > len(names):
        raise DictionaryError(
            f"{where}: {len(fields)} columns but the header has {len(names)} — "
            "remove the extra tab or the extra value"
        )
    row = dict(zip(names, fields, strict=False))
    missing = [name for name in _REQUIRED_COLUMNS if name not in row]
    if missing:
        raise DictionaryError(
            f"{where}: missing column {', '.join(missing)} ({len(fields)} of {len(names)} columns) — "
            f"separate the columns {', '.join(COLUMNS)} with TAB characters (not spaces)"
        )

    surface = row["surface"]
    if not surface:
        raise DictionaryError(
            f"{where}: empty surface — write the word in the first column or delete the line"
        )
    _check_text(where, "surface", surface)
    canonical = row["canonical"] or surface
    _check_text(where, "canonical", canonical)

    word_class = row["class"]
    if word_class not in WORD_CLASSES:
        raise DictionaryError(
            f"{where}: unknown class {word_class!r} — use one of: {', '.join(WORD_CLASSES)}"
        )

    reading = row.get("reading", "")
    if reading == "*":
        reading = ""
    if reading and not _is_katakana_reading(reading):
        raise DictionaryError(
            f"{where}: reading {reading!r} is not katakana — write the reading in full-width katakana "
            "or leave it empty"
        )

    cost: int | None = None
    raw_cost = row.get("cost", "")
    if raw_cost:
        try:
            cost = int(raw_cost)
        except ValueError:
            raise DictionaryError(
                f"{where}: cost {raw_cost!r} is not an integer — write a whole number such as "
                f"{DEFAULT_COST} or leave it empty for the default"
            ) from None
        if not COST_MIN <= cost <= COST_MAX:
            raise DictionaryError(
                f"{where}: cost {cost} is out of range — MeCab allows {COST_MIN}..{COST_MAX}; "
                f"the default is {DEFAULT_COST}"
            )

    tags: list[str] = []
    for tag in (t.strip() for t in row.get("tags", "").replace("；", ";").split(";")):
        if not tag:
            continue
        if tag not in THEME_TAGS:
            raise DictionaryError(
                f"{where}: unknown tag {tag!r} — use tags from: {', '.join(THEME_TAGS)} (separated by ;)"
            )
        if tag not in tags:
            tags.append(tag)

    return DictEntry(surface, canonical, word_class, reading, cost, tuple(tags))


def _parse_text(text: str, name: str, *, extra_columns: bool = False) -> list[DictEntry]:
    names: list[str] | None = None
    entries: list[DictEntry] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if _is_comment(line):
            continue
        where = f"{name}:{number}"
        if names is None:
            names = _parse_header(where, line, extra_columns=extra_columns)
            continue
        entry = _parse_row(where, line, names)
        if entry.surface in first_line:
            raise DictionaryError(
                f"{where}: duplicate surface {entry.surface!r} (first on line {first_line[entry.surface]}) — "
                "keep one line per surface"
            )
        first_line[entry.surface] = number
        entries.append(entry)
    if names is None:
        raise DictionaryError(f"{name}: no header line — start the file with: {chr(9).join(COLUMNS)}")

    by_surface = {entry.surface: entry for entry in entries}
    for entry in entries:
        target = by_surface.get(entry.canonical)
        if target is not None and target.canonical != target.surface:
            raise DictionaryError(
                f"{name}:{first_line[entry.surface]}: canonical {entry.canonical!r} of {entry.surface!r} is "
                f"itself a variant of {target.canonical!r} — write {target.canonical!r} as the canonical"
            )
    return entries


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
        raise DictionaryError(f"{path}: cannot be read ({exc.strerror}) — check the path") from exc


# --------------------------------------------------------------------------------------------
# compiling


def _goshu(entry: DictEntry) -> str:
    """UniDic word-origin class: 固 for proper nouns, else from the script of the surface."""
    if WORD_CLASSES[entry.word_class][1] == "固有名詞":
        return "固"
    text = entry.surface
    if all(ch.isascii() for ch in text):
        return "記号"  # UniDic files Latin-letter abbreviations (ＡＩ, ＯＣＲ) under 記号
    if _is_katakana_reading(text):
        return "外"
    if all(unicodedata.name(ch, "").startswith("CJK UNIFIED") or ch in "々〆ヶ" for ch in text):
        return "漢"
    if all("ぁ" <= ch <= "ゖ" or ch == "ー" for ch in text):
        return "和"
    return "混"


@cache
def _context_ids(dicdir: Path) -> dict[str, int]:
    """left-id.def keys -> id. UniDic's right-id.def has the same keys and numbers."""
    ids: dict[str, int] = {}
    left = dicdir / "left-id.def"
    right = dicdir / "right-id.def"
    try:
        left_lines = left.read_text(encoding="utf-8").splitlines()
        right_lines = right.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DictionaryError(f"{left}: cannot be read — reinstall unidic-lite==1.0.8") from exc
    if left_lines != right_lines:
        raise DictionaryError(f"{left} and {right} differ — this dictionary is not UniDic; use unidic-lite")
    for line in left_lines:
        number, _, key = line.partition(" ")
        if key:
            ids[key.strip()] = int(number)
    return ids


def _context_id(entry: DictEntry, dicdir: Path) -> int:
    """The left (= right) context id of the entry, as UniDic's rewrite.def would key it.

    mecab-dict-index can derive ids itself, but only for keys present in left-id.def (固有名詞 with
    goshu 外 is not) and the failure ends the process; so look the key up here.
    """
    ids = _context_ids(dicdir)
    pos = ",".join(WORD_CLASSES[entry.word_class])
    for goshu in (_goshu(entry), "*"):
        key = f"{pos},*,*,*,*,{goshu}"
        if key in ids:
            return ids[key]
    raise DictionaryError(  # pragma: no cover - every WORD_CLASSES row exists in UniDic 2.1.2
        f"{pos}: no context id in {dicdir / 'left-id.def'} — use unidic-lite==1.0.8"
    )


def _quote(field: str) -> str:
    if any(ch in field for ch in ',"'):
        return '"' + field.replace('"', '""') + '"'
    return field


def _csv_rows(entries: list[DictEntry], dicdir: Path) -> list[str]:
    readings = {e.surface: _reading(e) for e in entries}
    rows = []
    for entry in entries:
        reading = readings[entry.surface]
        lemma_reading = readings.get(entry.canonical, reading)
        ident = _context_id(entry, dicdir)
        cost = DEFAULT_COST if entry.cost is None else entry.cost
        features = [
            *WORD_CLASSES[entry.word_class],
            "*",  # cType
            "*",  # cForm
            lemma_reading,  # lForm
            entry.canonical,  # lemma
            entry.surface,  # orth
            reading,  # pron
            entry.surface,  # orthBase
            reading,  # pronBase
            _goshu(entry),  # goshu
            "*", "*", "*", "*",  # iType iForm fType fForm
            reading,  # kana
            reading,  # kanaBase
            reading,  # form
            reading,  # formBase
            "*", "*", "*", "*", "*",  # iConType fConType aType aConType aModType
        ]  # fmt: skip
        assert len(features) == 26
        fields = [entry.surface, str(ident), str(ident), str(cost), *features]
        rows.append(",".join(_quote(f) for f in fields))
    return rows


def _reading(entry: DictEntry) -> str:
    if entry.reading:
        return entry.reading
    if _is_katakana_reading(entry.surface):
        return entry.surface
    return "*"


_BUILD_SCRIPT = """\
import shlex, sys
import fugashi
dicdir, csv_path, out = sys.argv[1:4]
fugashi.build_dictionary(
    "mecab-dict-index -d {} -u {} -f utf8 -t utf8 {}".format(
        shlex.quote(dicdir), shlex.quote(out), shlex.quote(csv_path)
    )
)
"""


def _run_build(csv_path: Path, out: Path, dicdir: Path) -> None:
    """Run mecab-dict-index in a child process (a failed build ends its process)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _BUILD_SCRIPT, str(dicdir), str(csv_path), str(out)],
            cwd=csv_path.parent,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DictionaryError(
            f"mecab-dict-index could not run ({exc}) — check the fugashi installation"
        ) from exc
    if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        detail = " ".join((done.stderr or done.stdout or "").split())[-500:]
        raise DictionaryError(
            f"mecab-dict-index failed (exit {done.returncode}): {detail or 'no message'} — "
            "check the dictionary source and that fugashi==1.5.2 and unidic-lite==1.0.8 are installed"
        )


def compile_dictionary(path: Path, *, cache_dir: Path | None = None) -> Path:
    """Validate ``path`` and return the compiled user dictionary (``.dic``) for it.

    The result is cached in ``cache_dir`` (default ``$DXTEXT_CACHE/dic`` or ``~/.cache/dxtext/dic``)
    under a name derived from the source's content, so an unchanged source is never rebuilt and an
    edited one is rebuilt automatically.
    """
    path = Path(path)
    text = _read_text(path)
    entries = _parse_text(text, str(path))
    if not entries:
        raise DictionaryError(f"{path}: has no entries — add at least one word")
    dicdir = _unidic_dicdir()

    key = hashlib.sha256()
    key.update(text.encode("utf-8"))
    key.update(f"\0{_BUILD_FORMAT}\0{DEFAULT_COST}\0{dicdir.resolve()}".encode())
    with contextlib.suppress(OSError):
        key.update((dicdir / "version").read_bytes())
    cache_dir = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
    target = cache_dir / f"{path.stem}-{key.hexdigest()[:16]}.dic"
    if target.is_file():
        return target

    rows = [*_csv_rows(entries, dicdir), _BOUNDARY_ROW]
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=cache_dir))
    except OSError as exc:
        raise DictionaryError(
            f"{cache_dir}: cannot create the dictionary cache ({exc.strerror}) — set DXTEXT_CACHE "
            "to a writable folder"
        ) from exc
    try:
        csv_path = work / "entries.csv"
        csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        built = work / "user.dic"
        _run_build(csv_path, built, dicdir)
        os.replace(built, target)  # atomic: readers see the old state or the whole file
    except OSError as exc:
        raise DictionaryError(
            f"{target}: cannot write the compiled dictionary ({exc.strerror}) — set DXTEXT_CACHE "
            "to a writable folder"
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def make_tagger(user_dic: Path | None) -> fugashi.Tagger:
    """A UniDic tagger on unidic-lite (always passed explicitly), with ``user_dic`` if given.

    The raw feature string (``node.feature_raw``) has the lemma at index 7.
    """
    import fugashi

    dicdir = _unidic_dicdir()
    args = f'-d "{dicdir}" -r "{dicdir / "mecabrc"}"'
    if user_dic is not None:
        user_dic = Path(user_dic)
        if not user_dic.is_file():
            raise DictionaryError(
                f"{user_dic}: no such user dictionary — compile it with compile_dictionary()"
            )
        if '"' in str(user_dic):
            raise DictionaryError(
                f"{user_dic}: a path with a double quote cannot be passed to MeCab — rename it"
            )
        args += f' -u "{user_dic}"'
    try:
        return fugashi.Tagger(args)
    except RuntimeError as exc:
        raise DictionaryError(
            f"MeCab could not start with {args} ({exc}) — reinstall unidic-lite==1.0.8 and rebuild the "
            "user dictionary"
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
    old_text = _read_text(path) if path.exists() else None
    text = _render(entries, old_text)
    _parse_text(text, str(path))  # never write a file that load_entries would reject

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise DictionaryError(
            f"{path.parent}: cannot write here ({exc.strerror}) — check the folder"
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copy2(path, path.with_suffix(".tsv.bak"))
        os.replace(tmp, path)
    except OSError as exc:
        raise DictionaryError(
            f"{path}: could not be saved ({exc.strerror or exc}) — the previous version is unchanged; "
            "check that the file is not open elsewhere and the folder is writable"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    _remove_stale_temp_files(path)


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
        for ch in "\t\r\n":
            if ch in value:
                raise DictionaryError(f"{where}: {column} {value!r} contains {_FORBIDDEN[ch]} — remove it")
        if value != value.strip():
            raise DictionaryError(f"{where}: {column} {value!r} starts or ends with a space — remove it")
    return _parse_row(where, "\t".join(values[name] for name in COLUMNS), list(COLUMNS))


def add_entries(path: Path, new: Iterable[DictEntry], *, replace: bool = False) -> list[DictEntry]:
    """Append ``new`` to the source file (atomically, with a ``.bak``; see :func:`save_entries`).

    A surface already in the file is an error unless ``replace`` (then the entry is changed in place).
    Returns the entries now in the file.
    """
    path = Path(path)
    entries = load_entries(path) if path.exists() else []
    index = {entry.surface: i for i, entry in enumerate(entries)}
    seen: set[str] = set()
    for entry in new:
        if entry.surface in seen:
            raise DictionaryError(f"{entry.surface!r} is given twice — add each surface once")
        seen.add(entry.surface)
        if entry.surface in index:
            if not replace:
                old = entries[index[entry.surface]]
                raise DictionaryError(
                    f"{path}: {entry.surface!r} is already in the dictionary (→ {old.canonical}, {old.word_class}"
                    f"{'' if old.cost is None else f', cost {old.cost}'}) — use --replace to change it, or "
                    f"`dxtext dict remove {entry.surface}` first"
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
                f"canonical {entry.canonical!r} of {entry.surface!r} is itself a variant of {target.canonical!r} "
                f"in {path} — write {target.canonical!r} as the canonical"
            )
    save_entries(entries, path)
    return entries


def remove_entries(path: Path, surfaces: Iterable[str]) -> list[DictEntry]:
    """Remove the entries with these surfaces (atomically, with a ``.bak``); returns the removed entries.

    An unknown surface is an error that names close surfaces.
    """
    import difflib

    path = Path(path)
    entries = load_entries(path)
    wanted = list(dict.fromkeys(surfaces))
    known = {entry.surface for entry in entries}
    for surface in wanted:
        if surface not in known:
            close = difflib.get_close_matches(surface, sorted(known), n=3, cutoff=0.5)
            hint = (
                f" — did you mean {', '.join(close)}?" if close else " — `dxtext dict list` shows the entries"
            )
            raise DictionaryError(f"{path}: no entry {surface!r}{hint}")
    removed = [entry for entry in entries if entry.surface in wanted]
    remaining = [entry for entry in entries if entry.surface not in wanted]
    if not remaining:
        raise DictionaryError(
            f"{path}: removing {', '.join(wanted)} would leave no entry — keep at least one word"
        )
    save_entries(remaining, path)
    return removed
