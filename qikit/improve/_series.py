"""A measure's data: the x, y and optional n columns, cleaned and stored (private).

:func:`clean_data` turns whatever a learner or a project file gives (a table, a dict
of columns) into a fresh DataFrame with ``x`` as dates (text read day first, as in
the UK), numbers or period labels, and ``y`` and ``n`` as floats; anything else is an
:class:`~qikit.errors.InputError` that says what to do. :func:`data_to_dict` writes it
back as JSON-safe column lists with :data:`X_TYPES`, the kinds of x (the one owner of
that list; :mod:`qikit.improve.measures` and the store read it from here).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._dates import parse_date_series

__all__ = ["X_TYPES", "clean_data", "data_to_dict"]

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")

#: The kinds of x a measure's data can have (``to_dict()["data"]["x_type"]``): the
#: one owner of this taxonomy (the store reads it from here).
X_TYPES: tuple[str, ...] = ("date", "datetime", "number", "text")


def _x_type(x: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(x):
        if x.empty:
            return "date"
        times = x - x.dt.normalize()
        return "date" if (times == pd.Timedelta(0)).all() else "datetime"
    if pd.api.types.is_numeric_dtype(x) and not pd.api.types.is_bool_dtype(x):
        return "number"
    return "text"


def _clean_x(values: Any, x_type: str | None) -> pd.Series:
    """x as datetime64, float/int or text; anything else is an InputError.

    Text dates are read day first, as in the UK (``"07/04/2025"`` is 7 April), and
    so are ``"2024-03-31"`` and months such as ``"Apr-23"``; text that is not dates
    (``"Week 1"``) stays text.
    """
    x = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
    x = x.reset_index(drop=True)
    if x.isna().any():
        row = int(np.flatnonzero(x.isna().to_numpy())[0])
        raise v.fail(
            "data",
            f"column x has a missing value in row {row + 1}",
            None,
            "Give every point its date or period; delete rows that have none.",
        )
    if x_type is not None:
        x_type = v.choice(x_type, "data.x_type", X_TYPES)
    if pd.api.types.is_datetime64_any_dtype(x):
        return _chartable(x if x.dt.tz is None else x.dt.tz_localize(None))
    items = list(x)
    texts = [isinstance(item, str) for item in items]
    if x_type in ("date", "datetime") and all(texts):
        iso = _iso_dates(items)  # as qikit writes them in files: quick to read
        if iso is not None:
            return _chartable(iso)
    if x_type in ("date", "datetime") or (
        x_type is None
        and items
        and all(
            t or _is_date_object(item) for t, item in zip(texts, items, strict=True)
        )
        and not all(texts)
    ):
        return _chartable(_as_dates(items, texts))
    if all(texts):
        if x_type == "number":
            raise v.fail("data", "column x should hold numbers", items[:3], "Check x.")
        if x_type is None:
            dates = parse_date_series(pd.Series(items, dtype=object), "x")
            if dates is not None:
                return dates
        return pd.Series(items, dtype=object)
    if all(_is_plain_number(item) for item in items):
        if x_type == "text":
            raise v.fail("data", "column x should hold text", items[:3], "Check x.")
        numbers = [float(item) for item in items]
        if not all(math.isfinite(number) for number in numbers):
            raise v.fail(
                "data", "column x holds an infinite number", items[:3], "Check x."
            )
        if all(number.is_integer() for number in numbers) and all(
            abs(number) < 2**53 for number in numbers
        ):
            return pd.Series([int(number) for number in numbers], dtype="int64")
        return pd.Series(numbers, dtype="float64")
    raise v.fail(
        "data",
        "column x mixes kinds of value",
        items[:3],
        "Use dates for every point (e.g. '31/03/2024'), or numbers, or period labels "
        "such as 'Week 1', but not a mixture.",
    )


def _iso_dates(items: list[str]) -> pd.Series | None:
    """ISO dates and times, read in one go; ``None`` when any is not ISO."""
    if not all(_ISO.match(item) for item in items):
        return None
    try:
        out = pd.to_datetime(pd.Series(items, dtype=object), format="ISO8601")
    except (ValueError, TypeError, OverflowError):
        return None
    return out.dt.tz_localize(None) if out.dt.tz is not None else out


def _as_dates(items: list[Any], texts: list[bool]) -> pd.Series:
    """Dates given as objects or text (day first) as one datetime64 column."""
    if not all(
        t or _is_date_object(item) for t, item in zip(texts, items, strict=True)
    ):
        # numbers are not dates: they would otherwise become nanoseconds from 1970
        raise v.fail(
            "data",
            "column x holds something that is not a date",
            items[:3],
            "Write dates as '31/03/2024' or '2024-03-31'.",
        )
    values: list[Any] = list(items)
    if any(texts):
        only_text = pd.Series(
            [item if t else None for t, item in zip(texts, items, strict=True)],
            dtype=object,
        )
        parsed = parse_date_series(only_text, "x", min_share=0.0)
        if parsed is None:
            raise v.fail(
                "data",
                "column x holds something that is not a date",
                items[:3],
                "Write dates as '31/03/2024' or '2024-03-31'.",
            )
        for k, t in enumerate(texts):
            if t:
                values[k] = parsed.iloc[k]
    for k, (t, item) in enumerate(zip(texts, items, strict=True)):
        if not t:
            stamp = pd.Timestamp(item)
            stamp = stamp.tz_localize(None) if stamp.tz else stamp
            if not _EARLIEST <= stamp <= _LATEST:
                raise _uncharted(k, stamp)
            values[k] = stamp
    return pd.to_datetime(pd.Series(values, dtype=object))


#: The dates a chart can hold (pandas' nanosecond range, about 1678 to 2261).
_EARLIEST, _LATEST = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")


def _uncharted(row: int, stamp: pd.Timestamp) -> Exception:
    return v.fail(
        "data",
        f"column x has a date that cannot be charted in row {row + 1}",
        stamp.date().isoformat(),
        "Check the year: dates from 1678 to 2261 can be charted.",
    )


def _chartable(x: pd.Series) -> pd.Series:
    outside = ((x < _EARLIEST) | (x > _LATEST)).to_numpy()
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise _uncharted(row, x.iloc[row])
    return x


def _is_date_object(item: Any) -> bool:
    return isinstance(item, pd.Timestamp | np.datetime64 | dt.date)


def _is_plain_number(v: Any) -> bool:
    return (isinstance(v, int | float | np.integer | np.floating)) and not isinstance(
        v, bool | np.bool_
    )


def _clean_numbers(values: Any, column: str, *, minimum: float | None) -> pd.Series:
    s = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_bool_dtype(s):
        raise v.fail(
            "data",
            f"column {column} holds True/False values",
            list(s.iloc[:3]),
            f"Give numbers in column {column}; count True as 1 before you save it.",
        )
    bad = [
        v
        for v in s
        if v is not None
        and not (isinstance(v, float) and math.isnan(v))
        and not _is_plain_number(v)
        and not (isinstance(v, str) and _number_text(v))
    ]
    if bad:
        raise v.fail(
            "data",
            f"column {column} holds something that is not a number",
            bad[0],
            f"Put only numbers (or leave blank for missing) in column {column}.",
        )
    try:
        out = pd.to_numeric(s.astype(object).where(s.notna(), np.nan), errors="raise")
    except (ValueError, TypeError, OverflowError) as err:
        raise v.fail(
            "data",
            f"column {column} holds something that is not a number",
            list(s.iloc[:3]),
            f"Put only numbers (or leave blank for missing) in column {column}.",
        ) from err
    out = out.astype("float64")
    if np.isinf(out.to_numpy()).any():
        raise v.fail(
            "data",
            f"column {column} holds an infinite value",
            list(s.iloc[:3]),
            "Check the data for a division by zero.",
        )
    if minimum is not None and (out < minimum).any():
        row = int(np.flatnonzero((out < minimum).to_numpy())[0])
        raise v.fail(
            "data",
            f"column {column} has a negative value in row {row + 1}",
            float(out.iloc[row]),
            "Counts and denominators cannot be negative: check the data.",
        )
    return out


def _number_text(v: str) -> bool:
    try:
        return math.isfinite(float(v))
    except ValueError:
        return False


def clean_data(data: Any) -> pd.DataFrame | None:
    """A fresh DataFrame with columns x, y and optional n, or None for no data."""
    if data is None:
        return None
    x_type = None
    if isinstance(data, Mapping):
        data = dict(data)
        x_type = data.pop("x_type", None)
        for key, value in data.items():
            if not isinstance(key, str):
                raise v.fail(
                    "data",
                    "has a column name that is not text",
                    key,
                    "Use the columns x, y and n.",
                )
            if isinstance(value, str | bytes | Mapping) or not isinstance(
                value, Iterable
            ):
                raise v.fail(
                    "data",
                    f"column {key} must be a list of values",
                    value,
                    "Give each column as a list, e.g. {'x': [...], 'y': [...]}.",
                )
        lengths = {k: len(list(v)) for k, v in data.items()}
        if len(set(lengths.values())) > 1:
            raise v.fail(
                "data",
                "the columns have different lengths",
                lengths,
                "Give x, y and n the same number of values.",
            )
        data = pd.DataFrame({k: list(v) for k, v in data.items()})
    if not isinstance(data, pd.DataFrame):
        raise v.fail(
            "data",
            "must be a table (DataFrame) with columns x, y and optional n",
            data,
            "Use pandas.DataFrame({'x': dates, 'y': values}).",
        )
    columns = [str(col) for col in data.columns]
    extra = [col for col in columns if col not in ("x", "y", "n")]
    if extra or "x" not in columns or "y" not in columns:
        raise v.fail(
            "data",
            "needs exactly the columns x and y, plus n for a denominator",
            columns,
            "Rename your columns, e.g. df.rename(columns={'week': 'x', 'falls': 'y'}),"
            " and keep other columns elsewhere.",
        )
    if len(set(columns)) != len(columns):
        raise v.fail("data", "has a repeated column name", columns, "Rename it.")
    frame = pd.DataFrame(
        {
            "x": _clean_x(data["x"], x_type),
            "y": _clean_numbers(data["y"], "y", minimum=None),
        }
    )
    if "n" in columns:
        frame["n"] = _clean_numbers(data["n"], "n", minimum=0)
    return frame


def data_to_dict(frame: pd.DataFrame | None) -> dict[str, Any] | None:
    if frame is None:
        return None
    x_type = _x_type(frame["x"])
    if x_type == "date":
        xs: list[Any] = [v.date().isoformat() for v in frame["x"]]
    elif x_type == "datetime":
        xs = [v.isoformat() for v in frame["x"]]
    elif x_type == "number":
        xs = [v.item() if hasattr(v, "item") else v for v in frame["x"]]
    else:
        xs = [str(v) for v in frame["x"]]
    out: dict[str, Any] = {"x_type": x_type, "x": xs}
    for col in ("y", "n"):
        if col in frame:
            out[col] = [None if math.isnan(v) else _tidy_float(v) for v in frame[col]]
    return out


def _tidy_float(v: float) -> float | int:
    v = float(v)
    return int(v) if v.is_integer() and abs(v) < 2**53 else v
