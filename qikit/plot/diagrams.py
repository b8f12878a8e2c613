"""Old home of the improvement-tool drawings, kept for one release (deprecated).

The drawings now live in their own modules, and all of them are in
:mod:`qikit.plot`:

* :func:`qikit.plot.plot_driver_diagram` (:mod:`qikit.plot.driver`)
* :func:`qikit.plot.plot_ramp` (:mod:`qikit.plot.pdsa`)
* :func:`qikit.plot.plot_fishbone`, :func:`qikit.plot.plot_pareto`
  (:mod:`qikit.plot.system`)
* :func:`qikit.plot.save_figure` (:mod:`qikit.plot.save`)

Importing a name from here still works and gives a :class:`DeprecationWarning`.

Examples
--------
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from qikit.plot.diagrams import plot_ramp
>>> caught[0].category.__name__, plot_ramp.__module__
('DeprecationWarning', 'qikit.plot.pdsa')
"""

from __future__ import annotations

import warnings
from typing import Any

from qikit.plot import driver, pdsa, save, system

_MOVED = {
    "plot_driver_diagram": driver.plot_driver_diagram,
    "plot_ramp": pdsa.plot_ramp,
    "plot_fishbone": system.plot_fishbone,
    "plot_pareto": system.plot_pareto,
    "save_figure": save.save_figure,
}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        warnings.warn(
            f"qikit.plot.diagrams is deprecated and will be removed in the next "
            f"release: use qikit.plot.{name} (from qikit.plot import {name}).",
            DeprecationWarning,
            stacklevel=2,
        )
        return _MOVED[name]
    raise AttributeError(f"module 'qikit.plot.diagrams' has no attribute {name!r}")
