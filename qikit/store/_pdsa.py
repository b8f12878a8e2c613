"""PDSA cycles: a stored project's log of tests of change (private).

Part of :class:`qikit.store.Store`: add a cycle to a project's log (or update it),
and read a cohort's cycles as one table. :func:`sync_cycles` makes a project's
stored log equal the project saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

from qikit._validate import fail
from qikit.improve.pdsa import PDSACycle
from qikit.store import _documents as docs
from qikit.store._base import (
    StoreBase,
    rows_frame,
    utc_columns,
    utc_now,
    warn_old_order,
)
from qikit.store._validate import clean_name, clean_optional_name
from qikit.store.schema import pdsa_cycles, projects, teams

__all__ = ["PDSAMixin", "sync_cycles"]


class PDSAMixin(StoreBase):
    """Add PDSA cycles to stored projects, and read a cohort's log."""

    def add_pdsa_cycle(
        self,
        cycle: PDSACycle | Mapping[str, Any],
        cohort: str,
        team: str,
        project: str,
    ) -> str:
        """Add a PDSA cycle to a stored project's log, or update it if already there.

        Parameters
        ----------
        cycle : PDSACycle or dict
            A :class:`qikit.improve.pdsa.PDSACycle`, or its ``to_dict()``. A cycle
            with the ``id`` of a stored cycle replaces it; a new one goes to the end
            of the log.
        cohort, team, project : str
            The stored project (by name or ``id``). (The old order
            ``add_pdsa_cycle(cohort, team, project, cycle)`` still works in this
            release, with a ``DeprecationWarning``.)

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
        >>> _ = store.save_project(Project("Fewer falls"), "Spring 2025", "Ward 6")
        >>> cycle = PDSACycle(objective="Try a safety huddle on one shift",
        ...                   change_idea="safety-huddle",
        ...                   start=datetime.date(2024, 3, 4))
        >>> _ = store.add_pdsa_cycle(cycle, "Spring 2025", "Ward 6", "Fewer falls")
        >>> store.pdsa_cycles("Spring 2025")[["team", "change_idea", "start"]]
             team    change_idea      start
        0  Ward 6  safety-huddle 2024-03-04
        >>> store.close(); folder.cleanup()
        """
        if isinstance(project, PDSACycle | Mapping) and isinstance(cycle, str):
            warn_old_order(
                "add_pdsa_cycle",
                "cohort, team, project, cycle",
                "cycle, cohort, team, project",
            )
            cycle, cohort, team, project = project, cycle, cohort, team
        cohort = clean_name(cohort, "cohort")
        team = clean_name(team, "team")
        project = clean_name(project, "project")
        record = docs.cycle_record(cycle)

        def work(conn: sa.Connection) -> str:
            now = utc_now()
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
        cohort = clean_name(cohort, "cohort")
        team = clean_optional_name(team, "team")
        project = clean_optional_name(project, "project")
        if change_idea is not None and not isinstance(change_idea, str):
            raise fail(
                "change_idea",
                "expected the change idea's id as text",
                change_idea,
                "Leave it out to see every cycle.",
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
        frame = utc_columns(rows_frame(rows, columns), "created_at", "updated_at")
        for column in ("start", "end"):
            frame[column] = pd.to_datetime(frame[column])
        return frame


def sync_cycles(
    conn: sa.Connection,
    project_id: int,
    records: list[docs.CycleRecord],
    now: dt.datetime,
) -> None:
    """Make a project's stored PDSA log equal ``records``, in their order.

    A cycle whose document did not change keeps its ``updated_at``.
    """
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
                pdsa_cycles.update().where(pdsa_cycles.c.id == row.id).values(**values)
            )
