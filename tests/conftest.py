"""Shared fixtures: where the real corpora are, a session tokenizer, an isolated cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Tests read the English column names and messages: the interface language is fixed to English here (the tests
# of the Japanese interface set it themselves), whatever the developer's locale.
os.environ["DXTEXT_LANG"] = "en"

REPO = Path(__file__).resolve().parents[1]
# The shared corpora sit beside the repository (../shared), in a developer's checkout and in CI's clone alike.
# DXTEXT_SHARED_CORPORA points elsewhere (a worktree whose parent has no shared/ folder).
SHARED = Path(os.environ.get("DXTEXT_SHARED_CORPORA") or REPO.parent / "shared" / "corpora")
COUNCIL = SHARED / "council-minutes" / "env-council-113.txt"
MINUTES = SHARED / "minutes" / "toshi-center-dx-study-group-02.txt"
FUKUI = SHARED / "fukui-tourism-survey"
SAMPLE_SURVEY = REPO / "corpora" / "dx_survey_2025.csv"
SAMPLE_MINUTES = REPO / "corpora" / "minutes"


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Token and dictionary caches in a temporary folder, so tests never see a stale cache of a developer."""
    cache = tmp_path_factory.mktemp("dxtext-cache")
    os.environ["DXTEXT_CACHE"] = str(cache)


@pytest.fixture(scope="session")
def tokenizer():  # type: ignore[no-untyped-def]
    from dxtext.text.tokenize import Tokenizer

    return Tokenizer()


@pytest.fixture(scope="session")
def shared_minutes() -> Path:
    if not MINUTES.is_file():
        pytest.skip("shared corpora not found beside the repository")
    return MINUTES


@pytest.fixture(scope="session")
def fukui() -> Path:
    if not (FUKUI / "answers.csv").is_file():
        pytest.skip("shared Fukui survey not found beside the repository")
    return FUKUI


@pytest.fixture(scope="session")
def council_minutes() -> Path:
    if not COUNCIL.is_file():
        pytest.skip("shared council minutes not found beside the repository")
    return COUNCIL


def dxtext_in_language(
    *args: str, lang: str, tmp_path: Path, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m dxtext ARGS`` with ``LANG=lang`` and no DXTEXT_LANG (fixed to English for this process
    above): the command follows the locale as on a user's PC. Outputs and models go under ``tmp_path``."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DXTEXT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")
    }
    env.update(LANG=lang, PYTHONPATH=str(REPO / "src"), DXTEXT_OUT=str(tmp_path / "out"))
    env["DXTEXT_MODELS"] = str(tmp_path / "models")
    return subprocess.run(
        [sys.executable, "-m", "dxtext", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Headless Chromium with the network blocked (tests/chromium.py), closed after the test."""
    from chromium import Chromium

    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    b = Chromium(profile)
    try:
        yield b
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)
