"""Cohorts, teams and learners: the people of a cohort store (private).

Part of :class:`qikit.store.Store`. Each is found by name (a team's name is unique
within its cohort, a learner's too) and created when first named.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from qikit.store._base import StoreBase, rows_frame, utc_columns
from qikit.store._validate import clean_name, clean_optional_name
from qikit.store.schema import cohorts, learners, teams

__all__ = ["PeopleMixin"]


class PeopleMixin(StoreBase):
    """Create and list cohorts, teams and learners."""

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
        frame = rows_frame(rows, ["cohort", "teams", "learners", "created_at"])
        return utc_columns(frame, "created_at")

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

        frame = rows_frame(
            self._read(work, "list the teams"), ["team", "learners", "created_at"]
        )
        return utc_columns(frame, "created_at")

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
        return utc_columns(
            rows_frame(rows, ["learner", "team", "created_at"]), "created_at"
        )
