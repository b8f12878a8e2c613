"""The rule-set laboratory: how often each rule set signals, by chance and not.

Every rule set trades false alarms against missed changes. :func:`rule_lab` measures
both by simulation: it charts thousands of series of independent normal data with
:func:`qikit.qic` (one faceted call per series length, shift size and rule set) and
counts the series in which the rule set signals. With no shift that share is the
false-alarm rate; with a sustained shift it is the chance of catching the shift.

Examples
--------
>>> from qikit.sim import rule_lab
>>> lab = rule_lab(rules=("anhoej", "ihi"), n=24, shift=(0, 2), sims=2000, seed=1)
>>> lab
    rules   n  shift  sims  signal_rate        se
0  anhoej  24    0.0  2000       0.0735  0.005835
1  anhoej  24    2.0  2000       0.8940  0.006883
2     ihi  24    0.0  2000       0.5220  0.011170
3     ihi  24    2.0  2000       0.9935  0.001797
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit.charts.qic import qic
from qikit.charts.vocabulary import CHART_ALIASES, RULE_SET_ALIASES, RULE_SETS
from qikit.errors import QikitWarning
from qikit.sim._rng import as_generator

__all__ = ["LAB_CENTRES", "LAB_CHARTS", "LAB_COLUMNS", "rule_lab"]

#: Charts the laboratory simulates.
LAB_CHARTS: tuple[str, ...] = ("run", "i")
#: Where the centre line and limits come from: the points before the shift (a frozen
#: baseline), the whole series, or the process's true centre.
LAB_CENTRES: tuple[str, ...] = ("baseline", "data", "known")
#: Columns of the frame :func:`rule_lab` returns.
LAB_COLUMNS: tuple[str, ...] = ("rules", "n", "shift", "sims", "signal_rate", "se")
#: Rule sets whose run-chart rules read only the side of the centre line each point
#: is on, so a known centre can be set by two baseline points on it (see Notes).
_KNOWN_CENTRE_RULES = ("anhoej", "western_electric")
#: Most simulated points in one faceted call (sims × n): about 0.5 GB of frame.
MAX_POINTS = 5_000_000


def _many(value: Any, argument: str) -> list:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    items = list(value)
    if not items:
        raise v.fail(argument, "is an empty list", value, "Give at least one value.")
    return items


def _rule_sets(rules: Any) -> list[str]:
    out: list[str] = []
    many = not isinstance(rules, str) and isinstance(rules, Iterable)
    for i, item in enumerate(_many(rules, "rules")):
        where = v.path("rules", i) if many else "rules"
        name = v.choice(item, where, RULE_SETS, aliases=RULE_SET_ALIASES)
        if name in out:
            raise v.fail(where, "repeats a rule set", item, "Give each rule set once.")
        out.append(name)
    return out


def _lengths(n: Any) -> list[int]:
    out: list[int] = []
    many = not isinstance(n, str) and isinstance(n, Iterable)
    for i, item in enumerate(_many(n, "n")):
        where = v.path("n", i) if many else "n"
        size = v.whole_number(item, where, minimum=8, maximum=1000, example=24)
        if size in out:
            raise v.fail(where, "repeats a series length", item, "Give each once.")
        out.append(size)
    return out


def _shifts(shift: Any) -> list[float]:
    out: list[float] = []
    many = not isinstance(shift, str) and isinstance(shift, Iterable)
    for i, item in enumerate(_many(shift, "shift")):
        where = v.path("shift", i) if many else "shift"
        size = v.number(item, where, minimum=-10, maximum=10, example="1.5")
        if size in out:
            raise v.fail(where, "repeats a shift size", item, "Give each once.")
        out.append(size)
    return out


def rule_lab(
    rules: str | Iterable[str] = ("anhoej", "ihi", "mdc", "western_electric"),
    n: int | Iterable[int] = (12, 24, 48),
    shift: float | Iterable[float] = (0, 0.5, 1, 1.5, 2),
    sims: int = 10_000,
    chart: str = "run",
    *,
    start: int | None = None,
    centre: str = "baseline",
    shift_length: int | None = None,
    trend_length: int | None = None,
    seed: Any = None,
) -> pd.DataFrame:
    """Estimate by simulation how often each rule set signals.

    Parameters
    ----------
    rules : str or list of str, default all four
        Rule sets to compare: ``"anhoej"``, ``"ihi"``, ``"mdc"``,
        ``"western_electric"``.
    n : int or list of int, default (12, 24, 48)
        Points in each simulated series (8 to 1,000).
    shift : float or list of float, default (0, 0.5, 1, 1.5, 2)
        Size of the sustained shift, in standard deviations; 0 gives a stable
        process, so the signal rate is the false-alarm rate.
    sims : int, default 10,000
        Series simulated for each series length and shift size.
    chart : {"run", "i"}, default "run"
        Run chart (median) or I chart (mean, 3-sigma limits from the moving ranges).
    start : int, optional
        The point (1-based) where the shift starts; default halfway, ``n // 2 + 1``,
        so the second half is shifted. Must be at most the shortest ``n``.
    centre : {"baseline", "data", "known"}, default "baseline"
        Where the centre line and limits come from. ``"baseline"``: the points
        before the shift, frozen and extended (``qic(freeze=start - 1)``), as a
        team does with a baseline before testing a change. ``"data"``: the whole
        series, as on a chart with no baseline. ``"known"``: the process's true
        centre, 0; only for run charts with the Anhøj or Western Electric rules
        (see Notes).
    shift_length, trend_length : int, optional
        Run lengths passed to :func:`qikit.qic` as ``shift`` and ``trend`` (for
        example a shift of 8 points instead of the rule set's own length).
    seed : None, int or numpy.random.Generator
        Seed for repeatable results (see :func:`qikit.sim.as_generator`).

    Returns
    -------
    pandas.DataFrame
        One row per rule set, series length and shift size, in the order given.
        Columns ``rules``, ``n``, ``shift``, ``sims``, ``signal_rate`` (the share of
        series in which the rule set signals anywhere) and ``se`` (its binomial
        standard error, √(p(1 − p)/sims)). The design (chart, start of the shift,
        centre, run lengths) is in ``frame.attrs["qikit.sim"]``.

    Raises
    ------
    qikit.errors.InputError
        For an unknown rule set or chart, a series length outside 8 to 1,000, a
        ``start`` beyond a series, or a known centre where it cannot be set.

    Notes
    -----
    The design follows Anhøj & Olesen (2014), "Run charts revisited: a simulation
    study of run chart rules for detection of non-random variation in health care
    processes", PLoS ONE 9:e113825: independent N(0, 1) points, a sustained shift
    in the mean of 0, 0.5, 1, 1.5 or 2 standard deviations over the second half of
    the series, and the share of series that signal. Anhøj & Wentzel-Larsen (2018),
    "Sense and sensibility: on the diagnostic value of control chart rules for
    detection of shifts in time series data", BMC Med Res Methodol 18:100, extend
    it to the Western Electric rules and 10,000 series per combination.

    For each series length one matrix of ``sims × n`` normal deviates is drawn and
    shared by every shift size and rule set (common random numbers, so their
    differences are not blurred by chance). For each shift size the series are put
    in one frame, and each rule set reads it in one faceted :func:`qikit.qic` call
    (no loop over series). A series signals when any point is flagged
    (``signal``) or its runs analysis fails (``runs_signal``).

    The centre line matters as much as the rules. With ``centre="baseline"`` (the
    default) the median (run chart) or mean and limits (I chart) come from the
    points before the shift: with a 2 SD shift over the last 12 of 24 points the
    Anhøj rules signal in about 88% of run charts and falsely in about 7.5% of
    stable ones, the figures of Anhøj's worked example (885 and 73 of 1,000
    simulated charts; Anhøj 2015, PLoS ONE 10:e0121349, as reproduced in Anhøj,
    *Statistical Process Control for Healthcare*, chapter "Two types of errors").
    With ``centre="data"`` the centre line comes from the whole series, shift
    included, so it moves towards the shift and the shift is harder to see (about
    64% in the same case, and 3% false alarms); ``start=1`` then looks exactly like
    no shift. ``centre="known"`` judges points against the process's true centre,
    0, as the published code of Anhøj & Wentzel-Larsen (2018) does (``sign(x)``):
    two points exactly on 0 go before each series as its frozen baseline
    (``freeze=2``); points on the centre line neither count nor break a run in the
    Anhøj and Western Electric run-chart rules, so they change nothing else. The
    IHI and Making Data Count rules would count them in trends, and control limits
    cannot be fixed at a known σ this way, so those cases raise an error.

    Examples
    --------
    >>> lab = rule_lab(rules="anhoej", n=(12, 48), shift=0, sims=4000, centre="data",
    ...                seed=7)
    >>> lab[["n", "signal_rate"]]
        n  signal_rate
    0  12       0.0155
    1  48       0.0360
    >>> rule_lab(rules="anhoej", chart="i", centre="known")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `centre`: 'known' works only with run charts and the \
Anhøj or Western Electric rules (got 'known'). Use centre='data', or chart='run' with \
rules='anhoej' or 'western_electric'.
    """
    rule_sets = _rule_sets(rules)
    lengths = _lengths(n)
    shifts = _shifts(shift)
    sims = v.whole_number(sims, "sims", minimum=1, maximum=10_000_000, example=10_000)
    aliases = {k: c for k, c in CHART_ALIASES.items() if c in LAB_CHARTS}
    chart = v.choice(chart, "chart", LAB_CHARTS, aliases=aliases)
    centre = v.choice(
        centre, "centre", LAB_CENTRES, aliases={"center": "data", "true": "known"}
    )
    if centre == "known" and (
        chart != "run" or any(r not in _KNOWN_CENTRE_RULES for r in rule_sets)
    ):
        raise v.fail(
            "centre",
            "'known' works only with run charts and the Anhøj or Western Electric "
            "rules",
            centre,
            "Use centre='data', or chart='run' with rules='anhoej' or "
            "'western_electric'.",
        )
    if start is not None:
        start = v.whole_number(start, "start", minimum=1, example=13)
        if centre == "baseline" and start < 3:
            raise v.fail(
                "start",
                "leaves fewer than 2 points before the shift for the baseline",
                start,
                "Use a start of 3 or more, or centre='data' or centre='known'.",
            )
        if start > min(lengths):
            raise v.fail(
                "start",
                f"is after the last point of the shortest series ({min(lengths)})",
                start,
                f"Use a start of at most {min(lengths)}, or leave it out to shift "
                "the second half of each series.",
            )
    shift_length = v.whole_number(
        shift_length, "shift_length", required=False, minimum=2, maximum=100, example=8
    )
    trend_length = v.whole_number(
        trend_length, "trend_length", required=False, minimum=2, maximum=100, example=6
    )
    biggest = sims * (max(lengths) + (2 if centre == "known" else 0))
    if biggest > MAX_POINTS:
        raise v.fail(
            "sims",
            f"asks for {biggest:,} points in one chart, more than {MAX_POINTS:,}",
            sims,
            f"Use at most {MAX_POINTS // max(lengths):,} series for {max(lengths)} "
            "points.",
        )
    rng = as_generator(seed)

    rates: dict[tuple[str, int, float], float] = {}
    starts: dict[int, int] = {}
    for size in lengths:  # a handful of lengths and shifts; each call is vectorised
        first = size // 2 + 1 if start is None else start
        starts[size] = first
        noise = rng.standard_normal((sims, size))
        for delta in shifts:
            frame, freeze = _frame(noise, delta, first, centre)
            if centre == "baseline":
                freeze = first - 1
            for r in rule_sets:
                rates[(r, size, delta)] = _signal_rate(
                    frame, sims, chart, r, freeze, shift_length, trend_length
                )
    rows = [
        (r, size, delta, sims, rates[(r, size, delta)])
        for r in rule_sets
        for size in lengths
        for delta in shifts
    ]
    out = pd.DataFrame(rows, columns=list(LAB_COLUMNS[:-1]))
    p = out["signal_rate"].to_numpy(float)
    out["se"] = np.sqrt(p * (1 - p) / sims)
    out["n"] = out["n"].astype(np.int64)
    out["shift"] = out["shift"].astype(float)
    out["sims"] = out["sims"].astype(np.int64)
    out.attrs["qikit.sim"] = {
        "game": "rule lab",
        "chart": chart,
        "centre": centre,
        "start": starts,
        "shift_length": shift_length,
        "trend_length": trend_length,
    }
    return out


def _frame(
    noise: np.ndarray, delta: float, first: int, centre: str
) -> tuple[pd.DataFrame, int | None]:
    """The simulated series as one tidy frame (series, x, y) for a faceted chart."""
    sims, size = noise.shape
    y = noise.copy()
    if delta:
        y[:, first - 1 :] += delta
    freeze = None
    if centre == "known":  # two points on the true centre, frozen as the baseline
        y = np.concatenate([np.zeros((sims, 2)), y], axis=1)
        freeze = 2
    width = y.shape[1]
    frame = pd.DataFrame(
        {
            "series": np.repeat(np.arange(sims, dtype=np.int64), width),
            "x": np.tile(np.arange(1, width + 1, dtype=np.int64), sims),
            "y": y.ravel(),
        }
    )
    return frame, freeze


def _signal_rate(
    frame: pd.DataFrame,
    sims: int,
    chart: str,
    rules: str,
    freeze: int | None,
    shift_length: int | None,
    trend_length: int | None,
) -> float:
    with warnings.catch_warnings():
        # the two-point baseline of a known centre is the design, not a mistake
        warnings.simplefilter("ignore", QikitWarning)
        res = qic(
            frame,
            x="x",
            y="y",
            chart=chart,
            rules=rules,
            facets="series",
            freeze=freeze,
            shift=shift_length,
            trend=trend_length,
        )
    out = res.frame
    flagged = out["signal"].to_numpy(bool) | out["runs_signal"].to_numpy(bool)
    hits = np.bincount(
        out["series"].to_numpy(np.int64), weights=flagged, minlength=sims
    )
    return float(np.count_nonzero(hits) / sims)
