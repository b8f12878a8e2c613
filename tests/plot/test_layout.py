"""qikit.plot._layout: one measuring pass lays a chart out where constrained layout
would, and remembered ticks change nothing but the time taken."""

from __future__ import annotations

import base64
import io

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

import qikit
from qikit.plot import plot_facets, plot_funnel_experiment, plot_qic, png_data_uri
from qikit.plot._layout import (
    FitLayoutEngine,
    MemoFormatter,
    MemoLocator,
    memo_ticks,
    remembered_ticks,
)
from qikit.sim import funnel_experiment

TOLERANCE_PX = 1.0  # constrained layout itself moves Axes by under a pixel


def _positions(fig: Figure) -> np.ndarray:
    """Each Axes' drawn box in pixels, after a drawing."""
    return np.array([ax.get_window_extent().extents for ax in fig.axes])


def _both_ways(make) -> tuple[np.ndarray, np.ndarray]:
    """The same figure drawn with constrained layout and with FitLayoutEngine."""
    boxes = []
    for engine in ("constrained", FitLayoutEngine()):
        fig = make()
        fig.set_layout_engine(engine)
        FigureCanvasAgg(fig).draw()
        boxes.append(_positions(fig))
        plt.close(fig)
    return boxes[0], boxes[1]


def _chart(qic_result):
    def make():
        fig = Figure(figsize=(10, 5.6))
        result = qic_result("i", rules="mdc", target=50, part=[12])
        when = result.frame["x"].iloc[5]
        plot_qic(result, ax=fig.add_subplot(), annotations={when: "PDSA 1: new form"})
        return fig

    return make


def _grid_with_titles():
    fig, axes = plt.subplots(2, 3, figsize=(9, 6), sharey=True)
    for k, ax in enumerate(axes.ravel()):
        ax.plot(np.arange(10) * (k + 1))
        ax.set_title(f"Ward {k + 1}", loc="left")
    fig.suptitle("Falls per 1,000 bed days")
    fig.supylabel("Falls")
    fig.legend(handles=axes[0, 0].lines, labels=["Falls"], loc="outside lower center")
    return fig


def _funnel_game():
    frame = funnel_experiment([1, 2, 3, 4], drops=50, seed=1)
    return plot_funnel_experiment(frame, latest=5, title="Where the marbles landed")[
        0
    ].figure


def _facets():
    months = pd.date_range("2023-04-01", periods=18, freq="MS")
    rng = np.random.default_rng(7)
    data = pd.DataFrame(
        {
            "home": np.repeat([f"Home {c}" for c in "ABCDE"], len(months)),
            "month": np.tile(months, 5),
            "falls": rng.poisson(6, 5 * len(months)),
        }
    )
    result = qikit.qic(data, x="month", y="falls", chart="c", facets="home")
    return plot_facets(result)


@pytest.mark.parametrize(
    "name", ["one chart", "grid with figure titles", "funnel game", "facets"]
)
def test_axes_go_where_constrained_layout_puts_them(name, qic_result):
    make = {
        "one chart": _chart(qic_result),
        "grid with figure titles": _grid_with_titles,
        "funnel game": _funnel_game,  # fixed aspect, a legend below the grid
        "facets": _facets,
    }[name]
    constrained, fitted = _both_ways(make)
    assert constrained.shape == fitted.shape
    assert np.abs(constrained - fitted).max() <= TOLERANCE_PX


def test_one_chart_is_measured_once(qic_result, monkeypatch):
    fig = _chart(qic_result)()
    fig.set_layout_engine(FitLayoutEngine())
    FigureCanvasAgg(fig)
    calls = []
    real = Axes.get_tightbbox

    def counted(self, *args, **kwargs):
        calls.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "get_tightbbox", counted)
    fig.get_layout_engine().execute(fig)
    assert len(calls) == 1  # constrained layout measures twice


def test_everything_drawn_fits_inside_the_figure(qic_result):
    fig = _chart(qic_result)()
    fig.set_layout_engine(FitLayoutEngine())
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.get_layout_engine().execute(fig)
    box = fig.axes[0].get_tightbbox(renderer, for_layout_only=True)
    pad = 3  # constrained layout's padding, in pixels at 72 dpi ~ 3 points
    assert box.x0 >= pad and box.y0 >= pad
    assert box.x1 <= fig.bbox.width - pad and box.y1 <= fig.bbox.height - pad


def test_axes_spanning_cells_are_left_to_constrained_layout(monkeypatch):
    fig = plt.figure(figsize=(6, 4))
    grid = fig.add_gridspec(2, 2)
    fig.add_subplot(grid[0, :]).plot([1, 2])
    fig.add_subplot(grid[1, 0]).plot([2, 1])
    fig.add_subplot(grid[1, 1]).plot([1, 3])
    engine = FitLayoutEngine()
    handed_on = []
    monkeypatch.setattr(
        engine._fallback, "execute", lambda figure: handed_on.append(figure)
    )
    fig.set_layout_engine(engine)
    engine.execute(fig)
    assert handed_on == [fig]


def test_a_figure_with_no_room_is_left_as_it_was():
    fig = Figure(figsize=(0.4, 0.3), layout=FitLayoutEngine())
    ax = fig.add_subplot()
    ax.set_title("A title")
    ax.set_xlabel("Weeks")
    FigureCanvasAgg(fig)
    before = ax.get_position().bounds
    fig.get_layout_engine().execute(fig)
    assert ax.get_position().bounds == before


def test_png_data_uri_of_a_constrained_figure_matches_constrained_layout(qic_result):
    # the apps render their own figures through png_data_uri: the picture is the
    # one constrained layout gives
    def make():
        fig = Figure(figsize=(6, 4), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.plot(pd.date_range("2024-01-01", periods=12, freq="MS"), np.arange(12))
        ax.set_title("Referrals seen within 18 weeks", loc="left")
        ax.set_ylabel("Referrals")
        return fig

    uri = png_data_uri(make(), dpi=80)
    ours = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))))
    buffer = io.BytesIO()
    make().savefig(buffer, format="png", dpi=80, facecolor="white")
    theirs = np.asarray(Image.open(buffer))
    assert ours.shape == theirs.shape
    differ = np.any(ours[..., :3] != theirs[..., :3], axis=-1)
    # a few edge pixels of antialiasing may differ (constrained layout's second
    # pass moves the Axes by a fraction of a pixel); a moved label would change
    # hundreds
    assert differ.sum() <= 0.001 * differ.size


# ----------------------------------------------------------- remembered ticks


class _CountingLocator(ticker.MaxNLocator):
    def __init__(self) -> None:
        super().__init__(nbins=5)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return super().__call__()


def _axis_with(locator, formatter=None):
    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_xlim(0, 97)
    ax.xaxis.set_major_locator(locator)
    if formatter is not None:
        ax.xaxis.set_major_formatter(formatter)
    return fig, ax


def test_a_remembered_locator_gives_the_same_ticks_and_asks_once():
    inner = _CountingLocator()
    fig, ax = _axis_with(MemoLocator(inner))
    first = ax.xaxis.get_majorticklocs()
    for _ in range(5):
        again = ax.xaxis.get_majorticklocs()
    assert inner.calls == 1
    assert np.array_equal(first, again)
    assert np.array_equal(first, ticker.MaxNLocator(nbins=5).tick_values(0, 97))
    ax.set_xlim(0, 1000)  # a new view: worked out again
    assert ax.xaxis.get_majorticklocs().max() >= 800
    assert inner.calls == 2


def test_a_remembered_formatter_keeps_labels_and_offset_text():
    dates = pd.date_range("2024-01-01", periods=40, freq="D")
    locator = mdates.AutoDateLocator()
    plain_fig, plain = _axis_with(locator, mdates.ConciseDateFormatter(locator))
    plain.set_xlim(dates[0], dates[-1])
    memo_locator = mdates.AutoDateLocator()
    memo_fig, memo = _axis_with(
        MemoLocator(memo_locator),
        MemoFormatter(mdates.ConciseDateFormatter(memo_locator)),
    )
    memo.set_xlim(dates[0], dates[-1])
    for fig in (plain_fig, memo_fig):
        fig.canvas.draw()
    labels = [t.get_text() for t in plain.get_xticklabels()]
    assert labels and labels == [t.get_text() for t in memo.get_xticklabels()]
    offset = plain.xaxis.get_offset_text().get_text()
    assert offset.startswith("2024")
    assert memo.xaxis.get_offset_text().get_text() == offset


def test_remembered_ticks_hand_each_axis_its_own_back():
    fig, ax = _axis_with(ticker.MultipleLocator(10))
    locator, formatter = ax.xaxis.get_major_locator(), ax.xaxis.get_major_formatter()
    y_default = ax.yaxis.isDefault_majloc
    with remembered_ticks(fig):
        assert isinstance(ax.xaxis.get_major_locator(), MemoLocator)
        assert isinstance(ax.yaxis.get_major_formatter(), MemoFormatter)
        fig.canvas.draw()
    assert ax.xaxis.get_major_locator() is locator
    assert ax.xaxis.get_major_formatter() is formatter
    assert ax.yaxis.isDefault_majloc is y_default


def test_a_figure_someone_holds_keeps_its_own_locators(qic_result):
    fig = Figure(figsize=(10, 5.6), layout="constrained")
    ax = plot_qic(qic_result("i"), ax=fig.add_subplot())
    memo_ticks(ax)  # only figures laid out by FitLayoutEngine remember
    assert not isinstance(ax.xaxis.get_major_locator(), MemoLocator)
    assert not isinstance(ax.yaxis.get_major_formatter(), MemoFormatter)
