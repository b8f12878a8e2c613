"""Drawing: charts from :func:`qikit.qic`, the improvement tools, and HTML.

Nothing here computes a statistic: :mod:`qikit.charts` does that, and this package
reads its tidy ``QicResult.frame`` (and its summary, for the Making Data Count
icons). The look of every drawing (palette, markers, lines, fonts) lives in
:mod:`qikit.plot.style`.

* :func:`plot_qic` draws one chart on an Axes and returns the Axes;
  :func:`plot_facets` draws small multiples (one panel per facet) on a new figure
  and returns the Figure. ``result.plot()`` chooses between them and always starts
  a new figure; ``result.save("chart.png")`` draws, saves and closes.
* :func:`plot_driver_diagram`, :func:`plot_ramp`, :func:`plot_fishbone` and
  :func:`plot_pareto` draw the objects of :mod:`qikit.improve`.
* :func:`plot_funnel` draws a funnel plot of :func:`qikit.spread.funnel`;
  :func:`plot_units`, :func:`plot_summary_matrix`, :func:`plot_aim`,
  :func:`plot_assessments`, :func:`plot_timeline`, :func:`plot_adoption`,
  :func:`plot_readiness` and :func:`plot_sustainability` draw the other results
  of :mod:`qikit.spread`.
* :func:`save_figure` saves whatever a plot function returned as PNG, SVG or PDF.
* :func:`to_html` gives a chart as an HTML figure with a text alternative
  (:func:`alt_text`); :func:`png_data_uri` embeds any figure in a page.

Examples
--------
>>> import qikit
>>> from qikit.plot import plot_qic, style
>>> ax = plot_qic(qikit.qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="c"))
>>> [t.get_text() for t in ax.texts if t.get_gid() == "qikit-value-cl"]
['CL 5.33']
>>> style.POINT_STYLES["special_cause_improvement"].label
'Special cause: improvement'
"""

from qikit.plot.annotate import annotation_frame
from qikit.plot.driver import plot_driver_diagram
from qikit.plot.facets import plot_facets
from qikit.plot.funnel import plot_funnel
from qikit.plot.html import alt_text, png_data_uri, to_html
from qikit.plot.lab import plot_drill, plot_rule_lab, plot_rule_sets
from qikit.plot.pdsa import plot_ramp
from qikit.plot.qic import draw_result, plot_qic, save_result
from qikit.plot.save import save_figure
from qikit.plot.sim import plot_funnel_experiment
from qikit.plot.spread import (
    plot_adoption,
    plot_aim,
    plot_assessments,
    plot_readiness,
    plot_summary_matrix,
    plot_sustainability,
    plot_timeline,
    plot_units,
)
from qikit.plot.storyboard import storyboard_html
from qikit.plot.system import plot_fishbone, plot_pareto

__all__ = [
    "plot_qic",
    "plot_facets",
    "draw_result",
    "save_result",
    "plot_driver_diagram",
    "plot_ramp",
    "plot_fishbone",
    "plot_pareto",
    "save_figure",
    "to_html",
    "alt_text",
    "png_data_uri",
    "storyboard_html",
    "annotation_frame",
    "plot_funnel",
    "plot_units",
    "plot_summary_matrix",
    "plot_aim",
    "plot_assessments",
    "plot_timeline",
    "plot_adoption",
    "plot_readiness",
    "plot_sustainability",
    "plot_drill",
    "plot_rule_sets",
    "plot_rule_lab",
    "plot_funnel_experiment",
]
