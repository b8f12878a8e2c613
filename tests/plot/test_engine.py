"""Drawing every chart type the engine makes, and drawing never recomputing.

Renders one chart of every type (to ``$QIKIT_PLOT_GALLERY`` when set, to look at
them; otherwise to a temporary folder) and checks that no text on it overlaps.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import itertools
import os
import pkgutil
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import qikit
import qikit.charts
from qikit.plot import plot_facets, plot_qic, to_html
from tests.plot.helpers import CHARTS, boxes_overlap, lines, stairs, text_boxes

#: Modules of the chart engine that compute; the result, its vocabulary and its
#: findings only describe what was computed.
ENGINE_MODULES = tuple(
    module.name
    for module in pkgutil.iter_modules(qikit.charts.__path__)
    if module.name not in ("result", "vocabulary", "explain")
)


def qic(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # short baselines in small examples
        return qikit.qic(*args, **kwargs)


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


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_type_draws_the_frames_lines_and_points(chart, monthly, subgroups):
    result = chart_of(chart, monthly, subgroups)
    frame = result.frame
    ax = plot_qic(result)
    np.testing.assert_allclose(stairs(ax, "qikit-cl"), frame["cl"])
    if frame["ucl"].notna().any():
        np.testing.assert_allclose(stairs(ax, "qikit-ucl"), frame["ucl"])
    (data_line,) = lines(ax, "qikit-data")
    y = np.asarray(data_line.get_ydata(), float)
    np.testing.assert_allclose(y[~np.isnan(y)], frame["y"].dropna())
    # neutral signals high and low share one style ("special_cause_neutral")
    states = frame["point_type"].str.replace(r"_(high|low)$", "", regex=True)
    drawn = sum(
        len(line.get_ydata())
        for state in states.unique()
        for line in lines(ax, f"qikit-{state}")
    )
    assert drawn == frame["y"].notna().sum()


def test_unequal_subgroups_give_stepped_limits(monthly, subgroups):
    result = chart_of("xbar", monthly, subgroups)
    ax = plot_qic(result)
    upper = stairs(ax, "qikit-ucl")
    assert len(np.unique(np.round(upper, 9))) > 1
    np.testing.assert_allclose(upper, result.frame["ucl"])


def test_freeze_and_parts_with_the_engine(monthly, subgroups):
    result = chart_of("p", monthly, subgroups, freeze=12)
    ax = plot_qic(result)
    assert [p for p in ax.patches if p.get_gid() == "qikit-baseline"]
    result = chart_of("i", monthly, subgroups, part=[18])
    ax = plot_qic(result, ax=plt.figure().add_subplot())
    assert len(lines(ax, "qikit-part-divider")) == 1
    assert len(lines(ax, "qikit-cl")) == 2


def test_facets_with_the_engine(monthly):
    wards = pd.concat([monthly.assign(ward=w) for w in ("A", "B", "C")])
    result = qic(wards, x="month", y="seen", n="n", chart="p", facets="ward")
    axes = plot_facets(result, annotations=[("2023-03-01", "PDSA 1")]).axes
    assert len(axes) == 3
    assert [ax.get_title(loc="left") for ax in axes] == ["A", "B", "C"]


def test_the_result_methods_delegate(monthly, subgroups):
    result = chart_of("c", monthly, subgroups)
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


@dataclasses.dataclass
class DrawnOnly:
    """The one fake result: what a real result holds, copied into a plain object.

    The frame, the attributes, the summary table and the findings of a real result,
    with no engine behind them: if drawing needed anything else, it would fail here.
    """

    frame: pd.DataFrame
    chart: str
    rules: str
    improvement: str | None
    facets: str | None
    title: str
    ylab: str
    xlab: str
    multiply: float
    target: float | None
    findings: str
    table: pd.DataFrame

    @classmethod
    def of(cls, result: qikit.QicResult) -> DrawnOnly:
        names = [f.name for f in dataclasses.fields(cls)][:10]
        copied = {name: getattr(result, name) for name in names}
        copied["frame"] = result.frame.copy()
        return cls(**copied, findings=result.explain(), table=result.summary())

    def summary(self) -> pd.DataFrame:
        return self.table.copy()

    def explain(self) -> str:
        return self.findings


def _cases(monthly, subgroups):
    wards = pd.concat([monthly.assign(ward=w) for w in ("A", "B")])
    return {
        "run": chart_of("run", monthly, subgroups),
        "p": chart_of("p", monthly, subgroups, freeze=12),
        "xbar": chart_of("xbar", monthly, subgroups),
        "mdc": qic(monthly, x="month", y="minutes", chart="i", rules="mdc",
                   target=40, improvement="decrease"),
        "facets": qic(wards, x="month", y="seen", n="n", chart="p", rules="mdc",
                      target=0.6, facets="ward"),
    }  # fmt: skip


@pytest.mark.parametrize("case", ["run", "p", "xbar", "mdc", "facets"])
def test_drawing_never_recomputes(case, monthly, subgroups, monkeypatch, tmp_path):
    result = DrawnOnly.of(_cases(monthly, subgroups)[case])
    frame_before = result.frame.copy()
    _forbid_engine(monkeypatch)
    with pytest.raises(AssertionError, match="must not recompute"):
        importlib.import_module("qikit.charts.qic").qic(y=[1, 2, 3])
    notes = [(result.frame["x"].iloc[3], "PDSA")]
    if result.facets:
        plot_facets(result, annotations=notes)
    else:
        plot_qic(result, annotations=notes)
    to_html(result)
    pd.testing.assert_frame_equal(result.frame, frame_before)  # nor changes it


# ---------------------------------------------------------------- the gallery


def _gallery_dir(tmp_path_factory) -> Path:
    chosen = os.environ.get("QIKIT_PLOT_GALLERY")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("gallery")
    path.mkdir(parents=True, exist_ok=True)
    return path


NOTES = [
    ("2022-09-01", "PDSA 1: safety huddle"),
    ("2022-11-01", "PDSA 2: checklist"),
    ("2023-01-01", "Spread to ward B"),
]


GALLERY = [(chart, "anhoej") for chart in CHARTS] + [
    (chart, "mdc") for chart in ("run", "i", "p", "u")
]
#: Targets the MDC charts are checked against (assurance icons).
MDC_TARGETS = {"run": 40, "i": 40, "p": 60, "u": 15}


@pytest.mark.parametrize(("chart", "rules"), GALLERY)
def test_gallery_chart_is_readable(chart, rules, monthly, subgroups, tmp_path_factory):
    mdc = rules == "mdc"
    result = chart_of(
        chart,
        monthly,
        subgroups,
        rules=rules,
        part=[12] if chart in ("i", "c") and not mdc else None,
        freeze=12 if chart == "p" else None,
        target=MDC_TARGETS[chart] if mdc else 60 if chart == "p" else None,
    )
    notes = NOTES if chart not in ("xbar", "s") else [("2024-03-03", "New triage")]
    ax = plot_qic(result, annotations=notes)
    fig = ax.figure
    name = f"{chart}_{rules}.png"
    fig.savefig(_gallery_dir(tmp_path_factory) / name, dpi=100, bbox_inches="tight")
    boxes = text_boxes(ax)
    if mdc:
        assert any(
            text == "qikit-icon-variation" for text in [t.get_gid() for t in ax.texts]
        )
    for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2):
        assert not boxes_overlap(a, b, tol=1), f"{name_a!r} overlaps {name_b!r}"
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= ax.xaxis.get_tightbbox().y0 + 1  # below the axis labels
    figure_box = fig.bbox
    assert legend.x0 >= figure_box.x0 - 1 and legend.x1 <= figure_box.x1 + 1
