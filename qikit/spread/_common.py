"""What the spread tools share: reading columns, numbers and dates; wording (private).

Every public function of :mod:`qikit.spread` checks its input with these helpers
(built on :mod:`qikit._validate`), so a column is named, a number is refused and a
date is read the same way everywhere, with the house message: "`argument`: problem
(got value). What to do."
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._dates import parse_date_series
from qikit._format import fmt_number, human_date, join_words, plural
from qikit.errors import DataError

__all__ = [
    "as_x",
    "column",
    "fmt_x",
    "listing",
    "mapping_or_value",
    "noun",
    "numbers",
    "text_labels",
]

#: How many names a sentence lists before "and 5 more".
NAMES_SHOWN = 10


def column(
    data: pd.DataFrame | None,
    value: Any,
    argument: str,
    *,
    length: int | None = None,
    example: str = "'team'",
) -> tuple[pd.Series, str | None]:
    """The values named (a column of ``data``) or given (a list) by an argument.

    Returns the values as a Series with a fresh index, and the column's name (or the
    Series' name, or None).

    Raises
    ------
    InputError
        When a name is given without ``data``, the value is missing or is not one
        column, or the length differs from ``length``.
    ColumnError
        When ``data`` has no such column (with did-you-mean).

    Examples
    --------
    >>> df = pd.DataFrame({"team": ["A", "B"]})
    >>> column(df, "team", "unit")[1]
    'team'
    >>> column(df, "tem", "unit")
    Traceback (most recent call last):
    ...
    qikit.errors.ColumnError: `unit`: there is no column called 'tem' in the data. \
Did you mean 'team'? The columns are: 'team'.
    """
    if isinstance(value, str):
        if data is None:
            raise v.fail(
                argument,
                "is a column name, but no `data` was given",
                value,
                "Pass your table as data=..., or pass the values themselves.",
            )
        name = v.column(data, value, argument)
        return data[name].reset_index(drop=True), str(name)
    if value is None:
        raise v.fail(
            argument,
            "is missing",
            value,
            f"Name a column, e.g. {argument}={example}, or give the values.",
        )
    if isinstance(value, pd.DataFrame | Mapping | set) or np.ndim(value) != 1:
        raise v.fail(
            argument,
            "must be a column name or a list of values",
            value,
            f"Pass one column, e.g. {argument}={example}.",
        )
    series = pd.Series(value).reset_index(drop=True)
    if length is not None and len(series) != length:
        raise v.fail(
            argument,
            f"has {len(series)} values but the data has {length} rows",
            fix="Give one value per row.",
        )
    name = getattr(value, "name", None)
    return series, (name if isinstance(name, str) else None)


def numbers(
    series: pd.Series,
    argument: str,
    *,
    missing: bool = False,
    minimum: float | None = None,
    what: str = "value",
) -> np.ndarray:
    """Finite floats, or a :class:`DataError` naming the rows that are not.

    ``missing=True`` lets blanks through as NaN; ``minimum`` refuses smaller values
    ("counts cannot be negative").

    Examples
    --------
    >>> numbers(pd.Series([1, "2", 3.5]), "y").tolist()
    [1.0, 2.0, 3.5]
    >>> numbers(pd.Series([1, -2]), "y", minimum=0, what="count")
    Traceback (most recent call last):
    ...
    qikit.errors.DataError: `y`: a count cannot be below 0 (row 2, got -2). Correct \
those entries.
    """
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_bool_dtype(
        series
    ):
        raise DataError(
            f"`{argument}`: expected numbers (got {series.dtype} values). Pass the "
            "column that holds the numbers."
        )
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "iuf":
        out = series.to_numpy(dtype=float)
    else:
        conv = pd.to_numeric(series, errors="coerce")
        bad = np.flatnonzero(conv.isna().to_numpy() & series.notna().to_numpy())
        if bad.size:
            raise DataError(
                f"`{argument}`: {plural(bad.size, what)} "
                f"{'is' if bad.size == 1 else 'are'} not a number "
                f"({v.rows_text(bad)}, e.g. {v.short_repr(series.iloc[bad[0]])}). "
                "Correct or delete those entries so every value is a number."
            )
        out = conv.to_numpy(dtype=float, na_value=np.nan)
    gone = np.flatnonzero(np.isnan(out))
    if gone.size and not missing:
        raise DataError(
            f"`{argument}`: {plural(gone.size, what)} "
            f"{'is' if gone.size == 1 else 'are'} missing ({v.rows_text(gone)}). "
            "Fill them in, or drop those rows first (df.dropna())."
        )
    inf = np.flatnonzero(np.isinf(out))
    if inf.size:
        raise DataError(
            f"`{argument}`: {plural(inf.size, what)} "
            f"{'is' if inf.size == 1 else 'are'} infinite ({v.rows_text(inf)}). "
            "This usually comes from dividing by zero in a spreadsheet: correct "
            "those entries."
        )
    if minimum is not None:
        low = np.flatnonzero(out < minimum)
        if low.size:
            raise DataError(
                f"`{argument}`: a {what} cannot be below {fmt_number(minimum)} "
                f"({v.rows_text(low)}, got {fmt_number(out[low[0]])}). Correct "
                "those entries."
            )
    return out


def text_labels(series: pd.Series, argument: str) -> pd.Series:
    """Labels (units, teams, members) as stripped text; blanks refused.

    Examples
    --------
    >>> text_labels(pd.Series([" Ward 6", 7]), "unit").tolist()
    ['Ward 6', '7']
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    stripped = np.array([str(u).strip() for u in uniques], dtype=object)
    gone = np.flatnonzero((codes < 0) | np.isin(codes, np.flatnonzero(stripped == "")))
    if gone.size:
        raise DataError(
            f"`{argument}`: {plural(gone.size, 'label')} "
            f"{'is' if gone.size == 1 else 'are'} missing ({v.rows_text(gone)}). "
            "Give every row its label, or drop those rows."
        )
    return pd.Series(stripped[codes], index=series.index)


def as_x(series: pd.Series, argument: str = "x") -> pd.Series:
    """Time values: dates written as text are read (UK day first); others kept.

    Examples
    --------
    >>> as_x(pd.Series(["01/04/2024", "01/05/2024"])).dt.month.tolist()
    [4, 5]
    """
    if series.isna().any():
        gone = np.flatnonzero(series.isna().to_numpy())
        raise DataError(
            f"`{argument}`: {plural(gone.size, 'date')} "
            f"{'is' if gone.size == 1 else 'are'} missing ({v.rows_text(gone)}). "
            "Give every row its date or period."
        )
    if pd.api.types.is_datetime64_any_dtype(series):
        return series
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        dates = parse_date_series(series.astype(object), argument)
        if dates is not None:
            return dates
        if series.map(lambda a: isinstance(a, dt.date)).all():
            return pd.to_datetime(series)
    return series


def fmt_x(value: Any) -> str:
    """A time value for a sentence: "1 April 2024", or the value itself.

    Examples
    --------
    >>> fmt_x(pd.Timestamp("2024-04-01")), fmt_x(7)
    ('1 April 2024', '7')
    """
    if isinstance(value, pd.Timestamp | dt.date | np.datetime64):
        stamp = pd.Timestamp(value)
        return "not available" if pd.isna(stamp) else human_date(stamp)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def noun(name: str | None, default: str = "units") -> str:
    """The plural word for the units, from the column's name ("partnerships").

    Examples
    --------
    >>> noun("partnership"), noun("Team"), noun("cpp"), noun(None)
    ('partnerships', 'teams', 'units', 'units')
    """
    if name and re.fullmatch(r"[A-Za-z][A-Za-z ]{3,30}", name.strip()):
        word = name.strip().lower()
        return word if word.endswith("s") else word + "s"
    return default


def listing(names: Iterable[object], limit: int = NAMES_SHOWN) -> str:
    """Names for a sentence, the rest counted: "A, B and 3 more".

    Examples
    --------
    >>> listing(["A", "B", "C"], limit=2)
    'A, B and 1 more'
    """
    items = [str(n) for n in names]
    shown = items[:limit]
    if len(items) > limit:
        shown.append(f"{len(items) - limit} more")
    return join_words(shown)


def mapping_or_value(
    value: Any, argument: str, keys: list[str], what: str
) -> dict[str, Any]:
    """One value for every key, from a single value or a mapping {key: value}.

    Keys not named in a mapping get None. A mapping key that is not one of
    ``keys`` is refused, with did-you-mean.

    Examples
    --------
    >>> mapping_or_value({"Falls": "decrease"}, "improvement", ["Falls", "Hip"],
    ...                  "measure")
    {'Falls': 'decrease', 'Hip': None}
    """
    if not isinstance(value, Mapping):
        return dict.fromkeys(keys, value)
    for key in value:
        if key not in keys:
            near = v.closest(key, keys)
            hint = f"Did you mean {near!r}? " if near is not None else ""
            raise v.fail(
                v.path(argument, str(key)),
                f"is not a {what} in the data",
                key,
                f"{hint}The {what}s are: {listing(repr(k) for k in keys)}.",
            )
    return {key: value.get(key) for key in keys}
