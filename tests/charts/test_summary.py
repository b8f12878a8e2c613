"""The tables read from a result: point types, summary, episodes and MDC icons."""

import numpy as np
import pandas as pd
import pytest

import qikit
from qikit.charts.summary import EPISODE_COLUMNS, point_types
from qikit.errors import QikitWarning

FALLS = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8, 3, 2, 3, 2, 3, 2, 2, 3, 2, 3, 1, 2]


def test_episodes_are_a_tidy_frame_with_documented_columns():
    months = pd.date_range("2024-01-01", periods=24, freq="MS")
    df = pd.DataFrame({"m": months, "falls": FALLS})
    res = qikit.qic(df, x="m", y="falls", chart="run", improvement="decrease")
    ep = res.episodes()
    assert tuple(ep.columns) == EPISODE_COLUMNS
    assert ep["rule"].tolist() == ["long_run", "long_run"]
    assert ep["direction"].tolist() == [1, -1]
    assert ep["point_type"].tolist() == [
        "special_cause_concern",
        "special_cause_improvement",
    ]
    assert ep[["start", "end", "count"]].to_numpy().tolist() == [
        [0, 11, 12],
        [12, 23, 12],
    ]
    assert ep["x_start"].tolist() == [months[0], months[12]]
    assert ep["x_end"].tolist() == [months[11], months[23]]


def test_episodes_name_the_facet_and_part_and_are_a_copy():
    df = pd.DataFrame({
        "ward": np.repeat(["A", "B"], 24),
        "week": np.tile(np.arange(1, 25), 2),
        "y": FALLS + FALLS[::-1],
    })  # fmt: skip
    res = qikit.qic(df, x="week", y="y", facets="ward", part=12)
    ep = res.episodes()
    assert list(ep.columns) == ["ward", *EPISODE_COLUMNS]
    assert set(ep["ward"]) <= {"A", "B"} and set(ep["part"]) <= {1, 2}
    rows = res.frame.loc[ep["start"]]
    assert rows["ward"].tolist() == ep["ward"].tolist()
    assert rows["x"].tolist() == ep["x_start"].tolist()
    ep.loc[:, "rule"] = "changed"
    assert "changed" not in set(res.episodes()["rule"])


def test_each_point_outside_the_limits_is_its_own_episode():
    y = [10.0, 11, 9, 10, 12, 10, 9, 11, 10, 30, 10, 11, 9, 10, 11, 9, 10, 30, 10]
    res = qikit.qic(y=y, chart="i", improvement="decrease")
    out = res.episodes().query("rule == 'outside_limits'")
    assert out["start"].tolist() == [9, 17] and (out["count"] == 1).all()
    assert (out["point_type"] == "special_cause_concern").all()


def _trends(res):
    ep = res.episodes().query("rule == 'trend'")
    return ep[["direction", "start", "end", "count"]].to_numpy().tolist()


def test_a_turning_point_belongs_to_both_trends_it_ends_and_starts():
    # rises at rows 1-5, falls at rows 5-9: row 5 (the 5) ends one and starts the other
    y = [3, 1, 2, 3, 4, 5, 4, 3, 2, 1, 3, 2, 4, 3, 2, 3]
    res = qikit.qic(y=y, chart="run", rules="ihi")
    assert _trends(res) == [[1, 1, 5, 5], [-1, 5, 9, 5]]


def test_a_skipped_tie_does_not_split_an_ihi_run_chart_trend():
    # 1 < 2 < 3 = 3 < 4 < 5: the repeated 3 is skipped, so one trend of 5 points
    y = [3, 1, 2, 3, 3, 4, 5, 3, 2, 3, 2, 4, 3, 2, 3, 3]
    res = qikit.qic(y=y, chart="run", rules="ihi")
    assert _trends(res) == [[1, 1, 6, 5]]


def test_two_trends_one_way_with_one_step_back_between_stay_two():
    # falls 10 → 6 (the repeated 10s skipped), one rise to 7, falls 7 → 3
    y = [10, 10, 10, 9, 8, 7, 6, 7, 6, 5, 4, 3]
    res = qikit.qic(y=y, chart="run", rules="ihi")
    assert _trends(res) == [[-1, 0, 6, 5], [-1, 7, 11, 5]]


def test_control_chart_trends_share_their_turning_point():
    # a trend of 6 rises then 6 falls on an IHI I chart (no ties skipped there)
    y = [5, 4, 6, 4, 5, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 4, 5, 4, 6]
    res = qikit.qic(y=y, chart="i", rules="ihi")
    assert _trends(res) == [[1, 5, 10, 6], [-1, 10, 15, 6]]


def test_no_signal_gives_an_empty_frame_with_the_columns():
    res = qikit.qic(y=[5, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7, 5, 6], chart="i")
    ep = res.episodes()
    assert ep.empty and tuple(ep.columns) == EPISODE_COLUMNS


@pytest.mark.parametrize(
    ("improvement", "expected"),
    [
        ("increase", [0, 1, 2, 4]),
        ("decrease", [0, 2, 1, 4]),
        ("neutral", [0, 3, 4, 0]),
    ],
)
def test_point_types_follow_the_direction(improvement, expected):
    flagged = np.array([False, True, True, True])
    direction = np.array([0, 1, -1, 0])
    assert point_types(flagged, direction, improvement).tolist() == expected


def test_summary_columns_follow_the_rule_set():
    base = ["part", "part_label", "n_obs", "n_useful", "longest_run",
            "longest_run_max", "n_crossings", "n_crossings_min", "runs_signal", "cl",
            "lcl", "ucl", "sigma_signal"]  # fmt: skip
    assert list(qikit.qic(y=FALLS).summary().columns) == base
    ihi_run = list(qikit.qic(y=FALLS, rules="ihi").summary().columns)
    assert ihi_run == base[:8] + ["n_crossings_max"] + base[8:]
    mdc = list(qikit.qic(y=FALLS, chart="i", rules="mdc").summary().columns)
    assert mdc == base + ["variation", "assurance"]


# Making Data Count icons (NHSRplotthedots' rules; golden cases in test_golden_ptd.py)
STEADY = [5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7, 5, 6]


@pytest.mark.parametrize(
    ("improvement", "target", "assurance"),
    [
        ("increase", 20, "consistent_fail"),
        ("increase", 0.5, "consistent_pass"),
        ("decrease", 20, "consistent_pass"),
        ("increase", 6, "inconsistent"),
        ("neutral", 20, ""),
        (None, 20, ""),
        ("increase", None, ""),
    ],
)
def test_assurance_icon_compares_the_target_with_the_limits(
    improvement, target, assurance
):
    res = qikit.qic(
        y=STEADY, chart="i", rules="mdc", target=target, improvement=improvement
    )
    assert res.summary()["assurance"].tolist() == [assurance]
    assert res.summary()["variation"].tolist() == ["common_cause"]


@pytest.mark.parametrize(
    ("improvement", "variation"),
    [
        ("increase", "improvement_high"),
        ("decrease", "concern_high"),
        (None, "neutral_high"),
    ],
)
def test_variation_icon_reads_the_latest_point(improvement, variation):
    y = STEADY + [9.0] * 8  # a shift upwards at the end
    res = qikit.qic(y=y, chart="i", rules="mdc", improvement=improvement)
    assert res.summary()["variation"].tolist() == [variation]


def test_only_the_last_part_of_each_facet_gets_an_assurance_icon():
    df = pd.DataFrame({
        "ward": np.repeat(["A", "B"], 16),
        "y": STEADY * 2,
    })  # fmt: skip
    with pytest.warns(QikitWarning, match="4 of the 4 phases"):
        res = qikit.qic(
            df, y="y", chart="i", rules="mdc", target=20, improvement="increase",
            facets="ward", part=8,
        )  # fmt: skip
    s = res.summary()
    assert s["assurance"].tolist() == ["", "consistent_fail", "", "consistent_fail"]
