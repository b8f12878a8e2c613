"""Schema migrations of the cohort store.

A store records in its ``schema_version`` table every migration applied to it. Opening
a store applies the missing migrations in order, all inside one transaction, so a
store is either fully upgraded or left as it was. A new store is built by the same
migrations, so a new store and an upgraded one are alike (a test checks it against
:mod:`qikit.store.schema`).

Each migration describes its tables as they were *at that version* (frozen), never
by importing the latest tables, so that old migrations keep working when the schema
moves on.

To change the schema: append a migration to :data:`MIGRATIONS`, update
:mod:`qikit.store.schema` and :data:`~qikit.store.schema.SCHEMA_VERSION`, and add a
test that builds a store of the previous version by hand and opens it.

Examples
--------
>>> from qikit.store.migrations import MIGRATIONS
>>> [(m.version, m.description) for m in MIGRATIONS]  # doctest: +NORMALIZE_WHITESPACE
[(1, 'cohorts, teams, learners, projects, measures, data points, PDSA cycles'),
 (2, 'game results; who recorded each data point; indexes for the trainer board')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from qikit.errors import StoreError
from qikit.store.schema import SCHEMA_VERSION

__all__ = ["MIGRATIONS", "Migration", "migrate", "stored_version"]

# A fixed key for PostgreSQL's advisory lock, so that two servers starting at once
# do not both migrate ("qikit" in ASCII).
_PG_LOCK_KEY = 0x71696B6974


@dataclass(frozen=True)
class Migration:
    """One step of the schema: the version it produces and how to get there."""

    version: int
    description: str
    apply: Callable[[sa.Connection], None]


def _json() -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


def _meta() -> sa.MetaData:
    return sa.MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _fk(column: str, target: str, ondelete: str, *, nullable: bool) -> sa.Column:
    return sa.Column(
        column, sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def _when() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def _v1(conn: sa.Connection) -> None:
    """Version 1: the core tables (frozen as they were in version 1)."""
    m = _meta()
    name = sa.String(200)
    sa.Table(
        "schema_version",
        m,
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("description", name, nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "cohorts",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", name, nullable=False),
        _when(),
        sa.UniqueConstraint("name"),
    )
    sa.Table(
        "teams",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("cohort_id", "cohorts.id", "CASCADE", nullable=False),
        sa.Column("name", name, nullable=False),
        _when(),
        sa.UniqueConstraint("cohort_id", "name"),
    )
    sa.Table(
        "learners",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("cohort_id", "cohorts.id", "CASCADE", nullable=False),
        _fk("team_id", "teams.id", "SET NULL", nullable=True),
        sa.Column("name", name, nullable=False),
        _when(),
        sa.UniqueConstraint("cohort_id", "name"),
        sa.Index(None, "team_id"),
    )
    sa.Table(
        "projects",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("team_id", "teams.id", "CASCADE", nullable=False),
        sa.Column("key", name, nullable=False),
        sa.Column("name", name, nullable=False),
        sa.Column("document", _json(), nullable=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("document_revision", sa.Integer, nullable=False),
        _when(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("team_id", "key"),
        sa.UniqueConstraint("team_id", "name"),
    )
    sa.Table(
        "measures",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("project_id", "projects.id", "CASCADE", nullable=False),
        sa.Column("key", name, nullable=False),
        sa.Column("name", name, nullable=False),
        sa.Column("kind", name, nullable=True),
        sa.Column("unit", name, nullable=True),
        sa.Column("x_type", sa.String(8), nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("document", _json(), nullable=True),
        _when(),
        sa.UniqueConstraint("project_id", "key"),
    )
    sa.Table(
        "data_points",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("measure_id", "measures.id", "CASCADE", nullable=False),
        sa.Column("x", sa.String(64), nullable=False),
        sa.Column("y", sa.Float, nullable=True),
        sa.Column("n", sa.Float, nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index(None, "measure_id", "x"),
    )
    sa.Table(
        "pdsa_cycles",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("project_id", "projects.id", "CASCADE", nullable=False),
        sa.Column("key", name, nullable=False),
        sa.Column("change_idea", sa.Text, nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("document", _json(), nullable=False),
        sa.Column("started_on", sa.Date, nullable=True),
        sa.Column("finished_on", sa.Date, nullable=True),
        _when(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("project_id", "key"),
    )
    m.create_all(conn)


def _v2(conn: sa.Connection) -> None:
    """Version 2: game results, ``data_points.recorded_by`` and trainer indexes."""
    m = _meta()
    # Stubs of the version 1 tables that the new foreign keys and indexes refer to.
    sa.Table("cohorts", m, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("teams", m, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("learners", m, sa.Column("id", sa.Integer, primary_key=True))
    points = sa.Table(
        "data_points",
        m,
        sa.Column("measure_id", sa.Integer),
        sa.Column("recorded_at", sa.DateTime(timezone=True)),
    )
    cycles = sa.Table(
        "pdsa_cycles",
        m,
        sa.Column("project_id", sa.Integer),
        sa.Column("change_idea", sa.Text),
    )
    games = sa.Table(
        "game_results",
        m,
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("cohort_id", "cohorts.id", "CASCADE", nullable=False),
        _fk("team_id", "teams.id", "CASCADE", nullable=True),
        _fk("learner_id", "learners.id", "CASCADE", nullable=True),
        sa.Column("game", sa.String(200), nullable=False),
        sa.Column("round", sa.Integer, nullable=True),
        sa.Column("payload", _json(), nullable=False),
        _when(),
        sa.Index(None, "cohort_id", "game", "round"),
        sa.Index(None, "team_id"),
        sa.Index(None, "learner_id"),
    )
    games.create(conn)
    # Core has no ADD COLUMN construct; the statement is a constant, with the type
    # compiled for the database in use (no user text is involved).
    varchar = sa.String(200).compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE data_points ADD COLUMN recorded_by {varchar}")
    sa.Index(None, points.c.measure_id, points.c.recorded_at).create(conn)
    sa.Index(None, cycles.c.project_id, cycles.c.change_idea).create(conn)


#: Every migration, in the order applied. Never edit one that has been released.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1, "cohorts, teams, learners, projects, measures, data points, PDSA cycles", _v1
    ),
    Migration(
        2,
        "game results; who recorded each data point; indexes for the trainer board",
        _v2,
    ),
)

if MIGRATIONS[-1].version != SCHEMA_VERSION:  # pragma: no cover - a developer slip
    raise RuntimeError("qikit.store: SCHEMA_VERSION and MIGRATIONS disagree")


def stored_version(conn: sa.Connection) -> int | None:
    """Return the schema version of the store behind ``conn``.

    Returns 0 for an empty database (nothing to upgrade, everything to create) and
    ``None`` for a database that has tables but is not a qikit store.
    """
    inspector = sa.inspect(conn)
    names = set(inspector.get_table_names())
    if "schema_version" not in names:
        return 0 if not names else None
    found = conn.execute(sa.text("SELECT max(version) FROM schema_version")).scalar()
    return int(found or 0)


def migrate(conn: sa.Connection, *, location: str = "the store") -> list[int]:
    """Bring the store behind ``conn`` up to :data:`SCHEMA_VERSION`.

    Call inside a write transaction (the store does): the migrations and their
    ``schema_version`` rows are then committed together or not at all.

    Parameters
    ----------
    conn
        A connection with an open transaction.
    location
        How to name the store in error messages (its path or URL, password hidden).

    Returns
    -------
    list of int
        The versions applied (empty when the store was already up to date).

    Raises
    ------
    StoreError
        The database holds other tables and is not a qikit store, or it was written by
        a newer qikit.
    """
    if conn.dialect.name == "postgresql":  # pragma: no cover - not tested here yet
        lock = sa.text("SELECT pg_advisory_xact_lock(:key)")
        conn.execute(lock, {"key": _PG_LOCK_KEY})
    current = stored_version(conn)
    if current is None:
        raise StoreError(
            f"{location} is a database, but not a qikit cohort store (it has no "
            "schema_version table). Choose another file, or an empty database, for "
            "the cohort store."
        )
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{location} was written by a newer version of qikit (store schema version "
            f"{current}; this qikit understands versions up to {SCHEMA_VERSION}). "
            "Update qikit (pip install --upgrade qikit) to open it; nothing was "
            "changed."
        )
    applied = []
    record = sa.table(
        "schema_version",
        sa.column("version", sa.Integer),
        sa.column("description", sa.String),
        sa.column("applied_at", sa.DateTime(timezone=True)),
    ).insert()
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        migration.apply(conn)
        conn.execute(
            record,
            {
                "version": migration.version,
                "description": migration.description,
                "applied_at": datetime.now(UTC).replace(tzinfo=None),
            },
        )
        applied.append(migration.version)
    return applied
