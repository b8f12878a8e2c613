"""Reading and checking qic()'s input: every message names the argument, the bad value
and the fix, word for word (qikit.charts._options and qikit.charts._prepare)."""

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


CHOICES = (
    "Use one of: 'run', 'i', 'mr', 'xbar', 's', 't', 'p', 'pp', 'c', 'u', 'up', 'g'."
)
COLUMNS = "The columns are: 'month', 'falls', 'patients'."
OK = dict(data=DF, y="falls")

# One row per message: the call and the whole message, word for word.
MESSAGES = [
    (dict(data=DF, y="fall"), ColumnError,
     "`y`: there is no column called 'fall' in the data. Did you mean 'falls'? "
     + COLUMNS),
    (dict(data=DF, y="falls", target="high"), ColumnError,
     "`target`: there is no column called 'high' in the data. Check the spelling and "
     "capital letters. " + COLUMNS),
    (dict(y="falls"), InputError,
     "`y`: is a column name, but no `data` was given (got 'falls'). Pass your table "
     "as data=..., or pass the values themselves."),
    (dict(data=DF, y="falls", chart=3), InputError,
     "`chart`: is not one of the choices (got 3). " + CHOICES),
    (dict(data=DF, y="falls", chart="xbr"), InputError,
     "`chart`: is not one of the choices (got 'xbr'). Did you mean 'xbar'? " + CHOICES),
    (dict(data=DF, y="falls", rules="nelson"), InputError,
     "`rules`: is not one of the choices (got 'nelson'). Use one of: 'anhoej', 'ihi', "
     "'mdc', 'western_electric'."),
    (dict(data=DF, y="falls", improvement="sideways"), InputError,
     "`improvement`: is not one of the choices (got 'sideways'). Use one of: "
     "'increase', 'decrease', 'neutral'."),
    (dict(data=DF, y="falls", agg="max"), InputError,
     "`agg`: is not one of the choices (got 'max'). Use one of: 'mean', 'median', "
     "'sum'."),
    (dict(data=DF, y="falls", screen_mr="yes"), InputError,
     "`screen_mr`: must be True or False (got 'yes'). Use True to leave out very large "
     "moving ranges before the limits are set, False to keep them."),
    (dict(data=DF, y="falls", multiply=0), InputError,
     "`multiply`: must be more than zero (got 0). Give a positive number."),
    (dict(data=DF, y="falls", multiply="100"), InputError,
     "`multiply`: must be a number (got '100'). Give a number such as 100 for "
     "percentages or 1000 for a rate per 1,000."),
    (dict(data=DF, y="falls", multiply=float("inf")), InputError,
     "`multiply`: must be a finite number (got inf). Give an ordinary number such as "
     "100 for percentages or 1000 for a rate per 1,000."),
    (dict(data=DF, y="falls", shift=1), InputError,
     "`shift`: must be at least 2 (got 1). Give a number of 2 or more."),
    (dict(data=DF, y="falls", shift=7.5), InputError,
     "`shift`: must be a whole number (got 7.5). Give a whole number such as 7."),
    (dict(data=DF, y="falls", trend=2), InputError,
     "`trend`: must be at least 3 (got 2). Give a number of 3 or more."),
    (dict(data=DF, y="falls", target=float("inf")), InputError,
     "`target`: must be a finite number (got inf). Give an ordinary number such as "
     "85."),
    (dict(data=DF, y="falls", target=True), InputError,
     "`target`: must be a number (got True). Give a number such as 85."),
    (dict(data=5, y="a"), InputError,
     "`data`: must be a table (got 5). Pass a pandas DataFrame, e.g. one read with "
     "pandas.read_csv()."),
    (dict(y=None), InputError,
     "`y`: no measure given (got None). Name the column to chart, y='...'."),
    (dict(y={"a": 1}), InputError,
     "`y`: must be a column name or a list of values (got {'a': 1}). Pass one column, "
     "e.g. y='falls' or y=[5, 7, 6]."),
    (dict(data=[[1, 2]], y=0), InputError,
     "`y`: must be a column name or a list of values (got 0). Pass one column, e.g. "
     "y='falls' or y=[5, 7, 6]."),
    (dict(y=[1, 2, 3], x=[1, 2]), InputError,
     "`x`: has 2 values but `y` has 3. Give one value per row of `y`."),
    (dict(y=[]), DataError,
     "`y`: there are no values to chart (got []). Add some data."),
    (dict(data=DF, y="month"), DataError,
     "`y`: must be numbers, not dates or times (got 'datetime64[us]'). Pass the column "
     "of measurements as `y` and the dates as `x`."),
    (dict(y=[1 + 2j, 3]), DataError,
     "`y`: complex numbers cannot be charted (got 'complex128'). Give real numbers, "
     "e.g. the absolute values."),
    (dict(y=[1.0, np.inf, 2.0]), DataError,
     "`y`: 1 value is infinite (row 2). This usually comes from dividing by zero in a "
     "spreadsheet: correct those entries."),
    (dict(data=DF, y="falls", chart="p"), InputError,
     "`n`: a P chart (proportions) needs a denominator (got None). Pass the column "
     "with the number of cases (patients, admissions…) in each period, e.g. "
     "n='patients'."),
    (dict(data=DF, y="falls", n="patients", chart="c"), InputError,
     "`n`: a C chart (counts) takes no denominator (got 'patients'). Leave out `n`, "
     "or use chart='u' for counts with different areas of opportunity."),
    (dict(data=DF, y="falls", n="patients", chart="g"), InputError,
     "`n`: a G chart (cases between rare events) takes no denominator (got "
     "'patients'). Leave out `n`: a G chart counts the cases between rare events."),
    (dict(data=DF, y="falls", n="patients", chart="t"), InputError,
     "`n`: a T chart (time between rare events) takes no denominator (got "
     "'patients'). Leave out `n`: a T chart uses the time between rare events."),
    (dict(data=DF, y="falls", n="patients", chart="s"), InputError,
     "`n`: an S chart (subgroup standard deviations) takes no denominator (got "
     "'patients'). Leave out `n`: subgroup sizes come from the number of rows with "
     "each `x`."),
    (dict(data=DF, y="falls", n="patients", chart="mr"), InputError,
     "`n`: an MR chart (moving ranges) takes no denominator (got 'patients'). Leave "
     "out `n`, or draw an I chart of y/n with chart='i'."),
    (dict(y=[1, -1, 2, 3], chart="c"), DataError,
     "`y`: 1 count is negative (row 2, e.g. -1). Counts cannot be below zero: correct "
     "those entries."),
    (dict(y=[1, 2, 9, 3], n=[5, 5, 5, 5], chart="p"), DataError,
     "`y`: 1 numerator is larger than the denominator (row 3, e.g. y=9, n=5). In a P "
     "chart each case counted in y must also be in n: check that y and n are not "
     "swapped, or correct those entries."),
    (dict(y=[3.0, 0.0, 4.0, 5.0], chart="t"), DataError,
     "`y`: 1 time between events is zero or negative (row 2). A T chart needs times "
     "greater than zero: events on the same day can be given a fraction of a day."),
    (dict(y=[1, 2, 3, 4], facets=["a", None, "b", "b"]), DataError,
     "`facets`: 1 row has no facet label (row 2). Fill them in or delete those rows."),
    (dict(y=[1, 2, 3, 4], part=["a", None, "b", "b"]), DataError,
     "`part`: 1 row has no phase label (row 2). Give every row a phase label."),
    (dict(y=[1, 2, 3], chart="xbar"), InputError,
     "`x`: an X-bar chart (subgroup averages) needs the subgroup of each observation "
     "(got None). Pass the column that says which subgroup (e.g. day or batch) each "
     "row belongs to."),
    (dict(y=[1, 2, 3], x=[1, 2, 3], chart="xbar"), DataError,
     "`x`: every subgroup has fewer than 2 observations (got 1 at most). An X-bar "
     "chart (subgroup averages) needs subgroups of 2 or more: use chart='i' for "
     "single values."),
    (dict(y=[4]), DataError,
     "`y`: too few points for a run chart (got 1 usable point). It needs at least 2: "
     "add more data."),
    (dict(y=[4, 5], chart="mr"), DataError,
     "`y`: too few points for an MR chart (moving ranges) (got 2 usable points). It "
     "needs at least 3: add more data or draw a run chart for now."),
    (dict(data=DF, y="falls", freeze=30), InputError,
     "`freeze`: point 30 is out of range (got 30). The chart has 24 points, so use "
     "numbers from 1 to 24."),
    (dict(data=DF, y="falls", freeze=0), InputError,
     "`freeze`: point 0 is out of range (got 0). The chart has 24 points, so use "
     "numbers from 1 to 24."),
    (dict(data=DF, y="falls", part=24), InputError,
     "`part`: point 24 is out of range (got 24). The chart has 24 points, so use "
     "numbers from 1 to 23."),
    (dict(data=DF, y="falls", exclude=[2, 99]), InputError,
     "`exclude`: point 99 is out of range (got [2, 99]). The chart has 24 points, so "
     "use numbers from 1 to 24."),
    (dict(data=DF, y="falls", exclude=[1.5]), InputError,
     "`exclude`: must be whole point numbers counted from 1 (got [1.5]). For example "
     "exclude=12 means the 12th point."),
    (dict(data=DF, y="falls", exclude=True), InputError,
     "`exclude`: must be point numbers, not True or False (got True). Give the point "
     "number, e.g. exclude=12 for the 12th point."),
    (dict(data=DF, y="falls", freeze=[3, 4]), InputError,
     "`freeze`: must be one point (got [3, 4]). Give the last point of the baseline, "
     "e.g. freeze=12."),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "error", "expected"), MESSAGES)
def test_each_message_names_argument_value_and_fix(kwargs, error, expected):
    with pytest.raises(error) as info:
        qic(**kwargs)
    assert str(info.value) == expected
    assert isinstance(info.value, QikitError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        (dict(improvement="lower"), dict(improvement="decrease")),
        (dict(improvement="Higher is better"), dict(improvement="increase")),
        (dict(chart="xmr"), dict(chart="i")),
        (dict(chart="XmR", rules="Anhøj"), dict(chart="i", rules="anhoej")),
        (dict(rules="Western Electric"), dict(rules="western_electric")),
        (dict(chart="P-prime", n="patients"), dict(chart="pp", n="patients")),
    ],
)
def test_choices_accept_the_vocabulary_aliases(given, canonical):
    a, b = qic(**OK, **given), qic(**OK, **canonical)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert (a.chart, a.rules, a.improvement) == (b.chart, b.rules, b.improvement)


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


def test_missing_x():
    with pytest.raises(DataError, match=r"`x`: 1 row has no date or label \(row 2\)"):
        qic(y=[1, 2, 3], x=[1, None, 3])


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
