"""A slow, loop-by-loop reference implementation used only to check the engine.

Written independently of qikit's vectorised code, straight from the textbook formulas
(Montgomery 2020; Provost & Murray 2011; Anhøj & Olesen 2014; Laney 2002), one series
and one point at a time. It handles one series with optional freeze and exclude.
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
        (freeze is None or i < freeze)
        and (i + 1) not in exclude
        and not math.isnan(y[i])
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
        math.sqrt(sum((v - m) ** 2 for v in g) / (len(g) - 1))
        for g, m in zip(groups, means, strict=True)
    ]
    if len(set(sizes)) == 1:
        sbar = sum(sds) / len(sds)
    else:
        pooled = sum((k - 1) * s**2 for k, s in zip(sizes, sds, strict=True))
        sbar = math.sqrt(pooled / sum(k - 1 for k in sizes))
    xbarbar = sum(k * m for k, m in zip(sizes, means, strict=True)) / sum(sizes)
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


def rule_flags(y, cl, sigma, rules, chart_is_run=False, shift=None, trend=None):
    """Brute-force point flags of the Western Electric, IHI and MDC rules, by window.

    Returns a dict rule name → list of bools, walking every window explicitly.
    """
    size = len(y)
    side = [0 if y[i] == cl else (1 if y[i] > cl else -1) for i in range(size)]
    flags = {}

    def runs_of_side(length, skip_zero):
        out = [False] * size
        idx = [i for i in range(size) if not (skip_zero and side[i] == 0)]
        start = 0
        while start < len(idx):
            end = start
            while end + 1 < len(idx) and side[idx[end + 1]] == side[idx[start]]:
                end += 1
            if side[idx[start]] != 0 and end - start + 1 >= length:
                for j in range(start, end + 1):
                    out[idx[j]] = True
            start = end + 1
        return out

    def trend_flags(length, drop_ties):
        out = [False] * size
        idx = list(range(size))
        if drop_ties:
            idx = [i for i in range(size) if i == 0 or y[i] != y[i - 1]]
        for a in range(len(idx)):
            for b in range(a + length - 1, len(idx)):
                seg = [y[idx[k]] for k in range(a, b + 1)]
                up = all(seg[k + 1] > seg[k] for k in range(len(seg) - 1))
                down = all(seg[k + 1] < seg[k] for k in range(len(seg) - 1))
                if up or down:
                    for k in range(a, b + 1):
                        out[idx[k]] = True
        return out

    def k_of_m(k, m, z, mdc=False):
        out = [False] * size
        for s in (1, -1):
            for end in range(m - 1, size):
                win = range(end - m + 1, end + 1)
                if mdc:
                    outside = [abs(y[i] - cl) > 3 * sigma + 1e-12 for i in win]
                    beyond = [
                        s * (y[i] - cl) > z * sigma and not o
                        for i, o in zip(win, outside, strict=True)
                    ]
                    if not all(side[i] == s for i in win):
                        continue
                else:
                    beyond = [s * (y[i] - cl) > z * sigma for i in win]
                if sum(beyond) >= k:
                    for i, b in zip(win, beyond, strict=True):
                        out[i] = out[i] or b
        return out

    if rules == "western_electric":
        flags["two_of_three"] = k_of_m(2, 3, 2)
        flags["four_of_five"] = k_of_m(4, 5, 1)
        flags["shift"] = runs_of_side(shift or 8, False)
    elif rules == "ihi" and chart_is_run:
        flags["shift"] = runs_of_side(shift or 6, True)
        flags["trend"] = trend_flags(trend or 5, True)
    elif rules == "ihi":
        flags["shift"] = runs_of_side(shift or 8, False)
        flags["trend"] = trend_flags(trend or 6, False)
        flags["two_of_three"] = k_of_m(2, 3, 2)
        hug = [abs(y[i] - cl) < sigma for i in range(size)]
        out = [False] * size
        start = 0
        while start < size:
            end = start
            while end + 1 < size and hug[end + 1] == hug[start]:
                end += 1
            if hug[start] and end - start + 1 >= 15:
                for j in range(start, end + 1):
                    out[j] = True
            start = end + 1
        flags["fifteen_within_1s"] = out
    elif rules == "mdc":
        flags["shift"] = runs_of_side(shift or 7, False)
        flags["trend"] = trend_flags(trend or 7, False)
        flags["two_of_three"] = k_of_m(2, 3, 2, mdc=True)
    return flags
