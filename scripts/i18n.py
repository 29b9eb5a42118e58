#!/usr/bin/env python3
"""The Japanese message catalog of dxtext: collect the marked strings, compile the catalog, check it.

    python scripts/i18n.py extract   # add every marked string of src/dxtext to locale/ja/LC_MESSAGES/dxtext.po
    python scripts/i18n.py compile   # dxtext.po -> dxtext.mo (committed: an install needs no build step)
    python scripts/i18n.py check     # exit 1 when a string has no Japanese or the .mo is out of date

Marked strings (see src/dxtext/i18n.py): the first argument of ``_()``, ``N_()`` and ``Message()``, the two arguments of
``pgettext(ctx, msg)``, ``column(msg)`` (context "column") and ``sheet(msg)`` (context "sheet"), and the docstrings
of the command functions in cli/*_cmd.py. Only the standard library is used: no Babel, no GNU gettext tools.
"""

from __future__ import annotations

import ast
import inspect
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "dxtext"
PO = SRC / "locale" / "ja" / "LC_MESSAGES" / "dxtext.po"
MO = PO.with_suffix(".mo")
CONTEXT_OF = {"column": "column", "sheet": "sheet", "NC_": "column", "NS_": "sheet"}
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: dxtext\\n"\n"Language: ja\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
)

Key = tuple[str | None, str]  # (context, msgid)


def _called(node: ast.Call) -> str:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def _const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def extract(src: Path = SRC) -> dict[Key, list[str]]:
    """Every marked string with where it occurs (file:line)."""
    found: dict[Key, list[str]] = {}
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            key: Key | None = None
            if isinstance(node, ast.Call) and node.args:
                name = _called(node)
                if name in ("_", "N_", "Message"):
                    text = _const(node.args[0])
                    key = (None, text) if text else None
                elif name in CONTEXT_OF:
                    text = _const(node.args[0])
                    key = (CONTEXT_OF[name], text) if text else None
                elif name == "pgettext" and len(node.args) == 2:
                    ctx, text = _const(node.args[0]), _const(node.args[1])
                    key = (ctx, text) if ctx and text else None
            elif (
                isinstance(node, ast.FunctionDef)
                and path.parent.name == "cli"
                and path.name.endswith("_cmd.py")
                and not node.name.startswith("_")
                and node.name != "register"
            ):
                doc = ast.get_docstring(node)
                key = (None, inspect.cleandoc(doc)) if doc else None
            if key is not None:
                found.setdefault(key, []).append(f"{rel}:{getattr(node, 'lineno', 0)}")
    return found


# ---- .po files ------------------------------------------------------------------------------------------------


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(s: str) -> str:
    s = s.strip()
    if not (s.startswith('"') and s.endswith('"')):
        raise ValueError(f"{PO}: not a quoted string: {s[:60]}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), s[1:-1])


def read_po(path: Path = PO) -> dict[Key, str]:
    """{(context, msgid): msgstr} of a .po file (the header entry under (None, ""))."""
    entries: dict[Key, str] = {}
    if not path.exists():
        return entries
    ctx: str | None = None
    fields: dict[str, str] = {}
    current = ""

    def flush() -> None:
        nonlocal ctx, fields
        if "msgid" in fields:
            entries[(ctx, fields["msgid"])] = fields.get("msgstr", "")
        ctx, fields = None, {}

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if not line and "msgstr" in fields:
                flush()
            continue
        if line.startswith("msgctxt "):
            flush()
            ctx = _unquote(line[8:])
            current = "msgctxt"
        elif line.startswith("msgid "):
            if "msgstr" in fields:
                flush()
            fields["msgid"] = _unquote(line[6:])
            current = "msgid"
        elif line.startswith("msgstr "):
            fields["msgstr"] = _unquote(line[7:])
            current = "msgstr"
        elif line.startswith('"'):
            if current == "msgctxt":
                ctx = (ctx or "") + _unquote(line)
            else:
                fields[current] += _unquote(line)
    flush()
    return entries


def _quote(s: str) -> str:
    body = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = body.split("\n")
    if len(lines) == 1:
        return f'"{body}"'
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in parts)


def write_po(found: dict[Key, list[str]], translations: dict[Key, str], path: Path = PO) -> None:
    out = [HEADER]
    for key, where in found.items():
        ctx, msgid = key
        out.append("")
        out.append("#: " + " ".join(where[:3]))
        if ctx:
            out.append(f"msgctxt {_quote(ctx)}")
        out.append(f"msgid {_quote(msgid)}")
        out.append(f"msgstr {_quote(translations.get(key, ''))}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# ---- .mo files ------------------------------------------------------------------------------------------------


def mo_bytes(entries: dict[Key, str]) -> bytes:
    """The GNU .mo file of the translated entries (the format gettext.GNUTranslations reads)."""
    items: dict[bytes, bytes] = {}
    header = "Content-Type: text/plain; charset=UTF-8\nLanguage: ja\n"
    items[b""] = header.encode()
    for (ctx, msgid), msgstr in entries.items():
        if not msgid or not msgstr:
            continue
        k = (f"{ctx}\x04{msgid}" if ctx else msgid).encode()
        items[k] = msgstr.encode()
    keys = sorted(items)
    ids = strs = b""
    offsets = []
    for k in keys:
        offsets.append((len(ids), len(k), len(strs), len(items[k])))
        ids += k + b"\0"
        strs += items[k] + b"\0"
    n = len(keys)
    start_ids = 7 * 4 + 16 * n
    start_strs = start_ids + len(ids)
    table_o, table_t = [], []
    for o1, l1, o2, l2 in offsets:
        table_o += [l1, o1 + start_ids]
        table_t += [l2, o2 + start_strs]
    head = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + n * 8, 0, 0)
    return (
        head
        + struct.pack(f"{len(table_o)}i", *table_o)
        + struct.pack(f"{len(table_t)}i", *table_t)
        + ids
        + strs
    )


def problems(found: dict[Key, list[str]] | None = None, entries: dict[Key, str] | None = None) -> list[str]:
    """What is wrong with the catalog: untranslated strings, placeholders that differ, a stale .mo."""
    import string

    found = extract() if found is None else found
    entries = read_po() if entries is None else entries
    out = []
    for key, where in found.items():
        text = entries.get(key, "")
        if not text:
            out.append(f"{where[0]}: no Japanese for {key[1][:70]!r}")
            continue
        fields = {f for _, f, _, _ in string.Formatter().parse(key[1]) if f is not None}
        theirs = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
        # a translation may leave out a placeholder (the English plural "s" of {v0}) but never invent one
        if not theirs <= fields:
            out.append(f"{where[0]}: placeholders {sorted(theirs - fields)} are not in {key[1][:60]!r}")
    if not MO.exists() or MO.read_bytes() != mo_bytes({k: v for k, v in entries.items() if k in found}):
        out.append(f"{MO.relative_to(ROOT)} is out of date: run python scripts/i18n.py compile")
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"]:
        found = extract()
        old = read_po()
        write_po(found, old)
        missing = sum(1 for k in found if not old.get(k))
        print(f"{PO.relative_to(ROOT)}: {len(found)} strings, {missing} without Japanese")
        return 0
    if argv[:1] == ["compile"]:
        found = extract()
        entries = {k: v for k, v in read_po().items() if k in found}
        MO.write_bytes(mo_bytes(entries))
        print(f"{MO.relative_to(ROOT)}: {sum(1 for v in entries.values() if v)} translations")
        return 0
    if argv[:1] == ["check"]:
        bad = problems()
        for line in bad:
            print(line)
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
