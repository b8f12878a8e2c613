"""The tables read from a result: point types, summary, episodes and MDC icons."""

import numpy as np
import pandas as pd
import pytest

import qikit
from qikit.charts.summary import EPISODE_COLUMNS, point_types

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
