"""One seeding rule for every simulation (private).

Every function in :mod:`qikit.sim` takes ``seed=``: ``None`` for fresh randomness, a
whole number for a repeatable run, or a :class:`numpy.random.Generator` to share one
stream between calls. :func:`as_generator` turns any of them into a generator, so the
rule is written once.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from qikit import _validate as v

__all__ = ["as_generator", "keyed", "seed_number"]

_SEED_FIX = (
    "Give a whole number such as 2026 (the same number gives the same results), "
    "None for fresh randomness, or a numpy.random.Generator."
)


def as_generator(seed: Any = None, argument: str = "seed") -> np.random.Generator:
    """A NumPy random generator from ``seed``.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator
        ``None`` gives fresh, unpredictable randomness; a whole number of 0 or more
        gives the same numbers every time; a generator is used as it is (its state
        moves on as numbers are drawn).
    argument : str, default "seed"
        The argument's name, for messages.

    Returns
    -------
    numpy.random.Generator
        The generator to draw from.

    Raises
    ------
    qikit.errors.InputError
        For anything else: text, a negative number, a fraction, True or False.

    Examples
    --------
    >>> int(as_generator(7).integers(100)) == int(as_generator(7).integers(100))
    True
    >>> g = as_generator(None)
    >>> as_generator(g) is g
    True
    >>> as_generator(-1)
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `seed`: must be at least 0 (got -1). Give a number of 0 \
or more.
    """
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool | np.bool_) or not isinstance(
        seed, int | np.integer | float | np.floating
    ):
        raise v.fail(argument, "is not a usable seed", seed, _SEED_FIX)
    whole = v.whole_number(seed, argument, minimum=0, example=2026)
    return np.random.default_rng(whole)


def seed_number(seed: Any = None, argument: str = "seed") -> int:
    """A whole-number seed from ``seed``, so a run can be made again and stored.

    ``None`` gives a fresh random number, a generator gives its next draw, and a
    whole number is checked and kept.

    Examples
    --------
    >>> seed_number(42)
    42
    >>> isinstance(seed_number(None), int)
    True
    """
    if seed is None:
        return int(np.random.SeedSequence().entropy % 2**63)
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**63))
    as_generator(seed, argument)  # the one seeding rule checks it
    return int(seed)


def keyed(seed: int, *keys: str | int) -> np.random.Generator:
    """A generator fixed by a whole-number ``seed`` and ``keys`` (text or numbers).

    Used where results must not depend on the order of calls: a PDSA game's hidden
    effects depend only on the seed and the team's name, and each test's drops only
    on those and the test's number.

    Examples
    --------
    >>> a = keyed(1, "Ward 3").random()
    >>> a == keyed(1, "Ward 3").random(), a == keyed(1, "Ward 4").random()
    (True, False)
    """
    words = [int(seed)]
    for key in keys:
        digest = hashlib.sha256(str(key).encode("utf-8")).digest()
        words.append(int.from_bytes(digest[:8], "little"))
    return np.random.default_rng(words)
