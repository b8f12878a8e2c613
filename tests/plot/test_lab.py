"""Drawing the drills and the rule-set laboratory (qikit/plot/lab.py)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from qikit.charts import qic
from qikit.errors import InputError
from qikit.plot import style
from qikit.plot.lab import (
    RULE_SET_STYLES,
    plot_drill,
    plot_rule_lab,
    plot_rule_sets,
    rule_set_title,
)
from qikit.sim import drill, judge, rule_lab

RULES = ("anhoej", "ihi", "mdc", "western_electric")
#: A rise of 7 points in a row: a trend for the IHI and Making Data Count rules only.
RISE = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 9, 10, 11, 12, 13, 14, 15, 12, 11]


def _ax():
    return Figure().add_subplot()


def _gids(ax) -> list[str]:
    return [str(line.get_gid()) for line in ax.get_lines()]


def _line(ax, gid):
    (line,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return line


def _legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.fixture(scope="module")
def outlier():
    """An I chart drill with one point far below the rest (flagged by every set)."""
    d = drill(kind="outlier", chart="i", seed=1)
    return d, judge(d, "signal").result


def test_before_the_answer_nothing_gives_the_verdict_away(outlier):
    d, result = outlier
    ax = plot_drill(result, ax=_ax())
    assert _gids(ax) == [
        "qikit-data",
        "qikit-points",
        "qikit-cl",
        "qikit-lcl",
        "qikit-ucl",
    ]
    points = _line(ax, "qikit-points")
    np.testing.assert_allclose(points.get_ydata(), d.data["y"].to_numpy(float))
    assert len(set(map(str, [points.get_marker()]))) == 1  # one look for every point
    assert _legend(ax) == ["Data", "Mean", "Control limits (3σ)"]


def test_revealed_the_flagged_point_is_marked_by_shape_and_ring(outlier):
    d, result = outlier
    ax = plot_drill(result, ax=_ax(), reveal=True, title="Chart 1")
    week = d.truth.start
    flagged = _line(ax, "qikit-flagged")
    ring = _line(ax, "qikit-outside")
    assert list(flagged.get_xdata()) == [week] == list(ring.get_xdata())
    assert flagged.get_marker() == style.POINT_STYLES["special_cause_neutral"].marker
    assert ring.get_markerfacecolor() == "none"  # a ring, not a colour only
    assert "Outside the control limits" in _legend(ax)
    assert ax.get_title(loc="left") == "Chart 1"


def test_a_run_signal_bands_its_points_and_colours_the_centre_line():
    d = drill(kind="shift", chart="run", size=3, seed=0)
    result = judge(d, "signal").result
    ax = plot_drill(result, ax=_ax(), reveal=True, ylabel="Minutes")
    band = _line(ax, "qikit-run-band")
    assert len(band.get_xdata()) == int(result.frame["signal"].sum()) > 0
    assert _line(ax, "qikit-cl").get_color() == style.LINE_STYLES["cl_runs"].color
    legend = _legend(ax)
    assert "Median" not in legend  # the only centre line is the non-random one
    assert "Centre line (non-random pattern)" in legend
    assert ax.get_ylabel() == "Minutes" and ax.get_xlabel() == "Week"
    assert "qikit-lcl" not in _gids(ax)  # a run chart has no limits


def test_p_charts_read_in_percent():
    result = drill(kind="random", chart="p", seed=3).qic()
    ax = plot_drill(result, ax=_ax(), show_legend=False)
    assert ax.get_legend() is None
    assert ax.yaxis.get_major_formatter()(0.25, 0).startswith("25")
    data = drill(kind="random", chart="p", seed=3).data
    percent = qic(data, y="y", n="n", chart="p", multiply=100)
    ax = plot_drill(percent, ax=_ax())  # already in percent: plain numbers
    assert ax.yaxis.get_major_formatter()(25, 0) != "2500%"
    assert "%" not in ax.yaxis.get_major_formatter()(25, 0)


def test_rule_sets_side_by_side_each_says_what_it_finds():
    charts = [qic(y=RISE, chart="i", rules=r) for r in RULES]
    fig = plot_rule_sets(charts, ylabel="Value")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == [
        "Anhøj rules: no signal",
        "IHI rules: 7 points flagged",
        "Making Data Count rules: 7 points flagged",
        "Western Electric rules: no signal",
    ]
    assert len({ax.get_ylim() for ax in fig.axes}) == 1  # one scale
    assert [ax.get_ylabel() for ax in fig.axes] == ["Value", "", "Value", ""]
    assert [ax.get_xlabel() for ax in fig.axes] == ["", "", "Point", "Point"]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[:3] == ["Data", "Mean", "Control limits (3σ)"]
    assert "Run signal (shift, trend …)" in labels


def test_an_odd_number_of_panels_hides_the_spare_one():
    fig = plot_rule_sets([qic(y=RISE, chart="run", rules=r) for r in RULES[:3]])
    assert [ax.get_visible() for ax in fig.axes] == [True, True, True, False]


def test_rule_set_title_names_a_pattern_with_no_point():
    # too few crossings: the Anhøj runs analysis fails without flagging a point
    result = drill(kind="random", chart="run", seed=47).qic()
    assert not result.frame["signal"].any() and result.frame["runs_signal"].any()
    assert rule_set_title(result) == "Anhøj rules: a non-random pattern"
    ax = plot_drill(result, ax=_ax(), reveal=True)
    assert "qikit-flagged" not in _gids(ax)
    assert _line(ax, "qikit-cl").get_color() == style.LINE_STYLES["cl_runs"].color


@pytest.fixture(scope="module")
def lab():
    return rule_lab(n=24, shift=(0, 1, 2), sims=300, seed=5)


def test_one_line_per_rule_set_in_its_own_style(lab):
    ax = plot_rule_lab(lab, ax=_ax())
    assert _gids(ax) == [f"qikit-rate-{r}-24" for r in RULES]
    for r in RULES:
        line = _line(ax, f"qikit-rate-{r}-24")
        rows = lab[lab["rules"] == r]
        np.testing.assert_allclose(line.get_xdata(), rows["shift"])
        np.testing.assert_allclose(line.get_ydata(), rows["signal_rate"])
        assert line.get_marker() == RULE_SET_STYLES[r]["marker"]
    markers = {_line(ax, f"qikit-rate-{r}-24").get_marker() for r in RULES}
    dashes = {_line(ax, f"qikit-rate-{r}-24").get_linestyle() for r in RULES}
    assert len(markers) == len(dashes) == 4  # told apart without colour
    assert _legend(ax) == [
        "Anhøj rules",
        "IHI rules",
        "Making Data Count rules",
        "Western Electric rules",
    ]
    assert ax.get_ylim() == (0, 1.02)
    assert ax.xaxis.get_major_formatter()(0, 0) == "0\n(no change)"
    assert "24 points in each chart; 300 simulated charts" in ax.texts[0].get_text()


def test_several_lengths_are_labelled_and_dashed_apart():
    frame = rule_lab(rules="anhoej", n=(12, 24), shift=(0, 2), sims=100, seed=2)
    ax = plot_rule_lab(frame, ax=_ax(), title="Anhøj")
    assert _legend(ax) == ["Anhøj rules, 12 points", "Anhøj rules, 24 points"]
    styles = [line.get_linestyle() for line in ax.get_lines()]
    assert styles[0] != styles[1]
    assert ax.get_title(loc="left") == "Anhøj"


def test_bad_arguments_are_messages(lab):
    with pytest.raises(
        InputError, match=r"^`frame`: not a rule-lab table \(got list\)"
    ):
        plot_rule_lab([1, 2])
    with pytest.raises(InputError, match=r"^`frame`: lacks the column 'se' "):
        plot_rule_lab(lab.drop(columns="se"))
    with pytest.raises(InputError, match=r"^`frame`: has no rows"):
        plot_rule_lab(lab.iloc[:0])
    with pytest.raises(
        InputError, match=r"^`ax`: must be a Matplotlib Axes \(got str\)"
    ):
        plot_rule_lab(lab, ax="left")
    with pytest.raises(InputError, match=r"^`result`: not a chart result"):
        plot_drill(pd.DataFrame({"y": [1]}))
    faceted = qic(
        pd.DataFrame({"y": [1, 2, 3, 4] * 6, "ward": ["A"] * 12 + ["B"] * 12}),
        y="y",
        facets="ward",
    )
    with pytest.raises(InputError, match=r"^`result`: this chart is split into facets"):
        plot_drill(faceted)
    with pytest.raises(InputError, match=r"^`results`: is empty \(got no charts\)"):
        plot_rule_sets([])
    with pytest.raises(InputError, match=r"^`results\[1\]`: not a chart result"):
        plot_rule_sets([qic(y=RISE), "IHI"])


def test_with_no_axes_it_draws_on_the_current_figure():
    ax = plot_drill(drill(kind="random", seed=1).qic())
    assert ax is plt.gca()
