"""Every message qic() gives for bad input: the argument, the bad value, the fix."""

import warnings

import numpy as np
import pandas as pd
import pytest

import qikit
from qikit.errors import ColumnError, DataError, InputError, QikitError, QikitWarning

DF = pd.DataFrame({
    "month": pd.date_range("2024-01-01", periods=24, freq="MS"),
    "falls": [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8, 3, 2, 3, 2, 3, 2, 2, 3, 2, 3, 1, 2],
    "patients": [100] * 24,
})  # fmt: skip


def qic(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return qikit.qic(**kw)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        (dict(data=DF, y="fall"), ColumnError,
         ["`y`", "no column called 'fall'", "'falls'", "'month'", "spelling"]),
        (dict(y="falls"), InputError, ["`y`", "no `data` was given"]),
        (dict(data=DF, y="falls", chart="pie"), InputError,
         ["`chart`", "'pie'", "run, i, mr, xbar"]),
        (dict(data=DF, y="falls", rules="nelson"), InputError,
         ["`rules`", "'nelson'", "anhoej, ihi, mdc, western_electric"]),
        (dict(data=DF, y="falls", improvement="up"), InputError,
         ["`improvement`", "increase, decrease, neutral"]),
        (dict(data=DF, y="falls", chart="p"), InputError, ["`n`", "needs a denominator"]),
        (dict(data=DF, y="falls", n="patients", chart="c"), InputError,
         ["`n`", "takes no denominator", "chart='u'"]),
        (dict(data=DF, y="falls", freeze=30), InputError,
         ["`freeze`", "point 30 is out of range", "1 to 24"]),
        (dict(data=DF, y="falls", freeze=0), InputError, ["`freeze`", "out of range"]),
        (dict(data=DF, y="falls", part=24), InputError, ["`part`", "1 to 23"]),
        (dict(data=DF, y="falls", exclude=[2, 99]), InputError, ["`exclude`", "point 99"]),
        (dict(data=DF, y="falls", exclude=[1.5]), InputError, ["`exclude`", "whole point"]),
        (dict(data=DF, y="falls", freeze=[3, 4]), InputError, ["`freeze`", "one point"]),
        (dict(data=DF, y="falls", multiply=0), InputError, ["`multiply`", "positive"]),
        (dict(data=DF, y="falls", multiply="100"), InputError, ["`multiply`", "a number"]),
        (dict(data=DF, y="falls", screen_mr="yes"), InputError, ["`screen_mr`", "True or False"]),
        (dict(data=DF, y="falls", target="high"), ColumnError, ["`target`", "'high'"]),
        (dict(data=DF, y="falls", shift=1), InputError, ["`shift`", "at least 2"]),
        (dict(data=DF, y="falls", agg="max"), InputError, ["`agg`", "mean, median, sum"]),
        (dict(y=[1, 2, 3], x=[1, 2]), InputError, ["`x`", "has 2 values", "has 3"]),
        (dict(data=DF, y="month"), DataError, ["`y`", "dates or times", "as `x`"]),
        (dict(y=[]), DataError, ["`y`", "no values"]),
        (dict(y=[4]), DataError, ["too few points", "at least 2"]),
        (dict(y=[4, 5], chart="mr"), DataError, ["too few points", "at least 3"]),
        (dict(y={"a": 1}), InputError, ["`y`", "column name or a list"]),
        (dict(data=DF, y="falls", facets="ward"), ColumnError, ["`facets`", "'ward'"]),
        (dict(data=[[1, 2]], y=0), InputError, ["`y`"]),
    ],
)  # fmt: skip
def test_bad_arguments(kwargs, error, words):
    with pytest.raises(error) as info:
        qic(**kwargs)
    text = str(info.value)
    for w in words:
        assert w in text, (w, text)
    assert isinstance(info.value, QikitError) and isinstance(info.value, ValueError)


def test_text_values_name_the_rows():
    with pytest.raises(DataError) as info:
        qic(y=[1, 2, "three", 4, "n/a"])
    assert str(info.value) == (
        "`y`: 2 values are not a number (rows 3, 5, e.g. 'three'). Correct or delete "
        "those entries so every value is a number."
    )


def test_zero_denominators_name_the_rows():
    n = [10, 10, 10, 0, 10, 10, 10, 10, 0, 10, 10, 0]
    with pytest.raises(DataError) as info:
        qic(y=[1] * 12, n=n, chart="p")
    assert str(info.value).startswith(
        "`n`: 3 denominators are zero or negative (rows 4, 9, 12). A P chart (proportions) "
        "needs at least one case in every period"
    )


def test_negative_counts():
    with pytest.raises(DataError, match=r"`y`: 1 count is negative \(row 2, e.g. -1\)"):
        qic(y=[1, -1, 2, 3], chart="c")


def test_numerator_larger_than_denominator():
    with pytest.raises(
        DataError, match=r"numerator is larger than the denominator \(row 3"
    ):
        qic(y=[1, 2, 9, 3], n=[5, 5, 5, 5], chart="p")


def test_t_chart_needs_positive_times():
    with pytest.raises(
        DataError, match=r"`y`: 1 time between events is zero or negative"
    ):
        qic(y=[3.0, 0.0, 4.0, 5.0], chart="t")


def test_infinite_values():
    with pytest.raises(DataError, match="infinite"):
        qic(y=[1.0, np.inf, 2.0])


def test_missing_x():
    with pytest.raises(DataError, match=r"`x`: 1 row has no date or label \(row 2\)"):
        qic(y=[1, 2, 3], x=[1, None, 3])


def test_xbar_needs_subgroups():
    with pytest.raises(InputError, match="needs the subgroup"):
        qic(y=[1, 2, 3], chart="xbar")
    with pytest.raises(DataError, match="fewer than 2 observations"):
        qic(y=[1, 2, 3], x=[1, 2, 3], chart="xbar")


def test_missing_values_are_skipped_and_said_so():
    y = [5.0, np.nan, 6, 7, 5, np.nan, 6, 7, 5, 6, 7, 5, 6, 7]
    with pytest.warns(QikitWarning, match=r"`y`: 2 values are missing \(rows 2, 6\)"):
        res = qikit.qic(y=y, chart="i")
    assert res.frame["y"].isna().sum() == 2
    summ = res.summary().iloc[0]
    assert (
        summ["n_obs"] == 14
    )  # as qicharts2: missing points still count as observations
    assert summ["cl"] == pytest.approx(6.0)  # mean of the 12 values present
    assert summ["n_useful"] == 8  # the four 6s lie on the centre line


def test_short_baseline_warns():
    with pytest.warns(QikitWarning, match="fewer than 12 points"):
        qikit.qic(y=list(range(1, 11)), chart="i")


def test_no_warning_with_a_long_baseline():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qikit.qic(data=DF, x="month", y="falls", chart="i")


def test_column_error_is_also_a_key_error():
    with pytest.raises(KeyError):
        qic(data=DF, y="nope")
