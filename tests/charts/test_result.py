"""QicResult: its attributes, the tables it builds on demand, how it shows itself."""

import pandas as pd
import pytest

import qikit
from qikit.charts.rules import RULES
from qikit.charts.summary import ChartState

FALLS = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8, 3, 2, 3, 2, 3, 2, 2, 3, 2, 3, 1, 2]
MONTHS = pd.date_range("2024-01-01", periods=24, freq="MS")


def test_attributes_describe_the_chart():
    res = qikit.qic(y=FALLS, chart="i", rules="ihi", improvement="decrease")
    assert (res.chart, res.rules, res.improvement) == ("i", "ihi", "decrease")
    assert res.x_is_position and res.frame["x"].tolist() == list(range(1, 25))
    assert (res.shift_length, res.trend_length) == (8, 6)
    assert res.rule_names == RULES
    assert isinstance(res._state, ChartState)


def test_x_given_is_not_a_position():
    df = pd.DataFrame({"month": MONTHS, "falls": FALLS})
    res = qikit.qic(df, x="month", y="falls")
    assert not res.x_is_position and res.xlab == "month"
    assert res.frame["x"].tolist() == list(MONTHS)


def test_the_default_labels_come_from_the_y_name():
    df = pd.DataFrame({"month": MONTHS, "falls": FALLS})
    res = qikit.qic(df, x="month", y="falls", chart="c")
    assert res.y_name == "falls" and res.ylab == "falls"
    assert res.title == "C chart (counts) of falls"
    plain = qikit.qic(y=FALLS, title="Falls on Ward 3", ylab="falls a month")
    assert (plain.y_name, plain.title, plain.ylab) == (
        "y", "Falls on Ward 3", "falls a month"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("rules", "chart", "lengths"),
    [
        ("anhoej", "run", (None, None)),
        ("ihi", "run", (6, 5)),
        ("mdc", "i", (7, 7)),
        ("western_electric", "i", (8, None)),
    ],
)
def test_rule_lengths_follow_the_rule_set(rules, chart, lengths):
    res = qikit.qic(y=FALLS, chart=chart, rules=rules)
    assert (res.shift_length, res.trend_length) == lengths


def test_summary_is_a_fresh_copy_each_time():
    res = qikit.qic(y=FALLS, chart="i")
    first = res.summary()
    first.loc[0, "cl"] = -1.0
    assert res.summary().loc[0, "cl"] == pytest.approx(sum(FALLS) / 24)


def test_one_target_is_kept_as_a_number():
    assert qikit.qic(y=FALLS, target=4).target == 4.0
    assert qikit.qic(y=FALLS).target is None
    varying = qikit.qic(y=FALLS, target=[4] * 12 + [3] * 12)
    assert varying.target is None
    assert varying.frame["target"].tolist() == [4.0] * 12 + [3.0] * 12


def test_repr_names_chart_rules_points_and_signals():
    res = qikit.qic(y=FALLS, chart="i", improvement="decrease")
    n_signals = int(res.frame["signal"].sum())
    assert repr(res) == (
        f"QicResult(chart='i', rules='anhoej', points=24, signals={n_signals})"
    )


def test_default_title_uses_the_vocabulary():
    df = pd.DataFrame({"falls": FALLS})
    assert qikit.qic(df, y="falls", chart="i").title == (
        "I chart (individual values) of falls"
    )
    assert qikit.qic(df, y="falls", title="Falls").title == "Falls"
