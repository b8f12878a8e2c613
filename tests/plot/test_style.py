"""qikit.plot.style: palette, one shape per point state, line kinds, legend proxies."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pytest
from matplotlib.figure import Figure

from qikit.plot import style

POINT_TYPES = [
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral",
]


def test_palette_is_the_analysis_function_palette():
    assert style.PALETTE == {
        "dark_blue": "#12436D",
        "turquoise": "#28A197",
        "dark_pink": "#801650",
        "orange": "#F46A25",
        "dark_grey": "#3D3D3D",
        "light_purple": "#A285D1",
    }


def test_each_point_state_has_its_own_shape_and_colour():
    states = [style.POINT_STYLES[s] for s in POINT_TYPES]
    assert len({s.marker for s in states}) == len(states)
    assert len({s.color for s in states}) == len(states)


def test_signal_overlays_differ_from_the_point_states():
    ring = style.POINT_STYLES["outside_limits"]
    excluded = style.POINT_STYLES["excluded"]
    assert not ring.filled and not excluded.filled
    assert ring.marker != excluded.marker
    assert ring.size > max(style.POINT_STYLES[s].size for s in POINT_TYPES)


def test_point_colours_come_from_the_palette():
    for name in POINT_TYPES + ["outside_limits"]:
        assert style.POINT_STYLES[name].color in style.PALETTE.values()


@pytest.mark.parametrize(
    ("kind", "linestyle"),
    [("cl", "-"), ("limits", "--"), ("sigma2", ":"), ("target", "-.")],
)
def test_line_kinds_have_the_documented_line_style(kind, linestyle):
    assert style.LINE_STYLES[kind].linestyle == linestyle


def test_two_sigma_lines_are_lighter_than_the_limits():
    sigma2, limits = style.LINE_STYLES["sigma2"], style.LINE_STYLES["limits"]
    assert sigma2.alpha < 1
    assert sigma2.linewidth < limits.linewidth


@pytest.mark.parametrize("kind", [*style.POINT_STYLES, *style.LINE_STYLES, "baseline"])
def test_every_legend_handle_has_a_plain_english_label(kind):
    label = style.legend_handle(kind).get_label()
    assert label and not label.startswith("_")
    assert "_" not in label


def test_fonts_are_large_enough_to_project():
    assert min(style.FONT_SIZES.values()) >= 11
    assert style.FONT_SIZES["title"] > style.FONT_SIZES["label"]


def test_style_axes_hides_top_and_right_frame_and_sets_tick_size():
    ax = style.style_axes(Figure().add_subplot())
    assert not ax.spines["right"].get_visible()
    tick = ax.xaxis.get_major_ticks()[0]
    assert tick.label1.get_fontsize() == style.FONT_SIZES["tick"]


def test_run_band_colour_is_a_light_tint():
    r, g, b = mcolors.to_rgb(style.POINT_STYLES["run_signal"].color)
    assert min(r, g, b) > 0.6
