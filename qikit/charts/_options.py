"""The options of :func:`qikit.qic`, checked once before the data are read.

The first step of the pipeline (as NHSRplotthedots' ``ptd_spc_options``): every option
that does not depend on the data is parsed here into an :class:`Options`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qikit._validate import choice, fail, number, whole_number
from qikit.charts.vocabulary import (
    AGGREGATES,
    CHART_ALIASES,
    CHARTS,
    IMPROVEMENT_ALIASES,
    IMPROVEMENTS,
    RULE_SET_ALIASES,
    RULE_SETS,
)

__all__ = ["Options", "parse_options"]


@dataclass(frozen=True)
class Options:
    """The options of one :func:`qikit.qic` call, checked and in canonical form.

    Attributes
    ----------
    chart : str
        One of :data:`~qikit.charts.vocabulary.CHARTS`.
    rules : str
        One of :data:`~qikit.charts.vocabulary.RULE_SETS`.
    improvement : str
        ``"increase"``, ``"decrease"`` or ``"neutral"``.
    screen_mr : bool
        Screen out very large moving ranges before σ is estimated.
    multiply : float
        The factor for y, the centre line and the limits.
    agg : str
        How several values in one period are combined without a denominator.
    shift, trend : int or None
        Rule lengths given by the user (``None``: the rule set's own).
    """

    chart: str
    rules: str
    improvement: str
    screen_mr: bool
    multiply: float
    agg: str
    shift: int | None
    trend: int | None


def parse_options(
    chart: Any,
    rules: Any,
    improvement: Any,
    screen_mr: Any,
    multiply: Any,
    agg: Any,
    shift: Any,
    trend: Any,
) -> Options:
    """Check the options that do not depend on the data.

    Names are read as :func:`qikit._validate.choice` reads them (case, spaces and the
    aliases in :mod:`qikit.charts.vocabulary`: ``chart="XmR"``, ``rules="Anhøj"``,
    ``improvement="lower"``).

    Returns
    -------
    Options
        The options in canonical form.

    Raises
    ------
    qikit.errors.InputError
        Naming the option, the value given and what to give instead.

    Examples
    --------
    >>> opts = parse_options("XmR", "Anhøj", "lower", True, 100, None, None, None)
    >>> opts.chart, opts.rules, opts.improvement, opts.agg
    ('i', 'anhoej', 'decrease', 'mean')
    """
    chart = choice(chart, "chart", CHARTS, aliases=CHART_ALIASES)
    rules = choice(rules, "rules", RULE_SETS, aliases=RULE_SET_ALIASES)
    improvement = choice(
        improvement, "improvement", IMPROVEMENTS, aliases=IMPROVEMENT_ALIASES
    )
    if not isinstance(screen_mr, bool | np.bool_):
        raise fail(
            "screen_mr",
            "must be True or False",
            screen_mr,
            "Use True to leave out very large moving ranges before the limits are "
            "set, False to keep them.",
        )
    multiply = number(
        multiply,
        "multiply",
        positive=True,
        example="100 for percentages or 1000 for a rate per 1,000",
    )
    if agg is None:
        agg = "sum" if chart == "c" else "mean"
    agg = choice(agg, "agg", AGGREGATES)
    shift = whole_number(shift, "shift", required=False, minimum=2)
    trend = whole_number(trend, "trend", required=False, minimum=3)
    return Options(
        chart, rules, improvement, bool(screen_mr), multiply, agg, shift, trend
    )
