"""Run folders and their metadata: what went in, so that a reader can trust and reproduce the output.

A run folder is ``<out>/<command>_<corpus>_<key>`` where ``key`` hashes the corpus, the tokenizer and the
parameters: the same input and options write to the same folder, and the files carry no timestamps, so two
runs give byte-identical outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..render.tables import write_text

PACKAGES = (
    "dxtext",
    "fugashi",
    "unidic-lite",
    "numpy",
    "scipy",
    "pandas",
    "scikit-learn",
    "gensim",
    "networkx",
    "matplotlib",
    "openpyxl",
)


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = ""
    return out


def _safe(name: str) -> str:
    return re.sub(r"[^\w\-.]+", "_", name).strip("_")[:60] or "corpus"


def run_key(*parts: Any) -> str:
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:8]


def make_run_dir(out: str | os.PathLike[str], command: str, corpus_name: str, key: str) -> Path:
    """Create ``<out>/<command>_<corpus>_<key>``; a clear OutputError when it cannot be written."""
    folder = Path(out) / f"{command}_{_safe(corpus_name)}_{key}"
    if not folder.exists():
        deepest = next(p for p in folder.parents if p.exists())  # where the new folders would be made
        if deepest.is_dir() and not writable(deepest):
            raise OutputError(f"{deepest}: the output folder is read-only; choose another with --out.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(
            f"{folder}: cannot create the output folder ({e.strerror}); choose another with --out."
        ) from None
    if not writable(folder):
        raise OutputError(f"{folder}: the output folder is read-only; choose another with --out.")
    return folder


def writable(folder: Path) -> bool:
    """False when the folder cannot be written, or is marked read-only (no write bit at all) — the latter
    matters when running as root, which may write anywhere but should respect a folder a user locked."""
    import stat

    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return os.access(folder, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def write_metadata(
    folder: Path,
    *,
    command: str,
    corpus: Any,
    params: dict[str, Any],
    tokenizer: Any = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """metadata.json (corpus hash, ledger, dictionary hash, parameters, versions) and ledger.json."""
    meta: dict[str, Any] = {
        "command": command,
        "corpus": corpus.metadata(),
        "tokenizer": tokenizer.params() if tokenizer is not None else None,
        "parameters": params,
        "versions": versions(),
    }
    if extra:
        meta.update(extra)
    write_text(
        json.dumps(corpus.ledger.to_dict(), ensure_ascii=False, indent=2) + "\n", folder / "ledger.json"
    )
    path = folder / "metadata.json"
    write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", path)
    return path
