"""On-disk caches that can be trusted: a damaged, truncated or edited entry is a miss, never a wrong result.

Every entry is one file ``<root>/<namespace>/<key>.pkl``: a header line, then an HMAC-SHA256 of the key and the
payload under a secret kept in ``<root>/.key`` (made on first use, readable by the owner only), then the
pickled payload. Loading checks the header, the key and the HMAC before unpickling, so a bit flip, a truncated
write, another program's file or a hand-edited entry is never unpickled: it is removed and rebuilt. A caller
can also check the content (``check``: for example that cached tokens belong to the documents asked for).
Writes are atomic (temporary file + rename), so a killed process leaves the old entry or none.

An entry other programs should read as they are (the Parquet token cache) is a *file entry*: the file
``<root>/<namespace>/<key><suffix>`` is left as its format wants it, and the MAC of the key and the file's bytes
sits beside it in ``<key><suffix>.mac`` (a header line, then the HMAC of key, suffix and bytes). ``load_file`` gives the bytes only when the
MAC matches, read once, so what the caller parses is what was checked.

A cache that cannot be read or written costs time, never a result: every failure here is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAGIC = b"dxtext-cache-2\n"
FILE_MAGIC = b"dxtext-cache-file-1\n"
_KEY_FILE = ".key"


def default_cache_dir() -> Path:
    """``$DXTEXT_CACHE``, else ``~/.cache/dxtext``; without a home folder (HOME unset and no passwd entry), a
    folder in the system's temporary directory named for the user id."""
    env = os.environ.get("DXTEXT_CACHE")
    if env:
        return Path(env)
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        home = None
    if home is None or str(home) in ("", "/", "~"):
        uid = os.getuid() if hasattr(os, "getuid") else os.getpid()
        return Path(tempfile.gettempdir()) / f"dxtext-cache-{uid}"
    return home / ".cache" / "dxtext"


def _secret(root: Path) -> bytes | None:
    path = root / _KEY_FILE
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".key.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        os.chmod(tmp, 0o600)
        # two processes may race to make the key: the first rename wins, both then read the same file
        if not path.exists():
            os.replace(tmp, path)
        else:
            os.unlink(tmp)
        data = path.read_bytes()
        return data if len(data) == 32 else None
    except OSError:
        return None


class DiskCache:
    """A namespace of entries under ``root`` (``root=None``: no cache, every load misses, saves do nothing)."""

    def __init__(self, root: str | os.PathLike[str] | None, namespace: str) -> None:
        self.root = Path(root) if root is not None else None
        self.namespace = namespace

    def _path(self, key: str) -> Path:
        assert self.root is not None
        safe = "".join(ch for ch in key if ch.isalnum() or ch in "-_")[:96] or "entry"
        return self.root / self.namespace / f"{safe}.pkl"

    def _mac(self, secret: bytes, key: str, payload: bytes | memoryview) -> bytes:
        # fed in parts: a large payload (a parsed corpus of a million answers) is never copied to be hashed
        mac = hmac.new(secret, key.encode() + b"\x00", hashlib.sha256)
        mac.update(payload)
        return mac.hexdigest().encode()

    def load(self, key: str, *, check: Callable[[Any], bool] | None = None) -> Any | None:
        """The value saved under ``key``, or None when there is none or it fails a check (then it is removed)."""
        if self.root is None:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        secret = _secret(self.root)
        ok = False
        value: Any = None
        if secret is not None and data.startswith(MAGIC) and (nl := data.find(b"\n", len(MAGIC))) > 0:
            mac, payload = data[len(MAGIC) : nl], memoryview(data)[nl + 1 :]  # a view: no copy of the payload
            if hmac.compare_digest(mac, self._mac(secret, key, payload)):
                try:
                    value = pickle.loads(payload)
                    ok = check(value) if check is not None else True
                except Exception:  # an entry from another version of dxtext (moved classes) is a miss
                    ok = False
        if not ok:
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return value

    def save(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key`` (atomically); a failure to write is ignored (only time is lost)."""
        if self.root is None:
            return
        secret = _secret(self.root)
        if secret is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    # the payload is pickled straight into the file and hashed on the way, so a large value is
                    # never held twice in memory; the MAC's place is filled in at the end
                    mac = hmac.new(secret, key.encode() + b"\x00", hashlib.sha256)
                    f.write(MAGIC + b"0" * mac.digest_size * 2 + b"\n")
                    pickle.dump(value, _Hashing(f, mac), protocol=pickle.HIGHEST_PROTOCOL)
                    f.seek(len(MAGIC))
                    f.write(mac.hexdigest().encode())
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass

    # -- file entries: a file in its own format, its MAC beside it --

    def file_path(self, key: str, suffix: str) -> Path:
        return self._path(key).with_suffix(suffix)

    def drop_file(self, key: str, suffix: str) -> None:
        """Remove the file entry ``key`` (its file and its MAC)."""
        if self.root is None:
            return
        path = self.file_path(key, suffix)
        for p in (path, Path(f"{path}.mac")):
            with contextlib.suppress(OSError):
                p.unlink()

    def load_file(self, key: str, suffix: str) -> bytes | None:
        """The bytes of the file entry ``key`` when its MAC matches, else None (a damaged entry is removed)."""
        if self.root is None:
            return None
        path = self.file_path(key, suffix)
        try:
            sidecar = Path(f"{path}.mac").read_bytes()
            data = path.read_bytes()
        except OSError:
            return None
        secret = _secret(self.root)
        if secret is None:
            return None
        mac = sidecar[len(FILE_MAGIC) :].rstrip(b"\n")
        if sidecar.startswith(FILE_MAGIC) and hmac.compare_digest(mac, self._mac(secret, key + suffix, data)):
            return data
        self.drop_file(key, suffix)
        return None

    def save_file(self, key: str, suffix: str, write: Callable[[Any], None]) -> bool:
        """Make the file entry ``key``: ``write(f)`` writes the file into ``f`` (a binary file that hashes what
        goes through it); the file and its MAC are renamed into place only when ``write`` returned. False (and
        nothing left behind) when the entry could not be made: ``write`` raised or the disk refused."""
        if self.root is None:
            return False
        secret = _secret(self.root)
        if secret is None:
            return False
        path = self.file_path(key, suffix)
        tmps: list[str] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # the suffix is part of the MAC: a pickle entry's MAC never vouches for a file entry
            mac = hmac.new(secret, (key + suffix).encode() + b"\x00", hashlib.sha256)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            tmps.append(tmp)
            with os.fdopen(fd, "wb") as f:
                write(_Hashing(f, mac))
            fd, tmp_mac = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            tmps.append(tmp_mac)
            with os.fdopen(fd, "wb") as f:
                f.write(FILE_MAGIC + mac.hexdigest().encode() + b"\n")
            # the file first, then its MAC: a process killed between the two leaves a file whose MAC does not
            # match (a miss), never an old MAC that vouches for a new file
            os.replace(tmp, path)
            os.replace(tmp_mac, f"{path}.mac")
            return True
        except BaseException as e:  # a cache that cannot be written costs time, never a result
            for t in tmps:
                with contextlib.suppress(OSError):
                    os.unlink(t)
            if not isinstance(e, Exception):
                raise
            return False


class _Hashing:
    """A binary file for writers (pickle.dump, a Parquet writer) that also feeds what is written to a MAC."""

    def __init__(self, f: Any, mac: Any) -> None:
        self.f, self.mac = f, mac
        self.written = 0

    def write(self, data: Any) -> int:
        # ``data`` may be any buffer (pickle protocol 5 hands over PickleBuffers, which have no len())
        self.mac.update(data)
        n: int = self.f.write(data)
        self.written += n
        return n

    def tell(self) -> int:
        return self.written

    def flush(self) -> None:
        self.f.flush()

    @property
    def closed(self) -> bool:
        return bool(self.f.closed)

    def close(self) -> None:  # the owner closes the file
        pass


def cache_key(*parts: Any) -> str:
    """A stable key for JSON-like parts (sorted keys; anything else by its ``str``)."""
    import json

    return hashlib.sha256(
        json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()[:32]
