"""qic() end to end: its signature, what it reads and what it tells the user."""

import inspect
import io
import warnings

import numpy as np
import pandas as pd
import pytest

import qikit
from qikit.errors import DataError, InputError, KeywordError, QikitError, QikitWarning

FALLS = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8, 3, 2, 3, 2, 3, 2, 2, 3, 2, 3, 1, 2]
DF = pd.DataFrame({"falls": FALLS})
ARGUMENTS = (
    "data, y, x, n, chart, part, freeze, exclude, target, rules, improvement, "
    "screen_mr, multiply, facets, agg, shift, trend, title, ylab, xlab, zero_n"
)


def test_help_shows_the_real_signature():
    params = inspect.signature(qikit.qic).parameters
    assert list(params)[:3] == ["data", "y", "x"]
    assert params["y"].kind is inspect.Parameter.KEYWORD_ONLY
    assert "improvement" in (qikit.qic.__doc__ or "")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: qikit.qic(DF, y="falls", improvment="decrease"),
         "`improvment`: qic() has no argument of that name (got "
         "improvment='decrease'). Did you mean improvement='decrease'? The arguments "
         f"are: {ARGUMENTS}."),
        (lambda: qikit.qic(DF, y="falls", colour="red"),
         "`colour`: qic() has no argument of that name (got colour='red'). Check the "
         f"spelling. The arguments are: {ARGUMENTS}."),
        (lambda: qikit.qic(DF, "falls"),
         "`qic`: takes only data without a name (got 2 values without names). Name "
         "the others, e.g. qic(df, y='falls', x='month')."),
        (lambda: qikit.qic(DF),
         "`y`: is missing. Give it by name, e.g. qic(df, y='falls', x='month')."),
        (lambda: qikit.qic(DF, data=DF, y="falls"),
         "`data`: given twice, by position and by name. Give it once, e.g. qic(df, "
         "y='falls', x='month')."),
    ],
)  # fmt: skip
def test_a_call_that_does_not_fit_says_what_was_meant(call, expected):
    with pytest.raises(KeywordError) as info:
        call()
    assert str(info.value) == expected
    assert isinstance(info.value, TypeError) and isinstance(info.value, QikitError)


def test_a_correct_call_passes_through_the_keyword_check():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = qikit.qic(data=DF, y="falls", chart="i")
    assert len(res.frame) == 24 and np.isfinite(res.frame["ucl"]).all()


# --------------------------------------------------------------- dates in x (UK)

MONTHS = pd.date_range("2023-04-01", periods=24, freq="MS")
MONTHLY_FALLS = [14, 12, 16, 15, 13, 17, 14, 12, 15, 16, 13, 14,
                 9, 8, 10, 7, 9, 11, 8, 9, 10, 7, 8, 9]  # fmt: skip


def _export(dates: list[str], newest_first: bool) -> pd.DataFrame:
    """A CSV file as a BI tool writes it, read back with pandas.read_csv."""
    df = pd.DataFrame({"Month": dates, "Falls": MONTHLY_FALLS})
    if newest_first:
        df = df.iloc[::-1]
    return pd.read_csv(io.StringIO(df.to_csv(index=False)))


def test_a_newest_first_uk_export_gives_the_iso_chart():
    iso = _export(list(MONTHS.strftime("%Y-%m-%d")), newest_first=False)
    uk = _export(list(MONTHS.strftime("%d/%m/%Y")), newest_first=True)
    assert uk["Month"].iloc[0] == "01/03/2025"  # text, newest first
    kw = dict(x="Month", y="Falls", chart="i", improvement="decrease")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing from pandas about day-first dates
        a = qikit.qic(iso, **kw, rules="mdc", target=15)
        b = qikit.qic(uk, **kw, rules="mdc", target=15)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    pd.testing.assert_frame_equal(a.summary(), b.summary())
    assert b.frame["x"].iloc[0] == pd.Timestamp("2023-04-01")  # oldest first
    icons = b.summary()[["variation", "assurance"]].iloc[0].tolist()
    assert icons == a.summary()[["variation", "assurance"]].iloc[0].tolist()
    assert icons[0] == "improvement_low"


@pytest.mark.parametrize(
    "dates",
    [
        list(MONTHS.strftime("%b-%y")),  # Apr-23
        list(MONTHS.strftime("%b %Y")),  # Apr 2023
        list(MONTHS.strftime("%B %Y")),  # April 2023
        list(MONTHS.strftime("%-d/%-m/%y")),  # 1/4/23
    ],
)
def test_month_and_short_forms_are_read_as_dates(dates):
    res = qikit.qic(y=MONTHLY_FALLS[::-1], x=dates[::-1], chart="i")
    assert res.frame["x"].tolist() == list(MONTHS)


def test_date_text_that_cannot_be_read_is_an_error_not_labels():
    dates = list((MONTHS + pd.Timedelta(days=14)).strftime("%m/%d/%Y"))  # American
    with pytest.raises(DataError) as info:
        qikit.qic(y=MONTHLY_FALLS, x=dates)
    assert str(info.value) == (
        "`x`: 24 dates cannot be read (rows 1, 2, 3, 4, 5, 6, 7, 8 and 16 more: "
        "'04/15/2023' would be month 15: it looks written month first (American "
        "style)). qikit reads dates day first, as in the UK (01/04/2023 is 1 April "
        "2023). Correct those entries, or convert the column yourself, e.g. "
        "pd.to_datetime(df['x'], format='%m/%d/%Y') for American dates."
    )


def test_labels_stay_labels_in_their_order():
    weeks = ["Week 2", "Week 1", "Week 3"] * 4
    res = qikit.qic(y=list(range(12)), x=[f"{w}{i}" for i, w in enumerate(weeks)])
    assert res.frame["x"].tolist() == [f"{w}{i}" for i, w in enumerate(weeks)]


def test_time_zones_keep_their_wall_clock_time_without_numpy_warnings():
    stamps = pd.date_range("2024-03-25", periods=14, freq="D", tz="Europe/London")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", QikitWarning)  # a short baseline
        res = qikit.qic(y=list(range(14)), x=list(stamps), chart="i")
    assert res.frame["x"].tolist() == list(stamps.tz_localize(None))


# ----------------------------------------------------------- points given by date


def _monthly(**kw):
    df = pd.DataFrame({"month": MONTHS, "falls": MONTHLY_FALLS})
    return qikit.qic(df, x="month", y="falls", chart="i", **kw)


@pytest.mark.parametrize(
    "when", ["01/03/2024", "2024-03-01", "Mar 2024", pd.Timestamp("2024-03-01")]
)
def test_freeze_by_date_equals_freeze_by_position(when):
    by_date, by_position = _monthly(freeze=when), _monthly(freeze=12)
    pd.testing.assert_frame_equal(by_date.frame, by_position.frame)


def test_exclude_and_part_by_date_equal_positions():
    pd.testing.assert_frame_equal(
        _monthly(exclude=["01/06/2023", "Aug 2023"]).frame,
        _monthly(exclude=[3, 5]).frame,
    )
    # a date starts a new phase (as NHSRplotthedots' rebase): April 2024 is point 13
    pd.testing.assert_frame_equal(
        _monthly(part="01/04/2024").frame, _monthly(part=12).frame
    )


def test_dates_are_matched_within_each_facet():
    df = pd.DataFrame({
        "ward": ["A"] * 24 + ["B"] * 18,
        "month": list(MONTHS) + list(MONTHS[6:]),
        "falls": MONTHLY_FALLS + MONTHLY_FALLS[6:],
    })  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        res = qikit.qic(
            df, x="month", y="falls", facets="ward", chart="i", freeze="01/03/2024"
        )
    baseline = res.frame.groupby("ward")["baseline"].sum()
    assert baseline.to_dict() == {"A": 12, "B": 6}  # both up to March 2024


def test_a_date_not_in_x_names_the_nearest():
    with pytest.raises(InputError) as info:
        _monthly(freeze="15/03/2024")
    assert str(info.value) == (
        "`freeze`: 15 March 2024 is not one of the dates in `x` (got '15/03/2024'). "
        "The nearest are March 2024 and April 2024: give one of those, or a point "
        "number such as freeze=12."
    )


def test_labels_can_be_excluded_by_name():
    weeks = [f"Week {i}" for i in range(1, 15)]
    res = qikit.qic(y=MONTHLY_FALLS[:14], x=weeks, chart="i", exclude="Week 3")
    assert (~res.frame["include"]).to_numpy().nonzero()[0].tolist() == [2]
    with pytest.raises(InputError, match=r"Did you mean 'Week 3'\?"):
        qikit.qic(y=MONTHLY_FALLS[:14], x=weeks, chart="i", exclude="week 33")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(exclude=[3, "Jun 2023"]),
         "`exclude`: mixes point numbers and dates (got [3, 'Jun 2023']). Give either "
         "point numbers (e.g. exclude=12) or dates from `x`."),
        (dict(freeze="sometime"),
         "`freeze`: is not a date (got 'sometime'). Give a date from `x`, such as "
         "freeze='01/04/2024', or a point number such as freeze=12. Write the date as "
         "day/month/year, such as '31/03/2024', or as '2024-03-31'."),
        (dict(freeze=["01/03/2024", "01/04/2024"]),
         "`freeze`: must be one point (got ['01/03/2024', '01/04/2024']). Give the "
         "last point of the baseline, e.g. freeze=12."),
    ],
)  # fmt: skip
def test_bad_dates_for_points(kwargs, expected):
    with pytest.raises(InputError) as info:
        _monthly(**kwargs)
    assert str(info.value) == expected


def test_dates_need_dates_in_x():
    with pytest.raises(InputError) as info:
        qikit.qic(y=MONTHLY_FALLS, exclude="Jun 2023")
    assert str(info.value) == (
        "`exclude`: must be whole point numbers counted from 1, as there is no `x` "
        "(got 'Jun 2023'). For example exclude=12 means the 12th point."
    )


# ------------------------------------------------------------ no direction assumed


def test_without_improvement_no_signal_is_good_or_bad():
    y = [5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6] + [12.0] * 9
    res = qikit.qic(y=y, chart="i")
    assert res.improvement is None
    types = set(res.frame["point_type"].astype(str))
    assert "special_cause_neutral_high" in types
    assert types <= {
        "common_cause",
        "special_cause_neutral_high",
        "special_cause_neutral_low",
    }
    mdc = qikit.qic(y=y, chart="i", rules="mdc", target=20)
    assert mdc.summary()["variation"].iloc[0] == "neutral_high"
    assert mdc.summary()["assurance"].iloc[0] == ""  # no direction, no assurance


def test_improvement_given_is_kept():
    y = [5.0, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6] + [12.0] * 9
    res = qikit.qic(y=y, chart="i", improvement="lower")
    assert res.improvement == "decrease"
    assert "special_cause_concern" in set(res.frame["point_type"].astype(str))


# ------------------------------------------------------------------ target scale


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(y=[80, 82, 79, 85, 88, 84, 81, 83, 86, 80, 82, 84], chart="i",
              target=0.95),
         "`target`: 0.95 is far below the data (the values charted run from 79 to "
         "88), as if it were a proportion on a chart of percentages. Did you mean "
         "target=95?"),
        (dict(y=[80] * 12, n=[100] * 12, chart="p", target=0.95, multiply=100),
         "`target`: 0.95 is far below the data (the values charted run from 80 to "
         "80), as if it were a proportion on a chart of percentages. Did you mean "
         "target=95?"),
        (dict(y=[80, 78] * 6, n=[100] * 12, chart="p", target=95),
         "`target`: 95 is far above the data (the values charted run from 0.78 to "
         "0.8), as if it were a percentage on a chart of proportions. Did you mean "
         "target=0.95, or multiply=100 to chart percentages?"),
    ],
)  # fmt: skip
def test_a_target_far_off_the_scale_is_questioned(kwargs, expected):
    with pytest.warns(QikitWarning) as record:
        qikit.qic(**kwargs)
    assert [str(w.message) for w in record] == [expected]


def test_a_small_target_on_small_counts_is_not_questioned(no_warnings):
    with no_warnings:
        qikit.qic(y=[3, 5, 6, 4, 5, 7, 6, 5, 4, 6, 5, 4], chart="c", target=0.5)
