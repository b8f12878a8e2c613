"""Which chart? The decision tree for picking a run chart or Shewhart chart.

:func:`choose_chart` walks the tree taught with control charts and returns the chart
together with the reasons, one sentence per branch taken, so a learner can follow the
logic and check each answer against their own data:

1. Type of data not clear, or too few points → **run** chart.
2. Continuous data (measurements such as minutes, kilograms, days):
   one value per period → **i** (with its moving range, **mr**);
   several values per period (subgroups) → **xbar** (with **s**).
3. Attribute data (counts):

   * rare events (most periods would show zero) → **g** (cases between events)
     or **t** (time between events);
   * classified data, each unit yes or no (defectives) → **p**
     (**pp**, Laney's p′, when denominators are very large);
   * counted data, events that can happen more than once per unit (defects):
     equal area of opportunity → **c**; unequal → **u**
     (**up**, Laney's u′, when denominators are very large).

References: Provost LP, Murray SK (2011) *The Health Care Data Guide*, chapters 5–7;
Laney DB (2002) Improved control charts for attributes, *Quality Engineering* 14:531–7.

Examples
--------
>>> from qikit.improve.chooser import choose_chart
>>> choice = choose_chart("attribute", attribute_type="counted", equal_area=False)
>>> choice.chart
'u'
>>> import textwrap
>>> for reason in choice.reasons:
...     print(textwrap.fill(reason, 80))
Your data are counts (attribute data), so the chart depends on what is counted.
You are counting events that can happen more than once to the same person or unit
(defects, e.g. falls or incidents), so a c or u chart fits.
The area of opportunity (bed days, admissions, visits) changes from period to
period, so use a u chart, which charts the rate per unit of opportunity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit import _validate as v
from qikit.charts.constants import (
    MIN_POINTS_FOR_FIRM_LIMITS,
    MIN_POINTS_FOR_LIMITS,
    MIN_POINTS_FOR_RUNS,
)
from qikit.charts.vocabulary import CHART_ALIASES, CHARTS, chart_name
from qikit.errors import InputError
from qikit.improve import _common as c
from qikit.improve._common import Finding

__all__ = ["CHART_TYPES", "ChartChoice", "choose_chart", "chart_guide"]

#: Chart types the engine draws (names as in qicharts2 and :func:`qikit.qic`); the
#: same tuple as :data:`qikit.charts.vocabulary.CHARTS`. The thresholds the chooser
#: uses (12 points for limits, 20 for firm limits, 10 for run rules) live with their
#: sources in :mod:`qikit.charts.constants`.
CHART_TYPES: tuple[str, ...] = CHARTS

DATA_TYPES = ("continuous", "attribute", "classified", "counted", "unknown")
ATTRIBUTE_TYPES = ("classified", "counted")
BETWEEN = ("cases", "time")

_DATA_ALIASES = {
    "measurement": "continuous",
    "measurements": "continuous",
    "variable": "continuous",
    "variables": "continuous",
    "count": "attribute",
    "counts": "attribute",
    "discrete": "attribute",
    "classification": "classified",
    "defectives": "classified",
    "defects": "counted",
    "not_sure": "unknown",
    "don't_know": "unknown",
}
_ATTR_ALIASES = {
    "classification": "classified",
    "defectives": "classified",
    "defective": "classified",
    "yes_no": "classified",
    "count": "counted",
    "defects": "counted",
    "defect": "counted",
    "events": "counted",
}
_BETWEEN_ALIASES = {"case": "cases", "units": "cases", "days": "time", "times": "time"}

_COMPANIONS = {"i": "mr", "xbar": "s"}
_FIELDS = ("chart", "reasons", "cautions", "companion")


@dataclass
class ChartChoice:
    """The chart the decision tree arrives at, and why.

    Parameters
    ----------
    chart : str
        One of :data:`CHART_TYPES`; pass it to ``qikit.qic(chart=...)``.
    reasons : list of str
        The branches taken, one sentence each, in order.
    cautions : list of str
        Things to keep in mind (few points, trial limits).
    companion : str, optional
        The chart that goes with it: "mr" with "i", "s" with "xbar".

    Examples
    --------
    >>> ChartChoice("i", ["One value per week."]).companion
    'mr'
    """

    chart: str
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    companion: str | None = None

    def __post_init__(self) -> None:
        self.chart = v.choice(self.chart, "chart", CHART_TYPES, aliases=CHART_ALIASES)
        self.reasons = v.text_list(self.reasons, "reasons")
        self.cautions = v.text_list(self.cautions, "cautions")
        if self.companion is None or self.companion == "":
            self.companion = _COMPANIONS.get(self.chart)
        else:
            self.companion = v.choice(
                self.companion, "companion", CHART_TYPES, aliases=CHART_ALIASES
            )

    def __str__(self) -> str:
        lines = [
            f"Chart: {self.chart}"
            + (f" (with {self.companion})" if self.companion else "")
        ]
        lines += [f"- {r}" for r in self.reasons]
        lines += [f"! {w}" for w in self.cautions]
        return "\n".join(lines)

    def validate(self) -> list[Finding]:
        """Problems with the choice: none unless it has no reasons."""
        try:
            ChartChoice(self.chart, self.reasons, self.cautions, self.companion)
        except InputError as err:
            return c.unusable(err, "chart_choice.invalid", self.chart)
        if not self.reasons:
            return [
                Finding(
                    "Give at least one reason for the choice of chart.",
                    "chart_choice.no_reasons",
                    self.chart,
                )
            ]
        return []

    def to_frame(self) -> pd.DataFrame:
        """One row per sentence: ``step`` (1, 2, ...), ``kind`` ("reason" or
        "caution") and ``text``.

        Examples
        --------
        >>> choose_chart("continuous", subgroup_size=1).to_frame()[["step", "kind"]]
           step    kind
        0     1  reason
        1     2  reason
        """
        rows = [{"kind": "reason", "text": r} for r in self.reasons]
        rows += [{"kind": "caution", "text": w} for w in self.cautions]
        frame = pd.DataFrame(rows, columns=["kind", "text"])
        frame.insert(0, "step", range(1, len(frame) + 1))
        return frame

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "chart": self.chart,
            "reasons": list(self.reasons),
            "cautions": list(self.cautions),
            "companion": self.companion,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> ChartChoice:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input."""
        return c.from_fields(cls, d, argument, _FIELDS, required=("chart",))


def _optional_bool(value: Any, argument: str) -> bool | None:
    return None if value is None else v.boolean(value, argument)


def choose_chart(
    data_type: str,
    *,
    attribute_type: str | None = None,
    subgroup_size: int | None = None,
    equal_area: bool | None = None,
    rare_events: bool = False,
    between: str = "cases",
    large_denominators: bool = False,
    n_points: int | None = None,
) -> ChartChoice:
    """Pick a chart by walking the decision tree; return it with the reasons.

    Parameters
    ----------
    data_type : {"continuous", "attribute", "classified", "counted", "unknown"}
        "continuous" for measurements (time, weight, blood pressure, days);
        "attribute" for counts. "classified" and "counted" are shortcuts for
        attribute data of that type. "unknown" (not sure) gives a run chart.
    attribute_type : {"classified", "counted"}, optional
        For attribute data. "classified": each unit is sorted into yes or no
        (a resident fell this month or did not; defectives). "counted": events
        that can happen several times to one unit (falls, incidents; defects).
        Needed for attribute data unless ``rare_events`` is True.
    subgroup_size : int, optional
        For continuous data: how many measurements each period holds. 1 (the
        default) means one value per period.
    equal_area : bool, optional
        For counted data: is the area of opportunity (beds, admissions, visits) the
        same every period? Needed unless ``rare_events`` or ``large_denominators``.
    rare_events : bool, default False
        For attribute data: are the events so rare that most periods would show
        zero? Then chart the gaps between events instead.
    between : {"cases", "time"}, default "cases"
        With ``rare_events``: count the cases between events (g chart) or the time
        between them (t chart).
    large_denominators : bool, default False
        For attribute data: are the denominators very large (thousands per
        period), so that ordinary p or u limits hug the centre line and flag almost
        every point? Then use Laney's pp or up chart.
    n_points : int, optional
        How many points (periods) you have. Fewer than 12 gives a run chart; fewer
        than 20 adds a caution about trial limits.

    Returns
    -------
    ChartChoice
        ``.chart``, ``.reasons`` (sentences to follow), ``.cautions`` and
        ``.companion``.

    Raises
    ------
    InputError
        For an unknown choice, a wrong type, a missing answer the tree needs, or an
        answer that does not apply to the type of data given; the message names the
        argument and the fix.

    See Also
    --------
    chart_guide : every chart in one table.

    Examples
    --------
    >>> choose_chart("continuous", subgroup_size=5).chart
    'xbar'
    >>> choose_chart("classified", large_denominators=True).chart
    'pp'
    >>> choose_chart("attribute", rare_events=True, between="time").chart
    't'
    >>> choose_chart("continuous", n_points=8).chart
    'run'
    """
    answers = _Answers.read(
        data_type,
        attribute_type=attribute_type,
        subgroup_size=subgroup_size,
        equal_area=equal_area,
        rare_events=rare_events,
        between=between,
        large_denominators=large_denominators,
        n_points=n_points,
    )
    chart, reasons = _BRANCHES[answers.kind](answers)
    return _finish(chart, reasons, [], answers.points, answers.kind)


@dataclass
class _Answers:
    """The answers to the decision tree's questions, checked; ``raw`` keeps what the
    user typed, for messages."""

    kind: str
    attr: str | None
    size: int | None
    equal: bool | None
    rare: bool
    gap: str
    large: bool
    points: int | None
    raw: dict[str, Any]

    @classmethod
    def read(cls, data_type: Any, **raw: Any) -> _Answers:
        kind = v.choice(data_type, "data_type", DATA_TYPES, aliases=_DATA_ALIASES)
        attribute_type = raw["attribute_type"]
        attr = (
            None
            if attribute_type is None
            else v.choice(
                attribute_type, "attribute_type", ATTRIBUTE_TYPES, aliases=_ATTR_ALIASES
            )
        )
        answers = cls(
            kind=kind,
            attr=attr,
            size=v.whole_number(
                raw["subgroup_size"],
                "subgroup_size",
                required=False,
                minimum=1,
                example=5,
            ),
            equal=_optional_bool(raw["equal_area"], "equal_area"),
            rare=v.boolean(raw["rare_events"], "rare_events"),
            gap=v.choice(raw["between"], "between", BETWEEN, aliases=_BETWEEN_ALIASES),
            large=v.boolean(raw["large_denominators"], "large_denominators"),
            points=v.whole_number(
                raw["n_points"], "n_points", required=False, minimum=0, example=24
            ),
            raw=raw,
        )
        if kind in ATTRIBUTE_TYPES:  # "classified" and "counted" are shortcuts
            if attr is not None and attr != kind:
                raise v.fail(
                    "attribute_type",
                    f"contradicts data_type={kind!r}",
                    attribute_type,
                    "Leave attribute_type out, or set data_type='attribute'.",
                )
            answers.attr, answers.kind = kind, "attribute"
        return answers


def _unknown(a: _Answers) -> tuple[str, list[str]]:
    """Not sure what the data are: a run chart."""
    return "run", [
        "When you are not sure what type of data you have, start with a run "
        "chart: it works for any data and needs no assumptions."
    ]


def _continuous(a: _Answers) -> tuple[str, list[str]]:
    """Measurements: an I chart for single values, X-bar for subgroups."""
    for name in ("attribute_type", "equal_area"):
        if a.raw[name] is not None:
            raise _not_for(name, a.raw[name], "continuous", "attribute")
    for name, given in (("rare_events", a.rare), ("large_denominators", a.large)):
        if given:
            raise _not_for(name, a.raw[name], "continuous", "attribute")
    reasons = [
        "Your data are measurements on a continuous scale (such as minutes, days "
        "or kilograms), so a chart for continuous data fits."
    ]
    if a.size is None or a.size == 1:
        reasons.append(
            "There is one value per period, so use an I chart (individual values), "
            "with its moving range (MR) chart to check the variation between "
            "neighbouring points."
        )
        return "i", reasons
    reasons.append(
        f"Each period holds a subgroup of {a.size} measurements, so use an X-bar "
        "chart of the subgroup means with an S chart of their standard "
        "deviations."
    )
    return "xbar", reasons


def _attribute(a: _Answers) -> tuple[str, list[str]]:
    """Counts: rare events, classified (p) or counted (c, u) data."""
    if a.size is not None:
        raise _not_for(
            "subgroup_size", a.raw["subgroup_size"], "attribute", "continuous"
        )
    reasons = [
        "Your data are counts (attribute data), so the chart depends on what is "
        "counted."
    ]
    if a.rare:
        return _rare(a, reasons)
    if a.attr is None:
        raise v.fail(
            "attribute_type",
            "is needed for attribute data",
            a.raw["attribute_type"],
            "Use 'classified' when each person or item is sorted into yes or no "
            "(e.g. had a fall this month), or 'counted' when events can happen "
            "several times to one person (e.g. number of falls).",
        )
    if a.attr == "classified":
        return _classified(a, reasons)
    return _counted(a, reasons)


def _rare(a: _Answers, reasons: list[str]) -> tuple[str, list[str]]:
    """Rare events: chart the gaps between them (g or t)."""
    if a.large:
        raise v.fail(
            "large_denominators",
            "cannot go with rare_events=True",
            a.raw["large_denominators"],
            "Rare events have small counts; set one of them to False.",
        )
    if a.gap == "cases":
        reasons.append(
            "The events are rare (most periods would show zero), so chart the "
            "number of cases between events, such as operations between "
            "infections: a g chart."
        )
        return "g", reasons
    reasons.append(
        "The events are rare (most periods would show zero), so chart the "
        "time between events, such as days between falls with harm: a t "
        "chart."
    )
    return "t", reasons


def _classified(a: _Answers, reasons: list[str]) -> tuple[str, list[str]]:
    """Defectives: a p chart, or Laney's p′ for very large denominators."""
    if a.raw["equal_area"] is not None:
        raise _not_for(
            "equal_area", a.raw["equal_area"], "counted", "counted", attribute=True
        )
    reasons.append(
        "Each person or item is classified as yes or no (defectives, e.g. "
        "residents who fell), so chart the proportion with a p chart; it copes "
        "with denominators that change from period to period."
    )
    if not a.large:
        return "p", reasons
    reasons.append(
        "The denominators are very large, so ordinary p chart limits would be "
        "too narrow and flag almost every point; Laney's p′ chart (pp) "
        "widens them to allow for the variation between periods."
    )
    return "pp", reasons


def _counted(a: _Answers, reasons: list[str]) -> tuple[str, list[str]]:
    """Defects: c for equal areas of opportunity, u for unequal, u′ when huge."""
    reasons.append(
        "You are counting events that can happen more than once to the same person "
        "or unit (defects, e.g. falls or incidents), so a c or u chart fits."
    )
    if a.large:
        reasons.append(
            "The denominators are very large, so ordinary u chart limits would be too "
            "narrow and flag almost every point; Laney's u′ chart (up) widens them to "
            "allow for the variation between periods."
        )
        return "up", reasons
    if a.equal is None:
        raise v.fail(
            "equal_area",
            "is needed for counted data",
            a.raw["equal_area"],
            "Say True if the area of opportunity (beds, admissions, visits) is about "
            "the same every period, False if it changes.",
        )
    if a.equal:
        reasons.append(
            "The area of opportunity (bed days, admissions, visits) is about the same "
            "every period, so the raw counts can be compared: use a c chart."
        )
        return "c", reasons
    reasons.append(
        "The area of opportunity (bed days, admissions, visits) changes from "
        "period to period, so use a u chart, which charts the rate per unit of "
        "opportunity."
    )
    return "u", reasons


#: The first branch of the tree: what kind of data.
_BRANCHES = {"unknown": _unknown, "continuous": _continuous, "attribute": _attribute}


def _not_for(
    argument: str, value: Any, data_type: str, other: str, *, attribute: bool = False
) -> InputError:
    if attribute:
        return v.fail(
            argument,
            "only applies to counted data",
            value,
            "Leave it out for classified data.",
        )
    return v.fail(
        argument,
        f"does not apply to {data_type} data",
        value,
        f"Leave it out, or set data_type='{other}' if your data are {other}.",
    )


def _finish(
    chart: str, reasons: list[str], cautions: list[str], points: int | None, kind: str
) -> ChartChoice:
    if points is not None:
        if points < MIN_POINTS_FOR_LIMITS and chart != "run":
            reasons.append(
                f"You have only {points} points, too few for reliable control limits, "
                f"so start with a run chart and move to the {chart} chart once you "
                f"have at least {MIN_POINTS_FOR_LIMITS}."
            )
            chart = "run"
        elif chart != "run" and points < MIN_POINTS_FOR_FIRM_LIMITS:
            cautions.append(
                f"With {points} points the limits are trial limits: recalculate them "
                f"when you reach {MIN_POINTS_FOR_FIRM_LIMITS} points."
            )
        if chart == "run" and points < MIN_POINTS_FOR_RUNS:
            cautions.append(
                f"The run chart rules need at least {MIN_POINTS_FOR_RUNS} points; "
                f"with {points}, plot the data but do not look for signals yet."
            )
    return ChartChoice(chart, reasons, cautions)


def chart_guide() -> pd.DataFrame:
    """Every chart in one table, for handouts and apps.

    Returns
    -------
    DataFrame
        Columns ``chart``, ``name`` (the one wording qikit uses everywhere, from
        :func:`qikit.charts.vocabulary.chart_name`), ``data`` (the type of data),
        ``use_when`` and ``example``, one row per chart in :data:`CHART_TYPES`.

    Examples
    --------
    >>> chart_guide().set_index("chart").loc["g", "name"]
    'G chart (cases between rare events)'
    """
    rows = [
        (
            "run",
            "any",
            "any data, few points, or when unsure",
            "weekly percentage of discharges before noon",
        ),
        (
            "i",
            "continuous",
            "one measurement per period",
            "monthly average length of stay",
        ),
        (
            "mr",
            "continuous",
            "alongside an I chart",
            "change in length of stay from month to month",
        ),
        (
            "xbar",
            "continuous",
            "several measurements per period",
            "waiting times of the patients seen each day",
        ),
        (
            "s",
            "continuous",
            "alongside an X-bar chart",
            "spread of the daily waiting times",
        ),
        (
            "t",
            "attribute",
            "rare events",
            "days between falls with harm",
        ),
        (
            "p",
            "attribute, classified",
            "yes/no per person or item",
            "residents with a completed care plan review",
        ),
        (
            "pp",
            "attribute, classified",
            "yes/no with very large denominators",
            "emergency attendances seen within 4 hours, Scotland",
        ),
        (
            "c",
            "attribute, counted",
            "events, same area of opportunity",
            "falls per month in a 40-bed home",
        ),
        (
            "u",
            "attribute, counted",
            "events, changing area of opportunity",
            "falls per 1,000 occupied bed days",
        ),
        (
            "up",
            "attribute, counted",
            "events with very large denominators",
            "medication incidents per 1,000 prescriptions, health board",
        ),
        (
            "g",
            "attribute",
            "rare events",
            "operations between surgical site infections",
        ),
    ]
    frame = pd.DataFrame(rows, columns=["chart", "data", "use_when", "example"])
    frame.insert(1, "name", [chart_name(key, start=True) for key in frame["chart"]])
    return frame
