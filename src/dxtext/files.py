"""Writing files so that nothing is ever half-written: a temporary file beside the target, then a rename.

Every output of dxtext goes through here (tables, pages, saved models, dictionary files): a killed process or a
full disk leaves the old file or none, and an error says what to do in one line.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
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


class file_lock:
    """An exclusive lock on ``<folder>/.<name>.lock`` while a read-modify-write of ``path`` runs, so two processes
    editing the same file (two ``dxtext dict add`` at once) take turns instead of losing each other's change.
    POSIX ``flock`` or Windows ``msvcrt.locking``; waits at most ``timeout`` seconds, then raises OutputError."""

    def __init__(self, path: str | os.PathLike[str], timeout: float = 60.0) -> None:
        p = Path(path)
        self.lock_path = p.parent / f".{p.name}.lock"
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> file_lock:
        import time

        try:
            self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
        except OSError as e:
            raise OutputError(
                _(
                    "{lock_path}: cannot create the lock file ({strerror}); check that the folder is writable."
                ).format(lock_path=self.lock_path, strerror=e.strerror)
            ) from None
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                _lock(self._fd)
                return self
            except OSError:
                if time.monotonic() > deadline:
                    os.close(self._fd)
                    self._fd = None
                    raise OutputError(
                        _(
                            "{lock_path}: another dxtext process keeps this file busy; wait for it to finish."
                        ).format(lock_path=self.lock_path)
                    ) from None
                time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None


def _lock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def write_in_child(write: Callable[[], object], *, background: bool = True) -> Callable[..., object]:
    """Call ``write`` (it writes files) in a forked child process while the caller goes on writing others
    (:func:`dxtext.child.in_child`); ``join`` raises the error ``write`` raised there, as an inline call would
    have. Inline, at once, where fork is not the safe choice (Windows, macOS) or ``background`` is False; the
    files are the same bytes either way. ``join(quiet=True)`` waits without raising (the caller is failing)."""
    from .child import in_child

    def died(code: int | None) -> BaseException:
        return OutputError(
            _("writing in a child process failed (exit code {code}); run again.").format(code=code)
        )

    return in_child(write, background=background, died=died)
