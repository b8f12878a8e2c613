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
    (dict(data=DF.assign(rule=["A", "B"] * 12), y="falls", facets="rule"),
     InputError,
     "`facets`: 'rule' is also the name of one of the result's own columns (in its "
     "frame, summary or episodes), which would overwrite the facet labels (got "
     "'rule'). Rename the facet column, e.g. data.rename(columns={'rule': "
     "'rule_group'}) with facets='rule_group'."),
    (dict(y=[1, 2, 3, 4], facets=pd.Series(["a", "a", "b", "b"], name="n")),
     InputError,
     "`facets`: 'n' is also the name of one of the result's own columns (in its "
     "frame, summary or episodes), which would overwrite the facet labels (got 'n'). "
     "Rename the facet column, e.g. facets=values.rename('n_group') for a Series "
     "called values."),
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
        "`y`: 2 values are not a number (rows 3, 5, e.g. 'three'). Correct those "
        "entries so every value is a number, or leave them empty where a value is "
        "missing."
    )


def test_zero_denominators_name_the_rows():
    n = [10, 10, 10, 0, 10, 10, 10, 10, 0, 10, 10, 0]
    with pytest.raises(DataError) as info:
        qic(y=[1] * 12, n=n, chart="p")
    assert str(info.value).startswith(
        "`n`: 3 denominators are zero (rows 4, 9, 12). A P chart (proportions) "
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


def test_no_warning_with_a_long_baseline():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qikit.qic(data=DF, x="month", y="falls", chart="i")


def test_column_error_is_also_a_key_error():
    with pytest.raises(KeyError):
        qic(data=DF, y="nope")


# ------------------------------------------------- what a new user's data looks like

MONTHS = pd.date_range("2024-01-01", periods=14, freq="MS")
Y14 = [8, 6, 7, 5, 6, 7, 8, 6, 5, 7, 6, 8, 7, 6]


def _warned(**kwargs):
    with pytest.warns(QikitWarning) as record:
        res = qikit.qic(**kwargs)
    return res, [str(w.message) for w in record]


def test_warnings_point_at_the_users_call():
    with pytest.warns(QikitWarning) as record:
        qikit.qic(y=list(range(1, 11)), chart="i")
    assert record[0].filename == __file__


def test_a_duplicated_period_is_combined_with_a_warning():
    df = pd.DataFrame({"m": [*MONTHS, MONTHS[7]], "y": [*Y14, 4]})
    res, said = _warned(data=df, x="m", y="y", chart="i")
    assert said == [
        "`x`: 2 rows share August 2024, so they were combined into one point (the "
        "mean of their values). If this is a data-entry error, remove or correct the "
        "extra row; to combine them another way, use agg='median' or agg='sum'."
    ]
    assert len(res.frame) == 14 and res.frame["y"].iloc[7] == (6 + 4) / 2


@pytest.mark.parametrize(
    ("kwargs", "how"),
    [
        (dict(chart="c"), "the sum of their values"),
        (dict(chart="u", n="n"), "their numerators and denominators added up, Σy ÷ Σn"),
    ],
)
def test_the_warning_says_how_periods_were_combined(kwargs, how):
    df = pd.DataFrame({"m": [*MONTHS, MONTHS[7]], "y": [*Y14, 4], "n": 100})
    _, said = _warned(data=df, x="m", y="y", **kwargs)
    assert f"({how})" in said[0]


def test_several_duplicated_periods_are_named_with_their_facets():
    df = pd.DataFrame({"m": [*MONTHS, MONTHS[7], MONTHS[2]], "y": [*Y14, 4, 1]})
    two = pd.concat([df.assign(w="Ward A"), df.assign(w="Ward B")], ignore_index=True)
    _, said = _warned(data=two, x="m", y="y", facets="w", chart="i")
    assert said == [
        "`x`: 4 periods have more than one row (Ward A: March 2024, Ward A: August "
        "2024, Ward B: March 2024, Ward B: August 2024), so the rows of each were "
        "combined into one point (the mean of their values). If this is a data-entry "
        "error, remove or correct the extra rows; to combine them another way, use "
        "agg='median' or agg='sum'."
    ]


@pytest.mark.parametrize(("agg", "value"), [("sum", 10), ("median", 5), ("mean", 5)])
def test_rows_combined_as_agg_asks_need_no_warning(no_warnings, agg, value):
    df = pd.DataFrame({"m": [*MONTHS, MONTHS[7]], "y": [*Y14, 4]})
    with no_warnings:
        res = qikit.qic(df, x="m", y="y", chart="i", agg=agg)
    assert len(res.frame) == 14 and res.frame["y"].iloc[7] == value


def test_a_ratio_chart_still_says_how_rows_were_combined_when_agg_is_given():
    df = pd.DataFrame({"m": [*MONTHS, MONTHS[7]], "y": [*Y14, 4], "n": 100})
    _, said = _warned(data=df, x="m", y="y", n="n", chart="p", agg="sum")
    assert "Σy ÷ Σn" in said[0]


def test_subgroup_charts_combine_rows_without_a_warning(no_warnings):
    x = np.repeat(np.arange(14), 3)
    y = np.tile([5.0, 6, 7], 14) + x % 3
    with no_warnings:
        res = qikit.qic(y=y, x=x, chart="xbar")
    assert len(res.frame) == 14


def test_blank_rows_are_left_out_with_a_warning():
    text = [str(d.date()) for d in MONTHS]
    df = pd.DataFrame({
        "m": text[:7] + [np.nan] + text[7:] + [""],
        "y": Y14[:7] + [np.nan] + Y14[7:] + [np.nan],
        "n": [10] * 7 + [np.nan] + [10] * 7 + [np.nan],
    })  # fmt: skip
    res, said = _warned(data=df, x="m", y="y", n="n", chart="p")
    assert said == [
        "`data`: 2 blank rows were left out (rows 8, 16): they have no y, x or n. "
        "Delete blank rows in the file to avoid this message."
    ]
    assert len(res.frame) == 14


def test_messages_after_blank_rows_count_the_rows_as_given():
    df = pd.DataFrame({
        "m": [str(d.date()) for d in MONTHS[:3]] + [None] + ["2024-05-01"],
        "y": [1, 2, None, None, -1],
    })  # fmt: skip
    with pytest.raises(DataError, match=r"1 count is negative \(row 5, e\.g\. -1\)"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", QikitWarning)
            qikit.qic(df, x="m", y="y", chart="c")


def test_without_x_a_missing_value_is_a_gap_not_a_blank_row():
    y = [5.0, np.nan, *Y14[2:]]
    _, said = _warned(y=y, chart="i")
    assert said[0].startswith("`y`: 1 value is missing (row 2).")


def test_percent_signs_and_thousands_separators_are_read_with_a_warning():
    y = [f"{v}%" for v in [54, 55, 56.5, 53, 52, 57, 54, 55, 56, 53, 52, 55]]
    res, said = _warned(y=y, chart="i")
    assert res.frame["y"].iloc[2] == 56.5
    assert said == [
        "`y`: 12 values are written with a % sign (e.g. '54%') and were read as "
        "numbers (54). If they mean something else, correct the data."
    ]
    res, said = _warned(y=[3] * 12, n=["1,234"] * 11 + ["987"], chart="u")
    assert res.frame["n"].iloc[0] == 1234
    assert said == [
        "`n`: 11 values are written with thousands separators (e.g. '1,234') and "
        "were read as numbers (1234). If they mean something else, correct the data."
    ]


def test_a_decimal_comma_is_not_guessed():
    with pytest.raises(DataError) as info:
        qic(y=["1,5", "2"] * 6)
    assert str(info.value) == (
        "`y`: 6 values are not a number (rows 1, 3, 5, 7, 9, 11, e.g. '1,5'). "
        "Correct those entries so every value is a number, or leave them empty where "
        "a value is missing. If the file uses decimal commas, read it with "
        "pd.read_csv(path, decimal=',')."
    )


def _zero_n(**kwargs):
    df = pd.DataFrame({"m": MONTHS, "y": Y14, "n": [100] * 3 + [0] + [100] * 10})
    return qikit.qic(df, x="m", y="y", n="n", chart="p", **kwargs)


def test_a_zero_denominator_names_the_period_and_the_gap_option():
    with pytest.raises(DataError) as info:
        _zero_n()
    assert str(info.value) == (
        "`n`: 1 denominator is zero (row 4, April 2024). A P chart (proportions) "
        "needs at least one case in every period: correct it, or pass zero_n='gap' "
        "to show that period as a gap."
    )


def test_zero_n_gap_shows_the_period_as_a_gap():
    with pytest.warns(QikitWarning) as record:
        res = _zero_n(zero_n="gap")
    assert [str(w.message) for w in record] == [
        "`n`: 1 denominator is zero (row 4, April 2024); that period is shown as a "
        "gap, as zero_n='gap' asks."
    ]
    assert np.isnan(res.frame["y"].iloc[3]) and res.summary()["n_useful"].iloc[0] == 13
    with pytest.raises(InputError, match=r"`zero_n`: is not one of the choices"):
        _zero_n(zero_n="skip")


def test_a_negative_denominator_is_always_an_error():
    df = pd.DataFrame({"m": MONTHS, "y": Y14, "n": [100] * 3 + [-5] + [100] * 10})
    with pytest.raises(DataError) as info:
        qikit.qic(df, x="m", y="y", n="n", chart="p", zero_n="gap")
    assert str(info.value) == (
        "`n`: 1 denominator is negative (row 4, April 2024). A denominator counts "
        "cases, so it cannot be below zero: correct those entries."
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(y=list(range(1, 12)), chart="i"),
         "This chart has only 11 usable points, fewer than the 12 recommended. The "
         "centre line and limits are provisional: read signals with care and work "
         "them out again when you have 12 or more points."),
        (dict(y=[1, 2, None, *range(4, 13)], chart="run"),
         "This chart has only 11 usable points, fewer than the 12 recommended. The "
         "median is provisional: read signals with care and work them out again "
         "when you have 12 or more points."),
        (dict(y=list(range(1, 25)), chart="i", freeze=8),
         "The baseline (up to `freeze`) has only 8 usable points, fewer than the 12 "
         "recommended. The centre line and limits are provisional: read signals with "
         "care and work them out again when you have 12 or more points."),
        (dict(y=list(range(1, 25)), chart="i", part=[10, 15]),
         "3 of the 3 phases (set by `part`) have fewer than 12 usable points; the "
         "shortest has 5. The centre line and limits are provisional: read signals "
         "with care and work them out again when you have 12 or more points."),
        (dict(y=list(range(1, 31)), chart="i", facets=["A"] * 20 + ["B"] * 10),
         "1 of the 2 facets has fewer than 12 usable points; the shortest has 10. The "
         "centre line and limits are provisional: read signals with care and work "
         "them out again when you have 12 or more points."),
    ],
)  # fmt: skip
def test_a_short_series_warning_names_what_is_short(kwargs, expected):
    with pytest.warns(QikitWarning) as record:
        qikit.qic(**kwargs)
    assert str(record[-1].message) == expected


def test_a_column_name_with_a_stray_space_is_pointed_out():
    df = pd.DataFrame({"Month ": MONTHS, "Falls": Y14})
    with pytest.raises(ColumnError) as info:
        qic(data=df, x="Month", y="Falls")
    assert str(info.value) == (
        "`x`: there is no column called 'Month' in the data. Did you mean 'Month ' (it "
        "ends with a space)? Use x='Month ', or remove the spaces with df.columns = "
        "df.columns.str.strip(). The columns are: 'Month ', 'Falls'."
    )


def test_result_columns_name_every_column_a_result_can_hold():
    # a facet column named like any of these would be overwritten (RESULT_COLUMNS)
    from qikit.charts.vocabulary import RESULT_COLUMNS

    data = DF.assign(ward=["A", "B"] * 12, target=4)
    seen = set()
    for rules in ("anhoej", "ihi", "mdc", "western_electric"):
        for chart in ("run", "i"):
            res = qic(
                data=data, x="month", y="falls", facets="ward", rules=rules,
                chart=chart, target="target", improvement="decrease",
            )  # fmt: skip
            for table in (res.frame, res.summary(), res.episodes()):
                seen |= set(table.columns) - {"ward"}
    assert seen <= RESULT_COLUMNS
    assert RESULT_COLUMNS - seen == set()
    # a facet column with any other name keeps its labels
    res = qic(data=data.rename(columns={"ward": "rule_group"}), y="falls",
              facets="rule_group")  # fmt: skip
    assert set(res.frame["rule_group"]) == {"A", "B"}
