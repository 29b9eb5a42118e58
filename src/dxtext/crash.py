"""What the command does when something goes wrong that is not the user's input: a log file with the traceback
(never the screen), and a quiet stdout when the reader of a pipe went away."""

from __future__ import annotations

import datetime
import os
import platform
import sys
import tempfile
import traceback

from . import __version__


def write_crash_log(e: BaseException, argv: list[str] | None = None) -> str | None:
    """Write the traceback, the command line and the versions to ``dxtext-error-<stamp>-<pid>.log`` in
    ``DXTEXT_LOG_DIR`` (else the temporary folder); return its path, or None if even that fails."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (
        f"dxtext {__version__} on Python {platform.python_version()} ({platform.platform()})\n"
        f"command: {' '.join(sys.argv if argv is None else argv)}\n\n"
        + "".join(traceback.format_exception(e))
    )
    for folder in (os.environ.get("DXTEXT_LOG_DIR"), tempfile.gettempdir()):
        if not folder:
            continue
        try:
            path = os.path.join(folder, f"dxtext-error-{stamp}-{os.getpid()}.log")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            return path
        except OSError:
            continue
    return None


def silence_stdout() -> None:
    """Point stdout at the null device so that the interpreter's final flush does not fail again on a closed
    pipe (``dxtext freq … | head``)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
