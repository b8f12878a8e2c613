"""Fixtures for the drawing tests: the Agg backend, closed figures, fake results.

``FakeResult`` has exactly the attributes and frame columns of ``QicResult`` in the
engine contract, with made-up but coherent numbers: the drawing layer must work from
them alone, so the plot tests do not depend on the engine's arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

#: Columns of QicResult.frame, in the contract's order (facet column first if any).
FRAME_COLUMNS = [
    "x", "y", "n", "part", "part_label", "include", "baseline", "cl", "lcl", "ucl",
    "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s", "target", "sigma_signal", "runs_signal",
    "rule", "signal", "point_type",
]  # fmt: skip

CHARTS = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g")
_VARIABLE_N = ("p", "pp", "u", "up", "xbar", "s")


@dataclass
class FakeResult:
    """Stands in for qikit.charts.QicResult (attributes and methods of the contract)."""

    frame: pd.DataFrame
    chart: str = "i"
    rules: str = "anhoej"
    improvement: str = "increase"
    facets: str | None = None
    title: str | None = None
    ylab: str | None = None
    xlab: str | None = None
    multiply: float = 1
    target: float | None = None
    explained: list[str] = field(default_factory=list)

    def explain(self) -> str:
        return "\n".join(self.explained)

    def summary(self) -> pd.DataFrame:
        return self.frame.groupby("part", as_index=False)["cl"].first()

    def plot(self, ax=None, *, title=None, annotations=None, **kw):
        from qikit.plot import plot_qic

        return plot_qic(self, ax=ax, title=title, annotations=annotations, **kw)


def _values(chart: str, size: int, rng: np.random.Generator, n: np.ndarray):
    """Made-up y values for a chart type, with a step up two thirds of the way."""
    step = np.where(np.arange(size) >= size * 2 // 3, 1.0, 0.0)
    if chart in ("p", "pp"):
        return rng.binomial(n.astype(int), 0.3 + 0.2 * step) / n
    if chart in ("u", "up"):
        return rng.poisson(n * (0.8 + 0.5 * step)) / n
    if chart == "c":
        return rng.poisson(6 + 6 * step).astype(float)
    if chart in ("g", "t"):
        return np.round(rng.exponential(20 + 25 * step), 1)
    if chart == "s":
        return np.abs(rng.normal(4 + 2 * step, 1.0))
    if chart == "mr":
        return np.abs(np.diff(rng.normal(50, 5, size + 1)))
    return np.round(rng.normal(50 + 9 * step, 4, size), 1)


def make_frame(
    chart: str = "i",
    *,
    size: int = 24,
    x: str = "date",
    parts: list[int] | None = None,
    freeze: int | None = None,
    exclude: tuple[int, ...] = (),
    missing: tuple[int, ...] = (),
    target: float | None = None,
    improvement: str = "increase",
    rules: str = "anhoej",
    multiply: float = 1,
    seed: int = 1,
) -> pd.DataFrame:
    """A frame with the contract's columns; ``parts`` gives the first row of parts 2…"""
    rng = np.random.default_rng(seed)
    n = rng.integers(40, 220, size) if chart in _VARIABLE_N else np.full(size, np.nan)
    n = n.astype(float)
    y = _values(chart, size, rng, np.nan_to_num(n, nan=1.0)) * multiply
    y[list(missing)] = np.nan
    part = np.ones(size, int)
    for start in parts or []:
        part[start:] += 1
    xs = {
        "date": pd.date_range("2023-01-01", periods=size, freq="MS"),
        "number": np.arange(1, size + 1),
        "category": [f"Week {i + 1}" for i in range(size)],
    }[x]
    frame = pd.DataFrame(
        {"x": xs, "y": y, "n": n, "part": part, "part_label": part.astype(str)}
    )
    include = np.isfinite(y)
    include[list(exclude)] = False
    frame["include"] = include
    baseline = include.copy()
    if freeze is not None:
        baseline[freeze + 1 :] = False
    frame["baseline"] = baseline
    used = frame["y"].where(baseline)
    centre = (
        used.groupby(part).median() if chart == "run" else used.groupby(part).mean()
    )
    frame["cl"] = frame["part"].map(centre)
    spread = used.groupby(part).std().reindex(part).to_numpy()
    if chart in _VARIABLE_N:
        spread = spread * np.sqrt(np.nanmean(n) / n)  # limits that vary with n
    for k, name in ((3, ""), (2, "_2s"), (1, "_1s")):
        lower = frame["cl"] - k * spread
        frame[f"lcl{name}"] = lower.clip(lower=0) if chart != "i" else lower
        frame[f"ucl{name}"] = frame["cl"] + k * spread
    if chart == "run":
        for col in ("lcl", "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s"):
            frame[col] = np.nan
    frame["target"] = np.nan if target is None else float(target)
    return _add_signals(frame, improvement, rules)


def _add_signals(frame: pd.DataFrame, improvement: str, rules: str) -> pd.DataFrame:
    y, cl = frame["y"], frame["cl"]
    sigma = ((y > frame["ucl"]) | (y < frame["lcl"])) & frame["include"]
    side = np.sign(y - cl).where(frame["include"], 0).fillna(0)
    run_id = (side != side.shift()).cumsum()
    run_length = side.groupby(run_id).transform("size").where(side != 0, 0)
    in_shift = (run_length >= 8) & frame["include"]
    if rules == "anhoej":
        frame["runs_signal"] = in_shift.groupby(frame["part"]).transform("any")
        rule = np.where(sigma, "outside_limits", "")
    else:
        frame["runs_signal"] = in_shift.groupby(frame["part"]).transform("any")
        rule = np.where(sigma, "outside_limits", np.where(in_shift, "shift", ""))
    frame["sigma_signal"] = sigma
    frame["rule"] = rule
    frame["signal"] = sigma | (frame["rule"] != "")
    up = (y > cl).to_numpy()
    better = up if improvement == "increase" else ~up
    kind = np.where(better, "special_cause_improvement", "special_cause_concern")
    if improvement == "neutral":
        kind = np.full(len(frame), "special_cause_neutral")
    frame["point_type"] = np.where(frame["signal"], kind, "common_cause")
    return frame[FRAME_COLUMNS]


def make_result(
    chart: str = "i",
    *,
    facets: int = 0,
    title: str | None = None,
    ylab: str | None = None,
    xlab: str | None = None,
    **kw,
) -> FakeResult:
    """A FakeResult; ``facets=3`` stacks three frames under a column "ward"."""
    improvement = kw.get("improvement", "increase")
    rules = kw.get("rules", "anhoej")
    multiply = kw.get("multiply", 1)
    if facets:
        frames = [
            make_frame(chart, seed=s + 1, **kw).assign(ward=f"Ward {s + 1}")
            for s in range(facets)
        ]
        frame = pd.concat(frames, ignore_index=True)
        frame = frame[["ward", *FRAME_COLUMNS]]
    else:
        frame = make_frame(chart, **kw)
    target = kw.get("target")
    return FakeResult(
        frame=frame,
        chart=chart,
        rules=rules,
        improvement=improvement,
        facets="ward" if facets else None,
        title=title,
        ylab=ylab,
        xlab=xlab,
        multiply=multiply,
        target=target,
        explained=[
            f"This {chart} chart has {int(frame['y'].notna().sum())} points.",
            f"{int(frame['signal'].sum())} points show special cause variation.",
        ],
    )


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test starts and ends with no open figure."""
    plt.close("all")
    yield
    plt.close("all")


@pytest.fixture
def fake():
    """Factory for FakeResult objects: ``fake("p", parts=[12], freeze=8)``."""
    return make_result


def engine_available() -> bool:
    """True once the lead's engine (qikit.qic) can be imported."""
    try:
        import qikit

        return callable(getattr(qikit, "qic", None))
    except ImportError:
        return False
