"""plot_qic and to_html on results from the real engine (qikit.qic).

Also renders one chart of every type (to ``$QIKIT_PLOT_GALLERY`` when set, to look at
them; otherwise to a temporary folder) and checks that no text on it overlaps.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import os
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from qikit.plot import plot_qic, to_html
from tests.plot.conftest import CHARTS, engine_available

pytestmark = pytest.mark.skipif(not engine_available(), reason="engine not built yet")

ENGINE_MODULES = ("qic", "limits", "rules", "_prepare", "_segments", "constants")


def qic(*args, **kwargs):
    import qikit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # short baselines in small examples
        return qikit.qic(*args, **kwargs)


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    rng = np.random.default_rng(2024)
    size = 30
    step = (np.arange(size) >= 18).astype(float)
    n = rng.integers(60, 260, size)
    return pd.DataFrame(
        {
            "month": pd.date_range("2022-01-01", periods=size, freq="MS"),
            "n": n,
            "seen": rng.binomial(n, 0.55 + 0.15 * step),
            "infections": rng.poisson(n * (0.02 - 0.008 * step)),
            "ulcers": rng.poisson(9 - 4 * step),
            "minutes": np.round(rng.normal(42 - 6 * step, 4), 1),
            "days": np.round(rng.exponential(12 + 20 * step), 1),
        }
    )


@pytest.fixture(scope="module")
def subgroups() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    weeks = pd.date_range("2024-01-01", periods=25, freq="W")
    sizes = rng.integers(3, 8, len(weeks))  # unequal subgroups: stepped limits
    return pd.DataFrame(
        {
            "week": np.repeat(weeks, sizes),
            "minutes": rng.normal(np.repeat(60 - 8 * (np.arange(25) >= 15), sizes), 9),
        }
    )


def chart_of(chart: str, data: pd.DataFrame, subgroups: pd.DataFrame, **extra):
    """A realistic chart of each type, as a workshop would show it."""
    common = {"xlab": "Month", "title": f"{chart} chart", **extra}
    if chart in ("xbar", "s"):
        return qic(
            subgroups,
            x="week",
            y="minutes",
            chart=chart,
            ylab="Minutes",
            **{**common, "xlab": "Week"},
        )
    if chart in ("p", "pp"):
        return qic(
            data,
            x="month",
            y="seen",
            n="n",
            chart=chart,
            multiply=100,
            ylab="% seen within 4 hours",
            **common,
        )
    if chart in ("u", "up"):
        return qic(
            data,
            x="month",
            y="infections",
            n="n",
            chart=chart,
            multiply=1000,
            improvement="decrease",
            ylab="Infections per 1,000 line days",
            **common,
        )
    if chart == "c":
        return qic(
            data,
            x="month",
            y="ulcers",
            chart="c",
            improvement="decrease",
            ylab="Pressure ulcers",
            **common,
        )
    if chart in ("t", "g"):
        return qic(
            data, x="month", y="days", chart=chart, ylab="Days between falls", **common
        )
    return qic(
        data,
        x="month",
        y="minutes",
        chart=chart,
        improvement="decrease",
        ylab="Minutes to antibiotics",
        **common,
    )


def lines(ax, gid):
    return [line for line in ax.get_lines() if line.get_gid() == gid]


def stairs(ax, gid) -> np.ndarray:
    return np.concatenate(
        [np.asarray(line.get_ydata(), float)[::2] for line in lines(ax, gid)]
    )


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_type_draws_the_frames_lines_and_points(chart, data, subgroups):
    result = chart_of(chart, data, subgroups)
    frame = result.frame
    ax = plot_qic(result)
    np.testing.assert_allclose(stairs(ax, "qikit-cl"), frame["cl"])
    if frame["ucl"].notna().any():
        np.testing.assert_allclose(stairs(ax, "qikit-ucl"), frame["ucl"])
    (data_line,) = lines(ax, "qikit-data")
    y = np.asarray(data_line.get_ydata(), float)
    np.testing.assert_allclose(y[~np.isnan(y)], frame["y"].dropna())
    drawn = sum(
        len(line.get_ydata())
        for state in frame["point_type"].unique()
        for line in lines(ax, f"qikit-{state}")
    )
    assert drawn == frame["y"].notna().sum()


def test_unequal_subgroups_give_stepped_limits(data, subgroups):
    result = chart_of("xbar", data, subgroups)
    ax = plot_qic(result)
    upper = stairs(ax, "qikit-ucl")
    assert len(np.unique(np.round(upper, 9))) > 1
    np.testing.assert_allclose(upper, result.frame["ucl"])


def test_freeze_and_parts_with_the_engine(data, subgroups):
    result = chart_of("p", data, subgroups, freeze=12)
    ax = plot_qic(result)
    assert [p for p in ax.patches if p.get_gid() == "qikit-baseline"]
    result = chart_of("i", data, subgroups, part=[18])
    ax = plot_qic(result, ax=plt.figure().add_subplot())
    assert len(lines(ax, "qikit-part-divider")) == 1
    assert len(lines(ax, "qikit-cl")) == 2


def test_facets_with_the_engine(data):
    wards = pd.concat([data.assign(ward=w) for w in ("A", "B", "C")])
    result = qic(wards, x="month", y="seen", n="n", chart="p", facets="ward")
    axes = plot_qic(result, annotations=[("2023-03-01", "PDSA 1")])
    assert len(axes) == 3
    assert [ax.get_title(loc="left") for ax in axes] == ["A", "B", "C"]


def test_the_result_methods_delegate(data, subgroups):
    result = chart_of("c", data, subgroups)
    ax = result.plot(annotations={"2022-06-01": "Mattress audit"})
    assert "Mattress audit" in [t.get_text() for t in ax.texts]
    assert result._repr_html_().startswith('<figure class="qikit-chart"')


def _forbid_engine(monkeypatch) -> None:
    """Make every function of the engine's computing modules raise."""

    def recompute(*args, **kwargs):
        raise AssertionError("the drawing layer must not recompute")

    for name in ENGINE_MODULES:
        module = importlib.import_module(f"qikit.charts.{name}")
        for attr, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == module.__name__:
                monkeypatch.setattr(module, attr, recompute)


@pytest.mark.parametrize("chart", ["run", "p", "xbar"])
def test_drawing_never_recomputes(chart, data, subgroups, monkeypatch):
    result = chart_of(chart, data, subgroups, part=None)
    summary_before = result.frame.copy()
    # the findings (the chart's text alternative) are the result's own output, built
    # once by the engine on first use; the drawing layer only reads them
    result.explain()
    _forbid_engine(monkeypatch)
    with pytest.raises(AssertionError, match="must not recompute"):
        importlib.import_module("qikit.charts.qic").qic(y=[1, 2, 3])
    plot_qic(result, annotations=[(result.frame["x"].iloc[3], "PDSA")])
    to_html(result)
    pd.testing.assert_frame_equal(result.frame, summary_before)  # nor changes it


# ---------------------------------------------------------------- the gallery


def _gallery_dir(tmp_path_factory) -> Path:
    chosen = os.environ.get("QIKIT_PLOT_GALLERY")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("gallery")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1


def _text_boxes(ax):
    """Window extents of every piece of text we place: labels, flags, titles."""
    boxes = []
    for text in ax.texts:
        if not text.get_visible() or not text.get_text():
            continue
        patch = text.get_bbox_patch()
        boxes.append((text.get_text(), (patch or text).get_window_extent()))
    for title in (ax.title, ax._left_title):
        if title.get_text():
            boxes.append((title.get_text(), title.get_window_extent()))
    return boxes


NOTES = [
    ("2022-09-01", "PDSA 1: safety huddle"),
    ("2022-11-01", "PDSA 2: checklist"),
    ("2023-01-01", "Spread to ward B"),
]


@pytest.mark.parametrize("chart", CHARTS)
def test_gallery_chart_is_readable(chart, data, subgroups, tmp_path_factory):
    result = chart_of(
        chart,
        data,
        subgroups,
        part=[12] if chart in ("i", "c") else None,
        freeze=12 if chart == "p" else None,
        target=60 if chart == "p" else None,
    )
    notes = NOTES if chart not in ("xbar", "s") else [("2024-03-03", "New triage")]
    ax = plot_qic(result, annotations=notes)
    fig = ax.figure
    fig.savefig(
        _gallery_dir(tmp_path_factory) / f"{chart}.png", dpi=100, bbox_inches="tight"
    )
    boxes = _text_boxes(ax)
    for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), f"{name_a!r} overlaps {name_b!r}"
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= ax.xaxis.get_tightbbox().y0 + 1  # below the axis labels
    figure_box = fig.bbox
    assert legend.x0 >= figure_box.x0 - 1 and legend.x1 <= figure_box.x1 + 1
