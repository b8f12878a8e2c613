"""The chart vocabulary: one owner for every name qikit uses about charts.

Chart types, their names in plain English (one wording everywhere: findings, titles,
alt text, the chart chooser, apps), the groups of charts that behave alike, rule sets,
improvement directions with the other words people use for them, and the units that
mean "percent". Imported by :mod:`qikit.charts`, :mod:`qikit.improve`,
:mod:`qikit.plot` and the apps; it imports nothing.

Examples
--------
>>> from qikit.charts.vocabulary import chart_name, IMPROVEMENT_ALIASES
>>> chart_name("i"), chart_name("run", start=True)
('I chart (individual values)', 'Run chart')
>>> IMPROVEMENT_ALIASES["lower"]
'decrease'
"""

from __future__ import annotations

__all__ = [
    "AGGREGATES",
    "CHARTS",
    "CHART_ALIASES",
    "CHART_NAMES",
    "CHART_SHORT_NAMES",
    "COUNT_CHARTS",
    "IMPROVEMENTS",
    "IMPROVEMENT_ALIASES",
    "LANEY_CHARTS",
    "NO_DENOMINATOR",
    "PERCENT_UNITS",
    "POINT_TYPES",
    "RATIO_CHARTS",
    "RESULT_COLUMNS",
    "RULE_SETS",
    "RULE_SET_ALIASES",
    "RULE_SET_NAMES",
    "SUBGROUP_CHARTS",
    "chart_name",
    "is_percent_unit",
]

#: Chart types the engine computes (the names of qicharts2's ``chart`` argument).
CHARTS: tuple[str, ...] = (
    "run",
    "i",
    "mr",
    "xbar",
    "s",
    "t",
    "p",
    "pp",
    "c",
    "u",
    "up",
    "g",
)
#: Other names people use for the same charts.
CHART_ALIASES: dict[str, str] = {
    "xmr": "i",
    "x": "i",
    "individuals": "i",
    "i_mr": "i",
    "imr": "i",
    "x_bar": "xbar",
    "p_prime": "pp",
    "u_prime": "up",
    "laney_p": "pp",
    "laney_u": "up",
}
#: What each chart is, as written in a sentence (Provost & Murray's capitals).
CHART_NAMES: dict[str, str] = {
    "run": "run chart",
    "i": "I chart (individual values)",
    "mr": "MR chart (moving ranges)",
    "xbar": "X-bar chart (subgroup averages)",
    "s": "S chart (subgroup standard deviations)",
    "t": "T chart (time between rare events)",
    "p": "P chart (proportions)",
    "pp": "P′ chart (Laney-adjusted proportions)",
    "c": "C chart (counts)",
    "u": "U chart (rates)",
    "up": "U′ chart (Laney-adjusted rates)",
    "g": "G chart (cases between rare events)",
}
#: The same names without the explanation, for titles and tight spaces.
CHART_SHORT_NAMES: dict[str, str] = {
    key: name.split(" (")[0] for key, name in CHART_NAMES.items()
}
#: Charts that need a denominator ``n``.
RATIO_CHARTS: tuple[str, ...] = ("p", "pp", "u", "up")
#: Laney's charts for large denominators (over-dispersion).
LANEY_CHARTS: tuple[str, ...] = ("pp", "up")
#: Charts of subgroup statistics (one row per observation, ``x`` = subgroup).
SUBGROUP_CHARTS: tuple[str, ...] = ("xbar", "s")
#: Charts whose values are counts, so cannot be negative.
COUNT_CHARTS: tuple[str, ...] = ("c", "g", "p", "pp", "u", "up")
#: Charts that take no denominator at all.
NO_DENOMINATOR: tuple[str, ...] = ("mr", "xbar", "s", "t", "c", "g")
#: How several values in one period are combined when there is no denominator.
AGGREGATES: tuple[str, ...] = ("mean", "median", "sum")

#: What each point is, named as NHSRplotthedots names them: no signal, a signal in the
#: better direction, in the worse direction, or (no direction of improvement) a signal
#: on the high or low side.
POINT_TYPES: tuple[str, ...] = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)

#: Every column a result's ``frame``, ``summary()`` or ``episodes()`` may hold besides
#: the facet column, so a facet column named like one of them would be overwritten.
RESULT_COLUMNS: frozenset[str] = frozenset(
    {
        # frame
        "x", "y", "n", "part", "part_label", "include", "baseline", "cl", "lcl",
        "ucl", "lcl_2s", "ucl_2s", "lcl_1s", "ucl_1s", "target", "sigma_signal",
        "runs_signal", "rule", "signal", "point_type", "direction",
        # summary
        "n_obs", "n_useful", "longest_run", "longest_run_max", "n_crossings",
        "n_crossings_min", "n_crossings_max", "variation", "assurance",
        # episodes
        "start", "end", "x_start", "x_end", "count",
    }
)  # fmt: skip

#: Rule sets (see :mod:`qikit.charts.rules` for each rule and its source).
RULE_SETS: tuple[str, ...] = ("anhoej", "ihi", "mdc", "western_electric")
RULE_SET_ALIASES: dict[str, str] = {
    "anhoj": "anhoej",
    "anhøj": "anhoej",
    "making_data_count": "mdc",
    "nhs": "mdc",
    "nhse": "mdc",
    "we": "western_electric",
    "westernelectric": "western_electric",
    "western": "western_electric",
}
RULE_SET_NAMES: dict[str, str] = {
    "anhoej": "Anhøj rules",
    "ihi": "IHI rules",
    "mdc": "Making Data Count rules",
    "western_electric": "Western Electric rules",
}

#: Which way is better.
IMPROVEMENTS: tuple[str, ...] = ("increase", "decrease", "neutral")
#: Other words people use for the directions (keys lower case, ``_`` for spaces).
IMPROVEMENT_ALIASES: dict[str, str] = {
    "up": "increase",
    "higher": "increase",
    "high": "increase",
    "higher_is_better": "increase",
    "increasing": "increase",
    "down": "decrease",
    "lower": "decrease",
    "low": "decrease",
    "lower_is_better": "decrease",
    "decreasing": "decrease",
    "none": "neutral",
    "either": "neutral",
}

#: Units that mean "percent" (compared in lower case, spaces stripped).
PERCENT_UNITS: frozenset[str] = frozenset(
    {"%", "percent", "per cent", "percentage", "percentages", "pct"}
)


def is_percent_unit(unit: str | None) -> bool:
    """True when ``unit`` means percent ("%", "per cent", "percentage" …).

    Examples
    --------
    >>> is_percent_unit(" Percentage "), is_percent_unit("falls per 1,000 bed days")
    (True, False)
    """
    return isinstance(unit, str) and unit.strip().lower() in PERCENT_UNITS


#: Charts whose name is said with "an" (an I chart, an MR chart, an S chart, an X-bar
#: chart: the letters start with a vowel sound).
_AN_CHARTS: frozenset[str] = frozenset({"i", "mr", "s", "xbar"})


def chart_name(
    chart: str, *, start: bool = False, short: bool = False, article: bool = False
) -> str:
    """The chart's name in plain English.

    Parameters
    ----------
    chart : str
        One of :data:`CHARTS`.
    start : bool, default False
        Capitalise the first letter, to start a sentence.
    short : bool, default False
        Leave out the explanation in brackets (for titles).
    article : bool, default False
        Put "a" or "an" in front ("an I chart", "a P chart").

    Returns
    -------
    str
        The name.

    Examples
    --------
    >>> chart_name("p"), chart_name("run", short=True, start=True)
    ('P chart (proportions)', 'Run chart')
    >>> chart_name("i", article=True, short=True), chart_name("run", article=True)
    ('an I chart', 'a run chart')
    """
    name = (CHART_SHORT_NAMES if short else CHART_NAMES)[chart]
    if article:
        name = ("an " if chart in _AN_CHARTS else "a ") + name
    return name[0].upper() + name[1:] if start else name
