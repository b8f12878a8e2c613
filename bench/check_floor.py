"""Check the vectorised floor (bench/floor.py) against a plain slow loop.

The slow reference below follows the definitions one point at a time, in pure
Python, with the binomial quantile computed exactly in integers. It is written
for obviousness, not speed. Run it with either of

    .venv/bin/python bench/check_floor.py
    .venv/bin/python -m pytest bench/check_floor.py -q -p no:cacheprovider

It exits non-zero (or the tests fail) when the floor and the loop disagree.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floor  # noqa: E402  (bench/ is a folder of scripts, not a package)

# -- slow reference -----------------------------------------------------------


def qbinom_05(trials: int) -> int:
    """Smallest k with P(Binomial(trials, 1/2) <= k) >= 0.05, exactly."""
    total = 2**trials
    term, cum, k = 1, 0, 0  # term = C(trials, k)
    while True:
        cum += term
        if 20 * cum >= total:
            return k
        term = term * (trials - k) // (k + 1)
        k += 1


def slow_runs(y: list[float], cl: list[float]) -> dict:
    sides = [1 if v > c else -1 for v, c in zip(y, cl, strict=True) if v != c]
    n_useful = len(sides)
    longest = crossings = 0
    current = 0
    for i, s in enumerate(sides):
        if i > 0 and s != sides[i - 1]:
            crossings += 1
            current = 1
        else:
            current += 1
        longest = max(longest, current)
    if n_useful:
        longest_max = round(math.log2(n_useful)) + 3
    else:
        longest_max = 0
    crossings_min = qbinom_05(max(n_useful - 1, 0))
    return {
        "n_useful": n_useful,
        "longest_run": longest,
        "longest_run_max": longest_max,
        "n_crossings": crossings,
        "n_crossings_min": crossings_min,
        "runs_signal": longest > longest_max or crossings < crossings_min,
    }


def slow_i_series(y: list[float], screen_mr: bool = True) -> dict:
    cl = sum(y) / len(y)
    mrs = [abs(y[i] - y[i - 1]) for i in range(1, len(y))]
    mr_bar = sum(mrs) / len(mrs) if mrs else math.nan
    if screen_mr and mrs:
        kept = [m for m in mrs if m < floor.MR_SCREEN * mr_bar]
        mr_bar = sum(kept) / len(kept) if kept else math.nan
    sigma = mr_bar / floor.D2
    lcl, ucl = cl - 3 * sigma, cl + 3 * sigma
    out = {
        "y": list(y),
        "cl": [cl] * len(y),
        "lcl": [lcl] * len(y),
        "ucl": [ucl] * len(y),
        "sigma_signal": [v > ucl or v < lcl for v in y],
        "series_cl": cl,
    }
    out.update(slow_runs(y, out["cl"]))
    return out


def slow_p_series(y: list[float], n: list[float]) -> dict:
    pbar = sum(y) / sum(n)
    p = [a / b for a, b in zip(y, n, strict=True)]
    lcl, ucl = [], []
    for ni in n:
        sigma = math.sqrt(pbar * (1 - pbar) / ni)
        lcl.append(max(pbar - 3 * sigma, 0.0))
        ucl.append(min(pbar + 3 * sigma, 1.0))
    out = {
        "y": p,
        "cl": [pbar] * len(y),
        "lcl": lcl,
        "ucl": ucl,
        "sigma_signal": [v > u or v < lo for v, lo, u in zip(p, lcl, ucl, strict=True)],
        "series_cl": pbar,
    }
    out.update(slow_runs(p, out["cl"]))
    return out


def slow(kind: str, y, n, codes) -> list[dict]:
    """One dict per series; series are blocks of equal codes, in order."""
    y, codes = list(map(float, y)), list(codes)
    n = None if n is None else list(map(float, n))
    blocks, start = [], 0
    for i in range(1, len(y) + 1):
        if i == len(y) or codes[i] != codes[i - 1]:
            blocks.append((start, i))
            start = i
    out = []
    for a, b in blocks:
        if kind == "i":
            out.append(slow_i_series(y[a:b]))
        else:
            out.append(slow_p_series(y[a:b], n[a:b]))
    return out


# -- comparison ---------------------------------------------------------------

PER_POINT = ("y", "cl", "lcl", "ucl", "sigma_signal")
PER_SERIES = (
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
)


def compare(kind: str, y, n=None, codes=None) -> None:
    codes_arr = np.zeros(len(y), dtype=np.int64) if codes is None else codes
    got = floor.i_chart(y, codes) if kind == "i" else floor.p_chart(y, n, codes)
    want = slow(kind, y, n, codes_arr)
    for name in PER_POINT:
        w = np.array([v for s in want for v in s[name]])
        np.testing.assert_allclose(
            getattr(got, name), w, rtol=1e-12, atol=0, equal_nan=True, err_msg=name
        )
    np.testing.assert_allclose(
        got.series_cl, [s["series_cl"] for s in want], rtol=1e-12, err_msg="series_cl"
    )
    for name in PER_SERIES:
        np.testing.assert_array_equal(
            getattr(got, name), [s[name] for s in want], err_msg=name
        )
    np.testing.assert_array_equal(
        got.series_runs_signal, [s["runs_signal"] for s in want], err_msg="runs"
    )
    per_point_runs = [s["runs_signal"] for s in want for _ in s["y"]]
    np.testing.assert_array_equal(got.runs_signal, per_point_runs, err_msg="runs/pt")


def blocks(rng: np.random.Generator, n_series: int, lo: int, hi: int) -> np.ndarray:
    lengths = rng.integers(lo, hi + 1, size=n_series)
    return np.repeat(rng.permutation(n_series) * 7 + 3, lengths)  # any int labels


# -- tests --------------------------------------------------------------------


def test_crossings_table_matches_exact_quantile() -> None:
    trials = list(range(0, 600)) + [1000, 2047, 4095, 4096, 5000, 20000]
    got = floor.crossings_min(np.array(trials) + 1)
    assert got.tolist() == [qbinom_05(t) for t in trials]
    # Spot values by number of useful points (as tabulated by Anhøj & Olesen 2014).
    useful = np.array([10, 12, 20, 30, 40, 50, 60, 100])
    assert floor.crossings_min(useful).tolist() == [2, 3, 6, 10, 14, 19, 23, 41]


def test_i_chart_continuous_many_series() -> None:
    rng = np.random.default_rng(1)
    codes = blocks(rng, 400, 1, 90)
    y = rng.normal(50, 5, codes.size)
    y[rng.random(codes.size) < 0.02] += 40  # moving-range outliers to screen
    y[::7] += np.linspace(0, 6, y[::7].size)  # drift: some long runs
    compare("i", y, codes=codes)


def test_i_chart_ties_on_the_centre_line() -> None:
    rng = np.random.default_rng(2)
    codes = blocks(rng, 600, 1, 12)
    y = rng.integers(0, 3, codes.size).astype(float)  # many points equal the mean
    compare("i", y, codes=codes)


def test_i_chart_constant_and_short_series() -> None:
    codes = np.repeat(np.arange(6), [1, 2, 5, 3, 1, 9])
    y = np.array([4.0] + [1, 1] + [3] * 5 + [1, 2, 3] + [7] + list(range(9)))
    compare("i", y, codes=codes)


def test_i_chart_one_long_series() -> None:
    rng = np.random.default_rng(3)
    y = np.cumsum(rng.normal(0, 1, 20_000)) * 0.05 + rng.normal(0, 1, 20_000)
    compare("i", y)


def test_p_chart_many_series() -> None:
    rng = np.random.default_rng(4)
    codes = blocks(rng, 400, 1, 90)
    n = rng.integers(1, 400, codes.size).astype(float)
    inverse = np.unique(codes, return_inverse=True)[1]
    p = rng.uniform(0.01, 0.6, inverse.max() + 1)[inverse]  # one rate per series
    y = rng.binomial(n.astype(int), p).astype(float)
    compare("p", y, n, codes)


def test_p_chart_ties_and_clamped_limits() -> None:
    rng = np.random.default_rng(5)
    codes = blocks(rng, 500, 1, 15)
    n = np.full(codes.size, 10.0)
    y = rng.integers(0, 3, codes.size).astype(float)  # p̄ small: LCL clamps to 0
    y[rng.random(codes.size) < 0.03] = 10.0  # p = 1: UCL clamps to 1
    compare("p", y, n, codes)


def main() -> int:
    tests = [(k, v) for k, v in globals().items() if k.startswith("test_")]
    failed = 0
    for name, fn in tests:
        try:
            fn()
        except AssertionError as err:
            failed += 1
            print(f"FAIL {name}: {err}")
        else:
            print(f"ok   {name}")
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
