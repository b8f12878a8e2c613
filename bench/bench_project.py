"""Benchmark: save and load a large project file (``*.qiproj.json``).

The project is the Ashgrove House example (``qikit.improve.example_project()``)
scaled up: ``--measures`` measures (default 10) of ``--weeks`` weekly points
(default 104, two years; two measures in three have a denominator ``n``), a
64-box driver diagram whose change ideas link to the measures, ``--cycles`` PDSA
cycles (default 200, every stage filled in) and 50 notes: a busy project after
two years.

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

from qikit._version import __version__
from qikit.improve import (
    Measure,
    Note,
    PDSACycle,
    Project,
    example_project,
    load_project,
    project_from_bytes,
    project_to_bytes,
    save_project,
)

UTC = dt.UTC


def build_project(measures: int, weeks: int, cycles: int, seed: int = 2026) -> Project:
    """The Ashgrove House example project (``example_project()``) scaled up.

    Its three measures are repeated ``measures`` times in all, each with ``weeks``
    weekly points of seeded random data near the example's own levels; its driver
    diagram grows to 64 boxes (three more primary drivers, each with three secondary
    drivers of three change ideas, linked to the measures); its four PDSA cycles,
    every stage filled in, repeat to ``cycles`` cycles testing those ideas; and it
    has 50 notes.
    """
    rng = np.random.default_rng(seed)
    project = example_project()
    project.id = "bench"
    x = pd.date_range("2023-01-02", periods=weeks, freq="W-MON")
    family = []
    for k in range(measures):
        template = project.measures[k % len(project.measures)]
        spec = template.to_dict() | {"id": f"m{k + 1}", "data": None}
        spec["name"] = f"{template.name} ({k + 1})"
        y = template.data["y"].to_numpy()
        if "n" in template.data:
            n = rng.integers(20, 60, weeks) * (30 if template.chart_type == "u" else 1)
            share = np.nanmean(y / template.data["n"].to_numpy())
            spec["data"] = pd.DataFrame({"x": x, "y": rng.binomial(n, share), "n": n})
        else:
            level, spread = np.nanmean(y), np.nanstd(y)
            values = rng.normal(level, spread, weeks).round(1)
            spec["data"] = pd.DataFrame({"x": x, "y": values})
        family.append(Measure.from_dict(spec))
    renamed = {m.id: family[k].id for k, m in enumerate(project.measures)}
    project.measures = family
    diagram = project.driver_diagram
    ideas = [node.id for node in diagram.change_ideas]
    for p in range(3):
        primary = diagram.add_primary(f"More primary driver {p + 1}")
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
    for node in diagram.nodes:  # the example's links, to the renamed measures
        node.measures = [renamed.get(m, m) for m in node.measures]
        node.pdsa = []
    ramp = project.pdsa_cycles
    log = []
    for k in range(cycles):
        spec = ramp[k % len(ramp)].to_dict()
        begin = dt.date(2023, 2, 6) + dt.timedelta(days=3 * k)
        spec |= {
            "id": f"k{k + 1}",
            "change_idea": ideas[k % len(ideas)],
            "start": begin.isoformat(),
            "end": (begin + dt.timedelta(days=4)).isoformat(),
        }
        log.append(PDSACycle.from_dict(spec))
    project.pdsa_cycles = log
    project.notes = [
        Note(
            f"Note {k + 1}: what the team noticed this fortnight.",
            date=dt.date(2023, 1, 9) + dt.timedelta(days=14 * k),
            author="Team lead",
            key_learning=k % 10 == 0,
            id=f"n{k + 1}",
        )
        for k in range(50)
    ]
    project.aim.measure = "m1"
    return project


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
        from qikit.improve import export_csv, export_excel

        cases += [
            ("export Excel", lambda: export_excel(project, folder / "bench.xlsx")),
            ("export CSV", lambda: export_csv(project, folder / "csv")),
        ]
    if args.storyboard:
        import matplotlib

        matplotlib.use("Agg")
        from qikit.plot.storyboard import storyboard_html

        cases.append(("storyboard HTML", lambda: storyboard_html(project)))
    for name, function in cases:
        best, median = best_of(function, args.repeats)
        print(f"  {name:<24} {best:8.3f} {median:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
