"""A slow, loop-by-loop reference implementation used only to check the engine.

Written independently of qikit's vectorised code, straight from the textbook formulas
(Montgomery 2020; Provost & Murray 2011; Anhøj & Olesen 2014; Laney 2002), one series and
one point at a time. It handles one series with optional freeze and exclude.
"""

from __future__ import annotations

import math

from scipy.stats import binom


def _mean(v):
    v = [a for a in v if a is not None and not math.isnan(a)]
    return sum(v) / len(v) if v else math.nan


def c4(n):
    return math.sqrt(2.0 / (n - 1)) * math.gamma(n / 2) / math.gamma((n - 1) / 2)


def reference(chart, y, n=None, freeze=None, exclude=(), screen=True, mdc=False):
    """Centre line, limits and sigma signals for one series; returns dict of lists."""
    size = len(y)
    base = [
        (freeze is None or i < freeze) and (i + 1) not in exclude and not math.isnan(y[i])
        for i in range(size)
    ]
    cl = lcl = ucl = None
    if chart in ("i", "t"):
        v = [yi ** (1 / 3.6) for yi in y] if chart == "t" else list(y)
        centre = _mean([v[i] for i in range(size) if base[i]])
        # excluded points are taken out before the moving ranges (qicharts2)
        kept = [v[i] for i in range(size) if base[i]]
        mrs = [abs(kept[i] - kept[i - 1]) for i in range(1, len(kept))]
        amr = _mean(mrs)
        if screen and amr > 0:
            amr = _mean([m for m in mrs if m < 3.267 * amr])
        sigma = amr * (2.66 / 3 if mdc else 1 / 1.128)
        lo, hi = centre - 3 * sigma, centre + 3 * sigma
        if chart == "t":
            cl, lcl, ucl = centre**3.6, max(lo, 0) ** 3.6, hi**3.6
        else:
            cl, lcl, ucl = centre, lo, hi
        cl, lcl, ucl = [cl] * size, [lcl] * size, [ucl] * size
    elif chart == "c":
        centre = _mean([y[i] for i in range(size) if base[i]])
        cl = [centre] * size
        lcl = [max(0.0, centre - 3 * math.sqrt(centre))] * size
        ucl = [centre + 3 * math.sqrt(centre)] * size
    elif chart == "g":
        m = _mean([y[i] for i in range(size) if base[i]])
        s = math.sqrt(m * (m + 1))
        cl = [0.693 * m] * size
        lcl = [max(0.0, m - 3 * s)] * size
        ucl = [m + 3 * s] * size
    elif chart in ("p", "u", "pp", "up"):
        tot_y = sum(y[i] for i in range(size) if base[i])
        tot_n = sum(n[i] for i in range(size) if base[i])
        centre = tot_y / tot_n
        sig = []
        for i in range(size):
            if chart in ("p", "pp"):
                sig.append(math.sqrt(centre * (1 - centre) / n[i]))
            else:
                sig.append(math.sqrt(centre / n[i]))
        if chart in ("pp", "up"):
            z = [(y[i] / n[i] - centre) / sig[i] for i in range(size) if base[i]]
            mrz = [abs(z[i] - z[i - 1]) for i in range(1, len(z))]
            amr = _mean(mrz)
            if screen and amr > 0:
                amr = _mean([m for m in mrz if m < 3.267 * amr])
            sz = amr / 1.128
            sig = [s * sz for s in sig]
        cl = [centre] * size
        lcl = [max(0.0, centre - 3 * s) for s in sig]
        top = 1.0 if chart in ("p", "pp") else math.inf
        ucl = [min(top, centre + 3 * s) for s in sig]
        y = [y[i] / n[i] for i in range(size)]
    else:
        raise ValueError(chart)
    sig_signal = [
        (not math.isnan(y[i])) and (y[i] > ucl[i] or y[i] < lcl[i]) for i in range(size)
    ]
    return {"y": list(y), "cl": cl, "lcl": lcl, "ucl": ucl, "sigma_signal": sig_signal}


def reference_subgroups(chart, groups):
    """x̄ or s chart from a list of subgroups (lists of observations)."""
    sizes = [len(g) for g in groups]
    means = [sum(g) / len(g) for g in groups]
    sds = [
        math.sqrt(sum((v - m) ** 2 for v in g) / (len(g) - 1)) for g, m in zip(groups, means)
    ]
    if len(set(sizes)) == 1:
        sbar = sum(sds) / len(sds)
    else:
        sbar = math.sqrt(
            sum((k - 1) * s**2 for k, s in zip(sizes, sds)) / sum(k - 1 for k in sizes)
        )
    xbarbar = sum(k * m for k, m in zip(sizes, means)) / sum(sizes)
    out = {"cl": [], "lcl": [], "ucl": []}
    for k in sizes:
        c = c4(k)
        if chart == "xbar":
            a3 = 3 / (c * math.sqrt(k))
            out["cl"].append(xbarbar)
            out["lcl"].append(xbarbar - a3 * sbar)
            out["ucl"].append(xbarbar + a3 * sbar)
        else:
            w = 3 * math.sqrt(1 - c * c) / c
            out["cl"].append(sbar)
            out["lcl"].append(max(0.0, 1 - w) * sbar)
            out["ucl"].append((1 + w) * sbar)
    out["y"] = means if chart == "xbar" else sds
    return out


def anhoej(values, centre):
    """Longest run, crossings and the Anhøj limits, walking the points one by one."""
    sides = []
    for v in values:
        if math.isnan(v) or v == centre:
            continue
        sides.append(1 if v > centre else -1)
    n = len(sides)
    longest = run = 0
    crossings = 0
    for i, s in enumerate(sides):
        if i and s == sides[i - 1]:
            run += 1
        else:
            if i:
                crossings += 1
            run = 1
        longest = max(longest, run)
    lr_max = round(math.log2(n)) + 3 if n else math.nan
    nc_min = binom.ppf(0.05, max(n - 1, 0), 0.5) if n else math.nan
    return {
        "n_useful": n,
        "longest_run": longest if n else math.nan,
        "n_crossings": crossings if n else math.nan,
        "longest_run_max": lr_max,
        "n_crossings_min": nc_min,
        "runs_signal": bool(n) and (longest > lr_max or crossings < nc_min),
    }
