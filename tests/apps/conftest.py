"""Fixtures for the widget tests of qikit.apps (no browser, no server)."""

from __future__ import annotations

import logging

import pytest

from qikit.apps import LOG


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def text(self) -> str:
        out = []
        for record in self.records:
            out.append(record.getMessage())
            if record.exc_info:
                out.append(logging.Formatter().formatException(record.exc_info))
        return "\n".join(out)


@pytest.fixture
def app_log():
    """What the apps wrote to the server's log during the test (qikit.apps does not
    propagate to the root logger, so pytest's caplog cannot see it)."""
    handler = _Records()
    LOG.addHandler(handler)
    try:
        yield handler
    finally:
        LOG.removeHandler(handler)


@pytest.fixture
def store_path(tmp_path, monkeypatch):
    """A fresh cohort store chosen through QIKIT_STORE, as a workshop would."""
    path = tmp_path / "workshop.sqlite3"
    monkeypatch.setenv("QIKIT_STORE", str(path))
    return path
