"""Every message a user reads is marked for translation: an error built from a plain string or an f-string, a
Python warning, or a line added to a run's ``warnings``/``notes`` would stay English under LANG=ja_JP.UTF-8.

The scan parses every module of src/dxtext and reports, as ``file:line``:

* a call of an exception class (a name ending in Error or Exception, or typer's BadParameter) — raised or
  returned by a helper — whose first argument is a plain string, an f-string, a ``+`` of those or
  ``"...".format(...)``;
* ``warnings.warn`` with such a message;
* ``warnings.append(...)`` / ``notes.append(...)`` (also ``x.warnings.append``) with such a message.

* a piece of a message passed to a helper that assembles it (``_err(loc, construct, what, todo)`` of the theme
  rules: ``what`` and ``todo``) or to :class:`dxtext.i18n.Message`, when it is a plain string or an f-string
  instead of ``N_("...")`` / ``_("...")`` (the helper translates it; an f-string cannot be looked up);
* in the modules that write what a command prints (runs/, cli/, render/console.py, render/summaries.py,
  render/terminal.py), an f-string holding an English word (``f"{n:,} documents coded"``, ``f"wrote {path}"``),
  which stays English whatever it is appended to; an f-string with Japanese in it belongs to a page or a report
  that is in Japanese in every language, and ``FSTRING_EXEMPT`` lists the few that are names, not words.

A message is marked when it goes through ``_()`` (``_("... {name} ...").format(name=...)``). A string whose
literal parts hold no letter (``f"{path}: {e}"``, which only adds the file to a message made elsewhere) has no
words to translate. Programmer errors that a user never reads are listed in ``EXEMPT`` with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

SRC = REPO / "src" / "dxtext"

#: (module, exception class, the message's first words) → why it stays English
EXEMPT: dict[tuple[str, str, str], str] = {
    ("__init__.py", "AttributeError", "module 'dxtext' has no attribute"): (
        "Python's module __getattr__ protocol: read by hasattr()/import machinery, not by a user"
    ),
    ("runs/result.py", "AttributeError", "has no attribute"): (
        "RunResult.__getattr__: Python's attribute protocol (hasattr, pickle) relies on this AttributeError"
    ),
    ("io/corpus.py", "ValueError", "unknown status"): (
        "Corpus.mark_used called by dxtext's own code with a status constant: a programming error"
    ),
    ("engine/dask.py", "RuntimeError", "theme coding: the partitions resolved"): (
        "an internal invariant of the Dask engine (every partition sees the same rules and vocabulary)"
    ),
    ("engine/dask.py", "ValueError", "doc_ids and token_lists differ in length"): (
        "argument check of an internal call; the engine is given lists that dxtext built itself"
    ),
}

_RECEIVERS = ("warnings", "notes")

#: helpers that assemble a message from translated pieces → the positions of those pieces
HELPERS: dict[str, tuple[int, ...]] = {"_err": (2, 3), "Message": (0,)}

#: the modules whose text a command prints (stdout, stderr)
TERMINAL = ("runs/", "cli/", "render/console.py", "render/summaries.py", "render/terminal.py")

#: (module, the f-string's literal text, exactly) → why it stays English
FSTRING_EXEMPT: dict[tuple[str, str], str] = {
    ("runs/result.py", " has no attribute "): "RunResult.__getattr__'s AttributeError (see EXEMPT)",
    ("runs/result.py", "<RunResult >"): "RunResult.__repr__, for a programmer",
    ("runs/result.py", " tables="): "RunResult.__repr__, for a programmer",
    ("cli/app.py", "dxtext "): "--version prints the program's name and version",
    ("render/summaries.py", "dim"): "a column name of ca_rows.csv (dim1, dim2 …) looked up, not printed",
    ("render/summaries.py", "contrib"): "a column name of ca_rows.csv (contrib1 …) looked up, not printed",
    ("runs/ca.py", "dim"): "a column name of ca_rows.csv (dim1, dim2 …), not printed",
    ("runs/network.py", "group:"): "the id of a view inside network.html, not printed",
    ("runs/report.py", "img/"): "a folder name inside the report",
}

#: an English word of three letters or more (not part of a file name such as metadata.json, nor of a
#: placeholder's neighbour such as T{n} or no-{flag})
_ENGLISH = re.compile(r"(?<![.\w{-])[A-Za-z]{3,}(?![.\w}])")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _literal_text(node: ast.AST) -> str | None:
    """The literal words of a plain message (None when ``node`` is not a plain string at all)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp):
        parts = [_literal_text(node.left), _literal_text(node.right)]
        return None if parts == [None, None] else "".join(p or "" for p in parts)
    if isinstance(node, ast.IfExp):
        parts = [_literal_text(node.body), _literal_text(node.orelse)]
        return None if parts == [None, None] else " ".join(p or "" for p in parts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _literal_text(node.func.value)
    return None


def _name(node: ast.AST) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _message_call(node: ast.Call) -> str | None:
    """What kind of message call ``node`` is (exception class / warn / append to a warnings list), or None."""
    name = _name(node.func)
    if name.endswith(("Error", "Exception")) or name == "BadParameter":
        return name
    if name == "warn":
        return "warn"
    if name in ("append", "extend", "insert") and isinstance(node.func, ast.Attribute):
        if _name(node.func.value) in _RECEIVERS:
            return f"{_name(node.func.value)}.{name}"
    return None


def unmarked(source: str, module: str) -> list[tuple[str, int, str, str]]:
    """(module, line, kind, first words) of every unmarked user-facing message in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        kind = _message_call(node)
        if kind is None:
            continue
        arg = node.args[-1] if kind.endswith(".insert") else node.args[0]
        text = _literal_text(arg)
        if text is None or not any(ch.isalpha() for ch in text):
            continue
        found.append((module, node.lineno, kind, " ".join(text.split())))
    return sorted(found)


def _marked(node: ast.AST) -> bool:
    """``N_("...")`` / ``_("...")`` (or a choice between such), or a value made elsewhere (a name, a call)."""
    return _literal_text(node) is None or (
        isinstance(node, ast.IfExp) and _marked(node.body) and _marked(node.orelse)
    )


def unmarked_pieces(source: str, module: str) -> list[tuple[str, int, str, str]]:
    """(module, line, helper, words) of every plain string or f-string given to a message-assembling helper."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node.func) not in HELPERS:
            continue
        for i in HELPERS[_name(node.func)]:
            if i >= len(node.args) or _marked(node.args[i]):
                continue
            if _name(node.func) == "Message" and isinstance(node.args[i], ast.Constant):
                continue  # Message("English {x}", x=...) is itself the mark (scripts/i18n.py extracts it)
            text = _literal_text(node.args[i]) or ""
            if any(ch.isalpha() for ch in text):
                found.append((module, node.lineno, _name(node.func), " ".join(text.split())))
    return sorted(found)


def english_fstrings(source: str, module: str) -> list[tuple[str, int, str]]:
    """(module, line, literal text) of every f-string with an English word and no Japanese."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            text = _literal_text(node) or ""
            if _ENGLISH.search(text) and not _JAPANESE.search(text):
                found.append((module, node.lineno, text))
    return sorted(found)


def _exempt(module: str, kind: str, text: str) -> bool:
    return any(m == module and k == kind and words in text for (m, k, words) in EXEMPT)


def scan(src: Path = SRC) -> list[tuple[str, int, str, str]]:
    out = []
    for path in sorted(src.rglob("*.py")):
        module = path.relative_to(src).as_posix()
        out += unmarked(path.read_text(encoding="utf-8"), module)
    return out


def test_no_unmarked_message_in_the_package() -> None:
    bad = [
        f"{m}:{line}: {kind}({text[:70]!r})" for m, line, kind, text in scan() if not _exempt(m, kind, text)
    ]
    assert bad == [], "mark these with _(...).format(...) and translate them:\n" + "\n".join(bad)


def test_no_unmarked_piece_given_to_a_message_helper() -> None:
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        module = path.relative_to(SRC).as_posix()
        bad += unmarked_pieces(path.read_text(encoding="utf-8"), module)
    assert bad == [], "mark these pieces with N_(...) (the helper translates them):\n" + "\n".join(
        map(str, bad)
    )


def _terminal_fstrings(src: Path = SRC) -> list[tuple[str, int, str]]:
    out = []
    for path in sorted(src.rglob("*.py")):
        module = path.relative_to(src).as_posix()
        if module.startswith(TERMINAL):
            out += english_fstrings(path.read_text(encoding="utf-8"), module)
    return out


def test_no_english_fstring_in_what_a_command_prints() -> None:
    bad = [
        f"{m}:{line}: {text[:70]!r}"
        for m, line, text in _terminal_fstrings()
        if (m, text) not in FSTRING_EXEMPT
    ]
    assert bad == [], "write these as _(...).format(...) and translate them:\n" + "\n".join(bad)


def test_every_fstring_exemption_is_still_needed() -> None:
    found = _terminal_fstrings()
    assert [k for k in FSTRING_EXEMPT if k not in {(m, t) for m, _l, t in found}] == []


SYNTHETIC_PIECES = """
from dxtext.i18n import N_, _, Message

def f(loc, term, hint, lines, n, path, notes, parts):
    raise _err(loc, term, "the quote is not closed", N_("end it with '"))              # line 5: flagged
    raise _err(loc, term, N_("unknown class {pos!r}"), f"use one of {term}")           # line 6: flagged
    raise _err(loc, term, N_("no theme named {name!r}"), hint, name=term)              # marked / elsewhere
    raise _err(loc, term, N_("a"), N_("b") if n else N_("c"))                          # marked
    raise _err(loc, term, N_("a"), "see the docs" if n else N_("c"))                   # line 9: flagged
    m = Message(f"K={n} was given")                                                    # line 10: flagged
    m = Message("K={k} was given", k=n)                                                # marked
    lines.append(f"{n:,} documents coded")                                             # line 12: English
    lines.append(f"  {n:>2} {path}")                                                   # no words
    notes.append(f"wrote {path}")                                                      # line 14: English
    parts.append(f"no-{path}")                                                         # a folder name
    lines.append(f"{path}/ (metadata.json, ledger.json)")                              # file names
    title = f"トピック: {path}"                                                         # Japanese page
    lines.append(_("{n:,} documents coded").format(n=n))                               # marked
"""


def test_the_scans_find_unmarked_pieces_and_english_fstrings() -> None:
    pieces = unmarked_pieces(SYNTHETIC_PIECES, "x.py")
    assert [(line, helper) for _m, line, helper, _t in pieces] == [
        (5, "_err"),
        (6, "_err"),
        (9, "_err"),
        (10, "Message"),
    ]
    assert [(line, text) for _m, line, text in english_fstrings(SYNTHETIC_PIECES, "x.py")] == [
        (6, "use one of "),
        (10, "K= was given"),
        (12, " documents coded"),
        (14, "wrote "),
    ]


def test_a_new_english_summary_line_in_a_run_fails_the_check(tmp_path: Path) -> None:
    pkg = tmp_path / "dxtext" / "runs"
    pkg.mkdir(parents=True)
    (pkg / "new.py").write_text(
        'def g(lines, n):\n    lines.append(f"{n:,} documents × words")\n', encoding="utf-8"
    )
    (tmp_path / "dxtext" / "analysis").mkdir()
    (tmp_path / "dxtext" / "analysis" / "x.py").write_text('s = f"{1} documents coded"\n', encoding="utf-8")
    assert _terminal_fstrings(tmp_path / "dxtext") == [("runs/new.py", 2, " documents × words")]


def test_every_exemption_is_still_needed() -> None:
    found = scan()
    stale = [
        key for key in EXEMPT if not any(m == key[0] and k == key[1] and key[2] in t for m, _l, k, t in found)
    ]
    assert stale == []


SYNTHETIC = """
import warnings
from dxtext.i18n import _

def f(path, e, notes, result):
    if e:
        raise CorpusError(f"{path}: the header is blank; name every column.")       # line 7: flagged
    if path:
        raise DxtextError("--k must be at least 2")                                  # line 9: flagged
    err = ValueError("row " + str(e) + " is bad")                                   # line 10: flagged
    warnings.warn("the C speed-up is old; reinstall")                                # line 11: flagged
    notes.append(f"{path}: read as minutes")                                         # line 12: flagged
    result.warnings.append("quotes are not masked".format())                         # line 13: flagged
    raise typer.BadParameter(f"{e} is not a number")                                 # line 14: flagged
    raise CorpusError(_("{path}: the header is blank").format(path=path))            # marked
    raise CorpusError(f"{path}: {e}")                                                # no words
    raise CorpusError(message)                                                       # made elsewhere
    notes.append(_("read as minutes"))                                               # marked
    rows.append(f"{path} row")                                                       # not a message list
"""


def test_the_scan_finds_unmarked_messages_and_passes_marked_ones() -> None:
    found = unmarked(SYNTHETIC, "x.py")
    assert [(line, kind) for _m, line, kind, _t in found] == [
        (7, "CorpusError"),
        (9, "DxtextError"),
        (10, "ValueError"),
        (11, "warn"),
        (12, "notes.append"),
        (13, "warnings.append"),
        (14, "BadParameter"),
    ]


def test_a_new_unmarked_error_in_a_module_fails_the_check(tmp_path: Path) -> None:
    pkg = tmp_path / "dxtext" / "io"
    pkg.mkdir(parents=True)
    (pkg / "new.py").write_text(
        'def g(p):\n    raise CorpusError(f"{p}: cannot be read; save it as UTF-8.")\n', encoding="utf-8"
    )
    assert scan(tmp_path / "dxtext") == [
        ("io/new.py", 2, "CorpusError", ": cannot be read; save it as UTF-8.")
    ]
