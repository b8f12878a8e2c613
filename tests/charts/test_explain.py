"""The plain-English findings: one sentence each, naming periods, rule and meaning."""

import warnings

import numpy as np
import pandas as pd

import qikit
from qikit._format import fmt_number

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
    text = qic(y=y, chart="i", rules="mdc", target=20).explain()
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
