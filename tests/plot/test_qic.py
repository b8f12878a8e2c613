"""qikit.plot.plot_qic on results with the contract's frame (fakes, no engine needed).

Each test checks what is drawn against ``result.frame``: the artists carry a ``gid``
("qikit-cl", "qikit-ucl", "qikit-special_cause_concern", …) so they can be found.
"""

from __future__ import annotations

import itertools

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.text import Annotation

from qikit.errors import InputError
from qikit.plot import plot_qic, style
from tests.plot.conftest import CHARTS, make_result


def lines(ax: Axes, gid: str) -> list:
    return [line for line in ax.get_lines() if line.get_gid() == gid]


def texts(ax: Axes, gid: str) -> list[Annotation]:
    return [t for t in ax.texts if t.get_gid() == gid]


def legend_labels(ax: Axes) -> list[str]:
    legend = ax.get_legend() or ax.figure.legends[0]
    return [t.get_text() for t in legend.get_texts()]


def date_nums(values) -> np.ndarray:
    return np.asarray(mdates.date2num(pd.to_datetime(values).to_numpy()), float)


def stair_values(line) -> np.ndarray:
    """The value of each step of a stair line (two vertices per point)."""
    return np.asarray(line.get_ydata(), float)[::2]


# ------------------------------------------------------------------- the Axes used


def test_draws_on_the_given_axes_and_returns_it(fake):
    fig, ax = plt.subplots()
    assert plot_qic(fake("i"), ax=ax) is ax


def test_uses_the_current_axes_when_none_is_given(fake):
    fig, ax = plt.subplots()
    assert plot_qic(fake("i")) is ax


def test_makes_a_readable_figure_when_none_is_open(fake):
    ax = plot_qic(fake("i"))
    assert tuple(ax.figure.get_size_inches()) == pytest.approx(style.FIGSIZE)


def test_never_calls_show(fake, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("plot_qic must not call plt.show()")

    monkeypatch.setattr(plt, "show", fail)
    plot_qic(fake("p", parts=[12]), annotations={"2023-05-01": "PDSA 1"})


def test_a_result_without_a_frame_is_refused():
    with pytest.raises(InputError, match=r"`result`: not a chart result"):
        plot_qic(object())


def test_a_frame_without_y_is_refused(fake):
    result = fake("i")
    result.frame = result.frame.drop(columns="y")
    with pytest.raises(InputError, match=r"lacks the columns \['y'\]"):
        plot_qic(result)


# ------------------------------------------------------------ centre line, limits


def test_a_plain_chart_has_exactly_its_lines(fake):
    result = fake("i", parts=[12])
    frame = result.frame
    frame[["sigma_signal", "runs_signal", "signal"]] = False
    frame["rule"], frame["point_type"] = "", "common_cause"
    ax = plot_qic(result)
    # data, common cause markers, then per part: centre line, upper and lower limit;
    # one divider between the parts.
    assert len(ax.lines) == 2 + 2 * 3 + 1
    assert sorted({line.get_gid() for line in ax.lines}) == [
        "qikit-cl", "qikit-common_cause", "qikit-data", "qikit-lcl",
        "qikit-part-divider", "qikit-ucl",
    ]  # fmt: skip


@pytest.mark.parametrize("chart", ["i", "c", "xbar"])
def test_centre_line_and_limits_are_the_frames_values(fake, chart):
    result = fake(chart, parts=[12])
    ax = plot_qic(result)
    frame = result.frame
    for column in ("cl", "ucl", "lcl"):
        drawn = lines(ax, f"qikit-{column}")
        assert len(drawn) == 2  # one line per part
        values = np.concatenate([stair_values(line) for line in drawn])
        np.testing.assert_allclose(values, frame[column].to_numpy(float))


def test_limits_step_with_the_denominator(fake):
    result = fake("p", size=20)
    ax = plot_qic(result)
    (ucl,) = lines(ax, "qikit-ucl")
    x, y = np.asarray(ucl.get_xdata(), float), np.asarray(ucl.get_ydata(), float)
    np.testing.assert_allclose(y[::2], result.frame["ucl"])
    assert np.all(y[::2] == y[1::2])  # each step is flat ...
    np.testing.assert_allclose(x[1:-1:2], x[2::2])  # ... and steps touch
    positions = date_nums(result.frame["x"])
    assert np.all((x[::2] < positions) & (positions < x[1::2]))  # around its point
    assert len(np.unique(y)) > 5


def test_run_chart_has_a_centre_line_and_no_limits(fake):
    result = fake("run")
    result.frame["runs_signal"] = False
    ax = plot_qic(result)
    assert len(lines(ax, "qikit-cl")) == 1
    assert not lines(ax, "qikit-ucl") and not lines(ax, "qikit-lcl")
    assert "Centre line (median)" in legend_labels(ax)
    result.frame["runs_signal"] = True
    ax = plot_qic(result, ax=plt.figure().add_subplot())
    assert "Median (non-random pattern)" in legend_labels(ax)


def test_a_part_with_a_runs_signal_has_a_marked_centre_line(fake):
    result = fake("i", parts=[16])
    result.frame["runs_signal"] = result.frame["part"] == 2
    ax = plot_qic(result)
    first, second = lines(ax, "qikit-cl")
    assert first.get_color() == style.LINE_STYLES["cl"].color
    assert second.get_color() == style.LINE_STYLES["cl_runs"].color
    assert second.get_linestyle() == "-"  # the centre line stays solid


def test_sigma_lines_follow_the_rule_set(fake):
    anhoej = plot_qic(fake("i", rules="anhoej"), ax=plt.figure().add_subplot())
    western = plot_qic(
        fake("i", rules="western_electric"), ax=plt.figure().add_subplot()
    )
    assert not lines(anhoej, "qikit-ucl_2s")
    assert lines(western, "qikit-ucl_2s") and lines(western, "qikit-lcl_1s")
    assert lines(western, "qikit-ucl_2s")[0].get_linestyle() == ":"


def test_sigma_lines_can_be_asked_for(fake):
    result = fake("i")
    ax = plot_qic(result, sigma_lines=(2,))
    (upper,) = lines(ax, "qikit-ucl_2s")
    np.testing.assert_allclose(stair_values(upper), result.frame["ucl_2s"])
    with pytest.raises(InputError, match="`sigma_lines`"):
        plot_qic(result, sigma_lines=(3,))


def test_target_line_is_drawn_from_the_frame(fake):
    result = fake("i", target=52)
    ax = plot_qic(result)
    (target,) = lines(ax, "qikit-target")
    np.testing.assert_allclose(stair_values(target), 52)
    assert target.get_linestyle() == "-."
    assert "Target" in legend_labels(ax)


# ------------------------------------------------------------------------- points


def test_data_line_has_every_value_and_breaks_between_parts(fake):
    result = fake("i", parts=[8, 16], missing=(3,))
    (data,) = lines(plot_qic(result), "qikit-data")
    y = np.asarray(data.get_ydata(), float)
    assert len(y) == len(result.frame) + 2  # a gap at each of the two boundaries
    np.testing.assert_array_equal(y[~np.isnan(y)], result.frame["y"].dropna())


def test_signal_points_have_their_own_shape_and_colour(fake):
    result = fake("u", rules="ihi", improvement="decrease")
    ax = plot_qic(result)
    frame = result.frame
    for state in frame["point_type"].unique():
        (points,) = lines(ax, f"qikit-{state}")
        expected = frame.loc[frame["point_type"] == state, "y"]
        np.testing.assert_allclose(points.get_ydata(), expected)
        assert points.get_marker() == style.POINT_STYLES[state].marker
        assert points.get_markerfacecolor().lower() == (
            style.POINT_STYLES[state].color.lower()
        )
    assert {"Special cause: improvement", "Special cause: concern"} <= set(
        legend_labels(ax)
    )


def test_points_outside_the_limits_get_a_ring(fake):
    result = fake("p")
    frame = result.frame
    frame.loc[[5, 20], "y"] = frame.loc[[5, 20], "ucl"] + 0.05
    frame.loc[[5, 20], ["sigma_signal", "signal"]] = True
    frame.loc[[5, 20], "point_type"] = "special_cause_improvement"
    (rings,) = lines(plot_qic(result), "qikit-outside_limits")
    np.testing.assert_allclose(rings.get_ydata(), frame.loc[frame["sigma_signal"], "y"])
    assert rings.get_markerfacecolor() == "none"


def test_points_in_a_run_signal_sit_on_a_band(fake):
    result = fake("u", rules="ihi")
    frame = result.frame
    in_run = ~frame["rule"].isin(["", "outside_limits"])
    assert in_run.any()
    (band,) = lines(plot_qic(result), "qikit-run_signal")
    y = np.asarray(band.get_ydata(), float)
    np.testing.assert_allclose(y[~np.isnan(y)], frame.loc[in_run, "y"])
    assert band.get_zorder() < lines(band.axes, "qikit-data")[0].get_zorder()


def test_a_signal_without_a_point_type_is_still_marked(fake):
    result = fake("i")
    result.frame.loc[3, ["signal", "point_type"]] = [True, "common_cause"]
    (neutral,) = lines(plot_qic(result), "qikit-special_cause_neutral")
    assert result.frame.loc[3, "y"] in neutral.get_ydata()


def test_excluded_points_are_drawn_hollow(fake):
    result = fake("c", exclude=(4,))
    (excluded,) = lines(plot_qic(result), "qikit-excluded")
    assert list(excluded.get_ydata()) == [result.frame.loc[4, "y"]]
    assert excluded.get_markerfacecolor() == "none"
    assert "Excluded from calculations" in legend_labels(excluded.axes)


def test_only_the_states_drawn_are_in_the_legend(fake):
    labels = legend_labels(plot_qic(fake("run")))
    assert "Data" in labels
    assert "Special cause: concern" not in labels
    assert "Control limits (3σ)" not in labels


# ----------------------------------------------------------- parts and baseline


def test_part_dividers_sit_half_way_between_parts(fake):
    result = fake("i", parts=[8, 16])
    ax = plot_qic(result)
    dividers = lines(ax, "qikit-part-divider")
    x = date_nums(result.frame["x"])
    expected = [(x[7] + x[8]) / 2, (x[15] + x[16]) / 2]
    np.testing.assert_allclose([d.get_xdata()[0] for d in dividers], expected)


def test_parts_are_named(fake):
    result = fake("i", parts=[12])
    ax = plot_qic(result)
    assert [t.get_text() for t in texts(ax, "qikit-part-label")] == ["Part 1", "Part 2"]
    result.frame["part_label"] = np.where(result.frame["part"] == 1, "Before", "After")
    ax = plot_qic(result, ax=plt.figure().add_subplot())
    assert [t.get_text() for t in texts(ax, "qikit-part-label")] == ["Before", "After"]


def test_a_single_part_is_not_labelled(fake):
    ax = plot_qic(fake("i"))
    assert not texts(ax, "qikit-part-label")
    assert not lines(ax, "qikit-part-divider")


def test_baseline_is_shaded_up_to_the_freeze(fake):
    result = fake("p", freeze=9)
    ax = plot_qic(result)
    (span,) = [p for p in ax.patches if p.get_gid() == "qikit-baseline"]
    x = date_nums(result.frame["x"])
    left, right = span.get_x(), span.get_x() + span.get_width()
    assert left < x[0] and right == pytest.approx((x[9] + x[10]) / 2)
    assert "Baseline (sets the limits)" in legend_labels(ax)


def test_no_baseline_shading_without_a_freeze(fake):
    ax = plot_qic(fake("p", exclude=(3,)))
    assert not [p for p in ax.patches if p.get_gid() == "qikit-baseline"]


# ---------------------------------------------------------------------- x axis


def test_date_x_gives_a_date_axis(fake):
    ax = plot_qic(fake("i"))
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "2023" in labels and "Apr" in labels


def test_date_format_is_used(fake):
    ax = plot_qic(fake("i"), date_format="%b %Y")
    ax.figure.canvas.draw()
    assert "Jan 2024" in [t.get_text() for t in ax.get_xticklabels()]


def test_category_x_is_labelled_and_thinned(fake):
    result = fake("i", x="category", size=60)
    ax = plot_qic(result)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "Week 1"
    assert set(labels) <= set(result.frame["x"])
    assert 3 <= len(labels) < 60


def test_number_x_keeps_its_values(fake):
    result = fake("i", x="number")
    (data,) = lines(plot_qic(result), "qikit-data")
    np.testing.assert_array_equal(data.get_xdata(), result.frame["x"])


def test_timezone_aware_dates_are_drawn_at_their_wall_clock_time(fake):
    result = fake("i", size=6)
    local = result.frame["x"].dt.tz_localize("Europe/London")
    result.frame["x"] = local
    (data,) = lines(plot_qic(result), "qikit-data")
    np.testing.assert_allclose(data.get_xdata(), date_nums(local.dt.tz_localize(None)))


# ------------------------------------------------------------- labels and legend


def test_axis_labels_and_title_come_from_the_result(fake):
    result = fake("i", title="Falls", ylab="Falls per 1,000 bed days", xlab="Month")
    ax = plot_qic(result)
    assert ax.get_ylabel() == "Falls per 1,000 bed days"
    assert ax.get_xlabel() == "Month"
    assert ax.get_title(loc="left") == "Falls"
    assert (
        plot_qic(result, ax=plt.figure().add_subplot(), title="Other").get_title(
            loc="left"
        )
        == "Other"
    )


def test_subtitle_names_the_chart_and_the_good_direction(fake):
    ax = plot_qic(fake("c", improvement="decrease"))
    (sub,) = texts(ax, "qikit-subtitle")
    assert sub.get_text() == "C chart (counts) · lower is better"


def test_legend_can_be_left_out(fake):
    assert plot_qic(fake("i"), show_legend=False).get_legend() is None


def test_legend_sits_below_the_x_axis(fake):
    ax = plot_qic(fake("i", xlab="Month"))
    ax.figure.canvas.draw()
    legend_box = ax.get_legend().get_window_extent()
    assert legend_box.y1 <= ax.xaxis.get_tightbbox().y0 + 1


def test_percent_ticks_for_a_percentage_p_chart(fake):
    ax = plot_qic(fake("p", multiply=100))
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all(label.endswith("%") for label in labels)


def test_value_labels_show_the_last_parts_lines(fake):
    result = fake("i", parts=[12], target=55)
    ax = plot_qic(result)
    last = result.frame.iloc[-1]
    shown = {t.get_gid(): t.get_text() for t in ax.texts if "value" in str(t.get_gid())}
    assert shown["qikit-value-cl"] == f"CL {last['cl']:.1f}"
    assert shown["qikit-value-ucl"].startswith("UCL ")
    assert shown["qikit-value-target"] == "Target 55.0"


# -------------------------------------------------------------------- annotations


@pytest.mark.parametrize(
    "notes",
    [
        pd.DataFrame(
            {"x": ["2023-04-01", "2023-09-01"], "label": ["PDSA 1", "PDSA 2"]}
        ),
        [("2023-04-01", "PDSA 1"), ("2023-09-01", "PDSA 2")],
        {"2023-04-01": "PDSA 1", "2023-09-01": "PDSA 2"},
    ],
)
def test_annotations_in_every_accepted_form(fake, notes):
    ax = plot_qic(fake("i"), annotations=notes)
    flags = texts(ax, "qikit-annotation")
    assert [f.get_text() for f in flags] == ["PDSA 1", "PDSA 2"]
    np.testing.assert_allclose(
        [f.xy[0] for f in flags], date_nums(["2023-04-01", "2023-09-01"])
    )


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_close_annotations_are_staggered_and_never_overlap(fake):
    notes = [(f"2023-0{m}-01", f"PDSA cycle {m}: a longer label") for m in range(2, 8)]
    ax = plot_qic(fake("i"), annotations=notes)
    ax.figure.canvas.draw()
    flags = texts(ax, "qikit-annotation")
    assert len({f.get_position()[1] for f in flags}) == 1  # same anchor ...
    boxes = [f.get_bbox_patch().get_window_extent() for f in flags]
    for a, b in itertools.combinations(boxes, 2):
        assert not _boxes_overlap(a, b)  # ... but staggered rows
    axes_box = ax.get_window_extent()
    assert all(axes_box.x0 - 1 <= b.x0 and b.x1 <= axes_box.x1 + 1 for b in boxes)


def test_annotations_sit_above_every_point(fake):
    notes = [
        ("2023-03-01", "Change 1"),
        ("2023-05-01", "Change 2"),
        ("2023-09-01", "Change 3"),
    ]
    result = fake("i")
    ax = plot_qic(result, annotations=notes)
    ax.figure.canvas.draw()
    lowest_flag = min(
        f.get_bbox_patch().get_window_extent().y0 for f in texts(ax, "qikit-annotation")
    )
    (data,) = lines(ax, "qikit-data")
    highest_point = ax.transData.transform(
        (0, np.nanmax(result.frame[["y", "ucl"]].to_numpy()))
    )[1]
    assert lowest_flag > highest_point


CROWDED = [(f"2023-{m:02d}-01", f"Change number {m} to the rota") for m in range(1, 13)]


def test_crowded_annotations_show_numbers_and_the_legend_the_labels(fake):
    notes = CROWDED
    result = fake("i")
    ax = plot_qic(result, annotations=notes)
    ax.figure.canvas.draw()
    flags = texts(ax, "qikit-annotation")
    assert [f.get_text() for f in flags] == [str(m) for m in range(1, 13)]
    assert {label for _, label in notes} <= set(legend_labels(ax))
    boxes = [f.get_bbox_patch().get_window_extent() for f in flags]
    for a, b in itertools.combinations(boxes, 2):
        assert not _boxes_overlap(a, b)
    highest_point = ax.transData.transform(
        (0, np.nanmax(result.frame[["y", "ucl"]].to_numpy()))
    )[1]
    assert min(b.y0 for b in boxes) > highest_point


def test_numbered_flags_keep_their_key_without_a_legend(fake):
    notes = CROWDED
    ax = plot_qic(fake("i"), annotations=notes, show_legend=False)
    assert sorted(legend_labels(ax)) == sorted(label for _, label in notes)


def test_a_flag_near_the_right_edge_points_left(fake):
    ax = plot_qic(fake("i"), annotations=[("2024-12-01", "Late change")])
    ax.figure.canvas.draw()
    (flag,) = texts(ax, "qikit-annotation")
    assert flag.get_bbox_patch().get_window_extent().x1 <= ax.get_window_extent().x1 + 1


def test_category_annotations_use_the_labels(fake):
    ax = plot_qic(fake("i", x="category"), annotations=[("Week 3", "Huddle")])
    (flag,) = texts(ax, "qikit-annotation")
    assert flag.xy[0] == 2.0
    with pytest.raises(InputError, match=r"not on the chart \(got \['Week 99'\]\)"):
        plot_qic(fake("i", x="category"), annotations=[("Week 99", "?")])


def test_annotation_errors_say_what_to_do(fake):
    with pytest.raises(InputError, match="must be dates"):
        plot_qic(fake("i"), annotations=[("not a date", "PDSA")])
    with pytest.raises(InputError, match="columns x and label"):
        plot_qic(fake("i"), annotations=pd.DataFrame({"date": [1], "text": ["a"]}))
    with pytest.raises(InputError, match=r"\(x, label\) pair"):
        plot_qic(fake("i"), annotations=["PDSA 1"])
    with pytest.raises(InputError, match="not a table of labels"):
        plot_qic(fake("i"), annotations=42)


# ------------------------------------------------------------------------- facets


def test_facets_give_one_panel_each(fake):
    result = fake("p", facets=5, multiply=100)
    axes = plot_qic(result)
    assert isinstance(axes, np.ndarray) and axes.shape == (5,)
    titles = [ax.get_title(loc="left") for ax in axes]
    assert titles == [f"Ward {i}" for i in range(1, 6)]
    assert len(axes[0].figure.axes) == 5  # the empty sixth cell is removed
    for ax, (_, frame) in zip(axes, result.frame.groupby("ward"), strict=True):
        (cl,) = lines(ax, "qikit-cl")
        np.testing.assert_allclose(stair_values(cl), frame["cl"])


def test_facets_refuse_an_axes(fake):
    fig, ax = plt.subplots()
    with pytest.raises(InputError, match=r"`ax`: .*without ax, or filter the data"):
        plot_qic(fake("i", facets=2), ax=ax)


def test_alike_facets_share_y_and_unalike_do_not(fake):
    result = fake("i", facets=3)
    axes = plot_qic(result)
    assert len({ax.get_ylim() for ax in axes}) == 1
    plt.close("all")
    result.frame.loc[result.frame["ward"] == "Ward 2", ["y", "cl", "lcl", "ucl"]] *= 20
    axes = plot_qic(result)
    assert len({ax.get_ylim() for ax in axes}) == 3
    assert len({ax.get_ylim() for ax in plot_qic(result, sharey=True)}) == 1


def test_facet_annotations_can_target_one_panel(fake):
    notes = pd.DataFrame(
        {
            "x": ["2023-05-01", "2023-06-01"],
            "label": ["All", "B"],
            "ward": ["Ward 1", "Ward 2"],
        }
    )
    axes = plot_qic(fake("i", facets=2), annotations=notes)
    assert [t.get_text() for t in texts(axes[0], "qikit-annotation")] == ["All"]
    assert [t.get_text() for t in texts(axes[1], "qikit-annotation")] == ["B"]


def test_facets_have_one_legend_for_the_figure(fake):
    axes = plot_qic(fake("i", facets=4))
    fig = axes[0].figure
    assert all(ax.get_legend() is None for ax in axes)
    assert "Control limits (3σ)" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_the_result_plot_method_delegates(fake):
    ax = fake("c").plot(title="Via the method")
    assert ax.get_title(loc="left") == "Via the method"


def test_facets_share_the_axis_labels(fake):
    axes = plot_qic(fake("i", facets=4, ylab="Falls", xlab="Month"))
    fig = axes[0].figure
    assert fig.get_supylabel() == "Falls"
    assert [ax.get_xlabel() for ax in axes] == ["", "", "Month", "Month"]


# -------------------------------------------------------------- no input crashes it


def test_an_empty_frame_gives_an_empty_chart(fake):
    result = fake("i")
    result.frame = result.frame.iloc[:0]
    (data,) = lines(plot_qic(result), "qikit-data")
    assert len(data.get_ydata()) == 0


def test_x_in_any_order_keeps_the_axis_the_right_way_round(fake):
    result = fake("i", x="number")
    result.frame["x"] = result.frame["x"].to_numpy()[::-1]
    low, high = plot_qic(result).get_xlim()
    assert low < 1 and high > 24


def test_missing_dates_are_skipped(fake):
    result = fake("i")
    result.frame.loc[3, "x"] = pd.NaT
    low, high = plot_qic(result).get_xlim()
    assert np.isfinite([low, high]).all()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    chart=st.sampled_from(CHARTS),
    size=st.integers(1, 30),
    data=st.data(),
)
def test_any_coherent_frame_draws(chart, size, data):
    missing = data.draw(st.sets(st.integers(0, size - 1), max_size=size // 3))
    parts = (
        data.draw(st.lists(st.integers(1, max(size - 1, 1)), max_size=2, unique=True))
        if size > 2
        else []
    )
    x = data.draw(st.sampled_from(["date", "number", "category"]))
    result = make_result(
        chart,
        size=size,
        missing=tuple(missing),
        parts=sorted(parts),
        x=x,
        rules=data.draw(st.sampled_from(["anhoej", "ihi"])),
    )
    ax = plot_qic(result, annotations=[(result.frame["x"].iloc[0], "Start")])
    assert lines(ax, "qikit-data")
    plt.close("all")


def test_close_annotations_do_not_hang_and_all_show():
    """Two flags nearer than their label width (PDSA cycles days apart) once looped
    forever; every label must still be drawn."""
    import pandas as pd
    from matplotlib.figure import Figure

    import qikit

    weeks = pd.date_range("2023-01-02", periods=104, freq="W-MON")
    res = qikit.qic(pd.DataFrame({"x": weeks, "y": range(104)}), x="x", y="y")
    notes = [(f"2023-02-{d:02d}", f"PDSA {i}") for i, d in enumerate(range(6, 16), 1)]
    ax = res.plot(ax=Figure().add_subplot(), annotations=notes)
    flags = [t.get_text() for t in ax.texts if t.get_text().isdigit()]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # ten crowded flags become numbers, and the legend spells out each one
    assert flags == [str(i) for i in range(1, 11)]
    assert all(label in legend for _, label in notes)


def test_sigma_lines_that_were_not_worked_out_are_refused():
    import qikit
    from qikit.errors import InputError

    res = qikit.qic(y=[5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7], chart="i")
    assert "ucl_2s" not in res.frame.columns  # the Anhøj rules read no sigma lines
    with pytest.raises(InputError, match="this chart has no 2σ lines"):
        res.plot(sigma_lines=(2,))
    we = qikit.qic(
        y=[5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7],
        chart="i",
        rules="western_electric",
    )
    assert {"ucl_1s", "lcl_2s"} <= set(we.frame.columns)
