"""The interface language: English or Japanese.

Chosen, first match wins, by ``set_language`` (the CLI's ``--lang ja|en``), ``$DXTEXT_LANG``, the POSIX locale
variables (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``ja_JP.UTF-8`` → Japanese, ``C`` → English),
and on Windows the user's display language (``GetUserDefaultUILanguage``) or the locale
(``locale.getlocale()`` → ``Japanese_Japan``). English otherwise.

How to mark text (the catalog is ``src/dxtext/locale/ja/LC_MESSAGES/dxtext.po``; ``python scripts/i18n.py
extract`` collects the marked strings into it, ``python scripts/i18n.py compile`` writes the ``.mo`` read here,
and tests/structure/test_i18n.py fails while a marked string has no Japanese):

* ``_("English text {name}").format(name=...)`` — translated now. Put the placeholders in the string and call
  ``.format`` on the result (an f-string cannot be looked up).
* ``N_("English text")`` — marked for extraction, translated later with ``_(value)`` (option help built at import
  time, stage names, constants).
* ``Message("English text {name}", name=...)`` — a text that is both shown and stored: the ``str`` is the
  text in the interface language, ``english()`` the stable English one (model.json, metadata.json) and
  ``in_language("ja")`` the Japanese one of a page that is always Japanese. A field may itself be a
  ``Message`` (or a ``Joined`` list of them): it is rendered in the same language.
* ``column("word")`` — a table column as a person reads it (CSV/XLSX headers); the English name stays the stable
  name scripts use (``pgettext("column", …)``), recorded in each run's metadata.json.
* the docstring of a command function in ``cli/*_cmd.py`` is its help: register it with
  ``help=command_help(fn)``.

The library never asks the user anything: the language only changes the words, never a number or a file name.
"""

from __future__ import annotations

import gettext
import os
import sys
from functools import cache

LANGUAGES = ("en", "ja")
DOMAIN = "dxtext"

_language: str | None = None


def normalise(value: str | None) -> str | None:
    """``ja``, ``ja_JP.UTF-8``, ``Japanese_Japan.932``, ``日本語`` → ``ja``; ``en``, ``C``, ``POSIX`` → ``en``;
    anything else → None (not a choice)."""
    if not value:
        return None
    v = value.strip().lower()
    if v.startswith(("ja", "japanese", "日本")):
        return "ja"
    if v.startswith(("en", "english")) or v.split(".")[0] in ("c", "posix"):
        return "en"
    return None


def _windows_language() -> str | None:  # pragma: no cover - Windows only
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
        if langid & 0x3FF == 0x11:  # LANG_JAPANESE
            return "ja"
        return "en"
    except Exception:
        return None


def detect() -> str:
    """The language of the environment (without ``set_language``)."""
    chosen = normalise(os.environ.get("DXTEXT_LANG"))
    if chosen:
        return chosen
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            # LANGUAGE is a list (ja:en); the first known one counts
            for part in value.split(":"):
                found = normalise(part)
                if found:
                    return found
            return "en"
    if sys.platform == "win32":  # pragma: no cover - Windows only
        found = _windows_language()
        if found:
            return found
    import locale

    try:
        name = locale.getlocale()[0]
    except ValueError:
        name = None
    return normalise(name) or "en"


def set_language(language: str | None) -> str:
    """Force the interface language (``"ja"`` or ``"en"``); ``None`` goes back to the environment's. Returns
    the language now in force."""
    global _language
    if language is not None and normalise(language) is None:
        raise ValueError(_("--lang {value}: choose ja or en").format(value=language))
    _language = normalise(language) if language is not None else None
    return get_language()


def get_language() -> str:
    return _language or detect()


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    from importlib.resources import files

    localedir = files("dxtext") / "locale"
    return gettext.translation(DOMAIN, localedir=str(localedir), languages=[language], fallback=True)


def translation() -> gettext.NullTranslations:
    return _catalog(get_language())


def _(message: str) -> str:
    """``message`` (English) in the interface language."""
    return translation().gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now."""
    return message


def NC_(name: str) -> str:
    """Mark a column name for the catalog (context "column")."""
    return name


def NS_(name: str) -> str:
    """Mark a sheet name for the catalog (context "sheet")."""
    return name


def pgettext(context: str, message: str) -> str:
    return translation().pgettext(context, message)


def _render(value: object, language: str | None) -> object:
    if isinstance(value, (Message, Joined)):
        return value.in_language(language) if language else str(value)
    return value


class Message(str):
    """A message that remembers its English template and fields: ``str(m)`` is the text in the interface
    language at creation, ``english()`` the English text and ``in_language(lang)`` the text in ``lang``."""

    msgid: str
    fields: dict[str, object]

    def __new__(cls, msgid: str, **fields: object) -> Message:
        self = super().__new__(cls, _(msgid).format(**fields))
        self.msgid = msgid
        self.fields = fields
        return self

    def in_language(self, language: str) -> str:
        text = _catalog(normalise(language) or "en").gettext(self.msgid)
        return text.format(**{k: _render(v, language) for k, v in self.fields.items()})

    def english(self) -> str:
        return self.in_language("en")


class Joined(str):
    """Messages joined by a separator, rendered part by part in one language (see :class:`Message`)."""

    parts: tuple[object, ...]
    sep: str

    def __new__(cls, sep: str, parts: object) -> Joined:
        items = tuple(parts)  # type: ignore[call-overload]
        self = super().__new__(cls, sep.join(str(p) for p in items))
        self.parts = items
        self.sep = sep
        return self

    def in_language(self, language: str) -> str:
        return self.sep.join(str(_render(p, language)) for p in self.parts)

    def english(self) -> str:
        return self.in_language("en")


def to_json(value: object) -> object:
    """A :class:`Message` (or :class:`Joined`) as plain JSON data, to be read back by :func:`from_json`."""
    if isinstance(value, Message):
        return {"msgid": value.msgid, "fields": {k: to_json(v) for k, v in value.fields.items()}}
    if isinstance(value, Joined):
        return {"sep": value.sep, "parts": [to_json(p) for p in value.parts]}
    return value


def from_json(data: object) -> object:
    if isinstance(data, dict) and "msgid" in data:
        return Message(data["msgid"], **{k: from_json(v) for k, v in data["fields"].items()})
    if isinstance(data, dict) and "sep" in data:
        return Joined(data["sep"], [from_json(p) for p in data["parts"]])
    return data


def english(text: str) -> str:
    """The English text of a :class:`Message` (any other string as it is)."""
    return text.english() if isinstance(text, (Message, Joined)) else text


def in_language(text: str, language: str) -> str:
    """A :class:`Message` in ``language`` (any other string as it is)."""
    return text.in_language(language) if isinstance(text, (Message, Joined)) else text


def column(name: str) -> str:
    """A table column's heading in the interface language (the English name is the stable one)."""
    return pgettext("column", name)


def sheet(name: str) -> str:
    """An XLSX sheet's name in the interface language."""
    return pgettext("sheet", name)


def argv_language(argv: list[str]) -> str | None:
    """The value of ``--lang X`` / ``--lang=X`` in a command line (before ``--``), or None."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def strip_lang(argv: list[str]) -> list[str]:
    """``argv`` without its ``--lang`` option (so it may stand anywhere on the command line)."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--":
            out += argv[i:]
            break
        if arg == "--lang":
            skip = True
            continue
        if arg.startswith("--lang="):
            continue
        out.append(arg)
    return out


def column_names() -> dict[str, str]:
    """{stable English name: heading in the interface language} of every column the catalog knows."""
    catalog = getattr(translation(), "_catalog", {})
    prefix = "column\x04"
    return {k[len(prefix) :]: v for k, v in catalog.items() if isinstance(k, str) and k.startswith(prefix)}
