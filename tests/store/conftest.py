"""Fixtures for the cohort store tests: every store lives in tmp_path.

``QIKIT_STORE`` and ``HOME`` point into tmp_path for every test, so that no test can
create or change a store in the user's home folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qikit.store import Store, open_store


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QIKIT_STORE", str(tmp_path / "env-store.sqlite3"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "cohort.sqlite3") as opened:
        yield opened
