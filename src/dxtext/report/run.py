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
from .tables import write_text

PACKAGES = (
    "dxtext", "fugashi", "unidic-lite", "numpy", "scipy", "pandas", "scikit-learn", "gensim", "networkx",
    "matplotlib", "openpyxl",
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
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{folder}: cannot create the output folder ({e.strerror}); choose another with --out.") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: the output folder is read-only; choose another with --out.")
    return folder


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
    write_text(json.dumps(corpus.ledger.to_dict(), ensure_ascii=False, indent=2) + "\n", folder / "ledger.json")
    path = folder / "metadata.json"
    write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", path)
    return path


def check_writable(folder: Path) -> None:
    if folder.exists() and not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: read-only; choose another folder with --out.")
