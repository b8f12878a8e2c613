"""Errors raised by the cohort store (defined in :mod:`qikit.errors`).

:class:`StoreError` covers problems with the database itself (a file that is not a
qikit store, a store written by a newer qikit, a disk that is full or read-only, a
database that stays busy). Wrong arguments raise :class:`qikit.errors.InputError`, and
names that are not in the store raise :class:`NotFoundError`, which is an
:class:`~qikit.errors.InputError` too. All three live in :mod:`qikit.errors`, so an
app catches them without importing the store; they are importable from here too.

Examples
--------
>>> from qikit.errors import InputError, QikitError
>>> from qikit.store import NotFoundError, StoreError
>>> issubclass(StoreError, QikitError), issubclass(NotFoundError, InputError)
(True, True)
"""

from __future__ import annotations

from qikit.errors import ConflictError, NotFoundError, StoreError

__all__ = ["ConflictError", "NotFoundError", "StoreError"]
