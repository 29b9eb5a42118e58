"""The messages of click and typer (usage lines, section titles, usage errors) in the interface language.

click marks its messages with the standard library's ``gettext.gettext`` and looks them up in the default
domain; dxtext's catalog carries the ones a user meets (listed below, so ``scripts/i18n.py extract`` collects
them), and :func:`install` points the ``_`` of click's and typer's modules at :func:`dxtext.i18n._`.
"""

from __future__ import annotations

import importlib

from ..i18n import N_, _, get_language

MESSAGES = (
    N_("Show this message and exit."),
    N_("Usage:"),
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("Aborted!"),
    N_("default: {default}"),
    N_("required"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("file"),
    N_("directory"),
    N_("path"),
)

#: the packages whose modules mark messages with gettext's ``_`` (typer carries a copy of click in typer._click)
PACKAGES = ("click", "typer", "typer._click")


def install() -> None:
    """Have click and typer speak the interface language (nothing to do in English)."""
    if get_language() == "en":
        return
    import gettext
    import pkgutil

    for package_name in PACKAGES:
        try:
            package = importlib.import_module(package_name)
        except ImportError:
            continue
        names = [info.name for info in pkgutil.iter_modules(getattr(package, "__path__", []))]
        for name in names:
            if name.startswith("__") or name in ("testing", "rich_utils", "cli", "_completion_classes"):
                continue
            try:
                module = importlib.import_module(f"{package_name}.{name}")
            except Exception:
                continue
            if getattr(module, "_", None) is gettext.gettext:
                module._ = _  # type: ignore[attr-defined]
