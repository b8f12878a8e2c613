"""qikit.spread.funnel: the contract, independent cross-checks, messages, hypothesis.

The golden comparisons with the R packages are in ``test_golden_funnel.py``; here
the exact limits are checked against SciPy's distributions (an independent
computation of Spiegelhalter's formula), and every documented rule of the contract
has a test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from qikit.errors import ColumnError, DataError, InputError, QikitError
from qikit.spread import FunnelResult, funnel
from qikit.spread import _funnel_math as fm

COLUMNS = [
    "group", "y", "n", "value", "z", "lcl_95", "ucl_95", "lcl_998", "ucl_998",
    "outside_95", "outside_998",
]  # fmt: skip
LIMITS = ["n", "lcl_95", "ucl_95", "lcl_998", "ucl_998"]
UNADJUSTED = [f"{c}_unadjusted" for c in LIMITS[1:]]

Y = [12, 30, 8, 41, 9, 25, 60, 3]
N = [60, 95, 40, 120, 70, 90, 150, 30]
E = [10.2, 28.1, 9.5, 30.0, 14.2, 20.3, 50.5, 4.4]

ALL_SETUPS = [
    dict(kind="proportion", method="spiegelhalter"),
    dict(kind="proportion", method="spiegelhalter", approximation="normal"),
    dict(kind="proportion", method="spiegelhalter", approximation="normal",
         overdispersion="multiplicative"),
    dict(kind="proportion", method="spiegelhalter", approximation="normal",
         overdispersion="additive"),
    dict(kind="ratio", method="spiegelhalter"),
    dict(kind="rate", method="spiegelhalter", multiply=1000),
    dict(kind="proportion", method="funnelplotr"),
    dict(kind="proportion", method="funnelplotr", overdispersion="additive"),
    dict(kind="ratio", method="funnelplotr"),
    dict(kind="ratio", method="funnelplotr", overdispersion="additive"),
    dict(kind="ratio", method="funnelplotr", sr_method="cqc",
         overdispersion="additive"),
    dict(kind="rate", method="funnelplotr", overdispersion="additive"),
    dict(kind="proportion", method="phe", multiply=100),
    dict(kind="ratio", method="phe", multiply=100),
    dict(kind="rate", method="phe", multiply=1e5),
]  # fmt: skip


def _data(kind):
    return (Y, E) if kind == "ratio" else (Y, N)


def _id(setup):
    return "-".join(str(v) for v in setup.values())


# ---------------------------------------------------------------------- contract


@pytest.mark.parametrize("setup", ALL_SETUPS, ids=_id)
def test_frame_columns_and_limits_at_the_units(setup):
    y, n = _data(setup["kind"])
    res = funnel(y=y, n=n, **setup)
    assert isinstance(res, FunnelResult)
    cols = COLUMNS + (["z_adjusted"] if res.adjusted else [])
    assert list(res.frame.columns) == cols
    assert list(res.frame["group"]) == list(range(1, len(y) + 1))
    lims = res.limits(at=res.frame["n"])
    want = LIMITS + (UNADJUSTED if res.adjusted else [])
    assert list(lims.columns) == want
    for col in LIMITS[1:]:
        np.testing.assert_allclose(lims[col], res.frame[col], rtol=1e-12, err_msg=col)
    grid = res.limits()
    assert list(grid.columns) == want and len(grid) > 50
    assert np.all(np.diff(grid["n"]) > 0)
    assert set(res.frame["n"]) <= set(grid["n"])  # the grid holds the units' x


@pytest.mark.parametrize("setup", ALL_SETUPS, ids=_id)
def test_limits_clipped_and_ordered(setup):
    y, n = _data(setup["kind"])
    res = funnel(y=y, n=n, **setup)
    grid = res.limits()
    m = res.multiply
    for col in LIMITS[1:]:
        assert (grid[col] >= 0).all(), col
        if res.kind == "proportion":
            assert (grid[col] <= m).all(), col
    assert (grid["lcl_998"] <= grid["lcl_95"] + 1e-12).all()
    assert (grid["ucl_95"] <= grid["ucl_998"] + 1e-12).all()
    f = res.frame
    np.testing.assert_allclose(f["value"], f["y"] / f["n"] * m)
    assert (f["outside_95"] | ~f["outside_998"]).all()  # 99.8% implies 95%


@pytest.mark.parametrize("setup", ALL_SETUPS, ids=_id)
def test_default_target_and_override(setup):
    y, n = _data(setup["kind"])
    res = funnel(y=y, n=n, **setup)
    pooled = 1.0 if setup["kind"] == "ratio" else sum(y) / sum(n)
    assert res.target == pytest.approx(pooled, rel=1e-15)
    other = 1.2 if setup["kind"] == "ratio" else pooled * 1.1
    moved = funnel(y=y, n=n, target=other, **setup)
    assert moved.target == other  # unmultiplied
    assert not np.allclose(moved.frame["ucl_95"], res.frame["ucl_95"])


def test_repeated_groups_summed_in_order_of_first_appearance():
    data = pd.DataFrame({
        "unit": ["B", "A", "B", "C", "A"], "d": [1, 2, 3, 4, 5],
        "p": [10, 20, 30, 40, 50],
    })  # fmt: skip
    res = funnel(data, y="d", n="p", group="unit")
    f = res.frame
    assert list(f["group"]) == ["B", "A", "C"]
    assert list(f["y"]) == [4, 7, 4] and list(f["n"]) == [40, 70, 40]
    assert res.group_name == "unit"


def test_arrays_and_series_work_like_columns():
    a = funnel(y=np.array(Y), n=pd.Series(N), group=list("abcdefgh"))
    b = funnel(pd.DataFrame({"y": Y, "n": N, "g": list("abcdefgh")}), y="y", n="n",
               group="g")  # fmt: skip
    pd.testing.assert_frame_equal(a.frame, b.frame)


def test_multiply_scales_values_and_limits_not_target():
    a = funnel(y=Y, n=N)
    b = funnel(y=Y, n=N, multiply=100)
    assert a.target == b.target
    for col in ("value", "lcl_95", "ucl_998"):
        np.testing.assert_allclose(b.frame[col], a.frame[col] * 100)
    np.testing.assert_array_equal(a.frame["z"], b.frame["z"])


def test_phi_is_the_mean_square_of_type7_winsorised_z():
    res = funnel(y=Y, n=N, trim=0.2)
    z = res.frame["z"].to_numpy()
    lo, hi = np.quantile(z, [0.2, 0.8])  # NumPy's default is R's type 7
    assert res.phi == pytest.approx(np.mean(np.clip(z, lo, hi) ** 2), rel=1e-12)


def test_tau2_is_dersimonian_laird_and_always_reported():
    res = funnel(y=Y, n=N)  # exact limits: no adjustment, but τ² is reported
    theta = sum(Y) / sum(N)
    w = np.array(N) / (theta * (1 - theta))
    k = len(Y)
    want = (k * res.phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum())
    assert not res.adjusted and res.tau2 == pytest.approx(max(0, want), rel=1e-12)


def test_no_adjustment_when_phi_at_most_one():
    y = [10, 20, 30, 40]
    n = [100, 200, 300, 400]  # every unit exactly on target: φ = 0
    res = funnel(y=y, n=n, approximation="normal", overdispersion="additive")
    assert res.phi == 0 and res.tau2 == 0 and not res.adjusted
    assert "z_adjusted" not in res.frame
    assert "no adjustment" in res.explain()


def test_multiplicative_adjustment_scales_by_sqrt_phi():
    raw = funnel(y=Y, n=N, approximation="normal")
    adj = funnel(y=Y, n=N, approximation="normal", overdispersion="multiplicative")
    assert adj.adjusted and adj.phi > 1
    np.testing.assert_allclose(
        adj.frame["z_adjusted"], raw.frame["z"] / math.sqrt(adj.phi)
    )
    half = (adj.frame["ucl_95"] - adj.frame["lcl_95"]) / 2
    raw_half = (raw.frame["ucl_95"] - raw.frame["lcl_95"]) / 2
    inside = (raw.frame["lcl_95"] > 0).to_numpy()  # where nothing is clipped
    np.testing.assert_allclose(half[inside], raw_half[inside] * math.sqrt(adj.phi))
    lims = adj.limits(at=[50, 100])
    np.testing.assert_allclose(
        lims["ucl_998_unadjusted"], raw.limits(at=[50, 100])["ucl_998"]
    )


# ------------------------------------------------------- exact limits vs SciPy


@pytest.mark.parametrize("theta", [0.03, 0.2, 0.5, 0.9])
@pytest.mark.parametrize("lev,p", [("95", 0.025), ("95", 0.975), ("998", 0.001),
                                   ("998", 0.999)])  # fmt: skip
def test_exact_binomial_limits_match_scipy(theta, lev, p):
    n = np.array([1, 2, 5, 13, 40, 100, 999, 20000], dtype=float)
    got = fm.binomial_limit(p, n, theta)
    dist = stats.binom(n.astype(int), theta)
    r = dist.ppf(p)
    f, fm1 = dist.cdf(r), dist.cdf(r - 1)
    want = (r - (f - p) / (f - fm1)) / n
    np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-14)


@pytest.mark.parametrize("p", [0.001, 0.025, 0.975, 0.999])
def test_exact_poisson_limits_match_scipy(p):
    mu = np.array([0.01, 0.3, 1.0, 4.5, 17.2, 300.0, 12345.6])
    got = fm.poisson_limit(p, mu)
    dist = stats.poisson(mu)
    r = dist.ppf(p)
    f, fm1 = dist.cdf(r), dist.cdf(r - 1)
    want = r - (f - p) / (f - fm1)
    np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-14)


def test_z_constants():
    assert fm.Z["95"] == pytest.approx(stats.norm.ppf(0.975), rel=1e-15)
    assert fm.Z["998"] == pytest.approx(stats.norm.ppf(0.999), rel=1e-15)
    assert fm.Z_FUNNELPLOTR == {"95": 1.959964, "998": 3.090232}


def test_quantile7_is_numpys_default(rng):
    x = rng.normal(size=37)
    for prob in (0, 0.05, 0.1, 0.33, 0.9, 1):
        assert fm.quantile7(x, prob) == pytest.approx(np.quantile(x, prob), rel=1e-14)


def test_shmi_truncation_drops_the_outer_tenths():
    z = np.arange(20.0)
    kept = fm.shmi_truncation(z, 0.1)
    # floor(rank * 10 / 21): ranks 1-2 give 0, ranks 19-20 give 9
    assert kept.sum() == 16 and not kept[[0, 1, 18, 19]].any()
    assert fm.shmi_truncation(z, 0).all()


def test_phe_z_thresholds_follow_its_test():
    res = funnel(y=[0, 3, 9, 10, 25, 80, 140], n=[4.0, 9.0, 2.5, 20.0, 12.0, 60.0,
                 100.0], kind="ratio", method="phe")  # fmt: skip
    f = res.frame
    assert list(np.abs(f["z"]) > fm.Z["998"]) == list(f["outside_998"])
    assert list(np.abs(f["z"]) > fm.Z["95"]) == list(f["outside_95"])


# ---------------------------------------------------------------------- explain


def test_explain_names_outliers_and_overdispersion():
    groups = [f"Partnership {i}" for i in range(1, 9)]
    y = [20, 22, 19, 21, 60, 20, 2, 21]
    n = [200] * 8
    res = funnel(y=y, n=n, group=groups, approximation="normal",
                 overdispersion="multiplicative")  # fmt: skip
    text = res.explain()
    assert "8 units compared with the pooled proportion" in text
    assert "larger than chance alone explains (φ =" in text
    assert "multiplied by √φ" in text
    raw = funnel(data=pd.DataFrame({"partnership": groups, "y": y, "n": n}), y="y",
                 n="n", group="partnership")  # fmt: skip
    text = raw.explain()
    assert "above the 99.8% limit: Partnership 5." in text
    assert "below the 99.8% limit: Partnership 7." in text
    assert "8 partnerships compared" in text
    assert "consider overdispersion=" in text


def test_explain_when_nothing_is_outside():
    res = funnel(y=[10, 20, 30, 40], n=[100, 200, 300, 400])
    assert "All 4 units are inside the 95% limits" in res.explain()


def test_explain_other_methods():
    phe = funnel(y=Y, n=N, method="phe").explain()
    assert "PHE's Wilson score limits" in phe
    fpr = funnel(y=Y, n=E, kind="ratio", method="funnelplotr",
                 overdispersion="additive").explain()  # fmt: skip
    assert "FunnelPlotR's SHMI limits" in fpr and "τ² =" in fpr
    target = funnel(y=Y, n=N, target=0.3, multiply=100).explain()
    assert "compared with the target of 30%" in target


def test_explain_ratio_wording():
    text = funnel(y=Y, n=E, kind="ratio").explain()
    assert (
        "8 units compared with the expected ratio of 1 (Spiegelhalter's exact " in text
    )


def test_cqc_limits_are_clipped_at_zero():
    res = funnel(
        y=[0, 1, 30, 2],
        n=[0.4, 0.5, 10.0, 0.6],
        kind="ratio",
        method="funnelplotr",
        sr_method="cqc",
        overdispersion="additive",
    )
    assert res.adjusted
    grid = res.limits(at=[0.1, 0.5, 1.0])
    assert (grid[["lcl_95", "lcl_998"]] >= 0).all().all()
    assert grid["lcl_998"].iloc[0] == 0


def test_repr():
    assert repr(funnel(y=Y, n=N)).startswith("FunnelResult(kind='proportion'")


# --------------------------------------------------------------------- messages


BAD_CALLS = [
    (dict(kind="proportions2"), InputError, "`kind`: is not one of the choices"),
    (dict(method="fpr"), InputError, "`method`: is not one of the choices"),
    (dict(approximation="poisson"), InputError,
     "`approximation`: is not one of the choices"),
    (dict(overdispersion="both"), InputError,
     "`overdispersion`: is not one of the choices"),
    (dict(sr_method="nhsd"), InputError, "`sr_method`: is not one of the choices"),
    (dict(trim=0.5), InputError, "`trim`: must be less than 0.5"),
    (dict(trim=-0.1), InputError, "`trim`: must be at least 0"),
    (dict(trim="ten"), InputError, "`trim`: must be a number"),
    (dict(multiply=0), InputError, "`multiply`: must be more than zero"),
    (dict(multiply=-100), InputError, "`multiply`: must be more than zero"),
    (dict(overdispersion="additive"), InputError,
     "`overdispersion`: the adjustments are defined on the normal approximation"),
    (dict(method="funnelplotr", overdispersion="multiplicative"), InputError,
     "`overdispersion`: FunnelPlotR adjusts only by adding"),
    (dict(method="phe", overdispersion="additive"), InputError,
     "`overdispersion`: PHEindicatormethods offers no over-dispersion adjustment"),
    (dict(method="phe", approximation="normal"), InputError,
     "`approximation`: applies only to method='spiegelhalter'"),
    (dict(sr_method="cqc"), InputError,
     "`sr_method`: applies only to method='funnelplotr' with kind='ratio'"),
    (dict(target=85, multiply=100), InputError,
     "`target`: a proportion's target must be between 0 and 1 (got 85). Give a "
     "share such as 0.85 for 85%. Give the target before multiplying: 0.85"),
    (dict(target=0), InputError, "`target`: a proportion's target must be between"),
    (dict(target=float("nan")), InputError, "`target`: must be a finite number"),
    (dict(kind="ratio", target=-1), InputError,
     "`target`: a ratio's target must be more than zero"),
    (dict(y=[1, 2], n=[5, 6, 7]), InputError, "`n`: has 3 values but `y` has 2"),
    (dict(y="deaths"), InputError,
     "`y`: is a column name, but no `data` was given"),
    (dict(y=None), InputError, "`y`: is missing"),
    (dict(y=[[1, 2], [3, 4]]), InputError, "`y`: must be a column name or a list"),
    (dict(y=[1, "x", 3], n=[5, 5, 5]), DataError,
     "`y`: 1 value is not a number (row 2, e.g. 'x')"),
    (dict(y=[1, None, 3], n=[5, 5, 5]), DataError, "`y`: 1 value is missing (row 2)"),
    (dict(y=[1, 2, 3], n=[5, float("inf"), 5]), DataError,
     "`n`: 1 value is infinite (row 2)"),
    (dict(y=[1, -2, 3], n=[5, 5, 5]), DataError, "`y`: counts cannot be negative"),
    (dict(y=[1, 2, 3], n=[5, -5, 5]), DataError,
     "`n`: denominators cannot be negative (row 2"),
    (dict(y=[1, 2, 3], n=[5, -5, 5], kind="ratio"), DataError,
     "`n`: expected counts cannot be negative (row 2"),
    (dict(y=[1, 0, 3], n=[5, 0, 5]), DataError,
     "`n`: every unit needs a denominator above zero (row 2 has n = 0)"),
    (dict(y=[1, 2, 3], n=[5, 0, 5], kind="ratio"), DataError,
     "`n`: every unit needs an expected count above zero"),
    (dict(y=[1, 7, 3], n=[5, 6, 5]), DataError,
     "`y`: a proportion's count cannot be larger than its denominator (row 2, e.g. "
     "y = 7 out of n = 6)"),
    (dict(y=[1], n=[5]), DataError, "`y`: a funnel plot compares units, and there is"),
    (dict(y=[], n=[]), DataError, "`y`: a funnel plot compares units, and there are"),
    (dict(y=[0, 0, 0], n=[5, 5, 5]), DataError, "`y`: every unit has no events"),
    (dict(y=[5, 5], n=[5, 5]), DataError, "`y`: every unit has y equal to n"),
    (dict(y=[1, 2], n=[5.5, 6]), DataError,
     "`n`: exact binomial limits need whole-number denominators (row 1, e.g. 5.5)"),
    (dict(y=[1, 2], n=[4, 6], group=["a", None]), DataError,
     "`group`: 1 label is missing (row 2)"),
    (dict(y=[1, 2], n=[pd.Timestamp("2024-01-01")] * 2), DataError,
     "`n`: expected numbers but got dates"),
    (dict(data=5), InputError, "`data`: must be a table"),
]  # fmt: skip


@pytest.mark.parametrize("kwargs,error,text", BAD_CALLS, ids=[t for *_, t in BAD_CALLS])
def test_messages(kwargs, error, text):
    call = {"y": [3, 5, 9], "n": [10, 20, 30]} | kwargs
    with pytest.raises(error) as info:
        funnel(**call)
    assert text in str(info.value)


def test_message_names_the_grouped_unit_with_n_zero():
    data = pd.DataFrame({"home": ["Ash", "Oak"], "d": [0, 3], "p": [0, 10]})
    with pytest.raises(DataError, match="unit 'Ash' has n = 0"):
        funnel(data, y="d", n="p", group="home")


def test_message_for_a_misspelt_column():
    data = pd.DataFrame({"deaths": [1, 2], "patients": [5, 6]})
    with pytest.raises(ColumnError, match="Did you mean 'deaths'"):
        funnel(data, y="death", n="patients")


def test_limits_at_messages():
    res = funnel(y=Y, n=N)
    with pytest.raises(InputError, match="`at`: must be more than zero"):
        res.limits(at=[0, 10])
    with pytest.raises(InputError, match="`at`: exact binomial limits need whole"):
        res.limits(at=[10.5])
    with pytest.raises(InputError, match="`at`: must be finite numbers"):
        res.limits(at=["ten"])
    with pytest.raises(InputError, match="`at`: must be finite numbers"):
        res.limits(at=[10, float("nan")])
    with pytest.raises(InputError, match="`at`: must be a number or a list"):
        res.limits(at="10")
    with pytest.raises(InputError, match="`at`: must be a number or a list"):
        res.limits(at=[])
    assert len(funnel(y=Y, n=N, approximation="normal").limits(at=10.5)) == 1


# ------------------------------------------------------------------- hypothesis

_counts = st.lists(st.integers(0, 10_000), min_size=0, max_size=12)


@given(
    y=_counts,
    extra=st.lists(
        st.one_of(st.floats(-5, 1e6), st.sampled_from([math.nan, math.inf, 0.5])),
        max_size=12,
    ),
    kind=st.sampled_from(["proportion", "ratio", "rate", "percent"]),
    method=st.sampled_from(["spiegelhalter", "funnelplotr", "phe"]),
    approximation=st.sampled_from(["exact", "normal"]),
    overdispersion=st.sampled_from([None, "multiplicative", "additive"]),
    sr_method=st.sampled_from(["shmi", "cqc"]),
    trim=st.sampled_from([0, 0.05, 0.1, 0.25, 0.49, 0.5]),
    target=st.one_of(st.none(), st.floats(-1, 3)),
    multiply=st.sampled_from([1, 100, 1e5, 0]),
)
def test_nothing_but_qikit_errors_escape(
    y, extra, kind, method, approximation, overdispersion, sr_method, trim, target,
    multiply,
):  # fmt: skip
    n = [a + b for a, b in zip(y, extra, strict=False)]
    try:
        res = funnel(
            y=y[: len(n)], n=n, kind=kind, method=method, approximation=approximation,
            overdispersion=overdispersion, sr_method=sr_method, trim=trim,
            target=target, multiply=multiply,
        )  # fmt: skip
    except QikitError:
        return
    assert list(res.frame.columns[:11]) == COLUMNS
    res.explain()
    res.limits(at=res.frame["n"].clip(lower=1).round())
    res.limits()


@pytest.mark.parametrize(
    ("column", "noun"),
    [("ward", "wards"), ("Care home", "care homes"), ("cpp", "units"),
     ("HSCP", "units"), ("unit_2", "units"), ("practices", "practices")],
)  # fmt: skip
def test_explain_names_the_units_by_their_column_when_it_is_a_word(column, noun):
    data = pd.DataFrame({column: list("ABCD"), "y": [5, 9, 6, 20], "n": [80] * 4})
    text = funnel(data, y="y", n="n", group=column).explain()
    assert text.startswith(f"4 {noun} compared with the pooled proportion")
