"""Drawing: charts from :func:`qikit.qic` on a Matplotlib Axes, and as HTML.

Nothing here computes a statistic: :mod:`qikit.charts` does that, and this package
reads its tidy ``QicResult.frame``. The look of every chart (palette, markers, lines,
fonts) lives in :mod:`qikit.plot.style`.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from qikit.plot import POINT_STYLES, plot_qic, to_html
>>> POINT_STYLES["special_cause_improvement"].label
'Special cause: improvement'
"""

from qikit.plot.annotate import annotation_frame
from qikit.plot.driver import plot_driver_diagram
from qikit.plot.html import alt_text, png_data_uri, to_html
from qikit.plot.pdsa import plot_ramp
from qikit.plot.qic import draw_result, plot_qic, save_result
from qikit.plot.save import save_figure
from qikit.plot.style import (
    CHART_NAMES,
    DARK_BLUE,
    DARK_GREY,
    DARK_PINK,
    FONT_SIZES,
    LIGHT_PURPLE,
    LINE_STYLES,
    ORANGE,
    PALETTE,
    POINT_STYLES,
    TURQUOISE,
    LineStyle,
    PointStyle,
)
from qikit.plot.system import plot_fishbone, plot_pareto

__all__ = [
    "draw_result",
    "save_result",
    "plot_qic",
    "plot_driver_diagram",
    "plot_fishbone",
    "plot_pareto",
    "plot_ramp",
    "save_figure",
    "to_html",
    "alt_text",
    "png_data_uri",
    "annotation_frame",
    "PALETTE",
    "DARK_BLUE",
    "TURQUOISE",
    "DARK_PINK",
    "ORANGE",
    "DARK_GREY",
    "LIGHT_PURPLE",
    "POINT_STYLES",
    "LINE_STYLES",
    "FONT_SIZES",
    "CHART_NAMES",
    "PointStyle",
    "LineStyle",
]
