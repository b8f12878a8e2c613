"""qic() end to end: its signature, what it reads and what it tells the user."""

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

import qikit
from qikit.errors import KeywordError, QikitError

FALLS = [5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8, 3, 2, 3, 2, 3, 2, 2, 3, 2, 3, 1, 2]
DF = pd.DataFrame({"falls": FALLS})
ARGUMENTS = (
    "data, y, x, n, chart, part, freeze, exclude, target, rules, improvement, "
    "screen_mr, multiply, facets, agg, shift, trend, title, ylab, xlab"
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
