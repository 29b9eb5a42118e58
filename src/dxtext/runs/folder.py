"""Run folders and their metadata: what went in, so that a reader can trust and reproduce the output.

A run folder is ``<out>/<command>_<corpus>[_<options>]``: the options that differ from the command's defaults,
readable (``topics_dx_survey_2025_by-人口規模_k-8``), so two runs with different options are told apart by name.
``key`` hashes the corpus, the tokenizer and the parameters and is kept in metadata.json (``run.key``): the same
input and options write to the same folder again (the files carry no timestamps, so two runs give
byte-identical outputs); when a folder of that name holds another run (an edited corpus, another dictionary),
the new run goes to ``…_2``, ``…_3``. ``<out>/latest/index.html`` lists the runs (see :mod:`.index`).
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
from ..i18n import _
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


#: run folder → key, for write_metadata (make_run_dir claims a folder, write_metadata records whose it is)
_KEYS: dict[Path, str] = {}
_LABEL_MAX = 48


def options_label(options: dict[str, Any] | None, defaults: dict[str, Any] | None = None) -> str:
    """The options that differ from ``defaults`` as a short, file-name-safe text: ``by-人口規模_k-8_no-mask``.
    Without ``defaults``, every option that is set (not None, False or empty)."""
    parts: list[str] = []
    first = [name for name, d in (defaults or {}).items() if d is _REQUIRED]
    for name, value in sorted(
        (options or {}).items(), key=lambda kv: (kv[0] not in first, kv[0] != "by", kv[0])
    ):
        if defaults is not None and (name not in defaults or defaults[name] == value):
            continue
        if value is None or value == [] or value == ():
            continue
        flag = name.replace("_", "-")
        if defaults is not None and defaults.get(name) is _REQUIRED:
            parts.append(_safe(str(value))[:20])
            continue
        if value is True:
            parts.append(flag)
        elif value is False:
            parts.append(f"no-{flag}")
        else:
            if isinstance(value, list | tuple):
                text = "+".join(str(v) for v in value)
            elif isinstance(value, os.PathLike) or (
                isinstance(value, str) and ("/" in value or "\\" in value)
            ):
                text = Path(value).stem
            else:
                text = str(value)
            parts.append(f"{flag}-{_safe(text)[:20]}")
    if not parts:
        return ""
    label = _safe("_".join(parts))
    if len(label) > _LABEL_MAX:
        label = label[: _LABEL_MAX - 9].rstrip("_-") + "_" + run_key(options)[:8]
    return label


#: the reading and tokenizer options that change a run's output, with their defaults (named in the folder)
SOURCE_DEFAULTS: dict[str, Any] = {
    "text_col": None,
    "sheet": None,
    "unit": None,
    "attrs": None,
    "dictionary": "default",
    "pos": None,
    "stopwords": "default",
}


def folder_options(
    params: dict[str, Any], source: dict[str, Any] | None, function: Any
) -> dict[str, dict[str, Any]]:
    """``make_run_dir``'s ``options`` and ``defaults`` for a run function called with ``params`` and the
    reading options ``source``. A parameter of the function without a default (the word of ``kwic``, the
    target of ``assoc``) is always named, first."""
    import inspect

    options = dict(params)
    for name, default in SOURCE_DEFAULTS.items():
        value = (source or {}).get(name, default)
        options[name] = False if name in ("dictionary", "stopwords") and value is None else value
    defaults = {**defaults_of(function), **SOURCE_DEFAULTS}
    required = [
        name
        for i, (name, p) in enumerate(inspect.signature(function).parameters.items())
        if i > 0 and p.default is inspect.Parameter.empty and name in params
    ]
    for name in required:
        defaults[name] = _REQUIRED
    ordered = {name: options[name] for name in required}
    return {"options": {**ordered, **options}, "defaults": defaults}


_REQUIRED = object()


def defaults_of(function: Any) -> dict[str, Any]:
    """The keyword defaults of a run function (what ``options_label`` leaves out)."""
    import inspect

    return {
        name: p.default
        for name, p in inspect.signature(function).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


def _stored_key(folder: Path) -> str | None:
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    run = meta.get("run") if isinstance(meta, dict) else None
    return run.get("key") if isinstance(run, dict) else None


def make_run_dir(
    out: str | os.PathLike[str],
    command: str,
    corpus_name: str,
    key: str,
    *,
    options: dict[str, Any] | None = None,
    defaults: dict[str, Any] | None = None,
) -> Path:
    """Create ``<out>/<command>_<corpus>[_<options>]`` (see the module); a clear OutputError when it cannot be
    written. ``options``/``defaults``: what ``options_label`` names."""
    label = options_label(options, defaults) if options is not None else ""
    base = f"{command}_{_safe(corpus_name)}" + (f"_{label}" if label else "")
    folder = Path(out) / base
    n = 2
    while folder.exists() and _stored_key(folder) not in (key, None):
        folder = Path(out) / f"{base}_{n}"
        n += 1
    _KEYS[folder] = key
    if not folder.exists():
        deepest = next(p for p in folder.parents if p.exists())  # where the new folders would be made
        if deepest.is_dir() and not writable(deepest):
            raise OutputError(
                _("{deepest}: the output folder is read-only; choose another with --out.").format(
                    deepest=deepest
                )
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(
            _("{folder}: cannot create the output folder ({strerror}); choose another with --out.").format(
                folder=folder, strerror=e.strerror
            )
        ) from None
    if not writable(folder):
        raise OutputError(
            _("{folder}: the output folder is read-only; choose another with --out.").format(folder=folder)
        )
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
    from ..i18n import get_language

    meta: dict[str, Any] = {
        "command": command,
        "run": {"key": _KEYS.get(folder, ""), "folder": folder.name},
        "corpus": corpus.metadata(),
        "tokenizer": tokenizer.params() if tokenizer is not None else None,
        "parameters": params,
        "versions": versions(),
    }
    if extra:
        meta.update(extra)
    meta["language"] = get_language()
    meta["columns"] = column_map(folder)
    write_text(
        json.dumps(corpus.ledger.to_dict(), ensure_ascii=False, indent=2) + "\n", folder / "ledger.json"
    )
    path = folder / "metadata.json"
    write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", path)
    from .index import update_index

    update_index(folder.parent)
    return path


def column_map(folder: Path) -> dict[str, dict[str, str]]:
    """{CSV file: {heading as written: stable English name}} of the CSV files in a run folder."""
    import csv

    from ..render.tables import stable_names

    out: dict[str, dict[str, str]] = {}
    for path in sorted(folder.rglob("*.csv")):
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                header = next(csv.reader(f), [])
        except (OSError, UnicodeDecodeError):
            continue
        out[path.relative_to(folder).as_posix()] = stable_names(header)
    return out
