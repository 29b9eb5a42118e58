"""``dxtext topics`` writes topics.xlsx and its PNGs in forked children while it writes the other files, and
fits the Gibbs candidate in a child: the folder is the same, byte for byte, as with everything in one process
(a machine with one core, or without fork)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import dxtext.child
import dxtext.runs as r
from conftest import SAMPLE_SURVEY
from dxtext.analysis.topics import choice


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="children only where fork is safe")
def test_children_write_the_bytes_of_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folders = {}
    for name, spare in (("children", True), ("one", False)):
        monkeypatch.setenv("DXTEXT_CACHE", str(tmp_path / f"cache-{name}"))  # each run fits its own model
        monkeypatch.setattr(dxtext.child, "spare_core", lambda spare=spare: spare)
        monkeypatch.setattr(choice, "spare_core", lambda spare=spare: spare)
        if not spare:
            monkeypatch.setattr(dxtext.child, "forks", lambda: False)  # the XLSX inline too
        # K chosen (both PNGs), by an attribute (the prevalence figure); no model cache shared between the two
        res = r.topics(
            str(SAMPLE_SURVEY),
            k_range="3..5",
            seed=2,
            by="人口規模",
            out=tmp_path / name,
            models=tmp_path / "models",  # the path is written into the outputs
        )
        assert res.folder is not None
        folders[name] = _tree(res.folder)
    assert {"prevalence.png", "k_selection.png", "topics.xlsx"} <= set(folders["one"])
    assert sorted(folders["children"]) == sorted(folders["one"])
    different = [n for n in folders["one"] if folders["one"][n] != folders["children"][n]]
    assert not different, different
