"""Concurrent writers lose nothing; a killed writer leaves the store consistent.

Workers are separate processes (multiprocessing's forkserver: each worker is forked
from a clean server process that never opened a database, so no connection crosses
a fork), each with its own connection to one SQLite store in tmp_path.

Both tests are ``slow``. Under the quick local (hypothesis ``dev``) profile 8 writers
run at once; in CI (the ``ci`` profile) 30, a workshop's worth.
``QIKIT_STRESS_WORKERS`` sets the number either way.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from qikit.store import open_store
from tests.store import workers

_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if _CI else "dev")
#: Writers at once: 30 in CI, 8 for a quick local run, or QIKIT_STRESS_WORKERS.
WORKERS = int(os.environ.get("QIKIT_STRESS_WORKERS", 30 if _PROFILE == "ci" else 8))
#: Each writer appends 50 points (in transactions of 5) and 5 PDSA cycles.
POINTS, CYCLES, PER_TRANSACTION = 50, 5, 5
#: Writers share six teams (worker % 6).
TEAMS = min(WORKERS, 6)
#: The killed writer's transactions hold this many points each.
BATCH = 7


@pytest.fixture(scope="module")
def context() -> multiprocessing.context.BaseContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(workers.PRELOAD)
    return ctx


def _check_consistent(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        raw.execute("PRAGMA foreign_keys = ON")
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    raw.close()


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(tmp_path, context):
    assert WORKERS >= 2, "QIKIT_STRESS_WORKERS: use at least 2 writers"
    path = tmp_path / "busy.sqlite3"  # created by the workers themselves, at once
    go = tmp_path / "go"
    processes = [
        context.Process(
            target=workers.appender,
            args=(str(path), worker, str(go), POINTS, CYCLES, PER_TRANSACTION),
        )
        for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    go.touch()
    deadline = time.monotonic() + 180
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    alive = [p for p in processes if p.is_alive()]
    for process in alive:
        process.kill()
    assert not alive, "workers still running after 180 s"
    assert [p.exitcode for p in processes] == [0] * WORKERS

    _check_consistent(path)
    with open_store(path) as store:
        data = store.measure_data(workers.COHORT)
        assert len(data) == WORKERS * POINTS
        counts = data.groupby("recorded_by").size()
        assert counts.to_dict() == {f"Learner {w}": POINTS for w in range(WORKERS)}
        for worker in range(WORKERS):  # every value where it belongs
            mine = data[data["recorded_by"] == f"Learner {worker}"]
            assert sorted(mine["x"]) == list(range(POINTS))
            assert set(mine["y"]) == {float(worker)}
        cycles = store.pdsa_cycles(workers.COHORT)
        assert len(cycles) == WORKERS * CYCLES
        assert cycles.groupby("project").size().eq(CYCLES).all()
        assert len(store.game_results(workers.COHORT, "red beads")) == WORKERS
        overview = store.cohort_overview(workers.COHORT)
        assert overview["team"].tolist() == [f"Team {i}" for i in range(TEAMS)]
        assert overview["projects"].sum() == WORKERS
        assert overview["points"].sum() == WORKERS * POINTS
        assert overview["cycles"].sum() == WORKERS * CYCLES
        projects = store.list_projects(workers.COHORT)
        changes = 1 + POINTS // PER_TRANSACTION + CYCLES
        assert projects["revision"].eq(changes).all()
        assert store.schema_version == 2


@pytest.mark.slow
def test_killed_writer_leaves_the_store_consistent(tmp_path, context):
    path = tmp_path / "killed.sqlite3"
    for round_ in range(3):
        writer = context.Process(
            target=workers.batch_writer, args=(str(path), 0, BATCH)
        )
        writer.start()
        deadline = time.monotonic() + 60
        target = 10 * (round_ + 1) * BATCH
        while time.monotonic() < deadline:  # let it commit some batches, then kill
            with open_store(path) as store:
                try:
                    count = len(store.measure_data(workers.COHORT))
                except LookupError:
                    count = 0
            if count >= target:
                break
            time.sleep(0.02)
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(timeout=30)
        assert writer.exitcode == -signal.SIGKILL

        _check_consistent(path)
        with open_store(path) as store:
            data = store.measure_data(workers.COHORT)
            assert len(data) >= target
            assert len(data) % BATCH == 0, "a batch was half-written"
            # the x values are 0, 1, 2, ... in whole batches, without gaps
            assert sorted(data["x"]) == list(range(len(data)))
            # each batch is followed by its cycle, c0, c1, ...: every cycle stored
            # is whole and belongs to a stored batch
            cycles = store.pdsa_cycles(workers.COHORT)
            assert 0 < len(cycles) <= len(data) // BATCH
            numbers = [int(key[1:]) for key in cycles["cycle_id"]]
            assert max(numbers) < len(data) // BATCH
            assert cycles["objective"].tolist() == [f"Test {i}" for i in numbers]
            # and the store takes new writes; the next writer goes on after them
            measure = int(data["measure_id"].iloc[0])
            store.append_points([(len(data) + k, 2.0) for k in range(BATCH)], measure)
            project = store.load_project(workers.COHORT, "Team 0", "Project 0")
            assert len(project.measures[0].data) == len(data) + BATCH
            store.save_project(project, workers.COHORT, "Team 0")
