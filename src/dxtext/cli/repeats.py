"""An option that takes one value, given twice: refused, not silently the last one.

Click keeps the last value of an option given twice (``compare --by 人口規模 --by 部署`` compared by 部署 alone,
``topics --k 3 --k 5`` fitted 5). Options that may repeat (``--by`` of the commands that cross two attributes,
``--where``, ``--text-col``) are declared ``multiple`` and are not checked; flags are harmless twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import DxtextError
from ..i18n import _

# Typer carries its own copy of click: the command tree is read by its attributes, not by click's classes.


def _leaf(command: Any, args: Sequence[str]) -> tuple[Any, list[str]]:
    """The sub-command the arguments name (``dict add`` …) and the arguments after its name."""
    rest = list(args)
    while isinstance(getattr(command, "commands", None), dict):
        i = next((k for k, a in enumerate(rest) if not a.startswith("-")), None)
        if i is None:
            return command, []
        sub = command.commands.get(rest[i])
        if sub is None:
            return command, []
        command, rest = sub, rest[i + 1 :]
    return command, rest


def check_repeated(app: Any, args: Sequence[str]) -> None:
    """Raise one line when an option of one value is given twice with different values. ``app``: the Typer
    application (or its click command); anything else (a test's stand-in) is not checked."""
    command = app
    if not hasattr(app, "params"):
        try:
            import typer

            command = typer.main.get_command(app)
        except Exception:  # a guard must never be the fault
            return
    leaf, rest = _leaf(command, args)
    single: dict[str, Any] = {}
    for p in getattr(leaf, "params", ()):
        if getattr(p, "param_type_name", "") != "option":
            continue
        if not p.multiple and not p.is_flag and not getattr(p, "count", False):
            for name in (*p.opts, *p.secondary_opts):
                single[name] = p
    seen: dict[str, list[tuple[str, str]]] = {}
    k = 0
    while k < len(rest):
        token = rest[k]
        k += 1
        if token == "--":
            break
        name, eq, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if not token.startswith("--") and token.startswith("-") and len(token) > 2 and token[:2] in single:
            name, eq, value = token[:2], "=", token[2:]  # -k5
        option = single.get(name)
        if option is None:
            continue
        if not eq:
            if k >= len(rest):
                break
            value = rest[k]
            k += 1
        seen.setdefault(option.name or name, []).append((name, value))
    for given in seen.values():
        values = list(dict.fromkeys(v for _, v in given))
        if len(values) > 1:
            shown = " ".join(f"{n} {v}" for n, v in given)
            raise DxtextError(
                _("{shown}: {v0} takes one value here and was given {v1}; give it once.").format(
                    shown=shown, v0=given[0][0], v1=len(values)
                )
            )
