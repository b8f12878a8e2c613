"""Rule sets against a brute-force, window-by-window implementation; hand-made cases."""

import warnings
from math import comb

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qikit
from qikit.charts.rules import RULES, ihi_runs_limits
from tests.charts.reference import rule_flags


def qic(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qikit.QikitWarning)
        return qikit.qic(**kw)


@given(
    y=st.lists(st.integers(0, 9).map(float), min_size=12, max_size=45),
    rules=st.sampled_from(["western_electric", "ihi", "mdc"]),
    chart=st.sampled_from(["i", "run"]),
)
def test_point_rules_match_brute_force(y, rules, chart):
    res = qic(y=y, chart=chart, rules=rules)
    f = res.frame
    cl = float(f["cl"].iloc[0])
    sigma = float((f["ucl"].iloc[0] - cl) / 3) if chart == "i" else np.nan
    if chart == "i" and not sigma > 0:
        return
    want = rule_flags(y, cl, sigma, rules, chart_is_run=chart == "run")
    # combine the brute-force flags with the engine's precedence
    expected = np.array([""] * len(y), dtype=object)
    for name in reversed(RULES):
        if name in want:
            expected[np.array(want[name])] = name
    if chart == "i":
        expected[f["sigma_signal"].to_numpy()] = "outside_limits"
    got = f["rule"].astype(str).to_numpy()
    if rules == "ihi" and chart == "run":  # astronomical points are checked separately
        got = np.where(got == "astronomical", expected, got)
    np.testing.assert_array_equal(got, expected)


def test_western_electric_four_of_five():
    y = [0.0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, 1.4, 1.5, 0.2, 1.6, 1.45, 0, -1]
    res = qic(y=y, chart="i", rules="western_electric")
    flagged = res.frame.index[res.frame["rule"] == "four_of_five"].tolist()
    sigma = (res.frame["ucl"].iloc[0] - res.frame["cl"].iloc[0]) / 3
    assert sigma == pytest.approx(np.mean(np.abs(np.diff(y))) / 1.128)
    assert flagged == [13, 14, 16, 17]


def test_ihi_run_chart_shift_skips_points_on_the_median():
    y = [5, 6, 4, 6, 4, 6, 4, 5, 5, 7, 8, 5, 7, 9, 8, 7, 3, 4, 2, 6, 4, 3]
    res = qic(y=y, chart="run", rules="ihi")
    med = np.median(y)
    assert med == 5
    shift = res.frame["rule"] == "shift"
    # points 10-16 (1-based) are above the median; the 5 at point 12 neither breaks
    # nor counts
    assert shift.to_numpy().nonzero()[0].tolist() == [9, 10, 12, 13, 14, 15]


def test_ihi_trend_ignores_equal_neighbours():
    y = [3, 5, 4, 6, 3, 4, 5, 5, 6, 7, 4, 6, 3, 5, 4, 6]
    res = qic(y=y, chart="run", rules="ihi")
    trend = res.frame.index[res.frame["rule"] == "trend"].tolist()
    assert trend == [
        4,
        5,
        6,
        8,
        9,
    ]  # 3 4 5 (5) 6 7: five rising points, the tie skipped


# Perla, Provost & Murray (2011), Table 1, rows confirmed in IHI QI104 course notes.
@pytest.mark.parametrize(
    ("n", "lo", "hi"),
    [(10, 3, 9), (11, 3, 10), (12, 3, 11), (13, 4, 11), (14, 4, 12), (15, 5, 12)],
)
def test_ihi_runs_limits_published_rows(n, lo, hi):
    got_lo, got_hi = ihi_runs_limits(n)
    assert (int(got_lo), int(got_hi)) == (lo, hi)


def test_ihi_runs_limits_bracket_the_expected_number_of_runs():
    """Independent check of every row: the expected number of runs, n/2 + 1 for an even
    split, lies between the limits, and each limit has at most ~5% probability beyond it
    (exact Swed–Eisenhart distribution by enumeration of run counts)."""
    for n in range(10, 41):
        lo, hi = (int(v) for v in ihi_runs_limits(n))
        n1, n2 = n // 2, n - n // 2

        def p(r, n=n, n1=n1, n2=n2):
            k = r // 2
            if r % 2 == 0:
                return 2 * comb(n1 - 1, k - 1) * comb(n2 - 1, k - 1) / comb(n, n1)
            return (
                comb(n1 - 1, k) * comb(n2 - 1, k - 1)
                + comb(n1 - 1, k - 1) * comb(n2 - 1, k)
            ) / comb(n, n1)

        below = sum(p(r) for r in range(2, lo))
        above = sum(p(r) for r in range(hi + 1, n + 1))
        assert lo < n / 2 + 1 < hi, n
        assert below <= 0.05 and above <= 0.05, (n, below, above)


def test_runs_count_rule_flags_too_few_runs():
    y = [1.0] * 8 + [9.0] * 8  # 16 useful points, 2 runs: fewer than 5
    res = qic(y=y, chart="run", rules="ihi")
    assert res.summary()["runs_signal"].iloc[0]
    assert "There are only 2 runs" in res.explain()


def _astronomical(res):
    rule = res.frame["rule"].astype(str).to_numpy()
    return np.flatnonzero(rule == "astronomical").tolist()


def test_astronomical_point():
    y = [10.0, 11, 9, 10, 12, 10, 9, 11, 10, 40, 10, 11, 9, 10]
    res = qic(y=y, chart="run", rules="ihi")
    assert _astronomical(res) == [9]
    assert res.frame.loc[9, "direction"] == 1


def test_astronomical_points_are_only_the_spikes_not_the_points_they_pull_away():
    # three spikes close together once pulled the mean up to 16 and, with their large
    # moving ranges screened out, left limits so narrow that all 16 points were flagged
    y = [10.0, 11, 9, 10, 40, 41, 39, 10, 9, 11, 10, 10, 11, 9, 10, 10]
    res = qic(y=y, chart="run", rules="ihi")
    assert _astronomical(res) == [4, 5, 6]
    assert (res.frame.loc[[4, 5, 6], "direction"] == 1).all()


def test_a_steady_trend_has_no_astronomical_point():
    # waiting list falls by 37% over 78 weeks: the trend and shift rules see it; no
    # single week is blatantly different from the rest (33 weeks in a row were flagged
    # by limits from the mean and the average moving range)
    df = qikit.datasets.load_dataset("waiting_list")
    res = qic(data=df, x="week", y="waiting", chart="run", rules="ihi")
    assert _astronomical(res) == []
    assert {"shift", "trend"} <= set(res.frame["rule"].astype(str))


def test_a_shift_is_a_shift_not_astronomical_points():
    # fewer points after the shift than before: far from the median, but a shift
    y = [10.0, 11, 9, 10, 11, 10, 9, 11, 10, 11, 30, 31, 29, 30, 31, 30, 29, 31, 30]
    res = qic(y=y, chart="run", rules="ihi")
    assert _astronomical(res) == []
    longer = qic(y=y, chart="run", rules="ihi", shift=10)
    assert _astronomical(longer) == [*range(10, 19)]
    assert (res.frame.loc[10:, "rule"].astype(str) == "shift").all()
    # too few points in a row for a shift: they stand out, so they are astronomical
    assert _astronomical(qic(y=y[:15], chart="run", rules="ihi")) == [*range(10, 15)]


def test_one_spike_among_mostly_equal_values_is_astronomical():
    # more than half the points equal: the MAD is 0, the mean absolute deviation is used
    y = [5.0] * 11 + [30, 5, 5]
    assert _astronomical(qic(y=y, chart="run", rules="ihi")) == [11]
    assert _astronomical(qic(y=[5.0] * 14, chart="run", rules="ihi")) == []


def test_astronomical_limits_come_from_the_baseline_of_each_phase():
    low = [10.0, 11, 9, 10, 40, 41, 39, 10, 9, 11, 10, 10, 11, 9, 10, 10]
    high = [100.0, 101, 99, 100, 101, 102, 100, 99, 100, 101, 180, 100, 101, 99, 100]
    parts = qic(y=low + high, chart="run", rules="ihi", part=[16])
    assert _astronomical(parts) == [4, 5, 6, 26]
    # after the baseline: a spike is astronomical, a lasting change is a shift
    later = [10.0, 11, 9, 60, 10, 11, 9, 10]
    frozen = qic(y=low + later, chart="run", rules="ihi", freeze=16)
    assert _astronomical(frozen) == [4, 5, 6, 19]
    frozen = qic(y=low + high, chart="run", rules="ihi", freeze=16)
    assert _astronomical(frozen) == [4, 5, 6]
    assert (frozen.frame.loc[16:, "rule"].astype(str) == "shift").all()


def test_shift_and_trend_lengths_are_configurable():
    y = [8.0, 2] * 5 + [6, 7, 6, 7, 6, 7] + [2, 3, 2, 4, 3, 2]
    six = qic(y=y, chart="run", rules="ihi")
    seven = qic(y=y, chart="run", rules="ihi", shift=7)
    assert six.frame["cl"].iloc[0] == 5
    assert (six.frame["rule"] == "shift").sum() == 12
    assert (seven.frame["rule"] == "shift").sum() == 0
    assert six.shift_length == 6 and seven.shift_length == 7
    rising = [1.0, 2, 3, 4, 5, 6, 2, 3, 1, 2, 3, 1, 2]
    assert (qic(y=rising, chart="run", rules="ihi").frame["rule"] == "trend").sum() == 6
    assert (
        qic(y=rising, chart="run", rules="ihi", trend=7).frame["rule"] == "trend"
    ).sum() == 0


@pytest.mark.parametrize("rules", ["anhoej", "ihi", "mdc", "western_electric"])
def test_mr_chart_has_no_pattern_signal(rules):
    # 20 moving ranges of 1 in a row: 15 within 1 sigma if the IHI rules applied
    y = [0.0, 1] * 10 + [0, 3, 0, 1, -2, -1, -2, -1, -2, -1]
    res = qic(y=y, chart="mr", rules=rules)
    assert not res.frame["runs_signal"].any()
    assert set(res.frame["rule"].astype(str)) <= {"", "outside_limits"}


def test_anhoej_crossings_signal_is_part_level():
    y = [1.0] * 6 + [9.0] * 6 + [1.0] * 6 + [9.0] * 6
    res = qic(y=y, chart="run")
    s = res.summary().iloc[0]
    assert s["n_crossings"] == 3 and s["n_crossings_min"] == 8
    assert s["runs_signal"] and res.frame["runs_signal"].all()
    assert "crosses the median only 3 times" in res.explain()
