"""Helpers for the drawing tests: find artists by gid, compare rendered extents.

Overlap checks use the renderer's own extents (``get_window_extent``), so they test
what is actually drawn, not the layout arithmetic.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

import qikit
from qikit.improve import DriverDiagram

# ------------------------------------------------------------------------- charts


def lines(ax: Axes, gid: str) -> list:
    """The Line2D artists of ``ax`` tagged ``gid`` ("qikit-cl", "qikit-ucl" …)."""
    return [line for line in ax.get_lines() if line.get_gid() == gid]


def texts(ax: Axes, gid: str) -> list:
    """The texts and annotations of ``ax`` tagged ``gid``."""
    return [t for t in ax.texts if t.get_gid() == gid]


def legend_labels(ax: Axes) -> list[str]:
    """The legend's labels: the Axes' own legend, or else the figure's."""
    legend = ax.get_legend() or ax.figure.legends[0]
    return [t.get_text() for t in legend.get_texts()]


def date_nums(values) -> np.ndarray:
    """Matplotlib date numbers of date values."""
    return np.asarray(mdates.date2num(pd.to_datetime(values).to_numpy()), float)


def stair_values(line) -> np.ndarray:
    """The value of each step of a stair line (two vertices per point)."""
    return np.asarray(line.get_ydata(), float)[::2]


def stairs(ax: Axes, gid: str) -> np.ndarray:
    """Step values of every stair line tagged ``gid``, part after part."""
    return np.concatenate([stair_values(line) for line in lines(ax, gid)])


def boxes_overlap(a, b, tol: float = 0.0) -> bool:
    """True when two window extents overlap by more than ``tol`` pixels."""
    return (
        a.x0 < b.x1 - tol
        and b.x0 < a.x1 - tol
        and a.y0 < b.y1 - tol
        and b.y0 < a.y1 - tol
    )


def text_boxes(ax: Axes) -> list[tuple[str, object]]:
    """Window extents of every visible text placed on ``ax``: labels, flags, titles."""
    boxes = []
    for text in ax.texts:
        if not text.get_visible() or not text.get_text():
            continue
        patch = text.get_bbox_patch()
        boxes.append((text.get_text(), (patch or text).get_window_extent()))
    for title in (ax.title, ax._left_title):
        if title.get_text():
            boxes.append((title.get_text(), title.get_window_extent()))
    return boxes


def assert_no_text_overlaps(ax: Axes) -> None:
    """No two texts on ``ax`` overlap (by more than a pixel)."""
    ax.figure.canvas.draw()
    for (name_a, a), (name_b, b) in itertools.combinations(text_boxes(ax), 2):
        assert not boxes_overlap(a, b, tol=1), f"{name_a!r} overlaps {name_b!r}"


# ----------------------------------------------------------------------- diagrams


def extents(ax: Axes, prefix: str) -> dict[str, list]:
    """Window extents of the patches and texts whose gid starts with ``prefix``."""
    renderer = ax.figure.canvas.get_renderer()
    found: dict[str, list] = {}
    for artist in [*ax.patches, *ax.texts]:
        gid = artist.get_gid() or ""
        if gid.startswith(prefix):
            found.setdefault(gid, []).append(artist.get_window_extent(renderer))
    return found


def assert_no_overlaps(boxes: dict[str, list], tol: float = 0.5) -> None:
    items = [(gid, b) for gid, bs in boxes.items() for b in bs]
    for (g1, a), (g2, b) in itertools.combinations(items, 2):
        overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
        overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
        assert overlap_x <= tol or overlap_y <= tol, f"{g1} overlaps {g2}"


def assert_inside(inner, outer, tol: float = 1.0) -> None:
    assert inner.x0 >= outer.x0 - tol and inner.x1 <= outer.x1 + tol
    assert inner.y0 >= outer.y0 - tol and inner.y1 <= outer.y1 + tol


def assert_texts_in_boxes(ax: Axes) -> None:
    """Every ``text:<id>`` and ``links:<id>`` text lies inside its ``box:<id>``."""
    boxes = extents(ax, "box:")
    for prefix in ("text:", "links:"):
        for gid, (text_box,) in extents(ax, prefix).items():
            (box,) = boxes["box:" + gid.split(":", 1)[1]]
            assert_inside(text_box, box)


def assert_within_figure(ax: Axes) -> None:
    renderer = ax.figure.canvas.get_renderer()
    fig_box = ax.figure.bbox
    for artist in [*ax.patches, *ax.texts]:
        if artist.get_text() if hasattr(artist, "get_text") else True:
            assert_inside(artist.get_window_extent(renderer), fig_box, tol=2)


LONG = (
    "Test a new handover checklist with the night staff on one unit, then compare "
    "missed checks with the previous month"
)


def big_diagram(primary: int = 6, secondary: int = 4, change: int = 4) -> DriverDiagram:
    """6 × 4 × 4 with text of very different lengths, links and a cross-link."""
    diagram = DriverDiagram(
        aim="Every resident of the six care homes lives free from avoidable harm: "
        "falls with harm, pressure ulcers and medication errors halved by March 2026"
    )
    for i in range(primary):
        p = diagram.add_primary(LONG if i % 3 == 0 else f"Primary driver {i + 1}")
        for j in range(secondary):
            s = diagram.add_secondary(
                LONG[: 20 + 25 * j] if (i + j) % 2 else "Short", parent=p
            )
            for k in range(change):
                diagram.add_change_idea(
                    LONG if (j + k) % 3 == 0 else f"Idea {k + 1}",
                    parent=s,
                    measures=["falls-rate", "sskin"] if k == 0 else [],
                    pdsa=["a", "b", "c"] if k == 1 else [],
                )
    if any(n.id == "s5" for n in diagram.nodes):
        diagram.node("s5").parents.append("p1")
    return diagram


# ------------------------------------------------------------------ real results

#: Every chart type the engine draws.
CHARTS = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g")
_RATIO = ("p", "pp", "u", "up")
_SUBGROUPS = ("xbar", "s")


def chart_data(
    chart: str = "i",
    *,
    size: int = 24,
    x: str = "date",
    missing: tuple[int, ...] = (),
    seed: int = 1,
) -> pd.DataFrame:
    """A seeded table for ``chart``: columns x, y (and n), with a step up two thirds
    of the way, so that later points tend to signal. ``missing`` rows have no y."""
    rng = np.random.default_rng(seed)
    step = np.where(np.arange(size) >= size * 2 // 3, 1.0, 0.0)
    xs = {
        "date": pd.date_range("2023-01-01", periods=size, freq="MS"),
        "number": np.arange(1, size + 1),
        "category": [f"Week {i + 1}" for i in range(size)],
    }[x]
    n = rng.integers(40, 220, size).astype(float)
    if chart in ("p", "pp"):
        y = rng.binomial(n.astype(int), 0.3 + 0.2 * step).astype(float)
    elif chart in ("u", "up"):
        y = rng.poisson(n * (0.08 + 0.05 * step)).astype(float)
    elif chart == "c":
        y = rng.poisson(6 + 6 * step).astype(float)
    elif chart in ("g", "t"):
        y = np.round(rng.exponential(20 + 25 * step), 1)
    else:
        y = np.round(rng.normal(50 + 9 * step, 4, size), 1)
    y[list(missing)] = np.nan
    frame = pd.DataFrame({"x": xs, "y": y, "n": n})
    if chart in _SUBGROUPS:  # several observations per subgroup, unequal sizes
        sizes = rng.integers(3, 8, size)
        frame = frame.loc[frame.index.repeat(sizes)].reset_index(drop=True)
        frame["y"] = frame["y"] + rng.normal(0, 4, len(frame))
    return frame


def chart_result(
    chart: str = "i",
    *,
    size: int = 24,
    x: str = "date",
    missing: tuple[int, ...] = (),
    facets: int = 0,
    seed: int = 1,
    **options,
):
    """A real ``qikit.qic`` result on :func:`chart_data`; ``facets=3`` charts three
    wards ("Ward 1" …) in one result. Other keywords go to ``qikit.qic``."""
    if facets:
        wards = [
            chart_data(chart, size=size, x=x, missing=missing, seed=seed + k)
            for k in range(facets)
        ]
        data = pd.concat(
            [ward.assign(ward=f"Ward {k + 1}") for k, ward in enumerate(wards)],
            ignore_index=True,
        )
        options["facets"] = "ward"
    else:
        data = chart_data(chart, size=size, x=x, missing=missing, seed=seed)
    if chart in _RATIO:
        options.setdefault("n", "n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # short baselines in small examples
        return qikit.qic(data, x="x", y="y", chart=chart, **options)
