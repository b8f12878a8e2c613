"""A cohort store filled as a workshop's apps fill it, for the trainer board's and
the programme dashboard's tests: red beads (one result per day), the funnel, the PDSA
game (its whole history after each test), drill rounds, quiz scores, and a project
per team with weekly falls and PDSA cycles."""

from __future__ import annotations

import datetime as dt

from qikit.improve.measures import Measure
from qikit.improve.pdsa import PDSACycle
from qikit.improve.project import Project
from qikit.sim import PDSAGame, funnel_experiment, red_beads, to_payload

COHORT = "Spring 2026"
TEAMS = ("Ward 3", "Ward 6")
WEEKS = 14


def project_name(team: str) -> str:
    return f"Fewer falls on {team}"


def record_red_beads(store, cohort: str, team: str, *, seed: int, days: int = 3):
    """What the red beads app stores: one result per day, with that day's draws."""
    experiment = red_beads(workers=4, days=days, seed=seed)
    for day in range(1, days + 1):
        today = experiment[experiment["day"] == day]
        store.record_game_result(
            {**to_payload(today), "day": day}, cohort, "red beads", team=team, round=day
        )
    return experiment


def record_pdsa_game(store, cohort: str, team: str, *, seed: int):
    """What the PDSA game stores: the game so far, after each test."""
    game = PDSAGame(seed=seed, team=team)
    first = PDSACycle("Time the helicopter as it is", id="pdsa-1")
    first.predict("About 2 seconds")
    game.test(first, runs=5)
    store.record_game_result(game.to_payload(), cohort, "pdsa game", team=team, round=1)
    second = PDSACycle("Longer wings", id="pdsa-2")
    second.predict("Longer wings fly longer")
    game.test(second, {"wing": "long"}, runs=5)
    store.record_game_result(game.to_payload(), cohort, "pdsa game", team=team, round=2)
    return game


#: The process measure of ``record_project(..., process=True)``.
PROCESS = "Risk assessed within 24 hours"


def record_project(
    store, cohort: str, team: str, *, shift: int = 0, process: bool = False
) -> None:
    """A project with weekly falls (a measure) and two PDSA cycles, one decided;
    with ``process=True`` also a share with a denominator, a direction and an aim
    (:data:`PROCESS`, 90% or more)."""
    measures = [Measure("Falls", kind="outcome", improvement="decrease")]
    if process:
        measures.append(
            Measure(
                PROCESS,
                kind="process",
                improvement="increase",
                target=90,
                chart_type="p",
                multiply=100,
            )
        )
    name = project_name(team)
    store.save_project(Project(name, measures=measures), cohort, team)
    measure = store.measure_id(cohort, team, name, "Falls")
    rows = [
        (dt.date(2026, 1, 5) + dt.timedelta(days=7 * i), 6 + (i % 3) - shift)
        for i in range(WEEKS)
    ]
    store.append_points(rows, measure)
    if process:
        share = store.measure_id(cohort, team, name, PROCESS)
        store.append_points(
            [
                (
                    dt.date(2026, 1, 5) + dt.timedelta(days=7 * i),
                    min(20, 12 + i // 2 + shift),
                    20,
                )
                for i in range(WEEKS)
            ],
            share,
        )
    first = PDSACycle(
        "Falls prompt card with one patient",
        change_idea="prompt-card",
        predictions=["Staff use it on 3 of 4 nights"],
        start="2026-02-02",
        id="card-1",
    )
    first.record_do("Used on 4 nights")
    first.record_study("Used every night")
    first.record_act("adapt")
    second = PDSACycle(
        "Prompt card for the whole bay",
        change_idea="prompt-card",
        predictions=["Used on most nights"],
        start="2026-02-16",
        id="card-2",
    )
    for cycle in (first, second):
        store.add_pdsa_cycle(cycle, cohort, team, name)


def fill(store, cohort: str = COHORT, teams=TEAMS, *, process: bool = False) -> str:
    """Every kind of result for each team of ``teams`` (``process``: as for
    :func:`record_project`)."""
    for t, team in enumerate(teams):
        record_red_beads(store, cohort, team, seed=10 + t)
        frame = funnel_experiment(rule=[1, 2, 3, 4], drops=30, seed=20 + t)
        store.record_game_result(
            to_payload(frame), cohort, "funnel", team=team, round=30
        )
        record_pdsa_game(store, cohort, team, seed=30 + t)
        store.record_game_result(
            {
                "score": 3 + t,
                "items": 5,
                "answered": 5,
                "hits": 2,
                "misses": 1,
                "false_alarms": t,
            },
            cohort,
            "signal or noise",
            team=team,
            round=1,
        )
        store.record_game_result(
            {
                "quiz": "Run charts",
                "quiz_id": "run-charts",
                "questions": 6,
                "score": 4 + t,
                "answered": 6,
            },
            cohort,
            "quiz",
            team=team,
            round=1,
        )
        record_project(store, cohort, team, shift=t, process=process)
    return cohort
