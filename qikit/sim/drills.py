"""Signal-or-noise drills: a change in the chart, or only chance.

:func:`drill` makes a series from a process with a known change (a shift, a trend, a
single unusual point) or none at all, and keeps the truth. The learner says "signal"
or "noise" (or names the change); :func:`judge` compares the answer with the truth
and traces what the rules see, through the chart engine's own findings. It is honest
when the rules and the truth disagree: a real change that no rule catches yet, or a
false alarm on random data. Both happen, and seeing them is the lesson.

Examples
--------
>>> from qikit.sim import drill, judge
>>> d = drill(kind="shift", chart="run", size=2.5, seed=0)
>>> d.truth.describe()
'a shift upwards of 2.5 standard deviations from week 16'
>>> feedback = judge(d, "noise")
>>> feedback.correct, feedback.verdict
(False, 'hit')
>>> print(feedback.message)
Not this time: something did change. The truth: a shift upwards of 2.5 standard \
deviations from week 16.
The Anhøj rules agree: they find an unusually long run and too few crossings of the \
centre line.
From week 16 to week 24, 9 points in a row are above the median. With 24 useful \
points (points not on the median) a run longer than 8 rarely happens by chance, so \
something has changed. This is a signal of change upwards.
The line crosses the median only 5 times. With 24 useful points fewer than 8 \
crossings rarely happens by chance, so the process has probably shifted.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import fmt_number, join_words
from qikit.charts.qic import qic
from qikit.charts.result import QicResult
from qikit.charts.rules import RULE_LABELS
from qikit.charts.vocabulary import (
    CHART_ALIASES,
    RULE_SET_ALIASES,
    RULE_SET_NAMES,
    RULE_SETS,
    chart_name,
)
from qikit.errors import QikitError, QikitWarning
from qikit.sim._rng import seed_number
from qikit.sim.lab import rule_lab

__all__ = [
    "DRILL_CHARTS",
    "DRILL_KINDS",
    "DRILL_SIZES",
    "Drill",
    "Feedback",
    "Truth",
    "drill",
    "judge",
]

#: What may have happened to the process.
DRILL_KINDS: tuple[str, ...] = ("shift", "trend", "outlier", "random")
#: Charts a drill can be made for.
DRILL_CHARTS: tuple[str, ...] = ("run", "i", "c", "p")
#: Default size of each change, in standard deviations of one point: a shift of 2
#: (over the second half of a 24-point run chart the Anhøj rules catch it about 2
#: times in 3), a trend that climbs 3 by the last point, a single point 4 away.
DRILL_SIZES: dict[str, float] = {
    "shift": 2.0,
    "trend": 3.0,
    "outlier": 4.0,
    "random": 0.0,
}
#: Answers people give, mapped to "signal", "noise" or a kind.
ANSWER_ALIASES: dict[str, str] = {
    "special_cause": "signal",
    "special": "signal",
    "change": "signal",
    "changed": "signal",
    "yes": "signal",
    "non_random": "signal",
    "common_cause": "noise",
    "common": "noise",
    "random": "noise",
    "chance": "noise",
    "stable": "noise",
    "no": "noise",
    "no_change": "noise",
    "nothing": "noise",
    "astronomical": "outlier",
    "astronomical_point": "outlier",
    "freak": "outlier",
    "spike": "outlier",
    "drift": "trend",
    "step": "shift",
}
_ANSWERS = ("signal", "noise", "shift", "trend", "outlier")

# the process behind each chart: centre and spread of one point
_MEAN, _SD = 50.0, 5.0  # run and I charts: a measure such as minutes
_RATE = 16.0  # C chart: events per week (sd 4)
_P, _N_LO, _N_HI = 0.30, 80, 121  # P chart: share of 80-120 cases a week


@dataclass(frozen=True)
class Truth:
    """What really happened to the process in a drill.

    Attributes
    ----------
    kind : {"shift", "trend", "outlier", "random"}
        The change.
    start : int or None
        The week (1-based point) where it starts; ``None`` for random data.
    size : float
        How big it is, in standard deviations of one point (0 for random data). A
        trend reaches this size by the last point.
    direction : {1, -1, 0}
        Upwards, downwards, or none.
    """

    kind: str
    start: int | None
    size: float
    direction: int

    @property
    def is_signal(self) -> bool:
        """True when something changed."""
        return self.kind != "random"

    def describe(self) -> str:
        """The truth in a few plain words.

        Examples
        --------
        >>> Truth("trend", 5, 3.0, 1).describe()
        'a trend upwards of 3 standard deviations by the last week, from week 5'
        >>> Truth("random", None, 0.0, 0).describe()
        'random data: nothing changed'
        """
        if self.kind == "random":
            return "random data: nothing changed"
        way = "upwards" if self.direction > 0 else "downwards"
        size = f"{fmt_number(self.size)} standard deviation"
        size += "" if self.size == 1 else "s"
        if self.kind == "shift":
            return f"a shift {way} of {size} from week {self.start}"
        if self.kind == "trend":
            return f"a trend {way} of {size} by the last week, from week {self.start}"
        return f"a single unusual point {way} of {size} at week {self.start}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "kind": self.kind,
            "start": self.start,
            "size": self.size,
            "direction": self.direction,
        }


@dataclass(eq=False)
class Drill:
    """A chart to read, with the truth kept aside.

    Attributes
    ----------
    data : pandas.DataFrame
        Columns ``week`` (1, 2, …), ``y`` and, for a P chart, ``n``.
    truth : Truth
        What really happened.
    chart : str
        The chart to draw (``"run"``, ``"i"``, ``"c"`` or ``"p"``).
    rules : str
        The rule set :func:`judge` reads the chart with.
    seed : int
        The seed that makes this drill again: ``drill(kind=…, chart=…, n=…,
        size=…, seed=d.seed)`` with the same arguments gives the same series.
    """

    data: pd.DataFrame
    truth: Truth = field(repr=False)
    chart: str
    rules: str
    seed: int

    def qic(self) -> QicResult:
        """The drill's chart, computed by :func:`qikit.qic` (direction neutral)."""
        return _chart(self, self.rules)

    def to_payload(self) -> dict[str, Any]:
        """A JSON-safe dict for the cohort store: the series, the truth, the seed."""
        return {
            "game": "drill",
            "chart": self.chart,
            "rules": self.rules,
            "seed": self.seed,
            "n": len(self.data),
            "truth": self.truth.to_dict(),
            "y": self.data["y"].astype(float).tolist(),
        }


@dataclass(eq=False)
class Feedback:
    """What :func:`judge` says about an answer.

    Attributes
    ----------
    correct : bool
        The answer matches the truth (not the rules).
    answer : str
        The answer as understood: ``"signal"``, ``"noise"``, or a kind of change.
    truth : Truth
        What really happened.
    rules : str
        The rule set the chart was read with.
    rules_signal : bool
        Whether any rule signals.
    verdict : {"hit", "miss", "false alarm", "quiet"}
        The rules against the truth: a real change caught, a real change not (yet)
        caught, a signal on random data, or no signal on random data.
    signals : pandas.DataFrame
        The points the rules flag: ``week``, ``y``, ``rule`` (the engine's rule
        name), ``label`` (in words) and ``direction`` (+1 high, −1 low).
    rules_fired : tuple of str
        Every rule that fired, including those about the whole chart
        (``"few_crossings"``, ``"runs_count"``) that flag no single point.
    findings : list of str
        The engine's findings (:meth:`qikit.QicResult.explain`), one per line.
    message : str
        The feedback in plain English.
    result : QicResult
        The chart, for drawing.
    """

    correct: bool
    answer: str
    truth: Truth
    rules: str
    rules_signal: bool
    verdict: str
    signals: pd.DataFrame = field(repr=False)
    rules_fired: tuple[str, ...]
    findings: list[str] = field(repr=False)
    message: str = field(repr=False)
    result: QicResult = field(repr=False)

    def to_payload(self) -> dict[str, Any]:
        """A JSON-safe dict for the cohort store."""
        return {
            "game": "drill",
            "answer": self.answer,
            "correct": self.correct,
            "truth": self.truth.to_dict(),
            "rules": self.rules,
            "rules_signal": self.rules_signal,
            "verdict": self.verdict,
            "rules_fired": list(self.rules_fired),
        }


# ------------------------------------------------------------------------ arguments


def _kind(kind: Any) -> str | None:
    if kind is None:
        return None
    return v.choice(kind, "kind", DRILL_KINDS, aliases={"noise": "random"})


def _drill_chart(chart: Any) -> str:
    aliases = {k: c for k, c in CHART_ALIASES.items() if c in DRILL_CHARTS}
    try:
        return v.choice(chart, "chart", DRILL_CHARTS, aliases=aliases)
    except QikitError:
        raise v.fail(
            "chart",
            "is not a chart drills are made for",
            chart,
            "Use one of: 'run', 'i', 'c', 'p'.",
        ) from None


def _rules(rules: Any, argument: str = "rules") -> str:
    return v.choice(rules, argument, RULE_SETS, aliases=RULE_SET_ALIASES)


# ---------------------------------------------------------------------------- drill


def drill(
    kind: str | None = None,
    chart: str = "run",
    n: int = 24,
    size: float | None = None,
    *,
    rules: str = "anhoej",
    seed: Any = None,
) -> Drill:
    """A series from a process with a known, seeded change (or none) to judge.

    Parameters
    ----------
    kind : {"shift", "trend", "outlier", "random"}, optional
        What happens to the process. ``None`` picks one at random, each kind equally
        likely.
    chart : {"run", "i", "c", "p"}, default "run"
        The chart the series is for: a measure (run, I), a count of events (C) or a
        share of cases (P, with a denominator of 80 to 120 a week).
    n : int, default 24
        Weeks in the series (8 to 500).
    size : float, optional
        The size of the change in standard deviations of one point; default
        :data:`DRILL_SIZES` for the kind. Not allowed for random data.
    rules : str, default "anhoej"
        The rule set :func:`judge` reads the chart with.
    seed : None, int or numpy.random.Generator
        Seed (see :func:`qikit.sim.as_generator`). Without one every drill is new.

    Returns
    -------
    Drill
        ``.data`` (``week``, ``y`` and ``n`` for a P chart), ``.truth``, ``.chart``,
        ``.rules`` and ``.seed``.

    Raises
    ------
    qikit.errors.InputError
        For an unknown kind, chart or rule set, ``n`` outside 8 to 500, or a
        negative, huge or misplaced ``size``.

    Notes
    -----
    The process: run and I charts N(50, 5²), one decimal; C charts Poisson(16);
    P charts Binomial(nᵢ, 0.3) with nᵢ from 80 to 120. A shift starts between the
    first third and the last five weeks and lasts to the end; a trend starts in the
    first half and climbs steadily to ``size`` by the last week; an outlier is one
    week after the first quarter. The direction is up or down at random. For counts
    the change is in the rate (C) or the share (P) by ``size`` standard deviations
    of one point. The whole series is drawn at once.

    Examples
    --------
    >>> d = drill(kind="outlier", chart="i", seed=4)
    >>> d.truth
    Truth(kind='outlier', start=23, size=4.0, direction=1)
    >>> d.data.head(3)
       week     y
    0     1  49.1
    1     2  58.3
    2     3  53.3
    >>> drill(kind="random", size=1)
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `size`: random data has no change to size (got 1). Leave \
size out, or choose kind='shift', 'trend' or 'outlier'.
    """
    kind = _kind(kind)
    chart = _drill_chart(chart)
    n = v.whole_number(n, "n", minimum=8, maximum=500, example=24)
    rules = _rules(rules)
    if size is not None:
        given = size
        size = v.number(size, "size", minimum=0, maximum=10, example="2")
        if kind == "random" and size != 0:
            raise v.fail(
                "size",
                "random data has no change to size",
                given,
                "Leave size out, or choose kind='shift', 'trend' or 'outlier'.",
            )
    seed = seed_number(seed)
    rng = np.random.default_rng(seed)

    if kind is None:
        kind = DRILL_KINDS[int(rng.integers(len(DRILL_KINDS)))]
    if kind == "random":
        amount, direction, start = 0.0, 0, None
    else:
        amount = DRILL_SIZES[kind] if size is None else size
        direction = int(rng.choice([-1, 1]))
        if kind == "shift":
            lo, hi = n // 3 + 1, n - max(5, n // 4) + 1
        elif kind == "trend":
            lo, hi = 1, n // 2
        else:
            lo, hi = n // 4 + 1, n
        start = int(rng.integers(lo, max(lo, hi) + 1))
    week = np.arange(1, n + 1)
    change = np.zeros(n)
    if kind == "shift":
        change[week >= start] = amount
    elif kind == "trend":
        after = week >= start
        change[after] = amount * (week[after] - start + 1) / (n - start + 1)
    elif kind == "outlier":
        change[start - 1] = amount
    change *= direction

    cols: dict[str, Any] = {"week": week}
    if chart in ("run", "i"):
        cols["y"] = np.round(rng.normal(_MEAN, _SD, n) + change * _SD, 1)
    elif chart == "c":
        rate = np.maximum(_RATE + change * np.sqrt(_RATE), 0.1)
        cols["y"] = rng.poisson(rate).astype(np.int64)
    else:
        size_n = rng.integers(_N_LO, _N_HI, n)
        sd = np.sqrt(_P * (1 - _P) / size_n)
        share = np.clip(_P + change * sd, 0.001, 0.999)
        cols["y"] = rng.binomial(size_n, share).astype(np.int64)
        cols["n"] = size_n.astype(np.int64)
    truth = Truth(kind=kind, start=start, size=float(amount), direction=direction)
    return Drill(pd.DataFrame(cols), truth, chart, rules, seed)


# ---------------------------------------------------------------------------- judge


def _chart(d: Drill, rules: str) -> QicResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)  # short drills are the design
        return qic(
            d.data,
            x="week",
            y="y",
            n="n" if "n" in d.data.columns else None,
            chart=d.chart,
            rules=rules,
            improvement="neutral",
        )


def _answer(answer: Any) -> str:
    if isinstance(answer, bool | np.bool_):
        return "signal" if answer else "noise"
    return v.choice(answer, "answer", _ANSWERS, aliases=ANSWER_ALIASES)


def _fired(result: QicResult) -> tuple[tuple[str, ...], pd.DataFrame]:
    frame = result.frame
    flagged = frame.loc[frame["signal"].to_numpy(bool)]
    signals = pd.DataFrame(
        {
            "week": flagged["x"].to_numpy(),
            "y": flagged["y"].to_numpy(float),
            "rule": flagged["rule"].astype(str).to_numpy(),
            "label": flagged["rule"].astype(str).map(RULE_LABELS).to_numpy(object),
            "direction": flagged["direction"].to_numpy(np.int64),
        }
    )
    names = pd.unique(signals["rule"].to_numpy(object)).tolist()
    summary = result.summary()
    crossings = summary["n_crossings"].to_numpy(float)
    low = summary["n_crossings_min"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        few = (crossings < low).any()
        many = False
        if "n_crossings_max" in summary:
            many = (crossings > summary["n_crossings_max"].to_numpy(float)).any()
    if result.rules == "ihi" and result.chart == "run" and (few or many):
        names.append("runs_count")
    elif few and result.rules == "anhoej":
        names.append("few_crossings")
    return tuple(names), signals


@functools.lru_cache(maxsize=64)
def _detection_rate(chart: str, rules: str, n: int, size: float, start: int) -> float:
    lab = rule_lab(
        rules=(rules,),
        n=(n,),
        shift=(size,),
        sims=2000,
        chart=chart,
        start=start,
        centre="data",  # a drill's chart has no baseline: its lines use every point
        seed=1,
    )
    return float(lab["signal_rate"].iloc[0])


@functools.lru_cache(maxsize=64)
def _false_alarm_rate(chart: str, rules: str, n: int) -> float:
    lab = rule_lab(
        rules=(rules,),
        n=(n,),
        shift=(0,),
        sims=2000,
        chart=chart,
        centre="data",
        seed=1,
    )
    return float(lab["signal_rate"].iloc[0])


def judge(drill: Drill, answer: Any, *, rules: str | None = None) -> Feedback:
    """Mark an answer to a drill and explain what the rules see.

    Parameters
    ----------
    drill : Drill
        The drill (from :func:`qikit.sim.drill`).
    answer : bool or str
        ``True``/``"signal"`` (something changed) or ``False``/``"noise"`` (only
        chance); or the change itself: ``"shift"``, ``"trend"`` or ``"outlier"``.
        Everyday words work too ("special cause", "common cause", "stable", "yes").
    rules : str, optional
        Read the chart with this rule set instead of the drill's own.

    Returns
    -------
    Feedback
        ``correct``, ``truth``, ``verdict``, ``signals`` (the flagged points),
        ``rules_fired``, ``findings`` (the engine's sentences) and ``message``.

    Raises
    ------
    qikit.errors.InputError
        When ``drill`` is not a drill, the answer is not understood, or the rule set is
        unknown.

    Notes
    -----
    ``correct`` compares the answer with the truth, never with the rules: the rules
    are a tool with known error rates, not the answer key. The message says when
    they disagree: a real change that no rule catches yet (too small, or too few
    points after it), or a false alarm on random data, with the share of random
    charts of that length that signal with those rules (estimated by
    :func:`rule_lab` for run and I charts).

    Examples
    --------
    >>> from qikit.sim import drill
    >>> d = drill(kind="random", chart="i", seed=0)
    >>> fb = judge(d, "noise")
    >>> fb.correct, fb.verdict, fb.rules_fired
    (True, 'quiet', ())
    >>> fb = judge(drill(kind="random", chart="run", seed=47), "noise")
    >>> print(fb.message)
    Right: only chance. The truth: random data: nothing changed.
    Yet the Anhøj rules find too few crossings of the centre line: a false alarm. \
Random data breaks a rule now and then.
    The line crosses the median only 7 times. With 24 useful points (points not on \
the median) fewer than 8 crossings rarely happens by chance, so the process has \
probably shifted.
    About 3% of random run charts of 24 points signal with the Anhøj rules: that is \
the price of looking for signals.
    >>> judge(d, "perhaps")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `answer`: is not one of the choices (got 'perhaps'). Use \
one of: 'signal', 'noise', 'shift', 'trend', 'outlier'.
    """
    if not isinstance(drill, Drill):
        raise v.fail(
            "drill", "is not a drill", drill, "Make one with qikit.sim.drill() first."
        )
    d = drill
    said = _answer(answer)
    rules = d.rules if rules is None else _rules(rules)
    result = _chart(d, rules)
    fired, signals = _fired(result)
    truth = d.truth
    found = bool(fired)
    if said in ("signal", "noise"):
        correct = (said == "signal") == truth.is_signal
    else:
        correct = said == truth.kind
    if truth.is_signal:
        verdict = "hit" if found else "miss"
    else:
        verdict = "false alarm" if found else "quiet"
    findings = [line for line in result.explain().splitlines() if line]
    message = _message(d, said, correct, verdict, rules, fired, findings)
    return Feedback(
        correct=correct,
        answer=said,
        truth=truth,
        rules=rules,
        rules_signal=found,
        verdict=verdict,
        signals=signals,
        rules_fired=fired,
        findings=findings,
        message=message,
        result=result,
    )


def _message(
    d: Drill,
    said: str,
    correct: bool,
    verdict: str,
    rules: str,
    fired: tuple[str, ...],
    findings: list[str],
) -> str:
    truth = d.truth
    lines = []
    if correct:
        head = "Right: there is a change." if truth.is_signal else "Right: only chance."
        if said in ("shift", "trend", "outlier"):
            head = f"Right: it is a {said}."
    elif said in ("shift", "trend", "outlier") and truth.is_signal:
        head = f"Nearly: there is a change, but not a {said}."
    elif truth.is_signal:
        head = "Not this time: something did change."
    else:
        head = "Not this time: nothing changed."
    lines.append(f"{head} The truth: {truth.describe()}.")

    name = RULE_SET_NAMES[rules]
    why = [
        line
        for line in findings
        if not line.startswith(("Current state", "This ", "The control limits"))
    ]
    fired_words = join_words([RULE_LABELS.get(r, r) for r in fired])
    if verdict == "hit":
        lines.append(f"The {name} agree: they find {fired_words}.")
        lines.extend(why)
    elif verdict == "miss":
        lines.append(f"The {name} find no signal yet, although the change is real.")
        lines.append(_miss_reason(d, rules))
    elif verdict == "false alarm":
        lines.append(
            f"Yet the {name} find {fired_words}: a false alarm. Random data breaks a "
            "rule now and then."
        )
        lines.extend(why)
        if d.chart in ("run", "i"):
            rate = _false_alarm_rate(d.chart, rules, len(d.data))
            lines.append(
                f"About {fmt_number(100 * rate, percent=True, decimals=0)} of random "
                f"{chart_name(d.chart, short=True)}s of {len(d.data)} points signal "
                f"with the {name}: that is the price of looking for signals."
            )
    else:
        lines.append(
            f"The {name} agree: no signal. The points vary as chance would have them."
        )
    return "\n".join(lines)


def _miss_reason(d: Drill, rules: str) -> str:
    truth = d.truth
    n = len(d.data)
    after = n - truth.start + 1 if truth.start is not None else 0
    if truth.kind == "outlier" and d.chart == "run":
        return (
            "A run chart has no control limits, so one unusual point cannot break "
            "its rules: an I chart would test it against the limits."
        )
    if truth.kind == "outlier":
        return (
            f"A point {fmt_number(truth.size)} standard deviations away can still "
            "fall inside limits worked out from data that include it."
        )
    if truth.kind == "trend":
        return (
            f"The trend has run for {after} weeks; it shows as a long run or few "
            "crossings once it has gone on long enough. Keep plotting."
        )
    out = (
        "Rules miss some real shifts: the centre line is worked out from the same "
        "points, so it moves with the shift."
    )
    if d.chart in ("run", "i"):
        rate = _detection_rate(d.chart, rules, n, truth.size, truth.start)
        out += (
            f" Charts like this one ({n} points, a shift of "
            f"{fmt_number(truth.size)} from week {truth.start}) catch it about "
            f"{fmt_number(100 * rate, percent=True, decimals=0)} of the time with "
            f"the {RULE_SET_NAMES[rules]}."
        )
    if after < 8:
        out += f" Only {after} weeks come after the change: keep plotting."
    return out
