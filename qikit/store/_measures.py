"""Measures and their data points (private).

Part of :class:`qikit.store.Store`: find a stored measure's number, add points to it
in one transaction, list a cohort's measures and read their data as one tidy table.
:func:`sync_measures` makes a project's stored measures equal the project saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import sqlalchemy as sa

from qikit._validate import fail
from qikit.errors import NotFoundError
from qikit.store import _documents as docs
from qikit.store._base import (
    StoreBase,
    rows_frame,
    utc_columns,
    utc_now,
    warn_old_order,
)
from qikit.store._validate import (
    clean_name,
    clean_optional_name,
    clean_points,
    fit_points,
)
from qikit.store.schema import data_points, measures, projects, teams

__all__ = ["MeasuresMixin", "sync_measures", "sync_points"]

# The measure that points are appended to: the busiest path, built once.
_MEASURE = sa.select(measures.c.project_id, measures.c.x_type).where(
    measures.c.id == sa.bindparam("measure_id")
)


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class MeasuresMixin(StoreBase):
    """Find measures, add data points, and read them back."""

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
        rows: Any,
        measure: int,
        *,
        x: str = "x",
        y: str = "y",
        n: str | None = None,
        recorded_by: str | None = None,
    ) -> int:
        """Add data points to a stored measure, all in one transaction.

        Parameters
        ----------
        rows : DataFrame or list
            A DataFrame with columns ``x`` (date or period), ``y`` (the value) and
            optionally ``n`` (the denominator); or a list of ``(x, y)`` or
            ``(x, y, n)`` tuples or of dicts with those keys. ``y`` and ``n`` may
            be missing (``None`` or NaN).
        measure : int
            The measure's number in the store, from :meth:`measure_id`. (The old
            order ``append_points(measure, rows)`` still works in this release,
            with a ``DeprecationWarning``.)
        x, y, n : str, optional
            The columns of ``rows`` (or keys of its dicts) that hold the dates or
            periods, the values and the denominators, when they are not called
            ``x``, ``y`` and ``n``. The column ``n`` is used when there is one.
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
        ColumnError
            When ``rows`` has no column ``x`` or ``y`` (or those named).
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
        >>> store.save_project(project, "Spring 2025", "Ward 6")
        1
        >>> falls = store.measure_id("Spring 2025", "Ward 6", "Fewer falls", "Falls")
        >>> store.append_points([("2024-03-04", 3), ("2024-03-11", 1)], falls,
        ...                     recorded_by="Aisha")
        2
        >>> store.measure_data("Spring 2025")[["team", "measure", "x", "y"]]
             team measure          x    y
        0  Ward 6   Falls 2024-03-04  3.0
        1  Ward 6   Falls 2024-03-11  1.0
        >>> store.close(); folder.cleanup()
        """
        if _is_number(rows) and not _is_number(measure):
            warn_old_order("append_points", "measure, rows", "rows, measure")
            rows, measure = measure, rows
        if (
            isinstance(measure, bool)
            or not isinstance(measure, int)
            or not 0 < measure < 2**63
        ):
            raise fail(
                "measure",
                "expected the measure's number in the store",
                measure,
                "Look it up with store.measure_id(cohort, team, project, measure).",
            )
        points = clean_points(rows, x=x, y=y, n=n)
        who = clean_optional_name(recorded_by, "recorded_by")

        def work(conn: sa.Connection) -> int:
            found = conn.execute(_MEASURE, {"measure_id": measure}).first()
            if found is None:
                raise fail(
                    "measure",
                    "no measure has this number in the store",
                    measure,
                    "Look the number up with store.measure_id(cohort, team, project, "
                    "measure).",
                    error=NotFoundError,
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
            now = utc_now()
            conn.execute(
                data_points.insert(),
                [
                    {
                        "measure_id": measure,
                        "x": stored_x,
                        "y": p.y,
                        "n": p.n,
                        "recorded_at": now,
                        "recorded_by": who,
                    }
                    for stored_x, p in zip(xs, points, strict=True)
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
        return rows_frame(self._read(work, "list the measures"), columns)

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
        frame = rows_frame(self._read(work, "read the measure data"), columns)
        frame = docs.typed_x(frame)
        frame["y"] = frame["y"].astype("float64")
        frame["n"] = frame["n"].astype("float64")
        return utc_columns(frame, "recorded_at")


def sync_measures(
    conn: sa.Connection,
    project_id: int,
    records: list[docs.MeasureRecord],
    now: dt.datetime,
) -> None:
    """Make a project's stored measures equal ``records``, in their order.

    A measure dropped from the project is deleted with its points; a kept measure
    keeps its number in the store (so :meth:`~MeasuresMixin.append_points` callers
    holding it go on working).
    """
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
                measures.update().where(measures.c.id == measure_id).values(**values)
            )
        else:
            insert = measures.insert().values(
                project_id=project_id, key=m.key, created_at=now, **values
            )
            measure_id = conn.execute(insert).inserted_primary_key[0]
        sync_points(conn, measure_id, m.points, now)


def sync_points(
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
