"""Adapters for other Python SPC packages, timed on the benchmark inputs.

Neither package is a qikit dependency. Each adapter runs one series (one chart)
through the package's public compute call and returns what it found in a common
shape, so ``bench_qic.py`` can time a loop over series and compare the answers
with the floor. Neither package facets, so the loop over series is theirs, not
ours; it is the natural way to use them.

pyqicharts
    ``pyqicharts.tables.qic_table`` (the compute half of ``pyqicharts.qic``,
    which also draws a matplotlib figure) with ``exclude_mr_outliers=True`` for
    the I chart. Its Shewhart charts carry no Anhøj analysis (its I chart uses
    NHS-style shift and trend rules instead), so the runs analysis about the
    chart's centre line comes from ``pyqicharts.rules._evaluate``, the private
    function behind its public ``anhoej_rules`` (which works about the median
    only).
shewhart
    ``shewhart.imr`` and ``shewhart.p_chart`` with their default rules
    (``"nelson"``: Nelson 1 is "beyond the limits"). It has no Anhøj rules and
    does not screen moving ranges.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(slots=True)
class SeriesAnswer:
    """What a package found for one series."""

    values: np.ndarray  # the plotted values
    cl: float
    lcl: np.ndarray
    ucl: np.ndarray
    sigma_signal: np.ndarray
    runs_signal: bool | None  # None: the package has no Anhøj analysis


@dataclass(slots=True)
class Peer:
    name: str
    version: str
    i_chart: Callable[..., SeriesAnswer]
    p_chart: Callable[..., SeriesAnswer]
    # Anhøj runs signal of plotted values about a given CL, or None if it has none.
    runs: Callable[[np.ndarray, float], bool] | None
    # Series (facets) and points (single chart) to time by default; None = all.
    # A slow package is timed on a subset and the time scaled up, said in output.
    max_series: int | None
    max_points: int | None
    notes: tuple[str, ...]
    # Longest series whose runs analysis is feasible; longer ones are charted only.
    runs_max_points: int | None = None
    runs_skipped: str = ""


# pyqicharts' runs analysis is run on series up to this long (see runs_skipped).
PYQICHARTS_RUNS_MAX = 1_000


def _pyqicharts() -> Peer:
    pq = importlib.import_module("pyqicharts")
    from pyqicharts.rules import _evaluate
    from pyqicharts.tables import qic_table

    def runs(values: np.ndarray, cl: float) -> bool:
        return _evaluate(pd.Series(values), cl, "anhoej").any_signal

    def answer(t: pd.DataFrame) -> SeriesAnswer:
        v = t["plot_value"].to_numpy(float)
        lcl, ucl = t["lcl"].to_numpy(float), t["ucl"].to_numpy(float)
        cl = float(t["centre"].iloc[0])
        signal = runs(v, cl) if v.size <= PYQICHARTS_RUNS_MAX else None
        return SeriesAnswer(v, cl, lcl, ucl, (v > ucl) | (v < lcl), signal)

    def i_chart(g: pd.DataFrame) -> SeriesAnswer:
        return answer(qic_table(g, x="x", y="y", chart="i", exclude_mr_outliers=True))

    def p_chart(g: pd.DataFrame) -> SeriesAnswer:
        return answer(qic_table(g, x="x", y="y", chart="p", denominator="n"))

    return Peer(
        "pyqicharts",
        pq.__version__,
        i_chart,
        p_chart,
        runs,
        max_series=100,
        max_points=10_000,
        notes=(
            "pyqicharts: qic_table() per series (no facets); runs analysis by its "
            "private rules._evaluate() about the chart's CL (its Shewhart charts have "
            "no Anhøj rules)",
            "pyqicharts: I chart with exclude_mr_outliers=True, which also drops "
            "points with a screened MR from the CL",
        ),
        runs_max_points=PYQICHARTS_RUNS_MAX,
        runs_skipped=(
            "chart only, a lower bound: runs analysis skipped, O(n^4) in its "
            "crossings limit (58 s at 2,000 points)"
        ),
    )


def _shewhart() -> Peer:
    sw = importlib.import_module("shewhart")

    def beyond(result, chart: str, size: int) -> np.ndarray:
        flags = np.zeros(size, dtype=bool)
        for s in result.signals:
            if s.chart == chart and s.rule == "nelson_1":
                flags[list(s.points)] = True
        return flags

    def i_chart(g: pd.DataFrame) -> SeriesAnswer:
        r = sw.imr(g, value="y")
        st, k = r.stats, len(g)
        return SeriesAnswer(
            r.table["value"].to_numpy(float),
            st["i_center"],
            np.full(k, st["i_lcl"]),
            np.full(k, st["i_ucl"]),
            beyond(r, "i", k),
            None,
        )

    def p_chart(g: pd.DataFrame) -> SeriesAnswer:
        r = sw.p_chart(g, defectives="y", size="n")
        t = r.table
        return SeriesAnswer(
            t["proportion"].to_numpy(float),
            r.stats["p_center"],
            t["lcl"].to_numpy(float),
            t["ucl"].to_numpy(float),
            beyond(r, "attr", len(g)),
            None,
        )

    return Peer(
        "shewhart",
        sw.__version__,
        i_chart,
        p_chart,
        None,
        max_series=None,
        max_points=None,
        notes=(
            "shewhart: imr()/p_chart() per series (no facets) with its default Nelson "
            "rules; no Anhøj rules, no MR screening, d2 computed exactly (1.1284)",
        ),
    )


def load_peers() -> tuple[list[Peer], list[str]]:
    """Importable peers, and a printed reason for each one that is not."""
    peers, skipped = [], []
    for name, factory in (("pyqicharts", _pyqicharts), ("shewhart", _shewhart)):
        try:
            peers.append(factory())
        except ImportError as err:
            skipped.append(
                f"{name}: skipped, not importable ({err}); "
                f"`.venv/bin/pip install {name}` to time it (not a qikit dependency)"
            )
    return peers, skipped
