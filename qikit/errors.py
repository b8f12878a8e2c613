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
    "KeywordError",
    "ProjectFileError",
    "QikitWarning",
    "StoreError",
    "NotFoundError",
    "ConflictError",
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


class KeywordError(QikitError, TypeError):
    """A function was called with a keyword it does not take (usually a typo).

    A :class:`TypeError`, as Python raises for an unknown keyword, so code that
    catches ``TypeError`` still works; the message says which keyword was meant.

    Examples
    --------
    >>> err = KeywordError("`improvment`: qic() has no argument of that name.")
    >>> isinstance(err, QikitError), isinstance(err, TypeError)
    (True, True)
    """


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


class StoreError(QikitError):
    """The cohort store (the database) cannot do what was asked.

    A file that is not a qikit store, a store written by a newer qikit, a disk that
    is full or read-only, a database that stays busy. The message says what went
    wrong and what to do, in plain English; the original database error is attached
    as ``__cause__`` for whoever runs the server.
    """


class NotFoundError(InputError, LookupError):
    """A cohort, team, learner, project or measure named in an argument is not stored.

    The message lists the names that are stored, so the user can correct a typing
    slip.
    """


class ConflictError(StoreError):
    """Someone else changed a stored project since it was loaded; nothing was saved.

    Raised by :meth:`qikit.store.Store.save_project` when ``expected_revision`` is
    out of date. Load the project again, redo the change, and save.
    """
