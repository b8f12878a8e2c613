"""The options of :func:`qikit.qic`, checked once before the data are read.

The first step of the pipeline (as NHSRplotthedots' ``ptd_spc_options``): every option
that does not depend on the data is parsed here into an :class:`Options`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qikit.charts.vocabulary import AGGREGATES, CHARTS, IMPROVEMENTS, RULE_SETS
from qikit.errors import InputError

__all__ = ["Options", "parse_options"]


@dataclass
class Options:
    chart: str
    rules: str
    improvement: str
    screen_mr: bool
    multiply: float
    agg: str
    shift: int | None
    trend: int | None


def _choice(arg: str, value, choices) -> str:
    if not isinstance(value, str):
        raise InputError(
            f"`{arg}`: expected one of the names {', '.join(choices)} "
            f"(got {value!r}). Pass the name as text, e.g. {arg}={choices[0]!r}."
        )
    v = value.strip().lower()
    if v not in choices:
        raise InputError(
            f"`{arg}`: unknown choice (got {value!r}). Use one of: {', '.join(choices)}."
        )
    return v


def _positive_int(arg: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, float)):
        raise InputError(
            f"`{arg}`: expected a whole number (got {value!r}). "
            f"Give a number such as {arg}={max(minimum, 7)}."
        )
    if isinstance(value, float) and (not np.isfinite(value) or value != int(value)):
        raise InputError(f"`{arg}`: expected a whole number (got {value!r}).")
    value = int(value)
    if value < minimum:
        raise InputError(
            f"`{arg}`: must be at least {minimum} (got {value!r}). "
            f"Give a number of {minimum} or more."
        )
    return value


def parse_options(chart, rules, improvement, screen_mr, multiply, agg, shift, trend):
    chart = _choice("chart", chart, CHARTS)
    rules = _choice("rules", rules, RULE_SETS)
    improvement = _choice("improvement", improvement, IMPROVEMENTS)
    if not isinstance(screen_mr, (bool, np.bool_)):
        raise InputError(
            f"`screen_mr`: expected True or False (got {screen_mr!r}). Use True to leave "
            "out very large moving ranges before the limits are set, False to keep them."
        )
    if isinstance(multiply, bool) or not isinstance(multiply, (int, float, np.number)):
        raise InputError(
            f"`multiply`: expected a number (got {multiply!r}). Use 100 for percentages "
            "or 1000 for a rate per 1,000."
        )
    multiply = float(multiply)
    if not np.isfinite(multiply) or multiply <= 0:
        raise InputError(
            f"`multiply`: must be a positive number (got {multiply!r}). Use 100 for "
            "percentages or 1000 for a rate per 1,000."
        )
    if agg is None:
        agg = "sum" if chart == "c" else "mean"
    agg = _choice("agg", agg, AGGREGATES)
    if shift is not None:
        shift = _positive_int("shift", shift, 2)
    if trend is not None:
        trend = _positive_int("trend", trend, 3)
    return Options(
        chart, rules, improvement, bool(screen_mr), multiply, agg, shift, trend
    )
