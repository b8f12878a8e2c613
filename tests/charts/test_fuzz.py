"""No input makes qic() raise anything but a QikitError, or warn but a QikitWarning.

Third-party warnings (pandas' date inference, NumPy's time zones …) are errors here, so
a learner never sees one from qic() (hypothesis).
"""

import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qikit
from qikit.errors import QikitError, QikitWarning

values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.text(max_size=4),
    st.none(),
    st.booleans(),
    st.sampled_from(["54%", "1,234", "1,5", "12.5 %", "n/a", "-3", ""]),
)
#: Dates as people type them: ISO, UK day first, months; and some that are not dates.
date_text = st.sampled_from(
    ["2024-01-01", "01/02/2024", "1/3/24", "Apr-24", "May 2024", "13/13/2024",
     "03/25/2024", "Jan", "", " "]
)  # fmt: skip
positions = st.one_of(
    st.none(),
    st.integers(-3, 40),
    st.lists(st.integers(-3, 40), max_size=3),
    st.floats(allow_nan=True),
    st.text(max_size=3),
    date_text,
    st.lists(date_text, max_size=2),
)


@settings(suppress_health_check=list(HealthCheck))
@given(
    y=st.lists(values, max_size=30),
    n=st.one_of(st.none(), st.lists(values, max_size=30)),
    x=st.one_of(st.none(), st.lists(
        st.one_of(st.integers(0, 5), st.text(max_size=2), date_text), max_size=30)),
    chart=st.sampled_from(["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u",
                           "up", "g", "bad", 3]),
    rules=st.sampled_from(["anhoej", "ihi", "mdc", "western_electric", "x", None]),
    improvement=st.sampled_from(["increase", "decrease", "neutral", "sideways", None]),
    freeze=positions,
    exclude=positions,
    part=positions,
    multiply=st.one_of(st.floats(), st.integers(-5, 1000)),
    target=st.one_of(st.none(), st.floats(), st.text(max_size=2)),
    shift=st.one_of(st.none(), st.integers(-2, 12)),
    zero_n=st.sampled_from(["error", "gap", "skip"]),
)  # fmt: skip
def test_only_qikit_errors_escape(
    y, n, x, chart, rules, improvement, freeze, exclude, part, multiply, target, shift,
    zero_n,
):  # fmt: skip
    kw = dict(y=y, n=n, x=x, chart=chart, rules=rules, improvement=improvement,
              freeze=freeze, exclude=exclude, part=part, multiply=multiply,
              target=target, shift=shift, zero_n=zero_n)  # fmt: skip
    if n is not None and len(n) != len(y):
        kw["n"] = (n * (len(y) // max(len(n), 1) + 1))[: len(y)] or None
    if x is not None:
        kw["x"] = (x * (len(y) // max(len(x), 1) + 1))[: len(y)] or None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a third-party warning fails the test
            warnings.simplefilter("ignore", QikitWarning)
            res = qikit.qic(**kw)
    except QikitError:
        return
    # a result that comes back must be whole and explainable
    assert len(res.frame) >= 1
    assert isinstance(res.explain(), str) and res.explain()
    res.summary()


@settings(suppress_health_check=list(HealthCheck))
@given(
    frame=st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(1, 12),
                             st.floats(0, 50), st.integers(1, 60)),
                   min_size=1, max_size=60),
    chart=st.sampled_from(["run", "i", "p", "u", "c", "xbar", "s", "g", "t"]),
    rules=st.sampled_from(["anhoej", "ihi", "mdc", "western_electric"]),
)  # fmt: skip
def test_faceted_tables_never_crash(frame, chart, rules):
    df = pd.DataFrame(frame, columns=["ward", "week", "y", "n"])
    df["y"] = np.minimum(df["y"].round(), df["n"])
    kw = dict(data=df, x="week", y="y", chart=chart, rules=rules, facets="ward")
    if chart in ("p", "u"):
        kw["n"] = "n"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.simplefilter("ignore", QikitWarning)
            res = qikit.qic(**kw)
    except QikitError:
        return
    assert set(res.frame["ward"]) <= {"A", "B", "C"}
    res.explain()
