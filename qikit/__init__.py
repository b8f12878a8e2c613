"""qikit: a Jupyter-based training and coaching toolkit for quality improvement.

``import qikit`` gives the whole public surface. The chart engine (:func:`qikit.qic`)
is loaded at once; everything else (drawing, the Model for Improvement toolkit, the
cohort store, data sets, simulations, spread, apps) loads on first use, from the one
table below, so ``import qikit`` never loads matplotlib or ipywidgets and tab
completion still lists every name.

Examples
--------
>>> import qikit
>>> res = qikit.qic(y=[5, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8])
>>> type(res).__name__
'QicResult'
>>> "plot_qic" in dir(qikit) and "open_store" in dir(qikit)
True
"""

from __future__ import annotations

import importlib
from typing import Any

from qikit._version import __version__
from qikit.charts import QicResult, qic
from qikit.errors import (
    ColumnError,
    DataError,
    InputError,
    KeywordError,
    ProjectFileError,
    QikitError,
    QikitWarning,
)

#: name -> (module, attribute); attribute None means the module itself. The one
#: listed place where qikit loads lazily.
_LAZY: dict[str, tuple[str, str | None]] = {
    "charts": ("qikit.charts", None),
    "plot": ("qikit.plot", None),
    "improve": ("qikit.improve", None),
    "store": ("qikit.store", None),
    "datasets": ("qikit.datasets", None),
    "sim": ("qikit.sim", None),
    "spread": ("qikit.spread", None),
    "plot_qic": ("qikit.plot", "plot_qic"),
    "plot_facets": ("qikit.plot", "plot_facets"),
    "plot_funnel": ("qikit.plot", "plot_funnel"),
    "storyboard_html": ("qikit.plot", "storyboard_html"),
    "funnel": ("qikit.spread", "funnel"),
    "save_figure": ("qikit.plot", "save_figure"),
    "Project": ("qikit.improve", "Project"),
    "load_project": ("qikit.improve", "load_project"),
    "save_project": ("qikit.improve", "save_project"),
    "open_store": ("qikit.store", "open_store"),
    "load_dataset": ("qikit.datasets", "load_dataset"),
    "list_datasets": ("qikit.datasets", "list_datasets"),
}

__all__ = [
    "QicResult",
    "qic",
    "ColumnError",
    "DataError",
    "InputError",
    "KeywordError",
    "ProjectFileError",
    "QikitError",
    "QikitWarning",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'qikit' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
