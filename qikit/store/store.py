"""The cohort store: every team's projects, measure data, PDSA cycles and game results.

A trainer runs a cohort of learners in teams. Each team works on one or more
improvement projects; each project has measures with data and a log of PDSA cycles;
workshops add results of games such as the red bead experiment. The store keeps all
of it in one database, so that the trainer sees every team, and learners can carry
on next week from any computer.

>>> store = open_store("cohort.sqlite3")                      # doctest: +SKIP
>>> store.save_project("Spring 2025", "Ward 3", project)      # doctest: +SKIP
>>> store.cohort_overview("Spring 2025")                      # doctest: +SKIP

Cohorts, teams and learners are identified by name: a team's name is unique within
its cohort, a learner's name too. Names are trimmed, and must be 1 to 200
characters of ordinary text on one line. Every value reaches the database as a
bound parameter, never as part of the SQL.

See :mod:`qikit.store.engine` for where the store lives and the SQLite settings,
:mod:`qikit.store.schema` for the tables, and :mod:`qikit.store.migrations` for how
an older store is upgraded. The curriculum module on measurement for improvement
explains why a trainer looks at every team's data over time.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa

from qikit.errors import InputError
from qikit.store import _documents as docs
from qikit.store._validate import (
    clean_name,
    clean_optional_name,
    clean_payload,
    clean_points,
    clean_round,
    fit_points,
    short,
)
from qikit.store.engine import (
    create_store_engine,
    describe,
    resolve_url,
    run_in_transaction,
)
from qikit.store.errors import ConflictError, NotFoundError
from qikit.store.migrations import migrate, stored_version
from qikit.store.schema import (
    SCHEMA_VERSION,
    cohorts,
    data_points,
    game_results,
    learners,
    measures,
    pdsa_cycles,
    projects,
    teams,
)

if TYPE_CHECKING:  # pragma: no cover - for type hints only
    import pandas as pd

    from qikit.improve.pdsa import PDSACycle
    from qikit.improve.project import Project

__all__ = ["Store", "open_store"]

_T = TypeVar("_T")

#: How many stored names a "not found" message lists.
_LIST_NAMES = 12

# Statements of the busiest path (appending points), built once.
_MEASURE = sa.select(measures.c.project_id, measures.c.x_type).where(
    measures.c.id == sa.bindparam("measure_id")
)
_TOUCH = (
    projects.update()
    .where(projects.c.id == sa.bindparam("project_id"))
    .values(revision=projects.c.revision + 1, updated_at=sa.bindparam("now"))
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _frame(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([dict(row) for row in rows], columns=columns)


def _utc(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Times come back naive (UTC) from SQLite and aware from PostgreSQL: make all
    of them timezone-aware UTC."""
    import pandas as pd

    for column in columns:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


class Store:
    """A cohort store: open it with :func:`open_store`.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        An engine made by :func:`qikit.store.engine.create_store_engine`.
    location : str, optional
        How messages name the store (default: from the engine's URL).

    Notes
    -----
    A ``Store`` may be used from several threads; each call runs in its own
    transaction. Do not share one across processes: open the store again in each
    process (and call :meth:`close` when done, or use ``with``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qikit.store import open_store
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = open_store(pathlib.Path(folder.name) / "cohort.sqlite3")
    >>> store.get_or_create_team("Spring 2025", "  Ward 3 ")
    1
    >>> store.list_teams("Spring 2025")[["team", "learners"]]
         team  learners
    0  Ward 3         0
    >>> store.close(); folder.cleanup()
    """

    def __init__(self, engine: sa.Engine, *, location: str | None = None) -> None:
        self._engine = engine
        self._writer = engine.execution_options(qikit_write=True)
        self._location = location or describe(engine.url)
        self._migrate()

    # -- plumbing ---------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __enter__(self) -> Store:
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

    # -- lookups (inside a transaction) -----------------------------------------------
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
        query = sa.select(column).where(where).order_by(column).limit(_LIST_NAMES + 1)
        known = [row[0] for row in conn.execute(query)]
        what = argument.replace("_", " ")
        if known:
            listed = ", ".join(repr(k) for k in known[:_LIST_NAMES])
            more = ", ..." if len(known) > _LIST_NAMES else ""
            tail = f"The {what}s {scope} are: {listed}{more}. Check the spelling."
        else:
            tail = f"There are no {what}s {scope} yet. {hint}"
        return NotFoundError(
            f"`{argument}`: no {what} of this name {scope} (got {short(name)}). {tail}"
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
        insert = cohorts.insert().values(name=name, created_at=_now())
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
            cohort_id=cohort_id, name=name, created_at=_now()
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
            cohort_id=cohort_id, team_id=team_id, name=name, created_at=_now()
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
            "Save one with store.save_project(cohort, team, project).",
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
        conn.execute(_TOUCH, {"project_id": project_id, "now": _now()})

    # -- cohorts, teams, learners -----------------------------------------------------
    def get_or_create_cohort(self, name: str) -> int:
        """Return the id of the cohort called ``name``, creating it if needed.

        Parameters
        ----------
        name : str
            The cohort's name, such as "Spring 2025" (trimmed; 1 to 200 characters).

        Returns
        -------
        int
            The cohort's id in the store.

        Raises
        ------
        InputError
            When ``name`` is not text, is empty, or is longer than 200 characters.
        StoreError
            When the database fails.
        """
        name = clean_name(name, "cohort")
        return self._write(
            lambda conn: self._cohort_id(conn, name, create=True), "create the cohort"
        )

    def get_or_create_team(self, cohort: str, name: str) -> int:
        """Return the id of team ``name`` in ``cohort``, creating both if needed.

        Raises
        ------
        InputError
            When a name is not text, is empty, or is longer than 200 characters.
        StoreError
            When the database fails.
        """
        cohort = clean_name(cohort, "cohort")
        name = clean_name(name, "team")

        def work(conn: sa.Connection) -> int:
            cohort_id = self._cohort_id(conn, cohort, create=True)
            return self._team_id(conn, cohort_id, name, create=True)

        return self._write(work, "create the team")

    def get_or_create_learner(
        self, cohort: str, name: str, *, team: str | None = None
    ) -> int:
        """Return the id of learner ``name`` in ``cohort``, creating it if needed.

        Parameters
        ----------
        cohort : str
            The cohort's name (created if needed).
        name : str
            The learner's name, unique within the cohort.
        team : str, optional
            The learner's team (created if needed). When the learner already
            exists in another team, they are moved to this one.

        Raises
        ------
        InputError
            When a name is not text, is empty, or is longer than 200 characters.
        StoreError
            When the database fails.
        """
        cohort = clean_name(cohort, "cohort")
        name = clean_name(name, "learner")
        team = clean_optional_name(team, "team")

        def work(conn: sa.Connection) -> int:
            cohort_id = self._cohort_id(conn, cohort, create=True)
            team_id = (
                None if team is None else self._team_id(conn, cohort_id, team, True)
            )
            return self._learner_id(conn, cohort_id, name, team_id)

        return self._write(work, "create the learner")

    def list_cohorts(self) -> pd.DataFrame:
        """The cohorts in the store, by name.

        Returns
        -------
        pandas.DataFrame
            Columns ``cohort``, ``teams`` (count), ``learners`` (count) and
            ``created_at`` (UTC).
        """
        n_teams = (
            sa.select(sa.func.count())
            .where(teams.c.cohort_id == cohorts.c.id)
            .scalar_subquery()
        )
        n_learners = (
            sa.select(sa.func.count())
            .where(learners.c.cohort_id == cohorts.c.id)
            .scalar_subquery()
        )
        query = sa.select(
            cohorts.c.name.label("cohort"),
            n_teams.label("teams"),
            n_learners.label("learners"),
            cohorts.c.created_at,
        ).order_by(cohorts.c.name)
        rows = self._read(lambda conn: conn.execute(query).mappings().all(), "list")
        frame = _frame(rows, ["cohort", "teams", "learners", "created_at"])
        return _utc(frame, "created_at")

    def list_teams(self, cohort: str) -> pd.DataFrame:
        """The teams of ``cohort``, by name.

        Returns
        -------
        pandas.DataFrame
            Columns ``team``, ``learners`` (count) and ``created_at`` (UTC).

        Raises
        ------
        NotFoundError
            When there is no such cohort.
        """
        cohort = clean_name(cohort, "cohort")
        n_learners = (
            sa.select(sa.func.count())
            .where(learners.c.team_id == teams.c.id)
            .scalar_subquery()
        )

        def work(conn: sa.Connection) -> list:
            cohort_id = self._cohort_id(conn, cohort, create=False)
            query = (
                sa.select(
                    teams.c.name.label("team"),
                    n_learners.label("learners"),
                    teams.c.created_at,
                )
                .where(teams.c.cohort_id == cohort_id)
                .order_by(teams.c.name)
            )
            return conn.execute(query).mappings().all()

        frame = _frame(
            self._read(work, "list the teams"), ["team", "learners", "created_at"]
        )
        return _utc(frame, "created_at")

    def list_learners(self, cohort: str) -> pd.DataFrame:
        """The learners of ``cohort``, by name.

        Returns
        -------
        pandas.DataFrame
            Columns ``learner``, ``team`` (missing when none) and ``created_at``.

        Raises
        ------
        NotFoundError
            When there is no such cohort.
        """
        cohort = clean_name(cohort, "cohort")

        def work(conn: sa.Connection) -> list:
            cohort_id = self._cohort_id(conn, cohort, create=False)
            query = (
                sa.select(
                    learners.c.name.label("learner"),
                    teams.c.name.label("team"),
                    learners.c.created_at,
                )
                .select_from(learners.outerjoin(teams))
                .where(learners.c.cohort_id == cohort_id)
                .order_by(learners.c.name)
            )
            return conn.execute(query).mappings().all()

        rows = self._read(work, "list the learners")
        return _utc(_frame(rows, ["learner", "team", "created_at"]), "created_at")

    # -- projects ---------------------------------------------------------------------
    def save_project(
        self,
        cohort: str,
        team: str,
        project: Project | Mapping[str, Any],
        *,
        expected_revision: int | None = None,
    ) -> int:
        """Save ``project`` for ``team`` in ``cohort`` (both created if needed).

        The stored project becomes exactly ``project``: its measures and their data,
        and its PDSA cycles, replace what the store held for it (data points that
        did not change keep when and by whom they were recorded). A project is
        matched by its ``id``, so renaming a project and saving it again renames
        the stored one.

        Parameters
        ----------
        cohort, team : str
            Where the project belongs.
        project : Project or dict
            A :class:`qikit.improve.project.Project`, or its ``to_dict()``.
        expected_revision : int, optional
            The revision the caller last loaded (see :meth:`project_revision`; 0 for
            a project that should be new). When given and the store holds another
            revision, nothing is saved and :class:`ConflictError` is raised, so
            that points or cycles added by others since are not overwritten.

        Returns
        -------
        int
            The project's new revision.

        Raises
        ------
        InputError
            When ``project`` is not a project, has no name, or another project of
            the team already has its name.
        ConflictError
            When ``expected_revision`` is given and out of date.
        StoreError
            When the database fails.

        See Also
        --------
        load_project, project_revision, list_projects

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qikit.improve.project import Project
        >>> from qikit.store import open_store
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = open_store(pathlib.Path(folder.name) / "cohort.sqlite3")
        >>> project = Project("Fewer falls on Ward 6", team="Ward 6")
        >>> store.save_project("Spring 2025", "Ward 6", project)
        1
        >>> store.load_project("Spring 2025", "Ward 6", project.name) == project
        True
        >>> store.close(); folder.cleanup()
        """
        cohort = clean_name(cohort, "cohort")
        team = clean_name(team, "team")
        if expected_revision is not None and (
            isinstance(expected_revision, bool)
            or not isinstance(expected_revision, int)
            or expected_revision < 0
        ):
            raise InputError(
                f"`expected_revision`: must be a whole number from 0 up (got "
                f"{short(expected_revision)}). Pass the revision from "
                "store.project_revision(...), or leave it out."
            )
        record = docs.project_record(project)

        def work(conn: sa.Connection) -> int:
            now = _now()
            cohort_id = self._cohort_id(conn, cohort, create=True)
            team_id = self._team_id(conn, cohort_id, team, create=True)
            mine = conn.execute(
                sa.select(projects).where(
                    projects.c.team_id == team_id, projects.c.key == record.key
                )
            ).first()
            clash = conn.execute(
                sa.select(projects.c.id).where(
                    projects.c.team_id == team_id, projects.c.name == record.name
                )
            ).first()
            if clash is not None and (mine is None or clash.id != mine.id):
                raise InputError(
                    f"`project`: team {team!r} already has a different project called "
                    f"{record.name!r} (got {short(record.name)}). Give this project "
                    "another name, or load the stored one with store.load_project() "
                    "and make your changes there."
                )
            current = 0 if mine is None else mine.revision
            if expected_revision is not None and expected_revision != current:
                raise ConflictError(
                    f"Cannot save {record.name!r} for team {team!r}: it changed in the "
                    f"cohort store since you opened it (stored revision {current}; "
                    f"yours is {expected_revision}). Nothing was saved. Load the "
                    "project again, make your change, and save it."
                )
            revision = current + 1
            values = {
                "name": record.name,
                "document": record.document,
                "revision": revision,
                "document_revision": revision,
                "updated_at": now,
            }
            if mine is None:
                insert = projects.insert().values(
                    team_id=team_id, key=record.key, created_at=now, **values
                )
                project_id = conn.execute(insert).inserted_primary_key[0]
            else:
                project_id = mine.id
                conn.execute(
                    projects.update()
                    .where(projects.c.id == project_id)
                    .values(**values)
                )
            self._sync_measures(conn, project_id, record.measures, now)
            self._sync_cycles(conn, project_id, record.cycles, now)
            return revision

        return self._write(work, f"save the project {record.name!r}")

    @staticmethod
    def _sync_measures(
        conn: sa.Connection,
        project_id: int,
        records: list[docs.MeasureRecord],
        now: dt.datetime,
    ) -> None:
        stored = {
            row.key: row.id
            for row in conn.execute(
                sa.select(measures.c.key, measures.c.id).where(
                    measures.c.project_id == project_id
                )
            )
        }
        keys = [m.key for m in records]
        conn.execute(
            measures.delete().where(
                measures.c.project_id == project_id, measures.c.key.not_in(keys)
            )
        )
        for position, m in enumerate(records):
            values = {
                "name": m.name,
                "kind": m.kind,
                "unit": m.unit,
                "x_type": m.x_type,
                "position": position,
                "document": m.document,
            }
            if m.key in stored:
                measure_id = stored[m.key]
                conn.execute(
                    measures.update()
                    .where(measures.c.id == measure_id)
                    .values(**values)
                )
            else:
                insert = measures.insert().values(
                    project_id=project_id, key=m.key, created_at=now, **values
                )
                measure_id = conn.execute(insert).inserted_primary_key[0]
            _sync_points(conn, measure_id, m.points, now)

    @staticmethod
    def _sync_cycles(
        conn: sa.Connection,
        project_id: int,
        records: list[docs.CycleRecord],
        now: dt.datetime,
    ) -> None:
        stored = {
            row.key: row
            for row in conn.execute(
                sa.select(
                    pdsa_cycles.c.key, pdsa_cycles.c.id, pdsa_cycles.c.document
                ).where(pdsa_cycles.c.project_id == project_id)
            )
        }
        keys = [c.key for c in records]
        conn.execute(
            pdsa_cycles.delete().where(
                pdsa_cycles.c.project_id == project_id, pdsa_cycles.c.key.not_in(keys)
            )
        )
        for position, c in enumerate(records):
            values = {
                "change_idea": c.change_idea,
                "position": position,
                "document": c.document,
                "started_on": c.started_on,
                "finished_on": c.finished_on,
            }
            row = stored.get(c.key)
            if row is None:
                conn.execute(
                    pdsa_cycles.insert().values(
                        project_id=project_id,
                        key=c.key,
                        created_at=now,
                        updated_at=now,
                        **values,
                    )
                )
            else:
                if row.document != c.document:
                    values["updated_at"] = now
                conn.execute(
                    pdsa_cycles.update()
                    .where(pdsa_cycles.c.id == row.id)
                    .values(**values)
                )

    def load_project(self, cohort: str, team: str, project: str) -> Project:
        """Load a team's project, with every data point and PDSA cycle stored for it.

        Points added with :meth:`append_points` and cycles added with
        :meth:`add_pdsa_cycle` since the project was saved are included.

        Parameters
        ----------
        cohort, team : str
            Where the project belongs.
        project : str
            The project's name (or its ``id``).

        Returns
        -------
        Project
            Equal to the project saved, when nothing was added since.

        Raises
        ------
        NotFoundError
            When the cohort, team or project is not in the store.
        StoreError
            When the stored project cannot be read (it is damaged, or was saved
            by a newer qikit), or the database fails.

        See Also
        --------
        save_project, qikit.improve.project.load_project : the same from a file.
        """
        cohort = clean_name(cohort, "cohort")
        team = clean_name(team, "team")
        project = clean_name(project, "project")

        def work(conn: sa.Connection) -> tuple[str, dict]:
            row = self._project(conn, cohort, team, project)
            if row.revision == row.document_revision:
                return row.name, row.document
            stored_measures = conn.execute(
                sa.select(measures.c.id, measures.c.key, measures.c.x_type)
                .where(measures.c.project_id == row.id)
                .order_by(measures.c.position)
            ).all()
            points = {}
            for m in stored_measures:
                query = (
                    sa.select(data_points.c.x, data_points.c.y, data_points.c.n)
                    .where(data_points.c.measure_id == m.id)
                    .order_by(data_points.c.id)
                )
                points[m.key] = (m.x_type, [tuple(p) for p in conn.execute(query)])
            cycles = conn.execute(
                sa.select(pdsa_cycles.c.document)
                .where(pdsa_cycles.c.project_id == row.id)
                .order_by(pdsa_cycles.c.position, pdsa_cycles.c.id)
            ).scalars()
            return row.name, docs.assemble(row.document, points, list(cycles))

        name, document = self._read(work, "load the project")
        return docs.project_from_document(
            document, source=f"the stored project {name!r} of team {team!r}"
        )

    def project_revision(self, cohort: str, team: str, project: str) -> int:
        """The revision of a stored project: it goes up by one with every change.

        Pass it to :meth:`save_project` as ``expected_revision`` to save only when
        nobody else changed the project in between.

        Raises
        ------
        NotFoundError
            When the cohort, team or project is not in the store.
        """
        cohort = clean_name(cohort, "cohort")
        team = clean_name(team, "team")
        project = clean_name(project, "project")
        return self._read(
            lambda conn: self._project(conn, cohort, team, project).revision,
            "read the project",
        )

    def list_projects(self, cohort: str) -> pd.DataFrame:
        """The projects of every team of ``cohort``.

        Returns
        -------
        pandas.DataFrame
            One row per project, by team and project name. Columns ``team``,
            ``project`` (name), ``project_id`` (the project's ``id``),
            ``measures``, ``points`` and ``cycles`` (counts), ``revision``,
            ``created_at`` and ``updated_at`` (UTC).

        Raises
        ------
        NotFoundError
            When there is no such cohort.
        """
        cohort = clean_name(cohort, "cohort")
        n_measures = (
            sa.select(sa.func.count())
            .where(measures.c.project_id == projects.c.id)
            .scalar_subquery()
        )
        n_points = (
            sa.select(sa.func.count())
            .select_from(data_points.join(measures))
            .where(measures.c.project_id == projects.c.id)
            .scalar_subquery()
        )
        n_cycles = (
            sa.select(sa.func.count())
            .where(pdsa_cycles.c.project_id == projects.c.id)
            .scalar_subquery()
        )

        def work(conn: sa.Connection) -> list:
            cohort_id = self._cohort_id(conn, cohort, create=False)
            query = (
                sa.select(
                    teams.c.name.label("team"),
                    projects.c.name.label("project"),
                    projects.c.key.label("project_id"),
                    n_measures.label("measures"),
                    n_points.label("points"),
                    n_cycles.label("cycles"),
                    projects.c.revision,
                    projects.c.created_at,
                    projects.c.updated_at,
                )
                .select_from(projects.join(teams))
                .where(teams.c.cohort_id == cohort_id)
                .order_by(teams.c.name, projects.c.name)
            )
            return conn.execute(query).mappings().all()

        columns = [
            "team",
            "project",
            "project_id",
            "measures",
            "points",
            "cycles",
            "revision",
            "created_at",
            "updated_at",
        ]
        frame = _frame(self._read(work, "list the projects"), columns)
        return _utc(frame, "created_at", "updated_at")

    # -- measures and data points -----------------------------------------------------
    def measure_id(self, cohort: str, team: str, project: str, measure: str) -> int:
        """The store's number for a measure, to pass to :meth:`append_points`.

        Parameters
        ----------
        cohort, team, project : str
            Where the measure belongs (the project by name or ``id``).
        measure : str
            The measure's ``id`` or name.

        Raises
        ------
        NotFoundError
            When the cohort, team, project or measure is not in the store; the
            message lists the project's measures.
        """
        cohort = clean_name(cohort, "cohort")
        team = clean_name(team, "team")
        project = clean_name(project, "project")
        measure = clean_name(measure, "measure")

        def work(conn: sa.Connection) -> int:
            row = self._project(conn, cohort, team, project)
            query = (
                sa.select(measures.c.id)
                .where(
                    measures.c.project_id == row.id,
                    sa.or_(measures.c.key == measure, measures.c.name == measure),
                )
                .order_by(measures.c.key != measure, measures.c.position)
            )
            found = conn.execute(query).first()
            if found is None:
                raise self._missing(
                    conn,
                    "measure",
                    measure,
                    measures.c.name,
                    measures.c.project_id == row.id,
                    "in this project",
                    "Add the measure to the project and save it with "
                    "store.save_project().",
                )
            return found.id

        return self._read(work, "find the measure")

    def append_points(
        self,
        measure: int,
        rows: Any,
        *,
        recorded_by: str | None = None,
    ) -> int:
        """Add data points to a stored measure, all in one transaction.

        Parameters
        ----------
        measure : int
            The measure's number in the store, from :meth:`measure_id`.
        rows : DataFrame or list
            A DataFrame with columns ``x`` (date or period), ``y`` (the value) and
            optionally ``n`` (the denominator); or a list of ``(x, y)`` or
            ``(x, y, n)`` tuples or of dicts with those keys. ``y`` and ``n`` may
            be missing (``None`` or NaN).
        recorded_by : str, optional
            Who entered the values (a name, 1 to 200 characters).

        Returns
        -------
        int
            The number of points added. Either all of them are stored or, when
            an error is raised, none.

        Raises
        ------
        InputError
            When ``measure`` is not a number, or a row has no usable x or a
            value that is not a number (the message names the row).
        NotFoundError
            When no measure has this number.
        StoreError
            When the database fails.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qikit.improve.project import Project
        >>> from qikit.store import open_store
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = open_store(pathlib.Path(folder.name) / "cohort.sqlite3")
        >>> from qikit.improve.measures import Measure
        >>> falls = Measure("Falls", kind="outcome", improvement="decrease")
        >>> project = Project("Fewer falls", measures=[falls])
        >>> store.save_project("Spring 2025", "Ward 6", project)
        1
        >>> falls = store.measure_id("Spring 2025", "Ward 6", "Fewer falls", "Falls")
        >>> store.append_points(falls, [("2024-03-04", 3), ("2024-03-11", 1)],
        ...                     recorded_by="Aisha")
        2
        >>> store.measure_data("Spring 2025")[["team", "measure", "x", "y"]]
             team measure          x    y
        0  Ward 6   Falls 2024-03-04  3.0
        1  Ward 6   Falls 2024-03-11  1.0
        >>> store.close(); folder.cleanup()
        """
        if (
            isinstance(measure, bool)
            or not isinstance(measure, int)
            or not 0 < measure < 2**63
        ):
            raise InputError(
                f"`measure`: expected the measure's number in the store (got "
                f"{short(measure)}). Look it up with store.measure_id(cohort, team, "
                "project, measure)."
            )
        points = clean_points(rows)
        who = clean_optional_name(recorded_by, "recorded_by")

        def work(conn: sa.Connection) -> int:
            found = conn.execute(_MEASURE, {"measure_id": measure}).first()
            if found is None:
                raise NotFoundError(
                    f"`measure`: no measure has this number in the store (got "
                    f"{measure!r}). Look the number up with store.measure_id(cohort, "
                    "team, project, measure)."
                )
            x_type, xs = fit_points(points, found.x_type)
            if not points:
                return 0
            if x_type != found.x_type:
                conn.execute(
                    measures.update()
                    .where(measures.c.id == measure)
                    .values(x_type=x_type)
                )
            now = _now()
            conn.execute(
                data_points.insert(),
                [
                    {
                        "measure_id": measure,
                        "x": x,
                        "y": p.y,
                        "n": p.n,
                        "recorded_at": now,
                        "recorded_by": who,
                    }
                    for x, p in zip(xs, points, strict=True)
                ],
            )
            self._touch(conn, found.project_id)
            return len(points)

        return self._write(work, "add the data points")

    def list_measures(self, cohort: str) -> pd.DataFrame:
        """The measures of every project of ``cohort``.

        Returns
        -------
        pandas.DataFrame
            Columns ``team``, ``project``, ``measure`` (name), ``measure_key`` (the
            measure's ``id``), ``measure_id`` (the store's number, for
            :meth:`append_points`), ``kind``, ``unit`` and ``points`` (count).

        Raises
        ------
        NotFoundError
            When there is no such cohort.
        """
        cohort = clean_name(cohort, "cohort")
        n_points = (
            sa.select(sa.func.count())
            .where(data_points.c.measure_id == measures.c.id)
            .scalar_subquery()
        )

        def work(conn: sa.Connection) -> list:
            cohort_id = self._cohort_id(conn, cohort, create=False)
            query = (
                sa.select(
                    teams.c.name.label("team"),
                    projects.c.name.label("project"),
                    measures.c.name.label("measure"),
                    measures.c.key.label("measure_key"),
                    measures.c.id.label("measure_id"),
                    measures.c.kind,
                    measures.c.unit,
                    n_points.label("points"),
                )
                .select_from(measures.join(projects).join(teams))
                .where(teams.c.cohort_id == cohort_id)
                .order_by(teams.c.name, projects.c.name, measures.c.position)
            )
            return conn.execute(query).mappings().all()

        columns = [
            "team",
            "project",
            "measure",
            "measure_key",
            "measure_id",
            "kind",
            "unit",
            "points",
        ]
        return _frame(self._read(work, "list the measures"), columns)

    def measure_data(
        self,
        cohort: str,
        *,
        team: str | None = None,
        project: str | None = None,
        measure: str | None = None,
    ) -> pd.DataFrame:
        """The data points of a cohort's measures, one row per point (tidy).

        Parameters
        ----------
        cohort : str
            The cohort.
        team, project, measure : str, optional
            Keep only this team, project (name or ``id``) and measure (name or
            ``id``).

        Returns
        -------
        pandas.DataFrame
            Columns ``team``, ``project``, ``measure`` (name), ``measure_key``,
            ``measure_id``, ``kind``, ``unit``, ``x``, ``y``, ``n``,
            ``recorded_at`` (UTC) and ``recorded_by``; sorted by team, project,
            measure and ``x`` (points with the same ``x`` in the order recorded).
            ``x`` holds dates (``datetime64``) when every ``x`` is an ISO date,
            numbers when every ``x`` is a number, and text otherwise. Ready for
            ``qikit.qic(data, x="x", y="y", n="n", facets="team")``.

        Raises
        ------
        NotFoundError
            When the cohort or a team named is not in the store.

        See Also
        --------
        append_points : add data to a stored measure.
        qikit.qic : chart the data, one facet per team.
        """
        cohort = clean_name(cohort, "cohort")
        team = clean_optional_name(team, "team")
        project = clean_optional_name(project, "project")
        measure = clean_optional_name(measure, "measure")

        def work(conn: sa.Connection) -> list:
            cohort_id = self._cohort_id(conn, cohort, create=False)
            where = [teams.c.cohort_id == cohort_id]
            if team is not None:
                where.append(teams.c.id == self._team_id(conn, cohort_id, team, False))
            if project is not None:
                where.append(
                    sa.or_(projects.c.name == project, projects.c.key == project)
                )
            if measure is not None:
                where.append(
                    sa.or_(measures.c.name == measure, measures.c.key == measure)
                )
            query = (
                sa.select(
                    teams.c.name.label("team"),
                    projects.c.name.label("project"),
                    measures.c.name.label("measure"),
                    measures.c.key.label("measure_key"),
                    measures.c.id.label("measure_id"),
                    measures.c.kind,
                    measures.c.unit,
                    data_points.c.x,
                    measures.c.x_type,
                    measures.c.position.label("_position"),
                    data_points.c.y,
                    data_points.c.n,
                    data_points.c.recorded_at,
                    data_points.c.recorded_by,
                )
                .select_from(data_points.join(measures).join(projects).join(teams))
                .where(*where)
                .order_by(
                    teams.c.name,
                    projects.c.name,
                    measures.c.position,
                    data_points.c.id,
                )
            )
            return conn.execute(query).mappings().all()

        columns = [
            "team",
            "project",
            "measure",
            "measure_key",
            "measure_id",
            "kind",
            "unit",
            "x",
            "x_type",
            "_position",
            "y",
            "n",
            "recorded_at",
            "recorded_by",
        ]
        frame = _frame(self._read(work, "read the measure data"), columns)
        frame = docs.typed_x(frame)
        frame["y"] = frame["y"].astype("float64")
        frame["n"] = frame["n"].astype("float64")
        return _utc(frame, "recorded_at")

    # -- PDSA cycles ------------------------------------------------------------------
    def add_pdsa_cycle(
        self,
        cohort: str,
        team: str,
        project: str,
        cycle: PDSACycle | Mapping[str, Any],
    ) -> str:
        """Add a PDSA cycle to a stored project's log, or update it if already there.

        Parameters
        ----------
        cohort, team, project : str
            The stored project (by name or ``id``).
        cycle : PDSACycle or dict
            A :class:`qikit.improve.pdsa.PDSACycle`, or its ``to_dict()``. A cycle
            with the ``id`` of a stored cycle replaces it; a new one goes to the end
            of the log.

        Returns
        -------
        str
            The cycle's ``id``.

        Raises
        ------
        InputError
            When ``cycle`` is not a PDSA cycle.
        NotFoundError
            When the cohort, team or project is not in the store.
        StoreError
            When the database fails.

        See Also
        --------
        pdsa_cycles : the cohort's PDSA log as a table.

        Examples
        --------
        >>> import datetime, pathlib, tempfile
        >>> from qikit.improve.pdsa import PDSACycle
        >>> from qikit.improve.project import Project
        >>> from qikit.store import open_store
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = open_store(pathlib.Path(folder.name) / "cohort.sqlite3")
        >>> _ = store.save_project("Spring 2025", "Ward 6", Project("Fewer falls"))
        >>> cycle = PDSACycle(objective="Try a safety huddle on one shift",
        ...                   change_idea="safety-huddle",
        ...                   start=datetime.date(2024, 3, 4))
        >>> _ = store.add_pdsa_cycle("Spring 2025", "Ward 6", "Fewer falls", cycle)
        >>> store.pdsa_cycles("Spring 2025")[["team", "change_idea", "start"]]
             team    change_idea      start
        0  Ward 6  safety-huddle 2024-03-04
        >>> store.close(); folder.cleanup()
        """
        cohort = clean_name(cohort, "cohort")
        team = clean_name(team, "team")
        project = clean_name(project, "project")
        record = docs.cycle_record(cycle)

        def work(conn: sa.Connection) -> str:
            now = _now()
            row = self._project(conn, cohort, team, project)
            values = {
                "change_idea": record.change_idea,
                "document": record.document,
                "started_on": record.started_on,
                "finished_on": record.finished_on,
                "updated_at": now,
            }
            existing = conn.execute(
                sa.select(pdsa_cycles.c.id).where(
                    pdsa_cycles.c.project_id == row.id,
                    pdsa_cycles.c.key == record.key,
                )
            ).scalar()
            if existing is None:
                last = conn.execute(
                    sa.select(sa.func.max(pdsa_cycles.c.position)).where(
                        pdsa_cycles.c.project_id == row.id
                    )
                ).scalar()
                conn.execute(
                    pdsa_cycles.insert().values(
                        project_id=row.id,
                        key=record.key,
                        position=0 if last is None else last + 1,
                        created_at=now,
                        **values,
                    )
                )
            else:
                conn.execute(
                    pdsa_cycles.update()
                    .where(pdsa_cycles.c.id == existing)
                    .values(**values)
                )
            self._touch(conn, row.id)
            return record.key

        return self._write(work, "add the PDSA cycle")

    def pdsa_cycles(
        self,
        cohort: str,
        *,
        team: str | None = None,
        project: str | None = None,
        change_idea: str | None = None,
    ) -> pd.DataFrame:
        """The PDSA cycles of a cohort, one row per cycle, in log order.

        Parameters
        ----------
        cohort : str
            The cohort.
        team, project : str, optional
            Keep only this team and project (name or ``id``).
        change_idea : str, optional
            Keep only cycles testing this change idea (its ``id``).

        Returns
        -------
        pandas.DataFrame
            Columns ``team``, ``project``, ``cycle_id``, ``change_idea`` (its id),
            ``objective``, ``start`` and ``end`` (``datetime64``, missing when not
            set), ``decision`` (adopt / adapt / abandon, once decided), ``scale``,
            ``belief``, ``created_at`` and ``updated_at`` (UTC), and ``document``
            (the whole cycle as a dict, for
            :meth:`qikit.improve.pdsa.PDSACycle.from_dict`).

        Raises
        ------
        NotFoundError
            When the cohort or a team named is not in the store.
        """
        import pandas as pd

        cohort = clean_name(cohort, "cohort")
        team = clean_optional_name(team, "team")
        project = clean_optional_name(project, "project")
        if change_idea is not None and not isinstance(change_idea, str):
            raise InputError(
                f"`change_idea`: expected the change idea's id as text (got "
                f"{short(change_idea)}). Leave it out to see every cycle."
            )

        def work(conn: sa.Connection) -> list:
            cohort_id = self._cohort_id(conn, cohort, create=False)
            where = [teams.c.cohort_id == cohort_id]
            if team is not None:
                where.append(teams.c.id == self._team_id(conn, cohort_id, team, False))
            if project is not None:
                where.append(
                    sa.or_(projects.c.name == project, projects.c.key == project)
                )
            if change_idea is not None:
                where.append(pdsa_cycles.c.change_idea == change_idea)
            query = (
                sa.select(
                    teams.c.name.label("team"),
                    projects.c.name.label("project"),
                    pdsa_cycles.c.key.label("cycle_id"),
                    pdsa_cycles.c.change_idea,
                    pdsa_cycles.c.started_on.label("start"),
                    pdsa_cycles.c.finished_on.label("end"),
                    pdsa_cycles.c.created_at,
                    pdsa_cycles.c.updated_at,
                    pdsa_cycles.c.document,
                )
                .select_from(pdsa_cycles.join(projects).join(teams))
                .where(*where)
                .order_by(
                    teams.c.name,
                    projects.c.name,
                    pdsa_cycles.c.position,
                    pdsa_cycles.c.id,
                )
            )
            return conn.execute(query).mappings().all()

        rows = [
            {**row, **docs.cycle_summary(row["document"])}
            for row in self._read(work, "read the PDSA cycles")
        ]
        columns = [
            "team",
            "project",
            "cycle_id",
            "change_idea",
            "objective",
            "start",
            "end",
            "decision",
            "scale",
            "belief",
            "created_at",
            "updated_at",
            "document",
        ]
        frame = _utc(_frame(rows, columns), "created_at", "updated_at")
        for column in ("start", "end"):
            frame[column] = pd.to_datetime(frame[column])
        return frame

    # -- games ------------------------------------------------------------------------
    def record_game_result(
        self,
        cohort: str,
        game: str,
        payload: Mapping[str, Any],
        *,
        team: str | None = None,
        learner: str | None = None,
        round: int | None = None,  # noqa: A002 - the word a trainer uses
    ) -> int:
        """Store one result of a workshop game (cohort, team and learner created
        if needed).

        Parameters
        ----------
        cohort : str
            The cohort.
        game : str
            The game's name, such as "red beads" or "funnel".
        payload : dict
            What the game reports: names mapped to text, numbers, true/false,
            None, dates, lists or dicts, such as ``{"red_beads": 12}``.
        team, learner : str, optional
            Who played. A learner given with a team is put in that team.
        round : int, optional
            The round (0 to 1,000,000).

        Returns
        -------
        int
            The result's number in the store.

        Raises
        ------
        InputError
            When a name is unusable, ``round`` is not a whole number, or the
            payload holds a value JSON cannot (NaN, sets, objects).
        StoreError
            When the database fails.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qikit.store import open_store
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = open_store(pathlib.Path(folder.name) / "cohort.sqlite3")
        >>> for day, red in enumerate([12, 9, 11], start=1):
        ...     _ = store.record_game_result("Spring 2025", "red beads",
        ...                                  {"red_beads": red}, team="Ward 3",
        ...                                  learner="Aisha", round=day)
        >>> results = store.game_results("Spring 2025", "red beads")
        >>> results[["team", "round", "red_beads"]]
             team  round  red_beads
        0  Ward 3      1         12
        1  Ward 3      2          9
        2  Ward 3      3         11
        >>> store.close(); folder.cleanup()
        """
        cohort = clean_name(cohort, "cohort")
        game = clean_name(game, "game")
        body = clean_payload(payload)
        team = clean_optional_name(team, "team")
        learner = clean_optional_name(learner, "learner")
        number = clean_round(round)

        def work(conn: sa.Connection) -> int:
            cohort_id = self._cohort_id(conn, cohort, create=True)
            team_id = (
                None if team is None else self._team_id(conn, cohort_id, team, True)
            )
            learner_id = (
                None
                if learner is None
                else self._learner_id(conn, cohort_id, learner, team_id)
            )
            insert = game_results.insert().values(
                cohort_id=cohort_id,
                team_id=team_id,
                learner_id=learner_id,
                game=game,
                round=number,
                payload=body,
                created_at=_now(),
            )
            return conn.execute(insert).inserted_primary_key[0]

        return self._write(work, "record the game result")

    def game_results(self, cohort: str, game: str | None = None) -> pd.DataFrame:
        """The results of a cohort's games, one row per result (tidy).

        Parameters
        ----------
        cohort : str
            The cohort.
        game : str, optional
            Keep only this game.

        Returns
        -------
        pandas.DataFrame
            Columns ``game``, ``round``, ``team``, ``learner``, ``created_at``
            (UTC) and ``result_id``, then one column per payload key (nested keys
            joined with dots, such as ``"beads.red"``; a key that clashes with one
            of the first columns gets the prefix ``payload.``). Sorted by game,
            round and time recorded.

        Raises
        ------
        NotFoundError
            When there is no such cohort.
        """
        import pandas as pd

        cohort = clean_name(cohort, "cohort")
        game = clean_optional_name(game, "game")
        team_names = teams.alias("team_names")

        def work(conn: sa.Connection) -> list:
            cohort_id = self._cohort_id(conn, cohort, create=False)
            where = [game_results.c.cohort_id == cohort_id]
            if game is not None:
                where.append(game_results.c.game == game)
            query = (
                sa.select(
                    game_results.c.game,
                    game_results.c.round,
                    team_names.c.name.label("team"),
                    learners.c.name.label("learner"),
                    game_results.c.created_at,
                    game_results.c.id.label("result_id"),
                    game_results.c.payload,
                )
                .select_from(
                    game_results.outerjoin(
                        team_names, game_results.c.team_id == team_names.c.id
                    ).outerjoin(learners, game_results.c.learner_id == learners.c.id)
                )
                .where(*where)
                .order_by(
                    game_results.c.game,
                    game_results.c.round,
                    game_results.c.created_at,
                    game_results.c.id,
                )
            )
            return conn.execute(query).mappings().all()

        rows = self._read(work, "read the game results")
        base_columns = ["game", "round", "team", "learner", "created_at", "result_id"]
        frame = _frame(rows, base_columns)
        if rows:
            flat = pd.json_normalize([row["payload"] for row in rows], sep=".")
            flat.columns = [
                f"payload.{c}" if c in base_columns else str(c) for c in flat.columns
            ]
            frame = pd.concat([frame, flat], axis=1)
        frame["round"] = frame["round"].astype("Int64")
        return _utc(frame, "created_at")

    # -- the trainer's board ----------------------------------------------------------
    def cohort_overview(self, cohort: str) -> pd.DataFrame:
        """One row per team of ``cohort``: what it has stored and when it last did.

        Returns
        -------
        pandas.DataFrame
            Columns ``team``, ``learners``, ``projects``, ``measures``,
            ``points``, ``cycles`` and ``game_results`` (counts), and
            ``last_activity`` (UTC: the latest of the team's creation, project
            saves, data points, PDSA cycles and game results). Sorted by team.

        Raises
        ------
        NotFoundError
            When there is no such cohort.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qikit.store import open_store
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = open_store(pathlib.Path(folder.name) / "cohort.sqlite3")
        >>> from qikit.improve.measures import Measure
        >>> from qikit.improve.project import Project
        >>> falls = Measure("Falls", kind="outcome", improvement="decrease")
        >>> project = Project("Fewer falls", measures=[falls])
        >>> store.save_project("Spring 2025", "Ward 6", project)
        1
        >>> _ = store.get_or_create_learner("Spring 2025", "Ben", team="Ward 3")
        >>> columns = ["team", "learners", "projects", "measures", "points", "cycles"]
        >>> store.cohort_overview("Spring 2025")[columns]
             team  learners  projects  measures  points  cycles
        0  Ward 3         1         0         0       0       0
        1  Ward 6         0         1         1       0       0
        >>> store.close(); folder.cleanup()
        """
        import pandas as pd

        cohort = clean_name(cohort, "cohort")

        def grouped(conn: sa.Connection, cohort_id: int, *parts: Any) -> dict:
            """``{team_id: (count, latest)}`` for a table joined up to teams."""
            table, joined, latest = parts
            query = (
                sa.select(teams.c.id, sa.func.count(table.c.id), sa.func.max(latest))
                .select_from(joined)
                .where(teams.c.cohort_id == cohort_id)
                .group_by(teams.c.id)
            )
            return {row[0]: (row[1], row[2]) for row in conn.execute(query)}

        def work(conn: sa.Connection) -> tuple:
            cohort_id = self._cohort_id(conn, cohort, create=False)
            base = conn.execute(
                sa.select(teams.c.id, teams.c.name, teams.c.created_at)
                .where(teams.c.cohort_id == cohort_id)
                .order_by(teams.c.name)
            ).all()
            counts = {
                "learners": grouped(
                    conn,
                    cohort_id,
                    learners,
                    learners.join(teams),
                    learners.c.created_at,
                ),
                "projects": grouped(
                    conn,
                    cohort_id,
                    projects,
                    projects.join(teams),
                    projects.c.updated_at,
                ),
                "measures": grouped(
                    conn,
                    cohort_id,
                    measures,
                    measures.join(projects).join(teams),
                    measures.c.created_at,
                ),
                "points": grouped(
                    conn,
                    cohort_id,
                    data_points,
                    data_points.join(measures).join(projects).join(teams),
                    data_points.c.recorded_at,
                ),
                "cycles": grouped(
                    conn,
                    cohort_id,
                    pdsa_cycles,
                    pdsa_cycles.join(projects).join(teams),
                    pdsa_cycles.c.updated_at,
                ),
                "game_results": grouped(
                    conn,
                    cohort_id,
                    game_results,
                    game_results.join(teams, game_results.c.team_id == teams.c.id),
                    game_results.c.created_at,
                ),
            }
            return base, counts

        base, counts = self._read(work, "read the cohort overview")
        rows = []
        for team_id, name, created in base:
            row: dict[str, Any] = {"team": name}
            times = [pd.Timestamp(created)]
            for column, by_team in counts.items():
                count, latest = by_team.get(team_id, (0, None))
                row[column] = int(count)
                if latest is not None:
                    times.append(pd.Timestamp(latest))
            row["last_activity"] = max(
                t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")
                for t in times
            )
            rows.append(row)
        columns = [
            "team",
            "learners",
            "projects",
            "measures",
            "points",
            "cycles",
            "game_results",
            "last_activity",
        ]
        return _utc(_frame(rows, columns), "last_activity")


def _sync_points(
    conn: sa.Connection, measure_id: int, points: list, now: dt.datetime
) -> None:
    """Make a measure's stored points equal ``points``, keeping the unchanged start
    (so that those points keep when and by whom they were recorded)."""
    stored = conn.execute(
        sa.select(data_points.c.id, data_points.c.x, data_points.c.y, data_points.c.n)
        .where(data_points.c.measure_id == measure_id)
        .order_by(data_points.c.id)
    ).all()
    same = 0
    for old, new in zip(stored, points, strict=False):
        if tuple(old[1:]) != tuple(new):
            break
        same += 1
    if same < len(stored):
        conn.execute(
            data_points.delete().where(
                data_points.c.measure_id == measure_id,
                data_points.c.id >= stored[same].id,
            )
        )
    if same < len(points):
        conn.execute(
            data_points.insert(),
            [
                {
                    "measure_id": measure_id,
                    "x": x,
                    "y": y,
                    "n": n,
                    "recorded_at": now,
                    "recorded_by": None,
                }
                for x, y, n in points[same:]
            ],
        )


def open_store(url_or_path: str | os.PathLike[str] | None = None) -> Store:
    """Open the cohort store, creating or upgrading it as needed.

    Parameters
    ----------
    url_or_path : str or path-like, optional
        The path of a SQLite file (its folder is created when missing), or a
        SQLAlchemy URL such as ``"postgresql+psycopg://user:pw@server/qikit"``.
        By default the ``QIKIT_STORE`` environment variable (a path or a URL),
        else ``~/.qikit/store.sqlite3``.

    Returns
    -------
    Store
        Close it with :meth:`Store.close`, or use it in a ``with`` block.

    Raises
    ------
    InputError
        When the argument is neither a path nor a URL, or names a folder.
    StoreError
        When the file is not a qikit store, was written by a newer qikit, or
        cannot be opened or created.

    See Also
    --------
    qikit.store.engine : where the store lives and how SQLite is set up.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qikit.store import open_store
    >>> folder = tempfile.TemporaryDirectory()
    >>> with open_store(pathlib.Path(folder.name) / "cohort.sqlite3") as store:
    ...     store.schema_version
    2
    >>> folder.cleanup()
    """
    url = resolve_url(url_or_path)
    engine = create_store_engine(url)
    try:
        return Store(engine, location=describe(url))
    except BaseException:
        engine.dispose()
        raise
