"""Shared fixtures: where the real corpora are, a session tokenizer, an isolated cache."""

from __future__ import annotations

import os
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
