"""qikit.plot.to_html: an accessible HTML figure, with no figure left behind."""

from __future__ import annotations

import base64
import re

import matplotlib.pyplot as plt
import pytest

from qikit.errors import InputError
from qikit.plot import alt_text, to_html

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png(html: str) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)"', html)
    assert match, "no embedded PNG"
    return base64.b64decode(match.group(1))


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")


def test_a_figure_with_an_embedded_png(fake):
    html = to_html(fake("p", multiply=100, parts=[12]))
    assert html.startswith('<figure class="qikit-chart"')
    assert html.endswith("</figure>")
    assert _png(html).startswith(PNG_MAGIC)


def test_the_image_has_a_short_alt_text(fake):
    result = fake("p", ylab="% seen within 4 hours", parts=[12])
    html = to_html(result)
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt == alt_text(result).replace("′", "′")
    assert alt.startswith("P chart (proportions) of % seen within 4 hours, 24 points")
    assert "from Jan 2023 to Dec 2024" in alt and "in 2 parts" in alt
    assert len(alt) < 250


def test_alt_text_counts_the_signals(fake):
    result = fake("i")
    result.frame["signal"] = False
    assert alt_text(result).endswith("no point shows special cause variation.")
    result.frame.loc[[2, 5], "signal"] = True
    assert alt_text(result).endswith("2 points show special cause variation.")
    result.frame.loc[[5], "signal"] = False
    assert alt_text(result).endswith("1 point shows special cause variation.")


def test_the_caption_lists_the_explanation(fake):
    result = fake("c")
    result.explained = ["First finding.", "Second <finding> & more."]
    html = to_html(result)
    caption = re.search(r"<figcaption>(.*)</figcaption>", html).group(1)
    assert caption == (
        "<ul><li>First finding.</li><li>Second &lt;finding&gt; &amp; more.</li></ul>"
    )


def test_text_is_escaped_in_the_alt_attribute(fake):
    html = to_html(fake("i", ylab='Falls "per" <1,000> days'))
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert "&quot;per&quot; &lt;1,000&gt;" in alt


def test_no_figure_is_left_open(fake):
    plt.figure()
    before = plt.get_fignums()
    to_html(fake("i"))
    to_html(fake("i", facets=3))
    assert plt.get_fignums() == before


def test_dpi_sets_the_resolution(fake):
    low = _png_width(_png(to_html(fake("i"), dpi=50)))
    high = _png_width(_png(to_html(fake("i"), dpi=100)))
    assert high == pytest.approx(2 * low, rel=0.05)


def test_annotations_are_drawn(fake):
    plain = _png(to_html(fake("i")))
    marked = _png(to_html(fake("i"), annotations={"2023-06-01": "PDSA 1"}))
    assert plain != marked


def test_facets_render_one_image(fake):
    html = to_html(fake("p", facets=4))
    assert html.count("<img") == 1
    assert "one panel for each of 4 ward values" in html


def test_a_result_without_explain_has_no_caption(fake):
    result = fake("i")
    result.explained = []
    assert "<figcaption>" not in to_html(result)


def test_bad_input_is_refused():
    with pytest.raises(InputError, match="`result`"):
        to_html("a chart")


def test_png_data_uri_embeds_a_figure_and_checks_its_arguments():
    from matplotlib.figure import Figure

    from qikit.plot import png_data_uri

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([1, 2])
    uri = png_data_uri(fig, dpi=50)
    assert base64.b64decode(uri.split(",", 1)[1]).startswith(PNG_MAGIC)
    with pytest.raises(InputError, match=r"^`fig`: must be a Matplotlib Figure"):
        png_data_uri("figure")
    with pytest.raises(InputError, match=r"^`dpi`: must be at most 600"):
        png_data_uri(fig, dpi=5000)
