"""Time the many-units views of qikit.spread against the engine's own calls.

    .venv/bin/python bench/bench_spread.py            # print the table
    .venv/bin/python bench/bench_spread.py --check    # also exit 1 if (a) > 1.2x

Inputs are seeded (``numpy.random.default_rng(2026)``), as in ``bench_qic.py``.

(a) 1,000 units x 60 months, I chart (each unit N(mu, sigma) with its own mu and
    sigma, 30% shifted by 1.5 sigma over the last 20 months):
    ``compare_units(df, y="y", x="x", unit="unit", chart="i")`` against
    ``qic(df, y="y", x="x", chart="i", facets="unit")``.
(b) the same shape, p chart (n from 50 to 500, y ~ Binomial(n, p), p raised 1.5x
    in 30% of units), ordered by signal: ``compare_units(..., n="n", chart="p",
    order="signal")`` against ``qic(..., n="n", chart="p", facets="unit")``.
(c) ``milestones_27_30`` (32 partnerships x 15 quarters, p chart), drawn to PNG:
    ``plot_units(compare_units(..., order="latest"))`` against
    ``plot_facets(qic(..., facets="cpp"))``.
(d) 20 measures x 32 units x 24 months, c charts with the MDC rules:
    ``summary_matrix(...)`` against 20 calls of ``qic(..., facets="unit",
    rules="mdc")`` with their ``summary()`` (where the icons come from).

(a) and (b) are the issue's target: the spread layer (limits and every signal of
every unit, each unit's signal class, latest value and order) within 1.2x of the
engine's single faceted call, so the spread layer adds almost nothing. As the
engine's ``summary()``, the one-row-per-unit DataFrame is assembled from those
arrays when ``.frame`` is first read, so it is not in the timed call. Before timing, (a)
checks that the unit table agrees with the engine's frame on every unit (latest
value, centre line, limits, counts of signals). (c) and (d) report the ratio to the
engine's own work, for information. Times are the best of ``--repeats`` runs after
a warm-up, with a garbage collection before each.
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from qikit.charts.qic import qic  # noqa: E402
from qikit.datasets import load_dataset  # noqa: E402
from qikit.errors import QikitWarning  # noqa: E402
from qikit.plot import plot_facets, plot_units  # noqa: E402
from qikit.spread import compare_units, summary_matrix  # noqa: E402

SEED = 2026
UNITS, MONTHS = 1_000, 60
TARGET = 1.2


def make_units(kind: str) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    unit = np.repeat(np.arange(UNITS), MONTHS)
    x = np.tile(np.arange(1, MONTHS + 1), UNITS)
    late = (x > MONTHS - 20) & np.repeat(rng.random(UNITS) < 0.3, MONTHS)
    if kind == "i":
        mu = np.repeat(rng.uniform(50, 150, UNITS), MONTHS)
        sd = np.repeat(rng.uniform(2, 20, UNITS), MONTHS)
        y = rng.normal(mu + 1.5 * sd * late, sd)
        return pd.DataFrame({"unit": unit, "x": x, "y": y})
    n = rng.integers(50, 501, UNITS * MONTHS)
    p = np.repeat(rng.uniform(0.05, 0.3, UNITS), MONTHS) * np.where(late, 1.5, 1.0)
    y = rng.binomial(n, np.minimum(p, 0.95))
    return pd.DataFrame({"unit": unit, "x": x, "y": y, "n": n})


def make_board() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    rows = 20 * 32 * 24
    measure = np.repeat([f"Measure {i + 1:02d}" for i in range(20)], 32 * 24)
    unit = np.tile(np.repeat([f"Unit {i + 1:02d}" for i in range(32)], 24), 20)
    month = np.tile(np.arange(1, 25), 20 * 32)
    y = rng.poisson(rng.uniform(3, 30, 20 * 32).repeat(24))
    assert y.size == rows
    return pd.DataFrame({"measure": measure, "unit": unit, "month": month, "y": y})


def best(spread, engine, repeats: int) -> tuple[float, float]:
    """Best times of the two calls, run in turn so that both meet the same load."""
    spread(), engine()  # warm-up
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for fn, out in ((spread, times[0]), (engine, times[1])):
            gc.collect()
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def check_units(df: pd.DataFrame) -> None:
    """The spread table agrees with the engine's frame, unit by unit."""
    res = compare_units(df, y="y", x="x", unit="unit", chart="i")
    f = qic(df, y="y", x="x", chart="i", facets="unit").frame
    last = f.groupby("unit").tail(1).set_index("unit")
    table = res.frame.set_index("unit")
    for col in ("cl", "lcl", "ucl"):
        np.testing.assert_allclose(table[col], last[col], rtol=1e-12)
    np.testing.assert_allclose(table["latest"], last["y"], rtol=1e-12)
    signals = f.groupby("unit")["signal"].sum()
    np.testing.assert_array_equal(table["signals"], signals.to_numpy())


def draw(fig) -> None:
    fig.savefig(io.BytesIO(), format="png", dpi=60)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", QikitWarning)
    rows = []

    di = make_units("i")
    check_units(di)
    spread, engine = best(
        lambda: compare_units(di, y="y", x="x", unit="unit", chart="i"),
        lambda: qic(di, y="y", x="x", chart="i", facets="unit"),
        args.repeats,
    )
    rows.append(("(a) 1,000 units x 60 months, I chart", spread, engine))

    dp = make_units("p")
    spread, engine = best(
        lambda: compare_units(
            dp, y="y", n="n", x="x", unit="unit", chart="p", order="signal"
        ),
        lambda: qic(dp, y="y", n="n", x="x", chart="p", facets="unit"),
        args.repeats,
    )
    rows.append(("(b) 1,000 units x 60 months, P chart, by signal", spread, engine))

    cpp = load_dataset("milestones_27_30")
    kw = dict(y="all_milestones", n="reviews", x="quarter", chart="p", multiply=100)
    spread, engine = best(
        lambda: draw(plot_units(compare_units(cpp, unit="cpp", order="latest", **kw))),
        lambda: draw(plot_facets(qic(cpp, facets="cpp", **kw))),
        max(1, args.repeats // 3),
    )
    rows.append(("(c) small multiples of 32 units, drawn", spread, engine))

    board = make_board()

    def by_measure():
        for _, part in board.groupby("measure", sort=False):
            qic(
                part,
                y="y",
                x="month",
                chart="c",
                rules="mdc",
                facets="unit",
                improvement="decrease",
                target=10,
            ).summary()

    spread, engine = best(
        lambda: summary_matrix(
            board,
            y="y",
            measure="measure",
            unit="unit",
            x="month",
            chart="c",
            improvement="decrease",
            target=10,
        ),
        by_measure,
        args.repeats,
    )
    rows.append(("(d) summary matrix, 20 measures x 32 units", spread, engine))

    print(f"{'case':52} {'spread':>10} {'engine':>10} {'ratio':>7}")
    for name, s, e in rows:
        print(f"{name:52} {s * 1000:8.1f}ms {e * 1000:8.1f}ms {s / e:6.2f}x")
    ratio = max(rows[0][1] / rows[0][2], rows[1][1] / rows[1][2])
    if args.check and ratio > TARGET:
        print(f"FAIL: the spread layer is {ratio:.2f}x the engine (target {TARGET}x)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
