"""qikit.plot.plot_qic on real results: what is drawn is what ``result.frame`` holds.

Each test checks the artists against ``result.frame``: they carry a ``gid``
("qikit-cl", "qikit-ucl", "qikit-special_cause_concern", …) so they can be found.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import warnings

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

import qikit
from qikit._format import fmt_number
from qikit.errors import InputError, QikitError
from qikit.plot import plot_qic, style
from tests.plot.helpers import (
    CHARTS,
    assert_no_text_overlaps,
    boxes_overlap,
    chart_result,
    date_nums,
    legend_labels,
    lines,
    stair_values,
    stairs,
    texts,
)

#: Twelve months that show no signal under any rule set: small ups and downs.
STEADY = [50, 53, 49, 52, 48, 51, 54, 50, 47, 52, 49, 51]
MONTHS = pd.date_range("2023-01-01", periods=24, freq="MS")


def steady(chart: str = "i", size: int = 24, **options) -> qikit.QicResult:
    """A chart with no signal at all."""
    y = (STEADY * 3)[:size]
    result = qikit.qic(
        pd.DataFrame({"x": MONTHS[:size], "y": y}), x="x", y="y", chart=chart, **options
    )
    assert not result.frame["signal"].any() and not result.frame["runs_signal"].any()
    return result


def outliers(**options) -> qikit.QicResult:
    """An I chart with one point far above and one far below the rest."""
    y = np.array(STEADY * 2, float)
    y[5], y[17] = 80, 20
    data = pd.DataFrame({"x": MONTHS, "y": y})
    return qikit.qic(data, x="x", y="y", chart="i", **options)


def shifted(part_two: bool = False, **options) -> qikit.QicResult:
    """Steady months, then 16 months of which the last 10 sit well above the rest."""
    y = STEADY + [48, 47, 49, 46, 48, 47] + [60, 61, 59, 62, 60, 61, 59, 62, 60, 61]
    x = pd.date_range("2023-01-01", periods=len(y), freq="MS")
    if part_two:
        options["part"] = [12]
    return qikit.qic(pd.DataFrame({"x": x, "y": y}), x="x", y="y", **options)


# ------------------------------------------------------------------- the Axes used


def test_draws_on_the_given_axes_and_returns_it(qic_result):
    fig, ax = plt.subplots()
    assert plot_qic(qic_result("i"), ax=ax) is ax


def test_uses_the_current_axes_when_none_is_given(qic_result):
    fig, ax = plt.subplots()
    assert plot_qic(qic_result("i")) is ax


def test_makes_a_readable_figure_when_none_is_open(qic_result):
    ax = plot_qic(qic_result("i"))
    assert tuple(ax.figure.get_size_inches()) == pytest.approx(style.FIGSIZE)


def test_never_calls_show(qic_result, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("plot_qic must not call plt.show()")

    monkeypatch.setattr(plt, "show", fail)
    plot_qic(qic_result("p", part=[12]), annotations={"2023-05-01": "PDSA 1"})


def test_a_result_without_a_frame_is_refused():
    with pytest.raises(InputError, match=r"`result`: not a chart result"):
        plot_qic(object())


def test_a_frame_without_y_is_refused(qic_result):
    result = qic_result("i")
    result.frame = result.frame.drop(columns="y")
    with pytest.raises(InputError, match=r"lacks the columns \['y'\]"):
        plot_qic(result)


def test_an_axes_that_is_not_one_is_refused(qic_result):
    with pytest.raises(
        InputError, match=r"^`ax`: must be a Matplotlib Axes \(got str\)"
    ):
        plot_qic(qic_result("i"), ax="top")


def test_a_faceted_result_is_refused_with_the_function_to_use(qic_result):
    with pytest.raises(InputError) as err:
        plot_qic(qic_result("i", facets=2))
    assert str(err.value).startswith(
        "`result`: this chart is split into facets (got facets='ward')"
    )
    assert "plot_facets(result)" in str(err.value)


# ------------------------------------------------------------ centre line, limits


def test_a_plain_chart_has_exactly_its_lines():
    ax = plot_qic(steady("i", part=[12]))
    # data, common cause markers, then per part: centre line, upper and lower limit;
    # one divider between the parts.
    assert len(ax.lines) == 2 + 2 * 3 + 1
    assert sorted({line.get_gid() for line in ax.lines}) == [
        "qikit-cl", "qikit-common_cause", "qikit-data", "qikit-lcl",
        "qikit-part-divider", "qikit-ucl",
    ]  # fmt: skip


@pytest.mark.parametrize("chart", ["i", "c", "xbar"])
def test_centre_line_and_limits_are_the_frames_values(qic_result, chart):
    result = qic_result(chart, part=[12])
    ax = plot_qic(result)
    frame = result.frame
    for column in ("cl", "ucl", "lcl"):
        drawn = lines(ax, f"qikit-{column}")
        assert len(drawn) == 2  # one line per part
        np.testing.assert_allclose(stairs(ax, f"qikit-{column}"), frame[column])


def test_limits_step_with_the_denominator(qic_result):
    result = qic_result("p", size=20)
    ax = plot_qic(result)
    (ucl,) = lines(ax, "qikit-ucl")
    x, y = np.asarray(ucl.get_xdata(), float), np.asarray(ucl.get_ydata(), float)
    np.testing.assert_allclose(y[::2], result.frame["ucl"])
    assert np.all(y[::2] == y[1::2])  # each step is flat ...
    np.testing.assert_allclose(x[1:-1:2], x[2::2])  # ... and steps touch
    positions = date_nums(result.frame["x"])
    assert np.all((x[::2] < positions) & (positions < x[1::2]))  # around its point
    assert len(np.unique(y)) > 5


def test_run_chart_has_a_median_and_no_limits():
    ax = plot_qic(steady("run"))
    assert len(lines(ax, "qikit-cl")) == 1
    assert not lines(ax, "qikit-ucl") and not lines(ax, "qikit-lcl")
    assert "Median" in legend_labels(ax)
    result = shifted(chart="run")
    assert result.frame["runs_signal"].all()
    ax = plot_qic(result, ax=plt.figure().add_subplot())
    assert "Median (non-random pattern)" in legend_labels(ax)


def test_a_part_with_a_runs_signal_has_a_marked_centre_line():
    result = shifted(part_two=True, chart="i")
    assert not result.frame["runs_signal"].iloc[:12].any()
    assert result.frame["runs_signal"].iloc[12:].all()
    first, second = lines(plot_qic(result), "qikit-cl")
    assert first.get_color() == style.LINE_STYLES["cl"].color
    assert second.get_color() == style.LINE_STYLES["cl_runs"].color
    assert second.get_linestyle() == "-"  # the centre line stays solid


def test_sigma_lines_follow_the_rule_set(qic_result):
    anhoej = plot_qic(qic_result("i", rules="anhoej"), ax=plt.figure().add_subplot())
    western = plot_qic(
        qic_result("i", rules="western_electric"), ax=plt.figure().add_subplot()
    )
    assert not lines(anhoej, "qikit-ucl_2s")
    assert lines(western, "qikit-ucl_2s") and lines(western, "qikit-lcl_1s")
    assert lines(western, "qikit-ucl_2s")[0].get_linestyle() == ":"


def test_sigma_lines_can_be_asked_for(qic_result):
    result = qic_result("i", rules="western_electric")
    ax = plot_qic(result, sigma_lines=(2,))
    (upper,) = lines(ax, "qikit-ucl_2s")
    np.testing.assert_allclose(stair_values(upper), result.frame["ucl_2s"])
    assert not lines(ax, "qikit-ucl_1s")
    with pytest.raises(InputError, match=r"^`sigma_lines`: only 1σ and 2σ lines"):
        plot_qic(result, sigma_lines=(3,))
    with pytest.raises(InputError, match=r"^`sigma_lines`: must be a list of 1 and 2"):
        plot_qic(result, sigma_lines="2")


def test_target_line_is_drawn_from_the_frame(qic_result):
    ax = plot_qic(qic_result("i", target=52))
    (target,) = lines(ax, "qikit-target")
    np.testing.assert_allclose(stair_values(target), 52)
    assert target.get_linestyle() == "-."
    assert "Target" in legend_labels(ax)


# ------------------------------------------------------------------------- points


def test_data_line_has_every_value_and_breaks_between_parts(qic_result):
    result = qic_result("i", part=[8, 16], missing=(3,))
    (data,) = lines(plot_qic(result), "qikit-data")
    y = np.asarray(data.get_ydata(), float)
    assert len(y) == len(result.frame) + 2  # a gap at each of the two boundaries
    np.testing.assert_array_equal(y[~np.isnan(y)], result.frame["y"].dropna())


def test_signal_points_have_their_own_shape_and_colour():
    result = outliers(improvement="increase")
    ax = plot_qic(result)
    frame = result.frame
    assert {"special_cause_improvement", "special_cause_concern"} <= set(
        frame["point_type"]
    )
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


def test_points_outside_the_limits_get_a_ring():
    result = outliers()
    frame = result.frame
    (rings,) = lines(plot_qic(result), "qikit-outside_limits")
    np.testing.assert_allclose(rings.get_ydata(), frame.loc[frame["sigma_signal"], "y"])
    np.testing.assert_allclose(sorted(rings.get_ydata()), [20, 80])
    assert rings.get_markerfacecolor() == "none"


def test_points_in_a_run_signal_sit_on_a_band():
    result = shifted(chart="i", rules="ihi")
    frame = result.frame
    in_run = ~frame["rule"].isin(["", "outside_limits"])
    assert in_run.any()
    (band,) = lines(plot_qic(result), "qikit-run_signal")
    y = np.asarray(band.get_ydata(), float)
    np.testing.assert_allclose(y[~np.isnan(y)], frame.loc[in_run, "y"])
    assert band.get_zorder() < lines(band.axes, "qikit-data")[0].get_zorder()


def test_a_signal_without_a_point_type_is_still_marked():
    result = steady("i")
    result.frame.loc[3, ["signal", "point_type"]] = [True, "common_cause"]
    (neutral,) = lines(plot_qic(result), "qikit-special_cause_neutral")
    assert result.frame.loc[3, "y"] in neutral.get_ydata()


def test_neutral_signals_share_one_style():
    result = outliers(improvement="neutral")
    assert {"special_cause_neutral_high", "special_cause_neutral_low"} <= set(
        result.frame["point_type"]
    )
    (neutral,) = lines(plot_qic(result), "qikit-special_cause_neutral")
    np.testing.assert_allclose(sorted(neutral.get_ydata()), [20, 80])


def test_excluded_points_are_drawn_hollow(qic_result):
    result = qic_result("c", exclude=[5])
    (excluded,) = lines(plot_qic(result), "qikit-excluded")
    assert list(excluded.get_ydata()) == [result.frame.loc[4, "y"]]
    assert excluded.get_markerfacecolor() == "none"
    assert "Excluded from calculations" in legend_labels(excluded.axes)


def test_only_the_states_drawn_are_in_the_legend():
    labels = legend_labels(plot_qic(steady("run")))
    assert "Data" in labels
    assert "Special cause: concern" not in labels
    assert "Control limits (3σ)" not in labels


# ----------------------------------------------------------- parts and baseline


def test_part_dividers_sit_half_way_between_parts(qic_result):
    result = qic_result("i", part=[8, 16])
    dividers = lines(plot_qic(result), "qikit-part-divider")
    x = date_nums(result.frame["x"])
    expected = [(x[7] + x[8]) / 2, (x[15] + x[16]) / 2]
    np.testing.assert_allclose([d.get_xdata()[0] for d in dividers], expected)


def test_parts_are_named(qic_result):
    ax = plot_qic(qic_result("i", part=[12]))
    assert [t.get_text() for t in texts(ax, "qikit-part-label")] == ["Part 1", "Part 2"]
    data = pd.DataFrame(
        {"x": MONTHS, "y": STEADY * 2, "phase": ["Before"] * 12 + ["After"] * 12}
    )
    named = qikit.qic(data, x="x", y="y", chart="i", part="phase")
    ax = plot_qic(named, ax=plt.figure().add_subplot())
    assert [t.get_text() for t in texts(ax, "qikit-part-label")] == ["Before", "After"]


def test_a_single_part_is_not_labelled(qic_result):
    ax = plot_qic(qic_result("i"))
    assert not texts(ax, "qikit-part-label")
    assert not lines(ax, "qikit-part-divider")


def test_baseline_is_shaded_up_to_the_freeze(qic_result):
    result = qic_result("p", freeze=10)
    ax = plot_qic(result)
    (span,) = [p for p in ax.patches if p.get_gid() == "qikit-baseline"]
    x = date_nums(result.frame["x"])
    left, right = span.get_x(), span.get_x() + span.get_width()
    assert left < x[0] and right == pytest.approx((x[9] + x[10]) / 2)
    assert "Baseline (sets the limits)" in legend_labels(ax)


def test_no_baseline_shading_without_a_freeze(qic_result):
    ax = plot_qic(qic_result("p", exclude=[4]))
    assert not [p for p in ax.patches if p.get_gid() == "qikit-baseline"]


# ---------------------------------------------------------------------- x axis


def tick_labels(ax) -> list[str]:
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_xticklabels() if t.get_text()]


def test_date_x_gives_a_date_axis_with_the_first_year(qic_result):
    ax = plot_qic(qic_result("i"))
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    labels = tick_labels(ax)
    assert "2024" in labels and "Mar" in labels
    assert labels[0] == "2023"


def test_a_series_starting_mid_year_names_its_first_year():
    start = pd.date_range("2016-04-01", periods=36, freq="MS")
    result = qikit.qic(pd.DataFrame({"x": start, "y": (STEADY * 3)}), x="x", y="y")
    labels = tick_labels(plot_qic(result))
    assert labels[0].endswith("2016")  # "May 2016", not "May"
    assert {"2017", "2018"} <= set(labels)


def test_date_format_is_used(qic_result):
    ax = plot_qic(qic_result("i"), date_format="%b-%y")
    assert "Jan-24" in tick_labels(ax)


def test_category_x_is_labelled_and_thinned(qic_result):
    result = qic_result("i", x="category", size=60)
    labels = tick_labels(plot_qic(result))
    assert labels[0] == "Week 1"
    assert set(labels) <= set(result.frame["x"])
    assert 3 <= len(labels) < 60


def test_number_x_keeps_its_values(qic_result):
    result = qic_result("i", x="number")
    (data,) = lines(plot_qic(result), "qikit-data")
    np.testing.assert_array_equal(data.get_xdata(), result.frame["x"])


def test_timezone_aware_dates_are_drawn_at_their_wall_clock_time(no_warnings):
    local = pd.date_range("2024-01-01", periods=12, freq="MS", tz="Europe/London")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the engine's own, not the drawing's
        result = qikit.qic(pd.DataFrame({"x": local, "y": STEADY}), x="x", y="y")
    with no_warnings:
        ax = plot_qic(result, annotations={"07/04/2024": "PDSA"})
        ax.figure.savefig(io.BytesIO(), format="png")
    (data,) = lines(ax, "qikit-data")
    np.testing.assert_allclose(data.get_xdata(), date_nums(local.tz_localize(None)))


# ------------------------------------------------------------- labels and legend


def test_axis_labels_and_title_come_from_the_result(qic_result):
    result = qic_result(
        "i", title="Falls", ylab="Falls per 1,000 bed days", xlab="Month"
    )
    ax = plot_qic(result)
    assert ax.get_ylabel() == "Falls per 1,000 bed days"
    assert ax.get_xlabel() == "Month"
    assert ax.get_title(loc="left") == "Falls"
    other = plot_qic(result, ax=plt.figure().add_subplot(), title="Other")
    assert other.get_title(loc="left") == "Other"


def test_the_default_title_does_not_repeat_the_chart_name():
    data = pd.DataFrame({"x": MONTHS, "seen": [40] * 24, "n": [80] * 24})
    result = qikit.qic(data, x="x", y="seen", n="n", chart="p")
    assert result.title.startswith("P chart")  # the engine's default title ...
    ax = plot_qic(result)
    assert ax.get_title(loc="left") == "Seen"  # ... is shown without the chart name
    (sub,) = texts(ax, "qikit-subtitle")
    assert sub.get_text().startswith("P chart (proportions)")
    given = qikit.qic(data, x="x", y="seen", n="n", chart="p", title="P chart of A&E")
    assert plot_qic(given, ax=plt.figure().add_subplot()).get_title(loc="left") == (
        "P chart of A&E"
    )


def test_subtitle_names_the_chart_and_the_good_direction(qic_result):
    ax = plot_qic(qic_result("c", improvement="decrease"))
    (sub,) = texts(ax, "qikit-subtitle")
    assert sub.get_text() == "C chart (counts) · lower is better"


@pytest.mark.parametrize("improvement", ["neutral", None])
def test_no_direction_is_claimed_when_none_was_given(qic_result, improvement):
    result = dataclasses.replace(qic_result("c"), improvement=improvement)
    (sub,) = texts(plot_qic(result), "qikit-subtitle")
    assert sub.get_text() == "C chart (counts)"


def test_legend_can_be_left_out(qic_result):
    assert plot_qic(qic_result("i"), show_legend=False).get_legend() is None


def test_legend_sits_below_the_x_axis(qic_result):
    ax = plot_qic(qic_result("i", xlab="Month"))
    ax.figure.canvas.draw()
    legend_box = ax.get_legend().get_window_extent()
    assert legend_box.y1 <= ax.xaxis.get_tightbbox().y0 + 1


def test_percent_ticks_for_a_percentage_p_chart(qic_result):
    ax = plot_qic(qic_result("p", multiply=100))
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all(label.endswith("%") for label in labels)


def value_texts(ax) -> dict[str, str]:
    return {
        t.get_gid(): t.get_text()
        for t in ax.texts
        if str(t.get_gid()).startswith("qikit-value-")
    }


def test_value_labels_show_the_last_parts_lines_in_one_precision(qic_result):
    result = qic_result("i", part=[12], target=55)
    shown = value_texts(plot_qic(result))
    last = result.frame.iloc[-1]
    assert shown["qikit-value-cl"] == f"CL {fmt_number(last['cl'])}"
    assert shown["qikit-value-ucl"] == f"UCL {fmt_number(last['ucl'])}"
    assert shown["qikit-value-target"] == "Target 55"


def test_a_run_chart_labels_its_centre_line_median():
    result = qikit.qic(
        y=[81.2, 79, 83.5, 80.1, 82, 81.2, 84, 78.8, 80, 82.4, 81.2, 79], chart="run"
    )
    ax = plot_qic(result)
    assert value_texts(ax)["qikit-value-cl"] == "Median 81.2"
    assert "Median" in legend_labels(ax)  # the same word as the legend


def test_value_labels_that_would_read_alike_get_a_decimal_more():
    ucl = outliers().frame["ucl"].iloc[-1]
    target = ucl + 0.01  # a target a hair above the limit
    assert fmt_number(target) == fmt_number(ucl)  # alike at the usual precision
    shown = value_texts(plot_qic(outliers(target=target)))
    assert (
        shown["qikit-value-target"].split()[-1]
        != (shown["qikit-value-ucl"].split()[-1])
    )


def test_percentage_labels_carry_a_percent_sign(qic_result):
    shown = value_texts(plot_qic(qic_result("p", multiply=100)))
    assert all(text.endswith("%") for text in shown.values())


# --------------------------------------------------------- percentages stay 0–100%


def y_tick_values(ax) -> list[float]:
    ax.figure.canvas.draw()
    low, high = ax.get_ylim()
    return [t for t in ax.get_yticks() if low <= t <= high]


def test_a_percentage_p_chart_never_runs_past_100_percent():
    n = np.full(24, 40)
    seen = np.r_[np.full(12, 38), np.full(12, 40)]  # 95% then 100%
    data = pd.DataFrame({"x": MONTHS, "seen": seen, "n": n})
    result = qikit.qic(data, x="x", y="seen", n="n", chart="p", multiply=100)
    assert result.frame["ucl"].max() >= 100  # limits reach the ceiling
    ax = plot_qic(result, annotations={"2023-06-01": "PDSA 1"})
    assert max(y_tick_values(ax)) <= 100
    assert ax.get_ylim()[0] >= -3


def test_values_said_to_be_percentages_stay_within_100_percent():
    y = [97, 99, 95, 98, 100, 96, 99, 97, 98, 100, 95, 99]
    result = qikit.qic(y=y, chart="i", ylab="% seen within 4 hours")
    assert result.frame["ucl"].max() > 100
    ax = plot_qic(result)
    assert max(y_tick_values(ax)) <= 100
    assert ax.get_ylim()[1] <= 103


def test_a_proportion_p_chart_stays_within_one():
    data = pd.DataFrame({"x": MONTHS, "seen": [38] * 12 + [40] * 12, "n": 40})
    result = qikit.qic(data, x="x", y="seen", n="n", chart="p")
    ax = plot_qic(result)
    assert max(y_tick_values(ax)) <= 1
    assert ax.get_ylim()[1] <= 1.03


# -------------------------------------------------------------------- annotations


@pytest.mark.parametrize(
    "notes",
    [
        pd.DataFrame({"x": ["2023-04-01", "2023-09-01"],
                      "label": ["PDSA 1", "PDSA 2"]}),
        [("2023-04-01", "PDSA 1"), ("2023-09-01", "PDSA 2")],
        {"2023-04-01": "PDSA 1", "2023-09-01": "PDSA 2"},
    ],
)  # fmt: skip
def test_annotations_in_every_accepted_form(qic_result, notes):
    ax = plot_qic(qic_result("i"), annotations=notes)
    flags = texts(ax, "qikit-annotation")
    assert [f.get_text() for f in flags] == ["PDSA 1", "PDSA 2"]
    np.testing.assert_allclose(
        [f.xy[0] for f in flags], date_nums(["2023-04-01", "2023-09-01"])
    )


def test_annotation_dates_are_read_day_first_without_a_warning(qic_result, no_warnings):
    result = qic_result("i")
    with no_warnings:
        ax = plot_qic(result, annotations={"07/04/2024": "PDSA 1", "Mar-23": "Start"})
    flags = {f.get_text(): f.xy[0] for f in texts(ax, "qikit-annotation")}
    assert flags["PDSA 1"] == pytest.approx(date_nums(["2024-04-07"])[0])  # 7 April
    assert flags["Start"] == pytest.approx(date_nums(["2023-03-01"])[0])


def test_close_annotations_are_staggered_and_never_overlap(qic_result):
    notes = [(f"2023-0{m}-01", f"PDSA cycle {m}: a longer label") for m in range(2, 8)]
    ax = plot_qic(qic_result("i"), annotations=notes)
    ax.figure.canvas.draw()
    flags = texts(ax, "qikit-annotation")
    assert len({f.get_position()[1] for f in flags}) == 1  # same anchor ...
    boxes = [f.get_bbox_patch().get_window_extent() for f in flags]
    for a, b in itertools.combinations(boxes, 2):
        assert not boxes_overlap(a, b)  # ... but staggered rows
    axes_box = ax.get_window_extent()
    assert all(axes_box.x0 - 1 <= b.x0 and b.x1 <= axes_box.x1 + 1 for b in boxes)


def test_annotations_sit_above_every_point(qic_result):
    notes = [("2023-03-01", "Change 1"), ("2023-05-01", "Change 2"),
             ("2023-09-01", "Change 3")]  # fmt: skip
    result = qic_result("i")
    ax = plot_qic(result, annotations=notes)
    ax.figure.canvas.draw()
    lowest_flag = min(
        f.get_bbox_patch().get_window_extent().y0 for f in texts(ax, "qikit-annotation")
    )
    highest_point = ax.transData.transform(
        (0, np.nanmax(result.frame[["y", "ucl"]].to_numpy()))
    )[1]
    assert lowest_flag > highest_point


CROWDED = [(f"2023-{m:02d}-01", f"Change number {m} to the rota") for m in range(1, 13)]


def test_crowded_annotations_show_numbers_and_the_legend_the_labels(qic_result):
    result = qic_result("i")
    ax = plot_qic(result, annotations=CROWDED)
    ax.figure.canvas.draw()
    flags = texts(ax, "qikit-annotation")
    assert [f.get_text() for f in flags] == [str(m) for m in range(1, 13)]
    assert {label for _, label in CROWDED} <= set(legend_labels(ax))
    boxes = [f.get_bbox_patch().get_window_extent() for f in flags]
    for a, b in itertools.combinations(boxes, 2):
        assert not boxes_overlap(a, b)
    highest_point = ax.transData.transform(
        (0, np.nanmax(result.frame[["y", "ucl"]].to_numpy()))
    )[1]
    assert min(b.y0 for b in boxes) > highest_point


def test_numbered_flags_keep_their_key_without_a_legend(qic_result):
    ax = plot_qic(qic_result("i"), annotations=CROWDED, show_legend=False)
    assert sorted(legend_labels(ax)) == sorted(label for _, label in CROWDED)


def test_a_flag_near_the_right_edge_points_left(qic_result):
    ax = plot_qic(qic_result("i"), annotations=[("2024-12-01", "Late change")])
    ax.figure.canvas.draw()
    (flag,) = texts(ax, "qikit-annotation")
    assert flag.get_bbox_patch().get_window_extent().x1 <= ax.get_window_extent().x1 + 1


def test_category_annotations_use_the_labels(qic_result):
    ax = plot_qic(qic_result("i", x="category"), annotations=[("Week 3", "Huddle")])
    (flag,) = texts(ax, "qikit-annotation")
    assert flag.xy[0] == 2.0
    with pytest.raises(InputError, match=r"not on the chart \(got \['Week 99'\]\)"):
        plot_qic(qic_result("i", x="category"), annotations=[("Week 99", "?")])


def test_annotation_errors_say_what_to_do(qic_result):
    result = qic_result("i")
    with pytest.raises(InputError, match="must be dates") as err:
        plot_qic(result, annotations=[("not a date", "PDSA")])
    assert "day/month/year" in str(err.value)
    with pytest.raises(InputError, match="columns x and label"):
        plot_qic(result, annotations=pd.DataFrame({"date": [1], "text": ["a"]}))
    with pytest.raises(InputError, match=r"\(x, label\) pair"):
        plot_qic(result, annotations=["PDSA 1"])
    with pytest.raises(InputError, match="not a table of labels"):
        plot_qic(result, annotations=42)


# ---------------------------------------------------------- Making Data Count icons


def icon_texts(ax) -> dict[str, str]:
    return {
        t.get_gid(): t.get_text()
        for t in ax.texts
        if str(t.get_gid()).startswith("qikit-icon-")
    }


def test_mdc_icons_are_drawn_top_right_with_words(trusts):
    one = trusts[trusts["trust"] == "RRK"]
    result = qikit.qic(
        one,
        x="month",
        y="pct",
        chart="i",
        rules="mdc",
        target=95,
        improvement="increase",
        ylab="% within 4 hours",
    )
    summary = result.summary().iloc[-1]
    ax = plot_qic(result)
    shown = icon_texts(ax)
    letter, _, words = style.VARIATION_ICONS[summary["variation"]]
    assert shown["qikit-icon-variation"] == letter
    assert shown["qikit-icon-variation-label"] == words
    letter, colour, words = style.ASSURANCE_ICONS[summary["assurance"]]
    assert (shown["qikit-icon-assurance"], shown["qikit-icon-assurance-label"]) == (
        letter,
        words,
    )
    ax.figure.canvas.draw()
    axes_box = ax.get_window_extent()
    for text in texts(ax, "qikit-icon-assurance") + texts(ax, "qikit-icon-variation"):
        box = text.get_bbox_patch().get_window_extent()
        assert box.y0 > axes_box.y1  # above the plotting area ...
        assert box.x0 > axes_box.x0 + axes_box.width / 2  # ... on the right
    assert_no_text_overlaps(ax)


def test_no_icons_without_mdc_rules_and_no_assurance_without_a_target(qic_result):
    assert not icon_texts(plot_qic(qic_result("i", rules="ihi", target=50)))
    shown = icon_texts(
        plot_qic(qic_result("i", rules="mdc"), ax=plt.figure().add_subplot())
    )
    assert set(shown) == {"qikit-icon-variation", "qikit-icon-variation-label"}


def test_icons_move_above_a_long_title(qic_result):
    title = "Percentage of patients seen, treated and discharged within four hours"
    result = qic_result(
        "i", rules="mdc", target=60, improvement="increase", title=title
    )
    ax = plot_qic(result)
    ax.figure.canvas.draw()
    title_box = ax._left_title.get_window_extent()
    labels = texts(ax, "qikit-icon-variation-label")
    assert labels[0].get_window_extent().y0 >= title_box.y1 - 1
    assert_no_text_overlaps(ax)


# -------------------------------------------------------------- no input crashes it


def test_an_empty_frame_gives_an_empty_chart(qic_result):
    result = qic_result("i")
    result.frame = result.frame.iloc[:0]
    (data,) = lines(plot_qic(result), "qikit-data")
    assert len(data.get_ydata()) == 0


def test_missing_dates_are_skipped(qic_result):
    result = qic_result("i")
    result.frame.loc[3, "x"] = pd.NaT
    low, high = plot_qic(result).get_xlim()
    assert np.isfinite([low, high]).all()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chart=st.sampled_from(CHARTS),
    size=st.integers(1, 30),
    data=st.data(),
)
def test_any_result_draws(chart, size, data):
    missing = data.draw(st.sets(st.integers(0, size - 1), max_size=size // 3))
    parts = (
        data.draw(st.lists(st.integers(2, max(size - 2, 2)), max_size=2, unique=True))
        if size > 4
        else []
    )
    options = {
        "x": data.draw(st.sampled_from(["date", "number", "category"])),
        "rules": data.draw(st.sampled_from(["anhoej", "ihi", "mdc"])),
    }
    if parts:
        options["part"] = sorted(parts)
    try:
        result = chart_result(chart, size=size, missing=tuple(missing), **options)
    except QikitError:
        assume(False)  # the engine refused the data with its own message
    ax = plot_qic(result, annotations=[(result.frame["x"].iloc[0], "Start")])
    assert lines(ax, "qikit-data")
    plt.close("all")


def test_close_annotations_do_not_hang_and_all_show():
    """Two flags nearer than their label width (PDSA cycles days apart) once looped
    forever; every label must still be drawn."""
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
    res = qikit.qic(y=[5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7], chart="i")
    assert "ucl_2s" not in res.frame.columns  # the Anhøj rules read no sigma lines
    with pytest.raises(InputError, match="this chart has no 2σ lines"):
        res.plot(sigma_lines=(2,))
    we = qikit.qic(y=[5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7], chart="i",
                   rules="western_electric")  # fmt: skip
    assert {"ucl_1s", "lcl_2s"} <= set(we.frame.columns)
