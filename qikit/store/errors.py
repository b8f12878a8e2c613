"""Errors raised by the cohort store.

:class:`StoreError` covers problems with the database itself (a file that is not a
qikit store, a store written by a newer qikit, a disk that is full or read-only, a
database that stays busy). Wrong arguments raise :class:`qikit.errors.InputError`, and
names that are not in the store raise :class:`NotFoundError`, which is an
:class:`~qikit.errors.InputError` too.

Examples
--------
>>> from qikit.errors import InputError, QikitError
>>> from qikit.store import NotFoundError, StoreError
>>> issubclass(StoreError, QikitError), issubclass(NotFoundError, InputError)
(True, True)
"""

from __future__ import annotations

from qikit.errors import InputError, QikitError

__all__ = ["ConflictError", "NotFoundError", "StoreError"]


class StoreError(QikitError):
    """The cohort store (the database) cannot do what was asked.

    The message says what went wrong and what to do, in plain English; the original
    database error is attached as ``__cause__`` for whoever runs the server.
    """


class NotFoundError(InputError, LookupError):
    """A cohort, team, learner, project or measure named in an argument is not stored.

    The message lists the names that are stored, so the user can correct a typing
    slip.
    """


class ConflictError(StoreError):
    """Someone else changed a project since it was loaded; nothing was saved.

    Raised by :meth:`qikit.store.Store.save_project` when ``expected_revision`` is
    out of date. Load the project again, redo the change, and save.
    """
