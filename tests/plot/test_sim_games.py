"""Drawing Deming's funnel: a panel per rule, equal scales, the latest drops marked."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from qikit.errors import InputError
from qikit.plot import png_data_uri
from qikit.plot.sim import (
    FUNNEL_TITLES,
    plot_funnel_experiment,
    redraw_funnel_experiment,
)
from qikit.sim import funnel_experiment


@pytest.fixture(scope="module")
def drops():
    return funnel_experiment([1, 2, 3, 4], drops=40, seed=2026)


def _line(ax, gid):
    (line,) = [line for line in ax.get_lines() if line.get_gid() == gid]
    return line


def test_four_rules_four_square_panels_on_one_scale(drops):
    axes = plot_funnel_experiment(drops)
    assert len(axes) == 4
    assert [ax.get_title(loc="left") for ax in axes] == list(FUNNEL_TITLES.values())
    limits = {(ax.get_xlim(), ax.get_ylim()) for ax in axes}
    assert len(limits) == 1  # the same limits in every panel
    (xlim, ylim) = limits.pop()
    assert xlim == ylim and xlim[0] == -xlim[1]  # symmetric about the target
    furthest = np.abs(drops[["x", "y"]].to_numpy()).max()
    assert furthest < xlim[1] < furthest * 1.1
    assert all(ax.get_aspect() == 1.0 for ax in axes)
    assert axes[0].figure.axes == axes  # 2 x 2, no spare panel


def test_every_drop_is_drawn_once_in_its_rules_panel(drops):
    axes = plot_funnel_experiment(drops, latest=10)
    for ax, rule in zip(axes, [1, 2, 3, 4], strict=True):
        mine = drops[drops["rule"] == rule]
        old, new = _line(ax, "drops"), _line(ax, "latest")
        assert len(old.get_xdata()) == 30 and len(new.get_xdata()) == 10
        np.testing.assert_allclose(new.get_xdata(), mine["x"].to_numpy()[-10:])
        np.testing.assert_allclose(old.get_ydata(), mine["y"].to_numpy()[:30])
        target = _line(ax, "target")
        assert (list(target.get_xdata()), list(target.get_ydata())) == ([0], [0])
    # the latest drops differ from the others by shape, not only by colour
    assert _line(axes[0], "latest").get_marker() != _line(axes[0], "drops").get_marker()
    labels = [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    assert labels == ["Target", "Earlier drops", "The last 10 drops"]


def test_without_latest_every_drop_is_plain(drops):
    axes = plot_funnel_experiment(drops)
    assert len(_line(axes[0], "latest").get_xdata()) == 0
    labels = [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    assert labels == ["Target", "A drop"]


def test_latest_larger_than_the_drops_marks_them_all():
    axes = plot_funnel_experiment(funnel_experiment(2, drops=5, seed=1), latest=10)
    assert len(_line(axes[0], "latest").get_xdata()) == 5
    assert axes[0].get_title(loc="left") == FUNNEL_TITLES[2]


def test_given_axes_and_limit_are_used(drops):
    fig, given = plt.subplots(1, 4)
    axes = plot_funnel_experiment(drops, ax=given, limit=5)
    assert axes == list(given)
    assert all(ax.get_xlim() == (-5, 5) for ax in axes)
    assert axes[-1].get_legend() is not None and not fig.legends


def test_one_rule_draws_on_one_axes():
    fig, ax = plt.subplots()
    axes = plot_funnel_experiment(funnel_experiment(1, drops=8, seed=1), ax=ax)
    assert axes == [ax]


def test_title_over_the_figure(drops):
    axes = plot_funnel_experiment(drops, title="Where the marbles landed")
    assert axes[0].figure.get_suptitle() == "Where the marbles landed"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda d: plot_funnel_experiment(d, ax=plt.subplots(1, 2)[1]),
            "`ax`: must be 4 Matplotlib Axes, one per rule (got '2 item(s)'). Leave "
            "ax out for a new figure, or pass plt.subplots(1, 4)[1] (one Axes per "
            "rule).",
        ),
        (
            lambda d: plot_funnel_experiment(d[d["rule"] == 1], ax="left"),
            "`ax`: must be 1 Matplotlib Axes, one per rule (got 'str'). Leave ax out "
            "for a new figure, or pass plt.subplots(1, 1)[1] (one Axes per rule).",
        ),
        (
            lambda d: plot_funnel_experiment(d.iloc[0:0]),
            "`frame`: has no drops. Pass the frame that "
            "qikit.sim.funnel_experiment() returned.",
        ),
        (
            lambda d: plot_funnel_experiment(d.assign(rule=7)),
            "`frame`: column 'rule' holds values that are not funnel rules (got [7, "
            "7, 7]). Pass the frame that qikit.sim.funnel_experiment() returned "
            "(rules 1 to 4).",
        ),
        (
            lambda d: plot_funnel_experiment(d.assign(x=np.nan)),
            "`frame`: columns 'x' and 'y' must hold finite numbers. Pass the frame "
            "that qikit.sim.funnel_experiment() returned.",
        ),
        (
            lambda d: plot_funnel_experiment(d.assign(drop="first")),
            "`frame`: column 'drop' must hold drop numbers. Pass the frame that "
            "qikit.sim.funnel_experiment() returned.",
        ),
        (
            lambda d: plot_funnel_experiment(d, limit=0),
            "`limit`: must be more than zero (got 0). Give a positive number.",
        ),
        (
            lambda d: plot_funnel_experiment(d, latest=-1),
            "`latest`: must be at least 0 (got -1).",
        ),
    ],
)
def test_bad_arguments_say_what_to_do(drops, call, message):
    with pytest.raises(InputError) as caught:
        call(drops)
    assert str(caught.value).startswith(message)


def test_several_rooms_are_refused():
    rooms = funnel_experiment([1, 2], drops=5, rooms=3, seed=1)
    with pytest.raises(
        InputError, match=r"^`frame`: holds 3 rooms \(got \[1, 2, 3\]\)"
    ):
        plot_funnel_experiment(rooms)
    axes = plot_funnel_experiment(rooms[rooms["room"] == 2])
    assert len(axes) == 2


def test_a_missing_column_names_it(drops):
    with pytest.raises(InputError, match="`frame`"):
        plot_funnel_experiment(drops.drop(columns="y"))


# -------------------------------------------------------------- drawing in place


def _pixels(fig) -> np.ndarray:
    uri = png_data_uri(fig)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))))


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ((30, 10), (60, 10)),  # more drops, wider limits
        ((60, 10), (20, 10)),  # fewer drops, narrower limits
        ((30, 1), (30, 10)),  # "The last drop" becomes "The last 10 drops"
        ((30, 10), (30, 0)),  # no marked drops: a legend of two
    ],
)
def test_redrawing_in_place_gives_the_picture_of_a_new_figure(first, then):
    """The kept panels, redrawn, against a new figure of the same drops."""
    (drops_a, latest_a), (drops_b, latest_b) = first, then
    axes = plot_funnel_experiment(
        funnel_experiment([1, 2, 3, 4], drops=drops_a, seed=5),
        latest=latest_a,
        title="Where the marbles landed",
    )
    later = funnel_experiment([1, 2, 3, 4], drops=drops_b, seed=5)
    again = redraw_funnel_experiment(axes, later, latest=latest_b)
    assert again == axes
    fresh = plot_funnel_experiment(
        later, latest=latest_b, title="Where the marbles landed"
    )
    for ax, new in zip(again, fresh, strict=True):
        assert ax.get_xlim() == new.get_xlim()
        for gid in ("drops", "latest", "target"):
            np.testing.assert_array_equal(
                _line(ax, gid).get_xydata(), _line(new, gid).get_xydata()
            )
    ours, theirs = _pixels(axes[0].figure), _pixels(fresh[0].figure)
    assert ours.shape == theirs.shape
    differ = np.any(ours != theirs, axis=-1).mean()
    assert differ == 0, f"{differ:.4%} of the pixels differ"
    plt.close("all")


def test_redrawing_panels_of_a_callers_axes_relabels_their_legend():
    fig, grid = plt.subplots(1, 2)
    plot_funnel_experiment(funnel_experiment([1, 4], drops=20, seed=1), ax=grid)
    axes = redraw_funnel_experiment(
        grid, funnel_experiment([1, 4], drops=25, seed=1), latest=5
    )
    texts = [t.get_text() for t in axes[-1].get_legend().get_texts()]
    assert texts == ["Target", "Earlier drops", "The last 5 drops"]
    assert len(fig.legends) == 0
    plt.close(fig)


def test_redrawing_other_panels_is_refused(drops):
    fig, grid = plt.subplots(1, 4)
    with pytest.raises(InputError, match="`axes`.*plot_funnel_experiment"):
        redraw_funnel_experiment(list(grid), drops)
    axes = plot_funnel_experiment(funnel_experiment([1, 4], drops=20, seed=1))
    with pytest.raises(InputError, match="same rules in the same order"):
        redraw_funnel_experiment(axes, drops)
    plt.close("all")
