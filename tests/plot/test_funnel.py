"""qikit.plot.funnel: drawing a FunnelResult, outlying units labelled."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

from qikit.errors import InputError
from qikit.plot.funnel import FUNNEL_LINES, FUNNEL_POINTS, draw_funnel, plot_funnel
from qikit.spread import funnel

NAMES = [f"Partnership {i}" for i in range(1, 9)]
Y = [20, 22, 19, 21, 60, 20, 2, 21]
N = [200, 180, 220, 190, 210, 200, 205, 230]


def _res(**kw):
    return funnel(y=Y, n=N, group=NAMES, **kw)


def _labels(ax):
    return sorted(t.get_text() for t in ax.texts)


def test_draws_points_limits_and_labels_outliers():
    res = _res(multiply=100)
    fig, ax = plt.subplots()
    out = plot_funnel(res, ax=ax)
    assert out is ax
    assert _labels(ax) == ["Partnership 5", "Partnership 7"]
    # two lines per level and the target
    styles = {(line.get_linestyle(), line.get_color()) for line in ax.lines}
    assert ("--", FUNNEL_LINES["998"].color) in styles
    assert (":", FUNNEL_LINES["95"].color) in styles
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Outside the 99.8% limits" in legend and "Target" in legend
    assert ax.get_ylabel() == "Percentage"
    assert ax.get_xlabel() == "Denominator (n)"
    # the points are where the frame says
    xs = np.concatenate(
        [line.get_xdata() for line in ax.lines if line.get_linestyle() == "None"]
    )
    assert sorted(xs) == sorted(res.frame["n"])


def test_label_level_and_switching_labels_off():
    res = _res()
    ax = plot_funnel(res, ax=plt.subplots()[1], label_level="95")
    outside = res.frame.loc[res.frame["outside_95"], "group"]
    assert _labels(ax) == sorted(outside)
    ax = plot_funnel(res, ax=plt.subplots()[1], label_outliers=False)
    assert _labels(ax) == []


def test_adjusted_funnel_shows_the_unadjusted_limits():
    res = _res(approximation="normal", overdispersion="additive")
    assert res.adjusted
    ax = plot_funnel(res, ax=plt.subplots()[1])
    colours = {line.get_color() for line in ax.lines}
    assert FUNNEL_LINES["998_unadjusted"].color in colours
    assert "adjusted for over-dispersion" in ax.get_title(loc="left")
    ax = plot_funnel(res, ax=plt.subplots()[1], show_unadjusted=False)
    assert FUNNEL_LINES["998_unadjusted"].color not in {
        line.get_color() for line in ax.lines
    }


def test_result_plot_draws_on_a_new_figure_each_time():
    res = _res(kind="ratio")
    a = res.plot()
    b = res.plot()
    assert isinstance(a, Axes) and a.figure is not b.figure
    assert a.get_xlabel() == "Expected count"
    fig, ax = plt.subplots()
    assert res.plot(ax=ax) is ax
    assert draw_funnel(res, ax=ax) is ax


def test_gca_when_no_ax():
    plt.close("all")
    ax = plot_funnel(_res(kind="rate", multiply=1000, method="phe"))
    assert ax is plt.gca()
    assert ax.get_ylabel() == "Rate (× 1,000)"


def test_point_styles_have_distinct_shapes():
    assert len({s.marker for s in FUNNEL_POINTS.values()}) == len(FUNNEL_POINTS)


def test_bad_input():
    with pytest.raises(InputError, match="`result`: is not a funnel result"):
        plot_funnel("not a result")
    with pytest.raises(InputError, match="`label_level`: is not one of the choices"):
        plot_funnel(_res(), label_level="90")
    with pytest.raises(InputError, match="`label_outliers`: must be True or False"):
        plot_funnel(_res(), label_outliers="yes")
