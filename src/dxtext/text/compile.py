"""Compiling the user dictionary: validated entries → CSV rows for ``mecab-dict-index`` → a cached ``.dic``;
MeCab taggers on unidic-lite with it.

Each entry becomes one row of a UniDic 2.1.2 (unidic-lite) user dictionary whose *lemma* field is the canonical
form, so spelling variants (マイナカード, 個人番号カード) come out as one word (マイナンバーカード). Compiling calls
MeCab's ``mecab-dict-index`` through :func:`fugashi.build_dictionary`. A failed build ends the calling process, so
the build always runs in a child Python process; the result is cached by content hash and written under a
temporary name, then renamed, so that concurrent processes never see a half-written file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dxtext.errors import DictionaryError

from ..i18n import _
from .dictformat import DEFAULT_COST, WORD_CLASSES, DictEntry, _is_katakana_reading, _parse_text, _read_text

if TYPE_CHECKING:  # fugashi is imported lazily: importing dxtext must stay cheap
    import fugashi

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


def _default_cache_dir() -> Path:
    base = os.environ.get("DXTEXT_CACHE")
    root = Path(base).expanduser() if base else Path.home() / ".cache" / "dxtext"
    return root / "dic"


@cache
def _unidic_dicdir() -> Path:
    try:
        import unidic_lite
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DictionaryError(
            _("unidic-lite is not installed — run: pip install unidic-lite==1.0.8")
        ) from exc
    return Path(unidic_lite.DICDIR)


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
        raise DictionaryError(
            _("{left}: cannot be read — reinstall unidic-lite==1.0.8").format(left=left)
        ) from exc
    if left_lines != right_lines:
        raise DictionaryError(
            _("{left} and {right} differ — this dictionary is not UniDic; use unidic-lite").format(
                left=left, right=right
            )
        )
    for line in left_lines:
        number, _ignored, key = line.partition(" ")
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
        _("{pos}: no context id in {v0} — use unidic-lite==1.0.8").format(pos=pos, v0=dicdir / "left-id.def")
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
            _("mecab-dict-index could not run ({exc}) — check the fugashi installation").format(exc=exc)
        ) from exc
    if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        detail = " ".join((done.stderr or done.stdout or "").split())[-500:]
        raise DictionaryError(
            _(
                "mecab-dict-index failed (exit {returncode}): {v0} — check the dictionary source and that fugashi==1.5.2 and unidic-lite==1.0.8 are installed"
            ).format(returncode=done.returncode, v0=detail or "no message")
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
        raise DictionaryError(_("{path}: has no entries — add at least one word").format(path=path))
    dicdir = _unidic_dicdir()

    key = hashlib.sha256()
    key.update(text.encode("utf-8"))
    key.update(f"\0{_BUILD_FORMAT}\0{DEFAULT_COST}\0{dicdir.resolve()}".encode())
    with contextlib.suppress(OSError):
        key.update((dicdir / "version").read_bytes())
    cache_dir = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
    target = cache_dir / f"{path.stem}-{key.hexdigest()[:16]}.dic"
    if target.is_file() and _verified(target):
        return target

    rows = [*_csv_rows(entries, dicdir), _BOUNDARY_ROW]
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=cache_dir))
    except OSError as exc:
        raise DictionaryError(
            _(
                "{cache_dir}: cannot create the dictionary cache ({strerror}) — set DXTEXT_CACHE to a writable folder"
            ).format(cache_dir=cache_dir, strerror=exc.strerror)
        ) from exc
    try:
        csv_path = work / "entries.csv"
        csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        built = work / "user.dic"
        _run_build(csv_path, built, dicdir)
        digest = work / "user.dic.sha256"
        digest.write_text(_sha256(built), encoding="ascii")
        os.replace(built, target)  # atomic: readers see the old state or the whole file
        os.replace(digest, _digest_path(target))
    except OSError as exc:
        raise DictionaryError(
            _(
                "{target}: cannot write the compiled dictionary ({strerror}) — set DXTEXT_CACHE to a writable folder"
            ).format(target=target, strerror=exc.strerror)
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _digest_path(dic: Path) -> Path:
    return dic.with_name(dic.name + ".sha256")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _verified(dic: Path) -> bool:
    """A cached .dic is used only when its header is whole and its SHA-256 is the one recorded when it was built;
    otherwise (a bit flip, a truncated copy, an edited file, no record) it is built again."""
    from .mecabdic import dic_problem

    try:
        recorded = _digest_path(dic).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    try:
        return dic_problem(dic) is None and _sha256(dic) == recorded
    except OSError:
        return False


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
                _("{user_dic}: no such user dictionary — compile it with compile_dictionary()").format(
                    user_dic=user_dic
                )
            )
        from .mecabdic import dic_problem

        problem = dic_problem(user_dic)
        if problem:
            raise DictionaryError(
                _(
                    "{user_dic}: {problem} — MeCab cannot use it; run `dxtext dict build` to compile the dictionary again"
                ).format(user_dic=user_dic, problem=problem)
            )
        if '"' in str(user_dic):
            raise DictionaryError(
                _("{user_dic}: a path with a double quote cannot be passed to MeCab — rename it").format(
                    user_dic=user_dic
                )
            )
        args += f' -u "{user_dic}"'
    try:
        return fugashi.Tagger(args)
    except RuntimeError as exc:
        raise DictionaryError(
            _(
                "MeCab could not start with {args} ({exc}) — reinstall unidic-lite==1.0.8 and rebuild the user dictionary"
            ).format(args=args, exc=exc)
        ) from exc
