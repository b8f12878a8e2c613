"""The errors and warnings qikit raises.

Every message follows one pattern, written for a nurse rather than a programmer::

    `{argument}`: {what is wrong} (got {value!r}). {what to do}

Apps show ``str(error)`` to the learner, never a traceback.

Examples
--------
>>> from qikit.errors import InputError, QikitError
>>> err = InputError("`chart`: unknown chart type (got 'pie'). Use one of: run, i.")
>>> isinstance(err, QikitError), isinstance(err, ValueError)
(True, True)
"""

from __future__ import annotations

__all__ = [
    "QikitError",
    "InputError",
    "ColumnError",
    "DataError",
    "ProjectFileError",
    "QikitWarning",
]


class QikitError(Exception):
    """Base class of every error qikit raises on purpose."""


class InputError(QikitError, ValueError):
    """An argument or the data passed to a qikit function cannot be used."""


class ColumnError(InputError, KeyError):
    """A column named in an argument is not in the data."""

    def __str__(self) -> str:  # KeyError would otherwise wrap the message in quotes
        return str(self.args[0]) if self.args else ""


class DataError(InputError):
    """The values themselves are unusable for the chart asked for."""


class ProjectFileError(InputError):
    """A project file (or an export) cannot be read or written.

    Parameters
    ----------
    message : str
        The whole message, written for the learner.
    reason : str
        A short code that apps and tests can branch on: ``"missing"``,
        ``"unreadable"``, ``"too_large"``, ``"empty"``, ``"binary"``,
        ``"not_text"``, ``"truncated"``, ``"not_json"``, ``"too_deep"``,
        ``"not_a_project"``, ``"bad_version"``, ``"newer_version"``,
        ``"invalid"`` or ``"write_failed"``.
    source : str, optional
        The file name, or a description such as ``"the uploaded file"``.

    Examples
    --------
    >>> err = ProjectFileError("Cannot open 'x': it is empty.", reason="empty")
    >>> err.reason, isinstance(err, InputError)
    ('empty', True)
    """

    def __init__(self, message: str, *, reason: str, source: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.source = source


class QikitWarning(UserWarning):
    """A soft problem: the result is computed but should be read with care."""
