"""Database errors in plain English, and retries when the database is busy."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from qikit.store import StoreError, engine
from qikit.store.engine import run_in_transaction, store_error

WHERE = "'/data/cohort.sqlite3'"


def _error(message: str, cls=sa.exc.OperationalError, orig=sqlite3.OperationalError):
    return cls("INSERT ...", {}, orig(message))


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            _error("unable to open database file"),
            "Cannot open the cohort store '/data/cohort.sqlite3': the file or its "
            "folder cannot be reached or created. Check the path, or choose a folder "
            "you can write to with open_store(path) or the QIKIT_STORE environment "
            "variable.",
        ),
        (
            _error(
                "file is not a database", sa.exc.DatabaseError, sqlite3.DatabaseError
            ),
            "'/data/cohort.sqlite3' is not a qikit cohort store (it is not a SQLite "
            "database). Choose another file name; qikit did not change this file.",
        ),
        (
            _error("attempt to write a readonly database"),
            "Cannot save the project: the cohort store '/data/cohort.sqlite3' is "
            "read-only. Ask whoever manages the computer for write access, or use a "
            "copy of the store.",
        ),
        (
            _error("database or disk is full"),
            "Cannot save the project: the disk holding the cohort store "
            "'/data/cohort.sqlite3' is full. Free some space and try again; nothing "
            "was half-saved.",
        ),
        (
            _error("database disk image is malformed", sa.exc.DatabaseError),
            "Cannot save the project: the cohort store '/data/cohort.sqlite3' is "
            "damaged. Restore it from a backup, or ask your trainer; do not delete it.",
        ),
        (
            _error("database is locked"),
            "Cannot save the project: the cohort store '/data/cohort.sqlite3' stayed "
            "busy with other people's changes. Nothing was saved; wait a moment and "
            "try again.",
        ),
        (
            _error("connection refused"),
            "Cannot save the project: the cohort store '/data/cohort.sqlite3' is not "
            "reachable (connection refused). Check that the database is running and "
            "the connection details are right, then try again.",
        ),
        (
            _error(
                "CHECK constraint failed", sa.exc.IntegrityError, sqlite3.IntegrityError
            ),
            "Cannot save the project: the cohort store '/data/cohort.sqlite3' "
            "reported a problem (IntegrityError: CHECK constraint failed). Nothing was "
            "saved; report this to your trainer.",
        ),
    ],
)
def test_database_errors_in_plain_english(error, message):
    translated = store_error(error, WHERE, "save the project")
    assert isinstance(translated, StoreError)
    assert str(translated) == message.replace("'/data/cohort.sqlite3'", WHERE)
    assert translated.__cause__ is error


def _hold_write_lock(path, seconds: float, ready: threading.Event) -> None:
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    ready.set()
    time.sleep(seconds)
    raw.execute("ROLLBACK")
    raw.close()


def test_busy_database_is_retried_then_reported(store, monkeypatch):
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(engine, "FIRST_BACKOFF_S", 0.01)
    store.close()  # new connections pick up the short busy timeout
    path = store.engine.url.database
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 0.4, ready))
    holder.start()
    ready.wait(5)
    started = time.monotonic()
    assert store.get_or_create_team("Spring", "Ward 3") == 1  # waited and retried
    assert time.monotonic() - started >= 0.2
    holder.join()

    ready.clear()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 1.5, ready))
    holder.start()
    ready.wait(5)
    monkeypatch.setattr(engine, "MAX_ATTEMPTS", 3)
    with pytest.raises(StoreError, match="stayed busy with other people's changes"):
        store.get_or_create_team("Spring", "Ward 4")
    holder.join()
    assert store.list_teams("Spring")["team"].tolist() == ["Ward 3"]


def test_other_errors_are_not_retried(store):
    calls = []

    def work(conn):
        calls.append(1)
        conn.exec_driver_sql("SELECT * FROM no_such_table")

    with pytest.raises(StoreError, match=r"reported a problem \(OperationalError: no"):
        run_in_transaction(
            store.engine, work, write=True, location=WHERE, action="read"
        )
    assert calls == [1]


def test_concurrent_creation_of_one_name_is_retried(store):
    calls = []

    def work(conn):
        calls.append(1)
        if len(calls) == 1:  # as if another writer had just inserted the same name
            raise sa.exc.IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE"))
        return "found"

    found = run_in_transaction(
        store.engine, work, write=True, location=WHERE, action="x"
    )
    assert found == "found"
    assert calls == [1, 1]
