"""qikit.sim.lab: the rule-set laboratory against published figures and exact values.

Three kinds of reference, none of them the engine:

* **Published figures.** Anhøj's worked example (Anhøj 2015, "Diagnostic value of run
  chart analysis: using likelihood ratios to compare run chart rules on simulated data
  series", PLoS ONE 10:e0121349; the table "Results from runs analyses of 2000
  simulated run charts with 24 data points", reproduced in Anhøj, *Statistical
  Process Control for Healthcare*, chapter "Two types of errors"): of 1,000 run charts
  of 24 points with a 2 SD shift over the last 12, 885 signal with the Anhøj rules;
  of 1,000 without, 73. Anhøj & Wentzel-Larsen (2018), "Sense and sensibility", BMC
  Med Res Methodol 18:100, Results and Fig 3: with the centre known, the false-alarm
  rate of the Anhøj rules "fluctuates but stays below 10%" for 10 to 40 points.
  Anhøj & Olesen (2014), PLoS ONE 9:e113825, give their rates only in figures (no
  table of numbers was found), so their design is checked through the exact values
  below instead.
* **Exact values**, worked out here independently of any simulation: for a known
  centre the signs of the points are independent coin tosses, P(+) = ½ before the
  shift and Φ(shift) after it, and a short dynamic programme over (side, run length,
  crossings) gives the exact probability that the Anhøj rules signal; for a centre
  from the data with no shift the signs are a random arrangement of n/2 pluses and
  n/2 minuses, counted exactly by compositions.
* **A slow loop** of the rules, one series at a time, on the very same random numbers:
  the counts must agree exactly.
"""

from __future__ import annotations

from functools import cache
from math import comb

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import qikit.sim.lab as lab_module
from qikit.errors import InputError, QikitError
from qikit.sim import rule_lab
from qikit.sim.lab import LAB_COLUMNS


def limits(n_useful):
    """The Anhøj limits: longest run > round(log2 n) + 3; crossings < qbinom(.05)."""
    longest = int(round(np.log2(n_useful) + 3))
    crossings = int(stats.binom.ppf(0.05, n_useful - 1, 0.5))
    return longest, crossings


# ----------------------------------------------------------------- exact references


def exact_known_centre(p_plus, longest_max, crossings_min):
    """P(longest run > longest_max or crossings < crossings_min), independent signs."""
    states = {(1, 1, 0): p_plus[0], (-1, 1, 0): 1 - p_plus[0]}
    for p in p_plus[1:]:
        new: dict = {}
        for (side, run, cross), prob in states.items():
            for s, q in ((1, p), (-1, 1 - p)):
                key = (side, run + 1, cross) if s == side else (s, 1, cross + 1)
                if key[1] <= longest_max:
                    new[key] = new.get(key, 0.0) + prob * q
        states = new
    quiet = sum(
        prob for (_, _, cross), prob in states.items() if cross >= crossings_min
    )
    return 1 - quiet


@cache
def compositions(total, parts, most):
    """Ways to write ``total`` as ``parts`` ordered parts, each from 1 to ``most``."""
    if parts == 0:
        return int(total == 0)
    if not parts <= total <= parts * most:
        return 0
    return sum(compositions(total - k, parts - 1, most) for k in range(1, most + 1))


def exact_data_median(n):
    """P(Anhøj signal) on a run chart of n stable points about their own median."""
    m = n // 2  # points above = points below (the middle point sits on the median)
    longest_max, crossings_min = limits(2 * m)
    quiet = 0
    for runs in range(2, 2 * m + 1):
        if runs - 1 < crossings_min:
            continue
        j = runs // 2
        if runs % 2 == 0:
            ways = 2 * compositions(m, j, longest_max) ** 2
        else:
            ways = (
                2
                * compositions(m, j + 1, longest_max)
                * compositions(m, j, longest_max)
            )
        quiet += ways
    return 1 - quiet / comb(2 * m, m)


def test_the_exact_references_agree_with_known_values():
    # a run chart of 10 points about a known centre, no shift: enumerate all 1,024
    signs = ((np.arange(1024)[:, None] >> np.arange(10)) & 1) * 2 - 1
    lmax, cmin = limits(10)
    hits = 0
    for row in signs:
        change = np.flatnonzero(np.diff(row) != 0)
        runs = np.diff(np.r_[-1, change, 9])
        hits += runs.max() > lmax or len(change) < cmin
    assert exact_known_centre([0.5] * 10, lmax, cmin) == pytest.approx(hits / 1024)
    # about the median: all 252 arrangements of 5 pluses and 5 minuses
    count = 0
    for code in range(1024):
        row = ((code >> np.arange(10)) & 1) * 2 - 1
        if row.sum() != 0:
            continue
        change = np.flatnonzero(np.diff(row) != 0)
        runs = np.diff(np.r_[-1, change, 9])
        count += runs.max() > lmax or len(change) < cmin
    assert exact_data_median(10) == pytest.approx(count / 252)


# ----------------------------------------------------------------- published figures


def within(rate, se, reference, reference_se=0.0, k=3.0):
    return abs(rate - reference) < k * np.hypot(se, reference_se)


def test_anhoej_2015_worked_example_is_reproduced():
    # 24 points, a 2 SD shift over the last 12, centre line from the first 12
    lab = rule_lab(rules="anhoej", n=24, shift=(0, 2), sims=20_000, seed=2015)
    published = {0.0: 73 / 1000, 2.0: 885 / 1000}
    for row in lab.itertuples():
        p = published[row.shift]
        assert within(row.signal_rate, row.se, p, np.sqrt(p * (1 - p) / 1000)), row


def test_anhoej_wentzel_larsen_2018_false_alarms_stay_below_10_percent():
    lengths = tuple(range(10, 41, 2))
    lab = rule_lab(
        rules="anhoej", n=lengths, shift=0, sims=10_000, centre="known", seed=2018
    )
    assert (lab["signal_rate"] < 0.10).all()
    for row in lab.itertuples():  # and each agrees with the exact value
        exact = exact_known_centre([0.5] * row.n, *limits(row.n))
        assert within(
            row.signal_rate, np.sqrt(exact * (1 - exact) / row.sims), exact, k=4
        )


def test_known_centre_matches_the_exact_values_for_every_shift():
    # the design of Anhøj & Olesen (2014): shifts of 0 to 2 SD over the second half
    lab = rule_lab(rules="anhoej", sims=10_000, centre="known", seed=2014)
    assert len(lab) == 15
    for row in lab.itertuples():
        half = row.n // 2
        p = [0.5] * half + [stats.norm.cdf(row.shift)] * (row.n - half)
        exact = exact_known_centre(p, *limits(row.n))
        se = np.sqrt(exact * (1 - exact) / row.sims)
        assert abs(row.signal_rate - exact) < 4 * se + 1e-12, (row, exact)


def test_false_alarms_about_the_data_median_match_the_exact_values():
    lengths = (12, 24, 48, 15)
    lab = rule_lab(
        rules="anhoej", n=lengths, shift=0, sims=10_000, centre="data", seed=3
    )
    for row in lab.itertuples():
        exact = exact_data_median(row.n)
        se = np.sqrt(exact * (1 - exact) / row.sims)
        assert abs(row.signal_rate - exact) < 4 * se, (row, exact)


# --------------------------------------------------- a slow loop on the same numbers


def anhoej_runs(values, centre):
    side = np.sign(values - centre)
    side = side[side != 0]
    change = np.flatnonzero(np.diff(side) != 0)
    runs = np.diff(np.r_[-1, change, side.size - 1])
    lmax, cmin = limits(side.size)
    return runs.max() > lmax or change.size < cmin


def i_limits(base):
    mr = np.abs(np.diff(base))
    mrbar = mr.mean()
    mrbar = mr[mr < 3.267 * mrbar].mean()  # screen large moving ranges once
    sigma = mrbar / 1.128
    return base.mean(), sigma


def slow_signal(y, chart, rules, first, centre):
    base = y[: first - 1] if centre == "baseline" else y
    if chart == "run":
        cl = np.median(base)
        if rules == "anhoej":
            return anhoej_runs(y, cl)
        side = np.sign(y - cl)  # Western Electric: 8 in a row on one side
        change = np.flatnonzero(np.diff(side) != 0)
        runs = np.diff(np.r_[-1, change, side.size - 1])
        return runs.max() >= 8
    cl, sigma = i_limits(base)
    return bool((np.abs(y - cl) > 3 * sigma).any()) or anhoej_runs(y, cl)


@pytest.mark.parametrize(
    ("chart", "rules", "centre"),
    [
        ("run", "anhoej", "baseline"),
        ("run", "anhoej", "data"),
        ("i", "anhoej", "baseline"),
        ("i", "anhoej", "data"),
        ("run", "western_electric", "data"),
    ],
)
def test_the_counts_agree_exactly_with_a_slow_loop(chart, rules, centre):
    sims, lengths, shifts, seed = 400, (12, 25), (0.0, 1.5), 77
    lab = rule_lab(
        rules=rules, n=lengths, shift=shifts, sims=sims, chart=chart, centre=centre,
        seed=seed,
    )  # fmt: skip
    rng = np.random.default_rng(seed)  # the same draws, in the same order
    for n in lengths:
        noise = rng.standard_normal((sims, n))
        first = n // 2 + 1
        for delta in shifts:
            y = noise.copy()
            y[:, first - 1 :] += delta
            hits = sum(slow_signal(row, chart, rules, first, centre) for row in y)
            got = lab[(lab["n"] == n) & (lab["shift"] == delta)]["signal_rate"].item()
            assert got * sims == pytest.approx(hits), (n, delta)


# ---------------------------------------------------------------------- the design


def test_one_row_per_combination_with_binomial_standard_errors():
    lab = rule_lab(
        rules=("anhoej", "we"), n=(12, 24), shift=(0, 1, 2), sims=500, chart="i", seed=1
    )
    assert list(lab.columns) == list(LAB_COLUMNS)
    assert len(lab) == 12
    assert lab["rules"].tolist() == ["anhoej"] * 6 + ["western_electric"] * 6
    assert lab["n"].tolist() == [12, 12, 12, 24, 24, 24] * 2
    assert lab["shift"].tolist() == [0.0, 1.0, 2.0] * 4
    assert (lab["sims"] == 500).all()
    p = lab["signal_rate"]
    assert np.allclose(lab["se"], np.sqrt(p * (1 - p) / 500))
    assert lab.attrs["qikit.sim"]["chart"] == "i"
    assert lab.attrs["qikit.sim"]["start"] == {12: 7, 24: 13}
    # a bigger shift is easier to catch, on the same chance errors
    for _, g in lab.groupby(["rules", "n"]):
        assert g["signal_rate"].is_monotonic_increasing


def test_rule_sets_and_shifts_share_the_same_random_numbers():
    both = rule_lab(rules=("anhoej", "mdc"), n=24, shift=(0, 1), sims=300, seed=4)
    alone = rule_lab(rules="mdc", n=24, shift=0, sims=300, seed=4)
    assert (
        alone["signal_rate"].item()
        == both.query("rules == 'mdc' and shift == 0")["signal_rate"].item()
    )


def test_each_combination_is_one_faceted_qic_call(monkeypatch):
    calls = []
    real = lab_module.qic

    def counting(data, **kwargs):
        calls.append((len(data), kwargs["facets"], kwargs["rules"]))
        return real(data, **kwargs)

    monkeypatch.setattr(lab_module, "qic", counting)
    rule_lab(rules=("anhoej", "ihi"), n=(12, 20), shift=(0, 1, 2), sims=250, seed=1)
    assert len(calls) == 2 * 2 * 3
    assert {c[1] for c in calls} == {"series"}
    assert sorted({c[0] for c in calls}) == [250 * 12, 250 * 20]


def test_run_lengths_are_passed_to_the_engine():
    short = rule_lab(rules="western_electric", n=24, shift=0, sims=2000, seed=6,
                     centre="data", shift_length=6)  # fmt: skip
    usual = rule_lab(rules="western_electric", n=24, shift=0, sims=2000, seed=6,
                     centre="data")  # fmt: skip
    assert short["signal_rate"].item() > usual["signal_rate"].item()
    trend = rule_lab(rules="mdc", n=24, shift=0, sims=2000, seed=6, trend_length=5)
    usual = rule_lab(rules="mdc", n=24, shift=0, sims=2000, seed=6)
    assert trend["signal_rate"].item() > usual["signal_rate"].item()
    assert trend.attrs["qikit.sim"]["trend_length"] == 5


def test_a_start_moves_the_shift_and_a_whole_shifted_series_about_its_median_is_noise():
    late = rule_lab(rules="anhoej", n=24, shift=2, start=20, sims=2000, seed=8)
    half = rule_lab(rules="anhoej", n=24, shift=2, sims=2000, seed=8)
    assert late["signal_rate"].item() < half["signal_rate"].item()
    whole = rule_lab(rules="anhoej", n=24, shift=(0, 2), start=1, centre="data",
                     sims=1000, seed=8)  # fmt: skip
    assert whole["signal_rate"].nunique() == 1


def test_the_centre_matters():
    kw = {"rules": "anhoej", "n": 24, "shift": 2, "sims": 3000, "seed": 9}
    rates = {c: rule_lab(centre=c, **kw)["signal_rate"].item() for c in
             ("data", "baseline", "known")}  # fmt: skip
    assert rates["data"] < rates["baseline"] < rates["known"]


# --------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rules": "nelson"}, "`rules`: is not one of the choices (got 'nelson')"),
        ({"rules": ["anhoej", "x"]}, "`rules[1]`: is not one of the choices (got 'x')"),
        (
            {"rules": ["anhoej", "anhøj"]},
            "`rules[1]`: repeats a rule set (got 'anhøj'). Give each rule set once.",
        ),
        ({"rules": []}, "`rules`: is an empty list (got [])"),
        ({"n": 5}, "`n`: must be at least 8 (got 5)"),
        ({"n": [24, 24]}, "`n[1]`: repeats a series length (got 24)"),
        ({"shift": "big"}, "`shift`: must be a number (got 'big')"),
        ({"shift": [0, float("nan")]}, "`shift[1]`: must be a finite number (got nan)"),
        ({"sims": 0}, "`sims`: must be at least 1 (got 0)"),
        ({"chart": "p"}, "`chart`: is not one of the choices (got 'p'). Use one of:"),
        ({"centre": "median"}, "`centre`: is not one of the choices (got 'median')"),
        (
            {"rules": "ihi", "centre": "known"},
            "`centre`: 'known' works only with run charts and the Anhøj or Western "
            "Electric rules (got 'known').",
        ),
        (
            {"n": (12, 24), "start": 13},
            "`start`: is after the last point of the shortest series (12) (got 13). "
            "Use a start of at most 12,",
        ),
        (
            {"start": 2},
            "`start`: leaves fewer than 2 points before the shift for the baseline "
            "(got 2). Use a start of 3 or more, or centre='data' or centre='known'.",
        ),
        ({"shift_length": 1}, "`shift_length`: must be at least 2 (got 1)"),
        ({"trend_length": "7"}, "`trend_length`: must be a whole number (got '7')"),
        (
            {"n": 1000, "sims": 10_000},
            "`sims`: asks for 10,000,000 points in one chart, more than 5,000,000 "
            "(got 10000). Use at most 5,000 series for 1000 points.",
        ),
        ({"seed": -3}, "`seed`: must be at least 0 (got -3)"),
    ],
)
def test_bad_arguments_say_what_to_do(kwargs, message):
    with pytest.raises(InputError) as err:
        rule_lab(**{"sims": 10, **kwargs})
    assert str(err.value).startswith(message)


@given(
    rules=st.one_of(
        st.sampled_from(["anhoej", "ihi", "mdc", "we", "x"]),
        st.lists(st.sampled_from(["anhoej", "ihi", "y"]), max_size=3),
    ),
    n=st.one_of(st.integers(0, 60), st.lists(st.integers(5, 40), max_size=3)),
    shift=st.one_of(
        st.floats(-12, 12),
        st.just(float("nan")),
        st.lists(st.floats(-3, 3), max_size=2),
    ),
    chart=st.sampled_from(["run", "i", "c", "xmr"]),
    centre=st.sampled_from(["baseline", "data", "known", "x"]),
    start=st.one_of(st.none(), st.integers(-1, 30)),
)
def test_nothing_but_a_qikit_error_escapes(rules, n, shift, chart, centre, start):
    try:
        out = rule_lab(rules=rules, n=n, shift=shift, sims=20, chart=chart,
                       centre=centre, start=start, seed=1)  # fmt: skip
    except QikitError:
        return
    assert out["signal_rate"].between(0, 1).all()
    assert isinstance(out, pd.DataFrame)
