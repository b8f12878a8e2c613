"""The one text measurer of the drawing layer: widths in points, and word wrap.

Charts (legend columns, annotation flags, category ticks) and the box diagrams
(driver diagram, ramp, fishbone) measure text the same way, so the two never
disagree about how wide a label is. Glyph widths are read with Matplotlib's Agg
renderer at 288 dpi, where font hinting hardly distorts them.

Examples
--------
>>> 40 < text_width_points("PDSA 1", 11) < 50
True
>>> wrap("Test a new handover checklist", 90, font(10))
['Test a new', 'handover', 'checklist']
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

__all__ = [
    "PT",
    "WRAP_SLACK",
    "font",
    "line_height",
    "text_size",
    "text_width_points",
    "wrap",
    "wrap_width",
]

PT = 72.0  # points per inch
#: Measured widths are multiplied by this before wrapping (index 0: text of 8 points
#: or more; 1: smaller text). At 100 to 200 dpi, font hinting makes 10-point text up
#: to about 4% wider than its true width, and very small text up to about 14% wider.
WRAP_SLACK = (1.05, 1.15)
_DPI = 4 * PT  # where glyph widths are read


@lru_cache(maxsize=1)
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, _DPI)


def font(size: float, *, bold: bool = False, italic: bool = False) -> FontProperties:
    """The default font at ``size`` points, bold or italic if asked."""
    return FontProperties(
        size=size,
        weight="bold" if bold else "normal",
        style="italic" if italic else "normal",
    )


def line_height(size: float) -> float:
    """Distance in points between two lines of text of ``size`` points."""
    return 1.28 * size


@lru_cache(maxsize=8192)
def _size(text: str, size: float, weight: str, style: str) -> tuple[float, float]:
    prop = FontProperties(size=size, weight=weight, style=style)
    lines = text.split("\n")
    if len(lines) > 1:  # several lines: the widest, and the lines' heights together
        sizes = [_size(line, size, weight, style) for line in lines]
        width = max(w for w, _ in sizes)
        return width, sizes[0][1] + line_height(size) * (len(lines) - 1)
    w, h, _ = _renderer().get_text_width_height_descent(text or " ", prop, ismath=False)
    return w * PT / _DPI, h * PT / _DPI


def text_size(text: str, prop: FontProperties) -> tuple[float, float]:
    """True width and height in points of ``text`` in ``prop`` (one line or several)."""
    return _size(
        text,
        float(prop.get_size_in_points()),
        str(prop.get_weight()),
        str(prop.get_style()),
    )


def text_width_points(text: str, size: float, *, bold: bool = False) -> float:
    """True width in points of one line of text in the default font.

    Examples
    --------
    >>> text_width_points("", 11)
    0.0
    >>> text_width_points("Week 12", 12) > text_width_points("Week", 12)
    True
    """
    if not text:
        return 0.0
    return _size(text, float(size), "bold" if bold else "normal", "normal")[0]


def wrap_width(text: str, prop: FontProperties) -> float:
    """Width in points with room for hinting (see :data:`WRAP_SLACK`), for layout."""
    small = prop.get_size_in_points() < 8
    return text_size(text, prop)[0] * WRAP_SLACK[small]


def wrap(text: str, width: float, prop: FontProperties) -> list[str]:
    """Greedy word wrap to ``width`` points; over-long words are split with a hyphen.

    Examples
    --------
    >>> wrap("", 50, font(10))
    ['']
    >>> wrap("Antidisestablishmentarianism", 60, font(10))
    ['Antidisest-', 'ablishmen-', 'tarianism']
    """
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if wrap_width(trial, prop) <= width:
                current = trial
                continue
            if current:
                lines.append(current)
            current = ""
            while wrap_width(word, prop) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and wrap_width(word[:cut] + "-", prop) > width:
                    cut -= 1
                lines.append(word[:cut] + "-")
                word = word[cut:]
            current = word
        lines.append(current)
    return lines or [""]
