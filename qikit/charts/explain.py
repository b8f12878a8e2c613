"""Plain-English findings for a :class:`~qikit.charts.result.QicResult`.

One finding per line, written for a nurse or a care home manager, not a statistician:
what happened, when, which rule saw it and what it means. The text is the chart's text
alternative (its ``alt`` text and caption in apps) and what people paste into board
reports, so it never contradicts itself or the rule it names.

For each facet the findings come in this order:

1. where the process is now, for its latest phase: with ``rules="mdc"`` the Making
   Data Count variation and assurance icons in words, otherwise one "Current state"
   sentence (stable, or signals of change and which way);
2. for each phase, the signals in date order, then the centre line and the limits;
3. the points left out of the calculations.

Counting follows the rules as their authors state them: a trend of 5 points has 4
rises, and the point where a rising trend turns into a falling one belongs to both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qikit._format import fmt_distinct, fmt_number, human_date, join_words, plural
from qikit.charts import constants as K
from qikit.charts.vocabulary import chart_name

__all__ = ["explain"]

#: At most this many "outside the limits" sentences per phase; the rest are counted.
MAX_POINT_SENTENCES = 5
#: More dates than this in the "N more points" sentence are counted, not listed.
MAX_LISTED_DATES = 12

#: Over-dispersion: a P or U chart is called over-dispersed when at least this many
#: points have limits, more than this share of them lie outside, and the denominators
#: are large or the points vary far more than the chart allows for (see below).
OVERDISPERSION_MIN_POINTS = 8
OVERDISPERSION_SHARE = 0.5
#: A median denominator from which qikit calls the denominators large. A P or U chart's
#: limits narrow with √n, so with thousands per point they are usually narrower than
#: real processes vary from period to period (Laney 2002; Mohammed, Panesar, Laney &
#: Wilson 2013, BMJ Qual Saf 22:362–368).
LARGE_DENOMINATOR = 1000
#: Laney's σz (the moving-range spread of the points' z-scores; 1 when the chart's
#: binomial or Poisson model fits) from which the variation is clearly too large.
OVERDISPERSION_SIGMA_Z = 2.0

_LANEY = {"p": ("P′", "pp"), "u": ("U′", "up")}


def explain(result) -> str:
    """The findings of a result in plain English, one finding per line.

    Parameters
    ----------
    result : QicResult
        What :func:`qikit.qic` returned.

    Returns
    -------
    str
        One sentence (or a few short ones) per line. For each facet: where the process
        is now (the Making Data Count icons in words with ``rules="mdc"``, otherwise a
        "Current state" sentence), then for each phase its signals in date order, the
        centre line and the limits, then any points left out of the calculations.

    See Also
    --------
    qikit.charts.result.QicResult.explain : the same, as a method.

    Notes
    -----
    The counts follow the rules as written: a trend of ``k`` points has ``k − 1``
    rises or falls, and a turning point ends one trend and starts the next, so it
    counts in both. Without ``improvement`` no signal is called an improvement or a
    concern; it is a signal of change upwards or downwards. When most points of a P or
    U chart lie outside its limits because the denominators are large (or the points
    vary far more than the chart allows for, Laney's σz), the text says so and
    recommends Laney's P′ or U′ chart instead of a search for many special causes
    (Laney 2002).

    Examples
    --------
    >>> import qikit
    >>> y = [5, 6, 5, 7, 4, 6, 5, 7, 4, 6, 5, 6, 4, 7, 5, 6]
    >>> print(qikit.qic(y=y, chart="i").explain())  # doctest: +NORMALIZE_WHITESPACE
    Current state: stable. No signals: the points stay within the limits with no
    unusual patterns (common-cause variation). To improve, change the system rather
    than reacting to single points.
    This I chart (individual values) has 16 points; the mean is 5.5.
    The control limits are 0.713 to 10.3: as long as nothing changes, almost every value
    should fall between them.
    """
    f = result.frame
    summ = result.summary()
    facet = result.facets
    seg = _segment_ids(f, facet)
    arr = _arrays(f, facet)
    eps = _episode_table(result, seg)
    words = _Words(result)
    lines: list[str] = []
    n_seg = int(seg[-1]) + 1 if seg.size else 0
    bounds = np.flatnonzero(np.r_[True, seg[1:] != seg[:-1], True])
    facet_of = arr["facet"] if facet is not None else np.zeros(len(f))
    k = 0
    while k < n_seg:  # a loop over facets and phases, not over points
        last = k
        while last + 1 < n_seg and facet_of[bounds[last + 1]] == facet_of[bounds[k]]:
            last += 1
        parts = [
            _Part(result, arr, bounds[s], bounds[s + 1], summ.iloc[s], eps, s)
            for s in range(k, last + 1)
        ]
        many = len(parts) > 1
        for p in parts:
            p.prefix = _prefix(facet, p.fp, many)
            p.many = many
        lines.extend(_state_lines(parts[-1], words))
        for p in parts:
            lines.extend(_part_lines(p, words, latest=p is parts[-1]))
        k = last + 1
    return "\n".join(lines)


# ---------------------------------------------------------------------------------
# the pieces: segments (facet × phase), episodes, wording state


def _arrays(f: pd.DataFrame, facet: str | None) -> dict:
    """The frame's columns as NumPy arrays, read once (slices of them are views)."""
    out = {
        c: f[c].to_numpy(dtype=float)
        for c in ("y", "n", "cl", "lcl", "ucl", "target")
        if c in f
    }
    for c in ("include", "baseline", "sigma_signal"):
        out[c] = f[c].to_numpy(dtype=bool)
    out["part_label"] = f["part_label"].to_numpy()
    out["x"] = f["x"]
    if facet is not None:
        out["facet"] = f[facet].to_numpy()
    return out


def _segment_ids(f: pd.DataFrame, facet: str | None) -> np.ndarray:
    """The segment (facet × phase) of each row, numbered as the summary's rows."""
    m = len(f)
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    brk = np.zeros(m, dtype=bool)
    brk[0] = True
    part = f["part"].to_numpy()
    brk[1:] = part[1:] != part[:-1]
    if facet is not None:
        fac = f[facet].to_numpy()
        brk[1:] |= fac[1:] != fac[:-1]
    return np.cumsum(brk) - 1


def _episode_table(result, seg: np.ndarray) -> pd.DataFrame:
    """The result's episodes with their segment, in order of first and last point.

    Trends come as the rule found them (:meth:`QicResult.episodes`): a turning point
    ends one trend and starts the next, so it belongs to both; a repeated value that
    the IHI run-chart rule skips does not split a trend; two trends the same way, with
    one step the other way between them, are two.
    """
    cols = ["rule", "direction", "start", "end", "count"]
    eps = result.episodes()[cols]
    eps["seg"] = seg[eps["start"].to_numpy()] if len(eps) else np.zeros(0, np.int64)
    return eps.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


@dataclass
class _Words:
    """What the text has explained so far, so each term is explained once."""

    result: object
    explained: set = field(default_factory=set)

    @property
    def neutral(self) -> bool:
        return getattr(self.result, "improvement", None) in (None, "neutral")

    def once(self, term: str, text: str) -> str:
        """``text`` the first time ``term`` comes up, then nothing."""
        if term in self.explained:
            return ""
        self.explained.add(term)
        return text

    def way(self, direction: int) -> str:
        """'upwards', or 'upwards, in the direction of improvement' with a direction."""
        word = "upwards" if direction > 0 else "downwards"
        if self.neutral or direction == 0:
            return word
        good = (direction > 0) == (self.result.improvement == "increase")
        where = "in the direction of improvement" if good else "in the wrong direction"
        return f"{word}, {where}"

    def meaning(self, direction: int) -> str:
        """The sentence ending a finding: good, bad, or (no direction) which way."""
        if direction == 0:
            return ""
        if self.neutral:
            way = "upwards" if direction > 0 else "downwards"
            return f" This is a signal of change {way}."
        good = (direction > 0) == (self.result.improvement == "increase")
        return (
            " This is in the direction of improvement."
            if good
            else " This is in the wrong direction: a sign of deterioration."
        )


#: Words for a numbered period that take "in" ("in week 3"), and those that take "on"
#: ("on day 3"); any other word takes "at" ("at point 5", "at sample 12").
_IN_WORDS = frozenset(
    {"week", "month", "year", "quarter", "period", "fortnight", "cycle", "term", "wave"}
)
_ON_WORDS = frozenset({"day", "date", "shift"})


class _Labels:
    """Turns x values into words: 'March 2024', '3 March 2024', 'point 5', 'week 12'.

    :meth:`at` puts the preposition a reader expects in front: 'in March 2024', 'on
    3 March 2024', 'in week 12', 'at point 5'.
    """

    def __init__(self, x: pd.Series, is_position: bool, xlab: str | None):
        self.x = x.to_numpy()
        self.kind = "other"
        self.xlab = xlab
        self.word = "point"
        if is_position:
            self.kind = "position"
        elif pd.api.types.is_datetime64_any_dtype(x):
            dt = pd.DatetimeIndex(x)
            if len(dt) and (dt.day == 1).all() and (dt.normalize() == dt).all():
                self.kind = "month"
            else:
                self.kind = "day"
        elif pd.api.types.is_numeric_dtype(x):
            self.kind = "number"
            self.word = (xlab or "point").lower()

    def one(self, i: int) -> str:
        v = self.x[i]
        if self.kind == "position":
            return f"point {int(v)}"
        if self.kind == "month":
            return pd.Timestamp(v).strftime("%B %Y")
        if self.kind == "day":
            return human_date(pd.Timestamp(v))
        if self.kind == "number":
            return (
                f"{self.word} {v:g}"
                if isinstance(v, (float, np.floating))
                else f"{self.word} {v}"
            )
        return str(v)

    def preposition(self) -> str:
        """'on' a date, 'in' a month or a numbered week, 'at' a point."""
        if self.kind == "day":
            return "on"
        if self.kind == "position":
            return "at"
        if self.kind == "number":
            head = self.word.split()[-1] if self.word.split() else ""
            head = head[:-1] if head.endswith("s") else head  # "weeks" → "week"
            if head in _IN_WORDS:
                return "in"
            return "on" if head in _ON_WORDS else "at"
        return "in"

    def at(self, i: int) -> str:
        """'in March 2024', 'on 3 March 2024', 'in week 12', 'at point 5'."""
        return f"{self.preposition()} {self.one(i)}"

    def span(self, i: int, j: int) -> str:
        """'From March to November 2024', 'From 3 to 10 March 2024', 'In May 2024'."""
        if i == j:
            text = self.at(i)
            return text[0].upper() + text[1:]
        a, b = self.one(i), self.one(j)
        if self.kind in ("month", "day"):
            ta, tb = pd.Timestamp(self.x[i]), pd.Timestamp(self.x[j])
            if ta.year == tb.year:
                same_month = self.kind == "day" and ta.month == tb.month
                a = str(ta.day) if same_month else a.rsplit(" ", 1)[0]
        return f"From {a} to {b}"


# ---------------------------------------------------------------------------------
# one phase of one facet


class _Part:
    """One segment (a phase of a facet): its rows, summary row, episodes and words."""

    def __init__(self, result, arr: dict, lo: int, hi: int, srow, eps, seg: int):
        self.result = result
        fp = self.fp = {
            k: (v.iloc[lo:hi] if k == "x" else v[lo:hi]) for k, v in arr.items()
        }
        self.srow = srow
        self.first = int(lo)
        self.eps = eps[eps["seg"].to_numpy() == seg]
        self.labels = _Labels(fp["x"], result.x_is_position, result.xlab)
        self.percent = result.multiply == 100 and result.chart in ("p", "pp")
        chart = result.chart
        self.centre = (
            "median" if chart == "run" else ("centre line" if chart == "g" else "mean")
        )
        self.prefix = ""
        self.many = False
        nu = srow["n_useful"]
        self.n_useful = int(nu) if np.isfinite(nu) else 0
        self.over = _overdispersion(result, fp)
        self.part_flags = _part_level(result, srow, self.n_useful)
        ok = fp["include"] & np.isfinite(fp["y"])
        self.last_row = lo + int(np.flatnonzero(ok)[-1]) if ok.any() else None

    def num(self, v: float) -> str:
        return fmt_number(v, percent=self.percent)

    def when(self, start: int, end: int) -> str:
        return self.labels.span(start - self.first, end - self.first)

    def has_signals(self) -> bool:
        return bool(len(self.eps)) or bool(self.part_flags) or self.over is not None


def _prefix(facet: str | None, fp: dict, many: bool) -> str:
    bits = []
    if facet is not None:
        bits.append(str(fp["facet"][0]))
    if many:  # "phase 2", or the phase's own name ("After merger")
        label = str(fp["part_label"][0])
        bits.append(f"phase {label}" if label.isdigit() else label)
    prefix = (", ".join(bits) + ": ") if bits else ""
    return prefix[:1].upper() + prefix[1:]


def _overdispersion(result, fp: dict) -> dict | None:
    """Most points of a P or U chart outside its limits, from too-narrow limits.

    Worked out from the frame's values only: the share of points outside, the median
    denominator and Laney's σz, the average moving range of the z-scores
    ``(y − cl) / σ`` over d2 = 1.128, with σ read back from the limits.
    """
    if result.chart not in _LANEY:
        return None
    y, cl, lcl, ucl = fp["y"], fp["cl"], fp["lcl"], fp["ucl"]
    ok = fp["include"] & np.isfinite(y) & np.isfinite(ucl)
    n_pts = int(ok.sum())
    if n_pts < OVERDISPERSION_MIN_POINTS:
        return None
    n_out = int((fp["sigma_signal"] & ok).sum())
    if n_out <= OVERDISPERSION_SHARE * n_pts:
        return None
    # a limit clipped at 0 (or 100%) is nearer the centre: the wider side is 3σ
    with np.errstate(invalid="ignore"):
        sigma = np.fmax(ucl - cl, cl - lcl)[ok] / K.SIGMA_LIMIT
        z = (y[ok] - cl[ok]) / sigma
    z = z[np.isfinite(z)]
    sigma_z = float(np.mean(np.abs(np.diff(z))) / K.D2) if z.size > 1 else np.nan
    n = fp["n"][ok] if "n" in fp else np.zeros(0)
    median_n = float(np.nanmedian(n)) if np.isfinite(n).any() else np.nan
    large = np.isfinite(median_n) and median_n >= LARGE_DENOMINATOR
    if not (large or (np.isfinite(sigma_z) and sigma_z >= OVERDISPERSION_SIGMA_Z)):
        return None
    return {
        "n_out": n_out,
        "n_pts": n_pts,
        "median_n": median_n,
        "large": large,
        "sigma_z": sigma_z,
    }


def _part_level(result, srow, nu: int) -> list[tuple[str, dict]]:
    """Signals of a whole phase: few crossings (Anhøj), too few or many runs (IHI)."""
    out = []
    chart = result.chart
    if result.rules == "anhoej" and chart != "mr" and nu > 0:
        nc, ncm = srow["n_crossings"], srow["n_crossings_min"]
        if np.isfinite(nc) and np.isfinite(ncm) and nc < ncm:
            out.append(("few_crossings", {"nc": int(nc), "ncm": int(ncm)}))
    if result.rules == "ihi" and chart == "run":
        lo = srow.get("n_crossings_min", np.nan)
        hi = srow.get("n_crossings_max", np.nan)
        nc = srow["n_crossings"]
        if np.isfinite(lo) and np.isfinite(nc):
            runs_n = int(nc) + 1
            if runs_n < lo + 1:
                out.append(("few_runs", {"runs": runs_n, "lo": int(lo) + 1}))
            elif runs_n > hi + 1:
                out.append(("many_runs", {"runs": runs_n, "hi": int(hi) + 1}))
    return out


# ---------------------------------------------------------------------------------
# where the process is now


def _state_lines(p: _Part, words: _Words) -> list[str]:
    """The Making Data Count icons in words, or one 'Current state' sentence."""
    srow, result = p.srow, p.result
    if result.rules == "mdc" and isinstance(srow.get("variation"), str):
        out = [p.prefix + _VARIATION_TEXT[srow["variation"]]]
        tgt = p.fp["target"][np.isfinite(p.fp["target"])]
        target = p.num(float(tgt[-1])) if tgt.size else ""
        if srow.get("assurance"):
            out.append(
                p.prefix + _ASSURANCE_TEXT[srow["assurance"]].format(target=target)
            )
        elif target and words.neutral:
            out.append(
                f"{p.prefix}No assurance icon: to compare the process with the target "
                f'of {target}, say which way is better (`improvement="increase"` or '
                '`"decrease"`).'
            )
        return out
    lead = f"{p.prefix[:-2]}, current state" if p.prefix else "Current state"
    if p.over is not None:
        name = chart_name(result.chart, short=True)
        return [
            f"{lead}: not clear from this {name}. Most points are outside its limits, "
            "most likely because the limits are too narrow for data like these, not "
            "because something changed at each point (see below)."
        ]
    if not p.has_signals():
        return [f"{lead}: stable. {_no_signals(p)}"]
    directed = p.eps[p.eps["direction"] != 0]
    if directed.empty:
        return [f"{lead}: signals of change, with no single direction (see below)."]
    latest = directed.sort_values(["end", "start"], kind="stable").iloc[-1]
    d = int(latest["direction"])
    span = p.when(int(latest["start"]), int(latest["end"]))
    span = span[0].lower() + span[1:]
    if p.last_row is not None and int(latest["end"]) >= p.last_row:
        span += " (up to the latest point)"
    if len(directed) == 1:
        return [f"{lead}: a signal of change {words.way(d)}, {span}."]
    if directed["direction"].nunique() == 1:
        return [f"{lead}: signals of change {words.way(d)}; the latest is {span}."]
    return [
        f"{lead}: signals of change both upwards and downwards; the latest, {span}, "
        f"is {words.way(d)}."
    ]


def _no_signals(p: _Part, advice: bool = True) -> str:
    what = (
        f"vary around the {p.centre} as chance would have them"
        if p.result.chart == "run"
        else "stay within the limits with no unusual patterns"
    )
    text = f"No signals: the points {what} (common-cause variation)."
    if advice:
        text += " To improve, change the system rather than reacting to single points."
    return text


# ---------------------------------------------------------------------------------
# a phase: signals in date order, then the centre line and the limits


def _part_lines(p: _Part, words: _Words, latest: bool) -> list[str]:
    prefix = p.prefix
    findings: list[str] = []
    if p.over is not None:
        findings.append(prefix + _overdispersion_text(p))
    shown_out = 0
    rest_out: list[int] = []
    for ep in p.eps.itertuples(index=False):  # one sentence per episode, not per point
        if ep.rule == "outside_limits":
            if p.over is not None:
                continue
            shown_out += 1
            if shown_out > MAX_POINT_SENTENCES:
                rest_out.append(int(ep.start))
                continue
        text = _episode_text(p, words, ep)
        if text:
            findings.append(prefix + text)
    if rest_out:
        more = plural(len(rest_out), "more point")
        listed = ""
        if len(rest_out) <= MAX_LISTED_DATES:
            listed = ": " + join_words(p.labels.one(r - p.first) for r in rest_out)
        verb = "is" if len(rest_out) == 1 else "are"
        findings.append(f"{prefix}{more} {verb} outside the control limits{listed}.")
    for name, info in p.part_flags:
        findings.append(prefix + _part_level_text(p, words, name, info))
    out = list(findings)
    if not findings and not (latest and p.result.rules != "mdc"):
        out.append(prefix + _no_signals(p, advice=p.result.rules == "mdc" and latest))
    out.extend(_centre_and_limits(p))
    excluded = np.flatnonzero(~p.fp["include"] & np.isfinite(p.fp["y"]))
    if excluded.size:
        names_x = join_words(
            [p.labels.one(i) for i in excluded[:6]]
            + (["more"] if excluded.size > 6 else [])
        )
        out.append(f"{prefix}Left out of the calculations but still shown: {names_x}.")
    return out


def _episode_text(p: _Part, words: _Words, ep) -> str:
    fp, result = p.fp, p.result
    a, b = int(ep.start) - p.first, int(ep.end) - p.first
    d, count, rule = int(ep.direction), int(ep.count), ep.rule
    side = "above" if d > 0 else "below"
    when = p.labels.span(a, b)
    mean = words.meaning(d)
    centre = p.centre
    y = fp["y"]
    if rule == "outside_limits":
        hi = d > 0
        lim = fp["ucl"][a] if hi else fp["lcl"][a]
        yv, lv = fmt_distinct(y[a], lim, percent=p.percent)
        excl = "" if fp["include"][a] else " (an excluded point)"
        return (
            f"{when} the value {yv}{excl} is "
            f"{'above the upper' if hi else 'below the lower'} control limit ({lv}). "
            "A point outside the limits is very unlikely to be chance, so look for a "
            "special cause at that time." + mean
        )
    if rule == "astronomical":
        term = words.once("astronomical", "a point far outside the others")
        if count == 1:
            what = f" ({term})" if term else ""
            return (
                f"{when} the value {p.num(y[a])} is an astronomical point{what}: "
                "find out what happened at that time." + mean
            )
        rows = a + np.flatnonzero(fp["include"][a : b + 1] & np.isfinite(y[a : b + 1]))
        items = join_words(f"{p.num(y[r])} {p.labels.at(r)}" for r in rows)
        what = " (points far outside the others)" if term else ""
        return (
            f"{when}, {rows.size} points in a row are astronomical points{what}: "
            f"{items}. Find out what happened at those times." + mean
        )
    if rule == "long_run":
        skipped = _skipped(fp, a, b, count)
        note = f" (points on the {centre} are not counted)" if skipped else ""
        return (
            f"{when}, {count} points in a row are {side} the {centre}{note}. With "
            f"{_useful(p, words)} a run longer than {int(p.srow['longest_run_max'])} "
            "rarely happens by chance, so something has changed." + mean
        )
    if rule == "shift":
        skipped = _skipped(fp, a, b, count)
        note = f" (points on the {centre} are not counted)" if skipped else ""
        return (
            f"{when}, {count} points in a row are {side} the {centre}{note}: a shift "
            f"(the rule is {result.shift_length} or more points), so something has "
            "changed." + mean
        )
    if rule == "trend":
        move, steps = ("up", "rise") if d > 0 else ("down", "fall")
        comp = "higher" if d > 0 else "lower"
        skipped = _skipped(fp, a, b, count)
        note = "; a repeated value is not counted" if skipped else ""
        return (
            f"{when}, {count} points in a row go {move}, each {comp} than the one "
            f"before ({plural(count - 1, steps)} in a row{note}): a trend (the rule is "
            f"{result.trend_length} or more points), which rarely happens by chance."
            + mean
        )
    if rule in ("two_of_three", "four_of_five"):
        limit = "upper" if d > 0 else "lower"
        if rule == "two_of_three":
            near, k, m = f"close to the {limit} limit", 2, 3
            how = f"more than two-thirds of the way from the {centre} to it"
        else:
            near, k, m = f"well {side} the {centre}", 4, 5
            how = f"more than a third of the way from it to the {limit} limit"
        return (
            f"{when}, {plural(count, 'point')} {'is' if count == 1 else 'are'} {near} "
            f"({how}). {k} out of {m} points in a row this far out rarely happens by "
            "chance: an early warning that the process may have shifted." + mean
        )
    if rule == "fifteen_within_1s":
        return (
            f"{when}, {count} points in a row stay close to the {centre} (within a "
            "third of the way to the limits). Too little variation often means the "
            "data mix different groups or the limits were worked out from other data."
        )
    return ""


def _skipped(fp: dict, a: int, b: int, count: int) -> bool:
    """True when the span holds more included points than the rule counted."""
    inc = fp["include"][a : b + 1] & np.isfinite(fp["y"][a : b + 1])
    return int(inc.sum()) > count


def _useful(p: _Part, words: _Words) -> str:
    term = words.once("useful", f" (points not on the {p.centre})")
    return f"{p.n_useful} useful points{term}"


def _part_level_text(p: _Part, words: _Words, name: str, info: dict) -> str:
    centre = p.centre
    if name == "few_crossings":
        return (
            f"The line crosses the {centre} only {plural(info['nc'], 'time')}. With "
            f"{_useful(p, words)} fewer than {info['ncm']} crossings rarely happens by "
            "chance, so the process has probably shifted."
        )
    term = words.once(
        "run", f" (a run is a stretch of points on one side of the {centre})"
    )
    if name == "few_runs":
        return (
            f"There are only {info['runs']} runs{term}. With {_useful(p, words)} fewer "
            f"than {info['lo']} runs is unusual: a sign of a shift."
        )
    return (
        f"There are {info['runs']} runs{term}. With {_useful(p, words)} more than "
        f"{info['hi']} runs is unusual: the data may alternate between two sources "
        "(for example two shifts or two sites)."
    )


def _overdispersion_text(p: _Part) -> str:
    o = p.over
    chart = p.result.chart
    prime, code = _LANEY[chart]
    name = chart_name(chart, short=True)
    if o["large"]:
        why = (
            f"With denominators this large (a median of {fmt_number(o['median_n'])} "
            "per point) the limits are very narrow, and real processes vary more than "
            f"that from one period to the next"
        )
    else:
        why = "Real processes often vary more from one period to the next than "
        why += f"a {name} allows for"
    spread = ""
    if np.isfinite(o["sigma_z"]) and o["sigma_z"] > 1:
        spread = f": here about {fmt_number(o['sigma_z'], decimals=1)} times as much"
    return (
        f"Most points ({o['n_out']} of {o['n_pts']}) are outside the control limits. "
        f"That does not mean {o['n_out']} special causes. {why} (over-dispersion"
        f'{spread}). Use a Laney {prime} chart (`chart="{code}"`), which widens the '
        "limits to allow for this, before looking for special causes."
    )


def _centre_and_limits(p: _Part) -> list[str]:
    fp, result, srow = p.fp, p.result, p.srow
    chart = result.chart
    out = []
    cl = float(np.nanmean(fp["cl"])) if np.isfinite(fp["cl"]).any() else np.nan
    n_obs = int(srow["n_obs"])
    base_n = int((fp["baseline"] & fp["include"]).sum())
    frozen = base_n < int(fp["include"].sum())
    base_txt = (
        f", worked out from the first {base_n} points (the baseline)" if frozen else ""
    )
    unit = " (the theoretical median)" if chart == "g" else ""
    what = "This phase" if p.many else f"This {chart_name(chart)}"
    out.append(
        f"{p.prefix}{what} has {plural(n_obs, 'point')}; "
        f"the {p.centre}{unit} is {p.num(cl)}{base_txt}."
    )
    if chart != "run" and np.isfinite(fp["ucl"]).any():
        lo_min, lo_max = np.nanmin(fp["lcl"]), np.nanmax(fp["lcl"])
        hi_min, hi_max = np.nanmin(fp["ucl"]), np.nanmax(fp["ucl"])
        if np.isclose(lo_min, lo_max) and np.isclose(hi_min, hi_max):
            lo_t, hi_t = fmt_distinct(lo_min, hi_max, percent=p.percent)
            out.append(
                f"{p.prefix}The control limits are {lo_t} to {hi_t}: as long as "
                "nothing changes, almost every value should fall between them."
            )
        else:

            def rng(a, b):
                a_txt, b_txt = fmt_distinct(a, b, percent=p.percent)
                return a_txt if a_txt == b_txt else f"{a_txt} to {b_txt}"

            out.append(
                f"{p.prefix}The control limits change with the size of each sample "
                f"(lower {rng(lo_min, lo_max)}, upper {rng(hi_min, hi_max)}): small "
                "samples vary more, so their limits are wider."
            )
    return out


_VARIATION_TEXT = {
    "common_cause": "Variation icon: common cause. The latest point shows no signal "
    "of change.",
    "improvement_high": "Variation icon: special cause, improvement (the latest "
    "point signals a change upwards, and high values are good).",
    "improvement_low": "Variation icon: special cause, improvement (the latest point "
    "signals a change downwards, and low values are good).",
    "concern_high": "Variation icon: special cause, concern (the latest point signals "
    "a change upwards, and high values are bad).",
    "concern_low": "Variation icon: special cause, concern (the latest point signals "
    "a change downwards, and low values are bad).",
    "neutral_high": "Variation icon: special cause (the latest point is a signal of "
    "change upwards).",
    "neutral_low": "Variation icon: special cause (the latest point is a signal of "
    "change downwards).",
}
_ASSURANCE_TEXT = {
    "consistent_pass": "Assurance icon: the process will consistently meet the target "
    "of {target}, because the target lies outside the limits, on the good side.",
    "consistent_fail": "Assurance icon: the process will consistently fail the target "
    "of {target} unless the system changes, because the target lies outside the "
    "limits, on the wrong side.",
    "inconsistent": "Assurance icon: the target of {target} lies within the limits, "
    "so the process will sometimes meet it and sometimes not.",
}
