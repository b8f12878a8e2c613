"""Argument checking for the cohort store (private).

Everything a caller hands to :class:`qikit.store.Store` passes through here first
and comes out either clean or as an :class:`~qikit.errors.InputError` built with
:func:`qikit._validate.fail`, in the house pattern::

    `{argument}`: {what is wrong} (got {value}). {what to do}

What is the same everywhere in qikit (showing a value, the message itself, a
missing column) comes from :mod:`qikit._validate`; what is particular to the store
(names of cohorts, teams and learners; game rounds and payloads; data points
appended one row at a time) is here. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from qikit._dates import DATE_HINT, looks_like_date, to_timestamp
from qikit._validate import column, fail, short_repr
from qikit.errors import ColumnError, DataError, InputError
from qikit.improve.measures import X_TYPES
from qikit.store.schema import NAME_LENGTH, X_LENGTH

__all__ = [
    "Point",
    "XValue",
    "X_TYPES",
    "clean_name",
    "clean_optional_name",
    "clean_payload",
    "clean_points",
    "clean_round",
    "fit_points",
    "number_text",
]

_EXAMPLES = {
    "cohort": "'Spring 2025'",
    "team": "'Ward 3'",
    "learner": "'Aisha Khan'",
    "project": "'Fewer falls on Ward 6'",
    "measure": "'Falls per 1,000 bed days'",
    "game": "'red beads'",
    "recorded_by": "'Aisha Khan'",
}
#: Whose name a message asks for, where "the {noun}'s name" does not read well.
_WHOSE = {"recorded_by": "the name of whoever entered the values"}


def _noun(argument: str) -> str:
    """``"team"`` for ``team``, ``"project"`` for ``project.name``."""
    parts = argument.split(".")
    return parts[-2] if parts[-1] == "name" and len(parts) > 1 else parts[-1]


def clean_name(value: Any, argument: str) -> str:
    """Return ``value`` trimmed, or raise InputError if it cannot be a name.

    A name is text of 1 to 200 characters after trimming spaces at both ends, on
    one line (no tabs, line breaks or other control characters).

    Examples
    --------
    >>> clean_name("  Ward 3 ", "team")
    'Ward 3'
    >>> clean_name("", "team")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `team`: a name cannot be empty (got ''). Type the \
team's name, for example 'Ward 3'.
    """
    noun = _noun(argument)
    whose = _WHOSE.get(noun, f"the {noun.replace('_', ' ')}'s name")
    example = _EXAMPLES.get(noun, "'Ward 3'")
    if not isinstance(value, str):
        raise fail(
            argument,
            "a name must be text",
            value,
            f"Type {whose} in quotes, for example {example}.",
        )
    name = value.strip()
    if not name:
        raise fail(
            argument,
            "a name cannot be empty",
            value,
            f"Type {whose}, for example {example}.",
        )
    if len(name) > NAME_LENGTH:
        raise fail(
            argument,
            f"a name can have at most {NAME_LENGTH} characters, and this one has "
            f"{len(name)}",
            name,
            f"Use a shorter name, such as {example}.",
        )
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in name):
        raise fail(
            argument,
            "a name must be ordinary text on one line, without tabs, line breaks or "
            "invisible control characters",
            name,
            "Retype the name rather than pasting it.",
        )
    return name


def clean_optional_name(value: Any, argument: str) -> str | None:
    """Like :func:`clean_name`, but ``None`` stays ``None``."""
    return None if value is None else clean_name(value, argument)


def clean_round(value: Any) -> int | None:
    """A game round: ``None`` or a whole number from 0 to 1,000,000.

    Examples
    --------
    >>> clean_round(3), clean_round(None)
    (3, None)
    """
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or not 0 <= int(value) <= 1_000_000
    ):
        raise fail(
            "round",
            "the round must be a whole number from 0 to 1,000,000",
            value,
            "Number the rounds 1, 2, 3, ..., or leave it out.",
        )
    return int(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and type(value).__module__ == "numpy":
        return item()
    tolist = getattr(value, "tolist", None)  # numpy arrays
    if callable(tolist) and type(value).__module__ == "numpy":
        return tolist()
    raise TypeError(type(value).__name__)


def clean_payload(value: Any) -> dict[str, Any]:
    """Return a JSON-safe copy of a game result's ``payload``.

    Dates become ISO strings and numpy numbers plain numbers; anything else that
    JSON cannot hold (``NaN``, sets, objects) raises InputError.

    Examples
    --------
    >>> import datetime as dt
    >>> clean_payload({"red_beads": 12, "day": dt.date(2025, 3, 4)})
    {'red_beads': 12, 'day': '2025-03-04'}
    """
    if not isinstance(value, Mapping):
        raise fail(
            "payload",
            "a game result must be a dictionary of named values",
            value,
            "For example {'red_beads': 12, 'willing_worker': 'Aisha'}.",
        )
    try:
        text = json.dumps(
            dict(value), default=_json_default, allow_nan=False, ensure_ascii=False
        )
        return json.loads(text)
    except (TypeError, ValueError, RecursionError) as error:
        raise fail(
            "payload",
            f"the result holds a value that cannot be stored ({error})",
            value,
            "Use only text, numbers (not NaN or infinity), true/false, None, dates, "
            "lists and dictionaries with text keys.",
        ) from None


# ------------------------------------------------------------------------ data points
# The kinds of x a measure can have are qikit.improve.measures.X_TYPES. What follows
# is the store's own part: reading data points one row at a time, as a learner
# enters them, without building a table first.


class XValue(NamedTuple):
    """One x value, read every way it could be meant."""

    kind: str  # one of X_TYPES, or "date?"/"datetime?" for text that reads as a time
    text: str  # as text (for a measure whose x are labels)
    time: str | None  # ISO 8601, when it is a date or time
    value: Any  # as given, for messages


class Point(NamedTuple):
    """A data point checked for storing (its x still to be fitted to the measure)."""

    x: XValue
    y: float | None
    n: float | None


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT, pd.NA all compare unequal to self
    except (TypeError, ValueError):
        return False


def number_text(value: float) -> str:
    """Numbers as stored: whole numbers without a decimal point."""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _iso_time(value: dt.datetime) -> tuple[str, str]:
    """``(iso, kind)``; times are kept as on the clock (the offset is dropped), as
    :class:`qikit.improve.measures.Measure` does."""
    value = value.replace(tzinfo=None)
    if value.time() == dt.time(0):
        return value.date().isoformat(), "date"
    return value.isoformat(), "datetime"


def _x(value: Any, row: int) -> XValue:
    given = value
    if _is_missing(value):
        raise fail(
            "rows",
            f"row {row} has no x",
            value,
            "Give each value the date or period it belongs to, such as '2024-03-04' "
            "or 'Week 12'.",
        )
    if type(value).__module__ == "numpy" and hasattr(value, "astype"):
        kind = getattr(getattr(value, "dtype", None), "kind", "")
        if kind == "M":  # numpy.datetime64
            value = value.astype("datetime64[us]").item()
        elif callable(getattr(value, "item", None)):
            value = value.item()
    if isinstance(value, bool):
        pass  # true/false is not a time; fall through to the error
    elif isinstance(value, dt.datetime):
        iso, kind = _iso_time(value)
        return XValue(kind, iso, iso, given)
    elif isinstance(value, dt.date):
        return XValue("date", value.isoformat(), value.isoformat(), given)
    elif isinstance(value, numbers.Real):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            number = math.inf
        if math.isfinite(number):
            return XValue("number", number_text(number), None, given)
    elif isinstance(value, str) or type(value).__name__ == "Period":
        text = str(value).strip()
        if text and len(text) <= X_LENGTH and text.isprintable():
            if looks_like_date(text):  # read day first, as qic() reads x
                try:
                    stamp = to_timestamp(text, "rows")
                except InputError:
                    raise fail(
                        "rows",
                        f"row {row} has an x that looks like a date but is not a real "
                        "one",
                        given,
                        "qikit reads dates day first, as in the UK (04/03/2024 is 4 "
                        f"March 2024). {DATE_HINT}",
                    ) from None
                iso, kind = _iso_time(stamp.to_pydatetime())
                return XValue(kind + "?", text, iso, given)
            return XValue("text", text, None, given)
    raise fail(
        "rows",
        f"row {row} has an x that cannot be used as a date or period",
        given,
        "Use a date such as '2024-03-04', a number, or a short label such as "
        f"'Week 12' (at most {X_LENGTH} characters, on one line).",
    )


def _number(value: Any, name: str, row: int) -> float | None:
    if _is_missing(value):
        return None
    if not isinstance(value, bool) and isinstance(value, numbers.Real):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            number = math.inf
        if math.isfinite(number):
            if name == "n" and number < 0:
                raise fail(
                    "rows",
                    f"row {row} has a negative n",
                    value,
                    "n is the denominator (patients, bed days, opportunities) and is "
                    "zero or more.",
                    error=DataError,
                )
            return number
    what = "y (the value)" if name == "y" else "n (the denominator)"
    raise fail(
        "rows",
        f"row {row} has a {what} that is not a number",
        value,
        "Type numbers only, such as 12 or 0.85, or leave it empty when it is missing.",
        error=DataError,
    )


_COLUMNS_FIX = (
    "Say which columns hold the dates or periods, the values and the denominators "
    "with x=, y= and n=, or name the columns x, y and n."
)


def _table_column(rows: Any, name: Any, argument: str) -> Any:
    """The label of the column ``name`` of the table ``rows`` (a helpful error)."""
    try:
        return column(rows, name, argument)
    except ColumnError as error:
        raise ColumnError(f"{error} {_COLUMNS_FIX}") from None


def _records(
    rows: Any, x: Any, y: Any, n: Any | None
) -> tuple[Iterable[Any], tuple[Any, Any, Any]]:
    """The rows one by one, and the keys of x, y and n in each."""
    columns = getattr(rows, "columns", None)
    if columns is not None and callable(getattr(rows, "to_dict", None)):  # DataFrame
        keys = [_table_column(rows, x, "x"), _table_column(rows, y, "y")]
        if n is not None:
            keys.append(_table_column(rows, n, "n"))
        elif "n" in rows.columns:
            keys.append("n")
        records = rows[keys].to_dict("records")
        return records, (keys[0], keys[1], keys[2] if len(keys) == 3 else None)
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
        raise fail(
            "rows",
            "expected a table of data points",
            rows,
            "Pass a DataFrame with columns x, y and optionally n, or a list such as "
            "[('2024-03-04', 12), ('2024-03-11', 9)].",
        )
    return rows, (x, y, "n" if n is None else n)


def clean_points(
    rows: Any, *, x: Any = "x", y: Any = "y", n: Any | None = None
) -> list[Point]:
    """Check a DataFrame or a list of rows of data points.

    Each row is a mapping with keys ``x``, ``y`` and optionally ``n``, or a tuple
    ``(x, y)`` or ``(x, y, n)``. ``y`` and ``n`` may be missing (``None`` or NaN);
    ``x`` may not. The keywords name other columns (or keys) for x, y and n; the
    column ``n`` is used when there is one. Use :func:`fit_points` to fit the x
    values to a measure.

    Examples
    --------
    >>> import datetime as dt
    >>> points = clean_points([(dt.date(2024, 3, 4), 12), ("2024-03-11", 9.5, 40)])
    >>> [(p.x.kind, p.x.time, p.y, p.n) for p in points]
    [('date', '2024-03-04', 12.0, None), ('date?', '2024-03-11', 9.5, 40.0)]
    """
    records, (kx, ky, kn) = _records(rows, x, y, n)
    points: list[Point] = []
    for number, row in enumerate(records, start=1):
        if isinstance(row, Mapping):
            if kx not in row or ky not in row:
                raise fail(
                    "rows",
                    f"row {number} needs the keys {kx!r} and {ky!r}",
                    row,
                    f"Write each row as {{{kx!r}: '2024-03-04', {ky!r}: 12}}.",
                    error=ColumnError,
                )
            vx, vy, vn = row[kx], row[ky], row.get(kn)
        elif isinstance(row, tuple | list) and len(row) in (2, 3):
            vx, vy, vn = (*row, None)[:3]
        else:
            raise fail(
                "rows",
                f"row {number} is not a data point",
                row,
                "Write each row as (x, y) or (x, y, n), such as ('2024-03-04', 12).",
            )
        points.append(
            Point(_x(vx, number), _number(vy, "y", number), _number(vn, "n", number))
        )
    return points


_TIMES = {"date", "date?", "datetime", "datetime?"}


def fit_points(points: list[Point], x_type: str | None) -> tuple[str | None, list[str]]:
    """Fit the x values of ``points`` to a measure whose x are ``x_type``.

    Returns the measure's x type afterwards, one of
    :data:`qikit.improve.measures.X_TYPES` (a measure of dates becomes one of times
    when a time of day is added; a measure without data takes the kind of its first
    points), and the x values as stored.

    Examples
    --------
    >>> fit_points(clean_points([("2024-03-04", 1), ("2024-03-11", 2)]), None)
    ('date', ['2024-03-04', '2024-03-11'])
    >>> fit_points(clean_points([("Week 3", 1)]), "date")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `rows`: row 1 has an x that is not a date (got 'Week...
    """
    kinds = {p.x.kind for p in points}
    if not points:
        return x_type, []
    if x_type is None:
        if kinds <= _TIMES:
            x_type = "datetime" if kinds & {"datetime", "datetime?"} else "date"
        elif kinds == {"number"}:
            x_type = "number"
        elif kinds <= {"text", "date?", "datetime?"}:
            x_type = "text"
        else:
            first = points[0].x
            other = next(
                (i, p.x) for i, p in enumerate(points, 1) if p.x.kind != first.kind
            )
            raise fail(
                "rows",
                "the x values mix dates, numbers and labels (row 1 has "
                f"{short_repr(first.value)}, row {other[0]} has "
                f"{short_repr(other[1].value)})",
                fix="Use one kind for every point: dates such as '2024-03-04', "
                "numbers, or labels such as 'Week 1'.",
            )
    if x_type in ("date", "datetime"):
        for row, p in enumerate(points, 1):
            if p.x.time is None:
                raise fail(
                    "rows",
                    f"row {row} has an x that is not a date",
                    p.x.value,
                    "This measure's x values are dates: give a date such as "
                    "'2024-03-04'.",
                )
        if kinds & {"datetime", "datetime?"}:
            x_type = "datetime"
        return x_type, [p.x.time for p in points]  # type: ignore[misc]
    if x_type == "number":
        for row, p in enumerate(points, 1):
            if p.x.kind != "number":
                raise fail(
                    "rows",
                    f"row {row} has an x that is not a number",
                    p.x.value,
                    "This measure's x values are numbers: give a number such as 12.",
                )
        return x_type, [p.x.text for p in points]
    return "text", [p.x.text for p in points]
