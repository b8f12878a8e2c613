"""Time qikit's drawing of one chart against a bare Matplotlib line plot.

    .venv/bin/python bench/bench_plot.py                 # the table
    .venv/bin/python bench/bench_plot.py --repeats 15 --cases ab
    .venv/bin/python bench/bench_plot.py --profile b     # cProfile of to_html, case b

What is timed, for each case (inputs seeded, ``numpy.random.default_rng(2026)``):

(a) a run chart of 24 monthly points;
(b) an I chart of 60 weekly points with the Making Data Count rules (icons), a
    target, two parts and four annotations;
(c) small multiples: 12 trusts x 24 months, p chart (``plot_facets``).

* **draw + PNG**: ``plot_qic`` on a new constrained-layout Figure of the chart's size
  (``plot_facets`` for case c), then ``fig.savefig(buffer, format="png", dpi=100)``:
  what ``result.plot()`` and saving cost.
* **to_html**: :func:`qikit.plot.to_html` (draw, PNG, alt text, findings), what the
  apps show after every change.
* **floor**: a bare Matplotlib line plot of the same points (one ``ax.plot`` with
  markers per panel, Matplotlib's default ticks, no layout engine) on a Figure of the
  same size, saved as PNG at the same dpi with Matplotlib's default settings. A
  chart cannot be drawn faster than this, so qikit's times are given as multiples of
  it, measured in the same run (the machine is shared: compare ratios, not seconds).

Times are the best of ``--repeats`` runs after a warm-up, with a garbage collection
before each (the house method, as in ``bench_qic.py``), by the wall clock and by this
process's CPU time: on a shared machine the CPU time says more about qikit's own
work, the wall clock what a person waits. Not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import os
import pstats
import sys
import time
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qikit  # noqa: E402
from qikit.plot import plot_facets, plot_qic, style, to_html  # noqa: E402

SEED = 2026
DPI = 100
TARGET_HTML = 0.200  # s, one chart's to_html on a quiet machine


def case_a():
    rng = np.random.default_rng(SEED)
    data = pd.DataFrame(
        {
            "month": pd.date_range("2023-01-01", periods=24, freq="MS"),
            "seen": np.round(rng.normal(70, 5, 24), 1),
        }
    )
    result = qikit.qic(data, x="month", y="seen", title="Patients seen in 4 hours")
    return result, None


def case_b():
    rng = np.random.default_rng(SEED)
    step = (np.arange(60) >= 40) * -4.0
    data = pd.DataFrame(
        {
            "week": pd.date_range("2024-01-01", periods=60, freq="W-MON"),
            "minutes": np.round(rng.normal(42 + step, 3), 1),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = qikit.qic(
            data,
            x="week",
            y="minutes",
            chart="i",
            rules="mdc",
            improvement="decrease",
            target=40,
            part=[40],
            title="Minutes from arrival to first assessment",
            ylab="Minutes",
        )
    weeks = data["week"]
    notes = [
        (weeks[10], "PDSA 1: triage nurse"),
        (weeks[22], "PDSA 2: new form"),
        (weeks[25], "PDSA 3: huddle"),
        (weeks[40], "Change adopted"),
    ]
    return result, notes


def case_c():
    rng = np.random.default_rng(SEED)
    months = pd.date_range("2022-04-01", periods=24, freq="MS")
    rows = []
    for k in range(12):
        n = rng.integers(300, 900, len(months))
        seen = rng.binomial(n, 0.75 + 0.01 * k)
        rows.append(
            pd.DataFrame({"trust": f"T{k + 1:02d}", "month": months, "y": seen, "n": n})
        )
    data = pd.concat(rows, ignore_index=True)
    result = qikit.qic(
        data, x="month", y="y", n="n", chart="p", multiply=100, facets="trust"
    )
    return result, None


CASES = {
    "a": ("run chart, 24 points", case_a),
    "b": ("I chart, 60 points, MDC icons, 4 annotations", case_b),
    "c": ("p chart, 12 facets x 24 points", case_c),
}


def _save(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def draw_and_png(result, notes) -> bytes:
    if result.facets is not None:
        fig = plot_facets(result, annotations=notes)
        try:
            return _save(fig)
        finally:
            plt.close(fig)  # pyplot made this figure
    fig = Figure(figsize=style.FIGSIZE, layout="constrained")
    plot_qic(result, ax=fig.add_subplot(), annotations=notes)
    return _save(fig)


def html(result, notes) -> str:
    return to_html(result, annotations=notes, dpi=DPI)


def floor(result, notes, size) -> bytes:
    """A bare line plot of the same points, one per panel, of the same size."""
    frame = result.frame
    fig = Figure(figsize=size)
    if result.facets is None:
        groups = [frame]
        axes = [fig.add_subplot()]
    else:
        groups = [g for _, g in frame.groupby(result.facets, sort=False)]
        ncols = 3
        nrows = -(-len(groups) // ncols)
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, group in zip(axes, groups, strict=False):
        ax.plot(group["x"].to_numpy(), group["y"].to_numpy(float), marker="o")
    return _save(fig)


def best_of(fn, repeats: int) -> tuple[float, float]:
    """Best wall-clock and best CPU time (this process) of ``repeats`` runs."""
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(repeats):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu)


def _size(result, notes) -> tuple[float, float]:
    if result.facets is None:
        return style.FIGSIZE
    fig = plot_facets(result, annotations=notes)
    size = tuple(fig.get_size_inches())
    plt.close(fig)
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--cases", default="abc")
    parser.add_argument("--profile", metavar="CASE", help="cProfile to_html of CASE")
    args = parser.parse_args(argv)

    if args.profile:
        result, notes = CASES[args.profile][1]()
        html(result, notes)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            html(result, notes)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(45)
        return 0

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"qikit {qikit.__version__}; load average {load:.2f}; best of {args.repeats}")
    header = (
        f"{'case':<48} {'clock':<5} {'floor':>7} {'draw+PNG':>9} {'x':>5} "
        f"{'to_html':>8} {'x':>5}"
    )
    print(header)
    print("-" * len(header))
    for key in args.cases:
        name, build = CASES[key]
        result, notes = build()
        size = _size(result, notes)
        t_floor = best_of(functools.partial(floor, result, notes, size), args.repeats)
        t_png = best_of(functools.partial(draw_and_png, result, notes), args.repeats)
        t_html = best_of(functools.partial(html, result, notes), args.repeats)
        for i, clock in enumerate(("wall", "cpu")):
            label = f"({key}) {name}" if i == 0 else ""
            print(
                f"{label:<48} {clock:<5} {t_floor[i]:7.3f} {t_png[i]:9.3f} "
                f"{t_png[i] / t_floor[i]:5.1f} {t_html[i]:8.3f} "
                f"{t_html[i] / t_floor[i]:5.1f}"
            )
    print(f"target: one chart's to_html <= {TARGET_HTML:.3f} s on a quiet machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
