"""Projects: save a team's project, load it back, list a cohort's projects (private).

Part of :class:`qikit.store.Store`. The store keeps a project as the document of its
``.qiproj.json`` file, with one row per measure, data point and PDSA cycle beside it
(see :mod:`qikit.store._documents`), so that saving replaces the parts and loading
puts back the points and cycles added since.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

from qikit._validate import fail
from qikit.errors import ConflictError
from qikit.improve.project import Project
from qikit.store import _documents as docs
from qikit.store._base import (
    StoreBase,
    rows_frame,
    utc_columns,
    utc_now,
    warn_old_order,
)
from qikit.store._measures import sync_measures
from qikit.store._pdsa import sync_cycles
from qikit.store._validate import clean_name
from qikit.store.schema import data_points, measures, pdsa_cycles, projects, teams

__all__ = ["ProjectsMixin"]


class ProjectsMixin(StoreBase):
    """Save, load and list projects."""

    def save_project(
        self,
        project: Project | Mapping[str, Any],
        cohort: str,
        team: str,
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
        project : Project or dict
            A :class:`qikit.improve.project.Project`, or its ``to_dict()``.
        cohort, team : str
            Where the project belongs. (The old order ``save_project(cohort, team,
            project)`` still works in this release, with a ``DeprecationWarning``.)
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
        qikit.improve.projectfile.save_project : the same to a file, (project, path).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qikit.improve.project import Project
        >>> from qikit.store import open_store
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = open_store(pathlib.Path(folder.name) / "cohort.sqlite3")
        >>> project = Project("Fewer falls on Ward 6", team="Ward 6")
        >>> store.save_project(project, "Spring 2025", "Ward 6")
        1
        >>> store.load_project("Spring 2025", "Ward 6", project.name) == project
        True
        >>> store.close(); folder.cleanup()
        """
        if isinstance(team, Project | Mapping) and isinstance(project, str):
            warn_old_order(
                "save_project", "cohort, team, project", "project, cohort, team"
            )
            project, cohort, team = team, project, cohort
        cohort = clean_name(cohort, "cohort")
        team = clean_name(team, "team")
        if expected_revision is not None and (
            isinstance(expected_revision, bool)
            or not isinstance(expected_revision, int)
            or expected_revision < 0
        ):
            raise fail(
                "expected_revision",
                "must be a whole number from 0 up",
                expected_revision,
                "Pass the revision from store.project_revision(...), or leave it out.",
            )
        record = docs.project_record(project)

        def work(conn: sa.Connection) -> int:
            now = utc_now()
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
                raise fail(
                    "project",
                    f"team {team!r} already has a different project called "
                    f"{record.name!r}",
                    record.name,
                    "Give this project another name, or load the stored one with "
                    "store.load_project() and make your changes there.",
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
            sync_measures(conn, project_id, record.measures, now)
            sync_cycles(conn, project_id, record.cycles, now)
            return revision

        return self._write(work, f"save the project {record.name!r}")

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
        save_project, qikit.improve.projectfile.load_project : the same from a file.
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
        frame = rows_frame(self._read(work, "list the projects"), columns)
        return utc_columns(frame, "created_at", "updated_at")
