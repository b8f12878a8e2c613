"""The tables of the cohort store, as explicit SQLAlchemy Core metadata.

This module describes the *latest* schema (:data:`SCHEMA_VERSION`). Stores are built
and upgraded only by the migrations in :mod:`qikit.store.migrations`; a test checks
that a store built by the migrations has exactly these tables, columns, keys and
indexes.

Tables
------
``cohorts``
    One row per training cohort (``name`` unique).
``teams``
    Teams of a cohort; ``name`` unique within the cohort.
``learners``
    Learners of a cohort; ``name`` unique within the cohort; optional ``team_id``.
``projects``
    One row per improvement project of a team: ``key`` (the project's ``id``) and
    ``name`` are each unique within the team. The project's JSON document (the
    content of a ``.qiproj.json`` file, see :mod:`qikit.improve.projectfile`) is kept
    in ``document``;
    ``revision`` counts every change to the project, its measures' data or its PDSA
    cycles, and ``document_revision`` is the revision at which ``document`` was saved.
``measures``
    The measures of a project, keyed by the measure's stable ``key`` (its ``id``);
    ``x_type`` says what its ``x`` values are (``"date"``, ``"datetime"``,
    ``"number"`` or ``"text"``, as in ``Measure.to_dict()``; empty until it has
    data) and ``document`` holds the measure without its data.
``data_points``
    One row per value of a measure: ``x`` as text (ISO 8601 for dates), ``y``,
    ``n``, ``recorded_at`` (UTC) and ``recorded_by``.
``pdsa_cycles``
    PDSA cycles of a project, keyed by the cycle's ``key`` (its ``id``), with the
    change idea they test, the cycle's JSON document and its dates.
``game_results``
    Results of workshop games (red beads, funnel, ...): cohort, optional team and
    learner, game name, round and a JSON payload.
``schema_version``
    One row per migration applied.

All times are stored in UTC. Deleting a cohort deletes everything in it
(``ON DELETE CASCADE``); deleting a team leaves its learners without a team.

Examples
--------
>>> from qikit.store.schema import SCHEMA_VERSION, metadata
>>> SCHEMA_VERSION
2
>>> sorted(metadata.tables)  # doctest: +NORMALIZE_WHITESPACE
['cohorts', 'data_points', 'game_results', 'learners', 'measures', 'pdsa_cycles',
 'projects', 'schema_version', 'teams']
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

__all__ = [
    "NAME_LENGTH",
    "SCHEMA_VERSION",
    "JSONDoc",
    "cohorts",
    "data_points",
    "game_results",
    "learners",
    "measures",
    "metadata",
    "pdsa_cycles",
    "projects",
    "schema_version",
    "teams",
]

#: The schema version this qikit writes; older stores are migrated up to it.
SCHEMA_VERSION = 2

#: Longest name (cohort, team, learner, project, measure, game) the store accepts.
NAME_LENGTH = 200

#: Longest ``x`` value of a data point, as text (an ISO timestamp needs 32).
X_LENGTH = 64

#: JSON documents: ``JSON`` (text) on SQLite, ``JSONB`` on PostgreSQL.
JSONDoc = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)

# Constraint names follow one convention so that every database names them alike.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _name(nullable: bool = False) -> sa.Column:
    return sa.Column("name", sa.String(NAME_LENGTH), nullable=nullable)


def _fk(column: str, target: str, ondelete: str, *, nullable: bool) -> sa.Column:
    """A foreign key column: ``column`` refers to ``target`` (``"table.id"``)."""
    return sa.Column(
        column, sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable
    )


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.String(NAME_LENGTH), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

cohorts = sa.Table(
    "cohorts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _name(),
    _created(),
    sa.UniqueConstraint("name"),
)

teams = sa.Table(
    "teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _fk("cohort_id", "cohorts.id", "CASCADE", nullable=False),
    _name(),
    _created(),
    sa.UniqueConstraint("cohort_id", "name"),
)

learners = sa.Table(
    "learners",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _fk("cohort_id", "cohorts.id", "CASCADE", nullable=False),
    _fk("team_id", "teams.id", "SET NULL", nullable=True),
    _name(),
    _created(),
    sa.UniqueConstraint("cohort_id", "name"),
    sa.Index(None, "team_id"),
)

projects = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _fk("team_id", "teams.id", "CASCADE", nullable=False),
    sa.Column("key", sa.String(NAME_LENGTH), nullable=False),
    _name(),
    sa.Column("document", JSONDoc, nullable=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("document_revision", sa.Integer, nullable=False),
    _created(),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("team_id", "key"),
    sa.UniqueConstraint("team_id", "name"),
)

measures = sa.Table(
    "measures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _fk("project_id", "projects.id", "CASCADE", nullable=False),
    sa.Column("key", sa.String(NAME_LENGTH), nullable=False),
    _name(),
    sa.Column("kind", sa.String(NAME_LENGTH), nullable=True),
    sa.Column("unit", sa.String(NAME_LENGTH), nullable=True),
    sa.Column("x_type", sa.String(8), nullable=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("document", JSONDoc, nullable=True),
    _created(),
    sa.UniqueConstraint("project_id", "key"),
)

data_points = sa.Table(
    "data_points",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _fk("measure_id", "measures.id", "CASCADE", nullable=False),
    sa.Column("x", sa.String(X_LENGTH), nullable=False),
    sa.Column("y", sa.Float, nullable=True),
    sa.Column("n", sa.Float, nullable=True),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_by", sa.String(NAME_LENGTH), nullable=True),  # since v2
    sa.Index(None, "measure_id", "x"),
    sa.Index(None, "measure_id", "recorded_at"),  # since v2: last activity
)

pdsa_cycles = sa.Table(
    "pdsa_cycles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _fk("project_id", "projects.id", "CASCADE", nullable=False),
    sa.Column("key", sa.String(NAME_LENGTH), nullable=False),
    sa.Column("change_idea", sa.Text, nullable=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("document", JSONDoc, nullable=False),
    sa.Column("started_on", sa.Date, nullable=True),
    sa.Column("finished_on", sa.Date, nullable=True),
    _created(),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("project_id", "key"),
    sa.Index(None, "project_id", "change_idea"),  # since v2: ramps per change idea
)

game_results = sa.Table(  # since v2
    "game_results",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _fk("cohort_id", "cohorts.id", "CASCADE", nullable=False),
    _fk("team_id", "teams.id", "CASCADE", nullable=True),
    _fk("learner_id", "learners.id", "CASCADE", nullable=True),
    sa.Column("game", sa.String(NAME_LENGTH), nullable=False),
    sa.Column("round", sa.Integer, nullable=True),
    sa.Column("payload", JSONDoc, nullable=False),
    _created(),
    sa.Index(None, "cohort_id", "game", "round"),
    sa.Index(None, "team_id"),
    sa.Index(None, "learner_id"),
)
