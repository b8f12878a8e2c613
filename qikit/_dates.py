"""Reading dates as people in the UK write them (private).

One parser for every date qikit reads: chart x values, annotations, aims, PDSA cycles,
project files and web-app uploads. It reads

- ISO dates and times: ``2024-03-01``, ``2024-03``, ``2024-03-01 09:30``;
- day-first numeric dates (the UK default in Excel and CSV exports): ``01/04/2023``,
  ``1/4/23``, ``01-04-2023``, ``01.04.2023``;
- dates with month names: ``1 April 2024``, ``01-Apr-2024``, ``1 Apr 24``;
- months: ``Apr-23``, ``Apr 2023``, ``April 2023``, ``Jan-2024`` (the first of the
  month).

Day-first text is never read month-first. Text that looks like dates but cannot be read
(``13/13/2024``, or ``03/25/2024`` written month-first) is an error that says how to fix
it, never a label kept in file order. Imports nothing from qikit's subpackages.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any

import numpy as np
import pandas as pd

from qikit.errors import DataError, InputError

__all__ = [
    "DATE_HINT",
    "is_month_only",
    "looks_like_date",
    "looks_like_dates",
    "parse_date",
    "parse_date_series",
    "to_timestamp",
]

#: What to write, in messages that ask for a date.
DATE_HINT = (
    "Write the date as day/month/year, such as '31/03/2024', or as '2024-03-31'."
)

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"

# Each pattern: (name, compiled regex). Groups are named for the parser.
_PATTERNS = {
    "iso": re.compile(
        r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?"
        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
    ),
    "dmy": re.compile(
        r"^(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
        + _TIME
        + "$"
    ),
    "d_mon_y": re.compile(
        r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s\-/]+(?P<mon>" + _MONTH_RE + r")\.?"
        r"[\s\-/,]+(?P<y>\d{4}|\d{2})" + _TIME + "$",
        re.IGNORECASE,
    ),
    "mon_y": re.compile(
        r"^(?P<mon>" + _MONTH_RE + r")\.?[\s\-/,]*'?(?P<y>\d{4}|\d{2})$",
        re.IGNORECASE,
    ),
}


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:  # Excel's rule: 00-29 are 2000s, 30-99 are 1900s
        y += 2000 if y < 30 else 1900
    return y


def _match(text: str):
    for name, pattern in _PATTERNS.items():
        m = pattern.match(text)
        if m:
            return name, m
    return None, None


def _from_match(name: str, m: re.Match, original: str) -> pd.Timestamp:
    """A Timestamp from a matched pattern; ValueError when the fields are impossible."""
    if name == "iso":
        ts = pd.Timestamp(original.strip())
        return ts.tz_localize(None) if ts.tzinfo is not None else ts
    g = m.groupdict()
    year = _year(g["y"])
    month = _MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
    day = int(g["d"]) if g.get("d") else 1
    time = re.search(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", original[m.start("y") :])
    hour = minute = second = 0
    if time and name in ("dmy", "d_mon_y"):
        hour, minute = int(time.group(1)), int(time.group(2))
        second = int(time.group(3) or 0)
    return pd.Timestamp(year, month, day, hour, minute, second)


def looks_like_dates(values: pd.Series) -> bool:
    """True when every non-blank text value has the shape of a date qikit reads."""
    text = values.dropna().astype(str).str.strip()
    text = text[text != ""]
    if text.empty:
        return False
    ok = np.zeros(len(text), dtype=bool)
    for pattern in _PATTERNS.values():
        ok |= text.str.match(pattern).to_numpy()
    return bool(ok.all())


def looks_like_date(value: Any) -> bool:
    """True for text with the shape of a date qikit reads, real or not.

    For one value what :func:`looks_like_dates` is for a column: text that
    :func:`to_timestamp` reads, or refuses as an impossible or month-first date.

    Examples
    --------
    >>> looks_like_date("04/03/2024"), looks_like_date("31/02/2024")
    (True, True)
    >>> looks_like_date("Week 3"), looks_like_date(20240304)
    (False, False)
    """
    return isinstance(value, str) and _match(value.strip())[0] is not None


def is_month_only(value: Any) -> bool:
    """True for text that names a month but no day, such as ``Apr-23``.

    :func:`parse_date` reads ``Apr-23``, ``March 2024`` and ``2024-03`` as the
    first of the month; deadlines use this to mean the end of that month instead.

    Examples
    --------
    >>> is_month_only("Mar 2026"), is_month_only("2026-03"), is_month_only("31/03/2026")
    (True, True, False)
    """
    if not isinstance(value, str):
        return False
    name, m = _match(value.strip())
    return name == "mon_y" or (name == "iso" and m.group("d") is None)


def _why_not(text: str) -> str:
    """Why one date-shaped text cannot be read, in plain words."""
    name, m = _match(text)
    if name == "dmy":
        d, mth = int(m.group("d")), int(m.group("m"))
        if mth > 12 and d <= 12:
            return (
                f"{text!r} would be month {mth}: it looks written month first "
                "(American style)"
            )
        return f"{text!r} is not a real date"
    return f"{text!r} is not a real date"


def parse_date_series(
    values: pd.Series, argument: str, *, min_share: float = 0.5
) -> pd.Series | None:
    """Text that holds dates, as ``datetime64`` values; ``None`` when it is not dates.

    Parameters
    ----------
    values : pandas.Series
        Text (object or string dtype). Other dtypes return ``None``.
    argument : str
        The argument name used in messages, such as ``"x"``.
    min_share : float, default 0.5
        When at least this share of the values look like dates but some do not, the
        column is refused rather than read as labels.

    Returns
    -------
    pandas.Series or None
        ``datetime64[ns]`` values (missing stay ``NaT``), or ``None`` when the text is
        not dates (labels such as ``"Week 1"``).

    Raises
    ------
    DataError
        When most values look like dates but some cannot be read: an impossible date,
        a month-first date, or a few entries that are not dates at all.

    Examples
    --------
    >>> s = pd.Series(["01/04/2023", "01/05/2023", "Apr-23"])
    >>> parse_date_series(s, "x").dt.strftime("%Y-%m-%d").tolist()
    ['2023-04-01', '2023-05-01', '2023-04-01']
    >>> parse_date_series(pd.Series(["Week 1", "Week 2"]), "x") is None
    True
    """
    if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
        return None
    present = values.notna().to_numpy()
    if not present.any():
        return None
    text = values.astype(str).str.strip()
    kinds = np.full(len(text), "", dtype=object)
    for name, pattern in _PATTERNS.items():
        hit = text.str.match(pattern).to_numpy() & present & (kinds == "")
        kinds[hit] = name
    dated = kinds != ""
    share = dated.sum() / present.sum()
    if share == 0:
        return None
    if share < 1:
        if share < min_share:
            return None
        bad = np.flatnonzero(present & ~dated)
        raise DataError(
            f"`{argument}`: {int(dated.sum())} values look like dates but "
            f"{bad.size} {'do' if bad.size > 1 else 'does'} not ({_rows(bad)}, e.g. "
            f"{values.iloc[bad[0]]!r}). Correct those entries so every row has a date, "
            "or delete those rows."
        )
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    bad: list[int] = []
    for name in _PATTERNS:
        idx = np.flatnonzero(kinds == name)
        if not idx.size:
            continue
        part = text.iloc[idx]
        parsed = _parse_fast(name, part)
        if parsed is None:
            parsed = np.full(idx.size, np.datetime64("NaT"), dtype="datetime64[ns]")
            for j, s in enumerate(part):
                _, m = _match(s)
                try:
                    parsed[j] = _as_ns(_from_match(name, m, s))
                except (ValueError, OverflowError, KeyError):
                    bad.append(int(idx[j]))
        out[idx] = parsed
    if bad:
        bad.sort()
        raise DataError(
            f"`{argument}`: {len(bad)} date{'s' if len(bad) > 1 else ''} cannot be "
            "read "
            f"({_rows(bad)}: {_why_not(text.iloc[bad[0]])}). qikit reads dates day "
            "first, as in the UK (01/04/2023 is 1 April 2023). Correct those entries, "
            "or convert the column yourself, e.g. "
            f"pd.to_datetime(df[{argument!r}], format='%m/%d/%Y') for American dates."
        )
    return pd.Series(out, index=values.index, name=values.name)


def _parse_fast(name: str, part: pd.Series) -> np.ndarray | None:
    """Vectorised parsing for the common shapes; ``None`` to fall back to the loop."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if name == "iso":
                parsed = pd.to_datetime(part, format="ISO8601", utc=False)
                if getattr(parsed.dt, "tz", None) is not None:
                    parsed = parsed.dt.tz_localize(None)
                return _ns_or_none(parsed)
            if name == "dmy":
                norm = part.str.replace(r"[.\-]", "/", regex=True)
                for fmt in (
                    "%d/%m/%Y",
                    "%d/%m/%y",
                    "%d/%m/%Y %H:%M",
                    "%d/%m/%Y %H:%M:%S",
                ):
                    try:
                        parsed = pd.to_datetime(norm, format=fmt)
                    except (ValueError, TypeError):
                        continue
                    return _ns_or_none(parsed)
                return None
        except (ValueError, TypeError, OverflowError):
            return None
    return None


def _as_ns(stamp: pd.Timestamp) -> np.datetime64:
    """``stamp`` in nanoseconds; OverflowError outside 1677-2262 (never wrapped)."""
    if not pd.Timestamp.min <= stamp <= pd.Timestamp.max:
        raise OverflowError("outside the dates that nanoseconds can hold")
    return np.datetime64(stamp, "ns")


def _ns_or_none(parsed: pd.Series) -> np.ndarray | None:
    """Parsed dates in nanoseconds, or ``None`` to read them one by one.

    ``None`` when some fall outside 1677-2262, which ``to_numpy`` would silently wrap
    round.
    """
    try:
        return parsed.astype("datetime64[ns]").to_numpy()
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        return None


def _rows(idx) -> str:
    idx = [int(i) + 1 for i in idx]
    shown = ", ".join(str(i) for i in idx[:8])
    more = f" and {len(idx) - 8} more" if len(idx) > 8 else ""
    return f"row {shown}" if len(idx) == 1 else f"rows {shown}{more}"


def to_timestamp(value: Any, argument: str) -> pd.Timestamp | None:
    """One date as a :class:`pandas.Timestamp` (time of day kept); ``None`` for blanks.

    Accepts a date, datetime, Timestamp, ``numpy.datetime64`` or text in any of the
    shapes this module reads (day first).

    Raises
    ------
    InputError
        When the value is not a date.

    Examples
    --------
    >>> to_timestamp("07/04/2024", "annotations[0]")
    Timestamp('2024-04-07 00:00:00')
    >>> to_timestamp("Jan 2024", "start")
    Timestamp('2024-01-01 00:00:00')
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return (
            None if pd.isna(value) else value.tz_localize(None) if value.tz else value
        )
    if isinstance(value, (dt.datetime, dt.date, np.datetime64)):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return None
        return ts.tz_localize(None) if ts.tz else ts
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        name, m = _match(text)
        if name is not None:
            try:
                return _from_match(name, m, text)
            except (ValueError, OverflowError, KeyError):
                raise InputError(
                    f"`{argument}`: is not a real date (got {value!r}: "
                    f"{_why_not(text)}). qikit reads dates day first, as in the UK. "
                    + DATE_HINT
                ) from None
    raise InputError(f"`{argument}`: is not a date (got {value!r}). {DATE_HINT}")


def parse_date(value: Any, argument: str) -> dt.date | None:
    """One date as a :class:`datetime.date`; ``None`` for blanks.

    Examples
    --------
    >>> parse_date("31/03/2026", "by")
    datetime.date(2026, 3, 31)
    >>> parse_date("2026-03-31", "by")
    datetime.date(2026, 3, 31)
    >>> parse_date("next year", "by")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `by`: is not a date (got 'next year'). Write the date as \
day/month/year, such as '31/03/2024', or as '2024-03-31'.
    """
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        try:  # ISO, as project files store dates: the common case, made quick
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # the full reader below says what is wrong
    ts = to_timestamp(value, argument)
    return None if ts is None else ts.date()
