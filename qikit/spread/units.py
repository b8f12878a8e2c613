"""Many units at once: small multiples, the board's summary matrix, units at the aim.

A programme that spreads to 32 partnerships, or a board that watches 20 measures
across its wards, needs the same three views again and again:

* :func:`compare_units`: one run or control chart per unit, every unit's signals
  found by the chart engine in one vectorised call, and the units put in a sensible
  order (by name, by latest value, by signal) for small multiples;
* :func:`summary_matrix`: measures × units with the Making Data Count variation and
  assurance icons and the latest value: the one-page view a board asks for;
* :func:`aim_reached`: how many units reached the aim, when, and whether they held
  it.

Everything here computes; :mod:`qikit.plot.spread` draws (``plot_units``,
``plot_summary_matrix``, ``plot_aim``). Curriculum: module 10 (spread and scale-up).

Examples
--------
>>> from qikit.datasets import load_dataset
>>> from qikit.spread import compare_units
>>> cpp = load_dataset("milestones_27_30")
>>> res = compare_units(cpp, y="all_milestones", n="reviews", x="quarter",
...                     unit="cpp", chart="p", multiply=100,
...                     improvement="increase", order="latest")
>>> res.frame[["unit", "rank", "latest"]].head(3).round(1)
                    unit  rank  latest
0             Midlothian     1    87.8
1                  Angus     2    87.6
2  Dumfries and Galloway     3    86.9
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import fmt_number, plural
from qikit.charts.qic import qic
from qikit.charts.result import QicResult
from qikit.charts.vocabulary import (
    IMPROVEMENT_ALIASES,
    IMPROVEMENTS,
    POINT_TYPES,
    chart_name,
)
from qikit.errors import DataError
from qikit.spread import _common as cm

__all__ = [
    "ASSURANCE_WORDS",
    "ORDERS",
    "VARIATION_WORDS",
    "AimResult",
    "SummaryMatrix",
    "UnitsResult",
    "aim_reached",
    "compare_units",
    "summary_matrix",
]

#: How :func:`compare_units` orders the units (see its ``order``).
ORDERS = ("unit", "latest", "signal")

#: Making Data Count variation icons in words, by the codes of
#: ``QicResult.summary()["variation"]`` (NHS England, *Making Data Count*, 2019).
#: The same words as the icons drawn by :mod:`qikit.plot` (a test keeps them equal).
VARIATION_WORDS: dict[str, str] = {
    "common_cause": "Common cause",
    "improvement_high": "Improvement (high)",
    "improvement_low": "Improvement (low)",
    "concern_high": "Concern (high)",
    "concern_low": "Concern (low)",
    "neutral_high": "Special cause (high)",
    "neutral_low": "Special cause (low)",
}
#: Making Data Count assurance icons in words (``summary()["assurance"]``); ``""``
#: means no icon (no target, or no direction of improvement).
ASSURANCE_WORDS: dict[str, str] = {
    "consistent_pass": "Meets target consistently",
    "consistent_fail": "Fails target consistently",
    "inconsistent": "Hit and miss target",
    "": "",
}

_IMPROVEMENT = POINT_TYPES.index("special_cause_improvement")
_CONCERN = POINT_TYPES.index("special_cause_concern")

#: Columns of :attr:`UnitsResult.frame`.
UNIT_COLUMNS = (
    "unit",
    "rank",
    "points",
    "first_x",
    "latest_x",
    "latest",
    "cl",
    "lcl",
    "ucl",
    "target",
    "signals",
    "outside_limits",
    "improvement_points",
    "concern_points",
    "runs_signal",
    "latest_signal",
    "latest_point_type",
    "signal_class",
)


# ------------------------------------------------------------------ compare units


@dataclass(frozen=True, repr=False, eq=False)
class UnitsResult:
    """Many units' charts, and one row per unit in the order asked for.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per unit, in ``order``. Columns ``unit``; ``rank`` (1, 2, … in this
        order); ``points`` (plotted, missing ones included); ``first_x``,
        ``latest_x`` and ``latest`` (the last point with a value, multiplied);
        ``cl``, ``lcl``, ``ucl`` and ``target`` at that point; ``signals`` (points
        flagged by any rule), ``outside_limits`` (points beyond the limits),
        ``improvement_points`` and ``concern_points`` (flagged points by their
        meaning, 0 without a direction); ``runs_signal`` (the latest phase's runs
        analysis found non-random variation); ``latest_signal`` (the latest point
        is flagged); ``latest_point_type`` (as
        ``QicResult.frame["point_type"]``); ``signal_class``, the key of
        ``order="signal"``: 0 the latest point is a concern, 1 an improvement, 2 a
        special cause with no direction; 3 the latest phase's runs analysis found
        non-random variation (no point flagged at the end); 4 a signal in an
        earlier phase only; 5 none.
    chart : QicResult
        The chart engine's result, one facet per unit (in the engine's order).
    order : str
        "unit", "latest" or "signal".
    unit_name : str or None
        The name of the unit column.
    """

    chart: QicResult
    order: str
    unit_name: str | None = None
    _arrays: dict = field(default_factory=dict, repr=False)
    _index: np.ndarray | None = field(default=None, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def frame(self) -> pd.DataFrame:
        """One row per unit, in ``order`` (see the class's Attributes).

        Built from the arrays worked out with the chart when first asked for, as
        ``QicResult.summary()`` is, so that the analysis itself stays cheap.
        """
        if "frame" not in self._cache:
            self._cache["frame"] = _unit_frame(self._arrays, self._index)
        return self._cache["frame"]

    @property
    def units(self) -> list:
        """The units in the order of :attr:`frame`."""
        return self._arrays["unit"][self._index].tolist()

    def chart_frame(self) -> pd.DataFrame:
        """``chart.frame`` with the units' rows in the order of :attr:`frame`.

        What :func:`qikit.plot.plot_units` draws: one block of rows per unit, each
        block as the engine computed it.
        """
        f = self.chart.frame
        col = self.chart.facets
        keys = f[col].to_numpy()
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        stops = np.r_[starts[1:], len(f)]
        where = {keys[s]: (s, e) for s, e in zip(starts, stops, strict=True)}
        idx = np.concatenate([np.arange(*where[u]) for u in self.units])
        return f.iloc[idx].reset_index(drop=True)

    def explain(self) -> str:
        """Plain-English findings: how many units show which signal, by name.

        Examples
        --------
        >>> from qikit.spread import compare_units
        >>> import pandas as pd
        >>> df = pd.DataFrame({"ward": ["A"] * 12 + ["B"] * 12,
        ...                    "falls": [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6,
        ...                              6, 5, 6, 7, 6, 5, 2, 1, 2, 1, 1, 2]})
        >>> print(compare_units(df, y="falls", unit="ward",
        ...                     improvement="decrease").explain())
        2 wards compared on run charts (Anhøj rules).
        1 of 2 wards shows non-random variation (runs analysis) in its latest \
phase: B.
        1 of 2 wards shows no signal: A.
        """
        return _explain_units(self)

    def __repr__(self) -> str:
        return (
            f"UnitsResult(units={self._index.size}, order={self.order!r}, "
            f"chart={self.chart.chart!r}, "
            f"with_signals={int((self._arrays['signal_class'] < 5).sum())})"
        )


def compare_units(
    data: Any,
    *,
    y: Any,
    unit: Any,
    x: Any = None,
    n: Any = None,
    chart: str = "run",
    part: Any = None,
    freeze: Any = None,
    exclude: Any = None,
    target: Any = None,
    improvement: str | None = None,
    rules: str = "anhoej",
    multiply: float = 1,
    order: str = "unit",
    reverse: bool = False,
    title: str | None = None,
    ylab: str | None = None,
) -> UnitsResult:
    """One chart per unit, each unit's signals, and the units in a sensible order.

    Parameters
    ----------
    data : pandas.DataFrame
        A tidy table: one row per unit and period.
    y, x, n, part, freeze, exclude, target, improvement, rules, multiply
        As for :func:`qikit.qic`: each unit is charted on its own, with its own
        centre line and limits, in one vectorised call of the engine.
    unit : str or array-like
        The column naming each unit (ward, care home, team, partnership).
    chart : str
        The chart type, as for :func:`qikit.qic` (default a run chart).
    order : {"unit", "latest", "signal"}
        ``"unit"``: as the engine sorts them (by name, or in the order of the
        categories of a categorical column); ``"latest"``: by the latest value,
        highest first; ``"signal"``: by ``signal_class`` (a concern at the latest
        point first, then an improvement, a special cause with no direction,
        non-random variation in the latest phase, a signal earlier only, none),
        then more flagged points first, then as the engine sorts them.
    reverse : bool
        Reverse the order.
    title, ylab : str, optional
        Labels for the drawing.

    Returns
    -------
    UnitsResult
        ``.frame`` (one row per unit: see :class:`UnitsResult`), ``.chart`` (the
        engine's :class:`~qikit.charts.result.QicResult`), ``.chart_frame()``,
        ``.explain()``.

    Raises
    ------
    InputError
        For an unknown order; anything :func:`qikit.qic` refuses (a period with
        n = 0, y larger than n on a p chart, negative counts, …: its messages name
        the rows).
    ColumnError
        When a named column is not in ``data``.

    See Also
    --------
    qikit.plot.plot_units : small multiples in this order.
    summary_matrix : many measures × many units, as icons.

    Notes
    -----
    The spread layer adds only a few array operations over the engine's frame
    (one pass per column over the units' blocks), so 1,000 units × 60 months cost
    little more than the engine's own faceted call (``bench/bench_spread.py``).

    Examples
    --------
    >>> import pandas as pd
    >>> from qikit.spread import compare_units
    >>> df = pd.DataFrame({"ward": ["A"] * 12 + ["B"] * 12,
    ...                    "falls": [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6,
    ...                              6, 5, 6, 7, 6, 5, 2, 1, 2, 1, 1, 2]})
    >>> res = compare_units(df, y="falls", unit="ward", improvement="decrease",
    ...                     order="signal")
    >>> res.frame[["unit", "rank", "latest", "signal_class"]]
      unit  rank  latest  signal_class
    0    B     1     2.0             3
    1    A     2     6.0             5
    """
    order = v.choice(
        order, "order", ORDERS, aliases={"name": "unit", "value": "latest"}
    )
    reverse = v.boolean(reverse, "reverse")
    data = v.table(data)
    if unit is None:
        raise v.fail(
            "unit",
            "is missing",
            unit,
            "Name the column that says which unit each row belongs to, e.g. "
            "unit='ward'.",
        )
    if isinstance(unit, str):
        unit = v.column(data, unit, "unit")
    res = qic(
        data,
        y=y,
        x=x,
        n=n,
        chart=chart,
        part=part,
        freeze=freeze,
        exclude=exclude,
        target=target,
        rules=rules,
        improvement=improvement,
        multiply=multiply,
        facets=unit,
        title=title,
        ylab=ylab,
    )
    arrays = _unit_arrays(res)
    return UnitsResult(
        chart=res,
        order=order,
        unit_name=res.facets if isinstance(unit, str) else None,
        _arrays=arrays,
        _index=_order_index(arrays, order, reverse),
    )


def _unit_arrays(res: QicResult) -> dict[str, np.ndarray]:
    """One value per facet from the engine's frame: a few reductions over blocks."""
    f = res.frame
    keys = f[res.facets].to_numpy()
    size = keys.size
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[starts, size])
    last = starts + counts - 1
    y = f["y"].to_numpy(dtype=float)
    finite = np.isfinite(y)
    if finite.all():
        at, has = last, np.ones(starts.size, dtype=bool)
    else:
        pos = np.where(finite, np.arange(size), -1)
        valid = np.maximum.reduceat(pos, starts)
        has = valid >= starts
        at = np.where(has, valid, last)
    ptype = f["point_type"].cat.codes.to_numpy()
    runs = f["runs_signal"].to_numpy(dtype=bool)
    # one count per unit and point type: a point is flagged exactly when its
    # type is not common cause (qikit.charts.summary.point_types)
    k = starts.size
    n_types = len(POINT_TYPES)
    code = np.repeat(np.arange(k) * n_types, counts) + ptype
    by_type = np.bincount(code, minlength=k * n_types).reshape(k, n_types)
    signals = counts - by_type[:, 0]
    improve, concern = by_type[:, _IMPROVEMENT], by_type[:, _CONCERN]
    outside = np.add.reduceat(f["sigma_signal"].to_numpy(dtype=np.int64), starts)
    runs_any = np.logical_or.reduceat(runs, starts)
    latest_type = ptype[at]
    latest_signal = has & (latest_type != 0)
    klass = np.full(starts.size, 5, dtype=np.int8)
    klass[(signals > 0) | (runs_any > 0)] = 4
    klass[runs[last]] = 3
    klass[latest_signal] = 2
    klass[has & (latest_type == _IMPROVEMENT)] = 1
    klass[has & (latest_type == _CONCERN)] = 0
    return {
        "unit": keys[starts],
        "_frame": f,
        "_at": at,
        "_has": has,
        "_starts": starts,
        "_last": last,
        "points": counts,
        "latest": np.where(has, y[at], np.nan),
        "signals": signals,
        "outside_limits": outside,
        "improvement_points": improve,
        "concern_points": concern,
        "runs_signal": runs[last],
        "latest_signal": latest_signal,
        "latest_type": latest_type,
        "signal_class": klass,
    }


def _unit_frame(a: dict, idx: np.ndarray) -> pd.DataFrame:
    """The documented frame of :class:`UnitsResult`, rows in the order ``idx``."""
    f = a["_frame"]
    at, has = a["_at"][idx], a["_has"][idx]
    x = f["x"].to_numpy()
    latest_x = x[at]
    if not has.all():
        latest_x = pd.Series(latest_x).where(pd.Series(has)).to_numpy()

    def pick(name: str) -> np.ndarray:
        return np.where(has, f[name].to_numpy(dtype=float)[at], np.nan)

    return pd.DataFrame(
        {
            "unit": a["unit"][idx],
            "rank": np.arange(1, idx.size + 1),
            "points": a["points"][idx],
            "first_x": x[a["_starts"][idx]],
            "latest_x": latest_x,
            "latest": a["latest"][idx],
            "cl": pick("cl"),
            "lcl": pick("lcl"),
            "ucl": pick("ucl"),
            "target": pick("target"),
            "signals": a["signals"][idx],
            "outside_limits": a["outside_limits"][idx],
            "improvement_points": a["improvement_points"][idx],
            "concern_points": a["concern_points"][idx],
            "runs_signal": a["runs_signal"][idx],
            "latest_signal": a["latest_signal"][idx],
            "latest_point_type": pd.Categorical.from_codes(
                a["latest_type"][idx], dtype=f["point_type"].dtype
            ),
            "signal_class": a["signal_class"][idx].astype(np.int64),
        },
        columns=list(UNIT_COLUMNS),
    )


def _unit_table(res: QicResult) -> pd.DataFrame:
    """One row per facet, in the engine's order."""
    a = _unit_arrays(res)
    return _unit_frame(a, np.arange(a["unit"].size))


def _order_index(a: dict, order: str, reverse: bool) -> np.ndarray:
    engine = np.arange(a["unit"].size)
    if order == "unit":
        idx = engine
    elif order == "latest":
        key = np.where(np.isnan(a["latest"]), np.inf, -a["latest"])  # none: last
        idx = np.lexsort((engine, key))
    else:
        idx = np.lexsort((engine, -a["signals"], a["signal_class"]))
    return idx[::-1] if reverse else idx


_CLASS_WORDS = (
    "a concern at {own} latest point",
    "an improvement at {own} latest point",
    "a special cause with no direction at {own} latest point",
    "non-random variation (runs analysis) in {own} latest phase",
    "a signal in an earlier phase only",
    "no signal",
)


def _explain_units(res: UnitsResult) -> str:
    f = res.frame
    k = len(f)
    units = cm.noun(res.unit_name)
    chart = chart_name(res.chart.chart, short=True)
    rules = {
        "anhoej": "Anhøj rules",
        "ihi": "IHI rules",
        "mdc": "Making Data Count rules",
        "western_electric": "Western Electric rules",
    }.get(res.chart.rules, res.chart.rules)
    charts = chart + "s" if chart.endswith("chart") else chart
    lines = [f"{k} {units} compared on {charts} ({rules})."]
    klass = f["signal_class"].to_numpy()
    for code, words in enumerate(_CLASS_WORDS):
        hit = f["unit"][klass == code]
        if len(hit):
            one = len(hit) == 1
            said = words.format(own="its" if one else "their")
            lines.append(
                f"{len(hit)} of {k} {units} {'shows' if one else 'show'} {said}: "
                f"{cm.listing(hit)}."
            )
    return "\n".join(lines)


# ------------------------------------------------------------------ summary matrix

#: Columns of :attr:`SummaryMatrix.frame`.
MATRIX_COLUMNS = (
    "measure",
    "unit",
    "points",
    "latest_x",
    "latest",
    "cl",
    "lcl",
    "ucl",
    "target",
    "chart",
    "improvement",
    "variation",
    "variation_words",
    "assurance",
    "assurance_words",
)


@dataclass(frozen=True, repr=False, eq=False)
class SummaryMatrix:
    """Measures × units with the Making Data Count icons and the latest values.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per measure and unit (every pair, measures in order of first
        appearance, units sorted as the engine sorts them): ``measure, unit,
        points`` (0 when the unit has no data for the measure), ``latest_x,
        latest, cl, lcl, ucl, target`` (at the latest point with a value),
        ``chart, improvement`` (as used), ``variation`` and ``assurance`` (the
        icons' codes, as ``QicResult.summary()``; ``""`` when there is none) and
        ``variation_words``, ``assurance_words`` (the icons in words).
    charts : dict
        ``{measure: QicResult}``, one faceted chart per measure.
    measures, units : list
        The rows and columns of the matrix, in order.
    unit_name : str or None
        The name of the unit column.
    """

    frame: pd.DataFrame
    charts: dict
    measures: list
    units: list
    unit_name: str | None = None

    def wide(self, value: str = "variation") -> pd.DataFrame:
        """The matrix as a table: one row per measure, one column per unit.

        Parameters
        ----------
        value : str
            The column of :attr:`frame` to show: "variation" (default),
            "assurance", "latest", their ``*_words``, …

        Raises
        ------
        ColumnError
            When ``value`` is not a column of :attr:`frame`.
        """
        value = v.column(self.frame, value, "value")
        out = self.frame.pivot(index="measure", columns="unit", values=value)
        return out.reindex(index=self.measures, columns=self.units)

    def counts(self) -> pd.DataFrame:
        """How many units show each icon, per measure.

        Returns
        -------
        pandas.DataFrame
            One row per measure: ``measure, units`` (with data), one column per
            variation code (``common_cause``, ``improvement_high``, …) and per
            assurance code (``consistent_pass``, ``consistent_fail``,
            ``inconsistent``).
        """
        f = self.frame[self.frame["points"] > 0]
        rows = []
        for m in self.measures:
            part = f[f["measure"] == m]
            row = {"measure": m, "units": len(part)}
            for code in VARIATION_WORDS:
                row[code] = int((part["variation"] == code).sum())
            for code in list(ASSURANCE_WORDS)[:-1]:
                row[code] = int((part["assurance"] == code).sum())
            rows.append(row)
        return pd.DataFrame(rows)

    def explain(self) -> str:
        """Plain-English findings, one line per measure: the matrix's text alternative.

        Names the units with a concern, an improvement or a special cause with no
        direction, and those that consistently fail their target.
        """
        units = cm.noun(self.unit_name)
        lines = [
            f"{plural(len(self.measures), 'measure')} across {len(self.units)} "
            f"{units} (Making Data Count icons)."
        ]
        f = self.frame
        for m in self.measures:
            part = f[(f["measure"] == m) & (f["points"] > 0)]
            var = part["variation"].astype(str)
            bits = []
            concern = part["unit"][var.str.startswith("concern")]
            better = part["unit"][var.str.startswith("improvement")]
            neutral = part["unit"][var.str.startswith("neutral")]
            fail = part["unit"][part["assurance"] == "consistent_fail"]
            if len(concern):
                bits.append(f"concern in {cm.listing(concern)}")
            if len(better):
                bits.append(f"improvement in {cm.listing(better)}")
            if len(neutral):
                bits.append(f"a special cause in {cm.listing(neutral)}")
            if len(fail):
                bits.append(f"consistently failing the target in {cm.listing(fail)}")
            if not bits:
                bits.append(f"common cause variation in all {len(part)} {units}")
            lines.append(f"{m}: " + "; ".join(bits) + ".")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SummaryMatrix(measures={len(self.measures)}, units={len(self.units)})"


def summary_matrix(
    data: Any,
    *,
    y: str,
    measure: str,
    unit: str,
    x: str | None = None,
    n: str | None = None,
    chart: Any = "i",
    improvement: Any = None,
    target: Any = None,
    multiply: Any = 1,
    freeze: Any = None,
) -> SummaryMatrix:
    """The board's one-page view: measures × units with Making Data Count icons.

    Each measure is charted for every unit with the Making Data Count rules
    (``rules="mdc"``), and the variation icon (special cause improvement or
    concern, high or low, or common cause) and the assurance icon (meets, fails, or
    hit and miss its target) of each unit's latest phase are set out with the
    latest value.

    Parameters
    ----------
    data : pandas.DataFrame
        A tidy table: one row per measure, unit and period.
    y, measure, unit : str
        Columns: the value, the measure's name, the unit's name.
    x, n : str, optional
        Columns: the period, the denominator (as for :func:`qikit.qic`).
    chart, improvement, multiply : str, float, or dict
        As for :func:`qikit.qic`, either one value for every measure or a dict
        ``{measure: value}`` (measures left out get the default: an I chart, no
        direction, no multiplier). The assurance icon needs a direction and a
        target.
    target : float, str or dict
        A target for every measure, a column of targets, or ``{measure: target}``.
    freeze : int or date, optional
        The end of the baseline, as for :func:`qikit.qic`.

    Returns
    -------
    SummaryMatrix
        ``.frame`` (one row per measure and unit), ``.wide()``, ``.counts()``,
        ``.charts``, ``.explain()``.

    Raises
    ------
    InputError
        For a dict that names a measure not in the data, or anything
        :func:`qikit.qic` refuses for a measure (the message says which).
    ColumnError
        When a named column is not in ``data``.

    See Also
    --------
    qikit.plot.plot_summary_matrix : draw the matrix as a table of icons.

    Notes
    -----
    Icons as NHS England's *Making Data Count* (2019) and NHSRplotthedots: the
    variation icon reads the latest point's signal, the assurance icon compares
    the target with the latest phase's limits.

    Examples
    --------
    >>> import pandas as pd
    >>> from qikit.spread import summary_matrix
    >>> rows = []
    >>> for ward, shift in [("A", 0), ("B", 4)]:
    ...     for m, base in [("Falls", 6), ("Pressure ulcers", 3)]:
    ...         for month in range(1, 21):
    ...             late = shift if month > 12 and m == "Falls" else 0
    ...             rows.append({"ward": ward, "measure": m, "month": month,
    ...                          "count": base + late + (month % 3)})
    >>> board = summary_matrix(pd.DataFrame(rows), y="count", measure="measure",
    ...                        unit="ward", x="month", chart="c",
    ...                        improvement="decrease")
    >>> board.wide("variation")
    unit                        A             B
    measure
    Falls            common_cause  concern_high
    Pressure ulcers  common_cause  common_cause
    """
    data = v.table(data)
    m_col = v.column(data, measure, "measure")
    u_col = v.column(data, unit, "unit")
    labels = cm.text_labels(data[m_col].reset_index(drop=True), "measure")
    measures = list(pd.unique(labels))
    if not measures:
        raise DataError("`data`: the table has no rows. Pass a table with data.")
    charts = cm.mapping_or_value(chart, "chart", measures, "measure")
    directions = cm.mapping_or_value(improvement, "improvement", measures, "measure")
    multipliers = cm.mapping_or_value(multiply, "multiply", measures, "measure")
    if isinstance(target, str):
        v.column(data, target, "target")
        targets = dict.fromkeys(measures, target)
    else:
        targets = cm.mapping_or_value(target, "target", measures, "measure")
    groups = data.groupby(labels.to_numpy(), sort=False).indices
    results = {}
    for m in measures:
        rows = data.take(groups[m])
        try:
            results[m] = qic(
                rows,
                y=y,
                x=x,
                n=n,
                chart=charts[m] if charts[m] is not None else "i",
                target=targets[m],
                improvement=directions[m],
                multiply=multipliers[m] if multipliers[m] is not None else 1,
                freeze=freeze,
                rules="mdc",
                facets=u_col,
            )
        except DataError as error:
            raise type(error)(f"Measure {m!r}: {error}") from error
    units = sorted(
        {u for r in results.values() for u in pd.unique(r.frame[r.facets])},
        key=lambda u: (str(type(u)), u),
    )
    return SummaryMatrix(
        frame=_matrix_frame(results, measures, units),
        charts=results,
        measures=measures,
        units=units,
        unit_name=str(u_col),
    )


def _matrix_frame(results: dict, measures: list, units: list) -> pd.DataFrame:
    k = len(units)
    where = {u: i for i, u in enumerate(units)}
    cols: dict[str, list] = {c: [] for c in MATRIX_COLUMNS}
    for m in measures:
        res = results[m]
        a = _unit_arrays(res)
        table = _unit_frame(a, np.arange(a["unit"].size))
        pos = np.array([where[u] for u in a["unit"]], dtype=np.int64)
        summ = res.summary()
        last = summ.groupby(res.facets, sort=False).tail(1)
        block = {
            "points": np.zeros(k, dtype=np.int64),
            "latest": np.full(k, np.nan),
            "cl": np.full(k, np.nan),
            "lcl": np.full(k, np.nan),
            "ucl": np.full(k, np.nan),
            "target": np.full(k, np.nan),
            "variation": np.full(k, "", dtype=object),
            "assurance": np.full(k, "", dtype=object),
        }
        for col in ("points", "latest", "cl", "lcl", "ucl", "target"):
            block[col][pos] = table[col].to_numpy()
        spos = np.array([where[u] for u in last[res.facets]], dtype=np.int64)
        block["variation"][spos] = last["variation"].astype(str).to_numpy()
        block["assurance"][spos] = last["assurance"].astype(str).to_numpy()
        latest_x = pd.Series([None] * k, dtype=object)
        latest_x.iloc[pos] = table["latest_x"].to_numpy()
        cols["measure"].append(np.full(k, m, dtype=object))
        cols["unit"].append(np.asarray(units, dtype=object))
        cols["latest_x"].append(latest_x)
        cols["chart"].append(np.full(k, res.chart, dtype=object))
        cols["improvement"].append(np.full(k, res.improvement or "", dtype=object))
        for col, values in block.items():
            cols[col].append(values)
    out = {}
    for col in MATRIX_COLUMNS:
        if col in ("variation_words", "assurance_words"):
            continue
        parts = cols[col]
        out[col] = (
            pd.concat(parts, ignore_index=True)
            if col == "latest_x"
            else np.concatenate(parts)
        )
    frame = pd.DataFrame(out)
    if pd.api.types.is_object_dtype(frame["latest_x"]):
        stamps = pd.to_datetime(frame["latest_x"], errors="coerce")
        if stamps.notna().sum() == frame["latest_x"].notna().sum():
            frame["latest_x"] = stamps
    frame["variation_words"] = frame["variation"].map(VARIATION_WORDS).fillna("")
    frame["assurance_words"] = frame["assurance"].map(ASSURANCE_WORDS).fillna("")
    return frame[list(MATRIX_COLUMNS)]


# ------------------------------------------------------------------- aim reached

#: Columns of :attr:`AimResult.frame`.
AIM_COLUMNS = (
    "unit",
    "periods",
    "reached",
    "first_x",
    "first_value",
    "periods_met",
    "longest_run",
    "sustained",
    "sustained_from",
    "latest_x",
    "latest",
    "latest_met",
)


@dataclass(frozen=True, repr=False, eq=False)
class AimResult:
    """Which units reached the aim, when, and whether they sustained it.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per unit (sorted by name): ``unit``, ``periods`` (with a value),
        ``reached`` (any period met the aim), ``first_x`` and ``first_value`` (the
        first period that did), ``periods_met``, ``longest_run`` (most periods in
        a row at the aim), ``sustained`` (``longest_run >= sustain``),
        ``sustained_from`` (the first period of the first such run), ``latest_x``,
        ``latest`` and ``latest_met``.
    target : float
        The aim's value (multiplied, as the values are).
    improvement : {"increase", "decrease"}
        Which side of the target meets the aim.
    sustain : int
        Periods in a row that count as sustained.
    unit_name : str or None
        The name of the unit column.
    """

    frame: pd.DataFrame
    target: float
    improvement: str
    sustain: int
    unit_name: str | None = None
    _values: pd.DataFrame | None = None
    _sustained_at: pd.Series | None = None

    def by_period(self) -> pd.DataFrame:
        """How many units have reached (and sustained) the aim by each period.

        Returns
        -------
        pandas.DataFrame
            One row per period: ``x``, ``units`` (reporting that period),
            ``met`` (at the aim that period), ``reached`` (reached it at least
            once by then), ``sustained`` (completed a run of ``sustain`` periods
            by then).
        """
        vals = self._values
        periods = np.sort(pd.unique(vals["x"]))
        first = self.frame.set_index("unit")["first_x"]
        done = self._sustained_at
        rows = []
        for p in periods:
            now = vals[vals["x"] == p]
            rows.append(
                {
                    "x": p,
                    "units": len(now),
                    "met": int(now["met"].sum()),
                    "reached": int((first.notna() & (first <= p)).sum()),
                    "sustained": int((done.notna() & (done <= p)).sum()),
                }
            )
        return pd.DataFrame(rows, columns=["x", "units", "met", "reached", "sustained"])

    def explain(self) -> str:
        """Plain-English findings: who reached the aim, who first, who held it.

        Also says how many units meet the aim in their latest period.
        """
        f = self.frame
        k = len(f)
        units = cm.noun(self.unit_name)
        side = "or more" if self.improvement == "increase" else "or less"
        aim = f"{fmt_number(self.target)} {side}"
        reached = f[f["reached"]]
        lines = []
        if not len(reached):
            lines.append(f"None of the {k} {units} has reached the aim of {aim}.")
        else:
            firsts = reached.sort_values("first_x", kind="stable")
            when = firsts["first_x"].iloc[0]
            who = firsts["unit"][firsts["first_x"] == when]
            lines.append(
                f"{len(reached)} of {k} {units} reached the aim of {aim}: "
                f"{cm.listing(firsts['unit'])}. First: {cm.listing(who)} "
                f"({cm.fmt_x(when)})."
            )
            held = f[f["sustained"]]
            lines.append(
                f"{len(held)} of {k} {units} sustained it for "
                f"{plural(self.sustain, 'period')} in a row or more"
                + (f": {cm.listing(held['unit'])}." if len(held) else ".")
            )
        now = f[f["latest_met"]]
        lines.append(
            f"{len(now)} of {k} {units} meet the aim in their latest period"
            + (f": {cm.listing(now['unit'])}." if len(now) else ".")
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        f = self.frame
        return (
            f"AimResult(units={len(f)}, reached={int(f['reached'].sum())}, "
            f"sustained={int(f['sustained'].sum())})"
        )


def aim_reached(
    data: Any,
    *,
    y: Any,
    unit: Any,
    x: Any,
    target: float,
    improvement: str,
    n: Any = None,
    multiply: float = 1,
    sustain: int = 3,
) -> AimResult:
    """How many units reached the aim, when, and whether they sustained it.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit and period.
    y, unit, x : str or array-like
        The value (or numerator), the unit, the period (dates or numbers).
    target : float
        The aim's value on the scale of the values (85 for 85% with
        ``multiply=100``).
    improvement : {"increase", "decrease"}
        ``"increase"``: the aim is met at ``target`` or more; ``"decrease"``: at
        ``target`` or less.
    n : str or array-like, optional
        A denominator: the value is then the share y/n × ``multiply``, so y cannot
        be more than n, and each unit's n in a period must be above zero. (For a
        rate whose count can exceed its denominator, work out the value first and
        pass it as y.)
    multiply : float
        Multiply the values (100 for percentages).
    sustain : int
        How many periods in a row at the aim count as sustained (default 3).

    Returns
    -------
    AimResult
        ``.frame`` (one row per unit), ``.by_period()``, ``.explain()``.

    Raises
    ------
    InputError
        For a missing or non-numeric target, a direction other than increase or
        decrease, ``sustain`` below 1, ``multiply`` of zero or less.
    DataError
        For values that are not numbers or are missing, negative counts, n = 0,
        y > n for shares, a missing unit or period.
    ColumnError
        When a named column is not in ``data``.

    Notes
    -----
    Rows of the same unit and period are combined: Σy/Σn with a denominator, the
    mean without. A period with no value breaks a run. The aim is read from the
    values themselves, not from the chart's signals: a unit can reach the aim by
    chance, which is why ``sustained`` is reported beside ``reached``.

    Examples
    --------
    >>> import pandas as pd
    >>> from qikit.spread import aim_reached
    >>> df = pd.DataFrame({"home": ["Ash"] * 5 + ["Elm"] * 5,
    ...                    "month": list(range(1, 6)) * 2,
    ...                    "pct": [80, 86, 87, 88, 90, 70, 86, 72, 74, 75]})
    >>> res = aim_reached(df, y="pct", unit="home", x="month", target=85,
    ...                   improvement="increase")
    >>> res.frame[["unit", "reached", "first_x", "sustained", "latest_met"]]
      unit  reached  first_x  sustained  latest_met
    0  Ash     True        2       True        True
    1  Elm     True        2      False       False
    """
    data = v.table(data)
    target = v.number(target, "target", example="85")
    improvement = v.choice(
        improvement, "improvement", IMPROVEMENTS[:2], aliases=IMPROVEMENT_ALIASES
    )
    sustain = v.whole_number(sustain, "sustain", minimum=1, example=3)
    multiply = v.number(multiply, "multiply", positive=True, example="100")
    u, u_name = cm.column(data, unit, "unit", length=len(data))
    u = cm.text_labels(u, "unit")
    xs, _ = cm.column(data, x, "x", length=len(data), example="'month'")
    xs = cm.as_x(xs, "x")
    ys, _ = cm.column(data, y, "y", length=len(data), example="'percent'")
    yv = cm.numbers(ys, "y", missing=True)
    if n is not None:
        ns, _ = cm.column(data, n, "n", length=len(data), example="'reviews'")
        nv = cm.numbers(ns, "n", what="denominator", minimum=0)
        _check_counts(yv, nv)
    table = pd.DataFrame({"unit": u, "x": xs, "y": yv})
    if n is not None:
        table["n"] = nv
        g = table.groupby(["unit", "x"], sort=True)
        sums = g[["y", "n"]].sum(min_count=1)
        _check_zero_n(sums)
        values = (sums["y"] / sums["n"] * multiply).rename("value").reset_index()
    else:
        values = (
            (table.groupby(["unit", "x"], sort=True)["y"].mean() * multiply)
            .rename("value")
            .reset_index()
        )
    with np.errstate(invalid="ignore"):
        met = (
            values["value"] >= target
            if improvement == "increase"
            else values["value"] <= target
        )
    values["met"] = met.to_numpy() & values["value"].notna().to_numpy()
    frame, done = _aim_table(values, sustain)
    return AimResult(
        frame=frame,
        target=target,
        improvement=improvement,
        sustain=sustain,
        unit_name=u_name,
        _values=values,
        _sustained_at=done,
    )


def _check_counts(y: np.ndarray, n: np.ndarray) -> None:
    neg = np.flatnonzero(y < 0)
    if neg.size:
        raise DataError(
            f"`y`: counts cannot be negative ({v.rows_text(neg)}, e.g. "
            f"{fmt_number(y[neg[0]])}). Correct those entries."
        )
    over = np.flatnonzero(y > n)
    if over.size:
        i = over[0]
        raise DataError(
            f"`y`: a share's count cannot be larger than its denominator "
            f"({v.rows_text(over)}, e.g. y = {fmt_number(y[i])} out of n = "
            f"{fmt_number(n[i])}). Check that y and n are the right way round."
        )


def _check_zero_n(sums: pd.DataFrame) -> None:
    zero = sums.index[sums["n"].to_numpy() <= 0]
    if len(zero):
        unit, x = zero[0]
        raise DataError(
            f"`n`: a unit has n = 0 in a period (unit {unit!r} at {cm.fmt_x(x)}"
            f"{' and ' + str(len(zero) - 1) + ' more' if len(zero) > 1 else ''}). "
            "A period with no one to count has no value: drop it or correct n."
        )


def _aim_table(values: pd.DataFrame, sustain: int) -> pd.DataFrame:
    rows = []
    for unit, g in values.groupby("unit", sort=True):
        met = g["met"].to_numpy()
        xs = g["x"].to_numpy()
        vals = g["value"].to_numpy()
        have = np.flatnonzero(~np.isnan(vals))
        hits = np.flatnonzero(met)
        run, longest, start, sus_from, sus_at = 0, 0, 0, None, None
        for i, ok in enumerate(met):
            if ok:
                if run == 0:
                    start = i
                run += 1
                longest = max(longest, run)
                if run == sustain and sus_from is None:
                    sus_from, sus_at = xs[start], xs[i]
            else:
                run = 0
        last = have[-1] if have.size else None
        rows.append(
            {
                "unit": unit,
                "periods": int(have.size),
                "reached": bool(hits.size),
                "first_x": xs[hits[0]] if hits.size else None,
                "first_value": vals[hits[0]] if hits.size else np.nan,
                "periods_met": int(hits.size),
                "longest_run": int(longest),
                "sustained": longest >= sustain,
                "sustained_from": sus_from,
                "latest_x": xs[last] if last is not None else None,
                "latest": vals[last] if last is not None else np.nan,
                "latest_met": bool(met[last]) if last is not None else False,
                "_sustained_at": sus_at,
            }
        )
    out = pd.DataFrame(rows, columns=[*AIM_COLUMNS, "_sustained_at"])
    if pd.api.types.is_datetime64_any_dtype(values["x"]):
        for col in ("first_x", "sustained_from", "latest_x", "_sustained_at"):
            out[col] = pd.to_datetime(out[col])
    done = out.pop("_sustained_at")
    done.index = out["unit"]
    return out, done
