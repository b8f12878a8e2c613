"""What the Model for Improvement objects share (private).

Argument checking itself lives in :mod:`qikit._validate` (one toolkit for every qikit
package); this module adds what only the improvement objects need: :class:`Finding`
(feedback with a code), ids, and building an object from a dict so that a message
names the path to a bad value (``project.measures[0].colour``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import pandas as pd

from qikit import _validate as v
from qikit.errors import InputError

__all__ = ["Finding", "findings_frame"]

T = TypeVar("T")


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

    def prefixed(self, prefix: str) -> Finding:
        """The same finding with ``prefix`` in front of its message.

        Examples
        --------
        >>> f = Finding("Add a date: by when?", "smart.time.missing", "T")
        >>> g = f.prefixed("Aim: ")
        >>> g, g.code, g.subject
        ('Aim: Add a date: by when?', 'smart.time.missing', 'T')
        """
        return Finding(prefix + str(self), self.code, self.subject)


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


def as_finding(problem: str, code: str, subject: str = "") -> Finding:
    """``problem`` as a :class:`Finding`; one that already is keeps its own code."""
    if isinstance(problem, Finding):
        return problem
    return Finding(str(problem), code, subject)


def unusable(error: InputError, code: str, subject: str = "") -> list[Finding]:
    """What ``validate()`` returns when an object holds a value it cannot accept."""
    return [Finding(str(error), code, subject)]


# ---------------------------------------------------------------------------- dates


def iso(value: dt.date | None) -> str | None:
    """ISO text for a date, ``None`` for no date."""
    return None if value is None else value.isoformat()


# ---------------------------------------------------------------------------- ids

_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")


def identifier(value: Any, argument: str, *, default: str = "") -> str:
    """Check an id: letters, digits and ``_ . : -``, at most 80 characters.

    Examples
    --------
    >>> identifier(" falls-rate ", "id"), identifier(None, "id", default="aim")
    ('falls-rate', 'aim')
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if not isinstance(value, str) or not _ID_OK.match(value.strip()):
        raise v.fail(
            argument,
            "is not a usable id",
            value,
            "Use up to 80 letters, digits, '-', '_', '.' or ':', starting with a "
            "letter or digit, e.g. 'falls-rate'.",
        )
    return value.strip()


def id_list(value: Any, argument: str) -> list[str]:
    """A list of ids (order kept, duplicates removed)."""
    items = v.text_list(value, argument)
    out: list[str] = []
    for i, item in enumerate(items):
        checked = identifier(item, v.path(argument, i))
        if checked not in out:
            out.append(checked)
    return out


# ---------------------------------------------------------------------------- dicts


def from_fields(
    cls: type[T],
    d: Any,
    argument: str,
    fields: Iterable[str],
    required: Iterable[str] = (),
) -> T:
    """``cls(**d)`` for a ``from_dict``: only known keys, messages with the path.

    ``argument`` is where ``d`` sits in a bigger object (``project.measures[0]``),
    or ``""`` when the user passed ``d`` directly; every message from the keys or
    from ``cls``'s own checks is put under it.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Box:
    ...     text: str = ""
    >>> from_fields(Box, {"txt": "a"}, "project.boxes[3]", ["text"])
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `project.boxes[3].txt`: is not a field of a Box (got \
'txt'). Did you mean 'text'? Remove it; the fields are: 'text'.
    """
    kind = cls.__name__
    if not isinstance(d, Mapping):
        raise v.fail(
            argument or "d",
            f"{'an' if kind[:1] in 'AEIOU' else 'a'} {kind} must be a dictionary",
            d,
            f"Pass the dictionary made by {kind}.to_dict().",
        )
    try:
        clean = v.mapping(d, "", kind, fields, required)
        return cls(**clean)
    except InputError as error:
        if not argument:
            raise
        raise v.within(argument, error) from error
