"""The store's argument checks: data points fit the x types that qikit.improve owns."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from qikit.errors import QikitError
from qikit.improve import measures
from qikit.store import _validate
from qikit.store.schema import measures as measures_table

x_values = st.one_of(
    st.dates(),
    st.datetimes(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(
        ["Week 1", "Week 2", "2024-03-04", "2024-03-04T10:30:00", "04/03/2024"]
    ),
)


def test_x_types_are_the_toolkits():
    assert _validate.X_TYPES is measures.X_TYPES
    width = measures_table.c.x_type.type.length
    assert max(len(kind) for kind in measures.X_TYPES) <= width


@given(xs=st.lists(x_values, min_size=1, max_size=6))
def test_fitted_points_have_one_of_the_x_types(xs):
    points = _validate.clean_points([(x, 1) for x in xs])
    try:
        x_type, stored = _validate.fit_points(points, None)
    except QikitError:  # a mixture of kinds is refused
        return
    assert x_type in measures.X_TYPES
    assert len(stored) == len(xs)
    assert _validate.fit_points(points, x_type) == (x_type, stored)  # fits again


def test_dates_and_times_of_day():
    points = _validate.clean_points([(dt.date(2024, 3, 4), 1), ("2024-03-11", 2)])
    assert _validate.fit_points(points, None) == ("date", ["2024-03-04", "2024-03-11"])
    later = _validate.clean_points([(dt.datetime(2024, 3, 18, 9, 30), 3)])
    assert _validate.fit_points(later, "date") == ("datetime", ["2024-03-18T09:30:00"])
