"""Writing files so that nothing is ever half-written: a temporary file beside the target, then a rename.

Every output of dxtext goes through here (tables, pages, saved models, dictionary files): a killed process or a
full disk leaves the old file or none, and an error says what to do in one line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError
from .i18n import _


def atomic_write(path: Path, write, *, binary: bool = False) -> None:  # type: ignore[no-untyped-def]
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(
            _("{folder}: cannot write here ({strerror}); choose another folder with --out.").format(
                folder=folder, strerror=e.strerror
            )
        ) from None
    try:
        os.close(fd)
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except PermissionError:
        _unlink(tmp)
        raise OutputError(
            _(
                "{path}: cannot be written (permission denied — is it open in Excel?); close it or choose --out."
            ).format(path=path)
        ) from None
    except OSError as e:
        _unlink(tmp)
        raise OutputError(
            _("{path}: cannot be written ({strerror}); choose another folder with --out.").format(
                path=path, strerror=e.strerror
            )
        ) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _unlink(p: str) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


def write_text(text: str, path: str | os.PathLike[str]) -> Path:
    """UTF-8 text (Markdown, HTML, JSON), written atomically."""
    p = Path(path)

    def w(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    atomic_write(p, w)
    return p


def write_bytes(data: bytes, path: str | os.PathLike[str]) -> Path:
    """Bytes (PNG, NumPy arrays), written atomically."""
    p = Path(path)

    def w(tmp: str) -> None:
        with open(tmp, "wb") as f:
            f.write(data)

    atomic_write(p, w, binary=True)
    return p
