"""Shared test set-up: repository paths and automatic markers.

- Everything under tests/browser/ is marked `browser`.
- Every test that uses the `postgres_url` fixture (directly, or through the
  `database_url[postgresql]` parameter) is marked `postgres`.

So `pytest -m "not browser"` runs the fast suite and `pytest -m postgres` only the
PostgreSQL tests.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA_DIR = REPO_ROOT / "sample_data"
BROWSER_TESTS_DIR = REPO_ROOT / "tests" / "browser"


def running_in_ci() -> bool:
    """True when the CI variable says so (CI=true, as .ci/run is started)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def sample_data_dir() -> Path:
    return SAMPLE_DATA_DIR


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(item.path).resolve()
        if BROWSER_TESTS_DIR in path.parents:
            item.add_marker(pytest.mark.browser)
        if "postgres_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


# Every figure built from plain dicts (dashboard.figures.style.new_figure) is built Plotly's
# validating way too in the tests, and must come out the same.
os.environ.setdefault("YJ_CHECK_FIGURES", "1")
