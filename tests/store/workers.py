"""Worker processes for the concurrency tests and the benchmark.

They run in processes started by ``multiprocessing`` (forkserver: a clean process
that has imported qikit once, so 30 workers start in well under a second), and talk
to the store only through its public API.
"""

from __future__ import annotations

import time
from pathlib import Path

from qikit.improve.measures import Measure
from qikit.improve.pdsa import PDSACycle
from qikit.improve.project import Project
from qikit.store import open_store

COHORT = "Concurrency 2025"
#: Modules the forkserver imports once, before it forks any worker.
PRELOAD = [
    "qikit.store",
    "qikit.improve.measures",
    "qikit.improve.pdsa",
    "qikit.improve.project",
    "tests.store.workers",
]


def wait_for(go: Path, limit: float = 120.0) -> None:
    """Block until the file ``go`` exists, so that every worker starts at once."""
    deadline = time.monotonic() + limit
    while not go.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no start signal {go}")
        time.sleep(0.005)


def project_for(worker: int) -> tuple[str, Project]:
    """Worker ``worker``'s team (six teams, shared) and its project (one measure)."""
    team = f"Team {worker % 6}"
    measure = Measure("Audits done", kind="process", id="audits")
    name = f"Project {worker}"
    return team, Project(name, team=team, measures=[measure], id=f"project-{worker}")


def appender(
    path: str, worker: int, go: str, points: int, cycles: int, batch: int = 1
) -> None:
    """Open the store, save a project, append ``points`` points in batches of
    ``batch`` and ``cycles`` PDSA cycles, and record one game result."""
    wait_for(Path(go))
    with open_store(path) as store:
        team, project = project_for(worker)
        store.save_project(project, COHORT, team)
        measure = store.measure_id(COHORT, team, project.name, "audits")
        who = f"Learner {worker}"
        for start in range(0, points, batch):
            rows = [
                (i, float(worker)) for i in range(start, min(points, start + batch))
            ]
            store.append_points(rows, measure, recorded_by=who)
        for j in range(cycles):
            cycle = PDSACycle(objective=f"Test {j}", change_idea="huddle", id=f"c{j}")
            store.add_pdsa_cycle(cycle, COHORT, team, project.name)
        store.record_game_result({"red": worker}, COHORT, "red beads", learner=who)


def batch_writer(path: str, worker: int, batch: int) -> None:
    """Append batches of ``batch`` points (x going on from the last point stored),
    each followed by a PDSA cycle, until killed."""
    with open_store(path) as store:
        team, project = project_for(worker)
        if store.list_cohorts().empty:
            store.save_project(project, COHORT, team)
        measure = store.measure_id(COHORT, team, project.name, "audits")
        who = f"Learner {worker}"
        done = len(store.measure_data(COHORT)) // batch
        for i in range(done, 10**9):
            store.append_points(
                [(i * batch + k, 1.0) for k in range(batch)], measure, recorded_by=who
            )
            cycle = PDSACycle(objective=f"Test {i}", change_idea="huddle", id=f"c{i}")
            store.add_pdsa_cycle(cycle, COHORT, team, project.name)
