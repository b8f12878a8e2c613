"""plot_fishbone and plot_pareto: no text on a bone; a Pareto chart only draws."""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from qikit.errors import InputError
from qikit.improve import Fishbone, example_fishbone, example_pareto, pareto_table
from qikit.plot import plot_fishbone, plot_pareto, style
from tests.plot.helpers import assert_no_overlaps, assert_within_figure, extents


def _bone_points(ax: Axes):
    """Points along every bone and the spine, in display coordinates."""
    points = []
    for line in ax.lines:
        xs, ys = line.get_data()
        if len(xs) != 2 or line.get_linewidth() < 1.5:
            continue
        t = np.linspace(0, 1, 200)
        data = np.column_stack(
            [xs[0] + (xs[1] - xs[0]) * t, ys[0] + (ys[1] - ys[0]) * t]
        )
        points.append(ax.transData.transform(data))
    return np.vstack(points)


def test_fishbone_no_text_overlaps_or_crosses_a_bone():
    fb = example_fishbone()
    fb.add_cause(
        "Equipment",
        "A very long cause that needs wrapping onto several "
        "lines to fit beside its bone",
    )
    ax = plot_fishbone(fb, title="Why do residents develop pressure ulcers?")
    causes = extents(ax, "cause:")
    labels = extents(ax, "box:")
    assert len(causes) == 14
    assert_no_overlaps({**causes, **labels})
    bones = _bone_points(ax)
    for gid, (box,) in causes.items():
        shrunk = box.padded(-1)
        inside = (
            (bones[:, 0] > shrunk.x0)
            & (bones[:, 0] < shrunk.x1)
            & (bones[:, 1] > shrunk.y0)
            & (bones[:, 1] < shrunk.y1)
        )
        assert not inside.any(), f"{gid} crosses a bone"
    assert_within_figure(ax)


def test_fishbone_reading_order_and_edge_cases():
    ax = plot_fishbone(
        Fishbone("Effect", {"Top": ["first", "second"], "Bottom": ["first", "second"]})
    )
    c = extents(ax, "cause:")
    # above the spine the first cause is highest; below it the first is highest too
    assert c["cause:Top:0"][0].y0 > c["cause:Top:1"][0].y0
    assert c["cause:Bottom:0"][0].y0 > c["cause:Bottom:1"][0].y0
    blank = plot_fishbone(Fishbone())
    texts = [t.get_text().replace("\n", " ") for t in blank.texts]
    assert "(write the effect)" in texts and "(no categories yet)" in texts
    one = plot_fishbone(Fishbone("E", {"Only": ["a"]}))
    assert_no_overlaps(extents(one, "box:"))
    with pytest.raises(
        InputError, match=r"^`fishbone`: must be a Fishbone \(got dict\)"
    ):
        plot_fishbone({})


# -------------------------------------------------------------------- pareto


def test_pareto_chart():
    table = pareto_table(example_pareto(), other="Other")
    ax = plot_pareto(table)
    assert len(ax.patches) == 6
    heights = [p.get_height() for p in ax.patches]
    assert heights[:-1] == sorted(heights[:-1], reverse=True)  # "Other" kept last
    colours = {p.get_facecolor() for p in ax.patches[:3]}
    assert len(colours) == 1  # vital few share one colour
    assert ax.patches[3].get_facecolor() not in colours
    right = ax.figure.axes[-1]
    assert right.get_ylim() == (0, 102)
    line = right.lines[0]
    assert np.allclose(line.get_ydata(), table["cumulative_percent"])
    reference = [ln for ln in right.lines if np.allclose(ln.get_ydata(), 80)]
    assert reference and reference[0].get_linestyle() == "--"
    assert ax.get_ylim()[1] == pytest.approx(table["count"].sum() * 1.02)


def test_pareto_with_many_categories_and_a_given_axes():
    raw = [f"Reason {k}" for k in range(12) for _ in range(12 - k)]
    ax = plot_pareto(pareto_table(raw), title=None, ylab="Incidents", threshold=70)
    assert ax.get_title() == ""
    assert ax.get_ylabel() == "Incidents"
    assert ax.get_xticklabels()[0].get_rotation() == 35
    fig, given_ax = plt.subplots()
    assert plot_pareto(pareto_table({"a": 3, "b": 1}), ax=given_ax) is given_ax


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 0}, "`threshold`: must be between 0 and 100 (got 0). Use 80."),
        ({"ax": 1}, "`ax`: must be a Matplotlib Axes (got int)."),
    ],
)
def test_pareto_errors(kwargs, message):
    with pytest.raises(InputError) as err:
        plot_pareto(pareto_table({"a": 1}), **kwargs)
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(
    ("table", "got"),
    [
        (["No bed", "Transport", "No bed"], "(got list)"),
        ({"a": 3, "b": 1}, "(got dict)"),
        (
            pd.DataFrame({"category": ["a"], "count": [3]}),
            "(got a table without the columns percent, cumulative_percent, vital_few)",
        ),
    ],
)
def test_pareto_draws_only_a_pareto_table_and_never_counts(table, got):
    with pytest.raises(InputError) as err:
        plot_pareto(table)
    assert str(err.value).startswith(
        "`table`: must be the table made by qikit.improve.pareto_table " + got
    )
    assert "plot_pareto(pareto_table(" in str(err.value)


def test_pareto_style_comes_from_the_style_module():
    ax = plot_pareto(pareto_table(example_pareto()))
    assert ax._left_title.get_fontsize() == style.PARETO_FONT_SIZES["title"]
    grid = ax.yaxis.get_gridlines()[0]
    assert mcolors.to_hex(grid.get_color()) == style.GRID.lower()


def test_fishbone_long_effect_stays_in_the_figure():
    effect = " ".join(["Residents wait far too long for their medicines"] * 6)
    ax = plot_fishbone(Fishbone(effect, {"People": []}), title="Title")
    assert_within_figure(ax)
    assert_no_overlaps(extents(ax, "box:"))
