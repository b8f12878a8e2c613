"""The vectorised engine against a slow, independent loop implementation.

Random series (hypothesis) with freeze and exclude; and facets: a faceted result must
equal the results of each series charted on its own.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qikit
from tests.charts.reference import anhoej, reference, reference_subgroups

COLS = ("y", "cl", "lcl", "ucl")


def _quiet(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qikit.QikitWarning)
        return qikit.qic(**kw)


def _compare(res, ref):
    for col in COLS:
        np.testing.assert_allclose(
            res.frame[col].to_numpy(dtype=float),
            np.asarray(ref[col], dtype=float),
            rtol=1e-9,
            atol=1e-9,
            equal_nan=True,
            err_msg=col,
        )
    np.testing.assert_array_equal(res.frame["sigma_signal"], ref["sigma_signal"])


series = st.lists(st.floats(0.5, 100, allow_nan=False), min_size=14, max_size=40)


@given(y=series, data=st.data())
@pytest.mark.parametrize("chart", ["i", "t", "c"])
def test_single_series_matches_reference(chart, y, data):
    if chart == "c":
        y = [float(round(v)) for v in y]
    freeze = data.draw(st.one_of(st.none(), st.integers(4, len(y))))
    exclude = data.draw(st.lists(st.integers(1, len(y)), max_size=3, unique=True))
    screen = data.draw(st.booleans())
    kept = [
        v
        for i, v in enumerate(y)
        if (i + 1) not in exclude and (freeze is None or i < freeze)
    ]
    if len(kept) < 3:
        return
    res = _quiet(
        y=y, chart=chart, freeze=freeze, exclude=exclude or None, screen_mr=screen
    )
    _compare(res, reference(chart, y, freeze=freeze, exclude=exclude, screen=screen))


@given(
    counts=st.lists(
        st.tuples(st.integers(0, 50), st.integers(1, 60)), min_size=12, max_size=40
    ),
    chart=st.sampled_from(["p", "pp", "u", "up"]),
)
def test_ratio_charts_match_reference(counts, chart):
    y = [float(min(a, b)) if chart in ("p", "pp") else float(a) for a, b in counts]
    n = [float(b) for _, b in counts]
    if sum(y) == 0 or (chart in ("p", "pp") and sum(y) == sum(n)):
        return
    res = _quiet(y=y, n=n, chart=chart)
    _compare(res, reference(chart, y, n=n))


def test_g_chart_matches_formula_with_median_centre():
    y = [12.0, 30, 4, 55, 18, 9, 71, 3, 26, 40, 15, 8, 33, 21]
    res = _quiet(y=y, chart="g")
    ref = reference("g", y)
    np.testing.assert_allclose(res.frame["ucl"], ref["ucl"], rtol=1e-12)
    np.testing.assert_allclose(res.frame["lcl"], ref["lcl"], rtol=1e-12)
    assert res.frame["cl"].iloc[0] == pytest.approx(float(np.median(y)))


@given(
    groups=st.lists(
        st.lists(st.floats(-50, 50, allow_nan=False), min_size=2, max_size=6),
        min_size=3,
        max_size=15,
    ),
    chart=st.sampled_from(["xbar", "s"]),
)
def test_subgroup_charts_match_reference(groups, chart):
    if all(max(g) - min(g) < 1e-6 for g in groups):
        return
    x = [i for i, g in enumerate(groups) for _ in g]
    y = [v for g in groups for v in g]
    res = _quiet(y=y, x=x, chart=chart)
    ref = reference_subgroups(chart, groups)
    for col in ("y", "cl", "lcl", "ucl"):
        np.testing.assert_allclose(
            res.frame[col], ref[col], rtol=1e-9, atol=1e-9, err_msg=col
        )


@given(y=st.lists(st.integers(0, 6).map(float), min_size=5, max_size=60))
def test_runs_analysis_matches_reference(y):
    res = _quiet(y=y, chart="run")
    summ = res.summary().iloc[0]
    ref = anhoej(y, float(np.median(y)))
    for key in (
        "n_useful",
        "longest_run",
        "n_crossings",
        "longest_run_max",
        "n_crossings_min",
    ):
        got, want = float(summ[key]), float(ref[key])
        assert (math.isnan(got) and math.isnan(want)) or got == want, key
    assert bool(summ["runs_signal"]) == ref["runs_signal"]


@pytest.mark.parametrize(
    "chart", ["run", "i", "p", "u", "c", "pp", "up", "g", "t", "mr"]
)
@pytest.mark.parametrize("rules", ["anhoej", "ihi", "mdc", "western_electric"])
def test_facets_equal_separate_series(chart, rules):
    rng = np.random.default_rng(7)
    k, m = 5, 30
    n = rng.integers(40, 200, size=k * m).astype(float)
    y = rng.binomial(n.astype(int), 0.3).astype(float) + (chart in ("t", "g"))
    y[m * 2 + 20 :] += 15  # a shift in series 2
    df = pd.DataFrame(
        {
            "ward": np.repeat([f"W{i}" for i in range(k)], m),
            "week": np.tile(np.arange(1, m + 1), k),
            "y": y,
            "n": n,
        }
    )
    kw = dict(x="week", y="y", chart=chart, rules=rules, freeze=20, exclude=[3])
    if chart in ("p", "pp", "u", "up"):
        kw["n"] = "n"
    whole = _quiet(data=df, facets="ward", **kw)
    assert list(whole.frame.columns[:2]) == ["ward", "x"]
    for ward, sub in df.groupby("ward"):
        alone = _quiet(data=sub, **kw)
        part = whole.frame[whole.frame["ward"] == ward].drop(columns="ward")
        pd.testing.assert_frame_equal(
            part.reset_index(drop=True), alone.frame, check_exact=False, rtol=1e-12
        )
        ws = whole.summary()
        pd.testing.assert_frame_equal(
            ws[ws["ward"] == ward].drop(columns="ward").reset_index(drop=True),
            alone.summary(),
            check_exact=False,
            rtol=1e-12,
        )
