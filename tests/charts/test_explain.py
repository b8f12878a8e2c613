"""The plain-English findings: one sentence each, naming periods, rule and meaning."""

import dataclasses
import warnings

import numpy as np
import pandas as pd

import qikit
from qikit._format import fmt_number
from qikit.charts.explain import _Labels

MONTHS = pd.date_range("2024-01-01", periods=20, freq="MS")


def qic(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qikit.QikitWarning)
        return qikit.qic(**kw)


def test_long_run_sentence_names_months_rule_and_meaning():
    y = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 3, 2, 3, 2, 3, 2, 2, 3, 2]
    # 9 points below the median from April 2025 (point 12) to December 2025
    res = qic(
        data=pd.DataFrame({"m": MONTHS, "y": y}), x="m", y="y", improvement="decrease"
    )
    lines = res.explain().splitlines()
    # where the process is now comes first; the centre line and limits come last
    assert lines[0].startswith("Current state: signals of change")
    assert lines[-1] == "This run chart has 20 points; the median is 5."
    assert (
        "From December 2024 to August 2025, 9 points in a row are below the median. "
        "With 17 useful points a run longer than 7 rarely happens by chance, so "
        "something has changed. This is in the direction of improvement."
    ) in lines


def test_no_signal_is_said():
    y = [5, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7, 5, 6]
    text = qic(y=y, chart="i").explain()
    assert "No signals" in text
    assert "The control limits are" in text


def test_outside_limits_sentence():
    y = [10.0, 11, 9, 10, 12, 10, 9, 11, 10, 30, 10, 11, 9, 10]
    res = qic(y=y, chart="i", improvement="decrease")
    # by hand: MR̄ of the 11 moving ranges left after screening out the two 20s = 16/11,
    # UCL = 162/14 + 3·(16/11)/1.128 = 15.44
    assert (
        "At point 10 the value 30 is above the upper control limit (15.4). A point "
        "outside the limits is very unlikely to be chance, so look for a special cause "
        "at that time. This is in the wrong direction: a sign of deterioration."
    ) in res.explain()


def test_phases_and_facets_prefix_each_sentence():
    df = pd.DataFrame({
        "ward": np.repeat(["Ward A", "Ward B"], 20),
        "week": np.tile(np.arange(1, 21), 2),
        "y": np.tile([5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7, 5, 6, 5, 6, 4, 6], 2),
    })  # fmt: skip
    text = qic(data=df, x="week", y="y", facets="ward", part=[10]).explain()
    lines = text.splitlines()
    assert lines[0].startswith("Ward A, phase 2, current state: stable.")
    assert any(
        line.startswith("Ward A, phase 1: This phase has 10 points") for line in lines
    )
    assert any(line.startswith("Ward B, phase 2:") for line in text.splitlines())


def test_varying_limits_are_described():
    n = [50, 80, 120, 60, 90, 150, 70, 110, 100, 130, 75, 95, 85, 140]
    y = [int(0.2 * k) for k in n]
    text = qic(y=y, n=n, chart="p", multiply=100).explain()
    assert "change with the size of each sample" in text
    assert "%" in text


def test_mdc_icons_in_words():
    y = [5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7, 5, 6]
    # the assurance icon needs a direction (the default is now neutral)
    text = qic(y=y, chart="i", rules="mdc", target=20, improvement="increase").explain()
    assert "Variation icon: common cause." in text
    assert "consistently fail the target of 20" in text


def test_excluded_points_are_mentioned():
    y = [5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7, 5, 6]
    text = qic(y=y, chart="i", exclude=[3, 8]).explain()
    assert "Left out of the calculations but still shown: point 3 and point 8." in text


def test_number_format():
    assert fmt_number(0.0) == "0"
    assert fmt_number(float("nan")) == "not available"
    assert fmt_number(12345.6) == "12,346"
    assert fmt_number(2.5) == "2.5"


# --- correct: a sentence never contradicts the rule it names ---------------------


def test_a_turning_point_belongs_to_both_trends():
    # rises from February to June (5 points, 4 rises), falls from June to October
    y = [3, 1, 2, 3, 4, 5, 4, 3, 2, 1, 3, 2, 4, 3, 2, 3]
    data = pd.DataFrame({"m": MONTHS[:16], "y": y})
    text = qic(data=data, x="m", y="y", chart="run", rules="ihi").explain()
    assert (
        "From February to June 2024, 5 points in a row go up, each higher than the one "
        "before (4 rises in a row): a trend (the rule is 5 or more points)"
    ) in text
    assert (
        "From June to October 2024, 5 points in a row go down, each lower than the one "
        "before (4 falls in a row): a trend (the rule is 5 or more points)"
    ) in text


def test_a_repeated_value_does_not_split_an_ihi_trend():
    # 1 < 2 < 3 = 3 < 4 < 5: equal neighbours do not count, so one trend of 5 points
    y = [3, 1, 2, 3, 3, 4, 5, 3, 2, 3, 2, 4, 3, 2, 3, 3]
    text = qic(y=y, chart="run", rules="ihi").explain()
    assert (
        "From point 2 to point 7, 5 points in a row go up, each higher than the one "
        "before (4 rises in a row; a repeated value is not counted): a trend"
    ) in text
    assert text.count("points in a row go") == 1


def test_two_trends_one_way_with_a_step_between_are_two():
    # falls 10 → 6 (5 points), one rise to 7, falls 7 → 3 (5 points)
    y = [10, 10, 10, 9, 8, 7, 6, 7, 6, 5, 4, 3]
    text = qic(y=y, chart="run", rules="ihi").explain()
    assert "From point 1 to point 7, 5 points in a row go down" in text
    assert "From point 8 to point 12, 5 points in a row go down" in text
    assert "10 points in a row" not in text


def test_several_astronomical_points_are_listed_each_with_its_value():
    rng = np.random.default_rng(20261201)
    y = np.round(rng.normal(10, 1, 30))
    y[14], y[15], y[24] = 40, 41, 45
    text = qic(y=y, chart="run", rules="ihi", improvement="decrease").explain()
    assert (
        "From point 15 to point 16, 2 points in a row are astronomical points (points "
        "far outside the others): 40 at point 15 and 41 at point 16. Find out what "
        "happened at those times."
    ) in text
    assert (
        "At point 25 the value 45 is an astronomical point: find out what happened"
    ) in text
    # the term is explained the first time it is used, and only then
    assert text.count("far outside the others") == 1


def test_value_and_limit_that_round_alike_get_one_more_decimal():
    base = [80.0, 82, 79, 81, 83, 80, 78, 82, 81, 79, 80, 82]
    lcl = qic(y=base + [80], chart="i", freeze=12).frame["lcl"].iloc[12]  # 74.7806
    res = qic(y=base + [lcl - 0.02], chart="i", freeze=12, improvement="increase")
    assert fmt_number(lcl - 0.02) == fmt_number(lcl)  # both 74.8
    assert "At point 13 the value 74.76 is below the lower control limit (74.78)." in (
        res.explain()
    )


# --- ordered: where the process is now first, then signals, then the limits ------


def test_current_state_leads_and_limits_follow_the_signals():
    y = [10.0, 11, 9, 10, 12, 10, 9, 11, 10, 30, 10, 11, 9, 10]
    lines = qic(y=y, chart="i", improvement="decrease").explain().splitlines()
    assert lines[0] == (
        "Current state: a signal of change upwards, in the wrong direction, at point "
        "10."
    )
    assert lines[1].startswith("At point 10 the value 30 is above")
    assert lines[2].startswith("This I chart (individual values) has 14 points")
    assert lines[3].startswith("The control limits are")


def test_mdc_leads_with_variation_then_assurance():
    y = [5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7, 5, 6, 9, 10, 11, 10, 11, 10, 9, 10]
    lines = qic(y=y, chart="i", rules="mdc", target=3, improvement="increase")
    lines = lines.explain().splitlines()
    assert lines[0] == (
        "Variation icon: special cause, improvement (the latest point signals a change "
        "upwards, and high values are good)."
    )
    assert lines[1] == (
        "Assurance icon: the target of 3 lies within the limits, so the process will "
        "sometimes meet it and sometimes not."
    )
    assert lines[2].startswith("From point 17 to point 24, 8 points in a row are above")


def test_signals_come_in_date_order():
    y = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 3, 2, 3, 2, 3, 2, 2, 3, 2]
    lines = qic(y=y, chart="run", rules="ihi").explain().splitlines()
    starts = [int(line.split()[2]) for line in lines if line.startswith("From point ")]
    assert starts and starts == sorted(starts)


# --- readable: words a nurse knows -----------------------------------------------


def test_no_sigma_and_close_to_the_limit():
    y = [10.0, 11, 9, 10, 12, 10, 9, 11, 10, 13.5, 13.6, 10, 11, 9, 10, 11, 10, 9, 10]
    for rules in ("ihi", "western_electric"):
        text = qic(y=y, chart="i", rules=rules).explain()
        assert "sigma" not in text and "σ" not in text
        assert (
            "From point 10 to point 11, 2 points are close to the upper limit (more "
            "than two-thirds of the way from the mean to it). 2 out of 3 points in a "
            "row this far out rarely happens by chance"
        ) in text


def test_useful_points_are_explained_once():
    y = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 3, 2, 3, 2, 3, 2, 2, 3, 2]
    text = qic(y=y).explain()
    assert text.count("useful points (points not on the median)") == 1
    assert text.count("useful points") == 3


def test_a_trend_of_9_points_is_8_falls():
    y = [12, 20, 19, 18, 17, 16, 15, 14, 13, 12, 15, 14, 16, 13, 15, 14]
    text = qic(y=y, chart="run", rules="ihi").explain()
    assert "9 points in a row go down, each lower than the one before (8 falls" in text


# --- honest about over-dispersion -------------------------------------------------


def test_overdispersed_p_chart_recommends_laney():
    rng = np.random.default_rng(20261201)
    n = rng.integers(4000, 6000, 24)
    y = rng.binomial(n, np.clip(rng.normal(0.8, 0.04, 24), 0, 1))
    res = qic(y=y, n=n, chart="p", multiply=100, improvement="increase")
    out = int(res.frame["sigma_signal"].sum())
    assert out > 12
    text = res.explain()
    lines = text.splitlines()
    assert lines[0].startswith("Current state: not clear from this P chart.")
    assert (
        f"Most points ({out} of 24) are outside the control limits. That does not mean "
        f"{out} special causes. With denominators this large (a median of "
    ) in text
    assert 'Use a Laney P′ chart (`chart="pp"`)' in text
    assert "look for a special cause at that time" not in text
    laney = qic(y=y, n=n, chart="pp", multiply=100, improvement="increase")
    assert "Laney" not in laney.explain().split("This P′ chart")[0]


def test_overdispersed_u_chart_with_small_denominators_by_laney_sigma_z():
    rng = np.random.default_rng(20261201)
    n = rng.integers(50, 80, 24)
    y = rng.poisson(n * rng.gamma(2, 1.0, 24))
    res = qic(y=y, n=n, chart="u")
    assert np.median(n) < 1000
    text = res.explain()
    assert "over-dispersion: here about" in text
    assert 'Use a Laney U′ chart (`chart="up"`)' in text
    assert "denominators this large" not in text


def test_a_real_shift_is_not_called_overdispersion():
    # every point is outside the limits, but because the process moved, not because
    # the limits are too narrow: the points vary as a p chart expects
    rng = np.random.default_rng(20261201)
    n = np.full(24, 200)
    y = rng.binomial(n, np.r_[np.full(12, 0.5), np.full(12, 0.8)])
    text = qic(y=y, n=n, chart="p").explain()
    assert "Laney" not in text
    assert "look for a special cause at that time" in text


def test_binomial_p_chart_is_not_overdispersed():
    rng = np.random.default_rng(20261201)
    n = rng.integers(40, 80, 24)
    text = qic(y=rng.binomial(n, 0.3), n=n, chart="p").explain()
    assert "Laney" not in text and "over-dispersion" not in text


# --- neutral when no direction was given ------------------------------------------


def test_no_direction_no_improvement_or_concern():
    y = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 3, 2, 3, 2, 3, 2, 2, 3, 2]
    res = qic(y=y, chart="i", rules="mdc", target=4, improvement="neutral")
    text = res.explain()
    lines = text.splitlines()
    assert lines[0] == (
        "Variation icon: special cause (the latest point is a signal of change "
        "downwards)."
    )
    assert lines[1].startswith("No assurance icon: to compare the process with the ")
    assert "This is a signal of change downwards." in text
    prose = text.replace('`improvement="increase"`', "")
    for word in ("improvement", "concern", "deterioration", "wrong direction", "good"):
        assert word not in prose
    run = qic(y=y, improvement="neutral").explain()
    assert run.splitlines()[0] == (
        "Current state: signals of change both upwards and downwards; the latest, from "
        "point 12 to point 20 (up to the latest point), is downwards."
    )
    assert "improvement" not in run and "deterioration" not in run


def test_improvement_none_reads_as_neutral():
    y = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 3, 2, 3, 2, 3, 2, 2, 3, 2]
    res = qic(y=y, improvement="neutral")
    assert dataclasses.replace(res, improvement=None).explain() == res.explain()


def test_named_phases_are_called_by_their_names():
    y = [5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 8, 9, 8, 10, 9, 8, 9, 10, 8, 9, 10, 9]
    phase = ["Before merger"] * 12 + ["After merger"] * 12
    data = pd.DataFrame({"y": y, "phase": phase})
    lines = qic(data=data, y="y", part="phase", chart="i").explain().splitlines()
    assert lines[0].startswith("After merger, current state: stable.")
    assert "Before merger: This phase has 12 points; the mean is 5.5." in lines
    assert not any("phase Before" in line or "Phase After" in line for line in lines)


# --- dates read as people write them ------------------------------------------------

TWO_SPIKES = [5.0, 6, 5, 7, -4, 6, 5, 7, 4, 6, 5, 6, 30, 7, 5, 6, 5, 6, 5, 7]


def test_a_full_date_takes_on_a_month_in_and_a_numbered_week_in():
    days = pd.date_range("2019-01-01", periods=20, freq="D")
    text = qic(
        data=pd.DataFrame({"d": days, "y": TWO_SPIKES}), x="d", y="y", chart="i"
    ).explain()
    assert "the latest, on 13 January 2019, is upwards." in text
    assert "On 5 January 2019 the value -4 is below" in text
    assert " in 13 January" not in text and "In 13 January" not in text
    months = pd.date_range("2019-01-01", periods=20, freq="MS")
    text = qic(
        data=pd.DataFrame({"m": months, "y": TWO_SPIKES}), x="m", y="y", chart="i"
    ).explain()
    assert "the latest, in January 2020, is upwards." in text
    weeks = pd.DataFrame({"week": range(1, 21), "y": TWO_SPIKES})
    text = qic(data=weeks, x="week", y="y", chart="i").explain()
    assert "the latest, in week 13, is upwards." in text
    assert "In week 5 the value -4 is below" in text
    text = qic(y=TWO_SPIKES, chart="i").explain()
    assert "the latest, at point 13, is upwards." in text


def test_a_span_of_days_names_the_month_and_year_once():
    days = pd.date_range("2019-01-06", periods=24, freq="7D")
    y = [1.0, 2, 3, 4, 5, 6, 7, 5, 4, 6, 5, 6, 4, 7, 5, 6, 5, 6, 5, 7, 4, 6, 5, 6]
    text = qic(
        data=pd.DataFrame({"d": days, "y": y}), x="d", y="y", chart="i", rules="ihi"
    ).explain()
    assert "From 6 to 13 January 2019, 2 points are close to the lower limit" in text
    assert "From 6 January to 17 February 2019, 7 points in a row go up" in text
    # across a year end both dates are written out
    labels = _Labels(
        pd.Series(pd.to_datetime(["2018-12-30", "2019-01-06"])), False, None
    )
    assert labels.span(0, 1) == "From 30 December 2018 to 6 January 2019"
    assert labels.span(1, 1) == "On 6 January 2019"
