"""Rule sets that tell signals (special-cause variation) from noise.

All rules work on every facet and part at once (vectorised over segments). Only
included points take part in pattern rules; excluded points are still checked against
the limits.

Rule sets
---------
``"anhoej"``
    Points outside the 3σ limits, plus the Anhøj runs analysis: a longest run of useful
    points on one side of the centre line longer than round(log2(n_useful)) + 3, or
    fewer crossings than the 5th percentile of Binomial(n_useful − 1, ½). Points on the
    centre line are not useful (Anhøj & Olesen 2014; Anhøj 2015; qicharts2).
``"ihi"``
    Run charts: a shift of 6 or more points on one side of the median (points on the
    median neither break nor count), a trend of 5 or more points all going up or all
    going down (equal neighbours do not count), too few or too many runs (Perla,
    Provost & Murray 2011, Table 1; 10–40 useful points) and an astronomical point.
    Control charts: outside the limits, 8 in a row on one side, a trend of 6, 2 of 3
    beyond 2σ on one side, 15 in a row within 1σ (Provost & Murray 2011, chapter 5).
``"mdc"``
    NHS England Making Data Count, as NHSRplotthedots: outside the limits > a trend of 7
    strictly rising or falling points (it may cross the mean) > 2 of 3 beyond 2σ on the
    same side (only those points) > 7 points on one side of the mean (a point on the
    mean breaks the run).
``"western_electric"``
    Western Electric (1956) rules 1–4: beyond 3σ; 2 of 3 beyond 2σ on one side; 4 of 5
    beyond 1σ on one side; 8 in a row on one side.

Where the rule lengths are debated (a shift of 6, 7 or 8), ``shift`` and ``trend`` set
them.

Astronomical point
    The IHI rule asks for "a point that all would agree is unusual", a judgement.
    qikit makes it operational with medians, which the unusual points cannot pull
    towards themselves. From the baseline points of each phase, a point is
    astronomical when it lies beyond the limits of a median-based individuals chart,
    median ± 3.14·MR̃ with MR̃ the median moving range (Provost & Murray 2011,
    *The Health Care Data Guide*; Wheeler & Chambers 1992), and also beyond
    median ± 3·1.4826·MAD, three robust standard deviations of all the points
    (Hampel's identifier: Hampel 1974; Leys et al. 2013; when more than half the points
    share one value, so that the MAD is 0, 1.2533 times the mean absolute deviation
    from the median stands in for 1.4826·MAD). The first test alone would flag the
    ends of any trend and both sides of a shift; the second alone would flag points
    that merely alternate. As many such points in a row on one side as make a shift
    (6) are a shift, which the shift rule names, not astronomical points.

    The definition used before, mean ± 3·MR̄/1.128 with large moving ranges screened
    out, flagged most points of a steady trend (the ends lie far from the mean) and
    every point of a series with a few spikes close together (the spikes pulled the
    mean up, and screening out their moving ranges left limits too narrow for the
    rest).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qikit.charts import constants as K
from qikit.charts._options import Options
from qikit.charts._prepare import Prepared
from qikit.charts._segments import k_of_m, runs, seg_mean, seg_median
from qikit.charts.limits import Lines, moving_ranges
from qikit.charts.vocabulary import RULE_SETS

#: Rule names in order of precedence (a point flagged by several is named by the first).
RULES = (
    "outside_limits",
    "astronomical",
    "trend",
    "two_of_three",
    "four_of_five",
    "shift",
    "long_run",
    "fifteen_within_1s",
)
RULE_LABELS = {
    "outside_limits": "a point outside the control limits",
    "astronomical": "an astronomical point",
    "trend": "a trend",
    "two_of_three": "2 out of 3 points beyond the 2-sigma line",
    "four_of_five": "4 out of 5 points beyond the 1-sigma line",
    "shift": "a shift",
    "long_run": "an unusually long run",
    "fifteen_within_1s": "15 points in a row close to the centre line",
    "few_crossings": "too few crossings of the centre line",
    "runs_count": "too few or too many runs",
}

#: Default lengths: (shift, trend) per rule set and chart kind.
DEFAULT_LENGTHS = {
    ("ihi", "run"): (6, 5),
    ("ihi", "control"): (8, 6),
    ("mdc", "run"): (7, 7),
    ("mdc", "control"): (7, 7),
    ("western_electric", "run"): (8, None),
    ("western_electric", "control"): (8, None),
}
# Anhøj's run limit depends on the number of points; every other rule set has lengths.
if {r for r, _ in DEFAULT_LENGTHS} != set(RULE_SETS) - {"anhoej"}:  # pragma: no cover
    raise ImportError("rules.DEFAULT_LENGTHS must cover every rule set but 'anhoej'")


def rule_lengths(
    rules: str, chart: str, shift: int | None = None, trend: int | None = None
) -> tuple[int | None, int | None]:
    """The shift and trend lengths a rule set uses on a chart (``None``: not used).

    ``shift`` and ``trend`` override the defaults (a ``trend`` given with the Western
    Electric rules, which have no trend rule, adds one). With the Anhøj rules the
    longest-run limit depends on the number of points, so only an override is returned.

    Examples
    --------
    >>> rule_lengths("ihi", "run"), rule_lengths("ihi", "i")
    ((6, 5), (8, 6))
    >>> rule_lengths("mdc", "i", 8)
    (8, 7)
    >>> rule_lengths("anhoej", "run"), rule_lengths("western_electric", "i")
    ((None, None), (8, None))
    >>> rule_lengths("western_electric", "i", trend=6)
    (8, 6)
    """
    if rules == "anhoej":
        return shift, None
    kind = "run" if chart == "run" else "control"
    default_shift, default_trend = DEFAULT_LENGTHS[(rules, kind)]
    return shift or default_shift, trend or default_trend


#: Fewest and most runs expected by chance for 10–40 useful observations on an IHI run
#: chart: Perla, Provost & Murray (2011), BMJ Qual Saf 20:46–51, Table 1 (after Swed &
#: Eisenhart 1943; "about a 5% risk"). Fewer runs than the lower limit are too few; more
#: than the upper limit are too many. Rows 10–15 were checked against IHI QI104 course
#: notes; 16–40 come from a public transcription of the table (see README, Notes).
IHI_RUNS_TABLE = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (9, 20),
    28: (10, 20), 29: (10, 21), 30: (11, 22), 31: (11, 22), 32: (11, 23), 33: (11, 24),
    34: (12, 24), 35: (12, 25), 36: (13, 25), 37: (13, 26), 38: (14, 26), 39: (14, 27),
    40: (15, 27),
}  # fmt: skip
_RUNS_LO = np.full(41, np.nan)
_RUNS_HI = np.full(41, np.nan)
for _n, (_lo, _hi) in IHI_RUNS_TABLE.items():
    _RUNS_LO[_n], _RUNS_HI[_n] = _lo, _hi


class _Lazy(dict):
    """Per-rule arrays made on first use, so rules that never fire cost nothing."""

    def __init__(self, size, dtype):
        super().__init__()
        self.size, self.dtype = size, dtype

    def __missing__(self, name):
        arr = self[name] = np.zeros(self.size, dtype=self.dtype)
        return arr


@dataclass
class RuleResult:
    """What the rules found: signals per row, the runs analysis per segment.

    ``rule`` holds int8 codes into ``("",) + RULES``; ``direction`` is +1 (high or
    rising), −1 (low or falling) or 0; ``flags`` and ``dirs`` keep every rule's own
    rows, for episodes.
    """

    sigma_signal: np.ndarray  # bool per row
    rule: np.ndarray  # int8 index into ("",) + RULES per row
    direction: np.ndarray  # int8 per row: +1 high, −1 low, 0 none
    runs_signal: np.ndarray  # bool per segment
    part_flags: dict  # part-level rules: name → bool per segment
    n_useful: np.ndarray
    longest_run: np.ndarray
    longest_run_max: np.ndarray
    n_crossings: np.ndarray
    n_crossings_min: np.ndarray
    n_crossings_max: np.ndarray
    flags: dict  # rule name → bool per row
    dirs: dict  # rule name → int8 direction per row
    include: np.ndarray  # rows that took part in pattern rules
    useful: np.ndarray  # included rows off the centre line
    trends: dict = field(default_factory=dict)  # start, end, count, direction per trend


def _compress(mask):
    return np.flatnonzero(mask)


def _side_runs(side, seg, length, skip_zero):
    """Flags for runs of ≥ ``length`` points on one side; also run lengths and ids."""
    idx = np.flatnonzero(side != 0) if skip_zero else np.arange(side.size)
    s, g = side[idx], seg[idx]
    run_id, run_len = runs(s, g)
    hit = (s != 0) & (run_len >= length)
    flags = np.zeros(side.size, dtype=bool)
    flags[idx[hit]] = True
    return flags


def _trend(values, seg, length, drop_ties):
    """Flags and direction of ≥ ``length`` points strictly rising or falling.

    Also returns the trends themselves, as a dict of arrays ``start``, ``end`` (rows of
    ``values``), ``count`` (points the rule counted) and ``direction``. A turning point
    ends one trend and starts the next, so it belongs to both; with ``drop_ties`` a
    value equal to the one before is skipped and does not split a trend; one step the
    other way between two trends the same way keeps them apart.
    """
    size = values.size
    flags = np.zeros(size, dtype=bool)
    direction = np.zeros(size, dtype=np.int8)
    none = {k: np.zeros(0, dtype=np.int64) for k in _TREND_KEYS}
    if size < 2 or length is None:
        return flags, direction, none
    idx = np.arange(size)
    if drop_ties:
        keep = np.ones(size, dtype=bool)
        keep[1:] = ~((values[1:] == values[:-1]) & (seg[1:] == seg[:-1]))
        idx = np.flatnonzero(keep)
    v, g = values[idx], seg[idx]
    if v.size < 2:
        return flags, direction, none
    d = np.sign(np.diff(v)).astype(np.int8)
    d[g[1:] != g[:-1]] = 0
    run_id, run_len = runs(d, g[1:])
    hit = (d != 0) & (run_len >= length - 1)
    right, left = idx[1:][hit], idx[:-1][hit]
    flags[right] = True
    flags[left] = True
    # a turning point shared by a rising and a falling trend takes the direction of the
    # trend on its right (NHSRplotthedots)
    direction[right] = d[hit]
    direction[left] = d[hit]
    first = np.flatnonzero(hit & np.r_[True, run_id[1:] != run_id[:-1]])
    steps = run_len[first]
    trends = {
        "start": idx[first],
        "end": idx[first + steps],
        "count": (steps + 1).astype(np.int64),
        "direction": d[first].astype(np.int64),
    }
    return flags, direction, trends


_TREND_KEYS = ("start", "end", "count", "direction")


def ihi_runs_limits(n_useful):
    """Fewest and most runs expected by chance for ``n_useful`` points (IHI run chart).

    From :data:`IHI_RUNS_TABLE`; NaN outside 10–40 useful points, where the runs-count
    rule is not applied.

    >>> ihi_runs_limits(20)
    (array(6.), array(16.))
    """
    n = np.asarray(n_useful, dtype=float)
    lo = np.full(n.shape, np.nan)
    hi = np.full(n.shape, np.nan)
    ok = np.isfinite(n) & (n >= 10) & (n <= 40)
    ni = n[ok].astype(int)
    lo[ok] = _RUNS_LO[ni]
    hi[ok] = _RUNS_HI[ni]
    return lo, hi


def evaluate(lines: Lines, prep: Prepared, opts: Options) -> RuleResult:
    """Apply the chosen rule set to every segment at once.

    The steps: points outside the limits (every rule set); the rows that take part in
    pattern rules and their side of the centre line; the runs analysis (reported in
    every summary); the rule set's run rules; its sigma-zone rules; then each point is
    named by its highest-precedence rule.

    Returns
    -------
    RuleResult
        Signals per row and the runs analysis per segment.
    """
    size = prep.seg.size
    with np.errstate(invalid="ignore"):  # comparisons with NaN are False
        above = lines.y > lines.ucl
        below = lines.y < lines.lcl
    sigma_signal = above | below
    flags = _Lazy(size, bool)
    dirs = _Lazy(size, np.int8)
    flags["outside_limits"] = sigma_signal
    dirs["outside_limits"] = np.subtract(above, below, dtype=np.int8)

    rows = _analysis_rows(lines, prep, opts.chart)
    runs_ = _runs_analysis(rows, prep)
    limits = _run_rules(rows, runs_, lines, prep, opts, flags, dirs)
    if opts.chart not in ("run", "mr") and np.isfinite(lines.sigma).any():
        _zone_rules(rows, lines, sigma_signal, opts.rules, flags, dirs)

    rule, direction = _combine(flags, dirs, size)
    pattern = (rule > 1) & (rule != RULES.index("astronomical") + 1)
    runs_signal = (
        (np.add.reduceat(pattern, prep.segs.starts, dtype=np.int64) > 0)
        | limits.part_flags["few_crossings"]
        | limits.part_flags["runs_count"]
    )
    if rows.all_inc:
        useful_rows = runs_.useful
    else:
        useful_rows = np.zeros(size, dtype=bool)
        useful_rows[rows.idx[runs_.useful]] = True
    n_useful = runs_.n_useful
    return RuleResult(
        flags=flags,
        dirs=dirs,
        include=rows.inc,
        useful=useful_rows,
        sigma_signal=sigma_signal,
        rule=rule,
        direction=direction,
        runs_signal=runs_signal,
        part_flags=limits.part_flags,
        n_useful=n_useful,
        longest_run=np.where(n_useful > 0, runs_.longest, np.nan),
        longest_run_max=limits.longest_run_max,
        n_crossings=np.where(n_useful > 0, runs_.n_crossings, np.nan),
        n_crossings_min=limits.n_crossings_min,
        n_crossings_max=limits.n_crossings_max,
        trends=limits.trends,
    )


@dataclass
class _Rows:
    """The rows that take part in pattern rules, on the analysis scale."""

    inc: np.ndarray  # bool per row
    all_inc: bool  # every row takes part (then the arrays below are views)
    idx: np.ndarray  # their row numbers
    y: np.ndarray
    cl: np.ndarray
    seg: np.ndarray
    side: np.ndarray  # int8: +1 above the centre line, −1 below, 0 on it


def _analysis_rows(lines: Lines, prep: Prepared, chart: str) -> _Rows:
    """Included rows with a value and a centre line, and their side of it."""
    y_an, cl_an = lines.y_an, lines.cl_an
    if prep.complete and chart not in ("t", "mr"):  # every point has a value and a CL
        inc, all_inc = prep.base, True
    else:
        inc = prep.include & np.isfinite(cl_an)
        if chart in ("t", "mr"):  # transformed values; no moving range before a part
            inc &= np.isfinite(y_an)
        all_inc = bool(inc.all())
    if all_inc:  # the common case: views, no copies
        idx = np.arange(prep.seg.size)
        ys, cs, gs = y_an, cl_an, prep.seg
    else:
        idx = _compress(inc)
        ys, cs, gs = y_an[idx], cl_an[idx], prep.seg[idx]
    side = np.subtract(ys > cs, ys < cs, dtype=np.int8)
    return _Rows(inc=inc, all_inc=all_inc, idx=idx, y=ys, cl=cs, seg=gs, side=side)


@dataclass
class _Runs:
    """The Anhøj runs analysis: per analysed row, per run and per segment."""

    useful: np.ndarray  # per analysed row: off the centre line
    run_len: np.ndarray  # per run of useful points on one side
    run_seg: np.ndarray  # the segment of each run (non-decreasing)
    n_useful: np.ndarray  # per segment (float)
    longest: np.ndarray  # per segment
    n_runs: np.ndarray  # per segment
    n_crossings: np.ndarray  # per segment


def _runs_analysis(rows: _Rows, prep: Prepared) -> _Runs:
    """Useful points, runs and crossings per segment, worked out per run."""
    n_seg, side, gs = prep.n_seg, rows.side, rows.seg
    useful = side != 0
    if useful.all():
        u_side, u_seg = side, gs
    else:
        u_side, u_seg = side[useful], gs[useful]
    if rows.all_inc:
        n_useful = np.add.reduceat(useful, prep.segs.starts, dtype=np.float64)
    else:
        n_useful = np.bincount(u_seg, minlength=n_seg).astype(float)
    longest = np.zeros(n_seg)
    n_runs = np.zeros(n_seg)
    run_len = np.zeros(0, dtype=np.int64)
    run_seg = np.zeros(0, dtype=np.int64)
    if u_side.size:
        brk = np.empty(u_side.size, dtype=bool)
        brk[0] = True
        np.not_equal(u_side[1:], u_side[:-1], out=brk[1:])
        if u_side.size == prep.seg.size:  # every row: the segment starts are known
            brk[prep.segs.starts] = True
        else:
            brk[1:] |= u_seg[1:] != u_seg[:-1]
        starts = np.flatnonzero(brk)
        run_len = np.diff(np.r_[starts, u_side.size])
        run_seg = u_seg[starts]  # non-decreasing: runs are in segment order
        first = np.flatnonzero(np.r_[True, run_seg[1:] != run_seg[:-1]])
        longest[run_seg[first]] = np.maximum.reduceat(run_len, first)
        n_runs[run_seg[first]] = np.diff(np.r_[first, run_seg.size])
    return _Runs(
        useful=useful,
        run_len=run_len,
        run_seg=run_seg,
        n_useful=n_useful,
        longest=longest,
        n_runs=n_runs,
        n_crossings=np.maximum(n_runs - 1, 0),
    )


@dataclass
class _RunLimits:
    """The limits of the runs analysis per segment, and part-level signals."""

    longest_run_max: np.ndarray
    n_crossings_min: np.ndarray
    n_crossings_max: np.ndarray
    part_flags: dict
    trends: dict  # the trends found: start, end, count, direction (rows)


def _run_rules(rows, runs_, lines, prep, opts, flags, dirs) -> _RunLimits:
    """The rule set's run rules (long runs, shifts, trends, runs count, astronomical).

    Writes the flagged rows into ``flags`` and ``dirs``.
    """
    chart, rules, n_seg = opts.chart, opts.rules, prep.n_seg
    idx, side, n_useful = rows.idx, rows.side, runs_.n_useful
    nan_seg = np.full(n_seg, np.nan)
    lr_max, nc_min, nc_max = nan_seg.copy(), nan_seg.copy(), nan_seg.copy()
    part_flags = {
        "few_crossings": np.zeros(n_seg, bool),
        "runs_count": np.zeros(n_seg, bool),
    }
    trends: dict = {}
    control = chart != "run"
    if chart == "mr":  # statistics reported, never a signal (qicharts2)
        lr_max = K.longest_run_max(n_useful)
        nc_min = K.n_crossings_min(n_useful)
    elif rules == "anhoej":
        lr_max = K.longest_run_max(n_useful)
        if opts.shift is not None:
            lr_max = np.where(n_useful > 0, opts.shift - 1.0, np.nan)
        nc_min = K.n_crossings_min(n_useful)
        long_runs = runs_.run_len > lr_max[runs_.run_seg]
        if long_runs.any():
            long_pts = np.repeat(long_runs, runs_.run_len)
            if not runs_.useful.all():
                long_pts = np.zeros(idx.size, dtype=bool)
                long_pts[runs_.useful] = np.repeat(long_runs, runs_.run_len)
            if rows.all_inc:
                flags["long_run"] = long_pts
                dirs["long_run"] = side * long_pts
            else:
                flags["long_run"][idx[long_pts]] = True
                dirs["long_run"][idx] = side * long_pts
        part_flags["few_crossings"] = runs_.n_crossings < nc_min
    else:
        shift, trend = rule_lengths(rules, chart, opts.shift, opts.trend)
        ihi_run_chart = not control and rules == "ihi"
        sh = _side_runs(side, rows.seg, shift, skip_zero=ihi_run_chart)
        flags["shift"][idx[sh]] = True
        dirs["shift"][idx[sh]] = side[sh]
        lr_max = np.where(n_useful > 0, shift - 1.0, np.nan)
        if trend is not None:
            tr, td, found = _trend(rows.y, rows.seg, trend, drop_ties=ihi_run_chart)
            flags["trend"][idx[tr]] = True
            dirs["trend"][idx[tr]] = td[tr]
            found["start"], found["end"] = idx[found["start"]], idx[found["end"]]
            trends.update(found)
        if ihi_run_chart:
            lo, hi = ihi_runs_limits(n_useful)
            nc_min, nc_max = lo - 1, hi - 1
            with np.errstate(invalid="ignore"):
                part_flags["runs_count"] = (runs_.n_runs < lo) | (runs_.n_runs > hi)
            flags["astronomical"], dirs["astronomical"] = _astronomical(
                prep, lines, shift
            )
    return _RunLimits(lr_max, nc_min, nc_max, part_flags, trends)


def _zone_rules(rows, lines, sigma_signal, rules, flags, dirs) -> None:
    """The rule set's rules on the 1σ and 2σ zones; writes ``flags`` and ``dirs``."""
    if rules not in ("mdc", "ihi", "western_electric"):
        return
    idx, gs, side = rows.idx, rows.seg, rows.side
    with np.errstate(invalid="ignore", divide="ignore"):
        dev = (rows.y - rows.cl) / lines.sigma[idx]
    if rules == "mdc":
        # Making Data Count: all three points strictly on one side of the mean; only
        # points beyond 2σ but not outside the limits count, and only they are flagged
        out_c = sigma_signal[idx]
        for sgn in (1, -1):
            with np.errstate(invalid="ignore"):
                close = (sgn * dev > 2.0) & ~out_c
            hit = k_of_m(close, gs, 2, 3, window_ok=side == sgn)
            flags["two_of_three"][idx[hit]] = True
            dirs["two_of_three"][idx[hit]] = sgn
        return
    zones = [("two_of_three", 2, 3, 2.0)]
    if rules == "western_electric":
        zones.append(("four_of_five", 4, 5, 1.0))
    for name, k, m, z in zones:
        for sgn in (1, -1):
            with np.errstate(invalid="ignore"):
                beyond = sgn * dev > z
            hit = k_of_m(beyond, gs, k, m)
            flags[name][idx[hit]] = True
            dirs[name][idx[hit]] = sgn
    if rules == "ihi":
        with np.errstate(invalid="ignore"):
            hug = np.abs(dev) < 1.0
        hit = _side_runs(hug.astype(np.int8), gs, 15, skip_zero=False)
        flags["fifteen_within_1s"][idx[hit]] = True


def _combine(flags, dirs, size) -> tuple[np.ndarray, np.ndarray]:
    """Name each point by its highest-precedence rule: codes and directions."""
    rule = np.zeros(size, dtype=np.int8)
    direction = np.zeros(size, dtype=np.int8)
    for code in range(len(RULES), 0, -1):  # lowest precedence first, overwritten above
        name = RULES[code - 1]
        if name not in flags:
            continue
        f = flags[name]
        if not f.any():
            continue
        rule[f] = code
        direction[f] = dirs[name][f]
    return rule, direction


#: Flagged points of these rules may be up to this many included points apart and still
#: belong to one episode (2 of 3, 4 of 5); others must be consecutive.
_EPISODE_GAP = {"two_of_three": 2, "four_of_five": 4}


def episodes(rr: RuleResult, seg) -> dict:
    """Episodes of a rule result (see :func:`_episodes`)."""
    return _episodes(rr.flags, rr.dirs, rr.include, rr.useful, seg, rr.trends)


def _episodes(flags, dirs, include, useful, seg, trends=None):
    """Stretches of consecutive points flagged by the same rule in the same direction.

    Runs skip points on the centre line, so for them consecutive means consecutive among
    useful points; for the other rules, among included points. Trends are the ones the
    trend rule found (``trends``), not regrouped from its flags: a turning point belongs
    to both trends, a skipped tie does not split one, and two trends the same way with
    one step between them stay two.
    """
    order_inc = np.cumsum(include)  # position among included points
    order_use = np.cumsum(useful)  # position among useful points
    parts = {k: [] for k in ("rule", "seg", "direction", "start", "end", "count")}
    for code, name in enumerate(RULES, start=1):  # a loop over 8 rules, not over points
        if name not in flags or not flags[name].any():
            continue
        if name == "trend" and trends:
            parts["rule"].append(np.full(trends["start"].size, code))
            parts["seg"].append(seg[trends["start"]])
            for key in ("direction", "start", "end", "count"):
                parts[key].append(trends[key])
            continue
        rows = np.flatnonzero(flags[name])
        gap = _EPISODE_GAP.get(name, 1)
        order = order_use if name in ("long_run", "shift") else order_inc
        pos, d, g = order[rows], dirs[name][rows], seg[rows]
        new = np.r_[True, (np.diff(pos) > gap) | (d[1:] != d[:-1]) | (g[1:] != g[:-1])]
        if name == "outside_limits":
            new[:] = True  # one finding per point
        eid = np.cumsum(new) - 1
        starts = rows[new]
        ends = rows[np.r_[np.flatnonzero(new)[1:] - 1, rows.size - 1]]
        parts["rule"].append(np.full(starts.size, code))
        parts["seg"].append(g[new])
        parts["direction"].append(d[new])
        parts["start"].append(starts)
        parts["end"].append(ends)
        parts["count"].append(np.bincount(eid))
    return {
        k: (np.concatenate(v) if v else np.zeros(0, dtype=np.int64))
        for k, v in parts.items()
    }


def _astronomical(prep, lines, shift):
    """Points far from the median both point to point and against all the points.

    Per segment, from its baseline points: the median ỹ, the median moving range MR̃
    and the median absolute deviation MAD. A point is astronomical when it lies
    further from ỹ than both 3.14·MR̃ (a median-based individuals chart) and
    3·1.4826·MAD (Hampel's identifier; with MAD = 0, 3·1.2533 times the mean absolute
    deviation from the median), unless it is one of ``shift`` or more such points in a
    row on the same side: that is a shift. See the module notes.
    """
    y = lines.y_an
    base = prep.include & prep.baseline & np.isfinite(y)
    segs, n_seg = prep.segs, prep.n_seg
    med = seg_median(y, segs, base, n_seg)
    with np.errstate(invalid="ignore"):
        dev = np.abs(y - med[prep.seg])
    mad = seg_median(dev, segs, base, n_seg)
    mean_ad = seg_mean(dev, segs, base, n_seg)
    spread = np.where(mad > 0, K.MAD_SCALE * mad, K.MEAN_AD_SCALE * mean_ad)
    mr, mr_seg = moving_ranges(y, prep.seg, prep.baseline & ~prep.excluded)
    mr_med = seg_median(mr, mr_seg, np.isfinite(mr), n_seg)
    half = np.fmax(K.MEDIAN_MR_SCALE * mr_med, K.ASTRONOMICAL_SIGMA * spread)
    m, h = med[prep.seg], half[prep.seg]
    with np.errstate(invalid="ignore"):
        hi = np.isfinite(y) & (y > m + h) & (h > 0)
        lo = np.isfinite(y) & (y < m - h) & (h > 0)
    side = hi.astype(np.int8) - lo.astype(np.int8)
    if shift is not None and side.any():  # long stretches are shifts, not astronomical
        rows = np.flatnonzero(np.isfinite(y))
        _, run_len = runs(side[rows], prep.seg[rows])
        side[rows[run_len >= shift]] = 0
    return side != 0, side


__all__ = [
    "RULES",
    "RULE_LABELS",
    "RuleResult",
    "evaluate",
    "ihi_runs_limits",
    "rule_lengths",
]
