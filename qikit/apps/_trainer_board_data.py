"""The trainer board's tables: a workshop's stored results, read kindly (private).

Pure functions over the frames the cohort store returns
(:meth:`~qikit.store.Store.game_results`, :meth:`~qikit.store.Store.cohort_overview`,
:meth:`~qikit.store.Store.pdsa_cycles`, :meth:`~qikit.store.Store.measure_data`),
so they are tested without a page. Each reader of a game's results returns its
table and a list of notes: a result whose payload it cannot read (an older app, a
hand-made entry) is left out and counted in a note, never an error.

The payloads are those the apps store: ``to_payload(...)`` of :mod:`qikit.sim`
(red beads: ``draws``; funnel: ``summary``; PDSA game: ``tests``), the drills'
round payload (``score``, ``items``, ...), and the quiz's (``score``,
``questions``, ...).
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from qikit._format import fmt_number, join_words, plural
from qikit.charts import QicResult, qic
from qikit.errors import QikitWarning

__all__ = [
    "GAMES",
    "drill_table",
    "excel_safe",
    "funnel_sentences",
    "funnel_table",
    "game_counts",
    "latest_measures",
    "measure_chart",
    "overview_table",
    "pdsa_counts",
    "pdsa_game_chart",
    "pdsa_game_tables",
    "quiz_table",
    "red_bead_draws",
    "red_beads_chart",
    "split_games",
]

#: The games a workshop pools, by the names the apps store them under.
GAMES = ("red beads", "funnel", "pdsa game", "signal or noise", "rule lab", "quiz")

_BASE = ["game", "round", "team", "learner", "created_at", "result_id"]


# ----------------------------------------------------------------------- helpers


def split_games(results: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``{game: its rows}``, each keeping only the payload columns it uses.

    Examples
    --------
    >>> frame = pd.DataFrame({"game": ["quiz", "funnel"], "team": ["A", "B"],
    ...                       "score": [3, np.nan], "summary": [np.nan, [{}]]})
    >>> {g: list(f.columns) for g, f in split_games(frame).items()}
    {'quiz': ['game', 'team', 'score'], 'funnel': ['game', 'team', 'summary']}
    """
    out = {}
    if results is None or not len(results):
        return out
    for game, rows in results.groupby("game", sort=False):
        keep = [
            c
            for c in rows.columns
            if c in _BASE or rows[c].map(lambda v: not _missing(v)).any()
        ]
        out[str(game)] = rows[keep].reset_index(drop=True)
    return out


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NA or value is pd.NaT


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or _missing(value):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        out = float(value)
        return out if math.isfinite(out) else None
    return None


def _team(value: Any) -> str:
    return "(no team)" if _missing(value) or not str(value).strip() else str(value)


def _latest(rows: pd.DataFrame) -> pd.DataFrame:
    """The last result each team recorded (by the store's numbering)."""
    if not len(rows):
        return rows
    order = rows.sort_values("result_id", kind="stable")
    return order.groupby(order["team"].map(_team), sort=False).tail(1)


def _left_out(count: int, game: str, why: str) -> list[str]:
    if not count:
        return []
    return [
        f"{plural(count, f'{game} result')} could not be read and "
        f"{'is' if count == 1 else 'are'} left out ({why})."
    ]


# ------------------------------------------------------------------ the teams


def overview_table(overview: pd.DataFrame) -> pd.DataFrame:
    """The store's cohort overview with readable column names.

    Columns: Team, Learners, Projects, Measures, Data points, PDSA cycles, Game
    results, Last activity (UK time, to the minute).
    """
    if overview is None or not len(overview):
        return pd.DataFrame(
            columns=[
                "Team",
                "Learners",
                "Projects",
                "Measures",
                "Data points",
                "PDSA cycles",
                "Game results",
                "Last activity",
            ]
        )
    out = pd.DataFrame(
        {
            "Team": overview["team"].astype(str),
            "Learners": overview["learners"],
            "Projects": overview["projects"],
            "Measures": overview["measures"],
            "Data points": overview["points"],
            "PDSA cycles": overview["cycles"],
            "Game results": overview["game_results"],
            "Last activity": _uk_time(overview["last_activity"]),
        }
    )
    return out.reset_index(drop=True)


def _uk_time(series: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(series, utc=True, errors="coerce")
    local = stamps.dt.tz_convert("Europe/London").dt.tz_localize(None)
    return local.dt.floor("min")


def game_counts(results: pd.DataFrame, teams: Iterable[str] = ()) -> pd.DataFrame:
    """How many results each team recorded in each game (one row per team).

    Columns: Team, then one per game of :data:`GAMES` and per other game found.

    Examples
    --------
    >>> frame = pd.DataFrame({"game": ["quiz", "quiz", "funnel"],
    ...                       "team": ["A", "A", "B"]})
    >>> game_counts(frame, ["A", "B", "C"])[["Team", "quiz", "funnel"]]
      Team  quiz  funnel
    0    A     2       0
    1    B     0       1
    2    C     0       0
    """
    names = [str(t) for t in teams]
    games = list(GAMES)
    if results is not None and len(results):
        found = results["team"].map(_team)
        for team in found:
            if team not in names:
                names.append(team)
        games += [g for g in pd.unique(results["game"].astype(str)) if g not in games]
        counts = pd.crosstab(found, results["game"].astype(str))
    else:
        counts = pd.DataFrame()
    out = pd.DataFrame({"Team": names})
    for game in games:
        col = counts[game] if game in counts.columns else pd.Series(dtype=int)
        out[game] = [int(col.get(t, 0)) for t in names]
    return out


# ------------------------------------------------------------------ red beads


def red_bead_draws(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Every stored draw of the red bead experiment, team by team.

    Each stored result holds the ``draws`` of a day (or of several); a day stored
    twice counts once (the later one). Returns the draws (columns ``team, day,
    worker, red, paddle, share, draw``: ``draw`` numbers each team's draws 1, 2,
    … in order) and the notes on results that were left out.
    """
    columns = ["team", "day", "worker", "red", "paddle", "share", "draw"]
    if rows is None or not len(rows) or "draws" not in rows.columns:
        skipped = 0 if rows is None else len(rows)
        return pd.DataFrame(columns=columns), _left_out(
            skipped, "red beads", "no draws"
        )
    records = []
    skipped = 0
    for row in rows.sort_values("result_id", kind="stable").itertuples(index=False):
        draws = getattr(row, "draws", None)
        good = []
        if isinstance(draws, list):
            for d in draws:
                if not isinstance(d, Mapping):
                    continue
                red, paddle = _number(d.get("red")), _number(d.get("paddle"))
                day = _number(d.get("day"))
                if red is None or paddle is None or paddle <= 0 or red > paddle:
                    continue
                good.append(
                    {
                        "team": _team(row.team),
                        "day": int(day) if day is not None else 0,
                        "worker": str(d.get("worker", "")),
                        "red": red,
                        "paddle": paddle,
                        "_order": _number(d.get("draw")) or len(good),
                        "_result": row.result_id,
                    }
                )
        if not good:
            skipped += 1
            continue
        records.extend(good)
    notes = _left_out(skipped, "red beads", "no draws that could be read")
    if not records:
        return pd.DataFrame(columns=columns), notes
    frame = pd.DataFrame(records)
    # A day recorded twice by a team: keep the later recording.
    last = frame.groupby(["team", "day"])["_result"].transform("max")
    frame = frame[frame["_result"] == last]
    frame = frame.sort_values(["team", "day", "_order"], kind="stable")
    frame["share"] = frame["red"] / frame["paddle"]
    frame["draw"] = frame.groupby("team").cumcount() + 1
    for col in ("red", "paddle"):
        frame[col] = frame[col].astype(int)
    return frame[columns].reset_index(drop=True), notes


def red_beads_chart(draws: pd.DataFrame, by: str = "team") -> QicResult | None:
    """A p chart of the red beads: each team's own (``by="team"``) or the room's
    draws together (``by="room"``). ``None`` when there are no draws.

    A game has fewer than 12 draws a team at first: the engine's warning that the
    limits are provisional is not repeated on the board.
    """
    if draws is None or not len(draws):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return _red_beads_chart(draws, by)


def _red_beads_chart(draws: pd.DataFrame, by: str) -> QicResult:
    if by == "room":
        room = draws.reset_index(drop=True).assign(draw=lambda f: np.arange(len(f)) + 1)
        return qic(
            room,
            x="draw",
            y="red",
            n="paddle",
            chart="p",
            title="Red beads: every draw in the room",
            ylab="Share of red beads",
            xlab="Draw (team by team, day by day)",
        )
    return qic(
        draws,
        x="draw",
        y="red",
        n="paddle",
        chart="p",
        facets="team",
        title="Red beads: each team's draws",
        ylab="Share of red beads",
        xlab="Draw (each worker in turn, day by day)",
    )


# ------------------------------------------------------------------------ funnel


def funnel_table(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Each team's latest funnel experiment: one row per team and rule.

    Columns: Team, Rule, What the rule does, Drops, Mean distance from the
    target, Spread compared with rule 1 (mean squared distance over rule 1's).
    """
    columns = [
        "Team",
        "Rule",
        "What the rule does",
        "Drops",
        "Mean distance from the target",
        "Spread compared with rule 1",
    ]
    if rows is None or not len(rows):
        return pd.DataFrame(columns=columns), []
    out, skipped = [], 0
    for row in _latest(rows).itertuples(index=False):
        summary = getattr(row, "summary", None)
        good = []
        if isinstance(summary, list):
            for s in summary:
                if not isinstance(s, Mapping) or _number(s.get("rule")) is None:
                    continue
                good.append(
                    {
                        "Team": _team(row.team),
                        "Rule": int(_number(s.get("rule")) or 0),
                        "What the rule does": str(s.get("description") or ""),
                        "Drops": _number(s.get("drops")),
                        "Mean distance from the target": _number(
                            s.get("mean_distance")
                        ),
                        "Spread compared with rule 1": _number(
                            s.get("ratio_to_rule_1")
                        ),
                        "_mean_square": _number(s.get("mean_square")),
                    }
                )
        if good:
            out.extend(good)
        else:
            skipped += 1
    notes = _left_out(skipped, "funnel", "no summary of the rules")
    if not out:
        return pd.DataFrame(columns=columns), notes
    frame = pd.DataFrame(out).sort_values(["Team", "Rule"], kind="stable")
    frame.attrs["mean_square"] = frame.pop("_mean_square").tolist()
    return frame.reset_index(drop=True), notes


def funnel_sentences(table: pd.DataFrame) -> list[str]:
    """What the funnel results show, in words (the table's summary).

    Examples
    --------
    >>> t = pd.DataFrame({"Team": ["A", "A", "B", "B"], "Rule": [1, 2, 1, 2],
    ...                   "Mean distance from the target": [1.2, 1.7, 1.3, 1.5],
    ...                   "Spread compared with rule 1": [1, 1.9, 1, 1.4]})
    >>> funnel_sentences(t)
    ['2 teams ran the funnel. In both teams, rule 1 (leave the funnel alone) kept \
the marbles closest to the target.']
    """
    if table is None or not len(table):
        return []
    teams = list(pd.unique(table["Team"]))
    best = (
        table.dropna(subset=["Mean distance from the target"])
        .sort_values("Mean distance from the target", kind="stable")
        .groupby("Team", sort=False)
        .head(1)
    )
    by_rule1 = best[best["Rule"] == 1]["Team"].tolist()
    lines = [f"{plural(len(teams), 'team')} ran the funnel."]
    if len(by_rule1) == len(teams) and teams:
        who = (
            "the team"
            if len(teams) == 1
            else ("both teams" if len(teams) == 2 else f"all {len(teams)} teams")
        )
        lines[0] += (
            f" In {who}, rule 1 (leave the funnel alone) kept the marbles closest "
            "to the target."
        )
    else:
        for row in best.itertuples(index=False):
            lines.append(
                f"{row.Team}: rule {row.Rule} kept the marbles closest to the target."
            )
    return lines


# ---------------------------------------------------------------------- PDSA game


def pdsa_game_tables(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Each team's latest PDSA game: its tests (cycles) and every flight.

    Returns ``(tests, flights, notes)``. ``tests``: Team, Test, Cycle, Objective,
    Prediction, Flights, Mean flight time (seconds), Decision (adopt, adapt or
    abandon, once decided). ``flights``: ``team, test,
    flight, seconds`` (``flight`` numbers each team's flights 1, 2, …).
    """
    test_cols = [
        "Team",
        "Test",
        "Cycle",
        "Objective",
        "Prediction",
        "Flights",
        "Mean flight time (seconds)",
        "Decision",
    ]
    flight_cols = ["team", "test", "flight", "seconds"]
    if rows is None or not len(rows):
        return pd.DataFrame(columns=test_cols), pd.DataFrame(columns=flight_cols), []
    tests, flights, skipped = [], [], 0
    for row in _latest(rows).itertuples(index=False):
        stored = getattr(row, "tests", None)
        team = _team(row.team)
        count = 0
        if isinstance(stored, list):
            for position, t in enumerate(stored, start=1):
                if not isinstance(t, Mapping):
                    continue
                raw = t.get("seconds")
                if not isinstance(raw, list):  # damaged: a number, text, True
                    continue
                seconds = [s for s in (_number(x) for x in raw) if s]
                if not seconds:
                    continue
                number = int(_number(t.get("test")) or position)
                predictions = t.get("predictions") or []
                tests.append(
                    {
                        "Team": team,
                        "Test": number,
                        "Cycle": str(t.get("cycle") or ""),
                        "Objective": str(t.get("objective") or ""),
                        "Prediction": "; ".join(str(p) for p in predictions)
                        if isinstance(predictions, list)
                        else str(predictions),
                        "Flights": len(seconds),
                        "Mean flight time (seconds)": float(np.mean(seconds)),
                        "Decision": str(t.get("decision") or ""),
                    }
                )
                for s in seconds:
                    flights.append({"team": team, "test": number, "seconds": s})
                count += 1
        if not count:
            skipped += 1
    notes = _left_out(skipped, "PDSA game", "no tests with flight times")
    test_frame = pd.DataFrame(tests, columns=test_cols)
    flight_frame = pd.DataFrame(flights, columns=["team", "test", "seconds"])
    if len(flight_frame):
        flight_frame["flight"] = flight_frame.groupby("team").cumcount() + 1
    else:
        flight_frame["flight"] = pd.Series(dtype=int)
    return test_frame, flight_frame[flight_cols], notes


def pdsa_game_chart(flights: pd.DataFrame) -> QicResult | None:
    """A run chart of each team's flight times, one phase per test (a test has a
    handful of flights: the engine's warning about short phases is not repeated)."""
    if flights is None or not len(flights):
        return None
    several = flights.groupby("team")["test"].nunique().gt(1).any()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return qic(
            flights,
            x="flight",
            y="seconds",
            chart="run",
            facets="team",
            part="test" if several else None,
            title="PDSA game: each team's flight times, test by test",
            ylab="Flight time (seconds)",
            xlab="Flight",
        )


# ----------------------------------------------------------------- drills, quiz


def drill_table(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The "signal or noise?" drill scores: one row per team.

    Reads the drills' round payloads (``score`` of ``items``, with ``hits``,
    ``misses`` and ``false_alarms``) and single answers (``correct``). Columns:
    Team, Rounds, Latest round, Right, Answered, Share right (%), Hits, Misses,
    False alarms.
    """
    columns = [
        "Team",
        "Rounds",
        "Latest round",
        "Right",
        "Answered",
        "Share right (%)",
        "Hits",
        "Misses",
        "False alarms",
    ]
    if rows is None or not len(rows):
        return pd.DataFrame(columns=columns), []
    per_team: dict[str, dict[str, Any]] = {}
    skipped = 0
    for row in rows.sort_values("result_id", kind="stable").itertuples(index=False):
        data = row._asdict()
        score, items = _number(data.get("score")), _number(data.get("items"))
        answered = _number(data.get("answered"))
        correct = data.get("correct")
        if score is not None and (items or answered):
            right, done = score, answered if answered is not None else items
            latest = f"{fmt_number(score)} of {fmt_number(items or answered)}"
        elif isinstance(correct, bool | np.bool_):
            right, done = float(bool(correct)), 1.0
            latest = "right" if correct else "not right"
        else:
            skipped += 1
            continue
        team = _team(data.get("team"))
        entry = per_team.setdefault(
            team,
            {
                "Rounds": 0,
                "Right": 0.0,
                "Answered": 0.0,
                "Hits": 0.0,
                "Misses": 0.0,
                "False alarms": 0.0,
            },
        )
        entry["Rounds"] += 1
        entry["Right"] += right
        entry["Answered"] += done or 0
        entry["Latest round"] = latest
        for key, name in (
            ("hits", "Hits"),
            ("misses", "Misses"),
            ("false_alarms", "False alarms"),
        ):
            entry[name] += _number(data.get(key)) or 0
    notes = _left_out(skipped, "signal or noise", "no score")
    out = []
    for team in sorted(per_team):
        e = per_team[team]
        share = 100 * e["Right"] / e["Answered"] if e["Answered"] else np.nan
        out.append({"Team": team, **e, "Share right (%)": share})
    frame = pd.DataFrame(out, columns=columns)
    for col in ("Right", "Answered", "Hits", "Misses", "False alarms"):
        frame[col] = frame[col].astype(int)
    return frame, notes


def quiz_table(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The quiz scores: one row per team and quiz (its latest go and its best).

    Columns: Team, Quiz, Goes, Latest score, Best score (right first time out of
    the questions).
    """
    columns = ["Team", "Quiz", "Goes", "Latest score", "Best score"]
    if rows is None or not len(rows):
        return pd.DataFrame(columns=columns), []
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    skipped = 0
    for row in rows.sort_values("result_id", kind="stable").itertuples(index=False):
        data = row._asdict()
        score = _number(data.get("score"))
        total = _number(data.get("questions")) or _number(data.get("out_of"))
        if score is None or not total:
            skipped += 1
            continue
        name = data.get("quiz")
        quiz = str(name) if not _missing(name) and str(name).strip() else "Quiz"
        key = (_team(data.get("team")), quiz)
        entry = groups.setdefault(key, {"Goes": 0, "best": -1.0})
        entry["Goes"] += 1
        entry["Latest score"] = f"{fmt_number(score)} of {fmt_number(total)}"
        if score / total > entry["best"]:
            entry["best"] = score / total
            entry["Best score"] = entry["Latest score"]
    notes = _left_out(skipped, "quiz", "no score")
    out = [
        {
            "Team": team,
            "Quiz": quiz,
            "Goes": e["Goes"],
            "Latest score": e["Latest score"],
            "Best score": e["Best score"],
        }
        for (team, quiz), e in sorted(groups.items())
    ]
    return pd.DataFrame(out, columns=columns), notes


# ---------------------------------------------------------------- PDSA cycles


def pdsa_counts(cycles: pd.DataFrame, teams: Iterable[str] = ()) -> pd.DataFrame:
    """PDSA cycles per team: how many, testing how many change ideas, decided how.

    Columns: Team, Cycles, Change ideas, Adopt, Adapt, Abandon, Not decided yet,
    Latest start.

    Examples
    --------
    >>> cycles = pd.DataFrame({"team": ["A", "A", "B"], "change_idea": ["x", "y", "x"],
    ...     "decision": ["adopt", None, "abandon"],
    ...     "start": pd.to_datetime(["2026-01-05", "2026-02-02", "2026-01-12"])})
    >>> pdsa_counts(cycles, ["A", "B", "C"])[["Team", "Cycles", "Adopt", "Abandon"]]
      Team  Cycles  Adopt  Abandon
    0    A       2      1        0
    1    B       1      0        1
    2    C       0      0        0
    """
    names = [str(t) for t in teams]
    columns = [
        "Team",
        "Cycles",
        "Change ideas",
        "Adopt",
        "Adapt",
        "Abandon",
        "Not decided yet",
        "Latest start",
    ]
    if cycles is not None and len(cycles):
        for team in pd.unique(cycles["team"].map(_team)):
            if team not in names:
                names.append(team)
    rows = []
    for team in names:
        mine = (
            cycles[cycles["team"].map(_team) == team]
            if cycles is not None and len(cycles)
            else pd.DataFrame(columns=["change_idea", "decision", "start"])
        )
        decisions = mine["decision"].astype("string").str.lower()
        starts = pd.to_datetime(mine["start"], errors="coerce")
        rows.append(
            {
                "Team": team,
                "Cycles": len(mine),
                "Change ideas": int(mine["change_idea"].dropna().nunique()),
                "Adopt": int((decisions == "adopt").sum()),
                "Adapt": int((decisions == "adapt").sum()),
                "Abandon": int((decisions == "abandon").sum()),
                "Not decided yet": int(decisions.isna().sum()),
                "Latest start": starts.max() if starts.notna().any() else pd.NaT,
            }
        )
    return pd.DataFrame(rows, columns=columns)


# -------------------------------------------------------------------- measures

#: The measure choice meaning "each team's measure with the latest data".
LATEST = ""


def latest_measures(points: pd.DataFrame, measure: str = LATEST) -> pd.DataFrame:
    """The points to chart for each team: one panel per team.

    ``measure=""`` (:data:`LATEST`): each team's measure with the most recently
    recorded point; a measure's name: that measure, for every team that has it.
    Returns columns ``panel`` ("Team: measure"), ``team``, ``measure``, ``x``
    (dates or numbers as stored; positions 1, 2, … when they are text), ``value``
    (y, or y/n where a denominator was recorded), in panel order.
    """
    columns = ["panel", "team", "measure", "x", "value"]
    if points is None or not len(points):
        return pd.DataFrame(columns=columns)
    data = points.copy()
    if measure:
        data = data[data["measure"].astype(str) == measure]
    else:
        keys = ["team", "project", "measure"]
        latest = data.groupby(keys, sort=False)["recorded_at"].max().reset_index()
        latest = (
            latest.sort_values("recorded_at", kind="stable").groupby("team").tail(1)
        )
        data = data.merge(latest[keys], on=keys)
    if not len(data):
        return pd.DataFrame(columns=columns)
    n = pd.to_numeric(data["n"], errors="coerce")
    y = pd.to_numeric(data["y"], errors="coerce")
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n.notna() & (n > 0), y / n, y)
    out = pd.DataFrame(
        {
            "panel": data["team"].astype(str) + ": " + data["measure"].astype(str),
            "team": data["team"].astype(str),
            "measure": data["measure"].astype(str),
            "x": data["x"],
            "value": value,
        }
    )
    if not (
        pd.api.types.is_datetime64_any_dtype(out["x"])
        or pd.api.types.is_numeric_dtype(out["x"])
    ):
        out["x"] = out.groupby("panel").cumcount() + 1
    return out.sort_values(["panel"], kind="stable").reset_index(drop=True)


def measure_chart(panels: pd.DataFrame) -> QicResult | None:
    """Run charts of the teams' measures, one panel each (``None`` when empty)."""
    if panels is None or not len(panels):
        return None
    measures = list(pd.unique(panels["measure"]))
    what = measures[0] if len(measures) == 1 else "Each team's latest measure"
    return qic(
        panels,
        x="x",
        y="value",
        chart="run",
        facets="panel",
        title=what,
        xlab="Period",
    )


# ------------------------------------------------------------------------ export


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy Excel and CSV can hold: UK local times without a zone, lists and
    dicts as JSON text.

    Examples
    --------
    >>> f = pd.DataFrame({"at": pd.to_datetime(["2026-06-01 09:00"], utc=True),
    ...                   "draws": [[{"red": 9}]]})
    >>> excel_safe(f).iloc[0].tolist()
    [Timestamp('2026-06-01 10:00:00'), '[{"red": 9}]']
    """
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            out[col] = series.dt.tz_convert("Europe/London").dt.tz_localize(None)
        elif series.dtype == object:
            if series.map(lambda v: isinstance(v, list | dict | tuple)).any():
                out[col] = series.map(
                    lambda v: (
                        json.dumps(v, ensure_ascii=False, default=str)
                        if isinstance(v, list | dict | tuple)
                        else v
                    )
                )
    return out


def teams_sentence(teams: list[str]) -> str:
    """ "3 teams: A, B and C." """
    if not teams:
        return "No team has joined yet."
    return f"{plural(len(teams), 'team')}: {join_words(teams)}."
