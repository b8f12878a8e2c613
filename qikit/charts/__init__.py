"""Compute run charts and Shewhart control charts, with rule sets (no drawing here).

The entry point is :func:`qic`; constants live in :mod:`qikit.charts.constants` and the
rule sets in :mod:`qikit.charts.rules`.
"""

from qikit.charts.qic import qic
from qikit.charts.result import QicResult

__all__ = ["qic", "QicResult"]
