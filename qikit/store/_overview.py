"""The trainer's board: one row per team of a cohort (private).

Part of :class:`qikit.store.Store`: what each team has stored, and when it last did.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import sqlalchemy as sa

from qikit.store._base import StoreBase, rows_frame, utc_columns
from qikit.store._validate import clean_name
from qikit.store.schema import (
    data_points,
    game_results,
    learners,
    measures,
    pdsa_cycles,
    projects,
    teams,
)

__all__ = ["OverviewMixin"]


class OverviewMixin(StoreBase):
    """The cohort overview."""

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
        >>> store.save_project(project, "Spring 2025", "Ward 6")
        1
        >>> _ = store.get_or_create_learner("Spring 2025", "Ben", team="Ward 3")
        >>> columns = ["team", "learners", "projects", "measures", "points", "cycles"]
        >>> store.cohort_overview("Spring 2025")[columns]
             team  learners  projects  measures  points  cycles
        0  Ward 3         1         0         0       0       0
        1  Ward 6         0         1         1       0       0
        >>> store.close(); folder.cleanup()
        """
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
        return utc_columns(rows_frame(rows, columns), "last_activity")
