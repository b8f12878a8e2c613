"""Control-chart factors and Anhøj critical values against published tables."""

import math

import numpy as np
import pytest
from scipy.stats import binom, halfnorm, norm

from qikit.charts import constants as K

# Montgomery (2020), Appendix VI, factors for constructing variables control charts,
# printed to 4 decimals (c4) and 3 decimals (A3, B3, B4).
MONTGOMERY = {
    # n: (c4, A3, B3, B4)
    2: (0.7979, 2.659, 0.000, 3.267),
    3: (0.8862, 1.954, 0.000, 2.568),
    4: (0.9213, 1.628, 0.000, 2.266),
    5: (0.9400, 1.427, 0.000, 2.089),
    6: (0.9515, 1.287, 0.030, 1.970),
    7: (0.9594, 1.182, 0.118, 1.882),
    8: (0.9650, 1.099, 0.185, 1.815),
    10: (0.9727, 0.975, 0.284, 1.716),
    15: (0.9823, 0.789, 0.428, 1.572),
    20: (0.9869, 0.680, 0.510, 1.490),
    25: (0.9896, 0.606, 0.565, 1.435),
}


@pytest.mark.parametrize("n", sorted(MONTGOMERY))
def test_factors_match_montgomery_appendix(n):
    c4, a3, b3, b4 = MONTGOMERY[n]
    assert float(K.c4(n)) == pytest.approx(c4, abs=5e-5)
    assert float(K.a3(n)) == pytest.approx(a3, abs=5e-4)
    assert float(K.b3(n)) == pytest.approx(b3, abs=5e-4)
    assert float(K.b4(n)) == pytest.approx(b4, abs=5e-4)


@pytest.mark.parametrize("n", [2, 3, 7, 26, 50, 171, 400])
def test_c4_matches_gamma_formula(n):
    # independent: math.gamma overflows past n = 171, so use lgamma
    exact = math.sqrt(2 / (n - 1)) * math.exp(
        math.lgamma(n / 2) - math.lgamma((n - 1) / 2)
    )
    assert float(K.c4(n)) == pytest.approx(exact, rel=1e-12)


def test_factors_are_nan_for_subgroups_of_one():
    assert np.isnan(K.c4(1)) and np.isnan(K.a3(1))


# Anhøj & Olesen (2014), Table 1 (critical values for longest run and crossings), 10–30.
ANHOEJ_TABLE = {
    10: (6, 2), 11: (6, 2), 12: (7, 3), 13: (7, 3), 14: (7, 4), 15: (7, 4),
    16: (7, 4), 17: (7, 5), 18: (7, 5), 19: (7, 6), 20: (7, 6), 21: (7, 6),
    22: (7, 7), 23: (8, 7), 24: (8, 8), 25: (8, 8), 26: (8, 8), 27: (8, 9),
    28: (8, 9), 29: (8, 10), 30: (8, 10),
}  # fmt: skip
# 31–100 are checked against qicharts2 itself in test_golden_qicharts2.py.


@pytest.mark.parametrize("n", sorted(ANHOEJ_TABLE))
def test_anhoej_critical_values_match_published_table(n):
    run_max, cross_min = ANHOEJ_TABLE[n]
    assert int(K.longest_run_max(n)) == run_max
    assert int(K.n_crossings_min(n)) == cross_min


def test_anhoej_critical_values_10_to_100_match_independent_computation():
    ns = np.arange(10, 101)
    run_max = K.longest_run_max(ns)
    cross_min = K.n_crossings_min(ns)
    for n, r, c in zip(ns, run_max, cross_min, strict=True):
        expected_run = round(math.log2(n)) + 3
        # smallest k with P(X <= k) >= 0.05, by walking the cdf
        k = 0
        while binom.cdf(k, n - 1, 0.5) < 0.05:
            k += 1
        assert (r, c) == (expected_run, k), n


def test_crossings_table_grows_on_demand():
    assert int(K.n_crossings_min(5000)) == int(binom.ppf(0.05, 4999, 0.5))
    assert np.isnan(K.n_crossings_min(0))


def test_crossings_limit_is_exact_on_both_sides_of_the_exact_table():
    edge = K.CROSSINGS_EXACT_LIMIT
    ns = np.array([edge - 1, edge, edge + 1, edge + 2, 20_000, 100_001])
    expected = binom.ppf(0.05, ns - 1, 0.5)
    np.testing.assert_array_equal(K.n_crossings_min(ns), expected)


def test_crossings_limit_by_whole_numbers_matches_the_definition():
    # smallest k with P(X <= k) >= 1/20, X ~ Bin(t, 1/2), from math.comb directly
    for n in (1, 2, 3, 11, 64, 257):
        t = n - 1
        k, total = 0, 1
        while 20 * total < 2**t:
            k += 1
            total += math.comb(t, k)
        assert int(K.n_crossings_min(n)) == k, n


def test_thresholds_have_one_home():
    assert K.BASELINE_MIN == 12 and K.MIN_POINTS["mr"] == 3
    assert (K.MIN_POINTS_FOR_LIMITS, K.MIN_POINTS_FOR_FIRM_LIMITS) == (12, 20)
    assert K.MIN_POINTS_FOR_RUNS == 10


def test_astronomical_point_scales_follow_from_the_normal_distribution():
    # the median of |X1 − X2| for two normal values is √2·Φ⁻¹(0.75)·σ = 0.954σ
    median_mr = math.sqrt(2) * norm.ppf(0.75)
    assert round(median_mr, 3) == 0.954
    assert K.MEDIAN_MR_SCALE == round(3 / round(median_mr, 3), 2) == 3.14
    assert K.MAD_SCALE == pytest.approx(1 / norm.ppf(0.75), abs=5e-5)
    assert K.MEAN_AD_SCALE == pytest.approx(1 / halfnorm.mean(), rel=1e-12)
    assert K.ASTRONOMICAL_SIGMA == K.SIGMA_LIMIT == 3


def test_import_qikit_does_not_load_scipy():
    import subprocess
    import sys

    code = "import sys, qikit; print('scipy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
