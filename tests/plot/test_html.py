"""qikit.plot.to_html: an accessible HTML figure, with no figure left behind."""

from __future__ import annotations

import base64
import re
from html import escape

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

import qikit
from qikit.errors import InputError
from qikit.plot import alt_text, png_data_uri, style, to_html
from qikit.plot.html import chart_html

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png(html: str) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)"', html)
    assert match, "no embedded PNG"
    return base64.b64decode(match.group(1))


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")


def test_a_figure_with_an_embedded_png(qic_result):
    html = to_html(qic_result("p", multiply=100, part=[12]))
    assert html.startswith('<figure class="qikit-chart"')
    assert html.endswith("</figure>")
    assert _png(html).startswith(PNG_MAGIC)


def test_the_image_has_a_short_alt_text(qic_result):
    result = qic_result("p", ylab="% seen within 4 hours", part=[12])
    html = to_html(result)
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt == alt_text(result).replace("′", "′")
    assert alt.startswith("P chart (proportions) of % seen within 4 hours, 24 points")
    assert "from Jan 2023 to Dec 2024" in alt and "in 2 parts" in alt
    assert len(alt) < 250


@pytest.mark.parametrize(
    ("outliers", "ending"),
    [
        ((), "no point shows special cause variation."),
        ({5: 90}, "1 point shows special cause variation."),
        ({5: 90, 17: 10}, "2 points show special cause variation."),
    ],
)
def test_alt_text_counts_the_signals(outliers, ending):
    y = [50, 53, 49, 52, 48, 51, 54, 50, 47, 52, 49, 51] * 2
    for k, value in dict(outliers).items():
        y[k] = value
    result = qikit.qic(y=y, chart="i")
    assert int(result.frame["signal"].sum()) == len(outliers)
    assert alt_text(result).endswith(ending)


def test_the_alt_text_leads_with_the_title_then_the_unit():
    # the storyboard wraps a measure's name as the title and gives its unit as ylab
    y = [50, 53, 49, 52, 48, 51, 54, 50, 47, 52, 49, 51] * 2
    result = qikit.qic(y=y, title="% of dossiers complete on time", ylab="%")
    alt = re.search(r'alt="([^"]*)"', to_html(result)).group(1)
    assert alt.startswith("Run chart of % of dossiers complete on time, 24 points")
    wrapped = qikit.qic(y=y, title="% of dossiers complete\non time", ylab="%")
    assert alt_text(wrapped) == alt
    named = qikit.qic(y=y, title="Falls", ylab="per 1,000 bed days", chart="i")
    assert alt_text(named).startswith(
        "I chart (individual values) of Falls (per 1,000 bed days), 24 points"
    )
    # qic()'s own title ("Run chart of falls") gives way to the column or ylab
    data = pd.DataFrame({"falls": y})
    assert alt_text(qikit.qic(data, y="falls")).startswith("Run chart of falls, 24")
    assert alt_text(qikit.qic(data, y="falls", ylab="Falls a week")).startswith(
        "Run chart of Falls a week, 24"
    )


def test_the_caption_lists_the_explanation_escaped():
    data = pd.DataFrame(
        {
            "ward": ["Ward <A> & B"] * 12 + ["C"] * 12,
            "y": [4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4] * 2,
        }
    )
    result = qikit.qic(data, y="y", chart="c", facets="ward")
    html = to_html(result)
    caption = re.search(r"<figcaption>(.*)</figcaption>", html).group(1)
    lines = result.explain().splitlines()
    assert any("Ward <A> & B" in line for line in lines)
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    assert caption == f"<ul>{items}</ul>"
    assert "Ward &lt;A&gt; &amp; B" in caption


def test_text_is_escaped_in_the_alt_attribute(qic_result):
    html = to_html(qic_result("i", ylab='Falls "per" <1,000> days'))
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert "&quot;per&quot; &lt;1,000&gt;" in alt


def test_no_figure_is_left_open(qic_result):
    plt.figure()
    before = plt.get_fignums()
    to_html(qic_result("i"))
    to_html(qic_result("i", facets=3))
    assert plt.get_fignums() == before


def test_dpi_sets_the_resolution(qic_result):
    low = _png_width(_png(to_html(qic_result("i"), dpi=50)))
    high = _png_width(_png(to_html(qic_result("i"), dpi=100)))
    assert high == pytest.approx(2 * low, rel=0.05)


def test_annotations_are_drawn(qic_result):
    plain = _png(to_html(qic_result("i")))
    marked = _png(to_html(qic_result("i"), annotations={"2023-06-01": "PDSA 1"}))
    assert plain != marked


def test_facets_render_one_image(qic_result):
    html = to_html(qic_result("p", facets=4))
    assert html.count("<img") == 1
    assert "one panel for each of 4 ward values" in html


def test_the_alt_text_names_the_icons_in_words(qic_result):
    result = qic_result("i", rules="mdc", target=40, improvement="increase")
    summary = result.summary().iloc[-1]
    variation = style.VARIATION_ICONS[summary["variation"]][2].lower()
    assurance = style.ASSURANCE_ICONS[summary["assurance"]][2].lower()
    alt = alt_text(result)
    assert f"variation icon: {variation}; assurance icon: {assurance}." in alt
    assert alt in to_html(result)  # the image's alt attribute (nothing to escape)


def test_the_alt_text_of_small_multiples_counts_the_icons(qic_result):
    result = qic_result("i", rules="mdc", facets=3)
    alt = alt_text(result)
    codes = result.summary().groupby("ward").last()["variation"]
    words = style.VARIATION_ICONS[codes.iloc[0]][2].lower()
    count = int((codes == codes.iloc[0]).sum())
    assert f"{count} panel{'s' if count > 1 else ''} {words}" in alt
    assert "variation icons: " in alt


def test_a_result_without_explain_has_no_caption():
    class Bare:  # not a QicResult: only a frame, nothing to explain
        pass

    bare = Bare()
    bare.frame = qikit.qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="c").frame
    assert "<figcaption>" not in to_html(bare)


def test_bad_input_is_refused():
    with pytest.raises(InputError, match="`result`"):
        to_html("a chart")


def test_png_data_uri_embeds_a_figure_and_checks_its_arguments():
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([1, 2])
    uri = png_data_uri(fig, dpi=50)
    assert base64.b64decode(uri.split(",", 1)[1]).startswith(PNG_MAGIC)
    with pytest.raises(InputError, match=r"^`fig`: must be a Matplotlib Figure"):
        png_data_uri("figure")
    with pytest.raises(InputError, match=r"^`dpi`: must be at most 600"):
        png_data_uri(fig, dpi=5000)


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _laid_out_figure(title: str = "Falls") -> Figure:
    fig = Figure(figsize=(4, 3), layout="constrained")
    ax = fig.add_subplot()
    ax.plot([1, 3, 2])
    ax.set_title(title, loc="left")
    ax.set_ylabel("Falls a week")
    return fig


def _png_of(fig: Figure, dpi: int = 50) -> bytes:
    return base64.b64decode(png_data_uri(fig, dpi=dpi).split(",", 1)[1])


def test_a_chart_is_drawn_once_at_the_figures_own_size(qic_result, monkeypatch):
    draws = []
    real = Figure.draw

    def counted(self, renderer):
        draws.append(renderer)
        return real(self, renderer)

    monkeypatch.setattr(Figure, "draw", counted)
    png = _png(to_html(qic_result("i", rules="mdc", target=50), dpi=100))
    assert len(draws) == 1  # laid out, then painted: no second drawing to crop it
    width, height = style.FIGSIZE
    assert _png_size(png) == (round(width * 100), round(height * 100))


def test_a_laid_out_figure_keeps_its_layout_dpi_and_canvas():
    fig = _laid_out_figure()
    engine, canvas, dpi = fig.get_layout_engine(), fig.canvas, fig.dpi
    assert _png_size(_png_of(fig, dpi=50)) == (200, 150)
    assert fig.get_layout_engine() is engine
    assert fig.canvas is canvas and fig.dpi == dpi


def test_a_title_wider_than_the_figure_is_not_cut_off():
    # constrained layout ignores a title's width: the image is cropped around it
    png = _png_of(_laid_out_figure("A title much wider than this small figure " * 2))
    width, _ = _png_size(png)
    assert width > 200


def test_a_figure_too_small_for_its_layout_is_saved_whole_with_the_warning():
    fig = Figure(figsize=(0.6, 0.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("A title")
    ax.set_xlabel("Weeks")
    with pytest.warns(UserWarning, match="constrained_layout not applied"):
        png = _png_of(fig, dpi=100)
    assert _png_size(png)[1] > 50  # cropped around the labels, not cut at 0.5 inch


def test_a_figure_without_a_layout_is_cropped_to_what_is_drawn():
    fig = Figure(figsize=(4, 3))
    fig.add_subplot().plot([1, 2])
    width, height = _png_size(_png_of(fig, dpi=50))
    assert width < 200 and height < 150  # the empty margins are cropped


def test_a_title_of_two_lines_is_measured_line_by_line(qic_result, recwarn):
    from qikit.plot._text import font, text_size

    one_w, one_h = text_size("Falls on ward 6", font(10))
    two_w, two_h = text_size("Falls\non ward 6", font(10))
    assert two_w < one_w and two_h > 2 * one_h  # the widest line, two lines high
    to_html(qic_result("run", title="Falls\non ward 6"))
    assert not [w for w in recwarn if "Glyph" in str(w.message)]


def test_chart_html_given_to_htmls_alt_and_findings_is_to_html(qic_result):
    result = qic_result("i", target=50)
    lines = [line.strip() for line in result.explain().splitlines() if line.strip()]
    notes = {result.frame["x"].iloc[3]: "PDSA 1"}
    html = chart_html(
        result, annotations=notes, dpi=60, alt=alt_text(result), lines=lines
    )
    assert html == to_html(result, annotations=notes, dpi=60)
    with pytest.raises(InputError, match="dpi"):
        chart_html(result, annotations=None, dpi=5, alt="A chart", lines=[])
