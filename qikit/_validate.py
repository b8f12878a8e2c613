"""One validation toolkit for every qikit package (private).

Every user-facing function checks its arguments at its boundary with these helpers, so
the same argument accepts the same values everywhere and every message has one shape::

    `{argument}`: {problem} (got {value}). {what to do}

The argument is what the user typed or the path to it inside a bigger object
(``project.measures[0].colour``, made with :func:`path`), never an internal variable.
Apps show ``str(error)``; each message has a test. Imports nothing from qikit's
subpackages, so every layer may use it.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from qikit._dates import DATE_HINT, parse_date, to_timestamp
from qikit.errors import ColumnError, InputError, QikitError

__all__ = [
    "MAX_TEXT",
    "boolean",
    "choice",
    "closest",
    "column",
    "date",
    "fail",
    "list_of",
    "mapping",
    "message",
    "number",
    "path",
    "rows_text",
    "short_repr",
    "table",
    "text",
    "text_list",
    "timestamp",
    "whole_number",
    "within",
]

#: Longest text accepted in one field: a page of writing, not a novel.
MAX_TEXT = 5_000
#: Longest value shown inside a message.
SHORT_LIMIT = 60

_NOTHING = object()


# --------------------------------------------------------------------------- messages


def short_repr(value: Any, limit: int = SHORT_LIMIT) -> str:
    """``repr(value)`` cut to ``limit`` characters, so that messages stay readable.

    Examples
    --------
    >>> short_repr("x" * 100)[-6:]
    'xxx...'
    >>> short_repr([1, 2, 3])
    '[1, 2, 3]'
    """
    try:
        shown = repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        shown = f"<{type(value).__name__}>"
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def message(argument: str, problem: str, value: Any = _NOTHING, fix: str = "") -> str:
    """The house message: ``"`argument`: problem (got value). Fix."``.

    Examples
    --------
    >>> message("shift", "must be a whole number", 7.5, "Give a number such as 7.")
    '`shift`: must be a whole number (got 7.5). Give a number such as 7.'
    """
    got = "" if value is _NOTHING else f" (got {short_repr(value)})"
    text_ = f"`{argument}`: {problem}{got}."
    if fix:
        text_ += " " + fix.strip()
    return text_


def fail(
    argument: str,
    problem: str,
    value: Any = _NOTHING,
    fix: str = "",
    *,
    error: type[QikitError] = InputError,
) -> QikitError:
    """Build (not raise) an error in the house style; ``raise fail(...)``.

    Examples
    --------
    >>> err = fail("paddle", "must be at least 1", 0, "Use a paddle of 50 beads.")
    >>> str(err)
    '`paddle`: must be at least 1 (got 0). Use a paddle of 50 beads.'
    """
    return error(message(argument, problem, value, fix))


def path(*parts: str | int) -> str:
    """The path to a value nested in an object, for messages.

    Examples
    --------
    >>> path("project", "measures", 0, "colour")
    'project.measures[0].colour'
    >>> path("annotations", 2)
    'annotations[2]'
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not out:
            out = str(part)
        else:
            out += f".{part}"
    return out


_ARGUMENT = re.compile(r"`([^`]*)`: ")


def within(prefix: str, error: QikitError) -> QikitError:
    """The same error, its argument moved under ``prefix`` (for nested objects).

    ``from_dict`` methods build their parts with the parts' own argument names
    (`` `kind` ``); the caller that knows where the part sits puts that in front,
    so the message names the whole path. A message without an argument gets the
    prefix as its argument. An empty ``prefix`` returns ``error`` itself.

    Examples
    --------
    >>> err = fail("kind", "is not one of the choices", "outcme", "Use 'outcome'.")
    >>> str(within("project.measures[0]", err))
    "`project.measures[0].kind`: is not one of the choices (got 'outcme'). Use \
'outcome'."
    >>> str(within("cycles", fail("[2].start", "is not a date", 5)))
    '`cycles[2].start`: is not a date (got 5).'
    """
    if not prefix:
        return error
    shown = str(error)
    found = _ARGUMENT.match(shown)
    if found:
        inner = found.group(1)
        joined = prefix + inner if inner.startswith("[") else f"{prefix}.{inner}"
        shown = f"`{joined}`: " + shown[found.end() :]
    else:
        shown = f"`{prefix}`: {shown}"
    out = copy.copy(error)
    out.args = (shown,)
    return out


def rows_text(idx: Iterable[int], *, base: int = 0) -> str:
    """``row 4`` or ``rows 4, 9, 12 and 3 more`` for 0-based positions ``idx``.

    Examples
    --------
    >>> rows_text([3]), rows_text(range(10))
    ('row 4', 'rows 1, 2, 3, 4, 5, 6, 7, 8 and 2 more')
    """
    shown_idx = [int(i) + 1 - base for i in idx]
    shown = ", ".join(str(i) for i in shown_idx[:8])
    more = f" and {len(shown_idx) - 8} more" if len(shown_idx) > 8 else ""
    return f"row {shown}" if len(shown_idx) == 1 else f"rows {shown}{more}"


def closest(value: Any, choices: Iterable[Any], *, cutoff: float = 0.6) -> Any | None:
    """The choice that ``value`` was most likely meant to be, or ``None``.

    Case, spaces at either end and ``-``/``_`` differences count as the same name.

    Examples
    --------
    >>> closest("Month", ["Month ", "Falls"])
    'Month '
    >>> closest("improvment", ["improvement", "target"])
    'improvement'
    >>> closest("zzz", ["a", "b"]) is None
    True
    """
    choices = list(choices)
    if not isinstance(value, str):
        return None

    def norm(c: Any) -> str:
        return str(c).strip().casefold().replace("-", "_").replace(" ", "_")

    key = norm(value)
    for c in choices:
        if norm(c) == key:
            return c
    normed = {norm(c): c for c in choices}
    hit = difflib.get_close_matches(key, list(normed), n=1, cutoff=cutoff)
    return normed[hit[0]] if hit else None


def _listing(choices: Iterable[Any]) -> str:
    return ", ".join(repr(c) for c in choices)


# ---------------------------------------------------------------------------- choices


def _choice_key(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def choice(
    value: Any,
    argument: str,
    choices: Iterable[str],
    *,
    aliases: Mapping[str, str] | None = None,
) -> str:
    """The canonical choice for ``value``; case, spaces, ``-``/``_``, aliases allowed.

    Parameters
    ----------
    value : Any
        What the user gave.
    argument : str
        Its name (or path) for the message.
    choices : iterable of str
        The canonical names.
    aliases : mapping, optional
        Other accepted spellings, mapped to canonical names (keys in lower case with
        ``_`` for spaces).

    Raises
    ------
    InputError
        Listing the choices, and the closest one when there is a likely slip.

    Examples
    --------
    >>> choice("Lower", "improvement", ["increase", "decrease", "neutral"],
    ...        aliases={"lower": "decrease"})
    'decrease'
    >>> choice("xbr", "chart", ["run", "i", "xbar"])
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `chart`: is not one of the choices (got 'xbr'). Did you \
mean 'xbar'? Use one of: 'run', 'i', 'xbar'.
    """
    choices = tuple(choices)
    aliases = dict(aliases or {})
    if isinstance(value, str):
        key = _choice_key(value)
        key = aliases.get(key, key)
        if key in choices:
            return key
    hint = ""
    near = closest(value, list(choices) + list(aliases), cutoff=0.75)
    if near is not None:
        hint = f"Did you mean {aliases.get(near, near)!r}? "
    raise fail(
        argument,
        "is not one of the choices",
        value,
        f"{hint}Use one of: {_listing(choices)}.",
    )


def boolean(value: Any, argument: str) -> bool:
    """Only a real ``True`` or ``False`` (NumPy booleans too).

    Examples
    --------
    >>> boolean(np.True_, "screen_mr")
    True
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise fail(argument, "must be True or False", value, "Use True or False.")


# ---------------------------------------------------------------------------- numbers


def _as_plain(value: Any) -> Any:
    if isinstance(value, np.generic) and not isinstance(value, np.bool_):
        return value.item()
    return value


def number(
    value: Any,
    argument: str,
    *,
    required: bool = True,
    minimum: float | None = None,
    maximum: float | None = None,
    positive: bool = False,
    example: str = "85 or 2.5",
) -> float | None:
    """A finite float; ``None`` is allowed when not ``required``.

    Raises
    ------
    InputError
        For text, booleans, NaN, infinity, and values outside the bounds.

    Examples
    --------
    >>> number(3, "multiply")
    3.0
    >>> number(float("inf"), "target")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `target`: must be a finite number (got inf). Give an \
ordinary number such as 85 or 2.5.
    """
    if value is None:
        if not required:
            return None
        raise fail(argument, "is missing", value, f"Give a number such as {example}.")
    value = _as_plain(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(
            argument, "must be a number", value, f"Give a number such as {example}."
        )
    try:
        out = float(value)
    except OverflowError:
        raise fail(
            argument, "is too large", value, "Give an ordinary number."
        ) from None
    if not math.isfinite(out):
        raise fail(
            argument,
            "must be a finite number",
            value,
            f"Give an ordinary number such as {example}.",
        )
    _bounds(out, argument, value, minimum, maximum, positive)
    return out


def _bounds(out, argument, value, minimum, maximum, positive) -> None:
    if positive and out <= 0:
        raise fail(argument, "must be more than zero", value, "Give a positive number.")
    if minimum is not None and out < minimum:
        raise fail(
            argument,
            f"must be at least {minimum:g}",
            value,
            f"Give a number of {minimum:g} or more.",
        )
    if maximum is not None and out > maximum:
        raise fail(
            argument,
            f"must be at most {maximum:g}",
            value,
            f"Give a number of {maximum:g} or less.",
        )


def whole_number(
    value: Any,
    argument: str,
    *,
    required: bool = True,
    minimum: int | None = None,
    maximum: int | None = None,
    example: int | None = None,
) -> int | None:
    """An ``int``; floats such as ``7.0`` are accepted, ``7.5`` and booleans are not.

    Examples
    --------
    >>> whole_number(7.0, "shift")
    7
    >>> whole_number(7.5, "shift")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `shift`: must be a whole number (got 7.5). Give a whole \
number such as 7.
    """
    if example is None:
        example = max(minimum or 0, min(maximum or 7, 7))
    if value is None:
        if not required:
            return None
        raise fail(
            argument, "is missing", value, f"Give a whole number such as {example}."
        )
    plain = _as_plain(value)
    if isinstance(plain, float) and math.isfinite(plain) and plain.is_integer():
        plain = int(plain)
    if isinstance(plain, bool) or not isinstance(plain, int):
        raise fail(
            argument,
            "must be a whole number",
            value,
            f"Give a whole number such as {example}.",
        )
    _bounds(float(plain), argument, value, minimum, maximum, False)
    return plain


# ------------------------------------------------------------------------------- text


def text(
    value: Any, argument: str, *, required: bool = False, limit: int = MAX_TEXT
) -> str:
    """``value`` as stripped text; ``None`` becomes ``""``.

    Examples
    --------
    >>> text("  Ward 6 ", "team")
    'Ward 6'
    >>> text(5, "what")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `what`: must be text (got 5). Type the words in quotes.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise fail(argument, "must be text", value, "Type the words in quotes.")
    value = value.strip()
    if len(value) > limit:
        raise fail(
            argument,
            f"is longer than {limit:,} characters",
            value,
            "Shorten it: a few sentences are enough.",
        )
    if required and not value:
        raise fail(argument, "is empty", value, "Write a few words.")
    return value


def text_list(value: Any, argument: str) -> list[str]:
    """A list of non-empty stripped strings; one string is a one-item list.

    Examples
    --------
    >>> text_list(" one ", "predictions"), text_list(None, "predictions")
    (['one'], [])
    """
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise fail(
            argument,
            "must be a list of text",
            value,
            "Give a list such as ['first', 'second'].",
        )
    out: list[str] = []
    for i, item in enumerate(value):
        item = text(item, path(argument, i))
        if item:
            out.append(item)
    return out


# ------------------------------------------------------------------------------ dates


def date(value: Any, argument: str, *, required: bool = False) -> dt.date | None:
    """A :class:`datetime.date` from a date, datetime, Timestamp or text (UK day first).

    Examples
    --------
    >>> date("07/04/2025", "start")
    datetime.date(2025, 4, 7)
    >>> date(None, "start") is None
    True
    """
    out = parse_date(value, argument)
    if out is None and required:
        raise fail(argument, "is missing", value, DATE_HINT)
    return out


def timestamp(value: Any, argument: str) -> pd.Timestamp | None:
    """A :class:`pandas.Timestamp` from any date qikit reads (UK day first)."""
    return to_timestamp(value, argument)


# ----------------------------------------------------------------- tables and columns


def table(data: Any, argument: str = "data") -> pd.DataFrame:
    """A :class:`pandas.DataFrame` from a table, a dict of columns or a list of rows.

    Examples
    --------
    >>> table({"a": [1, 2]}).shape
    (2, 1)
    >>> table(5)
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `data`: must be a table (got 5). Pass a pandas \
DataFrame, e.g. one read with pandas.read_csv().
    """
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, str | bytes | int | float | bool) or data is None:
        raise fail(
            argument,
            "must be a table",
            data,
            "Pass a pandas DataFrame, e.g. one read with pandas.read_csv().",
        )
    try:
        return pd.DataFrame(data)
    except (TypeError, ValueError):
        raise fail(
            argument,
            "must be a table",
            data,
            "Pass a pandas DataFrame, e.g. one read with pandas.read_csv().",
        ) from None


def column(data: pd.DataFrame, name: Any, argument: str) -> Any:
    """The column label of ``data`` that ``name`` names; a helpful error when none does.

    A name that differs only by spaces at either end or by case is reported with
    "did you mean", and the spaces are called out, since they are invisible.

    Returns
    -------
    The label as it is in ``data.columns``.

    Raises
    ------
    ColumnError
        Naming the closest column and listing the columns (up to 30).

    Examples
    --------
    >>> df = pd.DataFrame({"Month ": [1], "Falls": [2]})
    >>> column(df, "Falls", "y")
    'Falls'
    >>> column(df, "Month", "x")
    Traceback (most recent call last):
    ...
    qikit.errors.ColumnError: `x`: there is no column called 'Month' in the data. \
Did you mean 'Month ' (it ends with a space)? Use x='Month ', or remove the spaces \
with df.columns = df.columns.str.strip(). The columns are: 'Month ', 'Falls'.
    """
    if name in data.columns:
        return name
    cols = list(data.columns)
    listing = ", ".join(repr(str(c)) for c in cols[:30])
    if len(cols) > 30:
        listing += f" and {len(cols) - 30} more"
    near = closest(name, cols)
    hint = "Check the spelling and capital letters."
    if near is not None:
        label = str(near)
        spaces = []
        if label != label.lstrip():
            spaces.append("starts")
        if label != label.rstrip():
            spaces.append("ends")
        if spaces:
            hint = (
                f"Did you mean {label!r} (it {' and '.join(spaces)} with a space)? "
                f"Use {argument}={label!r}, or remove the spaces with "
                "df.columns = df.columns.str.strip()."
            )
        else:
            hint = f"Did you mean {label!r}?"
    raise ColumnError(
        f"`{argument}`: there is no column called {short_repr(name)} in the data. "
        f"{hint} The columns are: {listing}."
    )


# ------------------------------------------------------------------ structured input


def mapping(
    value: Any,
    argument: str,
    kind: str,
    allowed: Iterable[str],
    required: Iterable[str] = (),
) -> dict:
    """A dict with only known keys (for ``from_dict`` and file formats).

    Messages name the path of the bad key, e.g. ``project.measures[0].colour``.

    Examples
    --------
    >>> mapping({"name": "x", "colour": 1}, "project.measures[0]", "Measure",
    ...         ["name", "unit"])
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `project.measures[0].colour`: is not a field of a \
Measure (got 'colour'). Remove it; the fields are: 'name', 'unit'.
    """
    allowed = tuple(allowed)
    if not isinstance(value, Mapping):
        raise fail(
            argument,
            f"{_a(kind)} {kind} must be a dictionary",
            value,
            f"Pass the dictionary made by {kind}.to_dict().",
        )
    for key in value:
        if key not in allowed:
            near = closest(key, allowed)
            hint = f"Did you mean {near!r}? " if near is not None else ""
            raise fail(
                path(argument, str(key)),
                f"is not a field of {_a(kind)} {kind}",
                key,
                f"{hint}Remove it; the fields are: {_listing(allowed)}.",
            )
    for key in required:
        if key not in value:
            raise fail(
                path(argument, key),
                f"is missing from the {kind}",
                fix=f"Add {key!r}.",
            )
    return dict(value)


def _a(word: str) -> str:
    """``a`` or ``an`` before ``word`` ("an Aim", "a Measure")."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def list_of(value: Any, argument: str, kind: type, *, convert=None) -> list:
    """A list of ``kind`` objects; dicts are turned into ``kind`` by ``convert``.

    ``convert(item, path)`` receives the item's path (``cycles[2]``) for its messages.
    """
    if value is None:
        return []
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise fail(
            argument,
            f"must be a list of {kind.__name__} objects",
            value,
            f"Give a list such as [{kind.__name__}(...), ...].",
        )
    out = []
    for i, item in enumerate(value):
        if isinstance(item, kind):
            out.append(item)
        elif convert is not None and isinstance(item, Mapping):
            out.append(convert(item, path(argument, i)))
        else:
            raise fail(
                path(argument, i),
                f"is not a {kind.__name__}",
                item,
                f"Make each item with {kind.__name__}(...).",
            )
    return out
