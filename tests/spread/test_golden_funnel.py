"""qikit.spread.funnel against FunnelPlotR, PHEindicatormethods and Spiegelhalter.

The goldens are made by ``tests/golden/funnel/make_golden.R`` (see the README
there). Each case in ``cases.csv`` is run through :func:`qikit.spread.funnel` with
the same options, and compared by column name with a tolerance:

- FunnelPlotR and Spiegelhalter's formulas: relative 1e-9 (R and SciPy agree to
  about 1e-13; the slack is for the quantile functions' own accuracy);
- PHE's Poisson funnels: relative 1e-5, the precision of PHE's own bisection
  (``poisson_funnel`` stops when its step in v = m/(1 + O + m) is below 1e-7, so
  its expected counts m are off by up to about 1e-6 relative, more where v is
  near 1);
- outlier flags and PHE's significance exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qikit.spread import _funnel_math as fm
from qikit.spread import funnel

GOLDEN = Path(__file__).parents[1] / "golden" / "funnel"
CASES = pd.read_csv(GOLDEN / "cases.csv", keep_default_na=False)
TESTED: set[str] = set()


def _num(value) -> float | None:
    return None if value in ("", "NA") else float(value)


def _run(case):
    units = pd.read_csv(
        GOLDEN / case["file"], keep_default_na=False, dtype={"group": str}
    )
    res = funnel(
        units,
        y="y",
        n="n",
        group="group",
        kind=case["kind"],
        method=case["method"],
        approximation=case["approximation"],
        overdispersion=case["overdispersion"] or None,
        trim=float(case["trim"]),
        sr_method=case["sr_method"],
        multiply=float(case["multiply"]),
        target=_num(case["target"]),
    )
    return res, units


def _close(got, want, rtol=1e-9, atol=1e-12, what=""):
    np.testing.assert_allclose(
        np.asarray(got, float), np.asarray(want, float), rtol=rtol, atol=atol,
        err_msg=what,
    )  # fmt: skip


def _cases(prefix):
    rows = [c for c in CASES.to_dict("records") if c["method"] == prefix]
    return pytest.mark.parametrize("case", rows, ids=[c["case"] for c in rows])


@_cases("funnelplotr")
def test_matches_funnelplotr(case):
    TESTED.add(case["case"])
    res, want = _run(case)
    got = res.frame
    assert list(got["group"]) == list(want["group"])  # order of first appearance
    mult = float(case["multiply"])
    _close(got["value"], want["rr"].astype(float) * mult, what="value")
    _close(got["z"], want["Uzscore"], what="z")
    _close(res.phi, float(case["phi"]), what="phi")
    _close(res.tau2, float(case["tau2"]), what="tau2")
    adjusted = case["overdispersion"] == "additive" and float(case["phi"]) > 1
    assert res.adjusted == adjusted
    cols = (
        {"lcl_95": "OD95LCL", "ucl_95": "OD95UCL", "lcl_998": "OD99LCL",
         "ucl_998": "OD99UCL"}
        if adjusted
        else {"lcl_95": "LCL95", "ucl_95": "UCL95", "lcl_998": "LCL99",
              "ucl_998": "UCL99"}
    )  # fmt: skip
    for ours, theirs in cols.items():
        _close(got[ours], want[theirs], what=ours)
    assert list(got["outside_95"]) == list(want["outlier95"] == 1)
    assert list(got["outside_998"]) == list(want["outlier99"] == 1)
    if adjusted:
        lims = res.limits(at=got["n"])
        for ours, theirs in (
            ("lcl_95_unadjusted", "LCL95"),
            ("ucl_998_unadjusted", "UCL99"),
        ):
            _close(lims[ours], want[theirs], what=ours)
        _close(lims["lcl_95"], want["OD95LCL"], what="limits(at=n)")


FPR_LIMITS = pd.read_csv(GOLDEN / "fpr_limits.csv")


@pytest.mark.parametrize("row", FPR_LIMITS.to_dict("records"),
                         ids=[f"{r['data_type']}-{r['sr_method']}-{r['x']}"
                              for r in FPR_LIMITS.to_dict("records")])  # fmt: skip
def test_funnelplotr_calculate_limits(row):
    """FunnelPlotR's calculate_limits() at given x, target and τ², against the
    private arithmetic the frame and limits() use."""
    spec = fm.Spec(
        kind="ratio" if row["data_type"] == "SR" else "rate",
        method="funnelplotr",
        approximation="exact",
        overdispersion="additive" if row["adjusted"] else None,
        trim=0.1,
        sr_method=row["sr_method"],
        target=float(row["target"]),
        multiply=float(row["multiply"]),
    )
    tau2 = float(row["tau2"]) if row["adjusted"] else None
    lims = fm.limits(spec, np.array([float(row["x"])]), tau2=tau2)
    for lev in ("95", "998"):  # qikit clips ratio limits at 0; FunnelPlotR's CQC
        # limits 1 − z·√(s² + τ²) go below 0 for small E
        _close(lims[lev][0], [max(row[f"ll{lev}"], 0)], what=f"lower {lev}")
        _close(lims[lev][1], [max(row[f"ul{lev}"], 0)], what=f"upper {lev}")


def test_funnelplotr_poisson_limits_from_its_tests():
    """FunnelPlotR's tests/testthat/test-poisson_limits.R, its numbers quoted."""
    res = funnel(y=[15, 20, 30], n=[15, 20, 30], kind="ratio", method="funnelplotr")
    lims = res.limits(at=[15, 20, 30])
    np.testing.assert_array_equal(
        lims["lcl_95"].round(7), [0.5596924, 0.6108260, 0.6746958]
    )
    np.testing.assert_array_equal(
        lims["ucl_95"].round(6), [1.649348, 1.544419, 1.427562]
    )
    np.testing.assert_array_equal(
        lims["lcl_998"].round(7), [0.3862650, 0.4479107, 0.5289724]
    )
    np.testing.assert_array_equal(
        lims["ucl_998"].round(6), [2.082907, 1.902094, 1.702771]
    )


def test_funnelplotr_phi_from_its_tests():
    """FunnelPlotR's tests/testthat/test-classes_methods.R: φ = 2.948033."""
    res = funnel(y=[100, 150, 180, 80, 120, 225], n=[108, 112, 165, 95, 100, 220],
                 group=list("abcdef"), kind="ratio", method="funnelplotr",
                 overdispersion="additive")  # fmt: skip
    assert round(res.phi, 6) == 2.948033


_PHE_LEVELS = {"High (0.001)", "Low (0.001)"}


@_cases("phe")
def test_matches_pheindicatormethods(case):
    TESTED.add(case["case"])
    res, want = _run(case)
    got = res.frame
    sig = want["significance"]
    # a DSR with fewer than 10 events has no significance in PHE; qikit cannot
    # tell a DSR from a crude rate, so those units are left out of the comparison
    rated = ~sig.str.startswith("Not applicable")
    got, sig = got[rated.to_numpy()], sig[rated]
    assert rated.sum() >= 5
    assert list(got["outside_998"]) == list(sig.isin(_PHE_LEVELS))
    assert list(got["outside_95"]) == list(sig != "Not significant")
    # the z-score agrees with the significance levels
    z = got["z"].to_numpy()
    assert list(np.abs(z) > 3.090232306167813) == list(sig.isin(_PHE_LEVELS))
    table = pd.read_csv(GOLDEN / case["limits_file"])
    mult = float(case["multiply"])
    if case["kind"] == "proportion":
        lims = res.limits(at=table["Population"])
        for ours, theirs in (("lcl_95", "lower_2s_limit"), ("ucl_95", "upper_2s_limit"),
                             ("lcl_998", "lower_3s_limit"),
                             ("ucl_998", "upper_3s_limit")):  # fmt: skip
            _close(lims[ours], np.clip(table[theirs], 0, mult), rtol=1e-10, what=ours)
        return
    xcol = "exp_events" if case["kind"] == "ratio" else "population_1_year"
    for ours, side in (("lcl_95", "lower_2s"), ("ucl_95", "upper_2s"),
                       ("lcl_998", "lower_3s"), ("ucl_998", "upper_3s")):  # fmt: skip
        lims = res.limits(at=table[f"{side}_{xcol}"])
        _close(lims[ours], table[f"{side}_limit"], rtol=1e-5, what=ours)


def test_phe_published_ratio_funnel():
    """Two rows of PHE's tests/testthat/testdata_funnel_ratio_outputs.csv, quoted:
    at 1 observed event the 95% funnels sit at 5.571644585 and 0.025317898 expected,
    with limits 17.94802207 and 3949.774946 (ISR × 100). PHE finds those expected
    counts by bisection to about 1e-6; the exact count for the first is
    5.5716433909 (e^−m(1 + m) = 0.025), whose limit is 17.9480259."""
    res = funnel(y=[8, 151, 159], n=[6.24, 106.44, 232.93], kind="ratio",
                 method="phe", multiply=100)  # fmt: skip
    low = res.limits(at=[5.571644585])["lcl_95"].iloc[0]
    high = res.limits(at=[0.025317898])["ucl_95"].iloc[0]
    assert low == pytest.approx(17.94802207, rel=2e-6)
    assert high == pytest.approx(3949.774946, rel=2e-6)
    exact = res.limits(at=[5.571643390938899])["lcl_95"].iloc[0]
    assert exact == pytest.approx(100 / 5.571643390938899, rel=1e-12)


@_cases("spiegelhalter")
def test_matches_spiegelhalter_in_r(case):
    TESTED.add(case["case"])
    res, want = _run(case)
    got = res.frame
    for col in ("y", "n", "value", "z", "lcl_95", "ucl_95", "lcl_998", "ucl_998"):
        _close(got[col], want[col], what=col)
    for col in ("outside_95", "outside_998"):
        assert list(got[col]) == list(want[col].astype(str).str.upper() == "TRUE"), col
    _close(res.phi, float(case["phi"]), what="phi")
    _close(res.tau2, float(case["tau2"]), what="tau2")
    assert ("z_adjusted" in got) == ("z_adjusted" in want)
    if "z_adjusted" in want:
        _close(got["z_adjusted"], want["z_adjusted"], what="z_adjusted")
    table = pd.read_csv(GOLDEN / case["limits_file"])
    lims = res.limits(at=table["n"])
    for col in ("lcl_95", "ucl_95", "lcl_998", "ucl_998"):
        _close(lims[col], table[col], what=f"limits {col}")


def test_every_case_is_translated():
    """Runs last in this file: every golden case was compared by a test above."""
    missing = set(CASES["case"]) - TESTED
    assert not missing, sorted(missing)
