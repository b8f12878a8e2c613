"""Tables for the module on why variation matters: RAG ratings and league tables.

The curriculum's module 1 (``curriculum/01_variation.ipynb``) shows how a board report
reads a stable process: a red, amber or green rating for each month, and a league
table of many units ranked on one period. These helpers show both as accessible HTML
tables (a caption, column headers, no engine column names), so a notebook cell stays
one line long:

- :func:`rag_table`: a year of ratings on each row, one column per month, each cell
  the rating and the percentage ("Red 83.0%"), so the colour is never the only sign.
- :func:`league_table`: the top and bottom of a league table in one period, with each
  unit's size and its rank in a later period.

Examples
--------
>>> from qikit.datasets import load_dataset
>>> rag = load_dataset("rag_ratings")
>>> rag_frame(rag).iloc[0, :3].tolist()
['April 2021 to March 2022', 'Red 83.0%', 'Amber 86.6%']
>>> "<caption>Ratings</caption>" in rag_table(rag, caption="Ratings").data
True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit.apps._display import table_html

__all__ = [
    "RAG_NAMES",
    "league_frame",
    "league_table",
    "rag_frame",
    "rag_table",
]

#: The ratings as a table names them (the colour is always written out).
RAG_NAMES: dict[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}


def _dates(data: pd.DataFrame, x: str, argument: str) -> pd.Series:
    """The dates of column ``x`` as Timestamps (an error when none can be read)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        dates = pd.to_datetime(data[x], errors="coerce")
    if dates.isna().all():
        raise v.fail(
            argument,
            "does not hold dates",
            data[x].head(3).tolist(),
            "Pass a column of dates, such as 2021-04-01.",
        )
    return dates


def _months(data: pd.DataFrame, x: str, argument: str) -> pd.Series:
    """The dates of column ``x`` as Timestamps, one a month with none repeated."""
    dates = _dates(data, x, argument)
    months = dates.dt.to_period("M")
    if months.isna().any() or months.duplicated().any():
        raise v.fail(
            argument,
            "must hold one date for each month, with none missing or repeated",
            dates.head(3).tolist(),
            "Pass one row for each month.",
        )
    return dates


def rag_frame(
    data: pd.DataFrame,
    *,
    x: str = "month",
    y: str = "percent",
    rag: str = "rag",
) -> pd.DataFrame:
    """The monthly ratings laid out a year to a row, each cell rating and value.

    Parameters
    ----------
    data : pandas.DataFrame
        One row for each month, such as the data set ``rag_ratings``.
    x, y, rag : str
        The columns of the month (dates), the percentage and the rating (``red``,
        ``amber`` or ``green``).

    Returns
    -------
    pandas.DataFrame
        Column ``Year`` ("April 2021 to March 2022": twelve months from the first
        month of the data), then one column per month of the year, named by the
        month ("Apr", "May", …), each cell the rating and the percentage to one
        decimal ("Red 83.0%"). A cell of a year that is not complete is empty.

    Raises
    ------
    qikit.errors.InputError
        When a column is missing, the months repeat, or a rating is not red, amber
        or green.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=2,
    ...                       freq="MS"), "percent": [91.0, 84.5],
    ...                       "rag": ["green", "red"]})
    >>> rag_frame(frame).iloc[0, :4].tolist()
    ['January 2024 to December 2024', 'Green 91.0%', 'Red 84.5%', '']
    """
    data = v.table(data, "data")
    x = v.column(data, x, "x")
    y = v.column(data, y, "y")
    rag = v.column(data, rag, "rag")
    if data.empty:
        raise v.fail("data", "has no rows", len(data), "Pass one row for each month.")
    ratings = data[rag].astype(str).str.strip().str.lower()
    bad = sorted(set(ratings) - set(RAG_NAMES))
    if bad:
        raise v.fail(
            "rag",
            "holds ratings other than red, amber and green",
            bad[:3],
            "Rate each month red, amber or green.",
        )
    dates = _months(data, x, "x")
    order = np.argsort(dates.to_numpy(), kind="stable")
    dates = dates.iloc[order].reset_index(drop=True)
    ratings = ratings.iloc[order].reset_index(drop=True)
    values = pd.to_numeric(data[y].iloc[order], errors="coerce").reset_index(drop=True)
    first = dates.iloc[0].to_period("M")
    offset = (dates.dt.to_period("M") - first).map(lambda d: d.n)
    names = [(first + i).strftime("%b") for i in range(12)]
    rows: dict[int, dict[str, Any]] = {}
    for step, rating, value in zip(offset, ratings, values, strict=True):
        year, month = divmod(int(step), 12)
        if year not in rows:
            start, end = first + 12 * year, first + 12 * year + 11
            rows[year] = {"Year": f"{start:%B %Y} to {end:%B %Y}"}
            rows[year].update(dict.fromkeys(names, ""))
        shown = "" if pd.isna(value) else f" {float(value):.1f}%"
        rows[year][names[month]] = f"{RAG_NAMES[rating]}{shown}"
    return pd.DataFrame([rows[k] for k in sorted(rows)], columns=["Year", *names])


def rag_table(data: pd.DataFrame, *, caption: str, **columns: str) -> HTML:
    """:func:`rag_frame` as an accessible HTML table with a caption.

    ``columns`` are :func:`rag_frame`'s ``x``, ``y`` and ``rag``.

    Raises
    ------
    qikit.errors.InputError
        As :func:`rag_frame`, or for an empty caption.
    """
    caption = v.text(caption, "caption", required=True)
    frame = rag_frame(data, **columns)
    return HTML(table_html(frame, caption=caption))


def _period_label(start: pd.Timestamp, months: int) -> str:
    """'Apr–Jun 2013' for a quarter, 'Apr 2013' for a month."""
    if months <= 1:
        return f"{start:%b %Y}"
    end = start + pd.DateOffset(months=months - 1)
    if end.year == start.year:
        return f"{start:%b}–{end:%b %Y}"
    return f"{start:%b %Y}–{end:%b %Y}"


def league_frame(
    data: pd.DataFrame,
    *,
    periods: Sequence[Any],
    unit: str = "cpp",
    x: str = "quarter",
    y: str = "percent",
    n: str = "reviews",
    show: int = 5,
) -> pd.DataFrame:
    """The top and bottom of a league table, with each unit's rank in later periods.

    The units are ranked on the first of ``periods``, highest ``y`` first; units
    with the same value share the better rank (as league tables do). The table
    keeps the ``show`` units at the top and the ``show`` at the bottom.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit and period, such as the data set ``milestones_27_30``.
    periods : sequence of dates
        The period the table ranks on, then the later periods to compare with.
    unit, x, y, n : str
        The columns of the unit's name, the period, the value (a percentage) and
        the denominator (how many people the value is about).
    show : int
        How many units to keep at each end (1 or more).

    Returns
    -------
    pandas.DataFrame
        Columns ``Rank``, ``Partnership`` (the unit), ``Children reviewed`` (``n``
        in the first period) and ``%`` (``y`` in the first period, one decimal),
        then ``Rank in <period>`` for each later period ("Apr–Jun 2013" for a
        quarter). Rows best first; a row "…" stands for the units left out.

    Raises
    ------
    qikit.errors.InputError
        When a column is missing, a period is not in the data, a unit is missing
        from a period, or ``show`` is not a whole number of 1 or more.

    Examples
    --------
    >>> from qikit.datasets import load_dataset
    >>> data = load_dataset("milestones_27_30")
    >>> league = league_frame(data, periods=["2013-04-01", "2013-10-01"], show=1)
    >>> league.to_dict("list")["Partnership"]
    ['West Dunbartonshire', '…', 'Orkney Islands']
    >>> list(league.columns)[-1]
    'Rank in Oct–Dec 2013'
    """
    data = v.table(data, "data")
    unit = v.column(data, unit, "unit")
    x = v.column(data, x, "x")
    y = v.column(data, y, "y")
    n = v.column(data, n, "n")
    show = v.whole_number(show, "show", minimum=1)
    wanted = [v.timestamp(p, v.path("periods", i)) for i, p in enumerate(periods)]
    if not wanted:
        raise v.fail(
            "periods",
            "is empty",
            list(periods),
            "Give the period to rank on, e.g. periods=['2013-04-01'].",
        )
    dates = _dates(data, x, "x")
    known = sorted(pd.unique(dates))
    steps = np.diff(pd.DatetimeIndex(known).to_period("M").asi8)
    months = int(steps.min()) if len(steps) else 1
    tables = []
    for i, period in enumerate(wanted):
        rows = data[dates == period]
        if rows.empty:
            raise v.fail(
                v.path("periods", i),
                "is not a period in the data",
                period.date().isoformat(),
                f"Use one of the dates in column {x!r}, e.g. "
                f"{pd.Timestamp(known[0]).date().isoformat()!r}.",
            )
        values = pd.to_numeric(rows[y], errors="coerce")
        ranks = values.rank(ascending=False, method="min")
        tables.append(
            pd.DataFrame(
                {
                    "unit": rows[unit].astype(str).to_numpy(),
                    "n": rows[n].to_numpy(),
                    "y": values.to_numpy(),
                    "rank": ranks.to_numpy(),
                }
            ).set_index("unit")
        )
    first = tables[0].sort_values(["rank", "y"], ascending=[True, False], kind="stable")
    for i, later in enumerate(tables[1:], start=1):
        missing = sorted(set(first.index) - set(later.index))
        if missing:
            raise v.fail(
                v.path("periods", i),
                f"has no row for {missing[0]!r}",
                wanted[i].date().isoformat(),
                "Choose periods in which every unit reports.",
            )
    keep = (
        first
        if len(first) <= 2 * show
        else pd.concat([first.head(show), first.tail(show)])
    )
    out = pd.DataFrame(
        {
            "Rank": keep["rank"].astype(np.int64).to_numpy(),
            "Partnership": keep.index.to_numpy(),
            "Children reviewed": keep["n"].astype(np.int64).to_numpy(),
            "%": [f"{float(value):.1f}" for value in keep["y"]],
        }
    )
    for period, later in zip(wanted[1:], tables[1:], strict=True):
        label = f"Rank in {_period_label(period, months)}"
        out[label] = later.loc[keep.index, "rank"].astype(np.int64).to_numpy()
    if len(first) > 2 * show:
        gap = pd.DataFrame([dict.fromkeys(out.columns, "…")])
        out = pd.concat(
            [out.head(show).astype(object), gap, out.tail(show).astype(object)],
            ignore_index=True,
        )
    return out


def league_table(data: pd.DataFrame, *, caption: str, **options: Any) -> HTML:
    """:func:`league_frame` as an accessible HTML table with a caption.

    ``options`` are :func:`league_frame`'s keyword arguments (``periods`` is
    required).

    Raises
    ------
    qikit.errors.InputError
        As :func:`league_frame`, or for an empty caption.
    """
    caption = v.text(caption, "caption", required=True)
    frame = league_frame(data, **options)
    return HTML(table_html(frame, caption=caption))
