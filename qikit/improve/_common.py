"""Shared helpers for the Model for Improvement objects (private).

Argument checking that turns anything a learner (or a damaged project file) hands us
into either a clean value or an :class:`~qikit.errors.InputError` whose message follows
the house pattern::

    `{argument}`: {what is wrong} (got {value!r}). {what to do}

Nothing here imports matplotlib or ipywidgets.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from qikit.errors import InputError

__all__ = ["Finding", "findings_frame"]

#: Longest text we accept in one field: a page of writing, not a novel.
MAX_TEXT = 5_000

_ISO_HINT = "Give a date such as '2024-03-31'."


def short_repr(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, so messages stay readable."""
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def fail(argument: str, problem: str, value: Any, fix: str) -> InputError:
    """Build (not raise) an :class:`InputError` in the house style."""
    return InputError(f"`{argument}`: {problem} (got {short_repr(value)}). {fix}")


class Finding(str):
    """A plain-English piece of feedback that also carries a machine-readable code.

    A ``Finding`` *is* a string (its message), so a list of findings can be shown,
    joined or saved as text, while apps and tests can still read ``code`` and
    ``subject``.

    Parameters
    ----------
    message : str
        The sentence shown to the learner.
    code : str
        A stable identifier such as ``"smart.time.missing"``.
    subject : str, optional
        What the finding is about: a SMART element, a measure id, a node id.

    Examples
    --------
    >>> f = Finding("Add a date: by when?", code="smart.time.missing", subject="T")
    >>> f
    'Add a date: by when?'
    >>> f.code, f.subject
    ('smart.time.missing', 'T')
    """

    code: str
    subject: str

    def __new__(cls, message: str, code: str = "", subject: str = "") -> Finding:
        obj = super().__new__(cls, message)
        obj.code = code
        obj.subject = subject
        return obj

    def __reduce__(self) -> tuple:
        return (Finding, (str(self), self.code, self.subject))

    @property
    def message(self) -> str:
        """The sentence itself, as a plain ``str``."""
        return str(self)


def findings_frame(findings: Iterable[str]) -> pd.DataFrame:
    """One row per finding: ``code``, ``subject``, ``message``.

    Examples
    --------
    >>> findings_frame([Finding("Add a date: by when?", "smart.time.missing", "T")])
                     code subject               message
    0  smart.time.missing       T  Add a date: by when?
    """
    rows = [
        {
            "code": getattr(f, "code", ""),
            "subject": getattr(f, "subject", ""),
            "message": str(f),
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=["code", "subject", "message"])


# ---------------------------------------------------------------------------- text


def text(
    value: Any, argument: str, *, required: bool = False, limit: int = MAX_TEXT
) -> str:
    """Return ``value`` as stripped text; ``None`` becomes ``""``.

    Raises :class:`InputError` for non-text values, for text longer than ``limit`` and,
    when ``required``, for empty text.
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
    """Return a list of non-empty stripped strings.

    A single string becomes a one-item list; ``None`` an empty list.
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
        if not isinstance(item, str):
            raise fail(
                f"{argument}[{i}]",
                "must be text",
                item,
                "Every item in the list must be words in quotes.",
            )
        item = text(item, f"{argument}[{i}]")
        if item:
            out.append(item)
    return out


def choice(value: Any, argument: str, choices: Iterable[str], *, aliases=None) -> str:
    """Return the canonical lower-case choice, or raise listing the valid ones."""
    choices = tuple(choices)
    aliases = dict(aliases or {})
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        key = aliases.get(key, key)
        if key in choices:
            return key
    listing = ", ".join(repr(c) for c in choices)
    raise fail(argument, "is not one of the choices", value, f"Use one of: {listing}.")


def boolean(value: Any, argument: str) -> bool:
    """Accept only a real ``True`` or ``False``."""
    if isinstance(value, bool):
        return value
    raise fail(argument, "must be True or False", value, "Use True or False.")


def number(
    value: Any,
    argument: str,
    *,
    required: bool = False,
    minimum: float | None = None,
) -> float | None:
    """Return a finite float (``None`` allowed unless ``required``)."""
    if value is None and not required:
        return None
    if isinstance(value, np.number) and not isinstance(value, np.bool_):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(
            argument, "must be a number", value, "Give a number such as 85 or 2.5."
        )
    try:
        value = float(value)
    except OverflowError:
        raise fail(
            argument, "is too large", value, "Give an ordinary number."
        ) from None
    if not math.isfinite(value):
        raise fail(
            argument, "must be a finite number", value, "Give an ordinary number."
        )
    if minimum is not None and value < minimum:
        raise fail(
            argument, f"must be at least {minimum:g}", value, "Check the number."
        )
    return value


def integer(value: Any, argument: str, *, minimum: int | None = None) -> int | None:
    """Return an int (``None`` allowed); floats with a fractional part are refused."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise fail(
            argument, "must be a whole number", value, "Give a number such as 5."
        )
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, np.integer):
        value = int(value)
    if not isinstance(value, int):
        raise fail(
            argument, "must be a whole number", value, "Give a number such as 5."
        )
    if minimum is not None and value < minimum:
        raise fail(argument, f"must be at least {minimum}", value, "Check the number.")
    return value


def date(value: Any, argument: str) -> dt.date | None:
    """A :class:`datetime.date` from a date, datetime, Timestamp or ISO string."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            return None
        if len(stripped) > 10 and stripped[10] in "T ":
            stripped = stripped[:10]
        try:
            return dt.date.fromisoformat(stripped)
        except ValueError:
            raise fail(argument, "is not a date", value, _ISO_HINT) from None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise fail(argument, "is not a date", value, _ISO_HINT)


def iso(value: dt.date | None) -> str | None:
    """ISO text for a date, ``None`` for no date."""
    return None if value is None else value.isoformat()


def human_date(value: dt.date) -> str:
    """``31 December 2016`` (no leading zero), as written in British English."""
    return f"{value.day} {value:%B %Y}"


# ---------------------------------------------------------------------------- ids

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")


def slug(value: str, *, limit: int = 40) -> str:
    """A lower-case, hyphenated id made from text (``""`` when nothing is left).

    Examples
    --------
    >>> slug("Falls per 1,000 bed days")
    'falls-per-1-000-bed-days'
    """
    ascii_text = (
        unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    )
    out = _SLUG_STRIP.sub("-", ascii_text.lower()).strip("-")
    if len(out) > limit:
        cut = out[:limit]
        if out[limit] != "-" and "-" in cut:
            cut = cut[: cut.rindex("-")]
        out = cut
    return out.rstrip("-")


def identifier(value: Any, argument: str, *, default: str = "") -> str:
    """Check an id: letters, digits and ``_ . : -``, at most 80 characters."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if not isinstance(value, str) or not _ID_OK.match(value.strip()):
        raise fail(
            argument,
            "is not a usable id",
            value,
            "Use up to 80 letters, digits, '-', '_', '.' or ':', starting with a "
            "letter or digit, e.g. 'falls-rate'.",
        )
    return value.strip()


def id_list(value: Any, argument: str) -> list[str]:
    """A list of ids (order kept, duplicates removed)."""
    items = text_list(value, argument)
    out: list[str] = []
    for i, item in enumerate(items):
        checked = identifier(item, f"{argument}[{i}]")
        if checked not in out:
            out.append(checked)
    return out


# ---------------------------------------------------------------------------- dicts


def mapping(d: Any, cls_name: str, allowed: Iterable[str], required=()) -> dict:
    """Check the dict handed to a ``from_dict``: a mapping with known text keys."""
    if not isinstance(d, Mapping):
        raise fail(
            "d",
            f"a {cls_name} must be read from a dictionary",
            d,
            f"Pass the dictionary made by {cls_name}.to_dict().",
        )
    allowed = tuple(allowed)
    unknown = [k for k in d if k not in allowed]
    if unknown:
        raise fail(
            "d",
            f"unknown key {short_repr(unknown[0])} for a {cls_name}",
            sorted(map(str, d.keys())),
            f"Valid keys are: {', '.join(allowed)}.",
        )
    missing = [k for k in required if k not in d]
    if missing:
        raise fail(
            "d",
            f"the key {missing[0]!r} is missing for a {cls_name}",
            sorted(map(str, d.keys())),
            f"Include {', '.join(repr(k) for k in required)}.",
        )
    return dict(d)


def list_of(value: Any, argument: str, kind: type, *, convert=None) -> list:
    """A list of ``kind`` objects; dicts are turned into ``kind`` by ``convert``."""
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
            out.append(convert(item))
        else:
            raise fail(
                f"{argument}[{i}]",
                f"is not a {kind.__name__}",
                item,
                f"Make each item with {kind.__name__}(...).",
            )
    return out


def join_words(items: list[str], *, conj: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def fmt_number(value: float) -> str:
    """A number without needless decimals: 85.0 -> '85', 2.50 -> '2.5'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"
