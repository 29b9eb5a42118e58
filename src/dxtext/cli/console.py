"""A console that cannot end a run: stdout and stderr print every character, whatever their encoding.

A Japanese Windows console, or an output redirected to a file or a pipe there, is CP932 (and so is any run with
``PYTHONIOENCODING=cp932``). CP932 lacks characters dxtext prints ('✓', 'χ²', '—', '≤', '–') and characters the
corpus brings (emoji, '♪', most of Unicode outside JIS X 0208 and the NEC/IBM extensions). Python's streams are
strict by default: one such character ends the command in a UnicodeEncodeError after the work is done.
:func:`make_console_safe` keeps the stream's encoding and gives it an error handler that prints what the console
can show instead: a close symbol ('✓' → '○', '—' → '―', '≤' → '≦'), else the compatibility form ('²' → '2'),
else '?'. ('〜' U+301C, '−', '‖' need nothing: Python's CP932 encoder maps them to the JIS characters, which read
back as '～', '－', '∥'.) Files are never written through these streams.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata

HANDLER = "dxtext-console"

# Characters CP932 lacks, each with what a CP932 console shows instead (checked by tests: every value encodes)
SUBSTITUTES: dict[str, str] = {
    "\u2014": "\u2015",  # — EM DASH → ― (the dash of JIS X 0208 as CP932 maps it)
    # symbols dxtext prints
    "\u2713": "\u25cb",  # ✓ → ○
    "\u2714": "\u25cb",  # ✔ → ○
    "\u2717": "\u00d7",  # ✗ → ×
    "\u2718": "\u00d7",  # ✘ → ×
    "\u2013": "-",  # – EN DASH
    "\u2264": "\u2266",  # ≤ → ≦
    "\u2265": "\u2267",  # ≥ → ≧
    "\u00b2": "2",  # ² (χ², G²)
    "\u00b7": "\u30fb",  # · → ・
    "\u2022": "\u30fb",  # • → ・
}


def _substitute(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    encoding = error.encoding
    out = []
    for ch in error.object[error.start : error.end]:
        out.append(_one(ch, encoding))
    return "".join(out), error.end


def _one(ch: str, encoding: str) -> str:
    for candidate in (SUBSTITUTES.get(ch), unicodedata.normalize("NFKC", ch)):
        if candidate and candidate != ch and _encodes(candidate, encoding):
            return candidate
    return "?"


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def register() -> None:
    """Register the error handler (idempotent)."""
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _substitute)


def make_console_safe(*streams: object) -> None:
    """Give stdout and stderr (or the ``streams`` given) the substituting error handler where they are strict.
    A stream that cannot be reconfigured (a test's capture, a wrapper) is left as it is; a stream already lenient
    (``surrogateescape`` on a POSIX C locale, ``PYTHONIOENCODING=…:replace``) keeps its own handler."""
    register()
    for stream in streams or (sys.stdout, sys.stderr):
        if stream is None or getattr(stream, "errors", None) != "strict":
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors=HANDLER)
        except (ValueError, OSError, AttributeError):  # closed, or not a TextIOWrapper after all
            continue
