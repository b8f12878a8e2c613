"""Painting a figure to PNG bytes quickly, for charts that a web app redraws.

Three things cost a web app most of the time it spends outside the chart itself:

- **A renderer per figure.** Matplotlib caches the size of each piece of text per
  renderer, and a new figure gets a new renderer. :class:`Canvas` keeps a few
  renderers (one per pixel size and dpi, per thread), so a chart redrawn after a
  change measures only its new text.
- **Font heights.** Matplotlib 3.11 looks up the font file and reads two of its
  tables every time it lays out a piece of text (several hundred times per chart).
  The answer depends only on the font and its size, so :class:`Renderer` works it
  out once per font, size and dpi. It uses Matplotlib's own hook for this
  (``_get_font_height_metrics``) and the same arithmetic as Matplotlib; a Matplotlib
  without the hook simply never calls it.
- **PNG encoding.** Pillow's PNG writer filters every row adaptively, which takes
  about 20 ms for a 1000 x 560 chart. A chart is mostly flat colour, so rows left
  unfiltered and compressed by zlib come out a little smaller and take about 6 ms
  (:func:`encode_png`).

:func:`png_of` paints a laid-out figure with all three and returns the PNG bytes.
"""

from __future__ import annotations

import io
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager, get_font

__all__ = ["Canvas", "Renderer", "encode_png", "png_of", "shared_canvas"]

#: The rc settings that decide which font file a family name finds (as in
#: ``matplotlib.font_manager.FontManager.findfont``).
_FONT_RC = (
    "font.serif",
    "font.sans-serif",
    "font.cursive",
    "font.fantasy",
    "font.monospace",
    "font.family",
)

#: As Matplotlib's ``Text._get_layout``: the first table found gives the heights.
_HEIGHT_TABLES = (
    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
    ("hhea", "lineGap", "ascent", "descent"),
)


class Renderer(RendererAgg):
    """An Agg renderer that remembers each font's ascent, descent and line gap."""

    _heights: dict = {}  # shared by all renderers: (font, size, dpi, rc) -> metrics
    _MAX = 512  # fonts x sizes x dpis remembered; cleared when full
    _lock = threading.Lock()

    def _get_font_height_metrics(
        self, prop: mpl.font_manager.FontProperties
    ) -> tuple[float | None, float | None, float | None]:
        """The ascent, descent and line gap of ``prop``'s font at this dpi, in pixels.

        The same numbers as Matplotlib's ``Text._get_layout`` works out when a
        renderer has no such method; ``(None, None, None)`` lets Matplotlib measure
        the text instead, as it does for a font with neither table.
        """
        key = (
            prop,
            self.dpi,
            _font_rc(),
            len(fontManager.ttflist),
        )
        heights = self._heights.get(key)
        if heights is None:
            heights = _font_heights(prop, self.dpi)
            with self._lock:
                if len(self._heights) >= self._MAX:
                    self._heights.clear()
                # a copy: the caller's FontProperties may change after this
                self._heights[(prop.copy(), *key[1:])] = heights
        return heights


def _font_rc() -> tuple:
    """The values of :data:`_FONT_RC`, read as stored (validated when they were set).

    ``rcParams[name]`` checks each name again on every read; this runs for every
    piece of text, so it reads the stored values directly.
    """
    rc = mpl.rcParams
    try:
        values = [dict.__getitem__(rc, name) for name in _FONT_RC]
    except (KeyError, TypeError):  # not a dict underneath: the slower public way
        values = [rc[name] for name in _FONT_RC]
    return tuple(tuple(v) if isinstance(v, list) else v for v in values)


def _font_heights(
    prop: mpl.font_manager.FontProperties, dpi: float
) -> tuple[float | None, float | None, float | None]:
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in _HEIGHT_TABLES:
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        fontsize = prop.get_size_in_points()
        units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
        scale = 1 / units_per_em * fontsize * dpi / 72
        return (
            table[ascent_key] * scale,
            -table[descent_key] * scale,
            table[gap_key] * scale,
        )
    return None, None, None


class Canvas(FigureCanvasAgg):
    """An Agg canvas that keeps its renderers for the next figure of the same size.

    Matplotlib caches the size of each piece of text per renderer; a new figure has
    a new renderer, so every label of every chart would be measured afresh. These
    canvases share a few renderers (one per pixel size and dpi, per thread), so a
    chart redrawn after a change measures only its new text.
    """

    _KEEP = 3  # renderers kept per thread (a 10 x 5.6 inch one at 100 dpi: 2 MB)
    _local = threading.local()

    def get_renderer(self) -> RendererAgg:
        w, h = self.get_width_height(physical=True)
        key = (w, h, self.figure.dpi)
        kept: dict = self._local.__dict__.setdefault("renderers", {})
        renderer = kept.pop(key, None)
        if renderer is None:
            renderer = Renderer(w, h, self.figure.dpi)
        kept[key] = renderer  # most recently used last
        while len(kept) > self._KEEP:
            kept.pop(next(iter(kept)))
        self.renderer, self._lastKey = renderer, key
        return renderer


@contextmanager
def shared_canvas(fig: Figure) -> Iterator[Canvas]:
    """Give ``fig`` a :class:`Canvas` while the block runs, then its own back.

    A figure from ``plt.subplots`` keeps its pyplot canvas (and its window, if it
    has one) afterwards.
    """
    original = fig.canvas
    if isinstance(original, Canvas):
        yield original
        return
    canvas = Canvas(fig)  # sets fig.canvas
    try:
        yield canvas
    finally:
        fig.set_canvas(original)


def png_of(fig: Figure, dpi: float, **savefig: object) -> bytes:
    """Paint ``fig`` (already laid out, layout engine off) at ``dpi`` as PNG bytes.

    ``savefig`` keyword arguments (``facecolor``, ``bbox_inches=None``) pass to
    Matplotlib, which paints the pixels; :func:`encode_png` writes them.
    """
    buffer = io.BytesIO()
    with shared_canvas(fig) as canvas:
        fig.savefig(buffer, format="rgba", dpi=dpi, **savefig)
        renderer = canvas.renderer
        width, height = int(renderer.width), int(renderer.height)
    pixels = np.frombuffer(buffer.getbuffer(), dtype=np.uint8)
    if pixels.size != width * height * 4:  # cropped after all: let Matplotlib write
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, **savefig)
        return buffer.getvalue()
    return encode_png(pixels.reshape(height, width, 4), dpi=dpi)


def encode_png(
    pixels: np.ndarray, *, dpi: float | None = None, level: int = 3
) -> bytes:
    """PNG bytes of an RGBA image (height x width x 4, uint8), rows unfiltered.

    ``dpi`` is recorded in the file's ``pHYs`` chunk, as Matplotlib records it.
    (Dropping the alpha channel of an opaque chart makes the file a tenth smaller
    but takes longer than it saves.)
    """
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 4:
        raise ValueError(
            f"encode_png needs height x width x 4 uint8 pixels, not {pixels.dtype} "
            f"{pixels.shape}"
        )
    height, width = pixels.shape[:2]
    rows = np.empty((height, width * 4 + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type None on every row
    rows[:, 1:] = pixels.reshape(height, width * 4)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunks = [_chunk(b"IHDR", header)]
    if dpi:
        per_metre = round(dpi / 0.0254)
        chunks.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    chunks.append(_chunk(b"IDAT", zlib.compress(rows, level)))
    chunks.append(_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
