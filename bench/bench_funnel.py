"""Time qikit.spread.funnel on 10,000 units against a NumPy floor.

    .venv/bin/python bench/bench_funnel.py            # print the table
    .venv/bin/python bench/bench_funnel.py --check    # also exit 1 if > 3x the floor

Input (seeded, numpy.random.default_rng(2026)): 10,000 units with n from 20 to
20,000 (log-uniform), true proportions Beta(20, 80) (over-dispersed around 0.2),
y ~ Binomial(n, p); for ratios the same counts against expected counts n·0.2.

Each case times ``funnel(y=y, n=n, ...)`` on arrays, one unit per row — the full
call: validation, z-scores, φ and τ², the limits at every unit, the outside flags
and the tidy frame — against a floor that does the same arithmetic written as
tightly as we can in NumPy and SciPy (no pandas, no validation, no Python loop
over units). The last column, for information, times the same call with
``group=`` labels (pandas factorises them to find repeated units), which the floor
does not do. The limits, z-scores, φ, τ² and flags of the two are
compared, so both do the same work. Times are the best of ``--repeats`` runs after
a warm-up, with a garbage collection before each.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qikit.spread import funnel  # noqa: E402

SEED = 2026
UNITS = 10_000
TARGET = 3.0
Z95, Z998 = special.ndtri(0.975), special.ndtri(0.999)
TAILS = ((0.025, 0.975), (0.001, 0.999))


def make_input() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    n = np.round(np.exp(rng.uniform(np.log(20), np.log(20_000), UNITS)))
    p = rng.beta(20, 80, UNITS)
    y = rng.binomial(n.astype(int), p).astype(float)
    return pd.DataFrame({"unit": [f"U{i:05d}" for i in range(UNITS)], "y": y, "n": n})


# -- the floor ----------------------------------------------------------------


def _interp_quantile(p, cdf, guess, top):
    r = np.clip(guess, 0, top)
    while True:
        up = (cdf(r) < p) & (r < top)
        if not up.any():
            break
        r = r + up
    while True:
        down = (r > 0) & (cdf(r - 1) >= p)
        if not down.any():
            break
        r = r - down
    f, fm = cdf(r), cdf(r - 1)
    return r - (f - p) / (f - fm)


def floor_exact_proportion(y, n):
    """Spiegelhalter's exact binomial funnel for every unit: the floor."""
    theta = y.sum() / n.sum()
    n_int = n.astype(np.int64)

    def cdf(r):
        out = np.zeros(r.shape)
        ok = r >= 0
        out[ok] = special.bdtr(np.minimum(r[ok], n_int[ok]), n_int[ok], theta)
        return out

    sd = np.sqrt(n * theta * (1 - theta))
    value = y / n
    s = np.sqrt(theta * (1 - theta) / n)
    z = (value - theta) / s
    lims = []
    for p_lo, p_hi in TAILS:
        pair = []
        for p in (p_lo, p_hi):
            zp = special.ndtri(p)
            guess = np.floor(
                n * theta + sd * (zp + (1 - 2 * theta) / sd * (zp * zp - 1) / 6) + 0.5
            )
            pair.append(np.clip(_interp_quantile(p, cdf, guess, n) / n, 0, 1))
        lims.append(pair)
    lo, hi = np.quantile(z, [0.1, 0.9])
    phi = np.mean(np.clip(z, lo, hi) ** 2)
    w = 1 / s**2
    k = len(z)
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    out998 = (value < lims[1][0]) | (value > lims[1][1])
    out95 = (value < lims[0][0]) | (value > lims[0][1]) | out998
    return {"z": z, "lcl_95": lims[0][0], "ucl_95": lims[0][1],
            "lcl_998": lims[1][0], "ucl_998": lims[1][1], "outside_95": out95,
            "outside_998": out998, "phi": phi, "tau2": tau2}  # fmt: skip


def floor_normal_additive(y, n):
    """Spiegelhalter's normal limits widened by τ²: the floor."""
    theta = y.sum() / n.sum()
    value = y / n
    s = np.sqrt(theta * (1 - theta) / n)
    z = (value - theta) / s
    lo, hi = np.quantile(z, [0.1, 0.9])
    phi = np.mean(np.clip(z, lo, hi) ** 2)
    w = 1 / s**2
    k = len(z)
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    sigma = np.sqrt(s**2 + tau2)
    out = {"z": z, "phi": phi, "tau2": tau2, "z_adjusted": (value - theta) / sigma}
    for lev, zq in (("95", Z95), ("998", Z998)):
        out[f"lcl_{lev}"] = np.clip(theta - zq * sigma, 0, 1)
        out[f"ucl_{lev}"] = np.clip(theta + zq * sigma, 0, 1)
    out["outside_998"] = (value < out["lcl_998"]) | (value > out["ucl_998"])
    out["outside_95"] = (value < out["lcl_95"]) | (value > out["ucl_95"])
    out["outside_95"] |= out["outside_998"]
    return out


def floor_funnelplotr_shmi(y, e):
    """FunnelPlotR's SHMI ratio funnel (rounding, truncation, τ²): the floor."""
    x = np.round(e, 2)
    z = np.sqrt(x) * np.log(y / x)
    s = 1 / np.sqrt(x)
    order = np.argsort(z, kind="stable")
    sz = z[order]
    new = np.r_[True, sz[1:] != sz[:-1]]
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], z.size]
    ranks = np.empty(z.size)
    ranks[order] = ((starts + 1 + ends) / 2)[np.cumsum(new) - 1]
    sp = np.floor(ranks * 10 / (z.size + 1))
    kept = (sp > 0) & (sp < 9)
    k = kept.sum()
    phi = np.sum(z[kept] ** 2) / k
    w = 1 / s[kept] ** 2
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    value = y / e
    out = {"z": z, "phi": phi, "tau2": tau2}
    for lev, zq in (("95", 1.959964), ("998", 3.090232)):
        width = zq * np.sqrt(1 / x + tau2)
        out[f"lcl_{lev}"], out[f"ucl_{lev}"] = np.exp(-width), np.exp(width)
    out["z_adjusted"] = np.log(y / x) / np.sqrt(s**2 + tau2)
    out["outside_998"] = (value < out["lcl_998"]) | (value > out["ucl_998"])
    out["outside_95"] = (value < out["lcl_95"]) | (value > out["ucl_95"])
    out["outside_95"] |= out["outside_998"]
    return out


CASES = {
    "spiegelhalter exact, proportions": (
        dict(), lambda d: floor_exact_proportion(d["y"].to_numpy(), d["n"].to_numpy())
    ),
    "spiegelhalter normal + additive": (
        dict(approximation="normal", overdispersion="additive"),
        lambda d: floor_normal_additive(d["y"].to_numpy(), d["n"].to_numpy()),
    ),
    "funnelplotr SHMI ratios + additive": (
        dict(kind="ratio", method="funnelplotr", overdispersion="additive"),
        lambda d: floor_funnelplotr_shmi(d["y"].to_numpy(), d["n"].to_numpy()),
    ),
}  # fmt: skip


def _ratio_input(data: pd.DataFrame) -> pd.DataFrame:
    return data.assign(y=data["y"] + 1, n=data["n"] * 0.2)


def best_of(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def agree(res, want) -> None:
    f = res.frame
    for key, ref in want.items():
        got = getattr(res, key) if key in ("phi", "tau2") else f[key].to_numpy()
        if isinstance(ref, np.ndarray) and ref.dtype == bool:
            assert np.array_equal(got, ref), key
        else:
            np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12, err_msg=key)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--check", action="store_true", help="exit 1 above 3x")
    args = ap.parse_args(argv)
    data = make_input()
    print(f"{UNITS:,} units; best of {args.repeats} runs (seconds)\n")
    print(f"{'case':36} {'qikit':>8} {'floor':>8} {'ratio':>7} {'group=':>8}")
    worst = 0.0
    for name, (kw, floor_fn) in CASES.items():
        d = _ratio_input(data) if kw.get("kind") == "ratio" else data
        y, n = d["y"].to_numpy(), d["n"].to_numpy()
        res = funnel(y=y, n=n, **kw)
        agree(res, floor_fn(d))
        t_q = best_of(lambda y=y, n=n, kw=kw: funnel(y=y, n=n, **kw), args.repeats)
        t_f = best_of(lambda d=d, f=floor_fn: f(d), args.repeats)
        t_g = best_of(lambda d=d, kw=kw: funnel(d, y="y", n="n", group="unit", **kw),
                      args.repeats)  # fmt: skip
        ratio = t_q / t_f
        worst = max(worst, ratio)
        print(f"{name:36} {t_q:8.4f} {t_f:8.4f} {ratio:6.2f}x {t_g:8.4f}")
    ok = worst <= TARGET and math.isfinite(worst)
    print(
        f"\nworst ratio {worst:.2f}x (target ≤ {TARGET:g}x): {'ok' if ok else 'OVER'}"
    )
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
