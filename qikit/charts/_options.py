"""The options of :func:`qikit.qic`, checked once before the data are read.

The first step of the pipeline (as NHSRplotthedots' ``ptd_spc_options``): every option
that does not depend on the data is parsed here into an :class:`Options`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from qikit._validate import choice, closest, fail, number, short_repr, whole_number
from qikit.charts.vocabulary import (
    AGGREGATES,
    CHART_ALIASES,
    CHARTS,
    IMPROVEMENT_ALIASES,
    IMPROVEMENTS,
    RULE_SET_ALIASES,
    RULE_SETS,
)
from qikit.errors import KeywordError

__all__ = ["ZERO_N", "Options", "keywords_checked", "parse_options"]

F = TypeVar("F", bound=Callable[..., Any])


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
    zero_n : str
        ``"error"`` or ``"gap"``: what a zero denominator does.
    improvement_given : bool
        False when the user gave no direction (``improvement`` is then "neutral").
    agg_given : bool
        True when the user said how to combine rows that share a period.
    """

    chart: str
    rules: str
    improvement: str
    screen_mr: bool
    multiply: float
    agg: str
    shift: int | None
    trend: int | None
    zero_n: str = "error"
    improvement_given: bool = True
    agg_given: bool = False


#: What a zero denominator does: refuse the data, or show the period as a gap.
ZERO_N = ("error", "gap")


def parse_options(
    chart: Any,
    rules: Any,
    improvement: Any,
    screen_mr: Any,
    multiply: Any,
    agg: Any,
    shift: Any,
    trend: Any,
    zero_n: Any = "error",
) -> Options:
    """Check the options that do not depend on the data.

    Names are read as :func:`qikit._validate.choice` reads them (case, spaces and the
    aliases in :mod:`qikit.charts.vocabulary`: ``chart="XmR"``, ``rules="Anhøj"``,
    ``improvement="lower"``). ``improvement=None`` (no direction given) is treated as
    "neutral": no signal is called an improvement or a concern.

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
    improvement_given = improvement is not None
    improvement = (
        choice(improvement, "improvement", IMPROVEMENTS, aliases=IMPROVEMENT_ALIASES)
        if improvement_given
        else "neutral"
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
    agg_given = agg is not None
    if agg is None:
        agg = "sum" if chart == "c" else "mean"
    agg = choice(agg, "agg", AGGREGATES)
    shift = whole_number(shift, "shift", required=False, minimum=2)
    trend = whole_number(trend, "trend", required=False, minimum=3)
    zero_n = choice(zero_n, "zero_n", ZERO_N)
    return Options(
        chart,
        rules,
        improvement,
        bool(screen_mr),
        multiply,
        agg,
        shift,
        trend,
        zero_n,
        improvement_given,
        agg_given,
    )


def keywords_checked(example: str) -> Callable[[F], F]:
    """Give a house message, not Python's, for a misspelt, missing or extra argument.

    Wraps a public function so that ``qic(df, improvment="decrease")`` raises a
    :class:`~qikit.errors.KeywordError` (a :class:`TypeError`) saying "did you mean
    improvement?". The function's own signature stays visible to ``help()`` and
    ``inspect.signature`` (``functools.wraps``). The check is a set comparison, so a
    correct call costs well under a microsecond.

    Parameters
    ----------
    example : str
        A correct call, shown in messages, e.g. ``"qic(df, y='falls', x='month')"``.

    Returns
    -------
    callable
        The decorator.

    Examples
    --------
    >>> @keywords_checked("area(width=2, height=3)")
    ... def area(*, width, height=1):
    ...     return width * height
    >>> area(widht=2)
    Traceback (most recent call last):
    ...
    qikit.errors.KeywordError: `widht`: area() has no argument of that name (got \
widht=2). Did you mean width=2? The arguments are: width, height.
    """

    def decorate(fn: F) -> F:
        params = inspect.signature(fn).parameters
        kinds = inspect.Parameter
        positional = [
            p.name
            for p in params.values()
            if p.kind in (kinds.POSITIONAL_ONLY, kinds.POSITIONAL_OR_KEYWORD)
        ]
        allowed = frozenset(params)
        required = frozenset(
            p.name
            for p in params.values()
            if p.kind is kinds.KEYWORD_ONLY and p.default is p.empty
        )
        name = fn.__name__

        @functools.wraps(fn)
        def checked(*args: Any, **kwargs: Any) -> Any:
            keys = kwargs.keys()
            if len(args) > len(positional) or not keys <= allowed or required - keys:
                raise _call_error(
                    name, example, positional, required, params, args, kwargs
                )
            for given in positional[: len(args)]:
                if given in kwargs:
                    raise KeywordError(
                        f"`{given}`: given twice, by position and by name. Give it "
                        f"once, e.g. {example}."
                    )
            return fn(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


def _call_error(
    name, example, positional, required, params, args, kwargs
) -> KeywordError:
    """The message for a call that does not fit the signature."""
    names = list(params)
    listing = ", ".join(names)
    for key, value in kwargs.items():
        if key not in names:
            near = closest(key, names)
            got = f"{key}={short_repr(value)}"
            hint = (
                f"Did you mean {near}={short_repr(value)}? "
                if near is not None
                else "Check the spelling. "
            )
            return KeywordError(
                f"`{key}`: {name}() has no argument of that name (got {got}). "
                f"{hint}The arguments are: {listing}."
            )
    if len(args) > len(positional):
        only = " and ".join(positional) or "nothing"
        return KeywordError(
            f"`{name}`: takes only {only} without a name (got {len(args)} values "
            f"without names). Name the others, e.g. {example}."
        )
    missing = next(k for k in names if k in required and k not in kwargs)
    return KeywordError(f"`{missing}`: is missing. Give it by name, e.g. {example}.")
