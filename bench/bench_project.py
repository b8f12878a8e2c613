"""Benchmark: save and load a large project file (``*.qiproj.json``).

The project has ``--measures`` measures (default 10) of ``--weeks`` weekly points
(default 104, two years; every other measure has a denominator ``n``), a driver
diagram whose change ideas link to the measures, ``--cycles`` PDSA cycles (default
200, every stage filled in) and 50 notes: a busy project after two years.

Times, best of ``--repeats`` runs after one warm-up run, with a garbage collection
before each run:

* ``to bytes``: :func:`project_to_bytes` (``to_dict`` of every part, JSON text);
* ``from bytes``: :func:`project_from_bytes` (parse, check, build every part);
* ``save``: :func:`save_project` (to bytes, read back to check, then written to a
  temporary file, flushed with ``fsync``, renamed over the old file, folder
  flushed);
* ``load``: :func:`load_project` from the file.

``--exports`` also times the Excel and CSV exports, and ``--storyboard`` the HTML
storyboard (ten charts, each marked with its PDSA cycles, and the driver diagram).

This is a benchmark, not a test: the numbers depend on the machine and on what else
it is doing. Usage::

    python bench/bench_project.py
    python bench/bench_project.py --repeats 5 --exports
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from qikit import __version__
from qikit.improve.aims import Aim
from qikit.improve.driver import DriverDiagram
from qikit.improve.measures import Measure, OperationalDefinition
from qikit.improve.pdsa import PDSACycle
from qikit.improve.project import (
    Note,
    Project,
    load_project,
    project_from_bytes,
    project_to_bytes,
    save_project,
)

UTC = dt.UTC


def build_project(measures: int, weeks: int, cycles: int, seed: int = 2026) -> Project:
    """A large, complete project with seeded random data."""
    rng = np.random.default_rng(seed)
    x = pd.date_range("2023-01-02", periods=weeks, freq="W-MON")
    kinds = ["outcome", "process", "balancing"]
    family = []
    for k in range(measures):
        if k % 2:
            n = rng.integers(20, 60, weeks)
            data = pd.DataFrame({"x": x, "y": rng.binomial(n, 0.6), "n": n})
            unit, chart = "%", "p"
        else:
            data = pd.DataFrame({"x": x, "y": rng.normal(40, 6, weeks).round(1)})
            unit, chart = "minutes", "i"
        family.append(
            Measure(
                f"Measure {k + 1}",
                kind=kinds[k % 3],
                unit=unit,
                chart_type=chart,
                improvement="increase" if k % 2 else "decrease",
                goal=80.0 if k % 2 else 30.0,
                id=f"m{k + 1}",
                data=data,
                definition=OperationalDefinition(
                    numerator="Patients whose record is complete",
                    denominator="Patients seen" if k % 2 else "",
                    inclusions="All adults",
                    data_source="Ward audit",
                    frequency="Weekly",
                    sampling="All",
                    collected_by="Charge nurse",
                ),
            )
        )
    diagram = DriverDiagram(aim="Halve waiting times in the clinic by March 2025")
    ideas = []
    for p in range(5):
        primary = diagram.add_primary(f"Primary driver {p + 1}")
        for s in range(3):
            secondary = diagram.add_secondary(
                f"Secondary {p + 1}.{s + 1}", parent=primary
            )
            for c in range(3):
                ideas.append(
                    diagram.add_change_idea(
                        f"Change idea {p + 1}.{s + 1}.{c + 1}",
                        parent=secondary,
                        measures=[f"m{(len(ideas) % measures) + 1}"],
                    )
                )
    log = []
    start = dt.date(2023, 2, 6)
    for k in range(cycles):
        begin = start + dt.timedelta(days=3 * k)
        cycle = PDSACycle(
            f"Test number {k + 1} of the change on a small scale",
            change_idea=ideas[k % len(ideas)],
            questions=["Will staff use it?", "How long does it take?"],
            predictions=["Staff will use it 4 times in 5", "It takes 2 minutes"],
            start=begin,
            end=begin + dt.timedelta(days=4),
            scale="one clinic session",
            belief="moderate",
            id=f"k{k + 1}",
        )
        cycle.record_plan(
            who="Nurse in charge", what="The new form", where="Clinic 2",
            when="Monday to Friday", data="Tally sheet",
        )  # fmt: skip
        cycle.record_do("Used at 18 of 22 appointments", surprises="Patients liked it")
        cycle.record_study(
            "18 of 22 (82%)",
            comparison="Close to the prediction",
            learning="The form works when it is on the desk",
        )
        cycle.record_act("adapt", next_cycle="Try it in clinic 3")
        log.append(cycle)
    notes = [
        Note(
            f"Note {k + 1}: what the team noticed this fortnight.",
            date=dt.date(2023, 1, 9) + dt.timedelta(days=14 * k),
            author="Team lead",
            key_learning=k % 10 == 0,
            id=f"n{k + 1}",
        )
        for k in range(50)
    ]
    aim = Aim(
        what="reduce the time from arrival to being seen",
        who="adults attending the clinic",
        baseline=60,
        goal=30,
        unit="minutes",
        by="2025-03-31",
        why="Long waits worry patients and crowd the waiting room.",
        measure="m1",
    )
    return Project(
        "Shorter waits in the clinic",
        team="Outpatients",
        members=["Aisha", "Ben", "Chloe"],
        aim=aim,
        measures=family,
        driver_diagram=diagram,
        pdsa_cycles=log,
        notes=notes,
        created=dt.datetime(2023, 1, 2, 9, tzinfo=UTC),
        id="bench",
    )


def best_of(function: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(best, median) wall-clock seconds over ``repeats`` runs after one warm-up."""
    function()
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=10)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--exports", action="store_true", help="time Excel and CSV")
    parser.add_argument("--storyboard", action="store_true", help="time the storyboard")
    args = parser.parse_args(argv)

    project = build_project(args.measures, args.weeks, args.cycles)
    data = project_to_bytes(project)
    folder = Path(tempfile.mkdtemp(prefix="qikit-bench-"))
    path = folder / "bench.qiproj.json"
    save_project(project, path, touch=False)
    if load_project(path) != project:
        print("ERROR: the loaded project differs from the saved one", file=sys.stderr)
        return 1

    python = platform.python_version()
    print(f"qikit {__version__}, Python {python}, {platform.platform()}")
    print(
        f"project: {args.measures} measures x {args.weeks} weekly points, "
        f"{args.cycles} PDSA cycles, {len(project.notes)} notes, "
        f"{len(project.driver_diagram.nodes)} driver diagram boxes"
    )
    lines = data.count(b"\n")
    print(f"file: {len(data):,} bytes, {lines:,} lines")
    print(f"best and median of {args.repeats} runs (seconds):")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("to bytes", lambda: project_to_bytes(project)),
        ("from bytes", lambda: project_from_bytes(data)),
        ("save (atomic, checked)", lambda: save_project(project, path, touch=False)),
        ("load", lambda: load_project(path)),
    ]
    if args.exports:
        from qikit.improve.export import export_csv, export_excel

        cases += [
            ("export Excel", lambda: export_excel(project, folder / "bench.xlsx")),
            ("export CSV", lambda: export_csv(project, folder / "csv")),
        ]
    if args.storyboard:
        import matplotlib

        matplotlib.use("Agg")
        from qikit.improve.export import storyboard_html

        cases.append(("storyboard HTML", lambda: storyboard_html(project)))
    for name, function in cases:
        best, median = best_of(function, args.repeats)
        print(f"  {name:<24} {best:8.3f} {median:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
