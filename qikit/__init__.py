"""qikit: a Jupyter-based training and coaching toolkit for quality improvement.

The chart engine (:func:`qikit.qic`) computes run charts and Shewhart charts with
their rule sets; :mod:`qikit.plot` draws them; the curriculum notebooks narrate.
"""

from qikit.charts import QicResult, qic
from qikit.errors import ColumnError, DataError, InputError, QikitError, QikitWarning

__version__ = "0.1.0"

__all__ = [
    "QicResult",
    "qic",
    "ColumnError",
    "DataError",
    "InputError",
    "QikitError",
    "QikitWarning",
    "__version__",
]
