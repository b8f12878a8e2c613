"""Benchmark: concurrent writers appending data points to one cohort store.

Each of ``--writers`` processes opens the same SQLite store, saves its own project
with one measure, waits for a common start signal, then appends ``--points`` data
points, ``--batch`` points per transaction (``--batch 1``, the default, is the worst
case: one transaction per point, as when learners type values one at a time). The
script then counts every row and checks the database.

Prints the time to append, transactions and points per second, the slowest and
fastest writer, and rows lost (must be 0). This is a benchmark, not a test: the
numbers depend on the disk and on what else the machine is doing.

Usage::

    python bench/bench_store.py                       # 30 writers x 1,000 points
    python bench/bench_store.py --batch 100           # 100 points per transaction
    python bench/bench_store.py --synchronous NORMAL  # compare with SQLite NORMAL
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import qikit.store.engine as engine
from qikit.improve.measures import Measure
from qikit.improve.project import Project
from qikit.store import open_store

COHORT = "Benchmark"


def _writer(path: str, worker: int, go: str, points: int, batch: int, sync: str, out):
    engine.SYNCHRONOUS = sync
    with open_store(path) as store:
        team = f"Team {worker % 6}"
        project = Project(
            f"Project {worker}",
            measures=[Measure("Audits done", kind="process", id="audits")],
        )
        store.save_project(project, COHORT, team)
        measure = store.measure_id(COHORT, team, project.name, "audits")
        deadline = time.monotonic() + 300
        while not Path(go).exists():
            if time.monotonic() > deadline:
                raise TimeoutError("no start signal")
            time.sleep(0.001)
        started = time.perf_counter()
        for start in range(0, points, batch):
            rows = [
                (i, float(worker)) for i in range(start, min(points, start + batch))
            ]
            store.append_points(rows, measure, recorded_by=f"Writer {worker}")
        out.put((worker, time.perf_counter() - started))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=30)
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1, help="points per transaction")
    parser.add_argument("--synchronous", default="FULL", choices=["FULL", "NORMAL"])
    parser.add_argument("--path", help="store file (default: a temporary folder)")
    args = parser.parse_args(argv)

    folder = tempfile.TemporaryDirectory(prefix="qikit-bench-")
    path = Path(args.path) if args.path else Path(folder.name) / "bench.sqlite3"
    go = Path(folder.name) / "go"
    with open_store(path):
        pass  # create the store before the writers start

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["qikit.store", "qikit.improve.project"])
    out = ctx.Queue()
    processes = [
        ctx.Process(
            target=_writer,
            args=(
                str(path),
                w,
                str(go),
                args.points,
                args.batch,
                args.synchronous,
                out,
            ),
        )
        for w in range(args.writers)
    ]
    for process in processes:
        process.start()
    time.sleep(1.0)  # let every writer open the store and save its project
    started = time.perf_counter()
    go.touch()
    times = dict(out.get(timeout=3600) for _ in processes)
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join(timeout=60)
    failed = [p.exitcode for p in processes if p.exitcode != 0]

    expected = args.writers * args.points
    with open_store(path) as store:
        data = store.measure_data(COHORT)
        per_writer = data.groupby("recorded_by").size()
    with sqlite3.connect(path) as raw:
        integrity = raw.execute("PRAGMA integrity_check").fetchone()[0]
    raw.close()
    transactions = args.writers * -(-args.points // args.batch)
    lost = expected - len(data)
    print(f"qikit cohort store benchmark (SQLite, synchronous={args.synchronous})")
    print(
        f"writers: {args.writers}, points each: {args.points:,}, "
        f"points per transaction: {args.batch}"
    )
    print(f"time to append:        {elapsed:8.2f} s (all writers, wall clock)")
    print(f"transactions/s:        {transactions / elapsed:8.0f}")
    print(f"points/s:              {expected / elapsed:8.0f}")
    fastest, slowest = min(times.values()), max(times.values())
    print(f"fastest, slowest:      {fastest:.2f} s, {slowest:.2f} s")
    print(f"rows expected, found:  {expected:,}, {len(data):,}")
    print(f"rows lost:             {lost}")
    complete = int((per_writer == args.points).sum())
    print(f"writers with all rows: {complete}/{args.writers}")
    print(f"integrity_check:       {integrity}")
    if failed:
        print(f"writers that failed:   {len(failed)} (exit codes {failed})")
    folder.cleanup()
    return 0 if lost == 0 and not failed and integrity == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
