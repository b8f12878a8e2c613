"""Results of workshop games such as the red bead experiment (private).

Part of :class:`qikit.store.Store`. A game (in :mod:`qikit.sim`) produces a payload
of named values and an app stores it here, so the games never import the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import sqlalchemy as sa

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
    clean_payload,
    clean_round,
)
from qikit.store.schema import game_results, learners, teams

__all__ = ["GamesMixin"]


class GamesMixin(StoreBase):
    """Record game results and read them back as a tidy table."""

    def record_game_result(
        self,
        payload: Mapping[str, Any],
        cohort: str,
        game: str,
        *,
        team: str | None = None,
        learner: str | None = None,
        round: int | None = None,
    ) -> int:
        """Store one result of a workshop game (cohort, team and learner created
        if needed).

        Parameters
        ----------
        payload : dict
            What the game reports: names mapped to text, numbers, true/false,
            None, dates, lists or dicts, such as ``{"red_beads": 12}``.
        cohort : str
            The cohort.
        game : str
            The game's name, such as "red beads" or "funnel". (The old order
            ``record_game_result(cohort, game, payload)`` still works in this
            release, with a ``DeprecationWarning``.)
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
        ...     _ = store.record_game_result({"red_beads": red}, "Spring 2025",
        ...                                  "red beads", team="Ward 3",
        ...                                  learner="Aisha", round=day)
        >>> results = store.game_results("Spring 2025", "red beads")
        >>> results[["team", "round", "red_beads"]]
             team  round  red_beads
        0  Ward 3      1         12
        1  Ward 3      2          9
        2  Ward 3      3         11
        >>> store.close(); folder.cleanup()
        """
        if isinstance(game, Mapping) and isinstance(payload, str):
            warn_old_order(
                "record_game_result", "cohort, game, payload", "payload, cohort, game"
            )
            payload, cohort, game = game, payload, cohort
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
                created_at=utc_now(),
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
        frame = rows_frame(rows, base_columns)
        if rows:
            flat = pd.json_normalize([row["payload"] for row in rows], sep=".")
            flat.columns = [
                f"payload.{c}" if c in base_columns else str(c) for c in flat.columns
            ]
            frame = pd.concat([frame, flat], axis=1)
        frame["round"] = frame["round"].astype("Int64")
        return utc_columns(frame, "created_at")
