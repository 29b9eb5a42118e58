"""Reading rule files: a file (UTF-8 or CP932) → :class:`ThemeRules`. The text is cut into ``*name`` blocks,
each block's lines are lexed and parsed, then theme names must be unique and every ``<*reference>`` must name a
theme without circles."""

from __future__ import annotations

import difflib
import hashlib
import os
from pathlib import Path

from ...errors import RulesError
from ...i18n import N_, _
from .lexer import _lex, _strip_comment
from .parser import _Parser
from .tree import Loc, Rule, ThemeRules, _err, _key


def default_rules_path() -> Path:
    """``$DXTEXT_THEMES``, else ``<repo>/dictionaries/themes.txt``."""
    from ...text.dictionary import _find_repo_root

    env = os.environ.get("DXTEXT_THEMES")
    if env:
        return Path(env).expanduser()
    root = _find_repo_root()
    if root is None or not (root / "dictionaries" / "themes.txt").is_file():
        raise RulesError(
            _(
                "dictionaries/themes.txt: the default theme rules were not found; give a rule file with --rules "
                "or set DXTEXT_THEMES."
            )
        )
    return root / "dictionaries" / "themes.txt"


def load_rules(path: str | os.PathLike[str] | ThemeRules | None = "default") -> ThemeRules:
    """Read a rule file (UTF-8 with or without BOM; CP932 as KH Coder on Windows saves it)."""
    if isinstance(path, ThemeRules):
        return path
    p = default_rules_path() if path in (None, "default") else Path(path)  # type: ignore[arg-type]
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise RulesError(
            _("{p}: rule file not found; check the path given to --rules.").format(p=p)
        ) from None
    except IsADirectoryError:
        raise RulesError(
            _("{p}: is a folder; give a rule file (text, one *name line per theme).").format(p=p)
        ) from None
    except OSError as e:
        raise RulesError(
            _("{p}: cannot be read ({strerror}); check the file's permissions.").format(
                p=p, strerror=e.strerror
            )
        ) from None
    from ...io.corpus import detect_encoding

    codec = detect_encoding(data)
    if not codec:
        raise RulesError(_("{p}: not UTF-8 or CP932 (Shift_JIS); save the rule file as UTF-8.").format(p=p))
    text = data.decode(codec)
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_rules(text, source=str(p), sha256=hashlib.sha256(data).hexdigest()[:16])


def parse_rules(text: str, *, source: str = "<rules>", sha256: str | None = None) -> ThemeRules:
    """Parse rule text; raises :class:`RulesError` with ``source:line`` at the first problem."""
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    blocks: list[tuple[str, Loc, list[tuple[int, str]]]] = []
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = _strip_comment(raw, Loc(source, n))
        stripped = line.strip().lstrip("\ufeff")
        if not stripped:
            continue
        if stripped[0] in "*＊":
            name = stripped[1:].strip()
            if not name:
                raise _err(
                    Loc(source, n), repr(stripped), N_("a rule line needs a name after *"), N_("write *name")
                )
            blocks.append((name, Loc(source, n), []))
            continue
        if not blocks:
            raise _err(
                Loc(source, n),
                repr(stripped[:40]),
                N_("an expression before the first *name line"),
                N_("start each theme with a line *name (or ＊name)"),
            )
        blocks[-1][2].append((n, line))
    if not blocks:
        raise RulesError(
            _("{source}: no rules (a rule starts with a line *name); write at least one theme.").format(
                source=source
            )
        )
    rules: list[Rule] = []
    seen: dict[str, Loc] = {}
    for name, loc, lines in blocks:
        if _key(name) in seen:
            first = seen[_key(name)].line
            raise _err(
                loc,
                f"*{name}",
                N_("the theme name is used twice (first at line {first})"),
                N_("rename one"),
                first=first,
            )
        seen[_key(name)] = loc
        if not lines:
            raise _err(
                loc,
                f"*{name}",
                N_("the rule has no expression"),
                N_("write the words of the theme on the next line"),
            )
        tokens = [t for n, line in lines for t in _lex(line, Loc(source, n))]
        expr = _Parser(tokens, name, loc).parse()
        rules.append(Rule(name, expr, loc, " ".join(line.strip() for _, line in lines)))
    result = ThemeRules(rules, source, sha256)
    _check_refs(result)
    return result


def _check_refs(rules: ThemeRules) -> None:
    by_name = {_key(r.name): r for r in rules.rules}
    for r in rules.rules:
        for ref in r.refs():
            if _key(ref.name) not in by_name:
                names = [x.name for x in rules.rules]
                close = difflib.get_close_matches(ref.name, names, n=3, cutoff=0.5)
                hint = N_("check the name (did you mean {close})") if close else N_("the themes are: {names}")
                raise _err(
                    ref.loc,
                    str(ref),
                    N_("no theme named {name!r}"),
                    hint,
                    name=ref.name,
                    close=", ".join("<*" + c + ">" for c in close),
                    names=", ".join(names),
                )
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(key: str, path: list[str]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cycle = [by_name[k].name for k in path[path.index(key) :]] + [by_name[key].name]
            rule = by_name[path[-1]]
            ref = next(x for x in rule.refs() if _key(x.name) == key)
            raise _err(
                ref.loc,
                str(ref),
                N_("themes refer to each other in a circle ({cycle})"),
                N_("remove one of the references"),
                cycle=" → ".join(cycle),
            )
        state[key] = 1
        for ref in by_name[key].refs():
            visit(_key(ref.name), [*path, key])
        state[key] = 2

    for r in rules.rules:
        visit(_key(r.name), [])
