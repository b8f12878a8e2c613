"""The x axis of a chart: positions for dates, numbers or categories, and their ticks.

Everything is drawn at float positions: Matplotlib date numbers for dates, the values
themselves for numbers, 0, 1, 2, … for categories (labels such as ``"Ward A"`` or
``"2024-Q1"``). The same scale converts annotation x values, so a PDSA date lands on
the right point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.axes import Axes

from qikit._dates import DATE_HINT, to_timestamp
from qikit.errors import InputError
from qikit.plot._text import text_width_points
from qikit.plot.style import FONT_SIZES

Kind = Literal["date", "number", "category"]


@dataclass(frozen=True)
class XScale:
    """Float positions of the x values of one panel and how to label them."""

    kind: Kind
    positions: np.ndarray
    labels: tuple[str, ...] = field(default=())

    def convert(self, values: pd.Series) -> np.ndarray:
        """Positions of other x values (annotations) on this scale.

        Raises
        ------
        InputError
            When a value is not a date, number or category of this chart.
        """
        if self.kind == "date":
            return _date_positions(_annotation_dates(values))
        if self.kind == "number":
            converted = pd.to_numeric(values, errors="coerce")
            if converted.isna().any():
                raise InputError(
                    f"`annotations`: x values must be numbers, like the chart's x "
                    f"(got {list(values)!r}). Use the x value of the point to mark."
                )
            return converted.to_numpy(float)
        lookup = {label: float(i) for i, label in enumerate(self.labels)}
        unknown = [v for v in values.astype(str) if v not in lookup]
        if unknown:
            raise InputError(
                f"`annotations`: x values not on the chart (got {unknown!r}). "
                f"Use one of: {', '.join(self.labels[:12])}"
                f"{' …' if len(self.labels) > 12 else ''}."
            )
        return values.astype(str).map(lookup).to_numpy(float)


def _annotation_dates(values: pd.Series) -> pd.Series:
    """Annotation x values as dates, text read day first (07/04/2024 is 7 April)."""
    stamps, bad = [], []
    for value in values:
        try:
            stamp = to_timestamp(value, "annotations")
        except InputError:
            stamp = None
        if stamp is None:
            bad.append(value)
        stamps.append(stamp)
    if bad:
        raise InputError(
            f"`annotations`: x values must be dates, like the chart's x (got "
            f"{bad[:5]!r}). {DATE_HINT}"
        )
    return pd.Series(pd.DatetimeIndex(stamps), index=values.index)


def _date_positions(values: pd.Series) -> np.ndarray:
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)  # keep the wall-clock time people read
    return np.asarray(mdates.date2num(values.to_numpy("datetime64[ns]")), float)


def x_scale(x: pd.Series) -> XScale:
    """Choose the kind of x axis for a column of x values and place the points.

    Examples
    --------
    >>> import pandas as pd
    >>> x_scale(pd.Series(["Mon", "Tue"])).positions
    array([0., 1.])
    >>> x_scale(pd.Series(pd.to_datetime(["2024-01-01"]))).kind
    'date'
    """
    if isinstance(x.dtype, pd.PeriodDtype):
        x = x.dt.to_timestamp()
    if pd.api.types.is_datetime64_any_dtype(x.dtype):
        return XScale("date", _date_positions(x))
    if pd.api.types.is_numeric_dtype(x.dtype) and not pd.api.types.is_bool_dtype(
        x.dtype
    ):
        return XScale("number", x.to_numpy(float))
    labels = tuple(x.astype(str))
    return XScale("category", np.arange(len(labels), dtype=float), labels)


def segment_edges(positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Left and right edges of each point's slot: half way to its neighbours.

    Stepped limits, part dividers and the baseline shading all use these edges, so a
    limit that changes with n is drawn as one flat step per point.

    Examples
    --------
    >>> segment_edges(np.array([0.0, 1.0, 3.0]))
    (array([-0.5,  0.5,  2. ]), array([0.5, 2. , 4. ]))
    """
    if positions.size == 0:
        return positions.copy(), positions.copy()
    if positions.size == 1:
        return positions - 0.5, positions + 0.5
    mids = (positions[1:] + positions[:-1]) / 2
    left = np.concatenate([[positions[0] - (mids[0] - positions[0])], mids])
    right = np.concatenate([mids, [positions[-1] + (positions[-1] - mids[-1])]])
    return left, right


def format_x_axis(ax: Axes, scale: XScale, date_format: str | None = None) -> None:
    """Ticks and tick labels that stay readable however many points there are."""
    width_pts = ax.get_window_extent().width * 72 / ax.figure.dpi
    max_ticks = int(np.clip(width_pts // 45, 5, 12))
    if scale.kind == "date":
        locator = mdates.AutoDateLocator(minticks=3, maxticks=max_ticks)
        # Two and a half to three years on a narrow panel fit neither Matplotlib's
        # yearly ticks (too few) nor its 6-monthly ones (one too many), and it would
        # warn: allow that one more, and yearly ticks as a last resort.
        locator.maxticks[mdates.MONTHLY] = max_ticks + 1
        locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
        ax.xaxis.set_major_locator(locator)
        formatter = (
            mdates.DateFormatter(date_format)
            if date_format
            else FirstYearFormatter(locator)
        )
        ax.xaxis.set_major_formatter(formatter)
        return
    if scale.kind == "number":
        integer = bool(np.all(np.mod(scale.positions, 1) == 0))
        ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=max_ticks, integer=integer))
        return
    _category_ticks(ax, scale, width_pts)


class FirstYearFormatter(mdates.ConciseDateFormatter):
    """Concise date labels that also give the year of the first label.

    Matplotlib's concise labels write a month name, and the year only where it
    changes ("May Sep 2017 May …"), so the first year is nowhere on the axis. Here
    the first month label carries its year ("May 2016").

    Examples
    --------
    >>> import datetime as dt
    >>> months = [dt.datetime(2016, m, 1) for m in (5, 9)] + [dt.datetime(2017, 1, 1)]
    >>> locator = mdates.AutoDateLocator()
    >>> FirstYearFormatter(locator).format_ticks(mdates.date2num(months))
    ['May 2016', 'Sep', '2017']
    """

    def format_ticks(self, values: list[float]) -> list[str]:
        labels = list(super().format_ticks(values))
        has_year = any(
            label.strip().isdigit() and len(label.strip()) == 4 for label in labels
        )
        if labels and has_year and labels[0].strip().isalpha():
            year = mdates.num2date(values[0]).year
            labels[0] = f"{labels[0]} {year}"
        return labels


def _category_ticks(ax: Axes, scale: XScale, width_pts: float) -> None:
    n = len(scale.labels)
    # Measure only the few longest labels (by characters): enough to find the widest.
    longest = sorted(set(scale.labels), key=len)[-5:]
    widest = max(
        (text_width_points(s, FONT_SIZES["tick"]) for s in longest), default=0.0
    )
    # Horizontal labels need their own width plus a gap; rotated ones about a line.
    rotate = n > 0 and widest + 8 > width_pts / max(n, 1)
    room = FONT_SIZES["tick"] * 1.8 if rotate else widest + 12
    step = max(1, int(np.ceil(n * room / max(width_pts, 1))))
    ticks = np.arange(0, n, step)
    ax.xaxis.set_major_locator(ticker.FixedLocator(ticks))
    ax.xaxis.set_major_formatter(
        ticker.FixedFormatter([scale.labels[i] for i in ticks])
    )
    if rotate:
        ax.tick_params(axis="x", labelrotation=45)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
