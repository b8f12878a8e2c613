"""Shared test set-up: a non-interactive backend, figures closed, seeded randomness.

Hypothesis has two profiles: ``dev`` (few examples, for quick local runs) and ``ci``
(hypothesis' defaults). ``HYPOTHESIS_PROFILE`` chooses; CI (``CI=true``) uses ``ci``.
"""

from __future__ import annotations

import os
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev",
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_default = "ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))


@pytest.fixture(autouse=True)
def _close_figures():
    """Every figure a test opens is closed after it, so memory stays flat."""
    yield
    plt.close("all")


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded random generator: the same numbers on every run."""
    return np.random.default_rng(20261201)


@pytest.fixture
def no_warnings():
    """Fail the test on any warning raised inside the ``with`` block it returns."""

    class _Strict:
        def __enter__(self):
            self._cm = warnings.catch_warnings()
            self._cm.__enter__()
            warnings.simplefilter("error")
            return self

        def __exit__(self, *exc):
            return self._cm.__exit__(*exc)

    return _Strict()
