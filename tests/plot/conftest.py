"""Fixtures for the drawing tests: real ``qikit.qic`` results on seeded tables.

The Agg backend, closing figures and the seeded ``rng`` come from the root
``tests/conftest.py``. Builders live in ``tests/plot/helpers.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.plot.helpers import chart_result


@pytest.fixture
def qic_result():
    """Factory for real results: ``qic_result("p", part=[12], freeze=8)``."""
    return chart_result


@pytest.fixture(scope="module")
def monthly() -> pd.DataFrame:
    """Thirty months of ward data, with a change after month 18."""
    rng = np.random.default_rng(2024)
    size = 30
    step = (np.arange(size) >= 18).astype(float)
    n = rng.integers(60, 260, size)
    return pd.DataFrame(
        {
            "month": pd.date_range("2022-01-01", periods=size, freq="MS"),
            "n": n,
            "seen": rng.binomial(n, 0.55 + 0.15 * step),
            "infections": rng.poisson(n * (0.02 - 0.008 * step)),
            "ulcers": rng.poisson(9 - 4 * step),
            "minutes": np.round(rng.normal(42 - 6 * step, 4), 1),
            "days": np.round(rng.exponential(12 + 20 * step), 1),
        }
    )


@pytest.fixture(scope="module")
def subgroups() -> pd.DataFrame:
    """Weekly subgroups of unequal size (stepped limits on X-bar and S charts)."""
    rng = np.random.default_rng(7)
    weeks = pd.date_range("2024-01-01", periods=25, freq="W")
    sizes = rng.integers(3, 8, len(weeks))
    return pd.DataFrame(
        {
            "week": np.repeat(weeks, sizes),
            "minutes": rng.normal(np.repeat(60 - 8 * (np.arange(25) >= 15), sizes), 9),
        }
    )


@pytest.fixture(scope="module")
def trusts() -> pd.DataFrame:
    """Twelve trusts, 36 months of % seen within 4 hours: the small-multiples case."""
    rng = np.random.default_rng(12)
    months = pd.date_range("2016-04-01", periods=36, freq="MS")
    codes = ["R1F", "RA3", "RRK", "RJ1", "RXH", "RBZ"]
    codes += ["RCF", "RWE", "RTH", "RKB", "RHW", "RDE"]
    rows = [
        {"trust": code, "month": month, "pct": min(99.5, rng.normal(80 + k, 3))}
        for k, code in enumerate(codes)
        for month in months
    ]
    return pd.DataFrame(rows)
