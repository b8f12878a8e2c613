"""Spread: many units at once (funnel plots, and more to come).

Compute only: tidy frames, no drawing. Drawings live in :mod:`qikit.plot` (for
funnel plots :func:`qikit.plot.funnel.plot_funnel`, or ``FunnelResult.plot()``).

Examples
--------
>>> from qikit.spread import funnel
>>> res = funnel(y=[12, 30, 8, 41], n=[60, 95, 40, 120])
>>> list(res.frame.columns)[:5]
['group', 'y', 'n', 'value', 'z']
"""

from qikit.spread.funnel import FunnelResult, funnel

__all__ = ["funnel", "FunnelResult"]
