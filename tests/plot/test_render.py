"""qikit.plot._render: kept renderers, remembered font heights and the PNG writer
change nothing but the time a chart takes."""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from PIL import Image

from qikit.plot._render import (
    Canvas,
    Renderer,
    _font_heights,
    encode_png,
    png_of,
    shared_canvas,
)


def _decode(data: bytes) -> tuple[np.ndarray, dict]:
    image = Image.open(io.BytesIO(data))
    return np.asarray(image.convert("RGBA")), image.info


@pytest.mark.parametrize("shape", [(1, 1), (7, 13), (560, 1000)])
def test_encode_png_round_trips_every_pixel(shape):
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(*shape, 4), dtype=np.uint8)
    decoded, info = _decode(encode_png(pixels, dpi=100))
    assert decoded.shape == pixels.shape
    np.testing.assert_array_equal(decoded, pixels)
    assert info["dpi"] == pytest.approx((100, 100), abs=0.01)


def test_encode_png_refuses_what_is_not_rgba_bytes():
    with pytest.raises(ValueError, match="height x width x 4 uint8"):
        encode_png(np.zeros((4, 4, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match="uint8"):
        encode_png(np.zeros((4, 4, 4), dtype=float))


def _chart() -> Figure:
    fig = Figure(figsize=(6, 3.5), layout="constrained")
    ax = fig.add_subplot()
    ax.plot([3, 1, 4, 1, 5, 9, 2, 6], marker="o")
    ax.set_title("Falls per 1,000 bed days\nsecond line", loc="left")
    ax.set_xlabel("Month")
    ax.set_ylabel("Falls")
    return fig


def test_png_of_paints_what_matplotlib_paints():
    fig = _chart()
    FigureCanvasAgg(fig).draw()  # lay out once, then fix the layout
    fig.set_layout_engine(None)
    expected = io.BytesIO()
    fig.savefig(expected, format="png", dpi=80, facecolor="white")
    ours, _ = _decode(png_of(fig, 80, facecolor="white", bbox_inches=None))
    theirs, _ = _decode(expected.getvalue())
    np.testing.assert_array_equal(ours, theirs)


def test_png_of_a_cropped_figure_is_the_cropped_size():
    fig = _chart()
    fig.set_layout_engine(None)
    expected = io.BytesIO()
    fig.savefig(expected, format="png", dpi=50, bbox_inches="tight")
    ours, _ = _decode(png_of(fig, 50, bbox_inches="tight"))
    theirs, _ = _decode(expected.getvalue())
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("dpi", [72, 100, 150])
@pytest.mark.parametrize(
    "font",
    [
        {"size": 9},
        {"size": 14, "weight": "bold"},
        {"size": 11, "style": "italic", "family": "serif"},
        {"size": 12, "family": "monospace"},
    ],
)
def test_remembered_font_heights_are_matplotlibs(font, dpi):
    """The same text box with and without the remembered heights, one and two lines."""
    prop = FontProperties(**font)
    for text in ("Ward 7 (p chart)", "Two lines\nof text"):
        boxes = []
        for renderer in (RendererAgg(400, 300, dpi), Renderer(400, 300, dpi)):
            fig = Figure(dpi=dpi)
            label = Text(0, 0, text, fontproperties=prop, figure=fig)
            boxes.append(label._get_layout(renderer)[0].extents)
        np.testing.assert_allclose(boxes[1], boxes[0], rtol=0, atol=1e-9)


def test_font_heights_follow_the_fonts_rc_settings_and_the_font_size():
    renderer = Renderer(100, 100, 100)
    prop = FontProperties(family="sans-serif", size=10)
    sans = renderer._get_font_height_metrics(prop)
    assert sans == _font_heights(prop, 100)
    with mpl.rc_context({"font.sans-serif": ["STIXGeneral"]}):
        stix = renderer._get_font_height_metrics(prop)
    assert stix == _font_heights(FontProperties(family="STIXGeneral", size=10), 100)
    assert stix != sans
    assert renderer._get_font_height_metrics(prop) == sans  # rc back as it was
    prop.set_size(20)  # a FontProperties changed after it was remembered
    assert renderer._get_font_height_metrics(prop) == pytest.approx(
        tuple(2 * value for value in sans)
    )


def test_canvases_of_the_same_size_share_a_renderer():
    one, two = Canvas(_chart()), Canvas(_chart())
    assert one.get_renderer() is two.get_renderer()
    assert isinstance(one.get_renderer(), Renderer)
    other = Canvas(Figure(figsize=(2, 2)))
    assert other.get_renderer() is not one.get_renderer()


def test_shared_canvas_gives_a_figure_its_own_canvas_back():
    fig, _ = plt.subplots()
    try:
        original = fig.canvas
        with shared_canvas(fig) as canvas:
            assert fig.canvas is canvas and isinstance(canvas, Canvas)
        assert fig.canvas is original
    finally:
        plt.close(fig)
