"""Where the cohort store lives and how qikit talks to it.

:func:`resolve_url` turns what the user gave (nothing, a path, or a SQLAlchemy URL)
into a database URL; :func:`create_store_engine` builds the SQLAlchemy engine; and
:func:`run_in_transaction` runs a unit of work in one transaction, retrying it when
the database is busy.

SQLite settings
---------------
Every SQLite connection is set up with:

``journal_mode=WAL``
    Write-ahead logging: readers never block the writer and the writer never blocks
    readers, so a trainer's board refreshes while learners save. A transaction is
    either in the log completely or not at all, so a killed process cannot leave
    half a batch behind.
``foreign_keys=ON``
    SQLite does not check foreign keys unless asked, per connection.
``busy_timeout``
    A writer waits (up to :data:`BUSY_TIMEOUT_MS`) for the one write lock instead of
    failing at once.
``synchronous=FULL``
    Each commit is flushed to disk before qikit reports success. With WAL,
    ``NORMAL`` is also safe from corruption and survives a crashed or killed
    process, but may lose the last commits in a power cut or operating-system
    crash. A learner who has been told "saved" should never lose that save, and
    the store's writes are small and infrequent (a workshop, not a web shop), so
    the extra flush is worth it. ``bench/bench_store.py`` measures the cost: with
    30 writers appending one point per transaction, about 170 commits a second
    with ``FULL`` against 480 with ``NORMAL`` on a small cloud machine; a workshop
    of 30 learners typing values makes a few a second.

Write transactions start with ``BEGIN IMMEDIATE``, which takes the write lock at
the start. With a plain (deferred) ``BEGIN`` a transaction that reads and then
writes can fail with "database is locked" without waiting, because its snapshot is
already stale; with ``IMMEDIATE`` it waits in the busy handler instead. Should the
wait still time out, :func:`run_in_transaction` rolls back and tries again with a
bounded, randomised back-off, so concurrent writers lose nothing.

Another database
----------------
Any SQLAlchemy URL works, such as ``postgresql+psycopg://user:pw@host/qikit``: the
store uses SQLAlchemy Core only and no SQLite-specific SQL, the SQLite settings
above are applied only to SQLite, and on PostgreSQL a serialisation failure or
deadlock is retried like a busy SQLite database.

Examples
--------
>>> from qikit.store.engine import resolve_url
>>> resolve_url("/tmp/cohort.sqlite3")
'sqlite+pysqlite:////tmp/cohort.sqlite3'
>>> resolve_url("postgresql+psycopg://qikit@localhost/qikit")
'postgresql+psycopg://qikit@localhost/qikit'
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.pool import StaticPool

from qikit._validate import fail
from qikit.errors import StoreError

__all__ = [
    "BUSY_TIMEOUT_MS",
    "ENV_VAR",
    "MAX_ATTEMPTS",
    "SYNCHRONOUS",
    "create_store_engine",
    "default_store_path",
    "describe",
    "location_argument",
    "resolve_url",
    "run_in_transaction",
]

#: The environment variable that names the store: a path or a SQLAlchemy URL.
ENV_VAR = "QIKIT_STORE"

#: How long one SQLite connection waits for the write lock (milliseconds).
BUSY_TIMEOUT_MS = 10_000

#: SQLite's ``synchronous`` setting for new connections (see the module notes).
SYNCHRONOUS = "FULL"

#: How many times a unit of work is tried when the database stays busy.
MAX_ATTEMPTS = 8

#: First and longest pause between attempts (seconds); randomised by +/-50%.
FIRST_BACKOFF_S = 0.05
MAX_BACKOFF_S = 2.0

_T = TypeVar("_T")


def default_store_path() -> Path:
    """The store used when neither an argument nor ``QIKIT_STORE`` names one.

    ``~/.qikit/store.sqlite3`` in the user's home folder.
    """
    return Path.home() / ".qikit" / "store.sqlite3"


def location_argument(url_or_path: str | os.PathLike[str] | None = None) -> str:
    """What messages about the store's location name: what chose the store.

    ``"QIKIT_STORE"`` when the environment variable chose it (no argument given),
    else ``"url_or_path"`` (the argument, or its default).

    Examples
    --------
    >>> location_argument("cohort.sqlite3")
    'url_or_path'
    """
    if url_or_path is None and os.environ.get(ENV_VAR, "").strip():
        return ENV_VAR
    return "url_or_path"


def _fix(argument: str, fix: str) -> str:
    if argument == ENV_VAR:
        fix += (
            f" Change the {ENV_VAR} environment variable, or remove it to use "
            f"{str(default_store_path())!r}."
        )
    return fix


def resolve_url(url_or_path: str | os.PathLike[str] | None = None) -> str:
    """Return the database URL for a path, a URL, ``QIKIT_STORE`` or the default.

    Parameters
    ----------
    url_or_path : str or path-like, optional
        A SQLAlchemy URL (anything containing ``://``) or the path of a SQLite file.
        ``None`` reads the ``QIKIT_STORE`` environment variable (a path or a URL)
        and falls back to :func:`default_store_path`.

    Returns
    -------
    str
        A SQLAlchemy URL; SQLite paths are made absolute.

    Raises
    ------
    InputError
        When the argument (or ``QIKIT_STORE``) is neither a path nor a URL; the
        message names whichever was used.
    """
    argument = location_argument(url_or_path)
    if url_or_path is None:
        env = os.environ.get(ENV_VAR, "").strip()
        url_or_path = env if env else default_store_path()
    if isinstance(url_or_path, os.PathLike):
        url_or_path = os.fspath(url_or_path)
    if not isinstance(url_or_path, str) or not url_or_path.strip():
        raise fail(
            argument,
            "expected the path of a store file or a database URL",
            url_or_path,
            _fix(
                argument,
                "For example 'cohort.sqlite3' or "
                "'postgresql+psycopg://user@server/qikit'.",
            ),
        )
    text = url_or_path.strip()
    if "\x00" in text:
        raise fail(
            argument,
            "a path cannot contain a NUL character",
            text,
            _fix(argument, "Retype the path."),
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise fail(
            argument,
            "holds a character that is not ordinary text",
            text,
            _fix(argument, "Retype the path rather than pasting it."),
        ) from None
    if "://" in text:
        try:
            url = sa.make_url(text)
        except (exc.ArgumentError, ValueError) as error:
            raise fail(
                argument,
                f"is not a database URL that qikit understands ({error})",
                text,
                _fix(
                    argument,
                    "Use a path such as 'cohort.sqlite3' or a URL such as "
                    "'postgresql+psycopg://user@server/qikit'.",
                ),
            ) from None
        return url.render_as_string(hide_password=False)
    path = Path(text).expanduser()
    if path.is_dir():
        raise fail(
            argument,
            "this is a folder, not a file",
            text,
            _fix(argument, "Name a file inside it, such as 'cohort.sqlite3'."),
        )
    return sa.URL.create(
        "sqlite+pysqlite", database=str(path.absolute())
    ).render_as_string(hide_password=False)


def describe(url: str | sa.URL) -> str:
    """Name a store for messages: the file of a SQLite store, or the URL with the
    password hidden."""
    url = sa.make_url(url)
    if url.get_backend_name() == "sqlite" and url.database not in (
        None,
        "",
        ":memory:",
    ):
        return repr(url.database)
    return repr(url.render_as_string(hide_password=True))


def _sqlite_path(url: sa.URL) -> Path | None:
    if url.get_backend_name() != "sqlite":
        return None
    if url.database in (None, "", ":memory:") or url.database.startswith("file:"):
        return None
    return Path(url.database)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def create_store_engine(url: str, *, argument: str = "url_or_path") -> sa.Engine:
    """Build the engine for ``url`` with the settings described in this module.

    The folder of a SQLite file is created when missing. ``argument`` is what a
    message names as the source of ``url`` (see :func:`location_argument`).

    Raises
    ------
    InputError
        When the URL names a database driver that is not installed.
    StoreError
        When the folder of a SQLite file cannot be created.
    """
    parsed = sa.make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    path = _sqlite_path(parsed)
    kwargs: dict[str, Any] = {"json_serializer": _dumps}
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"Cannot create the folder {str(path.parent)!r} for the cohort store "
                f"({error.strerror or error}). Choose a folder you can write to, with "
                f"open_store(path) or the {ENV_VAR} environment variable."
            ) from error
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    elif sqlite:  # an in-memory database: one connection shared by all users
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (ImportError, exc.NoSuchModuleError, exc.ArgumentError) as error:
        raise fail(
            argument,
            f"the database driver for this URL is not available ({error})",
            parsed.render_as_string(hide_password=True),
            _fix(
                argument,
                "Install the driver, such as `pip install psycopg` for PostgreSQL, "
                "or use a SQLite file path.",
            ),
        ) from None
    if sqlite:
        _configure_sqlite(engine, wal=path is not None)
    return engine


def _configure_sqlite(engine: sa.Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin
        # (see the "begin" hook below); PRAGMAs then run outside any transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            if SYNCHRONOUS in ("FULL", "NORMAL", "EXTRA", "OFF"):  # constants only
                cursor.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("qikit_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _is_busy(error: exc.DBAPIError) -> bool:
    """True for errors that go away when the transaction is simply tried again."""
    message = str(error.orig).lower()
    if "database is locked" in message or "database is busy" in message:
        return True
    if "database table is locked" in message:
        return True
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in ("40001", "40P01")  # serialisation failure, deadlock (PostgreSQL)


def store_error(error: exc.SQLAlchemyError, location: str, action: str) -> StoreError:
    """Translate a database error into a :class:`StoreError` a person can act on."""
    message = str(getattr(error, "orig", None) or error).lower()
    if "unable to open database file" in message:
        text = (
            f"Cannot open the cohort store {location}: the file or its folder cannot "
            "be reached or created. Check the path, or choose a folder you can write "
            f"to with open_store(path) or the {ENV_VAR} environment variable."
        )
    elif "file is not a database" in message or "not a database" in message:
        text = (
            f"{location} is not a qikit cohort store (it is not a SQLite database). "
            "Choose another file name; qikit did not change this file."
        )
    elif "readonly" in message or "read-only" in message:
        text = (
            f"Cannot {action}: the cohort store {location} is read-only. Ask whoever "
            "manages the computer for write access, or use a copy of the store."
        )
    elif "disk is full" in message or "disk full" in message:
        text = (
            f"Cannot {action}: the disk holding the cohort store {location} is full. "
            "Free some space and try again; nothing was half-saved."
        )
    elif "malformed" in message or "corrupt" in message:
        text = (
            f"Cannot {action}: the cohort store {location} is damaged. Restore it "
            "from a backup, or ask your trainer; do not delete it."
        )
    elif isinstance(error, exc.DBAPIError) and _is_busy(error):
        text = (
            f"Cannot {action}: the cohort store {location} stayed busy with other "
            "people's changes. Nothing was saved; wait a moment and try again."
        )
    elif isinstance(error, exc.InterfaceError) or (
        isinstance(error, exc.OperationalError)
        and any(w in message for w in ("connect", "server", "timeout", "host"))
    ):
        text = (
            f"Cannot {action}: the cohort store {location} is not reachable "
            f"({getattr(error, 'orig', error)}). Check that the database is running "
            "and the connection details are right, then try again."
        )
    else:
        text = (
            f"Cannot {action}: the cohort store {location} reported a problem "
            f"({type(getattr(error, 'orig', error)).__name__}: "
            f"{getattr(error, 'orig', error)}). Nothing was saved; report this to "
            "your trainer."
        )
    result = StoreError(text)
    result.__cause__ = error
    return result


def run_in_transaction(
    engine: sa.Engine,
    work: Callable[[sa.Connection], _T],
    *,
    write: bool,
    location: str,
    action: str,
    attempts: int | None = None,
) -> _T:
    """Run ``work(conn)`` in one transaction and return its result.

    The transaction commits when ``work`` returns and rolls back when it raises.
    When the database is busy (or, on PostgreSQL, reports a serialisation failure
    or deadlock), or when a concurrent writer created the same row first, the whole
    unit of work is rolled back and run again, up to ``attempts`` times (default
    :data:`MAX_ATTEMPTS`), with a
    randomised exponential back-off. ``work`` must therefore do all its reading
    inside the transaction.

    Raises
    ------
    StoreError
        When the database fails, or stays busy after every attempt.
    """
    attempts = MAX_ATTEMPTS if attempts is None else attempts
    bind = engine
    if write and not engine.get_execution_options().get("qikit_write"):
        bind = engine.execution_options(qikit_write=True)
    delay = FIRST_BACKOFF_S
    for attempt in range(1, attempts + 1):
        try:
            with bind.begin() as conn:
                return work(conn)
        except exc.IntegrityError as error:
            # Two writers created the same name at once: the retry finds the row.
            if attempt >= min(attempts, 3):
                raise store_error(error, location, action) from error
        except exc.DBAPIError as error:
            if not _is_busy(error) or attempt == attempts:
                raise store_error(error, location, action) from error
        except exc.SQLAlchemyError as error:
            raise store_error(error, location, action) from error
        time.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, MAX_BACKOFF_S)
    raise AssertionError("unreachable")  # pragma: no cover
