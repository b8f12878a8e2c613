"""The plumbing every part of the :class:`~qikit.store.Store` shares (private).

:class:`StoreBase` holds the engine, runs each call in one transaction
(:meth:`~StoreBase._read`, :meth:`~StoreBase._write`), upgrades an older store when it
is opened, and looks cohorts, teams, learners and projects up by name inside a
transaction, with a "not found" message that lists the names stored. The resources
(:mod:`~qikit.store._people`, :mod:`~qikit.store._projects`,
:mod:`~qikit.store._measures`, :mod:`~qikit.store._pdsa`, :mod:`~qikit.store._games`,
:mod:`~qikit.store._overview`) are mixins built on it; :class:`qikit.store.Store`
composes them.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self, TypeVar

import pandas as pd
import sqlalchemy as sa

from qikit._validate import fail
from qikit.errors import NotFoundError
from qikit.store.engine import describe, run_in_transaction
from qikit.store.migrations import migrate, stored_version
from qikit.store.schema import SCHEMA_VERSION, cohorts, learners, projects, teams

__all__ = [
    "LIST_NAMES",
    "StoreBase",
    "rows_frame",
    "utc_columns",
    "utc_now",
    "warn_old_order",
]

_T = TypeVar("_T")

#: How many stored names a "not found" message lists.
LIST_NAMES = 12

# Counting one more change to a project is on the busiest path: built once.
_TOUCH = (
    projects.update()
    .where(projects.c.id == sa.bindparam("project_id"))
    .values(revision=projects.c.revision + 1, updated_at=sa.bindparam("now"))
)


def utc_now() -> dt.datetime:
    """The time now, timezone-aware UTC (as every time is stored)."""
    return dt.datetime.now(dt.UTC)


def rows_frame(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns`` (also when there are none)."""
    return pd.DataFrame([dict(row) for row in rows], columns=columns)


def utc_columns(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Times come back naive (UTC) from SQLite and aware from PostgreSQL: make all
    of them timezone-aware UTC."""
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def warn_old_order(method: str, old: str, new: str) -> None:
    """Warn that ``store.method(old)`` is the argument order of qikit 0.1.

    Called by a :class:`~qikit.store.Store` method that has recognised the old order
    by the types of its arguments (and swapped them), so the warning points at the
    caller's line.
    """
    warnings.warn(
        f"store.{method}({old}) is the old order of the arguments: write "
        f"store.{method}({new}). What is stored comes first, then where it goes, as "
        "in qikit.improve.save_project(project, path). The old order stops working "
        "in qikit's next release.",
        DeprecationWarning,
        stacklevel=3,
    )


class StoreBase:
    """The engine, transactions and lookups under every resource of the store."""

    def __init__(self, engine: sa.Engine, *, location: str | None = None) -> None:
        self._engine = engine
        self._writer = engine.execution_options(qikit_write=True)
        self._location = location or describe(engine.url)
        self._migrate()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The database URL, with any password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine, for tools that need it (backups, reports)."""
        return self._engine

    @property
    def schema_version(self) -> int:
        """The schema version of the store (after opening, always the latest)."""
        return self._read(lambda conn: stored_version(conn) or 0, "read the version")

    def close(self) -> None:
        """Close every connection to the database. The store can be opened again."""
        self._engine.dispose()

    def _write(self, work: Callable[[sa.Connection], _T], action: str) -> _T:
        return run_in_transaction(
            self._writer, work, write=True, location=self._location, action=action
        )

    def _read(self, work: Callable[[sa.Connection], _T], action: str) -> _T:
        return run_in_transaction(
            self._engine, work, write=False, location=self._location, action=action
        )

    def _migrate(self) -> None:
        version = self._read(stored_version, "open the store")
        if version != SCHEMA_VERSION:
            self._write(
                lambda conn: migrate(conn, location=self._location),
                "upgrade the store",
            )

    # Lookups, inside a transaction.
    def _missing(
        self,
        conn: sa.Connection,
        argument: str,
        name: str,
        column: sa.Column,
        where: Any,
        scope: str,
        hint: str,
    ) -> NotFoundError:
        query = sa.select(column).where(where).order_by(column).limit(LIST_NAMES + 1)
        known = [row[0] for row in conn.execute(query)]
        what = argument.replace("_", " ")
        if known:
            listed = ", ".join(repr(k) for k in known[:LIST_NAMES])
            more = ", ..." if len(known) > LIST_NAMES else ""
            tail = f"The {what}s {scope} are: {listed}{more}. Check the spelling."
        else:
            tail = f"There are no {what}s {scope} yet. {hint}"
        return fail(
            argument, f"no {what} of this name {scope}", name, tail, error=NotFoundError
        )

    def _cohort_id(self, conn: sa.Connection, name: str, create: bool) -> int:
        row = conn.execute(
            sa.select(cohorts.c.id).where(cohorts.c.name == name)
        ).first()
        if row is not None:
            return row.id
        if not create:
            raise self._missing(
                conn,
                "cohort",
                name,
                cohorts.c.name,
                sa.true(),
                "in this store",
                "Create one with store.get_or_create_cohort(name).",
            )
        insert = cohorts.insert().values(name=name, created_at=utc_now())
        return conn.execute(insert).inserted_primary_key[0]

    def _team_id(
        self, conn: sa.Connection, cohort_id: int, name: str, create: bool
    ) -> int:
        query = sa.select(teams.c.id).where(
            teams.c.cohort_id == cohort_id, teams.c.name == name
        )
        row = conn.execute(query).first()
        if row is not None:
            return row.id
        if not create:
            raise self._missing(
                conn,
                "team",
                name,
                teams.c.name,
                teams.c.cohort_id == cohort_id,
                "in this cohort",
                "Create one with store.get_or_create_team(cohort, name).",
            )
        insert = teams.insert().values(
            cohort_id=cohort_id, name=name, created_at=utc_now()
        )
        return conn.execute(insert).inserted_primary_key[0]

    def _learner_id(
        self,
        conn: sa.Connection,
        cohort_id: int,
        name: str,
        team_id: int | None,
    ) -> int:
        """Find or create a learner; a team given moves the learner into it."""
        query = sa.select(learners.c.id, learners.c.team_id).where(
            learners.c.cohort_id == cohort_id, learners.c.name == name
        )
        row = conn.execute(query).first()
        if row is not None:
            if team_id is not None and row.team_id != team_id:
                conn.execute(
                    learners.update()
                    .where(learners.c.id == row.id)
                    .values(team_id=team_id)
                )
            return row.id
        insert = learners.insert().values(
            cohort_id=cohort_id, team_id=team_id, name=name, created_at=utc_now()
        )
        return conn.execute(insert).inserted_primary_key[0]

    def _project_row(
        self, conn: sa.Connection, team_id: int, name: str, argument: str = "project"
    ) -> sa.Row:
        query = sa.select(projects).where(
            projects.c.team_id == team_id,
            sa.or_(projects.c.name == name, projects.c.key == name),
        )
        rows = conn.execute(query.order_by(projects.c.name != name)).all()
        if rows:
            return rows[0]
        raise self._missing(
            conn,
            argument,
            name,
            projects.c.name,
            projects.c.team_id == team_id,
            "in this team",
            "Save one with store.save_project(project, cohort, team).",
        )

    def _project(
        self, conn: sa.Connection, cohort: str, team: str, project: str
    ) -> sa.Row:
        cohort_id = self._cohort_id(conn, cohort, create=False)
        team_id = self._team_id(conn, cohort_id, team, create=False)
        return self._project_row(conn, team_id, project)

    @staticmethod
    def _touch(conn: sa.Connection, project_id: int) -> None:
        """Count one more change to a project."""
        conn.execute(_TOUCH, {"project_id": project_id, "now": utc_now()})
